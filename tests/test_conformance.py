"""One conformance suite over the whole registry (every built-in with default parameters, plus
parameterised and user-written strategies): cloning, pickling, seeds, honest traits, legal moves.
"""

from __future__ import annotations

import pickle

import numpy as np
import pytest

import winwin as ww
from helpers import decisions
from winwin.strategies import get_strategy, registry

EXTRA = ["generous-tit-for-tat(q=0.1)", "random(p=0.3)", "memory-one(p=[1,0,1,0.5],first=1)",
         "cycler(pattern=CDD)", "joss(p=0.8)", "lookup-table(opp_depth=2,table=[1,1,1,0])",
         "fsm(transitions=[[0,'C',0,'C'],[0,'D',1,'D'],[1,'C',0,'C'],[1,'D',1,'D']])",
         "dual(tit-for-tat)", "noisy(gradual,e=0.1)", "forgiving(grudger,p=0.2)",
         "initial(tit-for-tat,moves=DDC)", "final(tit-for-tat,n=3)", "noisy(dual(wsls))",
         "dual(detective)", "initial(cycler(pattern=CDD),moves=DC)"]


class Forgiver(ww.Strategy):
    slug = "test-forgiver"
    name = "Test Forgiver"
    rule = "Cooperates unless the opponent defected on both of the last two turns."
    traits = ww.Traits(memory_depth=2, stochastic=False, nice=True)

    def decide(self, view: ww.View) -> str:
        return "D" if view.turn >= 2 and view.opponent[-2:].sum() == 2 else "C"


SPECS = sorted(c.slug for c in registry().builtins()) + EXTRA


def _random_history(rng: np.random.Generator, n: int) -> tuple[list[int], list[int]]:
    return list(rng.integers(0, 2, n)), list(rng.integers(0, 2, n))


@pytest.fixture(params=SPECS + ["__forgiver__"])
def strategy(request: pytest.FixtureRequest) -> ww.Strategy:
    if request.param == "__forgiver__":
        return Forgiver()
    return get_strategy(request.param)


def test_identity_clone_and_repr(strategy: ww.Strategy) -> None:
    assert strategy.clone() == strategy
    assert strategy.clone() is not strategy
    if strategy.slug != "test-forgiver":
        assert get_strategy(strategy.spec) == strategy
    assert strategy.name and strategy.rule and strategy.slug in repr(strategy)


def test_pickle_round_trip(strategy: ww.Strategy) -> None:
    s = pickle.loads(pickle.dumps(strategy))
    assert s == strategy
    assert s.spec == strategy.spec


def test_reset_gives_the_same_play(strategy: ww.Strategy) -> None:
    rng = np.random.default_rng(5)
    own, opp = _random_history(rng, 40)
    assert decisions(strategy, own, opp) == decisions(strategy, own, opp)


def test_same_seed_same_match_on_both_paths(strategy: ww.Strategy) -> None:
    kw = dict(turns=60, noise=0.05, seed=11)
    a = ww.match(strategy, "random", backend="python", **kw)
    b = ww.match(strategy, "random", backend="python", **kw)
    assert np.array_equal(a.actions, b.actions)
    if strategy.compiled(ww.parse_game("pd")) is not None:
        c = ww.match(strategy, "random", backend="compiled", **kw)
        assert np.array_equal(a.actions, c.actions)


def test_traits_are_honest(strategy: ww.Strategy) -> None:
    t = strategy.traits
    rng = np.random.default_rng(7)
    seen: dict[tuple, float] = {}
    for _ in range(30):
        own, opp = _random_history(rng, 24)
        probs = decisions(strategy, own, opp)
        assert all(0.0 <= p <= 1.0 for p in probs)
        if not t.stochastic:
            assert set(probs) <= {0.0, 1.0}, "declared deterministic but mixes"
        if t.memory_depth != float("inf"):
            d = int(t.memory_depth)
            for k in range(d, len(own)):
                key = (tuple(own[k - d:k]), tuple(opp[k - d:k]))
                assert seen.setdefault(key, probs[k]) == probs[k], \
                    f"declared memory depth {d} but the move depends on more"
    if t.nice is True:  # never first to defect: cooperates for sure while the opponent has
        for _ in range(20):
            own, opp = _random_history(rng, 24)
            first_d = opp.index(1) if 1 in opp else len(opp)
            own = [0] * len(own)  # and while it has cooperated itself
            probs = decisions(strategy, own, opp)
            assert all(p == 1.0 for p in probs[: first_d + 1])
    if t.nice is False:  # some opponent sees it defect first: against a cooperator, it does
        probs = decisions(strategy, [0] * 80, [0] * 80, length=80)
        m = ww.match(strategy, "cooperator", turns=80, seed=3)
        assert min(probs) < 1.0 or m.cooperation[0] < 1.0


def test_stochastic_strategies_do_mix(strategy: ww.Strategy) -> None:
    if not strategy.traits.stochastic:
        return
    rng = np.random.default_rng(9)
    mixes = []
    for k in range(10):
        own, opp = _random_history(rng, 80)
        if k % 2:  # a mostly cooperative opponent (some rules mix only against those)
            opp = list((rng.random(80) < 0.05).astype(int))
        mixes += [p for p in decisions(strategy, own, opp) if 0.0 < p < 1.0]
    assert mixes, "declared stochastic but never mixes"


def test_memory_one_vector_matches_decide(strategy: ww.Strategy) -> None:
    game = ww.parse_game("pd")
    vec = strategy.memory_one(game)
    if vec is None:
        return
    rng = np.random.default_rng(2)
    for _ in range(10):
        own, opp = _random_history(rng, 12)
        probs = decisions(strategy, own, opp)
        assert probs[0] == vec[0]
        for t in range(1, 12):
            assert probs[t] == pytest.approx(vec[1 + 2 * own[t - 1] + opp[t - 1]], abs=1e-15)


def test_every_builtin_runs_compiled() -> None:
    game = ww.parse_game("pd")
    for cls in registry().builtins():
        assert cls().compiled(game) is not None, cls.slug


def test_user_strategy_runs_on_the_python_path() -> None:
    r = ww.tournament([Forgiver(), "tit-for-tat", "defector"], turns=20, repetitions=2, seed=1)
    assert r.players[0] == "test-forgiver"
    with pytest.raises(ww.ParameterError, match="cannot run compiled"):
        ww.tournament([Forgiver(), "defector"], backend="compiled", seed=1)


def test_automaton_matches_decide(strategy: ww.Strategy) -> None:
    auto = strategy.automaton(ww.parse_game("pd"))
    if auto is None:
        return
    rng = np.random.default_rng(3)
    for _ in range(20):
        own, opp = _random_history(rng, 16)
        state, probs = auto.start, []
        for a, b in zip(own, opp, strict=True):
            probs.append(float(auto.probs[state]))
            state = int(auto.next[4 * state + 2 * a + b])
        assert probs == pytest.approx(decisions(strategy, own, opp), abs=1e-15)
