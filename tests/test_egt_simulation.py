"""Monte Carlo estimators and Wright-Fisher against exact values: simulated fixation and
stationary shares within 4.5 standard errors of the chain's, the existing Moran simulation
with mutation against the exact chain, Wright-Fisher against its own exact binomial chain
(fixation, neutral drift 1/Z, stationary shares), and checkpoints that resume to the same
run."""

from __future__ import annotations

import importlib

import numpy as np
import pytest
from scipy.stats import binom

import winwin.evolution as ev
from winwin._errors import ParameterError
from winwin.evolution.chain import stationary_distribution
from winwin.evolution.montecarlo import estimate_fixation, estimate_stationary
from winwin.evolution.nplayer import collective_risk, public_goods
from winwin.evolution.wright_fisher import wright_fisher

wf_module = importlib.import_module("winwin.evolution.wright_fisher")  # the function shadows it
A3 = np.array([[3.0, 0.5, 4.0], [4.5, 1.0, 0.2], [1.0, 3.5, 2.0]])
SE = 4.5  # agreement: within this many standard errors


@pytest.mark.parametrize("game,process,kw", [
    ([[3, 0], [5, 1]], "pairwise", {"beta": 0.3}),
    (collective_risk(5, 3, 0.8), "death-birth", {"w": 0.5}),
    (public_goods(4, 3.0), "birth-death", {"w": 0.4}),
])
def test_simulated_fixation_agrees_with_the_exact_value(game, process: str, kw) -> None:
    f = estimate_fixation(game, 12, runs=20_000, process=process, seed=3, **kw)
    assert abs(f.z_score) < SE
    assert f.to_dict()["exact"] == f.exact


@pytest.mark.parametrize("process,kw", [("pairwise", {"beta": 1.0}), ("birth-death", {"w": 0.5}),
                                        ("death-birth", {"w": 0.5})])
def test_simulated_stationary_shares_agree_with_the_chain(process: str, kw) -> None:
    s = estimate_stationary(A3, 12, mutation=0.05, generations=60_000, process=process,
                            seed=5, **kw)
    assert np.all(np.abs(s.z_scores()) < SE)
    # the most visited state is visited as often as the chain says, to a few per cent
    top = int(np.argmax(s.exact.distribution))
    assert abs(s.distribution[top] / s.exact.distribution[top] - 1) < 0.05


def test_simulated_stationary_of_a_group_game() -> None:
    s = estimate_stationary(collective_risk(6, 3, 0.6), 30, mutation=0.02, generations=50_000,
                            beta=5.0, seed=2)
    assert np.all(np.abs(s.z_scores()) < SE)


def test_the_moran_simulation_with_mutation_matches_the_chain() -> None:
    """winwin.evolution.moran (the existing compiled kernel) with mutation: its time-averaged
    shares agree with the exact chain's marginals."""
    table = ev.PayoffTable.from_matrix(A3)
    r = ev.moran(table, 12, process="pairwise", beta=1.0, mutation=0.05, generations=60_000,
                 seed=8, record_every=1)
    shares = r.trajectory[100:] / 12
    batches = np.array_split(shares, 20)
    means = np.array([b.mean(axis=0) for b in batches])
    se = means.std(axis=0, ddof=1) / np.sqrt(len(means))
    exact = stationary_distribution(table, 12, mutation=0.05, process="pairwise", beta=1.0)
    assert np.all(np.abs(means.mean(axis=0) - exact.marginals) < SE * se)


def _wf_chain(a: np.ndarray, z: int, w: float, mu: float) -> np.ndarray:
    """The exact two-strategy Wright-Fisher chain: binomial offspring counts."""
    t = np.zeros((z + 1, z + 1))
    for i in range(z + 1):
        if 0 < i < z:
            fa = 1 - w + w * (a[0, 0] * (i - 1) + a[0, 1] * (z - i)) / (z - 1)
            fb = 1 - w + w * (a[1, 0] * i + a[1, 1] * (z - i - 1)) / (z - 1)
            p = i * fa / (i * fa + (z - i) * fb)
        else:
            p = i / z
        q = (1 - mu) * p + mu * (1 - p)
        t[i] = binom.pmf(np.arange(z + 1), z, q)
    return t


def test_wright_fisher_fixation_agrees_with_the_binomial_chain() -> None:
    a = np.array([[3.0, 0.0], [5.0, 1.0]])
    z, w = 12, 0.2
    t = _wf_chain(a, z, w, 0.0)
    inner = np.arange(1, z)
    h = np.linalg.solve(np.eye(z - 1) - t[np.ix_(inner, inner)], t[inner, z])
    runs = 4000
    wins = sum(wright_fisher(a, [1, z - 1], w=w, seed=s).winner == "s0" for s in range(runs))
    p = wins / runs
    se = np.sqrt(max(p * (1 - p), 1 / runs) / runs)
    assert abs(p - h[0]) < SE * se


def test_wright_fisher_neutral_drift_is_one_over_z() -> None:
    runs, z = 4000, 10
    wins = sum(wright_fisher([[1, 1], [1, 1]], [1, z - 1], w=0.5, seed=s).winner == "s0"
               for s in range(runs))
    se = np.sqrt(0.1 * 0.9 / runs)
    assert abs(wins / runs - 1 / z) < SE * se


def test_wright_fisher_with_mutation_matches_the_stationary_chain() -> None:
    a = np.array([[3.0, 0.0], [5.0, 1.0]])
    z, w, mu = 20, 0.3, 0.02
    t = _wf_chain(a, z, w, mu)
    vals, vecs = np.linalg.eig(t.T)
    pi = np.real(vecs[:, np.argmin(np.abs(vals - 1))])
    pi /= pi.sum()
    exact = float(pi @ np.arange(z + 1) / z)
    r = wright_fisher(a, z, w=w, mutation=mu, generations=200_000, seed=9)
    share = r.trajectory[100:, 0] / z
    means = np.array([b.mean() for b in np.array_split(share, 20)])
    se = means.std(ddof=1) / np.sqrt(20)
    assert abs(means.mean() - exact) < SE * se


def test_wright_fisher_resumes_from_a_checkpoint(tmp_path, monkeypatch) -> None:
    prefix = str(tmp_path / "wf")
    kw = dict(w=0.3, mutation=0.01, generations=5000, seed=4, record_every=10)
    whole = wright_fisher(A3, 30, **kw)
    from winwin.evolution import _kernels as K

    real = K.wright_fisher
    calls = {"n": 0}

    def interrupted(*args):
        calls["n"] += 1
        if calls["n"] == 3:
            raise KeyboardInterrupt
        return real(*args)

    monkeypatch.setattr(wf_module, "CHUNK", 700)
    monkeypatch.setattr(K, "wright_fisher", interrupted)
    with pytest.raises(KeyboardInterrupt):
        wright_fisher(A3, 30, checkpoint=prefix, **kw)
    monkeypatch.setattr(K, "wright_fisher", real)
    resumed = wright_fisher(A3, 30, checkpoint=prefix, **{**kw, "seed": None})
    assert np.array_equal(whole.trajectory, resumed.trajectory)
    assert np.array_equal(whole.generations, resumed.generations)


def test_wright_fisher_runs_group_games() -> None:
    r = wright_fisher(public_goods(5, 8.0), [3, 47], w=0.5, seed=2)
    assert r.winner in ("C", "D") and r.params["game"] == "public-goods"


@pytest.mark.parametrize("call,field", [
    (lambda: wright_fisher(A3, 10, mutation=2.0, generations=5), "mutation"),
    (lambda: wright_fisher(A3, 10, mutation=0.1), "generations"),
    (lambda: wright_fisher(A3, 10, w=1.5), "w"),
    (lambda: wright_fisher([[-5, 0], [0, 1]], 10, w=1.0), "w"),
    (lambda: wright_fisher(public_goods(12, 3), 10, w=0.1), "group"),
    (lambda: estimate_stationary(A3, 10, mutation=0.0), "mutation"),
    (lambda: estimate_fixation(A3, 10, mutant=1, resident=1), "resident"),
])
def test_bad_input_is_refused(call, field: str) -> None:
    with pytest.raises(ParameterError) as e:
        call()
    assert e.value.field == field
