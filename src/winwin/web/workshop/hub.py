"""The live side of workshop sessions: sessions in memory over the store, commands run and
written, waiting for events (server-sent events), the round timer, presence and rate caps.

Everything here runs on the server's event loop thread: a command folds its events into the
session and writes them to SQLite before anything else runs, so there is no lock to take and
no state another request can see half-made. A command that fails part-way drops the session
from memory; it is read back from the log on the next request.
"""

from __future__ import annotations

import asyncio
import json
import secrets
import sqlite3
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from winwin.web.workshop.model import Event, Session, WorkshopError
from winwin.web.workshop.store import Store

__all__ = ["Hub", "public", "ALPHABET"]

#: Join codes: six characters a person reads off a projector without confusing 0/O or 1/I.
ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 6
#: Sessions kept in memory at once (others are read back from the log when asked for).
MAX_LIVE = 64
#: Open event streams per session (phones, organiser, projectors).
MAX_STREAMS = 500
#: A seat counts as present when its stream is open or it was heard from this recently.
PRESENT_WITHIN = 20.0


def public(e: Event) -> Event:
    """An event as every page may see it: no secrets, a move hidden until its round resolves,
    a strategy hidden until the tournament, a house bot's strategy hidden until the debrief."""
    kind = e["type"]
    if kind == "organiser-key":
        return {"type": kind, "n": e["n"]}
    if kind == "created":  # the seed would tell the draws to come
        return {k: v for k, v in e.items() if k not in ("organiser", "seed")}
    if kind == "game":  # an uncertain length stays unknown; the odd one's bot too
        out = {k: v for k, v in e.items() if not (k == "length" and e["settings"]["continue"])}
        out["settings"] = {k: v for k, v in e["settings"].items() if k != "bot"}
        return out
    if kind == "stage":
        return {**e, "settings": {k: v for k, v in e["settings"].items() if k != "bot"}}
    if kind == "joined":
        return {k: v for k, v in e.items() if k != "secret"}
    if kind == "move":
        return {k: v for k, v in e.items() if k != "move"}
    if kind == "strategy":
        return {"type": kind, "n": e["n"], "seat": e["seat"]}
    if kind == "bot":
        return {k: v for k, v in e.items() if k != "strategy"}
    return e


@dataclass
class _Bucket:
    tokens: float
    stamp: float


@dataclass
class _Live:
    session: Session
    signal: asyncio.Event = field(default_factory=asyncio.Event)  # any event
    seats: dict[int, asyncio.Event] = field(default_factory=dict)  # a seat's events
    wires: list[str] = field(default_factory=list)  # each event as sent, made once
    opened: float = 0.0  # when the open round's timer started (monotonic)
    streams: dict[int, int] = field(default_factory=dict)  # seat (0: no seat) -> open streams
    seen: dict[int, float] = field(default_factory=dict)  # seat -> last heard (monotonic)
    used: float = 0.0


class Hub:
    """Sessions in memory, their store, and everything that waits on them."""

    def __init__(self, store: Store, clock: Callable[[], float] = time.monotonic,
                 wall: Callable[[], float] = time.time) -> None:
        self.store = store
        self.clock, self.wall = clock, wall
        self.live: dict[str, _Live] = {}
        self.buckets: dict[tuple[str, str], _Bucket] = {}
        self.results: dict[tuple[str, int], Any] = {}  # (code, event count) -> computed views
        self.closing = False  # the server is stopping: streams end

    # -- sessions ------------------------------------------------------------------------------

    def create(self, *, title: str, game: str, seed: int | None) -> tuple[Session, str]:
        organiser = secrets.token_urlsafe(18)
        for _ in range(100):
            code = "".join(secrets.choice(ALPHABET) for _ in range(CODE_LENGTH))
            if code not in self.live and not self.store.exists(code):
                break
        else:  # pragma: no cover - 32^6 codes
            raise WorkshopError("no free join code: delete old sessions", 503)
        s = Session.new(code=code, organiser=organiser, game=game, title=title,
                        seed=secrets.randbelow(2**31) if seed is None else seed,
                        at=self.wall())
        self.store.append(code, s.events, at=self.wall())
        self._keep(code, s)
        return s, organiser

    def _keep(self, code: str, s: Session) -> _Live:
        if len(self.live) >= MAX_LIVE:  # let the least recently used idle session go
            idle = [(lv.used, c) for c, lv in self.live.items() if not any(lv.streams.values())]
            if idle:
                self.live.pop(min(idle)[1])
        lv = _Live(s, opened=self.clock(), used=self.clock())
        self.live[code] = lv
        return lv

    @staticmethod
    def normal(code: str) -> str:
        return "".join(ch for ch in str(code).upper() if ch.isalnum())[:CODE_LENGTH + 2]

    def get(self, code: str) -> _Live:
        code = self.normal(code)
        lv = self.live.get(code)
        if lv is not None and self.store.last(code) != lv.session.last:
            # another writer changed the log (winwin workshop link / delete): read it again
            self.live.pop(code, None)
            self._wake(lv)
            lv = None
        if lv is None:
            events = self.store.events(code) if len(code) == CODE_LENGTH else []
            if not events:
                raise WorkshopError(f"there is no session with the code {code or '?'}: check "
                                    "the code on the projector", 404)
            lv = self._keep(code, Session.from_events(events))
        lv.used = self.clock()
        return lv

    def session(self, code: str) -> Session:
        return self.get(code).session

    def run(self, code: str, command: Callable[[Session], list[Event]]) -> list[Event]:
        """Run a command on a session, write its events, wake whoever waits. When another
        writer (``winwin workshop link``, a second server) has added to the log meanwhile, the
        session is read back and the command runs once more on it."""
        try:
            return self._run(code, command)
        except sqlite3.IntegrityError:
            return self._run(code, command)

    def _run(self, code: str, command: Callable[[Session], list[Event]]) -> list[Event]:
        lv = self.get(code)
        s = lv.session
        before = s.last
        try:
            events = command(s)
            if events:
                self.store.append(s.code, events, at=self.wall())
        except BaseException:
            s._out.clear()
            if s.last != before:  # half-applied: read it back from the log
                self.live.pop(s.code, None)
                self._wake(lv)  # waiting streams move to the session read back
            raise
        if events:
            if any(e["type"] in ("game", "round", "paused") for e in events):
                lv.opened = self.clock()  # the round's timer starts again
            self._wake(lv, events)
        return events

    @staticmethod
    def _wake(lv: _Live, events: list[Event] | None = None) -> None:
        """Wake the streams that have something to send: a move wakes its own seat's phone
        (and the pages that see everything), any other event every page."""
        lv.signal.set()
        lv.signal = asyncio.Event()
        only = {e["seat"] for e in events} if events and all(
            e["type"] == "move" for e in events) else None
        for seat, ev in list(lv.seats.items()):
            if only is None or seat in only:
                ev.set()
                lv.seats[seat] = asyncio.Event()

    def wire(self, lv: _Live, after: int, end: int, seat: int = 0) -> str:
        """Events ``after + 1`` to ``end`` as server-sent events (each serialised once per
        session, not once per stream); a phone's stream leaves out other seats' moves."""
        events = lv.session.events
        while len(lv.wires) < end:
            e = events[len(lv.wires)]
            lv.wires.append(f"id: {e['n']}\ndata: "
                            f"{json.dumps(public(e), separators=(',', ':'))}\n\n")
        if not seat:
            return "".join(lv.wires[after:end])
        return "".join(w for e, w in zip(events[after:end], lv.wires[after:end], strict=True)
                       if e["type"] != "move" or e["seat"] == seat)

    def delete(self, code: str) -> None:
        lv = self.get(code)
        self.store.delete(lv.session.code)
        self.live.pop(lv.session.code, None)
        self._wake(lv)

    # -- waiting -------------------------------------------------------------------------------

    async def wait(self, code: str, after: int, timeout: float, seat: int = 0) -> bool:
        """Until the session has an event after ``after`` (True) or ``timeout`` (False); a
        seat's phone wakes only for events it is sent."""
        lv = self.get(code)
        if lv.session.last > after:
            return True
        if seat:
            signal = lv.seats.get(seat)
            if signal is None:
                signal = lv.seats[seat] = asyncio.Event()
        else:
            signal = lv.signal
        try:
            await asyncio.wait_for(signal.wait(), timeout)
        except TimeoutError:
            return False
        return True

    def tick(self) -> None:
        """The round timer: default moves where a round has waited past its timeout."""
        now = self.clock()
        for code, lv in list(self.live.items()):
            s = lv.session
            g = s.game
            if g is None or s.paused or s.closed:
                continue
            if now - lv.opened >= float(g.settings["timeout"]):
                try:
                    self.run(code, lambda s: s.timeout())
                except Exception:  # noqa: BLE001 - one session's fault stops no other timer
                    lv.opened = now

    # -- presence and caps -----------------------------------------------------------------------

    def stream(self, code: str, seat: int, delta: int) -> None:
        """Count a seat's open streams (``delta`` 1 or -1); ``delta`` 0 only checks that the
        session may have one more."""
        lv = self.get(code)
        if delta == 0:
            if sum(lv.streams.values()) >= MAX_STREAMS:
                raise WorkshopError(f"too many open pages on this session (at most "
                                    f"{MAX_STREAMS})", 429)
            return
        lv.streams[seat] = max(0, lv.streams.get(seat, 0) + delta)
        lv.seen[seat] = self.clock()

    def heard(self, code: str, seat: int) -> None:
        self.get(code).seen[seat] = self.clock()

    def present(self, code: str, seat: int) -> bool:
        lv = self.get(code)
        return lv.streams.get(seat, 0) > 0 or \
            self.clock() - lv.seen.get(seat, -1e9) < PRESENT_WITHIN

    def allow(self, key: tuple[str, str], rate: float, burst: float) -> None:
        """A token bucket: ``rate`` requests a second, ``burst`` at once; over it, 429."""
        now = self.clock()
        b = self.buckets.get(key)
        if b is None:
            if len(self.buckets) > 50_000:
                self.buckets.clear()
            b = self.buckets[key] = _Bucket(burst, now)
        b.tokens = min(burst, b.tokens + (now - b.stamp) * rate)
        b.stamp = now
        if b.tokens < 1.0:
            raise WorkshopError(f"too many requests: at most {rate:g} a second for "
                                f"{key[0]}; wait a moment", 429)
        b.tokens -= 1.0
