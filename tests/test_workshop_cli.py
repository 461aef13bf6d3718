"""``winwin workshop``: the sessions of a SQLite file from the terminal, and a new organiser
link that a running server honours at its next action."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

pytest.importorskip("fastapi")
from fastapi.testclient import TestClient  # noqa: E402

from winwin.web import create_app  # noqa: E402


def winwin(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "winwin", *args], capture_output=True,
                          text=True, timeout=120)


@pytest.fixture
def session(tmp_path: Path):
    db = tmp_path / "w.sqlite3"
    app = create_app(db=db)
    with TestClient(app) as org:
        r = org.post("/api/workshops", json={"title": "Evening class", "seed": 4}).json()
        code, O = r["code"], {"X-Organiser-Key": r["organiser_key"]}
        phones = []
        for n in ("Zoe", "Yan"):
            c = TestClient(app)
            c.post(f"/api/workshops/{code}/join", json={"nickname": n})
            phones.append(c)
        org.post(f"/api/workshops/{code}/stage", headers=O,
                 json={"kind": "game", "settings": {"turns": 2}})
        for rnd in (1, 2):
            for c in phones:
                c.post(f"/api/workshops/{code}/move", json={"game": 1, "round": rnd,
                                                            "move": "C"})
        yield db, code, O, app, org


def test_list_export_and_delete(session, tmp_path: Path) -> None:
    db, code, O, app, org = session
    out = winwin("workshop", "list", "--db", str(db))
    assert out.returncode == 0 and code in out.stdout and "Evening class" in out.stdout
    rows = json.loads(winwin("workshop", "list", "--db", str(db), "--format", "json").stdout)
    assert rows[0]["code"] == code and rows[0]["people"] == 2 and rows[0]["games"] == 1
    # the same data as the server's download
    got = winwin("workshop", "export", code.lower(), "--db", str(db)).stdout
    want = org.get(f"/api/workshops/{code}/export.csv?key={O['X-Organiser-Key']}").text
    assert got == want and len(list(csv.DictReader(io.StringIO(got)))) == 4
    assert "Zoe" not in got
    assert "Zoe" in winwin("workshop", "export", code, "--db", str(db), "--names").stdout
    pq_path = tmp_path / "data.parquet"
    assert winwin("workshop", "export", code, "--db", str(db), "--format", "parquet",
                  "--output", str(pq_path)).returncode == 0
    import pyarrow.parquet as pq

    assert pq.read_table(pq_path).num_rows == 4
    html = winwin("workshop", "export", code, "--db", str(db), "--format", "html").stdout
    assert html.startswith("<!DOCTYPE html>")
    refused = winwin("workshop", "delete", code, "--db", str(db))
    assert refused.returncode == 2 and "--yes" in refused.stderr
    assert winwin("workshop", "delete", code, "--db", str(db), "--yes").returncode == 0
    assert org.get(f"/api/workshops/{code}/organiser", headers=O).status_code in (403, 404)


def test_a_new_organiser_link_replaces_the_old_one_under_a_running_server(session) -> None:
    db, code, O, app, org = session
    assert org.get(f"/api/workshops/{code}/organiser", headers=O).status_code == 200
    out = winwin("workshop", "link", code, "--db", str(db), "--base", "http://laptop:8000")
    assert out.returncode == 0 and "old one no longer works" in out.stderr
    link = out.stdout.strip()
    assert link.startswith(f"http://laptop:8000/w/{code}/organiser#key=")
    new = {"X-Organiser-Key": link.split("#key=", 1)[1]}
    # the server holds the session in memory, and reads the log's change at once
    r = org.post(f"/api/workshops/{code}/pause", headers=new, json={"value": True})
    assert r.status_code == 200
    assert org.get(f"/api/workshops/{code}/organiser", headers=O).status_code == 403
    assert org.get(f"/api/workshops/{code}/organiser", headers=new).json()["paused"]


def test_bad_input_is_one_line_and_exit_2(tmp_path: Path) -> None:
    for args in (["list", "--db", str(tmp_path / "none.sqlite3")],
                 ["export", "NOPE12", "--db", str(tmp_path / "none.sqlite3")]):
        out = winwin("workshop", *args)
        assert out.returncode == 2 and out.stderr.count("\n") == 1, out.stderr
