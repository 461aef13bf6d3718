"""Evolutionary dynamics against the literature and independent oracles."""

from __future__ import annotations

import math
from collections import Counter
from pathlib import Path

import numpy as np
import pytest

import winwin.evolution as ev
from winwin import ParameterError, WinwinError

# Nowak, Sasaki, Taylor & Fudenberg (2004): tit-for-tat (A) against always-defect (B) over
# n = 10 rounds of the 3/0/5/1 game, totals per match:
#   a = 10 R = 30, b = S + 9 P = 9, c = T + 9 P = 14, d = 10 P = 10.
NOWAK = (30.0, 9.0, 14.0, 10.0)


def absorption(a: float, b: float, c: float, d: float, n: int, ratio) -> float:
    """Fixation probability of one A by solving the birth-death chain's absorption equations
    (an independent oracle: linear algebra, not the product formula)."""
    i = np.arange(1, n)
    f = (a * (i - 1) + b * (n - i)) / (n - 1)
    g = (c * i + d * (n - i - 1)) / (n - 1)
    up, down = ratio(f, g, i, n)
    # x_i = up_i x_{i+1} + down_i x_{i-1} + (1 - up_i - down_i) x_i, x_0 = 0, x_N = 1
    m = np.zeros((n - 1, n - 1))
    rhs = np.zeros(n - 1)
    for k in range(n - 1):
        m[k, k] = up[k] + down[k]
        if k + 1 < n - 1:
            m[k, k + 1] = -up[k]
        else:
            rhs[k] = up[k]
        if k > 0:
            m[k, k - 1] = -down[k]
    return float(np.linalg.solve(m, rhs)[0])


def moran_rates(w: float):
    def rates(f, g, i, n):
        ff, gg = 1 - w + w * f, 1 - w + w * g
        total = i * ff + (n - i) * gg
        return i * ff / total * (n - i) / n, (n - i) * gg / total * i / n
    return rates


def fermi_rates(beta: float):
    def rates(f, g, i, n):
        base = i * (n - i) / n / n
        return base / (1 + np.exp(-beta * (f - g))), base / (1 + np.exp(-beta * (g - f)))
    return rates


@pytest.mark.parametrize("n", [10, 100])
@pytest.mark.parametrize("w", [0.01, 0.1, 0.5, 1.0])
def test_nowak_2004_fixation_formula_against_the_chain(n: int, w: float) -> None:
    got = ev.fixation_probability(NOWAK, n, w=w)
    assert got == pytest.approx(absorption(*NOWAK, n, moran_rates(w)), rel=1e-9)


@pytest.mark.parametrize("beta", [0.01, 0.1, 1.0])
def test_pairwise_comparison_formula_against_the_chain(beta: float) -> None:
    got = ev.fixation_probability(NOWAK, 20, beta=beta, process="pairwise")
    assert got == pytest.approx(absorption(*NOWAK, 20, fermi_rates(beta)), rel=1e-9)


def test_nowak_2004_tit_for_tat_is_favoured_over_always_defect() -> None:
    # the paper's point: for these payoffs selection favours one TFT invading ALLD (rho > 1/N)
    for n in (10, 100):
        assert ev.fixation_probability(NOWAK, n, w=0.1) > 1 / n
    # and the table from the engine is the one written above
    t = ev.payoff_table(["tft", "alld"], turns=10)
    assert t.exact and t.per_match.tolist() == [[30.0, 9.0], [14.0, 10.0]]


@pytest.mark.parametrize("w", [0.1, 0.5])
def test_simulated_fixation_agrees_with_the_formula(w: float) -> None:
    r = ev.fixation(["tft", "alld"], 10, w=w, turns=10, runs=20_000, seed=5)
    assert r.exact == pytest.approx(ev.fixation_probability(NOWAK, 10, w=w))
    assert abs(r.probability - r.exact) < 5 * r.standard_error
    p = ev.fixation(["tft", "alld"], 10, beta=0.5, process="pairwise", turns=10, runs=20_000,
                    seed=6)
    assert abs(p.probability - p.exact) < 5 * p.standard_error


def test_neutral_drift_is_one_over_n() -> None:
    for n in (2, 7, 50):
        assert ev.fixation_probability(NOWAK, n, w=0.0) == pytest.approx(1 / n)
        assert ev.fixation_probability(NOWAK, n, beta=0.0, process="pairwise") == \
            pytest.approx(1 / n)
    r = ev.fixation(["tft", "alld"], 8, w=0.0, turns=10, runs=20_000, seed=2)
    assert abs(r.probability - 1 / 8) < 5 * r.standard_error


def test_one_third_rule() -> None:
    # TFT vs ALLD: a coordination game with x* = 1/(2n-3) = 1/17 < 1/3: TFT favoured
    out = ev.one_third_rule(NOWAK, population=100)
    assert out["x_star"] == pytest.approx(1 / 17) and out["one_third"] is True
    assert out["favoured_finite_n"] is True
    # weak selection: rho > 1/N exactly when the finite-N condition holds
    for n in (4, 10, 40, 200):
        cond = ev.one_third_rule(NOWAK, population=n)["favoured_finite_n"]
        assert (ev.fixation_probability(NOWAK, n, w=1e-4) > 1 / n) == cond


@pytest.mark.parametrize("n", [3, 5, 10, 20])
def test_replicator_rest_point_of_tit_for_tat_against_always_defect(n: int) -> None:
    t = ev.payoff_table(["tft", "alld"], turns=n)
    a = t.per_match
    rp = ev.rest_points((a[0, 0], a[0, 1], a[1, 0], a[1, 1]))
    assert rp["interior"] == pytest.approx(1 / (2 * n - 3))
    assert rp["kind"] == "bistable" and rp["interior"] in rp["unstable"]
    x = 1 / (2 * n - 3)
    up = ev.replicator(t, shares=[x * 1.2, 1 - x * 1.2], time=60.0)
    down = ev.replicator(t, shares=[x * 0.8, 1 - x * 0.8], time=60.0)
    assert up.final["tit-for-tat"] > 0.99 and down.final["defector"] > 0.99


def test_ecological_simulation() -> None:
    t = ev.payoff_table(["tft", "alld", "allc"], turns=10)
    r = ev.ecological(t, shares=[0.2, 0.4, 0.4], generations=200)
    assert r.final["tit-for-tat"] > 0.95
    assert np.allclose(r.shares.sum(axis=1), 1)
    with pytest.raises(ParameterError, match="negative"):
        ev.ecological(ev.payoff_table(["tft", "alld"], turns=10, game="trust"))


def test_stewart_plotkin_generous_beats_extortion_beyond_the_smallest_population() -> None:
    # Long run: generous ZD (zd-gtft-2) and extort-2 meet at s_gen = 5/3, s_ext = 7/3
    t = ev.payoff_table(["zd-gtft-2", "extort-2"], long_run=True)
    a = t.per_match
    assert a[0, 1] == pytest.approx(5 / 3) and a[1, 0] == pytest.approx(7 / 3)
    gen = (a[0, 0], a[0, 1], a[1, 0], a[1, 1])
    ext = (a[1, 1], a[1, 0], a[0, 1], a[0, 0])
    # N = 2: only the pair meets, and extortion wins the pair
    assert ev.fixation_probability(ext, 2, w=0.1) > 0.5 > ev.fixation_probability(gen, 2, w=0.1)
    for n in (4, 10, 100):
        assert ev.fixation_probability(gen, n, w=0.1) > 1 / n > ev.fixation_probability(
            ext, n, w=0.1)
    sml = ev.small_mutation_limit(ev.payoff_table(["zd-gtft-2", "extort-2", "alld", "allc"],
                                                  long_run=True), 100, w=0.1)
    s = dict(zip(sml.players, sml.stationary, strict=True))
    assert s["zd-gtft-2"] > s["extort-2"]


def test_small_mutation_limit_two_strategies_closed_form() -> None:
    t = ev.payoff_table(["tft", "alld"], turns=10)
    sml = ev.small_mutation_limit(t, 30, w=0.2)
    r01, r10 = sml.fixation[0, 1], sml.fixation[1, 0]
    assert sml.stationary[0] == pytest.approx(r01 / (r01 + r10))
    assert {e["to"] for e in sml.invasion_edges()} <= {"tit-for-tat", "defector"}
    d = sml.to_dict()
    assert sum(d["stationary"].values()) == pytest.approx(1)


def test_moran_on_a_regular_graph_obeys_the_isothermal_theorem() -> None:
    nx = pytest.importorskip("networkx")
    # constant fitness r for A and 1 for B (payoffs independent of the opponent): on any
    # regular graph, birth-death fixation equals the well-mixed (1 - 1/r) / (1 - 1/r^N)
    # (Lieberman, Hauert & Nowak 2005).
    r_fit, n = 1.5, 12
    table = ev.PayoffTable.from_matrix([[r_fit, r_fit], [1.0, 1.0]], ["A", "B"])
    want = (1 - 1 / r_fit) / (1 - 1 / r_fit**n)
    fixed, runs = 0, 4000
    for run in range(runs):
        m = ev.moran(table, [1, n - 1], w=1.0, graph=nx.cycle_graph(n), seed=run)
        fixed += m.winner == "A"
    se = math.sqrt(want * (1 - want) / runs)
    assert abs(fixed / runs - want) < 5 * se


def test_moran_trajectories_and_fixation() -> None:
    m = ev.moran(["tft", "alld"], 20, w=0.2, turns=10, seed=1)
    assert m.winner in ("tit-for-tat", "defector")
    assert m.trajectory.sum(axis=1).tolist() == [20] * len(m.trajectory)
    assert m.generations[0] == 0 and m.generations[-1] == pytest.approx(m.steps / 20)
    again = ev.moran(["tft", "alld"], 20, w=0.2, turns=10, seed=1)
    assert np.array_equal(m.trajectory, again.trajectory)
    mut = ev.moran(["tft", "alld", "wsls"], 30, w=0.1, mutation=0.05, generations=40, seed=3)
    assert len(mut.trajectory) == 41 and mut.generations[-1] == 40
    assert set(mut.to_dict()) >= {"players", "trajectory", "winner", "params"}
    assert list(mut.to_frame().columns) == ["generation", *mut.players]


def test_interrupted_long_run_resumes_to_the_same_result(tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    import sys

    moran_module = sys.modules["winwin.evolution.moran"]

    kw = dict(w=0.05, mutation=0.01, generations=3000, seed=11, record_every=10)
    players = ["tft", "alld", "wsls", "gtft"]
    whole = ev.moran(players, 50, **kw)
    monkeypatch.setattr(moran_module._Runner, "CHUNK_STEPS", 7_000)
    calls = {"n": 0}
    original = moran_module._Runner._emit

    def crash_after_three(self, rows):  # type: ignore[no-untyped-def]
        calls["n"] += 1
        if calls["n"] == 4:
            raise KeyboardInterrupt
        return original(self, rows)

    monkeypatch.setattr(moran_module._Runner, "_emit", crash_after_three)
    prefix = str(tmp_path / "run")
    with pytest.raises(KeyboardInterrupt):
        ev.moran(players, 50, checkpoint=prefix, **kw)
    monkeypatch.setattr(moran_module._Runner, "_emit", original)
    resumed = ev.moran(players, 50, checkpoint=prefix, **kw)
    assert np.array_equal(resumed.trajectory, whole.trajectory)
    assert np.array_equal(resumed.generations, whole.generations)
    with pytest.raises(WinwinError, match="different run"):
        ev.moran(players, 50, checkpoint=prefix, **{**kw, "seed": 12})


def test_evolution_of_trust_copycat_takes_over_15_5_5() -> None:
    r = ev.evolve({"always-cooperate": 15, "always-cheat": 5, "copycat": 5}, rounds=10,
                  generations=30, seed=1)
    assert r.winner == "tit-for-tat"
    # first the cheaters grow on the cooperators, then the copycats take over
    cheats = r.trajectory[:, 1]
    assert cheats.max() > 5 and r.trajectory[-1, 1] == 0


def test_evolution_of_trust_too_few_rounds_lets_always_cheat_win() -> None:
    # Once the cooperators are gone, x copycats and y cheats score (per individual, trust
    # payoffs, n rounds): copycat 2n (x - 1) - y, cheat 3x. With x = 5, y = 20 copycats win
    # iff n > 4.5: the piece's "fewer than five rounds and cheating wins".
    for rounds, winner in ((4, "defector"), (3, "defector"), (5, "tit-for-tat"),
                           (10, "tit-for-tat")):
        r = ev.evolve({"always-cooperate": 15, "always-cheat": 5, "copycat": 5},
                      rounds=rounds, generations=40, seed=1)
        assert r.winner == winner, rounds


def test_evolution_of_trust_with_mistakes_forgiving_strategies_win() -> None:
    pop = {"copycat": 5, "copykitten": 5, "simpleton": 5, "grudger": 5, "always-cheat": 5}
    wins = Counter()
    for seed in range(12):
        r = ev.evolve(pop, rounds=10, generations=50, noise=0.05, seed=seed)
        wins[max(r.final, key=r.final.get)] += 1
    # the forgiving copykitten (tit-for-two-tats) and simpleton (win-stay-lose-shift) win;
    # the unforgiving copycat, grudger and cheat never do
    assert set(wins) <= {"tit-for-two-tats", "win-stay-lose-shift"}
    assert wins["tit-for-two-tats"] > len(list(wins.elements())) / 2


@pytest.mark.parametrize("b,low,high", [(1.5, 0.8, 1.0), (1.9, 0.29, 0.35), (2.2, 0.0, 0.1)])
def test_nowak_may_regimes(b: float, low: float, high: float) -> None:
    # Moore neighbourhood with self-interaction, synchronous, 10% defectors at random:
    # cooperators hold for small b, the chaotic regime keeps ~0.318 cooperators for
    # 1.8 < b < 2, defectors take over for b > 2 (Nowak & May 1992).
    r = ev.nowak_may(150, b, generations=250, seed=3)
    share = r.shares[150:, 0].mean()
    assert low <= share <= high


def test_lattice_tie_rule_and_frames() -> None:
    # one defector among cooperators, b = 1.5, Moore with self-interaction: D scores 8b = 12;
    # its 8 neighbours score 8 (themselves and 7 C neighbours) and copy D (12 > 8); cells two
    # steps away see at best 9 (their own score: 9 cooperators) and stay C: a 3x3 block of D
    grid = np.zeros((9, 9), np.int64)
    grid[4, 4] = 1
    r = ev.nowak_may(9, 1.5, initial=grid, generations=1, seed=0)
    assert r.final[3:6, 3:6].sum() == 9 and r.final.sum() == 9
    big = ev.nowak_may(30, 1.9, generations=50, frame_every=1, max_frames=10, seed=1)
    assert len(big.frames) <= 11 and big.frame_generations[0] == 0
    asyn = ev.nowak_may(30, 1.9, generations=5, update="asynchronous", seed=1)
    again = ev.nowak_may(30, 1.9, generations=5, update="asynchronous", seed=1)
    assert np.array_equal(asyn.final, again.final)


def test_memory_strategies_on_a_lattice() -> None:
    r = ev.lattice(["tft", "alld", "wsls"], 30, generations=30, turns=20, seed=4)
    assert r.shares.shape == (31, 3)
    assert r.shares[-1, 1] < r.shares[0, 1]  # defectors lose ground among reciprocators


@pytest.mark.parametrize("call,field", [
    (lambda: ev.moran(["tft", "alld"], 1), "population"),
    (lambda: ev.moran(["tft", "alld"], 10, w=2.0), "w"),
    (lambda: ev.moran(["tft", "alld"], 10, process="x"), "process"),
    (lambda: ev.moran(["tft", "alld"], 10, mutation=0.1), "generations"),
    (lambda: ev.moran(["tft", "alld"], 10, mutation=1.5, generations=3), "mutation"),
    (lambda: ev.moran(["tft", "alld"], [3, -1]), "population"),
    (lambda: ev.moran(["tft", "alld"], 10, w=1.0, game="trust", turns=10), "w"),
    (lambda: ev.fixation(["tft", "alld", "wsls"], 10), "players"),
    (lambda: ev.fixation_probability(NOWAK, 10), "w"),
    (lambda: ev.fixation_probability(NOWAK, 1, w=0.1), "population"),
    (lambda: ev.nowak_may(2, 1.9), "size"),
    (lambda: ev.nowak_may(10, -1.0), "b"),
    (lambda: ev.lattice(["tft", "alld"], 10, neighbourhood="hex"), "neighbourhood"),
    (lambda: ev.evolve({"tft": 3, "alld": 2}, replace=3), "replace"),
    (lambda: ev.replicator(ev.payoff_table(["tft", "alld"]), shares=[1, -1]), "shares"),
])
def test_bad_input_names_the_field(call, field: str) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ParameterError) as info:
        call()
    assert info.value.field == field


def test_negative_payoffs_work() -> None:
    # Trust's game has S = -1: exponential fitness and the pairwise process take it
    r = ev.moran(["tft", "alld"], 20, selection="exponential", w=0.5, game="trust", turns=10,
                 seed=1)
    assert r.winner is not None
    f = ev.fixation(["tft", "alld"], 10, process="pairwise", beta=0.3, game="trust", turns=10,
                    runs=2000, seed=1)
    assert 0 <= f.probability <= 1 and f.exact is not None


def test_a_trajectory_that_would_not_fit_is_refused_with_an_estimate() -> None:
    from winwin import TooLargeError

    many = ev.PayoffTable.from_matrix(np.ones((2000, 2000)))
    with pytest.raises(TooLargeError, match="GiB"):
        ev.moran(many, 2000, generations=9e6, mutation=0.01, w=0.1)
