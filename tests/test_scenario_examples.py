"""Every shipped example's brief, number by number, against independent computations: the
closed forms, the compiled Markov kernel (winwin.analysis), exact tournaments, simulation,
value iteration and a different ODE integrator. Then the brief's formats and to_dict."""

from __future__ import annotations

import json

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import winwin as ww
from scenario_oracles import VECTORS, crossover, gtft, totals, value_iteration
from winwin import brief as B
from winwin.analysis import expected_payoffs
from winwin.scenario._answers import OUTCOMES

EXAMPLES = ["supplier", "colleagues", "price-war", "flexible-hours", "neighbours", "consultant"]


@pytest.fixture(scope="module", params=EXAMPLES)
def case(request):
    b = ww.scenario(example=request.param)
    return request.param, b, b.analysis, b.text()


def _sides(a):
    return ((a.me.payoffs, a.other.payoffs), (a.other.payoffs, a.me.payoffs))


def _length(a):
    return {"turns": int(a.rounds)} if a.known_end or a.rounds == 1 else \
        {"prob_end": 1 / a.rounds}


def test_six_examples_ship() -> None:
    assert sorted(ww.scenario.examples()) == sorted(EXAMPLES)


def test_families(case) -> None:
    _, b, an, text = case
    for side, (mine, _) in enumerate(_sides(an.answers)):
        f = an.families[side]
        R, S, T, P = mine
        order = "".join(k for _, k in sorted(zip((-R, -S, -T, -P), "RSTP", strict=True)))
        assert f.order == order
        assert f.name.split()[0] in text
        assert f.dilemma == (R > P and R > S and T > S and (T > R or P > S))


def test_thresholds(case) -> None:
    _, b, an, text = case
    for side, (mine, _) in enumerate(_sides(an.answers)):
        R, S, T, P = mine
        th = an.thresholds[side]
        if T > R > P:
            assert th["grim"] == pytest.approx((T - R) / (T - P))
            assert B._pct(th["grim"]) in text
            if R > S:
                assert th["tit_for_tat"] == pytest.approx(max((T - R) / (T - P),
                                                              (T - R) / (R - S)))
    assert an.continuation == pytest.approx(1 - 1 / an.answers.rounds)
    assert B._pct(an.continuation) in text


def test_crossovers_and_horizon(case) -> None:
    _, b, an, text = case
    a = an.answers
    for side, (mine, theirs) in enumerate(_sides(a)):
        assert an.crossovers[side]["crossover"] == crossover(mine, theirs, a.mistakes)
        co = totals(VECTORS["tit-for-tat"], VECTORS["tit-for-tat"], mine, theirs, a.mistakes,
                    **_length(a))
        ex = totals(VECTORS["always-defect"], VECTORS["tit-for-tat"], mine, theirs,
                    a.mistakes, **_length(a))
        assert an.horizon_gain[side] == pytest.approx(co - ex, abs=1e-9)
        assert B._num(abs(co - ex)) in text


def test_forgiveness_on_a_grid(case) -> None:
    _, b, an, text = case
    a = an.answers
    delta = 1 - 1 / a.rounds
    grid = np.round(np.arange(0, 1.0005, 0.001), 3)
    for k, pay in enumerate((a.other.payoffs, a.me.payoffs)):  # my q guards against them
        got = an.forgiveness[k]
        g = np.stack([np.ones_like(grid), np.ones_like(grid), grid, np.ones_like(grid), grid], 1)
        if delta == 0:
            continue
        allc = expected_payoffs(np.ones_like(g), g, game=ww.Game(pay, pay), noise=a.mistakes,
                                prob_end=1 - delta)[:, 0] * a.rounds
        best = value_iteration(pay, grid, a.mistakes, delta)
        feasible = grid[best - allc <= 1e-7]
        if got is None:
            assert len(feasible) == 0 or feasible[0] > 0
        else:
            assert feasible.max() <= got + 1e-9 < feasible.max() + 0.001 + 1e-9
            if k == 0:
                assert f"q = {got:.3f}" in text


def test_tournament_exact_and_simulated(case) -> None:
    name, b, an, text = case
    a = an.answers
    t = an.tournament
    game = an.game
    players = t["players"]
    mem = [p for p in players if p != "grudger"]
    r = ww.tournament(mem, exact=True, noise=a.mistakes, game=game, **_length(a))
    idx = [players.index(p) for p in mem]
    np.testing.assert_allclose(np.asarray(t["per_round"])[np.ix_(idx, idx)], r.payoff_matrix,
                               atol=1e-9)
    # the grudger rows and columns by simulation (10 sd of the mean at most)
    s = ww.tournament(players, repetitions=3000, noise=a.mistakes, game=game, seed=11,
                      **_length(a))
    g = players.index("grudger")
    spread = max(map(abs, (*a.me.payoffs, *a.other.payoffs)))
    for j in range(len(players)):
        for x, y in ((g, j), (j, g)):
            assert abs(s.payoff_matrix[x, y] - t["per_round"][x][y]) < 0.05 * spread
    for slug in t["ranking"]:
        assert B._num(t["scores"][slug]) in text


def test_evolution_with_another_integrator(case) -> None:
    from scipy.integrate import odeint

    _, b, an, text = case
    ev = an.evolution
    m = np.asarray(an.tournament["per_round"])
    vals = [*an.game.payoffs_1, *an.game.payoffs_2]
    m = (m - min(vals)) / (max(vals) - min(vals))

    def rhs(x, _t):
        f = m @ x
        return x * (f - x @ f)

    x = odeint(rhs, np.full(len(m), 1 / len(m)), [0, ev["time"]], rtol=1e-11, atol=1e-13)[-1]
    got = np.array([ev["final"][p] for p in ev["players"]])
    np.testing.assert_allclose(got, x / x.sum(), atol=1e-4)
    lead = ev["players"][int(np.argmax(x))]
    assert ev["leader"] == lead
    st = ev["stationary"]
    assert sum(st.values()) == pytest.approx(1.0)
    assert B._pct(max(st.values())) in text


def test_grudge_cost(case) -> None:
    _, b, an, text = case
    a = an.answers
    g = an.grudge
    n = a.rounds
    q = float(g["forgiving"].partition("q=")[2].rstrip(")"))
    (mine, theirs), _ = _sides(a)
    fo = totals(gtft(q), gtft(q), mine, theirs, a.mistakes, **_length(a)) / n
    assert g["forgiving_per_round"][0] == pytest.approx(fo, abs=1e-9)
    r = ww.tournament(["grudger"], repetitions=20000, noise=a.mistakes, game=an.game, seed=5,
                      **_length(a))
    spread = max(mine) - min(mine)
    assert abs(r.payoff_matrix[0, 0] - np.mean(g["grudger_per_round"])) < 0.03 * spread
    if a.mistakes > 0:
        assert g["first_mistake_after"] == pytest.approx(1 / (1 - (1 - a.mistakes) ** 2))
        assert B._num(g["cost_per_round"][0]) in text


def test_sensitivity_flips_are_where_the_verdict_changes(case) -> None:
    _, b, an, text = case
    a = an.answers
    for item in an.sensitivity:
        side = item["side"]
        mine, theirs = _sides(a)[side]

        def gain(rounds=a.rounds, noise=a.mistakes, pay=mine, theirs=theirs):
            length = ({"turns": int(round(rounds))} if a.known_end or rounds == 1 else
                      {"prob_end": 1 / rounds})
            co = totals(VECTORS["tit-for-tat"], VECTORS["tit-for-tat"], pay, theirs, noise,
                        **length)
            ex = totals(VECTORS["always-defect"], VECTORS["tit-for-tat"], pay, theirs, noise,
                        **length)
            return co - ex

        f = item["flip"]
        if item["answer"] == "rounds":
            if a.known_end:
                assert gain(rounds=f) >= -1e-9 and (f == 1 or gain(rounds=f - 1) < 0)
            else:
                assert gain(rounds=f * 1.001) > 0 > gain(rounds=f * 0.999)
        elif item["answer"] == "mistakes":
            assert (gain(noise=f - 1e-4) > 0) != (gain(noise=f + 1e-4) > 0)
        else:
            R, S, T, P = mine
            assert gain(pay=(R, S, f, P)) == pytest.approx(0, abs=1e-6 * abs(f) * a.rounds)
    for item in an.sensitivity[:4]:
        if item["answer"] == "mistakes":
            assert B._pct(item["flip"]) in text


def test_past_moves_against_the_rules(case) -> None:
    from scenario_oracles import rule

    _, b, an, text = case
    a = an.answers
    if a.past is None:
        assert an.past is None
        return
    mine, theirs = ([0 if m == "C" else 1 for m in s] for s in a.past)
    fits = {f["strategy"]: f for f in an.past["fits"]}
    for slug in ("tit-for-tat", "grudger", "always-defect", "always-cooperate",
                 "win-stay-lose-shift"):
        r = rule(slug)
        wrong = sum(1 for t in range(len(theirs))
                    if (r(theirs[:t], mine[:t]) == 1.0) != (theirs[t] == 0))
        assert fits[slug]["mistakes"] == wrong
        e = a.mistakes
        assert fits[slug]["likelihood"] == pytest.approx(e ** wrong * (1 - e) ** (len(theirs) -
                                                                                 wrong))
    assert sum(f["posterior"] for f in an.past["fits"]) == pytest.approx(1.0)


def test_formats_and_dict(case) -> None:
    name, b, an, text = case
    d = b.to_dict()
    again = json.loads(json.dumps(d, allow_nan=False))
    assert again["title"] == b.title and len(again["sections"]) == len(b.sections)
    assert again["analysis"]["answers"] == an.answers.to_dict()
    titles = [s.title for s in b.sections]
    assert titles[-3:-1] == list(B.QUESTIONS_OF_THE_ARTICLE)
    assert titles[-1] == "What a model cannot capture"
    md = b.markdown()
    assert md.startswith("# Your situation as a game") and md.count("\n## ") == len(titles)
    for side in (an.answers.me, an.answers.other):
        assert side.cooperate in text and side.defect in text
    table = b.sections[0].table
    assert [r[0] for r in table[1:]] == [B._Words(an.answers).outcome(0, c) for c in OUTCOMES]
    assert [float(r[1]) for r in table[1:]] == list(an.answers.me.payoffs)


def test_html_is_self_contained_with_three_pictures() -> None:
    b = ww.scenario(example="supplier")
    page = b.html()
    assert page.startswith("<!DOCTYPE html>") and page.count("data:image/png;base64,") == 3
    assert "http://" not in page and "https://" not in page
    assert "the supplier" in page


_ORDERS = st.permutations(["CC", "CD", "DC", "DD"])


@settings(max_examples=12)
@given(_ORDERS, _ORDERS, st.integers(1, 60), st.booleans(),
       st.sampled_from([0, 0.01, 0.1, 0.4]), st.text("CD", min_size=1, max_size=6))
def test_any_valid_answers_make_a_complete_brief(mine, theirs, rounds, known, noise, past
                                                 ) -> None:
    answers = {"me": {"ranking": mine}, "other": {"ranking": theirs}, "rounds": rounds,
               "known_end": known, "mistakes": noise, "past": {"other": past}}
    try:
        b = ww.scenario(answers)
    except ww.ParameterError as exc:  # only the contradictory labels are refused here
        assert exc.field in ("me.ranking", "other.ranking") and "cooperative" in exc.allowed
        return
    text = b.text()
    assert all(s.title in text for s in b.sections)
    json.dumps(b.to_dict(), allow_nan=False)
    assert "nan" not in text and "inf" not in text.replace("information", "")
