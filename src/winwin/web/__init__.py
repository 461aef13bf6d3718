"""The playground: play, watch and explore repeated games in a browser (``winwin serve``).

A FastAPI application over the public API (:mod:`winwin.web.service`), with a JSON API
(:mod:`winwin.web.api`, documented at ``/docs``) and five pages: Play, Tournament, Evolution,
Short run, long run and Your situation. Templates and plain JavaScript ship inside the package; nothing is
fetched from elsewhere. Needs the ``web`` extra (``pip install "winwin[web]"``).
"""

from __future__ import annotations

from typing import Any

__all__ = ["create_app"]


def create_app(*, warmup: bool = False, db: Any = None, join_base: str | None = None) -> Any:
    """The playground's ASGI application (see :func:`winwin.web.app.create_app`)."""
    from winwin.web.app import create_app as build

    return build(warmup=warmup, db=db, join_base=join_base)
