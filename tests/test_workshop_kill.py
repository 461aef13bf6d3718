"""A kill test of the workshop server: a real ``winwin serve`` process on a loopback port, a
scripted session of seven simulated phones (two live games, a strategy round, the debrief),
the server killed with SIGKILL in the middle of a round and restarted on the same SQLite file.
The phones carry on with the seat keys they were given at join; the session then finishes
exactly as an uninterrupted run with the same seed does: the same CSV and Parquet exports, the
same debrief, the same number of events and the same log.

A server stopped with Ctrl-C (SIGINT) must end cleanly with exit code 0.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import signal
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq

SEED = 12345
PHONES = 7  # odd: the session adds a house bot to make the pairs
#: The round of game 1 the server is killed in, after this many phones have moved in it.
KILL_ROUND, MOVED_BEFORE_KILL = 3, 4
# A long round timer: on a slow machine the timer must never play a default move for a phone
# (that would make the run depend on timing, not on the script).
TIMEOUT = 600
GAME_1 = {"turns": 6, "noise": 0.1, "pairing": "random", "timeout": TIMEOUT}
GAME_2 = {"continue": 0.7, "min_rounds": 3, "noise": 0.05, "matching": "stranger",
          "timeout": TIMEOUT}
STRATEGY = {"library": ["tit-for-tat", "defector"], "turns": 200, "noise": 0}

# every request goes straight to the loopback server, whatever proxy the environment names
_OPENER = urllib.request.build_opener(urllib.request.ProxyHandler({}))


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class HTTPFailure(AssertionError):
    def __init__(self, status: int, body: bytes, what: str) -> None:
        super().__init__(f"{what}: HTTP {status}: {body[:500]!r}")
        self.status, self.body = status, body


def request(base: str, path: str, body: dict | None = None, *, headers: dict | None = None,
            method: str | None = None) -> tuple[int, bytes]:
    """One request to the server (30 s at most); 4xx/5xx raise :class:`HTTPFailure`."""
    assert base.startswith("http://127.0.0.1:")
    data = None if body is None else json.dumps(body).encode()
    req = urllib.request.Request(base + path, data=data, method=method,
                                 headers={"Content-Type": "application/json", **(headers or {})})
    try:
        with _OPENER.open(req, timeout=30) as r:
            return r.status, r.read()
    except urllib.error.HTTPError as exc:
        raise HTTPFailure(exc.code, exc.read(), f"{method or req.get_method()} {path}") from None


def get_json(base: str, path: str, body: dict | None = None, **kw: Any) -> Any:
    return json.loads(request(base, path, body, **kw)[1])


def read_events(base: str, path: str, until: int, headers: dict | None = None) -> list[dict]:
    """The server-sent events of ``path`` up to event number ``until`` (the stream is closed
    then; a read waits 10 s at most)."""
    assert base.startswith("http://127.0.0.1:")
    req = urllib.request.Request(base + path, headers=headers or {})
    out: list[dict] = []
    ident = None
    with _OPENER.open(req, timeout=10) as r:
        assert r.headers["Content-Type"].startswith("text/event-stream")
        while not out or out[-1]["n"] < until:
            raw = r.readline()
            assert raw, f"the stream ended before event {until}"
            line = raw.decode().rstrip("\r\n")
            if line.startswith("id: "):
                ident = int(line[4:])
            elif line.startswith("data: "):
                e = json.loads(line[6:])
                assert e["n"] == ident, (e, ident)
                out.append(e)
    return out


def start_server(port: int, db: Path, log: Path) -> subprocess.Popen:
    """``winwin serve`` on 127.0.0.1:port over the SQLite file ``db``, once /api/health says
    it is warm (stderr goes to ``log``)."""
    env = {**os.environ, "WINWIN_NO_WARMUP": "1"}
    with open(log, "ab") as err:
        proc = subprocess.Popen(
            [sys.executable, "-m", "winwin", "serve", "--host", "127.0.0.1", "--port", str(port),
             "--db", str(db)], stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=err,
            env=env)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 120
    try:
        while True:
            try:
                if get_json(base, "/api/health").get("warm"):
                    return proc
            except (OSError, HTTPFailure):
                pass
            assert proc.poll() is None, f"the server ended ({proc.returncode}): " \
                + log.read_text(errors="replace")
            assert time.monotonic() < deadline, "the server did not start in 120 s"
            time.sleep(0.1)
    except BaseException:
        stop(proc, signal.SIGKILL)
        raise


def stop(proc: subprocess.Popen, how: int = signal.SIGINT) -> int:
    """Stop a server this test started; SIGKILL if it does not end within 20 s."""
    if proc.poll() is None:
        proc.send_signal(how)
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=20)
    return proc.returncode


def scripted_move(seat: int, game: int, rnd: int) -> str:
    """The script: a fixed move for each (seat, game, round), about one in three a defection."""
    return "D" if hashlib.sha256(f"{seat}/{game}/{rnd}".encode()).digest()[0] < 85 else "C"


def scripted_strategy(seat: int) -> dict:
    return {"first": 1.0 if seat % 2 else 0.0,
            "p": [1.0, [0.0, 0.25, 0.5][seat % 3], 1.0 if seat % 4 else 0.0, seat / 10],
            "base": None}


class Session:
    """The organiser and the phones of one scripted session, talking to a server at ``base``
    (which a kill and restart may change)."""

    def __init__(self, base: str) -> None:
        self.base = base
        made = get_json(base, "/api/workshops", {"title": "Kill test", "seed": SEED})
        self.code, self.organiser = made["code"], made["organiser_key"]
        self.keys: dict[int, str] = {}  # seat -> X-Seat-Key, the only thing a phone keeps

    @property
    def org(self) -> dict:
        return {"X-Organiser-Key": self.organiser}

    def api(self, path: str = "") -> str:
        return f"/api/workshops/{self.code}{path}"

    def organise(self, path: str, body: dict | None = None) -> dict:
        out = get_json(self.base, self.api(path), {} if body is None else body, headers=self.org)
        assert out["ok"] is True
        return out

    def join_all(self) -> None:
        for k in range(1, PHONES + 1):
            out = get_json(self.base, self.api("/join"), {"nickname": f"Phone {k}"})
            seat, key = out["seat"], out["key"]
            assert key.startswith(f"{seat}.") and seat not in self.keys
            self.keys[seat] = key  # the cookie it also set is not kept: the key alone works

    def me(self, seat: int) -> dict:
        return get_json(self.base, self.api("/me"), headers={"X-Seat-Key": self.keys[seat]})

    def move(self, seat: int, game: int, rnd: int) -> dict:
        return get_json(self.base, self.api("/move"),
                        {"game": game, "round": rnd, "move": scripted_move(seat, game, rnd)},
                        headers={"X-Seat-Key": self.keys[seat]})

    def play_round(self, game: int, rnd: int, seats: list[int] | None = None) -> dict:
        """The phones' moves for one round; every one must be taken. The last answer."""
        out: dict = {}
        for seat in self.keys if seats is None else seats:
            out = self.move(seat, game, rnd)
            assert out["accepted"] is True, (seat, game, rnd, out)
            assert out["game"]["number"] == game
        return out

    def play_game(self, game: int, settings: dict, first: int = 1) -> int:
        """Start game ``game`` (unless ``first`` > 1: it is under way), play it from round
        ``first`` to its end; the rounds it had."""
        if first == 1:
            self.organise("/stage", {"kind": "game", "settings": settings})
        rnd = first
        while True:
            view = self.play_round(game, rnd)
            g = view["game"]
            if g["over"]:
                assert g["round"] == rnd == g["rounds_played"]
                return rnd
            assert g["round"] == rnd + 1, view
            rnd += 1

    def strategy_and_debrief(self) -> None:
        self.organise("/stage", {"kind": "strategy", "settings": STRATEGY})
        for seat, key in self.keys.items():
            out = get_json(self.base, self.api("/strategy"), scripted_strategy(seat),
                           headers={"X-Seat-Key": key})
            assert out["strategy"]["p"] == scripted_strategy(seat)["p"]
        self.organise("/close-strategy")
        self.organise("/stage", {"kind": "debrief"})

    def results(self) -> dict:
        """What the session says at the end: exports, debrief, event count and leaderboard."""
        key = f"?key={self.organiser}"
        parquet = pq.read_table(io.BytesIO(request(self.base, self.api("/export.parquet") + key)[1]))
        meta = parquet.schema.metadata or {}
        assert meta.get(b"winwin.session") == self.code.encode()
        assert meta.get(b"winwin.seed") == str(SEED).encode()
        state = get_json(self.base, self.api())
        return {"csv": request(self.base, self.api("/export.csv") + key)[1],
                "parquet": parquet.replace_schema_metadata(None),
                "parquet_meta": {k: v for k, v in meta.items() if k != b"winwin.session"},
                "debrief": get_json(self.base, self.api("/debrief")),
                "last": state["last"], "leaderboard": state["leaderboard"],
                "rounds": get_json(self.base, self.api("/rounds"))}


def stored_log(db: Path, code: str) -> list[dict]:
    """The session's events as stored, less what differs between two runs by design (the
    code, secrets' digests, the wall clock)."""
    con = sqlite3.connect(db)
    try:
        rows = con.execute("SELECT n, body FROM events WHERE code = ? ORDER BY n",
                           (code,)).fetchall()
    finally:
        con.close()
    out = []
    for n, body in rows:
        e = json.loads(body)
        assert e["n"] == n
        for k in ("code", "organiser", "secret", "at"):
            e.pop(k, None)
        out.append(e)
    return out


def run_session(tmp: Path, *, kill: bool) -> tuple[dict, list[dict]]:
    """The scripted session, uninterrupted or killed (SIGKILL) in the middle of game 1's
    round :data:`KILL_ROUND` and restarted on the same database."""
    tmp.mkdir()
    db, log = tmp / "workshops.sqlite3", tmp / "server.log"
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    procs = [start_server(port, db, log)]
    try:
        s = Session(base)
        s.join_all()
        assert sorted(s.keys) == list(range(1, PHONES + 1))
        s.organise("/stage", {"kind": "game", "settings": GAME_1})
        assert s.me(1)["game"]["seats"] == PHONES + 1  # a house bot makes the pairs
        for rnd in range(1, KILL_ROUND):
            s.play_round(1, rnd)
        seats = sorted(s.keys)
        early, late = seats[:MOVED_BEFORE_KILL], seats[MOVED_BEFORE_KILL:]
        s.play_round(1, KILL_ROUND, early)
        if kill:
            before = {seat: s.me(seat) for seat in seats}
            last = get_json(base, s.api())["last"]
            g = before[seats[0]]["game"]
            assert (g["round"], g["moved"], g["waiting"]) == (KILL_ROUND, len(early) + 1, late)
            seen = read_events(base, s.api("/events?after=0"), last)  # the projector's stream
            procs[-1].send_signal(signal.SIGKILL)
            assert procs[-1].wait(timeout=20) == -signal.SIGKILL
            procs.append(start_server(port, db, log))  # the phones' address stays the same
            assert get_json(base, s.api())["last"] == last
            for seat in seats:  # the seat keys still work, and nothing was lost
                after = s.me(seat)
                assert (after["seat"], after["total"], after["rounds"], after["game"]["round"],
                        after["mine"]["moved"]) == (
                    before[seat]["seat"], before[seat]["total"], before[seat]["rounds"],
                    before[seat]["game"]["round"], before[seat]["mine"]["moved"])
                assert after == before[seat]
            # a phone that did not hear back resends: the moves taken stand, nothing changes
            for seat in early:
                again = s.move(seat, 1, KILL_ROUND)
                assert again["accepted"] is False
                assert again["last"] == last
                assert again["mine"]["moved"] == before[seat]["mine"]["moved"]
            assert get_json(base, s.api())["last"] == last
        s.play_round(1, KILL_ROUND, late)
        if kill:  # the projector's stream resumes across the restart where it stopped
            now = get_json(base, s.api())["last"]
            rest = read_events(base, s.api("/events"), now, {"Last-Event-ID": str(last)})
            assert [e["n"] for e in seen + rest] == list(range(1, now + 1))
            assert seen + rest == read_events(base, s.api("/events?after=0"), now)
        assert s.play_game(1, GAME_1, first=KILL_ROUND + 1) == GAME_1["turns"]
        s.play_game(2, GAME_2)
        s.strategy_and_debrief()
        out = s.results()
        out["game_2_rounds"] = sum(1 for r in out["rounds"] if r["game"] == 2)
        # a clean stop (Ctrl-C) ends the server with exit code 0
        assert stop(procs[-1], signal.SIGINT) == 0, log.read_text(errors="replace")
        text = log.read_text(errors="replace")
        assert "Traceback" not in text, text
        return out, stored_log(db, s.code)
    finally:
        for p in procs:
            stop(p, signal.SIGKILL)


def test_kill_and_restart_in_a_round_changes_nothing(tmp_path: Path) -> None:
    plain, plain_log = run_session(tmp_path / "uninterrupted", kill=False)
    killed, killed_log = run_session(tmp_path / "killed", kill=True)
    assert plain["game_2_rounds"] >= GAME_2["min_rounds"]
    assert plain["csv"].count(b"\n") == 1 + 8 * (GAME_1["turns"] + plain["game_2_rounds"])
    assert b"mistake" in plain["csv"].splitlines()[0]
    assert plain["parquet"].num_rows == 8 * (GAME_1["turns"] + plain["game_2_rounds"])
    assert killed["csv"] == plain["csv"]
    assert killed["parquet"].equals(plain["parquet"])
    assert killed["parquet_meta"] == plain["parquet_meta"]
    assert killed["debrief"] == plain["debrief"]
    assert killed["last"] == plain["last"] == len(plain_log)
    assert killed["leaderboard"] == plain["leaderboard"]
    assert killed["rounds"] == plain["rounds"]
    assert killed_log == plain_log
    # the script did exercise what it is about: mistakes, and the strategy round's tournament
    assert plain["parquet"].column("mistake").to_pylist().count(True) > 0
    assert plain["debrief"]["strategy_rounds"] and plain["debrief"]["tournament"]["ready"]
