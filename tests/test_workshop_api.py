"""The workshop's HTTP face through the real application (Starlette's test client, a real
SQLite file): secrets, caps, hostile strings, idempotent moves, exports, the session list,
and a restart on the same file; the event stream against a real server process."""

from __future__ import annotations

import csv
import io
import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("fastapi")
from fastapi.testclient import TestClient  # noqa: E402

from winwin.web import create_app  # noqa: E402

HOSTILE = ['<img src=x onerror=1>', '"><script>x()</script', "=HYPERLINK(\"x\")",
           "Ann'; DROP TABLE--", "\u202eevil", "{{7*7}}"]


@pytest.fixture
def app(tmp_path: Path):
    return create_app(db=tmp_path / "w.sqlite3")


@pytest.fixture
def org(app) -> Iterator[TestClient]:
    with TestClient(app) as c:
        yield c


def start(c: TestClient, **kw) -> tuple[str, dict]:
    r = c.post("/api/workshops", json={"title": "Class", "seed": 9, **kw})
    assert r.status_code == 201, r.text
    d = r.json()
    return d["code"], {"X-Organiser-Key": d["organiser_key"]}


def phone(app, code: str, name: str) -> tuple[TestClient, dict]:
    c = TestClient(app)
    r = c.post(f"/api/workshops/{code}/join", json={"nickname": name})
    assert r.status_code == 200, r.text
    return c, r.json()


def test_a_whole_session_through_the_api(app, org) -> None:
    code, O = start(org)
    phones = [phone(app, code, n) for n in ("Ann", "Bob", "Cy")]
    assert org.post(f"/api/workshops/{code}/stage", headers=O,
                    json={"kind": "game", "settings": {"turns": 3}}).status_code == 200
    state = org.get(f"/api/workshops/{code}").json()
    assert state["game"]["seats"] == 4  # three people and a house bot
    for rnd in (1, 2, 3):
        for c, _ in phones:
            r = c.post(f"/api/workshops/{code}/move", json={"game": 1, "round": rnd,
                                                            "move": "C"})
            assert r.status_code == 200 and r.json()["accepted"], r.text
    me = phones[0][0].get(f"/api/workshops/{code}/me").json()
    assert [h["words"] for h in me["mine"]["history"]] == ["win-win"] * 3
    assert me["total"] == 9.0 and me["mine"]["totals"] == [9.0, 9.0]
    assert org.post(f"/api/workshops/{code}/stage", headers=O,
                    json={"kind": "strategy", "settings": {"library": ["tit-for-tat"]}}
                    ).status_code == 200
    for k, (c, _) in enumerate(phones):
        assert c.post(f"/api/workshops/{code}/strategy",
                      json={"first": 1, "p": [1, k / 4, 1, 0]}).status_code == 200
    assert org.get(f"/api/workshops/{code}/tournament").status_code == 409  # not run yet
    assert org.post(f"/api/workshops/{code}/close-strategy", headers=O).status_code == 200
    t = org.get(f"/api/workshops/{code}/tournament").json()
    assert len(t["entries"]) == 4 and t["ready"]
    # the debrief is the organiser's until it is shown
    assert org.get(f"/api/workshops/{code}/debrief").status_code == 403
    assert org.get(f"/api/workshops/{code}/debrief", headers=O).status_code == 200
    org.post(f"/api/workshops/{code}/stage", headers=O, json={"kind": "debrief"})
    d = org.get(f"/api/workshops/{code}/debrief").json()
    assert d["welfare"]["earned"] == 4 * 3 * 3.0
    assert d["story"]


def test_organiser_actions_need_the_organiser_key(app, org) -> None:
    code, O = start(org)
    c, me = phone(app, code, "Ann")
    for method, path, body in (("post", "stage", {"kind": "debrief"}), ("post", "pause",
                                                                          {"value": True}),
                               ("post", "bots", {}), ("post", "remove", {"seat": 1}),
                               ("get", "organiser", None), ("get", "export.csv", None),
                               ("get", "export.parquet", None), ("get", "debrief.html", None),
                               ("delete", "", None)):
        url = f"/api/workshops/{code}/{path}".rstrip("/")
        for headers in ({}, {"X-Organiser-Key": "nope"}, {"X-Seat-Key": me["key"]}):
            kw = {"headers": headers}
            if body is not None:
                kw["json"] = body
            r = getattr(c, method)(url, **kw)
            assert r.status_code == 403, (path, headers, r.text)
            assert "organiser" in r.json()["error"]
    # ... and a wrong key in the query does not open a download
    assert org.get(f"/api/workshops/{code}/export.csv?key=x").status_code == 403


def test_a_seat_acts_only_with_its_own_secret(app, org) -> None:
    code, O = start(org)
    ann, a = phone(app, code, "Ann")
    bob, b = phone(app, code, "Bob")
    org.post(f"/api/workshops/{code}/stage", headers=O, json={"kind": "game",
                                                              "settings": {"turns": 2}})
    stranger = TestClient(app)
    r = stranger.post(f"/api/workshops/{code}/move", json={"game": 1, "round": 1, "move": "C"})
    assert r.status_code == 403
    forged = f"{b['seat']}.{a['key'].split('.', 1)[1]}"  # Bob's seat with Ann's secret
    r = stranger.post(f"/api/workshops/{code}/move", headers={"X-Seat-Key": forged},
                      json={"game": 1, "round": 1, "move": "C"})
    assert r.status_code == 403
    # the resume link sets the seat again in a fresh browser
    fresh = TestClient(app)
    r = fresh.get(a["resume"].replace("http://testserver", ""), follow_redirects=False)
    assert r.status_code == 303
    assert fresh.get(f"/api/workshops/{code}/me").json()["seat"] == a["seat"]
    bad = a["resume"].replace("http://testserver", "")[:-3] + "xyz"
    assert TestClient(app).get(bad, follow_redirects=False).status_code == 403


def test_a_resent_move_changes_nothing(app, org) -> None:
    code, O = start(org)
    (ann, _), (bob, _) = phone(app, code, "Ann"), phone(app, code, "Bob")
    org.post(f"/api/workshops/{code}/stage", headers=O, json={"kind": "game",
                                                              "settings": {"turns": 3}})
    first = ann.post(f"/api/workshops/{code}/move", json={"game": 1, "round": 1, "move": "D"})
    assert first.json()["accepted"]
    last = org.get(f"/api/workshops/{code}").json()["last"]
    for move in "DCDc":
        r = ann.post(f"/api/workshops/{code}/move", json={"game": 1, "round": 1, "move": move})
        assert r.status_code == 200 and not r.json()["accepted"]
        assert r.json()["mine"]["moved"] == "D"
    assert org.get(f"/api/workshops/{code}").json()["last"] == last
    bob.post(f"/api/workshops/{code}/move", json={"game": 1, "round": 1, "move": "C"})
    # after the round resolved a resend is still harmless; a future round is refused
    r = ann.post(f"/api/workshops/{code}/move", json={"game": 1, "round": 1, "move": "C"})
    assert r.status_code == 200 and not r.json()["accepted"]
    assert r.json()["mine"]["history"][0]["you"] == "D"
    r = ann.post(f"/api/workshops/{code}/move", json={"game": 1, "round": 3, "move": "C"})
    assert r.status_code == 409 and "not being played" in r.json()["error"]


@pytest.mark.parametrize("name", HOSTILE)
def test_hostile_nicknames_are_data_everywhere(app, org, name: str) -> None:
    code, O = start(org, title=name)
    c, me = phone(app, code, name)
    phone(app, code, "Bob")
    org.post(f"/api/workshops/{code}/stage", headers=O, json={"kind": "game",
                                                              "settings": {"turns": 1}})
    for cl in (c,):
        cl.post(f"/api/workshops/{code}/move", json={"game": 1, "round": 1, "move": "C"})
    assert c.get(f"/api/workshops/{code}/me").json()["name"] == " ".join(
        "".join(ch for ch in name if ch.isprintable()).split())
    key = O["X-Organiser-Key"]
    page = org.get(f"/api/workshops/{code}/debrief.html?key={key}&names=true").text
    assert "<img src=x" not in page and "<script>x()" not in page
    assert "{{7*7}}" not in page or "49" not in page
    # pages render the code only, never a nickname, on the server side
    for path in (f"/w/{code}", f"/w/{code}/projector", f"/w/{code}/organiser"):
        html = org.get(path).text
        assert "<img src=x" not in html and "onerror" not in html
    # a spreadsheet must not read a nickname as a formula
    rows = list(csv.DictReader(io.StringIO(org.get(
        f"/api/workshops/{code}/export.csv?key={key}&names=true").text)))
    for r in rows:
        assert not r["name"].startswith(("=", "+", "-", "@"))


def test_exports_are_pseudonymised_unless_asked(app, org) -> None:
    import pyarrow.parquet as pq

    code, O = start(org)
    players = [phone(app, code, n) for n in ("Zelda", "Yorick")]
    org.post(f"/api/workshops/{code}/stage", headers=O, json={"kind": "game",
                                                              "settings": {"turns": 2}})
    for rnd in (1, 2):
        for c, _ in players:
            c.post(f"/api/workshops/{code}/move", json={"game": 1, "round": rnd, "move": "D"})
    key = O["X-Organiser-Key"]
    plain = org.get(f"/api/workshops/{code}/export.csv?key={key}")
    assert plain.headers["content-disposition"].startswith("attachment")
    assert "Zelda" not in plain.text and "seat 1" in plain.text
    rows = list(csv.DictReader(io.StringIO(plain.text)))
    assert len(rows) == 4 and {r["outcome"] for r in rows} == {"lose-lose"}
    assert "Zelda" in org.get(f"/api/workshops/{code}/export.csv?key={key}&names=true").text
    table = pq.read_table(io.BytesIO(org.get(
        f"/api/workshops/{code}/export.parquet?key={key}").content))
    assert table.num_rows == 4 and "Zelda" not in str(table.to_pylist())
    assert table.column("payoff").to_pylist() == [1.0] * 4
    page = org.get(f"/api/workshops/{code}/debrief.html?key={key}").text
    assert page.startswith("<!DOCTYPE html>") and "Zelda" not in page
    assert "src=\"http" not in page and "<script src" not in page  # self-contained


def test_bodies_and_rates_are_capped(app, org) -> None:
    code, O = start(org)
    big = {"nickname": "A", "pad": "x" * 5000}
    r = org.post(f"/api/workshops/{code}/join", content=json.dumps(big),
                 headers={"Content-Type": "application/json"})
    assert r.status_code == 413 and "4096" in r.json()["error"]
    # a body with no length given (chunked) is cut off all the same, before it is read whole
    def chunks():
        for _ in range(1000):
            yield b"x" * 1024

    r = org.post(f"/api/workshops/{code}/join", content=chunks(),
                 headers={"Content-Type": "application/json"})
    assert r.status_code == 413
    r = org.post(f"/api/workshops/{code}/join", json={"nickname": "A", "extra": 1})
    assert r.status_code == 422
    c, me = phone(app, code, "Ann")
    codes = [c.get(f"/api/workshops/{code}/me").status_code for _ in range(80)]
    assert 429 in codes and codes[0] == 200
    assert org.get("/api/workshops/NOPE99").status_code == 404
    assert "no session" in org.get("/api/workshops/NOPE99").json()["error"]


def test_sessions_are_listed_closed_reopened_and_deleted(app, org) -> None:
    code, O = start(org)
    other, O2 = start(org, title="Other")
    mine = org.post("/api/workshops/mine", json={"sessions": [
        {"code": code, "key": O["X-Organiser-Key"]}, {"code": other, "key": "wrong"}]}).json()
    assert [m["code"] for m in mine] == [code]
    org.post(f"/api/workshops/{code}/close", headers=O, json={"value": True})
    r = TestClient(app).post(f"/api/workshops/{code}/join", json={"nickname": "Late"})
    assert r.status_code == 409 and "closed" in r.json()["error"]
    org.post(f"/api/workshops/{code}/close", headers=O, json={"value": False})
    phone(app, code, "Late")
    assert org.delete(f"/api/workshops/{code}", headers=O).status_code == 200
    assert org.get(f"/api/workshops/{code}").status_code == 404


def test_a_restart_on_the_same_file_keeps_every_seat_and_move(tmp_path: Path) -> None:
    db = tmp_path / "w.sqlite3"
    first = create_app(db=db)
    with TestClient(first) as org:
        code, O = start(org)
        (ann, a), (bob, b) = phone(first, code, "Ann"), phone(first, code, "Bob")
        org.post(f"/api/workshops/{code}/stage", headers=O, json={"kind": "game",
                                                                  "settings": {"turns": 4}})
        for c in (ann, bob):
            c.post(f"/api/workshops/{code}/move", json={"game": 1, "round": 1, "move": "C"})
        ann.post(f"/api/workshops/{code}/move", json={"game": 1, "round": 2, "move": "D"})
        before = ann.get(f"/api/workshops/{code}/me").json()
    second = create_app(db=db)
    with TestClient(second) as org2:
        again = org2.get(f"/api/workshops/{code}/me", headers={"X-Seat-Key": a["key"]}).json()
        assert again["seat"] == before["seat"] and again["total"] == before["total"]
        assert again["mine"]["moved"] == "D" and again["game"]["round"] == 2
        r = org2.post(f"/api/workshops/{code}/move", headers={"X-Seat-Key": b["key"]},
                      json={"game": 1, "round": 2, "move": "C"})
        assert r.json()["accepted"] and r.json()["game"]["round"] == 3
        assert org2.get(f"/api/workshops/{code}/organiser", headers=O).status_code == 200


def test_the_qr_code_is_an_svg_of_the_join_link(app, org) -> None:
    code, O = start(org)
    r = org.get(f"/api/workshops/{code}/qr.svg")
    assert r.headers["content-type"].startswith("image/svg+xml")
    assert r.text.startswith("<svg") and f"Join {code}" in r.text
    assert org.get(f"/j/{code.lower()}", follow_redirects=False).headers["location"] == \
        f"/w/{code}"


def test_the_join_link_uses_the_lan_address_when_known(tmp_path: Path) -> None:
    app = create_app(db=tmp_path / "w.sqlite3", join_base="http://192.168.7.20:8000")
    with TestClient(app) as c:
        r = c.post("/api/workshops", json={}).json()
        assert r["links"]["join"] == f"http://192.168.7.20:8000/j/{r['code']}"
        state = c.get(f"/api/workshops/{r['code']}/organiser",
                      headers={"X-Organiser-Key": r["organiser_key"]}).json()
        assert state["reachable"]


# -- the event stream, from a real server ----------------------------------------------------------


def serve(db: Path, stderr: Any = subprocess.DEVNULL) -> tuple[subprocess.Popen, str]:
    """``winwin serve`` on a free loopback port, once it answers: (process, base URL)."""
    from test_web_browser import free_port, get_json

    port = free_port()
    proc = subprocess.Popen([sys.executable, "-m", "winwin", "serve", "--port", str(port),
                             "--db", str(db)], stdout=subprocess.DEVNULL, stderr=stderr,
                            env={**os.environ, "WINWIN_NO_WARMUP": "1"})
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 120
    while True:
        try:
            if get_json(base + "/api/health")["ok"]:
                return proc, base
        except OSError:
            pass
        if proc.poll() is not None or time.monotonic() > deadline:
            proc.kill()
            raise AssertionError("the server did not start")
        time.sleep(0.2)


@pytest.fixture(scope="module")
def server(tmp_path_factory) -> Iterator[str]:
    proc, base = serve(tmp_path_factory.mktemp("db") / "w.sqlite3")
    yield base
    proc.send_signal(signal.SIGINT)
    try:
        assert proc.wait(timeout=20) == 0
    finally:
        proc.kill()


def read_events(client, url: str, want: int, headers: dict | None = None) -> list[dict]:
    out: list[dict] = []
    with client.stream("GET", url, headers=headers or {}, timeout=20) as r:
        assert r.headers["content-type"].startswith("text/event-stream")
        ident = None
        for line in r.iter_lines():
            if line.startswith("id: "):
                ident = int(line[4:])
            elif line.startswith("data: "):
                e = json.loads(line[6:])
                assert e["n"] == ident
                out.append(e)
                if len(out) >= want:
                    break
    return out


def test_events_are_numbered_and_resume_from_the_last_seen(server: str) -> None:
    import httpx2 as httpx

    with httpx.Client(base_url=server, timeout=20) as c:
        r = c.post("/api/workshops", json={"seed": 1}).json()
        code, O = r["code"], {"X-Organiser-Key": r["organiser_key"]}
        keys = [c.post(f"/api/workshops/{code}/join", json={"nickname": n}).json()["key"]
                for n in ("Ann", "Bob")]
        c.post(f"/api/workshops/{code}/stage", headers=O,
               json={"kind": "game", "settings": {"turns": 2}})
        for k in keys:
            c.post(f"/api/workshops/{code}/move", headers={"X-Seat-Key": k},
                   json={"game": 1, "round": 1, "move": "C"})
        total = c.get(f"/api/workshops/{code}").json()["last"]
        every = read_events(c, f"/api/workshops/{code}/events?after=0", total)
        assert [e["n"] for e in every] == list(range(1, total + 1))
        assert all("secret" not in e and "organiser" not in e for e in every)
        moves = [e for e in every if e["type"] == "move"]
        assert moves and all("move" not in e for e in moves)  # hidden until resolved
        resolved = next(e for e in every if e["type"] == "resolved")
        assert {p["outcome"] for p in resolved["pairs"]} == {"win_win"}
        # a page that saw event 5 resumes at 6, with the header browsers send
        rest = read_events(c, f"/api/workshops/{code}/events", total - 5,
                           headers={"Last-Event-ID": "5"})
        assert [e["n"] for e in rest] == list(range(6, total + 1))
        # a new move arrives on an open stream
        seat = int(keys[0].split(".")[0])
        with c.stream("GET", f"/api/workshops/{code}/events?seat={seat}&after={total}") as s:
            c.post(f"/api/workshops/{code}/move", headers={"X-Seat-Key": keys[0]},
                   json={"game": 1, "round": 2, "move": "D"})
            for line in s.iter_lines():
                if line.startswith("data: "):
                    e = json.loads(line[6:])
                    assert e["type"] == "move" and e["seat"] == seat and e["n"] == total + 1
                    break


def test_ctrl_c_ends_open_streams_and_stops_cleanly(tmp_path: Path) -> None:
    """A phone's open event stream must not hold the server: SIGINT ends it at once, with
    exit code 0 and nothing on stderr but the start-up lines."""
    import threading

    import httpx2 as httpx

    from test_web_browser import get_json

    log = tmp_path / "stderr.txt"
    with open(log, "w") as err:
        proc, base = serve(tmp_path / "w.sqlite3", stderr=err)
    try:
        code = get_json(base + "/api/workshops", {})["code"]
        opened = threading.Event()
        lines: list[str] = []

        def listen() -> None:
            try:
                with httpx.Client(timeout=30) as c, \
                        c.stream("GET", f"{base}/api/workshops/{code}/events?after=0") as r:
                    for line in r.iter_lines():
                        lines.append(line)
                        opened.set()
            except httpx.HTTPError:
                pass

        t = threading.Thread(target=listen, daemon=True)
        t.start()
        assert opened.wait(20)
        stopped = time.monotonic()
        proc.send_signal(signal.SIGINT)
        assert proc.wait(timeout=20) == 0
        assert time.monotonic() - stopped < 4.0
        t.join(5)
        text = log.read_text()
        assert "Traceback" not in text and "ERROR" not in text, text
    finally:
        proc.kill()


def test_the_readmes_numbers_are_the_codes() -> None:
    from winwin.web.workshop import model, routes

    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text()
    assert f"capped at {routes.MAX_BODY // 1024} KB" in readme and routes.MAX_BODY == 4096
    assert f"at most {model.MAX_SEATS} seats" in readme
    assert "after two such rounds" in readme and model.AWAY_AFTER == 2


def test_a_stream_misses_no_event_while_moves_pour_in(server: str) -> None:
    """Moves from many phones at once, a page's stream open from the start: it receives every
    event, numbered 1, 2, 3... without a gap or a repeat (a stream that took its next batch
    after a write once skipped what came in meanwhile)."""
    from concurrent.futures import ThreadPoolExecutor

    import httpx2 as httpx

    with httpx.Client(base_url=server, timeout=30) as c:
        r = c.post("/api/workshops", json={"seed": 3}).json()
        code, O = r["code"], {"X-Organiser-Key": r["organiser_key"]}
        keys = [c.post(f"/api/workshops/{code}/join", json={"nickname": f"P{k}"}).json()["key"]
                for k in range(12)]
        c.post(f"/api/workshops/{code}/stage", headers=O,
               json={"kind": "game", "settings": {"turns": 6}})
        seen: list[int] = []
        ready = __import__("threading").Event()

        def listen() -> None:
            with httpx.Client(base_url=server, timeout=30) as mine, \
                    mine.stream("GET", f"/api/workshops/{code}/events?after=0") as s:
                for line in s.iter_lines():
                    ready.set()
                    if line.startswith("id: "):
                        seen.append(int(line[4:]))
                    elif line.startswith("data: ") and '"over":true' in line:
                        return

        def play(key: str) -> None:
            with httpx.Client(base_url=server, timeout=30) as p:
                for rnd in range(1, 7):
                    while True:
                        me = p.get(f"/api/workshops/{code}/me",
                                   headers={"X-Seat-Key": key}).json()
                        if me["game"] and me["game"]["round"] >= rnd or me["game"]["over"]:
                            break
                    p.post(f"/api/workshops/{code}/move", headers={"X-Seat-Key": key},
                           json={"game": 1, "round": rnd, "move": "CD"[rnd % 2]})

        with ThreadPoolExecutor(13) as pool:
            done = pool.submit(listen)
            assert ready.wait(20)
            list(pool.map(play, keys))
            done.result(timeout=30)
        total = c.get(f"/api/workshops/{code}").json()["last"]
        assert seen == list(range(1, total + 1))


def test_nobody_can_use_up_the_organisers_or_a_seats_share(app, org) -> None:
    """Wrong keys cost the caller's address, not the session or the seat they name."""
    code, O = start(org)
    ann, a = phone(app, code, "Ann")
    attacker = TestClient(app, client=("10.0.0.66", 5000))
    bad = f"{a['seat']}.wrong"
    codes = [attacker.get(f"/api/workshops/{code}/organiser",
                          headers={"X-Organiser-Key": "x"}).status_code for _ in range(40)]
    codes += [attacker.get(f"/api/workshops/{code}/me", headers={"X-Seat-Key": bad}
                           ).status_code for _ in range(40)]
    assert set(codes) == {403, 429}  # the attacker is slowed down...
    # ... while the organiser and the seat go on as before
    assert org.get(f"/api/workshops/{code}/organiser", headers=O).status_code == 200
    assert ann.get(f"/api/workshops/{code}/me").status_code == 200


def test_public_events_tell_neither_the_seed_nor_an_uncertain_length(server: str) -> None:
    import httpx2 as httpx

    with httpx.Client(base_url=server, timeout=20) as c:
        r = c.post("/api/workshops", json={"seed": 77}).json()
        code, O = r["code"], {"X-Organiser-Key": r["organiser_key"]}
        for n in ("Ann", "Bob"):
            c.post(f"/api/workshops/{code}/join", json={"nickname": n})
        c.post(f"/api/workshops/{code}/stage", headers=O, json={"kind": "game", "settings": {
            "continue": 0.9, "min_rounds": 2, "bot": "random"}})
        total = c.get(f"/api/workshops/{code}").json()["last"]
        events = read_events(c, f"/api/workshops/{code}/events?after=0", total)
        created = next(e for e in events if e["type"] == "created")
        game = next(e for e in events if e["type"] == "game")
        assert "seed" not in created and "length" not in game
        assert "bot" not in game["settings"]
        state = c.get(f"/api/workshops/{code}").json()
        assert "seed" not in state and "bot" not in state["stage"]["settings"]
        assert "rounds" not in state["game"]["horizon"]
