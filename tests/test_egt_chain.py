"""The full chain with mutation: its matrix against a literal enumeration of the process's
events, its stationary vector against numpy's dense eigenvector (to 1e-10), two strategies
against detailed balance, the small-mutation limit recovered as mutation -> 0, and bad input
refused before any work."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import winwin.evolution as ev
from egt_reference import dense_stationary, matrix_payoff, reference_chain
from winwin._errors import ParameterError
from winwin.evolution.chain import (
    chain_memory,
    dissection_order,
    stationary_distribution,
    transition_matrix,
)

A3 = np.array([[3.0, 0.5, 4.0], [4.5, 1.0, 0.2], [1.0, 3.5, 2.0]])
CASES = [("birth-death", "linear", 0.4), ("death-birth", "linear", 0.7),
         ("pairwise", "linear", 1.3), ("birth-death", "exponential", 0.8),
         ("death-birth", "exponential", 0.3)]


def _kw(process: str, intensity: float) -> dict[str, float]:
    return {"beta": intensity} if process == "pairwise" else {"w": intensity}


def _reference(a: np.ndarray, z: int, process: str, selection: str, intensity: float,
               mu: float) -> tuple[list[tuple[int, ...]], np.ndarray]:
    return reference_chain(lambda s, i: matrix_payoff(a, s, i, z), len(a), z, process,
                           intensity, mu, selection)


def _align(chain_states: np.ndarray, ref_states: list[tuple[int, ...]]) -> np.ndarray:
    where = {tuple(s): n for n, s in enumerate(chain_states.tolist())}
    return np.array([where[s] for s in ref_states])


@pytest.mark.parametrize("process,selection,intensity", CASES)
def test_matrix_is_the_enumerated_process(process: str, selection: str, intensity: float
                                          ) -> None:
    z, mu = 7, 0.06
    c = transition_matrix(A3, z, mutation=mu, process=process, selection=selection,
                          **_kw(process, intensity))
    ref_states, ref = _reference(A3, z, process, selection, intensity, mu)
    order = _align(c.states, ref_states)
    assert np.abs(c.dense()[np.ix_(order, order)] - ref).max() < 1e-14


@pytest.mark.parametrize("process,selection,intensity", CASES)
@pytest.mark.parametrize("solver", ["direct", "iterative", "auto"])
def test_stationary_matches_the_dense_eigenvector(process: str, selection: str,
                                                  intensity: float, solver: str) -> None:
    z, mu = 9, 0.02
    r = stationary_distribution(A3, z, mutation=mu, process=process, selection=selection,
                                solver=solver, **_kw(process, intensity))
    ref_states, ref = _reference(A3, z, process, selection, intensity, mu)
    pi = dense_stationary(ref)
    assert np.abs(r.distribution[_align(r.states, ref_states)] - pi).max() < 1e-10
    assert r.residual < 1e-10
    assert abs(r.distribution.sum() - 1) < 1e-12


def test_four_strategies_match_the_dense_eigenvector() -> None:
    a = np.random.default_rng(4).uniform(0, 3, (4, 4))
    r = stationary_distribution(a, 8, mutation=0.01, process="pairwise", beta=2.0)
    ref_states, ref = _reference(a, 8, "pairwise", "linear", 2.0, 0.01)
    assert np.abs(r.distribution[_align(r.states, ref_states)] - dense_stationary(ref)).max() \
        < 1e-10


def test_two_strategies_satisfy_detailed_balance() -> None:
    """A one-dimensional chain is reversible: pi(i+1) / pi(i) = T+(i) / T-(i+1)."""
    a = np.array([[3.0, 0.0], [5.0, 1.0]])
    z, mu = 30, 0.01
    r = stationary_distribution(a, z, mutation=mu, process="pairwise", beta=0.5)
    c = transition_matrix(a, z, mutation=mu, process="pairwise", beta=0.5)
    t = c.dense()
    i = c.states[:, 0]
    order = np.argsort(i)  # ascending number of the first strategy
    pi = r.distribution[order]
    up = np.array([t[order[m], order[m + 1]] for m in range(z)])
    down = np.array([t[order[m + 1], order[m]] for m in range(z)])
    ratio = np.cumprod(np.concatenate([[1.0], up / down]))
    assert np.abs(pi - ratio / ratio.sum()).max() < 1e-12


@pytest.mark.parametrize("process,kw", [("birth-death", {"w": 0.3}), ("pairwise", {"beta": 0.7})])
def test_small_mutation_limit_is_recovered(process: str, kw: dict[str, float]) -> None:
    table = ev.PayoffTable.from_matrix(A3, ["a", "b", "c"])
    sml = ev.small_mutation_limit(table, 12, process="moran" if process == "birth-death"
                                  else "pairwise", **kw)
    errors = []
    for mu in (1e-5, 1e-6, 1e-7):
        r = stationary_distribution(table, 12, mutation=mu, process=process, **kw)
        assert r.monomorphic.sum() > 1 - 1e-3
        errors.append(np.abs(r.monomorphic - sml.stationary).max())
    assert errors[-1] < 1e-5
    assert errors[0] > errors[1] > errors[2]  # converging as mutation -> 0


def test_neutral_drift_is_symmetric() -> None:
    r = stationary_distribution(A3, 15, mutation=0.03, w=0.0)
    assert np.allclose(r.marginals, 1 / 3, atol=1e-12)


def test_results_read_well() -> None:
    r = stationary_distribution(A3, 20, mutation=0.01, process="pairwise", beta=1.0)
    top = r.top(3)
    assert top[0]["probability"] >= top[1]["probability"] >= top[2]["probability"]
    assert r.probability([top[0]["state"][p] for p in r.players]) == top[0]["probability"]
    assert abs(r.marginals.sum() - 1) < 1e-12
    d = r.to_dict()
    assert d["n_states"] == 231 and d["params"]["mutation"] == 0.01
    assert d["params"]["payoffs"]["scale"] == "total"
    assert list(r.to_frame().columns) == ["s0", "s1", "s2", "probability"]


def test_payoff_scale_reaches_the_chain() -> None:
    table = ev.payoff_table(["tft", "alld", "allc"], turns=10)
    total = stationary_distribution(table, 10, mutation=0.01, process="pairwise", beta=0.1)
    per_turn = stationary_distribution(table, 10, mutation=0.01, process="pairwise", beta=1.0,
                                       payoffs="per-turn")
    assert np.abs(total.distribution - per_turn.distribution).max() < 1e-12
    assert per_turn.params["payoffs"]["scale"] == "per-turn"


def test_dissection_order_is_a_permutation() -> None:
    s = ev.chain.states_of(4, 12) if hasattr(ev, "chain") else None
    from winwin.evolution._population import states_of

    s = states_of(4, 12)
    p = dissection_order(s, leaf=8)
    assert sorted(p.tolist()) == list(range(len(s)))


@given(st.integers(2, 4), st.integers(2, 9), st.floats(0, 1),
       st.sampled_from(["birth-death", "death-birth", "pairwise"]), st.integers(0, 2**32 - 1))
def test_rows_are_probabilities(k: int, z: int, mu: float, process: str, seed: int) -> None:
    a = np.random.default_rng(seed).uniform(0, 4, (k, k))
    c = transition_matrix(a, z, mutation=mu, process=process, **_kw(process, 0.5))
    m = c.dense()
    assert np.all(m >= -1e-15) and np.allclose(m.sum(axis=1), 1.0, atol=1e-12)
    assert len(c.states) == chain_memory(k, z)["states"]


@pytest.mark.parametrize("call,field", [
    (lambda: stationary_distribution(A3, 10, mutation=1.5), "mutation"),
    (lambda: stationary_distribution(A3, 10, mutation=-0.1), "mutation"),
    (lambda: stationary_distribution(A3, 10, mutation=0.0), "mutation"),
    (lambda: stationary_distribution(A3, 10, mutation=0.1, solver="magic"), "solver"),
    (lambda: stationary_distribution(A3, 1, mutation=0.1), "population"),
    (lambda: stationary_distribution(A3, 10, mutation=0.1, process="pairwise", w=0.1), "w"),
    (lambda: stationary_distribution(A3, 10, mutation=0.1, payoffs="per-match"), "payoffs"),
    (lambda: stationary_distribution(A3, 300, mutation=0.1, solver="dense"), "solver"),
])
def test_bad_input_is_refused(call, field: str) -> None:
    with pytest.raises(ParameterError) as e:
        call()
    assert e.value.field == field


def test_a_chain_too_large_is_refused_with_the_estimate() -> None:
    a = np.eye(8)
    with pytest.raises(ParameterError) as e:
        stationary_distribution(a, 2000, mutation=0.1)
    assert e.value.field == "population" and "GiB" in str(e.value) and "states" in str(e.value)
