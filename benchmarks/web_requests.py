"""Server time of the playground's main requests, warm: the default tournament (the
Tournament page's first request) and one generation of the sandbox, in process (the service
function) and over HTTP to a real ``winwin serve`` (the server's own ``Server-Timing`` and the
round trip seen by the client).

Run: .venv/bin/python benchmarks/web_requests.py
Targets (issue 10): default tournament under 100 ms, one sandbox generation under 50 ms.
"""

from __future__ import annotations

import http.client
import json
import statistics
import sys
import time
from pathlib import Path
from urllib.parse import urlparse

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _web_server import serving  # noqa: E402

REQUESTS = {
    "default tournament (8 strategies, 200 turns, 10 repetitions)":
        ("/api/tournament", {"seed": 1}),
    "one sandbox generation (25 characters, 10 rounds, 5% mistakes)":
        ("/api/evolve", {"generations": 1, "seed": 1}),
    "sandbox run, 50 generations": ("/api/evolve", {"generations": 50, "seed": 1}),
    "play: one turn": ("/api/play", {"moves": "CCD", "turns": 10, "seed": 1}),
    "play: end of a game (reveal: 93 strategies against the opponent)":
        ("/api/play", {"moves": "CCDCCDCCDC", "turns": 10, "seed": 1}),
    "short run, long run (50 turns)": ("/api/horizon", {"seed": 1}),
}


def in_process(path: str, body: dict, repeat: int) -> list[float]:
    from fastapi.testclient import TestClient

    from winwin.web import create_app

    with TestClient(create_app()) as c:
        c.post(path, json=body)
        out = []
        for _ in range(repeat):
            t = time.perf_counter()
            r = c.post(path, json=body)
            out.append(time.perf_counter() - t)
            assert r.status_code == 200, r.text
    return out


def over_http(base: str, path: str, body: dict, repeat: int) -> tuple[list[float], list[float]]:
    u = urlparse(base)
    conn = http.client.HTTPConnection(u.hostname, u.port, timeout=30)
    data = json.dumps(body)
    server, client = [], []
    for k in range(repeat + 1):
        t = time.perf_counter()
        conn.request("POST", path, data, {"Content-Type": "application/json"})
        r = conn.getresponse()
        r.read()
        dt = time.perf_counter() - t
        assert r.status == 200
        if k:  # the first warms this request's path
            client.append(dt)
            server.append(float(r.getheader("Server-Timing").split("dur=")[1]) / 1000)
    conn.close()
    return server, client


def ms(xs: list[float]) -> str:
    return f"median {1000 * statistics.median(xs):7.2f} ms  best {1000 * min(xs):7.2f} ms"


def main() -> None:
    repeat = 30
    with serving() as base:
        print(f"{'request':<66} {'where':<22} time")
        for label, (path, body) in REQUESTS.items():
            server, client = over_http(base, path, body, repeat)
            print(f"{label:<66} {'server (HTTP)':<22} {ms(server)}")
            print(f"{'':<66} {'round trip (HTTP)':<22} {ms(client)}")
    for label, (path, body) in list(REQUESTS.items())[:2]:
        print(f"{label:<66} {'in process':<22} {ms(in_process(path, body, repeat))}")


if __name__ == "__main__":
    main()
