"""A bounded loopback load test of a live workshop: simulated phones (default 60) join one
session and play a live game of a fixed number of rounds (default 20) against a real
``winwin serve``, spread over several load-generator processes (default 3). Each phone keeps
its own event stream open (``/events?seat=N``), and in every round waits for the round to
open, "thinks" for a deterministic moment, posts its move and waits for its own ``move``
event and then the round's ``resolved`` event on its stream. Moves follow a fixed pattern
(mostly C, some D, from the seat and the round) and the session has a fixed seed, so runs
are comparable.

Measured:

- move POST answered: from sending a move to its HTTP answer;
- move -> own move event (move-to-update): from sending a move to that seat's own ``move``
  event arriving on its stream;
- last move -> resolved: from the round's last move being sent (by any phone) to each phone
  receiving that round's ``resolved`` event;
- errors: non-2xx answers, timeouts, stream drops, events missing from a stream (a phone
  that waits for an event and finds, on asking ``/me``, that it went by) or arriving twice,
  and tracebacks in the server's log.

Stops by itself: everything ends at ``--deadline`` seconds (default 180) after the start,
server start included, and what was measured by then is reported. Exit code 0 when there
was no error and every phone saw every round resolved, 1 otherwise.

Run: .venv/bin/python benchmarks/workshop_load.py [--phones 60] [--rounds 20] [--procs 3]
     [--think 0.5] [--deadline 180] [--json results.json]
Target (workshop issue): no errors, move-to-update p95 under 300 ms on a 2-core machine.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import multiprocessing as mp
import os
import queue
import resource
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

try:
    import httpx
except ImportError:  # the project's test extra installs the fork, imported as httpx2
    import httpx2 as httpx  # type: ignore[no-redef]

HOST = "127.0.0.1"  # only ever loopback
GAME = 1  # the session's first (and only) game
CHECK = 3.0  # seconds a phone waits for an event before it asks /me whether it went by
POST_TIMEOUT = 15.0
READ_TIMEOUT = 40.0  # the server sends a ping every 15 s on a quiet stream
TRIES = 3  # a move is resent (it is idempotent) after a timeout, a dropped connection or a 429

# time.monotonic() is one system-wide clock on Linux, macOS and Windows, so the times the
# load generators take can be compared across processes (the round's last move, the deadline)
now = time.monotonic


def move_of(seat: int, rnd: int) -> str:
    """The fixed pattern: about one move in eight is D."""
    return "D" if (3 * seat + 5 * rnd) % 8 == 0 else "C"


def think_of(seat: int, rnd: int, spread: float) -> float:
    """A deterministic pause from 0 to ``spread`` seconds before a phone moves."""
    h = (seat * 2654435761 + rnd * 2246822519 + 97) % 2**32
    return spread * h / 2**32


def pct(xs: list[float], q: float) -> float:
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(q * len(xs)))]


# -- one phone (inside a load-generator process) ---------------------------------------------------


class Phone:
    def __init__(self, client: httpx.AsyncClient, base: str, code: str, seat: int, key: str,
                 after: int, rounds: int, think: float, deadline: float) -> None:
        self.client, self.code, self.seat, self.key = client, code, seat, key
        self.url = f"{base}/api/workshops/{code}"
        self.last_id, self.rounds, self.think, self.deadline = after, rounds, think, deadline
        self.opened: dict[int, float] = {}  # round -> when its opening arrived
        self.moved: dict[int, float] = {}  # round -> when the seat's own move event arrived
        self.resolved: dict[int, float] = {}  # round -> when its resolved event arrived
        self.sent: dict[int, float] = {}  # round -> when the move was first sent
        self.answered: dict[int, float] = {}  # round -> when the move's POST was answered
        self.known: set[int] = set()  # rounds known resolved, from the stream or from /me
        self.over = False
        self.errors: list[str] = []
        self.connected = asyncio.Event()
        self.changed = asyncio.Event()
        self.done = False

    def error(self, text: str) -> None:
        self.errors.append(f"seat {self.seat}: {text}")

    # the stream

    async def listen(self) -> None:
        timeout = httpx.Timeout(10.0, read=READ_TIMEOUT)
        while not self.done and now() < self.deadline:
            try:
                async with self.client.stream(
                        "GET", f"{self.url}/events",
                        params={"seat": self.seat, "after": self.last_id},
                        headers={"Accept": "text/event-stream"}, timeout=timeout) as r:
                    if r.status_code != 200:
                        await r.aread()
                        self.error(f"stream answered {r.status_code}: {r.text[:100]}")
                        await asyncio.sleep(1.0)
                        continue
                    self.connected.set()
                    await self._read(r)
                if not self.done:
                    self.error("stream drop: the server closed it")
            except httpx.HTTPError as exc:
                if self.done:
                    return
                self.error(f"stream drop: {type(exc).__name__} {exc}")
            await asyncio.sleep(0.5)  # then resume from the last event seen

    async def _read(self, r: httpx.Response) -> None:
        data: list[str] = []
        eid: str | None = None
        kind: str | None = None
        async for line in r.aiter_lines():
            if line == "":
                if data or kind:
                    self._event(eid, kind, "\n".join(data))
                data, eid, kind = [], None, None
                continue
            if line.startswith(":"):
                continue  # a ping
            name, _, value = line.partition(":")
            value = value[1:] if value.startswith(" ") else value
            if name == "id":
                eid = value
            elif name == "data":
                data.append(value)
            elif name == "event":
                kind = value
            if self.done:
                return

    def _event(self, eid: str | None, kind: str | None, data: str) -> None:
        t = now()
        if eid is not None and eid.isdigit():
            n = int(eid)
            if n <= self.last_id and kind != "reset":
                self.error(f"event {n} arrived again (last seen {self.last_id})")
                return
            self.last_id = n
        if kind == "reset":
            self.error("stream reset: too far behind")
        elif kind == "gone":
            self.error("stream: the session is gone")
            self.done = True
        if kind is not None:
            self.changed.set()
            return
        try:
            e = json.loads(data)
        except ValueError:
            self.error(f"unreadable event data {data[:80]!r}")
            return
        typ = e.get("type")
        if typ == "game":
            self.opened.setdefault(1, t)
        elif typ == "round" and e.get("game") == GAME:
            self.opened.setdefault(int(e["round"]), t)
        elif typ == "move":
            if e.get("seat") != self.seat:
                self.error(f"another seat's move event on this seat's stream: {e}")
            elif e.get("game") == GAME:
                self.moved.setdefault(int(e["round"]), t)
        elif typ == "resolved" and e.get("game") == GAME:
            self.resolved.setdefault(int(e["round"]), t)
            if e.get("over"):
                self.over = True
        self.changed.set()

    async def until(self, seen: dict[int, float], rnd: int, timeout: float) -> bool:
        """Until round ``rnd`` is in ``seen`` (True), or ``timeout`` or the deadline."""
        end = min(now() + timeout, self.deadline)
        while rnd not in seen:
            left = end - now()
            if left <= 0:
                return False
            self.changed.clear()
            try:
                await asyncio.wait_for(self.changed.wait(), left)
            except TimeoutError:
                pass
        return True

    # the player

    async def me(self) -> dict[str, Any] | None:
        try:
            r = await self.client.get(f"{self.url}/me", headers={"X-Seat-Key": self.key},
                                      timeout=POST_TIMEOUT)
        except httpx.HTTPError as exc:
            self.error(f"GET /me: {type(exc).__name__} {exc}")
            return None
        if r.status_code != 200:
            self.error(f"GET /me answered {r.status_code}: {r.text[:100]}")
            return None
        out: dict[str, Any] = r.json()
        return out

    async def post_move(self, rnd: int) -> bool:
        body = {"game": GAME, "round": rnd, "move": move_of(self.seat, rnd)}
        for attempt in range(TRIES):
            if now() >= self.deadline:
                return False
            t0 = now()
            self.sent.setdefault(rnd, t0)
            try:
                r = await self.client.post(f"{self.url}/move", json=body,
                                           headers={"X-Seat-Key": self.key},
                                           timeout=POST_TIMEOUT)
            except httpx.HTTPError as exc:
                self.error(f"move round {rnd}: {type(exc).__name__} {exc}")
                continue
            t1 = now()
            if r.status_code == 429 and attempt + 1 < TRIES:
                self.error(f"move round {rnd}: 429 {r.text[:100]}")
                await asyncio.sleep(1.0)
                continue
            if r.status_code != 200:
                self.error(f"move round {rnd}: {r.status_code} {r.text[:100]}")
                return False
            self.answered[rnd] = t1
            if not r.json().get("accepted") and attempt == 0:
                self.error(f"move round {rnd}: not accepted at the first try")
            return True
        return False

    @staticmethod
    def went_by(v: dict[str, Any], rnd: int, what: str) -> bool | None:
        """Whether the seat view ``v`` shows that round ``rnd``'s ``what`` (opening, move,
        resolved) has happened; None when the game is no longer there to wait for."""
        g = v.get("game") or {}
        if g.get("number") != GAME:
            return None
        mine = v.get("mine") or {}
        played = {h["round"] for h in mine.get("history", [])}
        if what == "resolved" or rnd in played:
            return rnd in played
        if g.get("over"):
            return None
        if what == "opening":
            return bool(g.get("round", 0) >= rnd)
        return bool(g.get("round") == rnd and mine.get("moved"))

    async def wait_for(self, seen: dict[int, float], rnd: int, what: str) -> bool:
        """Until round ``rnd``'s ``what`` event is on the stream (True). Every :data:`CHECK`
        seconds without it the phone asks ``/me`` whether it went by unseen: if so that is
        an error, and the phone goes on (True). False at the deadline or once there is
        nothing to wait for."""
        while not await self.until(seen, rnd, CHECK):
            if now() >= self.deadline:
                return False
            v = await self.me()
            if v is None:
                continue
            happened = self.went_by(v, rnd, what)
            if rnd in seen:
                return True  # it came while /me was asked
            if happened is None:
                self.error(f"round {rnd}: waiting for its {what}, but the game is over or gone")
                return False
            if happened:
                self.error(f"round {rnd}: its {what} event never came on the stream")
                return True
        return True

    async def play(self) -> None:
        for rnd in range(1, self.rounds + 1):
            if not await self.wait_for(self.opened, rnd, "opening"):
                return
            await asyncio.sleep(think_of(self.seat, rnd, self.think))
            if not await self.post_move(rnd):
                return
            if not await self.wait_for(self.moved, rnd, "move"):
                return
            if not await self.wait_for(self.resolved, rnd, "resolved"):
                return
            self.known.add(rnd)

    def result(self) -> dict[str, Any]:
        return {"seat": self.seat, "sent": self.sent, "answered": self.answered,
                "moved": self.moved, "resolved": self.resolved, "opened": self.opened,
                "known": sorted(self.known), "over": self.over, "errors": self.errors}


async def _generate(base: str, code: str, phones: list[tuple[int, str]], after: int,
                    rounds: int, think: float, deadline: float, out: Any, index: int
                    ) -> list[dict[str, Any]]:
    n = len(phones)
    limits = httpx.Limits(max_connections=2 * n + 8, max_keepalive_connections=2 * n + 8)
    async with httpx.AsyncClient(limits=limits, trust_env=False) as client:
        ps = [Phone(client, base, code, seat, key, after, rounds, think, deadline)
              for seat, key in phones]
        streams = [asyncio.create_task(p.listen()) for p in ps]
        try:
            await asyncio.wait_for(asyncio.gather(*(p.connected.wait() for p in ps)),
                                   max(0.1, min(30.0, deadline - now())))
        except TimeoutError:
            for p in ps:
                if not p.connected.is_set():
                    p.error("its stream did not open")
        out.put(("ready", index, sum(p.connected.is_set() for p in ps)))
        players = [asyncio.create_task(p.play()) for p in ps]
        try:
            await asyncio.wait_for(asyncio.gather(*players), max(0.1, deadline - now()))
        except TimeoutError:
            pass  # the deadline: report what there is
        for p in ps:
            p.done = True
        for t in streams + players:
            t.cancel()
        await asyncio.gather(*streams, *players, return_exceptions=True)
        return [p.result() for p in ps]


def generator(base: str, code: str, phones: list[tuple[int, str]], after: int, rounds: int,
              think: float, deadline: float, out: Any, index: int) -> None:
    """One load-generator process: its phones on one event loop."""
    try:
        results = asyncio.run(_generate(base, code, phones, after, rounds, think, deadline,
                                        out, index))
        error = None
    except BaseException as exc:  # noqa: BLE001 - reported by the parent
        results, error = [], f"load generator {index}: {type(exc).__name__} {exc}"
    use = resource.getrusage(resource.RUSAGE_SELF)
    out.put(("done", index, results, use.ru_utime + use.ru_stime, error))


# -- the server and the organiser ------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return int(s.getsockname()[1])


def cpu_seconds(pid: int) -> float | None:
    """User and system CPU time of a process so far (Linux), else None."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError):
        return None


def check(r: httpx.Response, what: str) -> dict[str, Any]:
    if not 200 <= r.status_code < 300:
        raise RuntimeError(f"{what}: {r.status_code} {r.text[:200]}")
    out: dict[str, Any] = r.json()
    return out


def load(phones: int, rounds: int, procs: int, think: float, limit: float) -> dict[str, Any]:
    start = now()
    deadline = start + limit
    stop_at = deadline - 5.0  # the load generators stop here, leaving time to report
    procs = max(1, min(procs, phones))
    report: dict[str, Any] = {
        "phones": phones, "rounds": rounds, "procs": procs, "think": think, "deadline": limit,
        "load_before": list(os.getloadavg()), "errors": []}
    errors: list[str] = report["errors"]
    results: list[dict[str, Any]] = []
    gen_cpu: list[float] = []
    ctx = mp.get_context("spawn")
    children: list[Any] = []
    with tempfile.TemporaryDirectory(prefix="winwin-workshop-load-") as tmp:
        port = free_port()
        base = f"http://{HOST}:{port}"
        log_path = Path(tmp) / "server.log"
        log = log_path.open("wb")
        proc = subprocess.Popen(
            [sys.executable, "-m", "winwin", "serve", "--host", HOST, "--port", str(port),
             "--db", str(Path(tmp) / "w.sqlite3")],
            stdout=subprocess.DEVNULL, stderr=log, env={**os.environ, "WINWIN_NO_WARMUP": "1"})
        try:
            with httpx.Client(base_url=base, timeout=10.0, trust_env=False) as c:
                while True:  # until the server is up and warm
                    try:
                        if c.get("/api/health", timeout=5.0).json().get("warm"):
                            break
                    except (httpx.HTTPError, ValueError):
                        pass
                    if proc.poll() is not None:
                        raise RuntimeError(f"the server exited ({proc.returncode})")
                    if now() > stop_at:
                        raise RuntimeError("the server was not warm before the deadline")
                    time.sleep(0.2)
                report["server_start_s"] = now() - start
                s = check(c.post("/api/workshops", json={"title": "Load test", "game": "pd",
                                                         "seed": 20240601}), "create")
                code, org = s["code"], {"X-Organiser-Key": s["organiser_key"]}
                seats: list[tuple[int, str]] = []
                for k in range(phones):
                    j = check(c.post(f"/api/workshops/{code}/join",
                                     json={"nickname": f"Phone {k + 1}"}), "join")
                    seats.append((j["seat"], j["key"]))
                    c.cookies.clear()  # each phone is its own browser
                after = check(c.get(f"/api/workshops/{code}"), "state")["last"]
                out = ctx.Queue()
                for i in range(procs):
                    mine = seats[i::procs]
                    p = ctx.Process(target=generator, name=f"load-{i}", daemon=True,
                                    args=(base, code, mine, after, rounds, think, stop_at,
                                          out, i))
                    p.start()
                    children.append(p)
                ready = 0
                done = 0
                while ready < procs and now() < stop_at:
                    try:
                        msg = out.get(timeout=0.5)
                    except queue.Empty:
                        if not any(p.is_alive() for p in children):
                            break
                        continue
                    if msg[0] == "ready":
                        ready += 1
                    else:  # a generator that failed before it was ready
                        done += 1
                        results += msg[2]
                        gen_cpu.append(msg[3])
                        if msg[4]:
                            errors.append(msg[4])
                report["setup_s"] = now() - start
                cpu0, t_game = cpu_seconds(proc.pid), now()
                check(c.post(f"/api/workshops/{code}/stage", headers=org,
                             json={"kind": "game", "settings": {
                                 "turns": rounds, "timeout": 120, "pairing": "random"}}),
                      "start the game")
                while done < procs and now() < deadline - 1.0:
                    try:
                        msg = out.get(timeout=0.5)
                    except queue.Empty:
                        if not any(p.is_alive() for p in children) and out.empty():
                            break
                        continue
                    if msg[0] == "done":
                        done += 1
                        results += msg[2]
                        gen_cpu.append(msg[3])
                        if msg[4]:
                            errors.append(msg[4])
                last_rx = [t for r in results for t in r["resolved"].values()]
                report["game_s"] = (max(last_rx) if last_rx else now()) - t_game
                cpu1 = cpu_seconds(proc.pid)
                if cpu0 is not None and cpu1 is not None:
                    report["server_cpu_s"] = cpu1 - cpu0
                if done < procs:
                    errors.append(f"{procs - done} load generator(s) sent no results")
                try:
                    g = c.get(f"/api/workshops/{code}").json().get("game") or {}
                    report["server_rounds_played"] = g.get("rounds_played")
                except (httpx.HTTPError, ValueError) as exc:
                    errors.append(f"final state: {exc!r}")
        except (RuntimeError, httpx.HTTPError) as exc:
            errors.append(f"setup: {exc}")
        finally:
            for p in children:
                p.join(timeout=max(0.1, min(5.0, deadline - now())))
                if p.is_alive():
                    p.kill()
            if proc.poll() is None:
                proc.send_signal(signal.SIGINT)
                try:
                    proc.wait(timeout=15)
                except subprocess.TimeoutExpired:
                    errors.append("the server did not stop on SIGINT within 15 s")
                    proc.kill()
                    proc.wait()
            log.close()
            text = log_path.read_text(errors="replace")
            if "Traceback" in text:
                errors.append(f"server log: {text.count('Traceback')} traceback(s); the last: "
                              + text[text.rfind("Traceback"):][-600:])
    report["wall_s"] = now() - start
    report["load_after"] = list(os.getloadavg())
    report["generator_cpu_s"] = sum(gen_cpu)
    return summarise(report, results, rounds, phones)


def summarise(report: dict[str, Any], results: list[dict[str, Any]], rounds: int,
              phones: int) -> dict[str, Any]:
    errors = report["errors"]
    for r in results:
        errors += r["errors"]
    answered, to_event, to_resolved = [], [], []
    last_sent: dict[int, float] = {}
    for r in results:
        for rnd, t0 in r["sent"].items():
            last_sent[rnd] = max(last_sent.get(rnd, t0), t0)
            if rnd in r["answered"]:
                answered.append(r["answered"][rnd] - t0)
            if rnd in r["moved"]:
                to_event.append(r["moved"][rnd] - t0)
    everyone = len(results) == phones
    for rnd in range(1, rounds + 1):
        if not everyone or any(rnd not in r["sent"] for r in results):
            continue  # not every phone moved: no "last move" to measure from
        for r in results:
            if rnd in r["resolved"]:
                to_resolved.append(r["resolved"][rnd] - last_sent[rnd])
    complete = [r for r in results if all(k in r["resolved"] for k in range(1, rounds + 1))]
    done = 0  # rounds every phone knows resolved (from its stream, or else from /me)
    while everyone and done < rounds and all(done + 1 in r["known"] for r in results):
        done += 1
    report["rounds_completed"] = done
    report["phones_complete"] = len(complete)  # phones whose stream showed every round resolved
    if done < rounds:
        errors.append(f"only {done} of {rounds} rounds were completed by every phone")

    def row(xs: list[float]) -> dict[str, Any]:
        if not xs:
            return {"count": 0, "p50_ms": None, "p95_ms": None, "max_ms": None}
        return {"count": len(xs), "p50_ms": 1000 * pct(xs, 0.5), "p95_ms": 1000 * pct(xs, 0.95),
                "max_ms": 1000 * max(xs)}

    report["latency"] = {"move POST answered": row(answered),
                         "move -> own move event": row(to_event),
                         "last move -> resolved": row(to_resolved)}
    report["per_round"] = []
    for rnd in range(1, rounds + 1):
        opened = [r["opened"][rnd] for r in results if rnd in r["opened"]]
        got = [r["resolved"][rnd] for r in results if rnd in r["resolved"]]
        upd = [r["moved"][rnd] - r["sent"][rnd] for r in results
               if rnd in r["moved"] and rnd in r["sent"]]
        if not opened:
            break
        report["per_round"].append({
            "round": rnd, "moves": sum(rnd in r["sent"] for r in results),
            "update_p95_ms": 1000 * pct(upd, 0.95) if upd else None,
            "open_to_resolved_s": max(got) - min(opened) if got else None})
    report["error_count"] = len(errors)
    report["ok"] = not errors and done == rounds and len(complete) == phones
    return report


def show(rep: dict[str, Any], out: Any = None) -> None:
    def say(*text: Any) -> None:
        print(*text, file=out or sys.stdout)

    la = " ".join(f"{x:.2f}" for x in rep["load_before"])
    say(f"workshop load: {rep['phones']} phones, {rep['rounds']} rounds, {rep['procs']} load "
        f"generators, think 0-{rep['think']:g} s; load average before {la}")
    if "server_start_s" in rep:
        say(f"server warm after {rep['server_start_s']:.1f} s; set up (create, joins, "
            f"streams) by {rep.get('setup_s', 0):.1f} s")
    say(f"rounds completed {rep['rounds_completed']}/{rep['rounds']} "
        f"(the server: {rep.get('server_rounds_played')}; phones that saw every round "
        f"resolved on their stream: {rep['phones_complete']}/{rep['phones']}); "
        f"game {rep.get('game_s', 0):.1f} s, {rep['wall_s']:.1f} s in all; "
        f"{rep['error_count']} errors")
    say(f"{'':<26} {'count':>6} {'p50':>8} {'p95':>8} {'max':>8}")
    for name, r in rep["latency"].items():
        if not r["count"]:
            say(f"{name:<26} {0:6d} {'-':>8} {'-':>8} {'-':>8}")
            continue
        say(f"{name:<26} {r['count']:6d} {r['p50_ms']:5.0f} ms {r['p95_ms']:5.0f} ms "
            f"{r['max_ms']:5.0f} ms")
    cpu = rep.get("server_cpu_s")
    la = " ".join(f"{x:.2f}" for x in rep["load_after"])
    say(f"CPU during the game: server {'?' if cpu is None else f'{cpu:.1f}'} s, load "
        f"generators {rep['generator_cpu_s']:.1f} s (whole run); load average after {la}")
    if rep["errors"]:
        kinds: dict[str, int] = {}
        for e in rep["errors"]:
            k = e.split(": ", 1)[-1] if e.startswith("seat ") else e
            k = "".join("N" if ch.isdigit() else ch for ch in k)[:70]
            kinds[k] = kinds.get(k, 0) + 1
        say("errors by kind:")
        for k, n in sorted(kinds.items(), key=lambda kv: -kv[1])[:10]:
            say(f"  {n:5d}  {k}")
        say("first errors:", rep["errors"][:5])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--phones", type=int, default=60, help="simulated phones (default 60)")
    ap.add_argument("--rounds", type=int, default=20, help="rounds of the game (default 20)")
    ap.add_argument("--procs", type=int, default=3, help="load-generator processes (default 3)")
    ap.add_argument("--think", type=float, default=0.5,
                    help="each phone waits 0 to this many seconds (fixed per seat and round) "
                    "before it moves (default 0.5; 0: every phone moves at once)")
    ap.add_argument("--deadline", type=float, default=180.0,
                    help="everything stops after this many seconds (default 180)")
    ap.add_argument("--json", help="write the figures here as JSON too ('-': the JSON to "
                    "stdout and the table to stderr)")
    args = ap.parse_args()
    if not (2 <= args.phones <= 190 and 1 <= args.rounds <= 100 and args.procs >= 1
            and args.think >= 0 and args.deadline > 10):
        ap.error("phones 2-190, rounds 1-100, procs >= 1, think >= 0, deadline > 10 s")
    rep = load(args.phones, args.rounds, args.procs, args.think, args.deadline)
    show(rep, sys.stderr if args.json == "-" else sys.stdout)
    if args.json == "-":
        print(json.dumps(rep, indent=2))
    elif args.json:
        with open(args.json, "w", encoding="utf-8") as fh:
            json.dump(rep, fh, indent=2)
    sys.exit(0 if rep["ok"] else 1)


if __name__ == "__main__":
    main()
