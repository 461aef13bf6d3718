"""``winwin workshop``: the workshop sessions kept on this computer, from the terminal.

``list`` shows them; ``link CODE`` makes a new organiser link for one (the old link stops
working: for an organiser whose browser lost it); ``export CODE`` writes its data (CSV,
Parquet) or its debrief (HTML); ``delete CODE`` removes it and its whole log. They work on the
SQLite file of ``winwin serve`` (``--db``, default as there), also while the server runs.
"""

from __future__ import annotations

import argparse
import json
import secrets
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from winwin._errors import ParameterError
from winwin.cli._emit import note


def add_commands(sub: Any) -> None:
    w = sub.add_parser("workshop", help="workshop sessions on this computer: list, link, "
                       "export, delete", description="The workshop sessions that winwin serve "
                       "keeps in its SQLite file. Needs the web extra.")
    actions = w.add_subparsers(dest="action", metavar="ACTION", required=True,
                               help="list, link, export or delete")

    def parser(name: str, text: str) -> Any:
        p = actions.add_parser(name, help=text, description=text)
        p.add_argument("--db", metavar="PATH", help="the sessions' SQLite file (default: that "
                       "of winwin serve)")
        return p

    p = parser("list", "every session: code, title, people, stages, last change")
    p.add_argument("--format", dest="list_format", choices=("table", "json"), default="table")
    p.set_defaults(func=_list)
    p = parser("link", "a new organiser link for a session (the old one stops working)")
    p.add_argument("code", metavar="CODE")
    p.add_argument("--base", default="http://127.0.0.1:8000",
                   help="the server's address as the organiser opens it")
    p.set_defaults(func=_link)
    p = parser("export", "a session's data (csv, parquet) or debrief (html)")
    p.add_argument("code", metavar="CODE")
    p.add_argument("--format", dest="export_format", choices=("csv", "parquet", "html"),
                   default="csv")
    p.add_argument("--names", action="store_true",
                   help="keep nicknames (otherwise seat numbers)")
    p.add_argument("--output", "-o", help="the file to write (needed for parquet; default "
                   "stdout)")
    p.set_defaults(func=_export)
    p = parser("delete", "delete a session and its whole log")
    p.add_argument("code", metavar="CODE")
    p.add_argument("--yes", action="store_true", help="really delete it")
    p.set_defaults(func=_delete)


def _store(args: argparse.Namespace) -> Any:
    try:
        from winwin.web.workshop.store import Store, default_path
    except ImportError as exc:  # pragma: no cover - the web extra is in the test install
        raise ParameterError("workshop", exc.name, 'the web extra: pip install "winwin[web]"'
                             ) from None
    path = Path(args.db) if args.db else default_path()
    if not path.exists():
        raise ParameterError("db", str(path), "an existing sessions file (winwin serve "
                             "makes it; --db names another)")
    return Store(path)


def _session(args: argparse.Namespace) -> tuple[Any, Any]:
    from winwin.web.workshop.hub import Hub
    from winwin.web.workshop.model import Session

    store = _store(args)
    code = Hub.normal(args.code)
    events = store.events(code)
    if not events:
        raise ParameterError("code", args.code, "the code of a session in "
                             f"{store.path} (winwin workshop list)")
    return store, Session.from_events(events)


def _list(args: argparse.Namespace) -> str:
    from winwin.web.workshop.model import Session

    store = _store(args)
    rows = []
    for code in store.codes():
        s = Session.from_events(store.events(code))
        last = store.summary(code) or {}
        rows.append({"code": code, "title": s.title, "people": len(s.humans()),
                     "stages": len(s.stages), "games": len(s.games), "closed": s.closed,
                     "events": s.last, "last": datetime.fromtimestamp(
                         last.get("last") or 0, UTC).strftime("%Y-%m-%d %H:%M UTC")})
    if args.list_format == "json":
        return json.dumps(rows, indent=2) + "\n"
    if not rows:
        return f"no sessions in {store.path}\n"
    out = [f"{'code':<8} {'people':>6} {'stages':>6} {'last change':<21} title"]
    out += [f"{r['code']:<8} {r['people']:>6} {r['stages']:>6} {r['last']:<21} {r['title']}"
            + ("  (closed)" if r["closed"] else "") for r in rows]
    return "\n".join(out) + "\n"


def _link(args: argparse.Namespace) -> str:
    import time

    store, s = _session(args)
    key = secrets.token_urlsafe(18)
    events = s.new_organiser_key(key)
    store.append(s.code, events, at=time.time())
    note("a new organiser link; the old one no longer works (a running server too)")
    return f"{args.base.rstrip('/')}/w/{s.code}/organiser#key={key}\n"


def _export(args: argparse.Namespace) -> str | None:
    from winwin.web.workshop import debrief as tell

    _, s = _session(args)
    if args.export_format == "parquet":
        if not args.output or args.output == "-":
            raise ParameterError("output", args.output, "a file for the Parquet data "
                                 "(--output NAME.parquet)")
        Path(args.output).write_bytes(tell.parquet_bytes(s, names=args.names))
        note(f"wrote {args.output}")
        return None
    if args.export_format == "html":
        return tell.html_text(s, names=args.names)
    return tell.csv_bytes(s, names=args.names).decode()


def _delete(args: argparse.Namespace) -> str:
    store, s = _session(args)
    if not args.yes:
        raise ParameterError("yes", False, f"--yes to delete {s.code} ({s.title}) and its "
                             "whole log")
    store.delete(s.code)
    return f"deleted {s.code}\n"
