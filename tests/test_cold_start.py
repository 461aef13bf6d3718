"""The first run: small work on the Python path (automata in numpy lanes) while nothing is
compiled, with the same results as the compiled kernels and the reference path."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import winwin as ww
from winwin.engine import _lanes, _warm
from winwin.strategies import get_strategy, registry

LIBRARY = sorted(c.slug for c in registry().builtins())
AUTOMATA = [s for s in LIBRARY if get_strategy(s).automaton(ww.parse_game("pd")) is not None]


@pytest.mark.parametrize("kw", [dict(turns=50), dict(turns=40, noise=0.05),
                                dict(prob_end=0.05, noise=0.02), dict(turns=30, game="trust"),
                                dict(turns=25, noise=0.1, game="3,0,5,1/2,-1,4,0.5")])
def test_numpy_lanes_equal_the_reference_and_the_kernels_over_the_registry(kw: dict) -> None:
    assert len(AUTOMATA) > 30
    ref = ww.tournament(AUTOMATA, repetitions=2, seed=42, backend="python", **kw)
    lanes = ww.tournament(AUTOMATA, repetitions=2, seed=42, backend="numpy", **kw)
    fast = ww.tournament(AUTOMATA, repetitions=2, seed=42, backend="compiled", **kw)
    assert np.array_equal(ref.counts, lanes.counts)
    assert np.array_equal(ref.counts, fast.counts)
    assert np.array_equal(ref.lengths, lanes.lengths)


@settings(max_examples=40, deadline=None)
@given(st.lists(st.sampled_from(LIBRARY), min_size=1, max_size=5),
       st.sampled_from([0.0, 0.01, 0.2]),
       st.sampled_from([dict(turns=1), dict(turns=37), dict(prob_end=0.2), dict(prob_end=0.02)]),
       st.integers(1, 3), st.integers(0, 2**63))
def test_numpy_path_equals_the_reference_for_any_line_up(names: list, noise: float, kw: dict,
                                                         reps: int, seed: int) -> None:
    """Mixed line-ups: automata pairs in lanes, the others through decide(view)."""
    ref = ww.tournament(names, repetitions=reps, noise=noise, seed=seed, backend="python", **kw)
    got = ww.tournament(names, repetitions=reps, noise=noise, seed=seed, backend="numpy", **kw)
    assert np.array_equal(ref.counts, got.counts)
    assert np.array_equal(ref.lengths, got.lengths)


def test_lanes_that_end_at_different_turns_are_counted_to_their_own_end() -> None:
    """Lengths sorted and lanes retired as they end: every match's counts add up to its
    length, and each equals the same match played alone."""
    r = ww.tournament(["tft", "random", "wsls", "grudger"], prob_end=0.1, repetitions=7,
                      noise=0.05, seed=9, backend="numpy")
    assert np.array_equal(r.counts.sum(axis=2), r.lengths)
    assert len(np.unique(r.lengths)) > 5
    for k, (i, j) in enumerate(r.plan.pairs):
        for rep in range(7):
            one = r.match(r.players[i], r.players[j], rep)
            assert np.array_equal(np.bincount(2 * one.actions[:, 0] + one.actions[:, 1],
                                              minlength=4), r.counts[k, rep])


def test_the_estimate_grows_with_the_work() -> None:
    small = _lanes.estimate(np.full((10, 10), 200))
    assert 0 < small < _lanes.estimate(np.full((100, 10), 200)) < _lanes.estimate(
        np.full((100, 10), 2000))
    assert _lanes.estimate(np.zeros((0, 3), np.int64)) == 0.0


def test_auto_path_choice(monkeypatch: pytest.MonkeyPatch) -> None:
    """Loaded kernels are always used; small work takes the numpy path; larger work on a cold
    cache takes it with a notice, and work too large for it compiles with a notice."""
    heard: list[tuple[str, float]] = []
    monkeypatch.setattr(_warm, "NOTICE", lambda event, s: heard.append((event, s)))
    ww.tournament(["tft", "alld"], turns=5, seed=1, backend="compiled")  # load the kernel
    assert _warm.loaded(["memory-one"]) and _warm.choose(1e6, ["memory-one"]) == "compiled"
    monkeypatch.setattr(_warm, "loaded", lambda kernels: False)
    assert _warm.choose(0.2, ["general"]) == "numpy" and heard == []
    monkeypatch.setattr(_warm, "cached", lambda kernels: False)
    assert _warm.choose(5.0, ["general"]) == "numpy"
    assert _warm.choose(500.0, ["general"]) == "compiled"
    assert [e for e, _ in heard] == ["python", "compile"]
    monkeypatch.setattr(_warm, "cached", lambda kernels: True)
    assert _warm.choose(5.0, ["general"]) == "compiled"


def test_a_small_tournament_in_a_fresh_process_imports_no_numba() -> None:
    code = ("import sys, winwin as ww; r = ww.tournament(seed=1); "
            "print('numba' in sys.modules, r.ranking[0])")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout.split()
    assert out[0] == "False"
    assert out[1] == ww.tournament(seed=1, backend="compiled").ranking[0]


def _fresh_env(tmp_path) -> dict[str, str]:
    import os

    env = {k: v for k, v in os.environ.items() if k != "WINWIN_NO_WARMUP"}
    env["NUMBA_CACHE_DIR"] = str(tmp_path / "numba")
    return env


def _stop_background_warmup(cache: Path) -> None:
    """Read the holder's pid from the warmup lock and end its session (the compile itself is
    the slow test's business)."""
    import os
    import signal
    import time

    lock = cache / "winwin-warmup.lock"
    for _ in range(100):
        text = lock.read_text().strip() if lock.exists() else ""
        if text:
            try:
                os.killpg(int(text), signal.SIGKILL)
            except ProcessLookupError:
                pass
            return
        time.sleep(0.1)
    raise AssertionError("no background warmup started")


def test_a_cold_first_run_answers_on_the_python_path_and_compiles_in_the_background(
        tmp_path: Path) -> None:
    env = _fresh_env(tmp_path)
    run = subprocess.run([sys.executable, "-m", "winwin", "tournament", "--format", "json"],
                         capture_output=True, text=True, env=env, timeout=60)
    try:
        assert run.returncode == 0, run.stderr
        assert "compiling the engine in the background" in run.stderr
    finally:
        _stop_background_warmup(tmp_path / "numba")
    # the same seed gives the compiled path's numbers
    seed = json.loads(run.stdout)["params"]["seed"]
    assert json.loads(run.stdout)["scores"] == pytest.approx(
        ww.tournament(seed=seed, backend="compiled").scores, abs=0)


def test_medium_work_on_a_cold_cache_says_it_takes_the_python_path(
        monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    from winwin.cli import main, warmup

    monkeypatch.delenv("WINWIN_NO_WARMUP")
    monkeypatch.setattr(warmup, "start_in_background", lambda: False)
    monkeypatch.setattr(warmup, "notice", lambda e, s, _said=None: print(
        f"winwin: note {e} {s:.0f}", file=sys.stderr))
    monkeypatch.setattr(_warm, "loaded", lambda kernels: False)
    monkeypatch.setattr(_warm, "cached", lambda kernels: False)
    monkeypatch.setattr(_warm, "PYTHON_RATE", 100.0)  # makes 300 decide-turns 3 s
    assert main(["tournament", "tft", "gradual", "--turns", "300", "--repetitions", "1",
                 "--no-self-play", "--format", "json"]) == 0
    out = capsys.readouterr()
    assert "winwin: note python 3" in out.err
    assert json.loads(out.out)["players"] == ["tit-for-tat", "gradual"]
    assert _warm.NOTICE is None  # the CLI's hook ends with the command


def test_the_notes_say_how_long_and_why() -> None:
    import io
    from contextlib import redirect_stderr

    from winwin.cli import warmup

    err = io.StringIO()
    with redirect_stderr(err):
        warmup.notice("python", 4.2, set())
        warmup.notice("compile", 45, set())
        said: set[str] = set()
        warmup.notice("python", 2, said)
        warmup.notice("python", 2, said)  # once per process
    lines = err.getvalue().splitlines()
    assert len(lines) == 3
    assert "Python path (about 4 s, same results)" in lines[0]
    assert "compiling the engine's kernels" in lines[1] and "winwin warmup" in lines[1]


@pytest.mark.slow
def test_the_background_warmup_compiles_everything_and_the_next_run_is_quiet(
        tmp_path: Path) -> None:
    import time

    env = _fresh_env(tmp_path)
    first = subprocess.run([sys.executable, "-m", "winwin", "tournament", "tft", "alld"],
                           capture_output=True, text=True, env=env, timeout=60)
    assert "background" in first.stderr
    cache = tmp_path / "numba"
    deadline = time.monotonic() + 600
    while not list(cache.glob("winwin-warm-*")):
        assert time.monotonic() < deadline, "the background warmup did not finish"
        time.sleep(1)
    second = subprocess.run([sys.executable, "-m", "winwin", "tournament", "--turns", "20000"],
                            capture_output=True, text=True, env=env, timeout=60)
    assert second.returncode == 0 and "winwin:" not in second.stderr
    foreground = subprocess.run([sys.executable, "-m", "winwin", "warmup"], capture_output=True,
                                text=True, env=env, timeout=120)
    assert "[7/7] lattices" in foreground.stderr and "kernels ready" in foreground.stdout
