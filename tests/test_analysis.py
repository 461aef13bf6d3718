"""Exact memory-one analysis against independent oracles: closed forms, direct summation,
eigenvectors, zero-determinant theorems, and simulation within statistical tolerance."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import winwin as ww
from winwin.analysis import expected_outcomes, expected_payoffs, transition_matrices
from winwin.strategies import get_strategy

PD = ww.parse_game("pd")
probs = st.floats(0.0, 1.0)
vectors = st.tuples(probs, probs, probs, probs, probs)


def vec(spec: str) -> list[float]:
    v = get_strategy(spec).memory_one(PD)
    assert v is not None
    return list(v)


@pytest.mark.parametrize("n", [1, 2, 10, 200, 1001])
def test_tit_for_tat_against_defector_closed_form(n: int) -> None:
    # TFT: S on the first turn then P; ALLD: T then P.  Per turn: (S + (n-1)P)/n, (T + (n-1)P)/n
    got = expected_payoffs(np.array([vec("tft")]), np.array([vec("alld")]), turns=n)[0]
    assert got == pytest.approx([(0 + (n - 1)) / n, (5 + (n - 1)) / n], abs=1e-13)
    m = ww.match("tft", "alld", turns=n, seed=1)
    assert m.scores == (n - 1, 5 + n - 1)


def _direct_sum(p: np.ndarray, q: np.ndarray, noise: float, weights: list[float]) -> np.ndarray:
    v0, m = transition_matrices(p, q, noise)
    v, acc = v0[0], np.zeros(4)
    for w in weights:
        acc += w * v
        v = v @ m[0]
    return acc


@given(vectors, vectors, st.sampled_from([0.0, 0.01, 0.2]), st.integers(1, 60))
def test_finite_horizon_equals_direct_iteration(p: tuple, q: tuple, noise: float, n: int) -> None:
    P, Q = np.array([p]), np.array([q])
    want = _direct_sum(P, Q, noise, [1.0 / n] * n)
    assert expected_outcomes(P, Q, turns=n, noise=noise)[0] == pytest.approx(want, abs=1e-12)


@given(vectors, vectors, st.sampled_from([0.0, 0.05]), st.sampled_from([0.5, 0.1, 0.02]))
def test_prob_end_equals_discounted_sum(p: tuple, q: tuple, noise: float, pe: float) -> None:
    P, Q = np.array([p]), np.array([q])
    horizon = int(math.log(1e-17) / math.log(1 - pe)) + 1
    want = _direct_sum(P, Q, noise, [pe * (1 - pe) ** t for t in range(horizon)])
    assert expected_outcomes(P, Q, prob_end=pe, noise=noise)[0] == pytest.approx(want, abs=1e-10)


@given(vectors, vectors, st.floats(0.001, 0.3))
def test_long_run_with_noise_is_the_stationary_distribution(p: tuple, q: tuple, e: float) -> None:
    P, Q = np.array([p]), np.array([q])
    _, m = transition_matrices(P, Q, e)
    w, v = np.linalg.eig(m[0].T)
    pi = np.real(v[:, np.argmin(abs(w - 1))])
    pi /= pi.sum()
    assert expected_outcomes(P, Q, noise=e)[0] == pytest.approx(pi, abs=1e-9)


@given(vectors)
def test_zero_determinant_strategies_enforce_their_relations(q: tuple) -> None:
    Q = np.array([q])
    sx, sy = expected_payoffs(np.array([vec("extort-2")]), Q)[0]
    assert sx - 1 == pytest.approx(2 * (sy - 1), abs=1e-8)  # s_X - P = 2 (s_Y - P)
    sx, sy = expected_payoffs(np.array([vec("zd-gtft-2")]), Q)[0]
    assert sx - 3 == pytest.approx(2 * (sy - 3), abs=1e-8)  # s_X - R = 2 (s_Y - R)
    _, sy = expected_payoffs(np.array([vec("equalizer")]), Q)[0]
    assert sy == pytest.approx(2.0, abs=1e-8)  # the opponent's score is pinned at 2


def test_known_long_run_values() -> None:
    # TFT vs STFT alternate CD/DC forever: (S + T)/2 each
    got = expected_payoffs(np.array([vec("tft")]), np.array([vec("stft")]))[0]
    assert got == pytest.approx([2.5, 2.5], abs=1e-12)
    # two WSLS under noise recover cooperation: a known value, checked by eigenvector above
    wsls = np.array([vec("wsls")])
    assert expected_payoffs(wsls, wsls, noise=0.0)[0] == pytest.approx([3, 3])


DETERMINISTIC = ["tft", "stft", "wsls", "alld", "allc", "alternator", "bully",
                 "anti-tit-for-tat", "memory-one(p=[1,0,0,0],first=1)",
                 "memory-one(p=[0,1,1,0],first=0)"]


@pytest.mark.parametrize("game", ["pd", "trust", "3,0,5,1/2,-1,4,0"])
def test_deterministic_pairs_exact_equals_the_engine(game: str) -> None:
    g = ww.parse_game(game)
    r = ww.tournament(DETERMINISTIC, turns=37, repetitions=1, seed=1, game=game)
    vs = np.array([get_strategy(s).memory_one(g) for s in DETERMINISTIC])
    i, j = r.pairs[:, 0], r.pairs[:, 1]
    exact = expected_payoffs(vs[i], vs[j], game=g, turns=37)
    sim = np.stack([r.counts[:, 0] @ np.array(g.payoffs_1),
                    r.counts[:, 0] @ np.array(g.payoffs_2)[[0, 2, 1, 3]]], axis=1) / 37
    assert np.allclose(exact, sim, rtol=0, atol=1e-12)


@pytest.mark.parametrize("kw", [dict(turns=50, noise=0.05), dict(prob_end=0.04, noise=0.02),
                                dict(turns=20, noise=0.0)])
def test_stochastic_pairs_agree_with_simulation(kw: dict) -> None:
    players = ["gtft", "extort-2", "joss", "random(p=0.3)", "wsls", "firm-but-fair", "tft"]
    reps = 400
    r = ww.tournament(players, repetitions=reps, seed=12, **kw)
    from winwin.results import payoff_totals

    pa, _ = payoff_totals(r.counts, r.game)
    vs = np.array([vec(s) for s in players])
    i, j = r.pairs[:, 0], r.pairs[:, 1]
    exact = expected_payoffs(vs[i], vs[j], turns=kw.get("turns"), prob_end=kw.get("prob_end"),
                             noise=kw["noise"])[:, 0]
    lengths = r.lengths.astype(float)
    for k in range(len(r.pairs)):
        ratio = pa[k].sum() / lengths[k].sum()
        # standard error of a ratio estimator (delta method); 5 SE is a per-pair false-alarm
        # rate below 1e-6
        resid = pa[k] - ratio * lengths[k]
        se = resid.std(ddof=1) / (lengths[k].mean() * math.sqrt(reps))
        assert abs(ratio - exact[k]) <= 5 * se + 1e-12, (players[i[k]], players[j[k]])


@given(vectors, st.integers(1, 120), st.integers(0, 2**32))
def test_tit_for_tat_never_outscores_its_opponent(q: tuple, turns: int, seed: int) -> None:
    opp = f"memory-one(p=[{q[1]},{q[2]},{q[3]},{q[4]}],first={q[0]})"
    m = ww.match("tit-for-tat", opp, turns=turns, seed=seed)
    assert m.scores[0] <= m.scores[1]


def test_exact_match_api_and_errors() -> None:
    m = ww.match("extort-2", "wsls", exact=True)
    assert m.exact and m.mean_scores == pytest.approx((2.25, 1.625), abs=1e-12)
    assert ww.match("tft", "alld", turns=10, exact=True).mean_scores == pytest.approx((0.9, 1.4))
    with pytest.raises(ww.ParameterError, match="memory-one strategies only"):
        ww.match("gradual", "tft", exact=True)


@pytest.mark.parametrize("kw", [dict(turns=50, noise=0.02), dict(prob_end=0.05)])
def test_exact_tournament_is_the_expectation_of_the_simulated_one(kw: dict) -> None:
    players = ["gtft", "extort-2", "wsls", "tft", "random(p=0.4)"]
    ex = ww.tournament(players, exact=True, **kw)
    vs = np.array([vec(s) for s in players])
    i, j = ex.pairs[:, 0], ex.pairs[:, 1]
    want = expected_payoffs(vs[i], vs[j], turns=kw.get("turns"), prob_end=kw.get("prob_end"),
                            noise=kw.get("noise", 0.0))
    for k, (a, b) in enumerate(ex.pairs):
        if a != b:
            assert ex.payoff_matrix[a, b] == pytest.approx(want[k, 0], abs=1e-12)
            assert ex.payoff_matrix[b, a] == pytest.approx(want[k, 1], abs=1e-12)
    sim = ww.tournament(players, repetitions=2000, seed=4, **kw)
    assert np.allclose(sim.score_array, ex.score_array, atol=0.02)
    assert ex.params["exact"] is True
    with pytest.raises(ww.ParameterError, match="memory-one"):
        ww.tournament(["gradual", "tft"], exact=True)
    with pytest.raises(ww.ParameterError, match="expectations"):
        ex.match(0, 1)


@given(st.lists(vectors, min_size=1, max_size=20), st.lists(vectors, min_size=20, max_size=20),
       st.sampled_from([0.0, 1e-6, 0.05]), st.sampled_from([dict(turns=1), dict(turns=77),
                                                            dict(prob_end=0.1), dict()]))
def test_compiled_kernel_equals_the_numpy_reference(ps: list, qs: list, noise: float,
                                                    kw: dict) -> None:
    from winwin.analysis import reference_outcomes

    P, Q = np.array(ps), np.array(qs[: len(ps)])
    got = expected_outcomes(P, Q, noise=noise, **kw)
    want = reference_outcomes(P, Q, noise=noise, **kw)
    assert np.allclose(got, want, rtol=0, atol=1e-9)
