"""The workshop's loopback load benchmark (``benchmarks/workshop_load.py``) at the issue's
size: 60 phones, 20 rounds, three load-generator processes against a real ``winwin serve``.
Every move must reach its phone's stream, every round every phone, without an error; the
latencies are a benchmark, printed by the script, not asserted here."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))


@pytest.mark.slow
def test_sixty_phones_play_twenty_rounds_without_an_error() -> None:
    from workshop_load import load

    rep = load(60, 20, 3, 0.5, 180.0)
    assert rep["errors"] == []
    assert rep["rounds_completed"] == 20 and rep["phones_complete"] == 60
    assert rep["latency"]["move -> own move event"]["count"] == 60 * 20
    assert rep["wall_s"] < 180  # it stopped by itself
