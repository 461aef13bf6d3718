"""Every bad input answered in one line naming what was wrong (exit 2 / ParameterError),
before any work: the cases of the first-five-minutes issue that earlier tables did not hold."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

import winwin as ww
from winwin.analysis import expected_payoffs
from winwin.cli import main
from winwin.evolution.exact import fixation_probability

CLI = [
    (["moran", "tft", "alld", "--turns", "10", "--long-run"], "--turns 10", "--long-run"),
    (["moran", "tft", "alld", "--prob-end", "0.1", "--long-run"], "--prob-end", "--long-run"),
    (["replicator", "tft=0.5", "alld=0.5", "--simulate", "--long-run"], "--simulate",
     "long-run"),
    (["tournament", "tft", "alld", "--plot-kind", "ranking"], "--plot-kind", "--plot FILE"),
    (["tournament", "tft", "alld", "--game", "1e308,0,1e308,1"], "--game", "1e+09"),
    (["tournament", "tft", "alld", "--game", "3,0,5,-1e10/3,0,5,1"], "--game", "1e+09"),
    (["tournament", "tft", "alld", "--game", "pd(T=1e300)"], "game pd.T", "1e+09"),
    (["tournament", "tft", "alld", "--backend", "fast"], "--backend", "numpy"),
    (["play", "tft", "--turns", "3", "--prob-end", "0.5"], "--prob-end", "not with --turns"),
    (["play", "tft", "--prob-end", "1e-9"], "--prob-end", "for a person to play"),
]


@pytest.mark.parametrize("args,option,allowed", CLI)
def test_cli_refuses_in_one_line(capsys: pytest.CaptureFixture[str], args: list[str],
                                 option: str, allowed: str) -> None:
    assert main(args) == 2
    out = capsys.readouterr()
    err = out.err.strip()
    assert out.out == "" and len(err.splitlines()) == 1 and len(err) <= 200, err
    assert err.startswith("winwin: error: ") and option in err and allowed in err, err


def test_a_loaded_class_without_a_slug_is_named(tmp_path: Path,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    f = tmp_path / "mine.py"
    f.write_text("import winwin as ww\nclass Mine(ww.Strategy):\n"
                 "    def decide(self, view):\n        return 'C'\n")
    assert main(["--load", str(f), "tournament", "tft", "alld"]) == 2
    err = capsys.readouterr().err
    assert "Mine has no slug, so nothing was loaded" in err and "slug =" in err


def test_decide_returning_a_bare_number_is_refused_but_moves_are_not() -> None:
    class One(ww.Strategy, register=False):
        slug = "test-bare-one"
        name = "One"

        def decide(self, view):  # type: ignore[no-untyped-def]
            return 1  # "1 = cooperate"? or D? refused

    class Echo(ww.Strategy, register=False):
        slug = "test-echo"
        name = "Echo"

        def decide(self, view):  # type: ignore[no-untyped-def]
            return ww.C if view.turn == 0 else view.opponent[-1]  # a move from the view

    with pytest.raises(ww.StrategyRuntimeError, match="the number 1, which is ambiguous"):
        ww.match(One(), "tft", turns=3, seed=1)
    m = ww.match(Echo(), "alternator", turns=6, seed=1)
    assert m.actions_text() == ww.match("tft", "alternator", turns=6, seed=1).actions_text()
    assert repr(ww.C) == "C" and ww.D == 1 and isinstance(ww.D, int)


def test_python_api_raises_parameter_errors_not_value_errors() -> None:
    with pytest.raises(ww.ParameterError, match="four per-match payoffs"):
        fixation_probability([1, 2, 3], 10, w=0.1)
    with pytest.raises(ww.ParameterError, match="memory-one strategies"):
        expected_payoffs("tft", "gradual")
    with pytest.raises(ww.ParameterError, match="probabilities"):
        expected_payoffs([1, 1, 0, 1, 2], [1, 1, 0, 1, 0])
    with pytest.raises(ww.ParameterError, match="turns"):
        expected_payoffs("tft", "alld", turns=5, prob_end=0.1)
    with pytest.raises(ww.ParameterError, match="1e\\+09"):
        ww.Game.symmetric(1e308, 0, 5, 1)
    with pytest.raises(ww.ParameterError, match="long-run"):
        ww.evolution.payoff_table(["tft", "alld"], turns=10, long_run=True)


def test_expected_payoffs_take_names_as_their_vectors() -> None:
    """tft against alld over 10 turns: 0 then 1 x 9 for tft, 5 then 1 x 9 for alld."""
    got = expected_payoffs("tft", "alld", turns=10)
    assert np.allclose(got, [[0.9, 1.4]])
    by_vectors = expected_payoffs(ww.get_strategy("wsls").memory_one(ww.parse_game("pd")),
                                  ww.get_strategy("gtft").memory_one(ww.parse_game("pd")),
                                  noise=0.01)
    assert np.allclose(expected_payoffs(["wsls"], ["gtft"], noise=0.01), by_vectors)


def test_a_compiled_kernel_fault_is_one_line_never_a_system_error(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """Fault injection: the kernel raises as numba does from a prange loop. The rows are
    replayed on the Python path; they play fine there, so the message says how to go on."""
    from winwin import engine

    def broken(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise SystemError("<built-in function kernel> returned a result with an exception set")

    monkeypatch.setattr(engine, "_play_compiled", broken)
    with pytest.raises(ww.WinwinError, match="compiled engine failed .*backend='python'"):
        ww.tournament(["tft", "gradual"], turns=10, seed=1, backend="compiled")
    r = ww.tournament(["tft", "gradual"], turns=10, seed=1, backend="python")
    assert r.ranking
