"""N-player dilemmas: group payoffs against brute-force enumeration of every group, the closed
forms (public goods threshold r = N and its finite-population shift, the volunteer's mixed
equilibrium), and the published qualitative results (Pacheco et al. 2009's stag hunt, Santos
& Pacheco 2011's collective risk)."""

from __future__ import annotations

import itertools

import numpy as np
import pytest

from egt_reference import reference_chain
from winwin._errors import ParameterError
from winwin.evolution.chain import (
    fixation_probabilities,
    stationary_distribution,
    transition_matrix,
)
from winwin.evolution.gradient import gradient_of_selection
from winwin.evolution.nplayer import (
    collective_risk,
    nplayer_game,
    parse_nplayer,
    public_goods,
    replicator_game,
    stag_hunt,
    volunteer,
)


def _rest(g, population=None, **kw):
    return [(r["x"], r["stability"]) for r in gradient_of_selection(g, population, **kw)
            .rest_points]


@pytest.mark.parametrize("game", [public_goods(4, 2.5), stag_hunt(4, 2, 3.0),
                                  volunteer(4, 1.0, 0.3), collective_risk(4, 2, 0.7)])
def test_group_payoffs_are_the_mean_over_every_group(game) -> None:
    """Population of 7 with i cooperators: average the payoff over every set of N - 1
    co-players drawn from the other 6 individuals."""
    z, n = 7, game.group
    for i in range(z + 1):
        people = [0] * i + [1] * (z - i)  # 0 = C, 1 = D
        expected = []
        for me in (0, 1):
            if me not in people:
                expected.append(0.0)
                continue
            focal = people.index(me)
            others = [p for q, p in enumerate(people) if q != focal]
            pays = []
            for group in itertools.combinations(range(z - 1), n - 1):
                j = sum(1 for q in group if others[q] == 0)
                pays.append(game.cooperator[j] if me == 0 else game.defector[j])
            expected.append(float(np.mean(pays)))
        got = game.state_payoffs(np.array([[i, z - i]]), z)[0]
        assert np.allclose(got, expected, atol=1e-12)


def test_infinite_payoffs_are_the_large_population_limit() -> None:
    g = collective_risk(6, 3, 0.5)
    z = 200_000
    i = np.array([20_000, 100_000, 150_000])
    finite = g.state_payoffs(np.column_stack([i, z - i]), z)
    infinite = g.share_payoffs(np.column_stack([i / z, 1 - i / z]))
    assert np.abs(finite - infinite).max() < 1e-4


def test_public_goods_threshold_is_r_equals_n() -> None:
    assert _rest(public_goods(5, 4.99)) == [(0.0, "stable"), (1.0, "unstable")]
    assert _rest(public_goods(5, 5.01)) == [(0.0, "unstable"), (1.0, "stable")]


def test_public_goods_finite_threshold_shifts_to_n_z_minus_1_over_z_minus_n() -> None:
    n, z, c = 5, 30, 1.0
    r_star = n * (z - 1) / (z - n)  # f_C - f_D = c r / N (1 - (N-1)/(Z-1)) - c
    for r, sign in ((r_star - 0.01, -1), (r_star + 0.01, 1)):
        g = public_goods(n, r, c)
        i = np.arange(1, z)
        f = g.state_payoffs(np.column_stack([i, z - i]), z)
        closed = c * r / n * (1 - (n - 1) / (z - 1)) - c
        assert np.allclose(f[:, 0] - f[:, 1], closed, atol=1e-12)
        grad = gradient_of_selection(g, z).gradient
        assert np.all(np.sign(grad[1:-1]) == sign)


def test_volunteers_settle_at_the_closed_form() -> None:
    xs = []
    for n in (2, 5, 10, 20):
        b, c = 1.0, 0.3
        interior = [x for x, kind in _rest(volunteer(n, b, c)) if 0 < x < 1]
        assert len(interior) == 1
        assert abs(interior[0] - (1 - (c / b) ** (1 / (n - 1)))) < 1e-9
        assert _rest(volunteer(n, b, c))[1][1] == "stable"
        xs.append(interior[0])
    assert xs == sorted(xs, reverse=True)  # bigger groups, fewer volunteers


def test_stag_hunt_has_pacheco_et_als_two_interior_points() -> None:
    """Pacheco et al. (2009), infinite population: below a critical F only defection is
    stable; above it (F < N) an unstable x_L and a stable x_R; for F > N x_R merges into
    full cooperation."""
    assert _rest(stag_hunt(10, 5, 3.0)) == [(0.0, "stable"), (1.0, "unstable")]
    pts = _rest(stag_hunt(10, 5, 8.0))
    assert [k for _, k in pts] == ["stable", "unstable", "stable", "unstable"]
    assert 0 < pts[1][0] < pts[2][0] < 1
    assert [k for _, k in _rest(stag_hunt(10, 5, 12.0))] == ["stable", "unstable", "stable"]


def test_collective_risk_cooperation_rises_with_risk() -> None:
    """Santos & Pacheco (2011): Z = 50, N = 6, M = 3, c = 0.1, beta = 5, mutation 0.01: the
    stationary share of cooperators grows with the risk, and at high risk the infinite
    population gains a stable mixed state."""
    shares = []
    for risk in (0.0, 0.25, 0.5, 0.75, 1.0):
        g = collective_risk(6, 3, risk, c=0.1)
        r = stationary_distribution(g, 50, mutation=0.01, process="pairwise", beta=5.0)
        shares.append(r.marginals[0])
    assert all(b > a for a, b in zip(shares, shares[1:], strict=False))
    assert shares[-1] > 0.5 > shares[0]
    assert [k for _, k in _rest(collective_risk(6, 3, 0.1))] == ["stable", "unstable"]
    assert [k for _, k in _rest(collective_risk(6, 3, 0.9))] == \
        ["stable", "unstable", "stable", "unstable"]


def test_chain_of_a_group_game_is_the_enumerated_process() -> None:
    g = stag_hunt(4, 2, 3.0)
    z, mu = 9, 0.05
    c = transition_matrix(g, z, mutation=mu, process="death-birth", w=0.2)
    states, ref = reference_chain(
        lambda s, i: float(g.state_payoffs(np.array([s]), z)[0, i]), 2, z, "death-birth", 0.2,
        mu)
    where = {tuple(s): n for n, s in enumerate(c.states.tolist())}
    order = np.array([where[s] for s in states])
    assert np.abs(c.dense()[np.ix_(order, order)] - ref).max() < 1e-14


@pytest.mark.parametrize("process,kw", [("pairwise", {"beta": 2.0}), ("birth-death", {"w": 0.5}),
                                        ("death-birth", {"w": 0.5})])
def test_fixation_matches_the_absorbing_chain(process: str, kw) -> None:
    g = collective_risk(5, 3, 0.8, c=0.2)
    z = 20
    rho = fixation_probabilities(g, z, process=process, **kw)
    t = transition_matrix(g, z, mutation=0.0, process=process, **kw)
    m = t.dense()
    i = t.states[:, 0]
    interior = np.flatnonzero((i > 0) & (i < z))
    full = int(np.flatnonzero(i == z)[0])
    # absorption in all-C: (I - Q) h = R[:, all-C]
    q = m[np.ix_(interior, interior)]
    h = np.linalg.solve(np.eye(len(interior)) - q, m[interior, full])
    one = int(np.flatnonzero(i[interior] == 1)[0])
    assert abs(rho[0, 1] - h[one]) < 1e-12


def test_neutral_drift_is_one_over_z() -> None:
    g = nplayer_game([1.0] * 5, [1.0] * 5)
    assert abs(fixation_probabilities(g, 40, process="pairwise", beta=3.0)[0, 1] - 1 / 40) \
        < 1e-14


def test_replicator_goes_to_the_stable_point() -> None:
    g = volunteer(5, 1.0, 0.3)
    r = replicator_game(g, shares=[0.9, 0.1], time=200)
    assert abs(r.shares[-1, 0] - (1 - 0.3 ** 0.25)) < 1e-6


def test_parse() -> None:
    assert parse_nplayer("stag-hunt(N=10,M=5,F=8)").describe() == {
        "game": "stag-hunt", "group": 10, "M": 5, "F": 8.0, "c": 1.0}
    assert parse_nplayer("crd(N=6,M=3,risk=0.5)").settings["risk"] == 0.5


@pytest.mark.parametrize("call,field", [
    (lambda: stationary_distribution(public_goods(10, 3), 8, mutation=0.1), "group"),
    (lambda: gradient_of_selection(public_goods(10, 3), 5), "group"),
    (lambda: stag_hunt(5, 6, 3.0), "threshold"),
    (lambda: collective_risk(5, 0, 0.5), "threshold"),
    (lambda: collective_risk(5, 3, 1.5), "risk"),
    (lambda: public_goods(1, 3), "group"),
    (lambda: parse_nplayer("public-goods(r=3)"), "game"),
    (lambda: parse_nplayer("lottery(N=3)"), "game"),
    (lambda: parse_nplayer("public-goods(N=3,q=1)"), "game"),
])
def test_bad_input_is_refused(call, field: str) -> None:
    with pytest.raises(ParameterError) as e:
        call()
    assert e.value.field == field
