"""Workshop sessions on disk: SQLite in WAL mode, one append-only log of events per session.

A session's state is never stored, only its events (:mod:`winwin.web.workshop.model` folds them
into the state), so a server killed at any moment comes back with every event it had
acknowledged: a request is answered only after its events are committed.

>>> import tempfile, pathlib
>>> store = Store(pathlib.Path(tempfile.mkdtemp()) / "w.sqlite3")
>>> store.append("ABC234", [{"type": "created", "n": 1, "title": "Demo"}], at=0.0)
>>> [e["type"] for e in store.events("ABC234")], store.codes()
(['created'], ['ABC234'])
"""

from __future__ import annotations

import json
import os
import sqlite3
import threading
from collections.abc import Iterable
from pathlib import Path
from typing import Any

__all__ = ["Store", "default_path"]

_SCHEMA = """
CREATE TABLE IF NOT EXISTS events (
    code TEXT NOT NULL,
    n INTEGER NOT NULL,
    at REAL NOT NULL,
    body TEXT NOT NULL,
    PRIMARY KEY (code, n)
) WITHOUT ROWID;
"""


def default_path() -> Path:
    """``$WINWIN_DATA/workshops.sqlite3``, else under ``$XDG_DATA_HOME/winwin`` (or
    ``~/.local/share/winwin``)."""
    root = os.environ.get("WINWIN_DATA") or Path(
        os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share") / "winwin"
    return Path(root) / "workshops.sqlite3"


class Store:
    """The log of every session in one SQLite file (safe to share between threads)."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._db = sqlite3.connect(self.path, check_same_thread=False, isolation_level=None)
        self._lock = threading.Lock()
        with self._lock:
            self._db.execute("PRAGMA journal_mode=WAL")
            # NORMAL in WAL mode: a committed transaction survives the process being killed
            # (only a power cut may lose the last ones)
            self._db.execute("PRAGMA synchronous=NORMAL")
            self._db.execute("PRAGMA busy_timeout=5000")
            self._db.executescript(_SCHEMA)

    def append(self, code: str, events: Iterable[dict[str, Any]], at: float) -> None:
        """Write events (numbered by the model) in one transaction; a number already taken
        is refused, so a log never forks."""
        rows = [(code, int(e["n"]), at, json.dumps(e, separators=(",", ":"), allow_nan=False))
                for e in events]
        if not rows:
            return
        with self._lock:
            self._db.execute("BEGIN IMMEDIATE")
            try:
                self._db.executemany("INSERT INTO events (code, n, at, body) VALUES (?,?,?,?)",
                                     rows)
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
            self._db.execute("COMMIT")

    def events(self, code: str) -> list[dict[str, Any]]:
        with self._lock:
            rows = self._db.execute("SELECT body FROM events WHERE code = ? ORDER BY n",
                                    (code,)).fetchall()
        return [json.loads(r[0]) for r in rows]

    def last(self, code: str) -> int:
        """The number of the session's last event (0: no such session)."""
        with self._lock:
            row = self._db.execute("SELECT MAX(n) FROM events WHERE code = ?",
                                   (code,)).fetchone()
        return int(row[0] or 0)

    def exists(self, code: str) -> bool:
        with self._lock:
            return self._db.execute("SELECT 1 FROM events WHERE code = ? AND n = 1",
                                    (code,)).fetchone() is not None

    def codes(self) -> list[str]:
        with self._lock:
            rows = self._db.execute("SELECT code FROM events WHERE n = 1 ORDER BY at").fetchall()
        return [r[0] for r in rows]

    def summary(self, code: str) -> dict[str, Any] | None:
        with self._lock:
            row = self._db.execute("SELECT body, at FROM events WHERE code = ? AND n = 1",
                                   (code,)).fetchone()
            last = self._db.execute("SELECT MAX(n), MAX(at) FROM events WHERE code = ?",
                                    (code,)).fetchone()
        if row is None:
            return None
        first = json.loads(row[0])
        return {"code": code, "title": first.get("title"), "created": row[1],
                "events": last[0], "last": last[1]}

    def delete(self, code: str) -> None:
        with self._lock:
            self._db.execute("DELETE FROM events WHERE code = ?", (code,))

    def close(self) -> None:
        with self._lock:
            self._db.close()
