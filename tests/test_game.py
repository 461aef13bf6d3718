from __future__ import annotations

import itertools
import warnings

import pytest
from hypothesis import given
from hypothesis import strategies as st

import winwin as ww
from winwin.game import FAMILIES, Game, classify, parse_game


def test_presets_have_the_published_payoffs() -> None:
    assert parse_game("pd").payoffs == (3, 0, 5, 1)
    assert parse_game("trust").payoffs == (2, -1, 3, 0)
    assert parse_game("donation").payoffs == (2, -1, 3, 0)  # b=3, c=1: R=b-c, S=-c, T=b, P=0
    assert parse_game("donation(b=5,c=2)").payoffs == (3, -2, 5, 0)
    assert parse_game(None).payoffs == (3, 0, 5, 1)
    assert parse_game("stag-hunt").family == "stag-hunt"
    assert parse_game("chicken").family == "chicken"
    assert parse_game("pd(T=4)").payoffs == (3, 0, 4, 1)


def test_numbers_and_asymmetric_games() -> None:
    g = parse_game("3,0,5,1")
    assert g.is_symmetric and g.is_prisoners_dilemma and g.spec() == "3,0,5,1"
    a = parse_game("3,0,5,1/2,0,3,1")
    assert not a.is_symmetric
    assert a.payoffs_1 == (3, 0, 5, 1) and a.payoffs_2 == (2, 0, 3, 1)
    assert parse_game(a.spec()) == a
    # the bimatrix form: column player's payoff when row plays C and column plays D is its T
    row, col = a.bimatrix()
    assert row == [[3, 0], [5, 1]] and col == [[2, 3], [0, 1]]
    b = Game.asymmetric(row, col)
    assert b == a
    with pytest.raises(ww.WinwinError, match="symmetric"):
        _ = a.family


@pytest.mark.parametrize("spec,field", [
    ("3,0,5", "game"), ("3,0,5,x", "game"), ("3,0,5,inf", "game"), ("nope", "game"),
    ("pd(X=1)", "game pd"), ("pd(T=abc)", "game pd.T"), ("", "game"), ("1,2,3,4/1,2", "game"),
])
def test_malformed_games_name_the_field(spec: str, field: str) -> None:
    with pytest.raises(ww.ParameterError) as info:
        parse_game(spec)
    assert info.value.field == field


def test_a_changed_pd_preset_must_stay_a_pd() -> None:
    with pytest.raises(ww.ParameterError, match="Prisoner's Dilemma"):
        parse_game("pd(T=2)")  # T < R
    with pytest.raises(ww.ParameterError, match="2R > T"):
        parse_game("pd(T=7)")  # 2R = 6 < T + S = 7
    with pytest.raises(ww.ParameterError):
        parse_game("donation(b=1,c=2)")  # a cost above the benefit is no dilemma


def test_raw_numbers_that_are_no_pd_warn() -> None:
    with pytest.warns(ww.GameWarning, match="stag-hunt"):
        parse_game("4,1,3,2")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        parse_game("3,0,5,1")
        parse_game("stag-hunt")  # asked for by name: no warning


def test_validation_of_constructors() -> None:
    with pytest.raises(ww.ParameterError, match="R="):
        Game.symmetric(float("nan"), 0, 5, 1)
    with pytest.raises(ww.ParameterError, match="2x2"):
        Game.asymmetric([[1, 2, 3], [4, 5, 6]], [[1, 2], [3, 4]])


def _pure_equilibria(R: float, S: float, T: float, P: float) -> set[str]:
    """Pure Nash equilibria of the symmetric game by brute force over the four cells."""
    u = {("C", "C"): R, ("C", "D"): S, ("D", "C"): T, ("D", "D"): P}
    eq = set()
    for a, b in itertools.product("CD", repeat=2):
        best_a = all(u[(a, b)] >= u[(x, b)] for x in "CD")
        best_b = all(u[(b, a)] >= u[(y, a)] for y in "CD")
        if best_a and best_b:
            eq.add(a + b)
    return eq


EQUILIBRIA = {
    "prisoners-dilemma": {"DD"}, "deadlock": {"DD"}, "harmony": {"CC"},
    "stag-hunt": {"CC", "DD"}, "coordination": {"CC", "DD"},
    "chicken": {"CD", "DC"}, "battle-of-the-sexes": {"CD", "DC"},
}


def test_every_strict_ordering_gets_a_family_with_its_equilibria() -> None:
    seen = set()
    for perm in itertools.permutations([1.0, 2.0, 3.0, 4.0]):
        R, S, T, P = perm
        fam = classify(R, S, T, P)
        assert fam in FAMILIES
        assert _pure_equilibria(R, S, T, P) == EQUILIBRIA[fam], (perm, fam)
        # the best symmetric outcome tells the dilemmas from their no-dilemma twins
        if fam in ("prisoners-dilemma", "stag-hunt", "chicken"):
            assert R > P
        if fam in ("deadlock", "coordination"):
            assert P > R
        seen.add(fam)
    assert seen == set(EQUILIBRIA)
    assert classify(3, 3, 5, 1) == "degenerate"


@given(st.permutations([1.0, 2.0, 3.0, 4.0]), st.floats(0.1, 10), st.floats(-5, 5))
def test_family_is_invariant_under_affine_rescaling(perm: list[float], a: float, b: float) -> None:
    R, S, T, P = perm
    assert classify(R, S, T, P) == classify(*(a * x + b for x in (R, S, T, P)))


def test_named_orderings() -> None:
    assert classify(3, 0, 5, 1) == "prisoners-dilemma"  # T > R > P > S
    assert classify(3, 1, 5, 0) == "chicken"  # T > R > S > P
    assert classify(4, 1, 3, 2) == "stag-hunt"  # R > T > P > S
    assert classify(2, 1, 4, 3) == "deadlock"  # T > P > R > S
    assert classify(4, 2, 3, 1) == "harmony"  # R > T > S > P


def test_classify_dominance() -> None:
    # harmony: C dominates (R > T and S > P) whatever the rest of the order
    for R, S, T, P in [(4, 3, 2, 1), (4, 2, 3, 1), (3, 4, 2, 1), (2, 4, 1, 3)]:
        assert classify(R, S, T, P) == "harmony"
    assert classify(3, 0, 5, 1) == "prisoners-dilemma"
    assert classify(2, 0, 3, 2.5) == "deadlock"
