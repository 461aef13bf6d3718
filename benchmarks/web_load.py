"""A bounded loopback load test of the playground: simulated users (default 50) for a fixed
time (default 60 s), each looping through what a person does on the pages (open a page, run a
tournament, play turns, step the sandbox, move a slider on the short-run page), one request
after the other. Stops by itself; prints requests, errors and latency percentiles.

Run: .venv/bin/python benchmarks/web_load.py [--users 50] [--seconds 60]
Target (issue 10): no errors, p95 under 300 ms.
"""

from __future__ import annotations

import argparse
import http.client
import json
import random
import sys
import threading
import time
from pathlib import Path
from urllib.parse import urlparse

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _web_server import serving  # noqa: E402


def session(rng: random.Random) -> list[tuple[str, str, dict | None]]:
    """One visit: a random page and its requests."""
    seed = rng.randrange(2**31)
    kind = rng.choice(["play", "tournament", "evolution", "horizon"])
    if kind == "play":
        moves = "".join(rng.choice("CD") for _ in range(10))
        return [("GET", "/play", None)] + [
            ("POST", "/api/play", {"moves": moves[:k], "turns": 10, "seed": seed})
            for k in range(0, 11)]
    if kind == "tournament":
        return [("GET", "/tournament", None), ("GET", "/api/strategies", None),
                ("POST", "/api/tournament", {"seed": seed}),
                ("POST", "/api/tournament/replay", {"seed": seed, "player": 0, "opponent": 4})]
    if kind == "evolution":
        return [("GET", "/evolution", None),
                ("POST", "/api/evolve", {"generations": 20, "seed": seed})]
    return [("GET", "/horizon", None)] + [
        ("POST", "/api/horizon", {"power": p / 4, "seed": seed}) for p in range(0, 12, 3)]


def user(base: str, stop: float, k: int, out: list[tuple[str, float]], errors: list[str]
         ) -> None:
    rng = random.Random(k)
    u = urlparse(base)
    conn = http.client.HTTPConnection(u.hostname, u.port, timeout=30)
    while time.monotonic() < stop:
        for method, path, body in session(rng):
            if time.monotonic() >= stop:
                break
            t = time.perf_counter()
            try:
                conn.request(method, path, None if body is None else json.dumps(body),
                             {"Content-Type": "application/json"})
                r = conn.getresponse()
                r.read()
                if r.status != 200:
                    errors.append(f"{path} {r.status}")
            except (OSError, http.client.HTTPException) as exc:
                errors.append(f"{path} {exc!r}")
                conn.close()
                conn = http.client.HTTPConnection(u.hostname, u.port, timeout=30)
            out.append((path, time.perf_counter() - t))
            time.sleep(rng.uniform(0.05, 0.3))  # a person reads, clicks, moves a slider
    conn.close()


def pct(xs: list[float], q: float) -> float:
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(q * len(xs)))]


def load(users: int, seconds: float) -> tuple[list[tuple[str, float]], list[str], float]:
    """(path, seconds) of every request, the errors, and how long it ran."""
    with serving() as base:
        timed: list[tuple[str, float]] = []
        errors: list[str] = []
        stop = time.monotonic() + seconds
        threads = [threading.Thread(target=user, args=(base, stop, k, timed, errors))
                   for k in range(users)]
        start = time.monotonic()
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        return timed, errors, time.monotonic() - start


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--users", type=int, default=50)
    ap.add_argument("--seconds", type=float, default=60.0)
    args = ap.parse_args()
    timed, errors, took = load(args.users, args.seconds)
    latencies = [t for _, t in timed]
    n = len(latencies)
    print(f"{args.users} users for {took:.0f} s: {n} requests ({n / took:.0f}/s), "
          f"{len(errors)} errors")
    print(f"latency p50 {1000 * pct(latencies, 0.5):.0f} ms, p95 {1000 * pct(latencies, 0.95):.0f}"
          f" ms, p99 {1000 * pct(latencies, 0.99):.0f} ms, max {1000 * max(latencies):.0f} ms")
    for path in sorted({p for p, _ in timed}):
        xs = [t for p, t in timed if p == path]
        print(f"  {path:<24} {len(xs):6d} requests  p50 {1000 * pct(xs, 0.5):5.0f} ms  "
              f"p95 {1000 * pct(xs, 0.95):5.0f} ms")
    if errors:
        print("first errors:", errors[:5])


if __name__ == "__main__":
    main()
