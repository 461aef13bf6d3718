"""The playground's application: the JSON API, the pages, the static files, the error
answers and the background warm-up."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates

import winwin as ww
from winwin import outcomes
from winwin.web import _caps, api, service
from winwin.web.workshop import routes as workshop
from winwin.web.workshop.model import WorkshopError

HERE = Path(__file__).resolve().parent
#: Version of the settings kept in a share link's query string (``v=1``).
LINK_VERSION = 1
PAGES = {
    "play": "Play",
    "tournament": "Tournament",
    "evolution": "Evolution",
    "horizon": "Short run, long run",
    "scenario": "Your situation",
    "workshop": "Workshop",
}


#: The pages' content security policy: scripts and connections from this server only.
CSP = ("default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
       "img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; "
       "form-action 'self'; frame-ancestors 'none'")


class Headers:
    """Server-Timing on every answer, and the security headers on every page: a plain ASGI
    middleware, so that streamed answers (server-sent events) pass through untouched."""

    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        start = time.perf_counter()

        async def sending(message: Any) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                names = {k.lower() for k, _ in headers}
                kind = next((v for k, v in headers if k.lower() == b"content-type"), b"")
                headers.append((b"server-timing",
                                f"app;dur={1000 * (time.perf_counter() - start):.2f}".encode()))
                if kind.startswith(b"text/html") and b"content-disposition" not in names:
                    # pages run their own scripts only: a nickname that slipped into markup
                    # still could not run
                    headers += [(b"content-security-policy", CSP.encode()),
                                (b"x-content-type-options", b"nosniff"),
                                (b"referrer-policy", b"no-referrer")]
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, sending)


def warm() -> None:
    """Compile (or load from the disk cache) the kernels the pages use, so that the first
    request does not wait: the default tournament, a sandbox generation, a match."""
    import winwin as ww

    # load the compiled kernels into this process: until they are, `auto` plays small work on
    # the Python path (winwin.engine._warm), which is exact but slower than the kernels
    for line_up in (["tit-for-tat", "defector"], ["tit-for-tat", "detective"],
                    ["tit-for-tat", "gradual"]):
        ww.tournament(line_up, turns=3, repetitions=1, seed=0, backend="compiled")
        ww.tournament(line_up, prob_end=0.5, repetitions=1, seed=0, backend="compiled")
    ww.match("tit-for-tat", "gradual", turns=3, seed=0, backend="compiled")
    service.tournament(api.DEFAULT_LINEUP, turns=200, repetitions=10, seed=0)
    service.evolve({c: 3 for c in service.TRUST_CHARACTERS}, generations=1, seed=0)
    service.play("CD", turns=2, seed=0)
    service.match("tit-for-tat", "defector", turns=3, prob_end=None, seed=0)
    service.tournament(["tit-for-tat", "defector"], prob_end=0.5, repetitions=1, seed=0)


def _error(status: int, field: str, message: str) -> JSONResponse:
    return JSONResponse(status_code=status, content={
        "error": message, "detail": [{"loc": ["body", field], "msg": message, "type": "value"}]})


def create_app(*, warmup: bool = False, db: str | Path | None = None,
               join_base: str | None = None) -> FastAPI:
    """The playground; ``warmup=True`` compiles the kernels in a background thread at start.
    Workshop sessions live in the SQLite file ``db`` (default
    :func:`winwin.web.workshop.store.default_path`); ``join_base`` is the address phones use
    (``http://192.168.1.20:8000``), when the server knows it."""
    import asyncio

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        timer = asyncio.get_running_loop().create_task(workshop.ticker(app))
        app.state.warm = threading.Event()
        if warmup:
            def go() -> None:
                try:
                    warm()
                finally:
                    app.state.warm.set()
            threading.Thread(target=go, name="winwin-warmup", daemon=True).start()
        else:
            app.state.warm.set()
        try:
            yield
        finally:
            timer.cancel()
            if getattr(app.state, "workshops", None) is not None:
                app.state.workshops.store.close()
                app.state.workshops = None  # opened again if the app is started again

    app = FastAPI(title="winwin playground", version=ww.__version__, lifespan=lifespan,
                  docs_url=None, redoc_url=None,  # their bundles come from a CDN: see /docs
                  description="Repeated social dilemmas on the winwin engine. Strategies are "
                  "library specs such as `generous-tit-for-tat(q=0.2)` or tables such as "
                  "`memory-one(p=[1,0.2,1,0.2])`; no code is ever run from a request. Every "
                  "request is capped; over a cap is a 422 naming the field and the cap.")
    app.include_router(api.router)
    app.include_router(workshop.router)
    app.include_router(workshop.pages)
    app.state.join_base = join_base
    app.state.workshop_db = db

    app.add_middleware(workshop.BodyCap)
    app.add_middleware(Headers)

    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    templates = Jinja2Templates(directory=HERE / "templates")

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError) -> JSONResponse:
        errors = []
        for e in exc.errors():
            loc = [str(x) for x in e.get("loc", ())]
            errors.append({"loc": loc, "msg": e.get("msg", ""), "type": e.get("type", "")})
        first = errors[0] if errors else {"loc": [], "msg": "invalid request"}
        field = ".".join(x for x in first["loc"] if x not in ("body", "path", "query")) or "body"
        return JSONResponse(status_code=422, content={"error": f"{field}: {first['msg']}",
                                                      "detail": errors})

    @app.exception_handler(_caps.CapError)
    async def capped(request: Request, exc: _caps.CapError) -> JSONResponse:
        return _error(422, exc.field, str(exc))

    @app.exception_handler(WorkshopError)
    async def workshop_refused(request: Request, exc: WorkshopError) -> JSONResponse:
        return workshop.errors(exc)

    @app.exception_handler(ww.ParameterError)
    async def bad_parameter(request: Request, exc: ww.ParameterError) -> JSONResponse:
        return _error(422, exc.field, str(exc).splitlines()[0])

    @app.exception_handler(ww.WinwinError)
    async def bad_request(request: Request, exc: ww.WinwinError) -> JSONResponse:
        return _error(422, getattr(exc, "field", "body"), str(exc).splitlines()[0])

    def page(request: Request, name: str, **extra: Any) -> HTMLResponse:
        context: dict[str, Any] = {**extra,
            "page": name, "pages": PAGES, "title": PAGES.get(name, "winwin"),
            "version": ww.__version__, "link_version": LINK_VERSION,
            "vocabulary": json.dumps({"order": list(outcomes.ORDER), "colours": outcomes.COLOURS,
                                      "words": outcomes.WORDS, "labels": outcomes.LABELS,
                                      "meanings": outcomes.MEANINGS}),
            "colours": outcomes.COLOURS, "words": outcomes.WORDS, "order": outcomes.ORDER,
            "characters": service.TRUST_CHARACTERS, "series": len(service.PLAY_SERIES),
            "defaults": json.dumps({"lineup": api.DEFAULT_LINEUP,
                                    "max_strategies": _caps.MAX_STRATEGIES}),
        }
        return templates.TemplateResponse(request, f"{name}.html", context)

    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    async def index(request: Request) -> HTMLResponse:
        return page(request, "index")

    def view(name: str) -> Any:
        async def show(request: Request) -> HTMLResponse:
            return page(request, name)
        return show

    app.add_api_route("/docs", view("api"), response_class=HTMLResponse,
                      include_in_schema=False, methods=["GET"], name="docs")
    for name in PAGES:
        app.add_api_route(f"/{name}", view(name), response_class=HTMLResponse,
                          include_in_schema=False, methods=["GET"], name=name)

    from winwin.web.workshop.hub import Hub as _Hub

    def workshop_page(name: str) -> Any:
        async def show(request: Request, code: str) -> HTMLResponse:
            return page(request, name, code=_Hub.normal(code), workshop_page=True)
        return show

    app.add_api_route("/w/{code}", workshop_page("phone"), response_class=HTMLResponse,
                      include_in_schema=False, methods=["GET"], name="phone")
    app.add_api_route("/w/{code}/organiser", workshop_page("organiser"),
                      response_class=HTMLResponse, include_in_schema=False, methods=["GET"],
                      name="organiser")
    app.add_api_route("/w/{code}/projector", workshop_page("projector"),
                      response_class=HTMLResponse, include_in_schema=False, methods=["GET"],
                      name="projector")

    @app.get("/join", response_class=HTMLResponse, include_in_schema=False)
    async def join_page(request: Request) -> HTMLResponse:
        return page(request, "join", code="", workshop_page=True)

    @app.get("/api/health", include_in_schema=False)
    async def health(request: Request) -> dict[str, Any]:
        return {"ok": True, "warm": request.app.state.warm.is_set(), "version": ww.__version__}

    return app
