"""The workshop's HTTP face: JSON endpoints, the event stream, the exports and the pages.

Secrets: the organiser's key travels in the ``X-Organiser-Key`` header (the organiser page
keeps it in the link's fragment, which no server ever sees) or a ``key`` query parameter for
downloads; a seat's in a cookie set at join (or the ``X-Seat-Key`` header, ``seat.key``),
which its resume link sets again. Every request body is capped at :data:`MAX_BODY` bytes,
every caller is rate capped, and nothing a browser sends is ever run as code.
"""

from __future__ import annotations

import asyncio
import io
import json
import secrets
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Header, Query, Request, Response
from fastapi.responses import JSONResponse, RedirectResponse, StreamingResponse
from pydantic import BaseModel, ConfigDict, Field, StringConstraints
from starlette.concurrency import run_in_threadpool

from winwin.web.workshop import debrief as tell
from winwin.web.workshop import views
from winwin.web.workshop.hub import Hub
from winwin.web.workshop.model import MAX_NICKNAME, MAX_TITLE, STARTERS, Session, WorkshopError
from winwin.web.workshop.store import Store, default_path

router = APIRouter(prefix="/api/workshops", tags=["workshops"])
pages = APIRouter(include_in_schema=False)

#: Bytes of one request body.
MAX_BODY = 4096
#: Events a reconnecting page is sent one by one; further behind, it is told to re-fetch.
MAX_REPLAY = 2000
HEARTBEAT = 15.0
COOKIE = "ww_seat_"


def hub(request: Request) -> Hub:
    return app_hub(request.app)


def app_hub(app: Any) -> Hub:
    """The application's sessions, opened at first use (the SQLite file of ``create_app``'s
    ``db``, by default :func:`~winwin.web.workshop.store.default_path`)."""
    h: Hub | None = getattr(app.state, "workshops", None)
    if h is None:
        db = app.state.workshop_db
        h = app.state.workshops = Hub(Store(db if db is not None else default_path()))
    return h


class BodyCap:
    """Workshop requests carry at most :data:`MAX_BODY` bytes: a body is read up to one byte
    more before anything parses it, and a longer one is answered 413 at once (FastAPI would
    otherwise take in all of it first)."""

    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "http" or not scope["path"].startswith("/api/workshops") \
                or scope["method"] in ("GET", "HEAD", "OPTIONS"):
            await self.app(scope, receive, send)
            return
        size = dict(scope.get("headers") or []).get(b"content-length", b"")
        if size.isdigit() and int(size) > MAX_BODY:
            await self._refuse(send, int(size))
            return
        chunks, n = [], 0
        while True:
            message = await receive()
            if message["type"] != "http.request":
                break
            chunk = message.get("body", b"")
            n += len(chunk)
            if n > MAX_BODY:
                await self._refuse(send, n)
                return
            chunks.append(chunk)
            if not message.get("more_body"):
                break
        body = b"".join(chunks)
        sent = False

        async def replay() -> Any:
            nonlocal sent
            if not sent:
                sent = True
                return {"type": "http.request", "body": body, "more_body": False}
            return await receive()

        await self.app(scope, replay, send)

    @staticmethod
    async def _refuse(send: Any, size: int) -> None:
        body = json.dumps({"error": f"the request body is {size} bytes or more: at most "
                                    f"{MAX_BODY}"}).encode()
        await send({"type": "http.response.start", "status": 413,
                    "headers": [(b"content-type", b"application/json"),
                                (b"content-length", str(len(body)).encode()),
                                (b"connection", b"close")]})
        await send({"type": "http.response.body", "body": body})


def _ip(request: Request) -> str:
    return request.client.host if request.client else "?"


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


Title = Annotated[str, StringConstraints(min_length=1, max_length=MAX_TITLE * 2)]
Nick = Annotated[str, StringConstraints(min_length=1, max_length=MAX_NICKNAME * 4)]


class CreateRequest(_Model):
    title: Title = "Workshop"
    game: Literal["pd", "trust", "donation", "chicken", "stag-hunt"] = "pd"
    seed: int | None = Field(None, ge=0, le=2**53 - 1)


class JoinRequest(_Model):
    nickname: Nick


class MoveRequest(_Model):
    game: int = Field(ge=1, le=10_000)
    round: int = Field(ge=1, le=10_000)
    move: Literal["C", "D", "c", "d"]


Prob = Annotated[float, Field(ge=0.0, le=1.0, allow_inf_nan=False)]


class StrategyRequest(_Model):
    first: Prob = 1.0
    p: Annotated[list[Prob], Field(min_length=4, max_length=4,
                                   description="probability to cooperate after win-win, "
                                   "lose-win (I cooperated, you defected), win-lose, "
                                   "lose-lose")]
    base: Literal[STARTERS] | None = None  # type: ignore[valid-type]


class BotsRequest(_Model):
    strategy: Literal[STARTERS] = "tit-for-tat"  # type: ignore[valid-type]
    count: int = Field(1, ge=1, le=20)


class SeatRequest(_Model):
    seat: int = Field(ge=1, le=10_000)


class FlagRequest(_Model):
    value: bool


class StageRequest(_Model):
    kind: Literal["game", "strategy", "debrief"]
    settings: dict[str, Any] = Field(default_factory=dict, max_length=10)


class Mine(_Model):
    sessions: Annotated[list[dict[str, str]], Field(max_length=50)]


# -- who is asking ---------------------------------------------------------------------------------


def _organiser(request: Request, code: str, key: str | None, *, capped: bool = True
               ) -> Session:
    """The session, when the request carries its organiser key. Wrong keys are rate capped by
    the caller's address, right ones by the session: nobody else can use up the organiser's
    share."""
    h = hub(request)
    s = h.session(code)
    try:
        s.check_organiser(key or request.headers.get("x-organiser-key"))
    except WorkshopError:
        h.allow(("bad-key", _ip(request)), 5, 30)
        raise
    if capped:
        h.allow(("organiser", s.code), 10, 60)
    return s


def _seat(request: Request, code: str) -> tuple[Session, int]:
    s, seat, _ = _seat_key(request, code)
    return s, seat


def _seat_key(request: Request, code: str) -> tuple[Session, int, str]:
    h = hub(request)
    s = h.session(code)
    raw = request.headers.get("x-seat-key") or request.cookies.get(COOKIE + s.code) or ""
    seat_s, _, key = raw.partition(".")
    seat = int(seat_s) if seat_s.isascii() and seat_s.isdecimal() and len(seat_s) < 6 \
        else None
    try:
        s.seat_of(seat, key)
    except WorkshopError:
        h.allow(("bad-key", _ip(request)), 5, 30)  # a wrong key costs the caller, not the seat
        raise
    assert seat is not None
    h.allow(("seat", f"{s.code}:{seat}"), 10, 40)
    h.heard(s.code, seat)
    return s, seat, key


def _links(request: Request, code: str) -> dict[str, str]:
    base = request.app.state.join_base or str(request.base_url).rstrip("/")
    local = str(request.base_url).rstrip("/")
    return {"join": f"{base}/j/{code}", "phone": f"{local}/w/{code}",
            "projector": f"{local}/w/{code}/projector",
            "organiser": f"{local}/w/{code}/organiser"}


def _reachable(request: Request) -> bool:
    """False when the server listens on this computer only (phones cannot reach it)."""
    return bool(request.app.state.join_base) or request.url.hostname not in (
        "127.0.0.1", "localhost", "::1")


def _timer(request: Request, s: Session, out: dict[str, Any]) -> dict[str, Any]:
    """Seconds before the silent seats of the open round get their default move."""
    g = s.game
    if g is not None and out.get("game") and not s.paused:
        lv = hub(request).get(s.code)
        left = float(g.settings["timeout"]) - (hub(request).clock() - lv.opened)
        out["game"]["seconds_left"] = max(0, round(left))
    return out


def _json(data: Any, status: int = 200) -> Response:
    return Response(json.dumps(data, separators=(",", ":"), allow_nan=False),
                    status_code=status, media_type="application/json")


def _snapshot(s: Session) -> Session:
    """A copy of the session for work in a thread: the live one goes on changing."""
    return Session.from_events(list(s.events))


def _cached(h: Hub, s: Session, name: str, fn: Any, version: Any = None) -> Any:
    """``fn()`` once per state of the session (or per ``version``, when given)."""
    key = (f"{s.code}:{name}", s.last if version is None else version)
    if key not in h.results:
        if len(h.results) > 256:
            h.results.clear()
        h.results[key] = fn()
    return h.results[key]


async def _computed(h: Hub, s: Session, name: str, fn: Any, version: Any = None) -> Any:
    """``fn(snapshot)`` in a worker thread, once per state (or ``version``): the snapshot is
    made only when the result is not known yet."""
    key = (f"{s.code}:{name}", s.last if version is None else version)
    if key in h.results:
        return h.results[key]
    snap = _snapshot(s)
    out = await run_in_threadpool(fn, snap)
    return _cached(h, s, name, lambda: out, key[1])


# -- sessions --------------------------------------------------------------------------------------


@router.post("", status_code=201, summary="Start a workshop: its code, links and organiser key")
async def create(req: CreateRequest, request: Request) -> Response:
    h = hub(request)
    h.allow(("create", _ip(request)), 0.2, 20)
    s, key = h.create(title=req.title, game=req.game, seed=req.seed)
    links = _links(request, s.code)
    return _json({"code": s.code, "organiser_key": key, "links": links,
                  "organiser_link": f"{links['organiser']}#key={key}"}, 201)


@router.post("/mine", summary="The sessions of these organiser keys (a browser's own list)")
async def mine(req: Mine, request: Request) -> Response:
    h = hub(request)
    h.allow(("organiser-list", _ip(request)), 5, 20)
    out = []
    for item in req.sessions:
        try:
            s = _organiser(request, item.get("code", ""), item.get("key", ""), capped=False)
        except WorkshopError:
            continue
        out.append({"code": s.code, "title": s.title, "people": len(s.humans()),
                    "stages": len(s.stages), "closed": s.closed, "events": s.last})
    return _json(out)


@router.get("/{code}", summary="A session as the projector shows it (public)")
async def state(code: str, request: Request) -> Response:
    h = hub(request)
    h.allow(("read", _ip(request)), 60, 400)
    s = h.session(code)
    out = views.projector(s)
    out["links"] = _links(request, s.code)
    return _json(_timer(request, s, out))


@router.get("/{code}/qr.svg", summary="The join link as a QR code (SVG)")
async def qr(code: str, request: Request) -> Response:
    import segno

    s = hub(request).session(code)
    buf = io.BytesIO()
    segno.make(_links(request, s.code)["join"], error="m").save(
        buf, kind="svg", scale=8, border=2, xmldecl=False, title=f"Join {s.code}")
    return Response(buf.getvalue(), media_type="image/svg+xml",
                    headers={"Cache-Control": "no-store"})


@router.get("/{code}/events", summary="Server-sent events, numbered; resume with Last-Event-ID")
async def events(code: str, request: Request,
                 seat: Annotated[int | None, Query(ge=0, le=10_000)] = None,
                 after: Annotated[int | None, Query(ge=0)] = None,
                 last_event_id: Annotated[str | None, Header()] = None) -> StreamingResponse:
    h = hub(request)
    h.allow(("stream", _ip(request)), 20, 600)
    s = h.session(code)
    the_code = s.code
    seen = int(last_event_id) if last_event_id and last_event_id.isascii() \
        and last_event_id.isdecimal() and len(last_event_id) < 12 else None
    # a browser reconnecting by itself keeps the URL's `after` and sends the last event it
    # saw: that one wins
    start = max(x for x in (after, seen, -1) if x is not None)
    start = min(s.last, start) if start >= 0 else s.last
    me = seat or 0
    h.stream(the_code, me, 0)  # refuses (429) a session with too many streams already

    async def stream() -> Any:
        last = start
        h.stream(the_code, me, +1)
        try:
            yield "retry: 2000\n\n"
            while not h.closing:
                try:
                    lv = h.get(the_code)
                except WorkshopError:
                    yield "event: gone\ndata: {}\n\n"
                    return
                end = lv.session.last  # the events up to here; later ones wait for the next turn
                if end - last > MAX_REPLAY:
                    last = end
                    yield f"id: {last}\nevent: reset\ndata: {{\"last\": {last}}}\n\n"
                chunk = h.wire(lv, last, end, me)
                last = end
                if chunk:
                    yield chunk
                # a client that went away ends this generator when the next write fails
                if not await h.wait(the_code, last, HEARTBEAT, seat=me) and not h.closing:
                    yield ": ping\n\n"
        finally:
            try:
                h.stream(the_code, me, -1)
            except WorkshopError:
                pass

    return StreamingResponse(stream(), media_type="text/event-stream",
                             headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"})


# -- participants ----------------------------------------------------------------------------------


@router.post("/{code}/join", summary="Take a seat with a nickname; sets the seat's cookie")
async def join(code: str, req: JoinRequest, request: Request) -> Response:
    h = hub(request)
    h.allow(("join", _ip(request)), 2, 120)
    key = secrets.token_urlsafe(16)
    ev = h.run(code, lambda s: s.join(req.nickname, secret=key))
    s = h.session(code)
    seat = ev[0]["seat"]
    links = _links(request, s.code)
    resume = f"{links['phone']}/seat/{seat}/{key}"
    out = _json({"seat": seat, "name": ev[0]["name"], "key": f"{seat}.{key}",
                 "resume": resume, "view": views.seat_view(s, seat)})
    out.set_cookie(COOKIE + s.code, f"{seat}.{key}", max_age=7 * 24 * 3600, httponly=True,
                   samesite="strict", path="/")
    return out


@router.get("/{code}/me", summary="This seat's view: its game, partner, rounds and totals")
async def me(code: str, request: Request) -> Response:
    s, seat, key = _seat_key(request, code)
    out = views.seat_view(s, seat)
    out["resume"] = f"{_links(request, s.code)['phone']}/seat/{seat}/{key}"
    return _json(_timer(request, s, out))


@router.post("/{code}/back", summary="This seat's page is open again (ends a stand-in)")
async def back(code: str, request: Request) -> Response:
    s, seat = _seat(request, code)
    hub(request).run(s.code, lambda s: s.back(seat))
    return _json(views.seat_view(s, seat))


@router.post("/{code}/move", summary="A move for a round; resent, it changes nothing")
async def move(code: str, req: MoveRequest, request: Request) -> Response:
    s, seat = _seat(request, code)
    ev = hub(request).run(s.code, lambda s: s.move(seat, game=req.game, round=req.round,
                                                   move=req.move.upper()))
    out = views.seat_view(s, seat)
    out["accepted"] = bool(ev)
    return _json(_timer(request, s, out))


@router.post("/{code}/strategy", summary="This seat's strategy for the strategy round")
async def strategy(code: str, req: StrategyRequest, request: Request) -> Response:
    s, seat = _seat(request, code)
    hub(request).run(s.code, lambda s: s.submit(seat, first=req.first, p=req.p, base=req.base))
    return _json(views.seat_view(s, seat))


@router.get("/{code}/starters", summary="Library strategies to start from (memory-one)")
async def starters(code: str, request: Request) -> Response:
    s = hub(request).session(code)
    return _json(tell.starters(s.g))


@router.get("/{code}/tournament", summary="The strategy round's tournament and evolution, "
            "once its submissions are closed (public)")
async def tournament(code: str, request: Request,
                     stage: Annotated[int | None, Query(ge=1)] = None) -> Response:
    h = hub(request)
    h.allow(("read", _ip(request)), 60, 400)
    s = h.session(code)
    closed = [st.number for st in s.stages if st.kind == "strategy" and st.closed]
    if not closed or (stage is not None and stage not in closed):
        raise WorkshopError("the strategy round's tournament has not been run yet")
    number = stage or closed[-1]
    # a closed round changes only if someone is removed from the session
    removed = sum(1 for x in s.seats.values() if x.removed)
    t = await _computed(h, s, f"t{number}", lambda snap: tell.tournament(snap, number),
                        version=removed)
    return _json(t)


@router.get("/{code}/rounds", summary="The share of pairs at win-win, lose-lose and the rest, "
            "round by round (public)")
async def rounds(code: str, request: Request) -> Response:
    h = hub(request)
    h.allow(("read", _ip(request)), 60, 400)
    s = h.session(code)
    return _json(_cached(h, s, "rounds", lambda: tell.per_round(s)))


@router.get("/{code}/debrief", summary="The debrief (public once the organiser shows it)")
async def debrief(code: str, request: Request,
                  key: Annotated[str | None, Query(max_length=100)] = None) -> Response:
    h = hub(request)
    h.allow(("read", _ip(request)), 60, 400)
    s = h.session(code)
    if not (s.stage and s.stage.kind == "debrief"):
        s.check_organiser(key or request.headers.get("x-organiser-key"))
    d = await _computed(h, s, "debrief", tell.debrief)
    return _json(d)


# -- the organiser ---------------------------------------------------------------------------------


@router.get("/{code}/organiser", summary="Everything, for the organiser")
async def organiser(code: str, request: Request) -> Response:
    s = _organiser(request, code, None)
    h = hub(request)
    present = {x: h.present(s.code, x) for x in s.seats}
    out = views.organiser(s, present)
    out["links"] = _links(request, s.code)
    out["reachable"] = _reachable(request)
    out["starters"] = list(STARTERS)
    return _json(_timer(request, s, out))


def _act(request: Request, code: str, fn: Any) -> Response:
    s = _organiser(request, code, None)
    hub(request).run(s.code, fn)
    return _json({"ok": True, "last": s.last})


@router.post("/{code}/bots", summary="Add house bots")
async def bots(code: str, req: BotsRequest, request: Request) -> Response:
    return _act(request, code, lambda s: s.add_bots(req.strategy, req.count))


@router.post("/{code}/remove", summary="Remove a participant")
async def remove(code: str, req: SeatRequest, request: Request) -> Response:
    return _act(request, code, lambda s: s.remove(req.seat))


@router.post("/{code}/pause", summary="Pause (true) or go on (false)")
async def pause(code: str, req: FlagRequest, request: Request) -> Response:
    return _act(request, code, lambda s: s.pause(req.value))


@router.post("/{code}/close", summary="Close (true) or reopen (false) the session")
async def close(code: str, req: FlagRequest, request: Request) -> Response:
    return _act(request, code, lambda s: s.close(req.value))


@router.post("/{code}/stage", summary="The next stage: a live game, a strategy round or the "
             "debrief")
async def stage(code: str, req: StageRequest, request: Request) -> Response:
    if req.kind == "game":
        return _act(request, code, lambda s: s.start_game(req.settings))
    if req.kind == "strategy":
        return _act(request, code, lambda s: s.start_strategy(req.settings))
    return _act(request, code, lambda s: s.start_debrief())


@router.post("/{code}/close-strategy", summary="Close the strategy round and run its "
             "tournament")
async def close_strategy(code: str, request: Request) -> Response:
    return _act(request, code, lambda s: s.close_strategy())


class RoundRequest(_Model):
    game: int | None = Field(None, ge=1, le=10_000)
    round: int | None = Field(None, ge=1, le=10_000)


@router.post("/{code}/timeout", summary="Give the silent seats their default moves now (in "
             "that game and round only, when given)")
async def timeout(code: str, request: Request, req: RoundRequest | None = None) -> Response:
    r = req or RoundRequest(game=None, round=None)
    return _act(request, code, lambda s: s.timeout(r.game, r.round))


@router.delete("/{code}", summary="Delete the session and its whole log")
async def delete(code: str, request: Request) -> Response:
    s = _organiser(request, code, None)
    hub(request).delete(s.code)
    return _json({"deleted": s.code})


Key = Annotated[str | None, Query(max_length=100)]


def _download(data: bytes, name: str, media: str) -> Response:
    return Response(data, media_type=media,
                    headers={"Content-Disposition": f'attachment; filename="{name}"'})


def _export(path: str, summary: str, make: Any, name: str, media: str) -> None:
    """One download of the organiser's: the data of a snapshot, made in a worker thread."""

    async def download(code: str, request: Request, key: Key = None, names: bool = False
                       ) -> Response:
        s = _organiser(request, code, key)
        data = await run_in_threadpool(make, _snapshot(s), names=names)
        return _download(data.encode() if isinstance(data, str) else data,
                         name.format(code=s.code), media)

    router.add_api_route(path, download, methods=["GET"], summary=summary,
                         name=path.rsplit("/", 1)[-1])


_export("/{code}/export.csv", "Every round played, one row per seat (CSV)", tell.csv_bytes,
        "workshop-{code}.csv", "text/csv; charset=utf-8")
_export("/{code}/export.parquet", "Every round played (Parquet)", tell.parquet_bytes,
        "workshop-{code}.parquet", "application/vnd.apache.parquet")
_export("/{code}/debrief.html", "The debrief as a self-contained HTML file", tell.html_text,
        "workshop-{code}-debrief.html", "text/html; charset=utf-8")


# -- pages -----------------------------------------------------------------------------------------


@pages.get("/j/{code}")
async def short(code: str) -> RedirectResponse:
    return RedirectResponse(f"/w/{Hub.normal(code)}", 303)


@pages.get("/w/{code}/seat/{seat}/{key}")
async def resume(code: str, seat: int, key: str, request: Request) -> Response:
    s = hub(request).session(code)
    s.seat_of(seat, key)
    out = RedirectResponse(f"/w/{s.code}", 303)
    out.set_cookie(COOKIE + s.code, f"{seat}.{key}", max_age=7 * 24 * 3600, httponly=True,
                   samesite="lax", path="/")
    return out


def closing(app: Any) -> None:
    """The server is stopping: every event stream ends (called from the signal handler, on
    the event loop's thread, so the wake-up is scheduled on the loop)."""
    h: Hub | None = getattr(app.state, "workshops", None)
    if h is None:
        return
    h.closing = True
    try:
        loop = asyncio.get_running_loop()
    except RuntimeError:
        loop = None
    for lv in list(h.live.values()):
        if loop is not None:
            loop.call_soon_threadsafe(h._wake, lv)
        else:
            h._wake(lv)


async def ticker(app: Any, period: float = 0.5) -> None:
    """The round timer, for the server's lifetime."""
    while True:
        await asyncio.sleep(period)
        h = getattr(app.state, "workshops", None)
        if h is None:
            continue
        try:
            h.tick()
        except Exception:  # noqa: BLE001 - a bad session must not stop every other timer
            continue


def errors(exc: WorkshopError) -> JSONResponse:
    return JSONResponse(status_code=exc.status, content={"error": str(exc)})
