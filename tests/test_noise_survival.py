"""Every built-in strategy survives noise and probabilistic ends, on both paths, with the same
moves: a property over seeds, noise levels and lengths, and a slow sweep of thousands of
matches per strategy against a mixed line-up."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import winwin as ww
from winwin.strategies import registry

ALL = sorted(c.slug for c in registry().builtins())
MIXED = ["tft", "alld", "allc", "random", "alternator", "grudger", "wsls", "gtft", "detective",
         "cycler(pattern=CCD)"]


@settings(max_examples=120, deadline=None)
@given(st.sampled_from(ALL), st.sampled_from(MIXED), st.sampled_from([0.0, 0.01, 0.05, 0.2, 0.5]),
       st.sampled_from([dict(turns=1), dict(turns=60), dict(turns=201), dict(prob_end=0.02),
                        dict(prob_end=0.3)]),
       st.integers(0, 2**63))
def test_no_strategy_raises_and_both_paths_agree(strategy: str, opponent: str, noise: float,
                                                 kw: dict, seed: int) -> None:
    a = ww.match(strategy, opponent, noise=noise, seed=seed, backend="compiled", **kw)
    b = ww.match(strategy, opponent, noise=noise, seed=seed, backend="python", **kw)
    assert np.array_equal(a.actions, b.actions)
    assert np.isfinite(a.mean_scores).all()


@pytest.mark.slow
@pytest.mark.parametrize("noise", [0.05, 0.2])
@pytest.mark.parametrize("kw", [dict(turns=200), dict(prob_end=0.01)])
def test_thousands_of_matches_per_strategy_against_a_mixed_line_up(noise: float,
                                                                   kw: dict) -> None:
    """Every strategy meets the mixed line-up 2,000 times (2,000 streams), compiled; then 20
    times on the Python path, which must give the same counts."""
    players = ALL + MIXED
    pairs = [(i, len(ALL) + j) for i in range(len(ALL)) for j in range(len(MIXED))]
    from winwin.tournament import Plan, run

    plan = Plan.build(players, repetitions=2000, noise=noise, seed=7, pairs=pairs, **kw)
    r = run(plan, backend="compiled", progress=False)
    assert np.isfinite(r.score_array).all() and (r.counts.sum(axis=2) == r.lengths).all()
    few = Plan.build(players, repetitions=20, noise=noise, seed=7, pairs=pairs, **kw)
    fast = run(few, backend="compiled", progress=False)
    slow = run(few, backend="python", progress=False)
    assert np.array_equal(fast.counts, slow.counts)
