"""Cost estimates before the work: what would not fit in memory is refused everywhere, what
would take too long is refused on the CLI unless --yes; both in one line with the estimate."""

from __future__ import annotations

import math
import time

import pytest
from hypothesis import given
from hypothesis import strategies as st

import winwin as ww
import winwin.evolution as ev
from winwin import _budget
from winwin.cli import main

HUGE = [  # inputs inside the allowed ranges that used to hang or exhaust memory
    (["tournament", "tft", "alld", "--prob-end", "1e-12"], "would take about"),
    (["tournament", "--lineup", "all", "--turns", "1000000000"], "would take about"),
    (["spatial", "--size", "20000"], "of memory"),
    (["evolve", "always-cooperate=100000", "always-cheat=100000"], "of memory"),
    (["moran", "tft", "alld", "--population", "1000000", "--generations", "100000"],
     "would take about"),
    (["fixation", "tft", "alld", "--population", "1000000"], "would take about"),
    (["fingerprint", "tft", "--turns", "1000000", "--repetitions", "10"],
     "would take about"),
    (["match", "tft", "alld", "--turns", "1000000000"], "to keep its moves"),
]


@pytest.mark.parametrize("args,needle", HUGE)
def test_too_big_is_refused_at_once_with_the_estimate(capsys: pytest.CaptureFixture[str],
                                                      args: list[str], needle: str) -> None:
    start = time.perf_counter()
    assert main(args) == 2
    err = capsys.readouterr().err.strip()
    assert time.perf_counter() - start < 30  # refused before the work (generous: CI is slow)
    assert len(err.splitlines()) == 1 and len(err) <= 200, err
    assert needle in err
    assert ("--yes" in err) == (needle == "would take about")


def test_yes_lifts_the_time_limit(monkeypatch: pytest.MonkeyPatch,
                                  capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setattr(_budget, "TIME_LIMIT", 1e-12)
    assert main(["tournament", "tft", "alld", "--turns", "10"]) == 2
    assert "add --yes" in capsys.readouterr().err
    assert main(["tournament", "tft", "alld", "--turns", "10", "--yes"]) == 0
    assert "tft" in capsys.readouterr().out


def test_memory_is_limited_in_python_too_and_time_only_when_asked() -> None:
    with pytest.raises(ww.TooLargeError, match="of memory"):
        ev.evolve({"cooperator": 100_000, "defector": 100_000})
    r = ww.tournament(["tft", "alld"], turns=10, seed=1)  # no limit: nothing to refuse
    with _budget.limit(1e-12), pytest.raises(ww.TooLargeError, match="would take about"):
        ww.tournament(["tft", "alld"], turns=10, seed=1)
    with _budget.limit(None):
        assert ww.tournament(["tft", "alld"], turns=10, seed=1).scores == r.scores


def test_the_tournament_estimate_counts_the_turns_it_will_play() -> None:
    from winwin import engine
    from winwin.tournament import Plan

    plan = Plan.build(["tft", "random", "gradual"], turns=100, repetitions=7, seed=1,
                      self_play=False)
    turns, seconds = engine.estimate(plan)
    assert turns == 3 * 7 * 100 and seconds > 0
    r = ww.tournament(["tft", "random", "gradual"], turns=100, repetitions=7, seed=1,
                      self_play=False)
    assert r.lengths.sum() == turns
    deterministic = Plan.build(["tft", "alld"], turns=100, repetitions=7, seed=1)
    assert engine.estimate(deterministic)[0] == 3 * 100  # one repetition is played per pair
    drawn = Plan.build(["tft", "alld"], prob_end=0.01, repetitions=4, seed=1)
    assert engine.estimate(drawn)[0] == pytest.approx(3 * 4 * 100)


@given(st.floats(0, 1e20))
def test_sizes_and_durations_read_as_people_write_them(n: float) -> None:
    assert _budget.size(n).split()[-1] in ("KiB", "MiB", "GiB", "TiB")
    words = _budget.duration(n).split()
    assert words[-1] in ("s", "min", "h", "days", "years")
    assert "e+" not in _budget.count(n) or n >= 1e15


def test_counts_sizes_and_durations_examples() -> None:
    assert _budget.count(123_456) == "123,456"
    assert _budget.count(3.2e6) == "3.2 million"
    assert _budget.count(4.46e13) == "44.6 trillion"
    assert _budget.size(37.3 * 2**30) == "37.3 GiB"
    assert _budget.duration(40) == "40 s"
    assert _budget.duration(8.3 * 3600) == "8.3 h"
    assert _budget.duration(3 * 86400) == "3 days"
    assert math.isclose(_budget.MEMORY_SHARE, 0.5)


def test_a_long_evolution_shows_progress_on_a_terminal() -> None:
    import sys

    import pexpect

    child = pexpect.spawn(sys.executable, ["-m", "winwin", "evolve", "always-cooperate=150",
                                           "always-cheat=150", "--generations", "40", "--seed",
                                           "1", "--output", "/dev/null"],
                          encoding="utf-8", timeout=300,
                          env={"WINWIN_NO_WARMUP": "1", "PATH": "/usr/bin:/bin"})
    child.expect(r"generations \[#+\] 100\.0%")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
