"""Side by side with EGTtools (when it is installed; it is no dependency of winwin): the same
chain, the same stationary vector, fixation and gradient, and the payoff-scale conversion the
notes state: EGTtools reads per-turn payoffs, so its beta is winwin's beta on
``payoffs="per-turn"`` and ``beta / turns`` on per-match totals."""

from __future__ import annotations

import numpy as np
import pytest

import winwin.evolution as ev

egt = pytest.importorskip("egttools")
from egttools.analytical import PairwiseComparison  # noqa: E402
from egttools.games import Matrix2PlayerGameHolder  # noqa: E402


def _theirs(z: int, a: np.ndarray) -> tuple[object, object]:
    """EGTtools' process and its game (the process keeps only a reference: hold both)."""
    game = Matrix2PlayerGameHolder(len(a), np.array(a, np.float64))
    return PairwiseComparison(z, game), game


def _egt_order(states: np.ndarray, z: int) -> np.ndarray:
    return np.array([egt.calculate_state(z, np.asarray(s, np.int64)) for s in states])


def test_same_stationary_vector_and_the_scale_conversion() -> None:
    turns, beta, z, mu = 10, 1.0, 20, 0.01
    table = ev.payoff_table(["tft", "alld", "wsls"], turns=turns)
    theirs, _game = _theirs(z, table.per_turn)
    t = theirs.calculate_transition_matrix(beta, mu)
    pi = egt.utils.calculate_stationary_distribution(t.transpose())
    per_turn = ev.stationary_distribution(table, z, mutation=mu, process="pairwise",
                                          beta=beta, payoffs="per-turn")
    totals = ev.stationary_distribution(table, z, mutation=mu, process="pairwise",
                                        beta=beta / turns)
    order = _egt_order(per_turn.states, z)
    assert np.abs(pi[order] - per_turn.distribution).max() < 1e-10
    assert np.abs(pi[order] - totals.distribution).max() < 1e-10
    ours = ev.transition_matrix(table, z, mutation=mu, process="pairwise", beta=beta,
                                payoffs="per-turn").dense()
    assert np.abs(t.toarray()[np.ix_(order, order)] - ours).max() < 1e-14
    # the same beta on different scales is a different model: the numbers a user would see
    naive = ev.stationary_distribution(table, z, mutation=mu, process="pairwise", beta=beta)
    assert np.abs(pi[order] - naive.distribution).max() > 1e-3


def test_same_fixation_and_small_mutation_limit() -> None:
    a = np.array([[3.0, 0.5, 4.0], [4.5, 1.0, 0.2], [1.0, 3.5, 2.0]])
    z, beta = 30, 0.7
    theirs, _game = _theirs(z, a)
    rho = ev.fixation_probabilities(a, z, process="pairwise", beta=beta)
    for i in range(3):
        for j in range(3):
            if i != j:
                # EGTtools rounds tiny probabilities to 0 (here 1.2e-10 -> 0): absolute 1e-9
                assert np.isclose(theirs.calculate_fixation_probability(i, j, beta),
                                  rho[i, j], rtol=1e-9, atol=1e-9)
    transitions, _ = theirs.calculate_transition_and_fixation_matrix_sml(beta)
    stationary = egt.utils.calculate_stationary_distribution(np.asarray(transitions).T)
    ours = ev.small_mutation(a, z, process="pairwise", beta=beta).stationary
    assert np.abs(np.asarray(stationary) - ours).max() < 1e-10


def test_same_gradient_of_selection() -> None:
    a = np.array([[3.0, 0.0], [5.0, 1.0]])
    z, beta = 25, 0.4
    theirs, _game = _theirs(z, a)
    g = ev.gradient_of_selection(a, z, process="pairwise", beta=beta)
    for x, ours in zip(g.points, g.gradient, strict=True):
        state = np.array([round(x[0] * z), round(x[1] * z)], np.int64)
        assert abs(theirs.calculate_gradient_of_selection(beta, state)[0] - ours) < 1e-12
