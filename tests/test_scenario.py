"""The scenario analysis against oracles: closed forms, brute-force enumeration of every move
sequence, exact Markov chains of another code path, simulation, and a fine grid of exact
values. Also the answers' checks and the ordinal topology over every ordinal game."""

from __future__ import annotations

import itertools
import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import winwin as ww
from scenario_oracles import enumerate_payoffs, rule, value_iteration
from winwin.analysis import expected_payoffs
from winwin.game import Game, classify, ordinal_family
from winwin.scenario import _analysis as A
from winwin.scenario import answers_from_dict
from winwin.scenario._chain import chain

#: Prisoner's Dilemmas (R, S, T, P) with T > R > P > S, from four distinct integers.
pd_games = st.lists(st.integers(-10, 30), min_size=4, max_size=4, unique=True).map(
    lambda v: (float(sorted(v)[2]), float(sorted(v)[0]), float(sorted(v)[3]),
               float(sorted(v)[1])))


# -- answers -------------------------------------------------------------------------------------


@pytest.mark.parametrize("answers, field", [
    ({"me": {"ranking": ["CC", "CC", "DC", "DD"]}}, "me.ranking"),
    ({"me": {"ranking": ["CC", "DC", "DD"]}}, "me.ranking"),
    ({"me": {"ranking": ["CD", "DD", "CC", "DC"]}}, "me.ranking"),  # a PD with C and D swapped
    ({"other": {"payoffs": {"CC": 1, "CD": 5, "DC": 0, "DD": 3}}}, "other.payoffs"),
    ({"me": {"payoffs": {"CC": 3, "CD": 0, "DC": 3, "DD": 1}}}, "me.payoffs"),
    ({"me": {"payoffs": {"CC": 3, "CD": 0, "DC": 5}}}, "me.payoffs"),
    ({"other": {"payoffs": {"CC": 3, "CD": "x", "DC": 5, "DD": 1}}}, "other.payoffs.CD"),
    ({"rounds": 0}, "rounds"),
    ({"rounds": -3}, "rounds"),
    ({"rounds": 2.5, "known_end": True}, "rounds"),
    ({"mistakes": 0.6}, "mistakes"),
    ({"mistakes": "60%"}, "mistakes"),
    ({"mistakes": 5}, "mistakes"),
    ({"me": {"name": "  "}}, "me.name"),
    ({"other": {"name": ""}}, "other.name"),
    ({"me": {"name": "Ann"}, "other": {"name": "ann"}}, "other.name"),
    ({"me": {"options": ["share", "Share"]}}, "me.options"),
    ({"me": {"options": ["share"]}}, "me.options"),
    ({"me": {"options": ["share", "keep"], "cooperative": "give"}}, "me.cooperative"),
    ({"other": {"options": ["a", ""]}}, "other.options"),
    ({"known_end": "maybe"}, "known_end"),
    ({"past": {"other": "CCX"}}, "past.other"),
    ({"past": {"other": "CCD", "me": "CC"}}, "past.me"),
    ({"horizon": 3}, "horizon"),
    ({"me": {"rank": []}}, "me.rank"),
])
def test_bad_answers_name_the_question(answers, field) -> None:
    with pytest.raises(ww.ParameterError) as exc:
        answers_from_dict(answers)
    assert exc.value.field == field
    assert len(str(exc.value).splitlines()) == 1


def test_contradictory_labels_are_exactly_the_reversed_dilemmas() -> None:
    refused = []
    for order in itertools.permutations(("CC", "CD", "DC", "DD")):
        try:
            answers_from_dict({"me": {"ranking": list(order)}})
        except ww.ParameterError as exc:
            assert exc.field == "me.ranking" and "cooperative option" in exc.allowed
            pts = {c: 4 - k for k, c in enumerate(order)}
            refused.append(ordinal_family(pts["CC"], pts["CD"], pts["DC"], pts["DD"]))
    assert sorted(f.slug for f in refused) == ["chicken", "coordination", "prisoners-dilemma",
                                               "stag-hunt"]
    assert all(f.reversed and not f.dilemma for f in refused)


def test_defaults_and_round_trip() -> None:
    a = answers_from_dict({})
    assert a.me.name == "me" and a.rounds == 20 and not a.known_end and a.mistakes == 0.02
    assert a.me.payoffs == a.other.payoffs == (3.0, 1.0, 4.0, 2.0)  # DC > CC > DD > CD
    b = answers_from_dict({"me": {"options": ["share", "keep"], "cooperative": 2,
                                  "payoffs": {"win-win": 3, "lose-win": 0, "win-lose": 5,
                                              "lose-lose": 1}},
                           "rounds": 7, "known_end": "yes", "mistakes": "5%",
                           "past": {"other": "c c d"}})
    assert (b.me.cooperate, b.me.defect) == ("keep", "share")
    assert (b.other.cooperate, b.other.defect) == ("keep", "share")  # mirrors mine
    assert b.me.payoffs == (3, 0, 5, 1) and not b.me.ranked
    assert b.turns == 7 and b.prob_end is None and b.mistakes == 0.05
    assert b.past == ("CCC", "CCD")
    assert answers_from_dict(b.to_dict()) == b
    c = answers_from_dict({"rounds": 8})
    assert c.prob_end == 1 / 8 and c.continuation == 1 - 1 / 8 and c.turns is None


def test_load_names_bad_files(tmp_path) -> None:
    p = tmp_path / "a.toml"
    p.write_text("rounds = [", encoding="utf-8")
    with pytest.raises(ww.ParameterError) as exc:
        ww.scenario.load(p)
    assert exc.value.field == "file"
    p.write_text("mistakes = 0.7\n", encoding="utf-8")
    with pytest.raises(ww.ParameterError) as exc:
        ww.scenario.load(p)
    assert exc.value.field == "mistakes"
    with pytest.raises(ww.ParameterError) as exc:
        ww.scenario.example("nope")
    assert exc.value.field == "example" and "supplier" in exc.value.allowed


# -- the ordinal topology ------------------------------------------------------------------------


def _pure_equilibria(p1, p2) -> set[tuple[int, int]]:
    """Pure Nash equilibria by enumeration; p[own][other] payoffs (0 = C)."""
    eq = set()
    for a, b in itertools.product((0, 1), repeat=2):
        if p1[a][b] >= p1[1 - a][b] and p2[b][a] >= p2[1 - b][a]:
            eq.add((a, b))
    return eq


ORDERS = list(itertools.permutations((1.0, 2.0, 3.0, 4.0)))


def test_every_symmetric_ordinal_game_has_one_family_and_its_structure() -> None:
    seen: dict[tuple[str, bool], tuple[float, ...]] = {}
    for R, S, T, P in ORDERS:
        f = ordinal_family(R, S, T, P)
        assert (f.slug, f.reversed) not in seen  # 24 orderings, 12 families x 2 labellings
        seen[(f.slug, f.reversed)] = (R, S, T, P)
        # the mirror (C and D swapped) is the same family, reversed
        g = ordinal_family(P, T, S, R)
        assert g.slug == f.slug and g.reversed != f.reversed
        pay = [[R, S], [T, P]]
        eq = _pure_equilibria(pay, pay)
        best_vs_c, best_vs_d = (0 if R > T else 1), (0 if S > P else 1)
        if f.kind == "dominant":
            assert best_vs_c == best_vs_d and f.dominant == "CD"[best_vs_c]
            assert eq == {(best_vs_c, best_vs_c)}
        elif f.kind == "coordination":
            assert (best_vs_c, best_vs_d) == (0, 1) and eq == {(0, 0), (1, 1)}
        else:
            assert (best_vs_c, best_vs_d) == (1, 0) and eq == {(0, 1), (1, 0)}
        assert f.dilemma == (R > P and R > S and T > S and (T > R or P > S))
        assert f.order == "".join(sorted("RSTP", key=lambda k: -{"R": R, "S": S, "T": T,
                                                                 "P": P}[k]))
    assert len(seen) == 24 and len({k[0] for k in seen}) == 12
    # the textbook members of the archetypes
    for (R, S, T, P), slug in [((3, 1, 4, 2), "prisoners-dilemma"), ((3, 2, 4, 1), "chicken"),
                               ((4, 1, 3, 2), "stag-hunt"), ((2, 1, 4, 3), "deadlock"),
                               ((4, 2, 3, 1), "harmony"), ((2, 3, 4, 1), "leader"),
                               ((1, 3, 4, 2), "hero")]:
        f = ordinal_family(R, S, T, P)
        assert f.slug == slug and not f.reversed
    # the dilemmas: PD, chicken, stag hunt and the fearful coordination game, as labelled
    assert sorted(k[0] for k, v in seen.items() if ordinal_family(*v).dilemma) == \
        ["chicken", "coordination", "prisoners-dilemma", "stag-hunt"]


def test_the_existing_coarse_families_are_unions_of_the_fine_ones() -> None:
    coarse: dict[tuple[str, bool], str] = {}
    for o in ORDERS:
        f = ordinal_family(*o)
        assert coarse.setdefault((f.slug, f.reversed), classify(*o)) == classify(*o)


def test_all_asymmetric_ordinal_games() -> None:
    count = 0
    for a in ORDERS:
        for b in ORDERS:
            g = Game(a, b)
            f1, f2 = g.ordinal_families
            assert f1 == ordinal_family(*a) and f2 == ordinal_family(*b)
            p1 = [[a[0], a[1]], [a[2], a[3]]]
            p2 = [[b[0], b[1]], [b[2], b[3]]]
            eq = _pure_equilibria(p1, p2)
            if f1.dominant and f2.dominant:  # both have a dominant move: one equilibrium
                assert eq == {("CD".index(f1.dominant), "CD".index(f2.dominant))}
            if f1.kind == f2.kind == "coordination":
                assert eq == {(0, 0), (1, 1)}
            count += 1
    assert count == 576


# -- the shadow of the future --------------------------------------------------------------------


@given(pd_games)
def test_thresholds_closed_forms(g) -> None:
    R, S, T, P = g
    th = A.thresholds(R, S, T, P)
    assert th["grim"] == pytest.approx((T - R) / (T - P))
    assert th["tit_for_tat"] == pytest.approx(max((T - R) / (T - P), (T - R) / (R - S)))
    # grim: cooperating forever against grim equals defecting forever exactly at the threshold
    d = th["grim"]
    game = Game((R, S, T, P), (R, S, T, P))
    coop = A.pair_totals("grudger", "grudger", game, 0.0, prob_end=1 - d)[0]
    dev = A.pair_totals("always-defect", "grudger", game, 0.0, prob_end=1 - d)[0]
    assert coop == pytest.approx(dev, rel=1e-9)
    assert R / (1 - d) == pytest.approx(T + d * P / (1 - d), rel=1e-9)


def test_thresholds_outside_dilemmas() -> None:
    assert A.thresholds(4, 1, 3, 2) == {"grim": 0.0, "tit_for_tat": 0.0}  # stag hunt
    assert A.thresholds(2, 1, 4, 3) == {"grim": None, "tit_for_tat": None}  # deadlock
    assert A.thresholds(2, 3, 4, 1)["tit_for_tat"] is None  # leader: alternation pays


@pytest.mark.parametrize("side", [0, 1])
def test_thresholds_against_simulation(side) -> None:
    """Brute force: simulated matches of random length either side of each side's grim and
    tit-for-tat thresholds (an unbalanced game, so the sides differ)."""
    game = Game((6, 1, 9, 3), (5, -1, 7, 2))
    R, S, T, P = (game.payoffs_1, game.payoffs_2)[side]
    th = A.thresholds(R, S, T, P)
    role = game if side == 0 else Game(game.payoffs_2, game.payoffs_1)
    for threshold, dev, resp in ((th["grim"], "always-defect", "grudger"),
                                 ((T - R) / (R - S), "alternator", "tit-for-tat")):
        for delta, sign in ((threshold - 0.15, -1), (threshold + 0.15, 1)):
            r = ww.tournament([resp, dev], prob_end=1 - delta, repetitions=2000, seed=7,
                              game=role, self_play=True)
            # equal expected lengths: per-turn means compare as the expected totals do
            coop, cheat = r.payoff_matrix[0, 0], r.payoff_matrix[1, 0]
            assert np.sign(coop - cheat) == sign, (side, threshold, delta)


# -- short run against long run ------------------------------------------------------------------


@given(pd_games)
def test_crossover_without_noise_is_the_closed_form(g) -> None:
    R, S, T, P = g
    c = A.crossover(Game((R, S, T, P), (R, S, T, P)), 0, 0.0, turns=400)
    assert c["crossover"] == max(1, math.ceil((T - P) / (R - P) - 1e-12))
    assert c["stays"]


@pytest.mark.parametrize("noise", [0.0, 0.05, 0.2])
def test_crossover_curves_against_every_move_sequence(noise) -> None:
    game = Game((6, 1, 9, 3), (5, -1, 7, 2))  # unbalanced: each side its own curve
    for side, (mine, theirs) in enumerate(((game.payoffs_1, game.payoffs_2),
                                           (game.payoffs_2, game.payoffs_1))):
        c = A.crossover(game, side, noise, turns=7)
        ex = enumerate_payoffs(rule("always-defect"), rule("tit-for-tat"), mine, theirs, noise, 7)
        co = enumerate_payoffs(rule("tit-for-tat"), rule("tit-for-tat"), mine, theirs, noise, 7)
        np.testing.assert_allclose(c["cumulative_exploit"], np.cumsum(ex[:, 0]), atol=1e-12)
        np.testing.assert_allclose(c["cumulative_reciprocate"], np.cumsum(co[:, 0]), atol=1e-12)


def test_crossover_per_side_in_an_unbalanced_game() -> None:
    game = Game((6, 1, 12, 3), (5, -1, 7, 2))
    c0 = A.crossover(game, 0, 0.0)["crossover"]
    c1 = A.crossover(game, 1, 0.0)["crossover"]
    assert (c0, c1) == (math.ceil((12 - 3) / (6 - 3)), math.ceil((7 - 2) / (5 - 2)))
    assert c0 != c1


def test_crossover_with_noise_against_simulation() -> None:
    game = ww.parse_game("pd")
    c = A.crossover(game, 0, 0.1, turns=40)
    n = c["crossover"]
    assert n is not None and 2 <= n < 40
    for turns in (n - 1, n + 3):
        r = ww.tournament(["tit-for-tat", "always-defect"], turns=turns, noise=0.1,
                          repetitions=20000, seed=3)
        sim_co = r.payoff_matrix[0, 0] * turns
        sim_ex = r.payoff_matrix[1, 0] * turns
        se = 4 * 2.5 * math.sqrt(turns / 20000)
        assert abs(sim_co - c["cumulative_reciprocate"][turns - 1]) < se
        assert abs(sim_ex - c["cumulative_exploit"][turns - 1]) < se


# -- the exact chain -----------------------------------------------------------------------------

vectors = st.lists(st.floats(0, 1), min_size=5, max_size=5)


@given(vectors, vectors, st.floats(0, 0.3), st.integers(1, 60), st.floats(0.02, 0.9))
def test_chain_matches_the_markov_kernel_for_memory_one(p, q, noise, turns, prob_end) -> None:
    from winwin.strategies.memory_one import MemoryOne

    game = Game((3, 0, 5, 1), (2, -1, 4, 0))
    a, b = MemoryOne(p=tuple(p[1:]), first=p[0]), MemoryOne(p=tuple(q[1:]), first=q[0])
    c = chain(a, b, game, noise)
    for length in ({"turns": turns}, {"prob_end": prob_end}):
        ref = expected_payoffs(np.array([p]), np.array([q]), game=game, noise=noise, **length)[0]
        n = turns if "turns" in length else 1 / prob_end
        got = np.array(A.payoffs(c.counts(**length), game)) / n
        np.testing.assert_allclose(got, ref, atol=1e-9)


@pytest.mark.parametrize("noise", [0.0, 0.1])
def test_chain_with_grudger_against_every_move_sequence(noise) -> None:
    game = Game((3, 0, 5, 1), (2, -1, 4, 0))
    for other in ("grudger", "win-stay-lose-shift", "tit-for-tat"):
        c = chain("grudger", other, game, noise)
        got = c.per_turn(6) @ np.asarray(game.payoffs_1)
        ref = enumerate_payoffs(rule("grudger"), rule(other), game.payoffs_1, game.payoffs_2,
                                noise, 6)[:, 0]
        np.testing.assert_allclose(got, ref, atol=1e-12)


# -- forgiveness ---------------------------------------------------------------------------------


@given(pd_games, st.floats(0.5, 0.999))
def test_forgiveness_without_noise_is_the_discounted_closed_form(g, delta) -> None:
    R, S, T, P = g
    closed = A.noiseless_forgiveness(R, S, T, P, delta)
    got = A.forgiveness((R, S, T, P), 0.0, delta)
    if closed < -1e-9:
        assert got is None
    elif closed > 1e-9:
        assert got == pytest.approx(min(closed, 1.0), abs=1e-9)


@given(pd_games)
def test_forgiveness_tends_to_nowak_and_sigmund(g) -> None:
    R, S, T, P = g
    nowak = min(1 - (T - R) / (R - S), (R - P) / (T - P))
    got = A.forgiveness((R, S, T, P), 0.0, 1 - 1e-7)
    if nowak > 1e-5:
        assert got == pytest.approx(nowak, abs=1e-5)


@pytest.mark.parametrize("pay, noise, rounds", [((3, 0, 5, 1), 0.05, 20),
                                                ((5, -1, 7, 2), 0.02, 12),
                                                ((4, 0, 6, 2), 0.1, 50)])
def test_forgiveness_optimum_on_a_fine_grid(pay, noise, rounds) -> None:
    delta = 1 - 1 / rounds
    got = A.forgiveness(pay, noise, delta)
    grid = np.round(np.arange(0, 1.0005, 0.001), 3)
    gtft = np.stack([np.ones_like(grid), np.ones_like(grid), grid, np.ones_like(grid), grid], 1)
    allc = expected_payoffs(np.ones_like(gtft), gtft, game=Game(pay, pay), noise=noise,
                            prob_end=1 - delta)[:, 0] * rounds
    best = value_iteration(pay, grid, noise, delta)
    feasible = [float(q) for q, b, c in zip(grid, best, allc, strict=True) if b - c <= 1e-7]
    assert got is not None and feasible
    assert max(feasible) <= got + 1e-9 < max(feasible) + 0.001 + 1e-9
    # feasible is an interval from 0: cooperating stays a best reply for every smaller q
    assert feasible == [float(q) for q in grid[: len(feasible)]]


def test_forgiveness_none_when_even_tit_for_tat_is_exploitable() -> None:
    assert A.forgiveness((3, 0, 5, 1), 0.0, 0.3) is None  # below the TFT threshold 2/3 or 1/2
