"""The bounded loopback load test (``benchmarks/web_load.py``): 50 simulated users for 60 s
against a real ``winwin serve``; every request must succeed. Its latencies are a benchmark,
printed by the script, not asserted here."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))


@pytest.mark.slow
def test_fifty_users_for_a_minute_without_an_error() -> None:
    from web_load import load

    timed, errors, took = load(50, 60.0)
    assert errors == []
    assert len(timed) > 1000 and took < 120  # it ran, and it stopped by itself
    assert {p for p, _ in timed} >= {"/api/play", "/api/tournament", "/api/evolve",
                                     "/api/horizon", "/api/tournament/replay"}
