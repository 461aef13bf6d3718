"""The gradient of selection and rest points against closed forms: the pairwise process's
``i (Z - i) / (Z (Z - 1)) tanh(beta (f_A - f_B) / 2)``, the 2x2 interior point
``(d - b) / (a - b - c + d)``, and rock-paper-scissors' centre and its stable and unstable
variants."""

from __future__ import annotations

import numpy as np
import pytest

from winwin.evolution import rest_points
from winwin.evolution._payoffs import PayoffTable
from winwin.evolution._population import MatrixGame
from winwin.evolution.gradient import gradient_of_selection, replicator_rest_points


def test_finite_pairwise_gradient_is_the_closed_form() -> None:
    a = np.array([[3.0, 0.0], [5.0, 1.0]])
    z, beta = 25, 0.8
    g = gradient_of_selection(a, z, process="pairwise", beta=beta)
    i = g.points[:, 0] * z
    f = MatrixGame(PayoffTable.from_matrix(a)).state_payoffs(np.column_stack([i, z - i]), z)
    closed = i * (z - i) / (z * (z - 1)) * np.tanh(beta * (f[:, 0] - f[:, 1]) / 2)
    assert np.abs(g.gradient - closed).max() < 1e-15


@pytest.mark.parametrize("payoffs", [(4, 1, 3, 2), (1, 4, 2, 3), (3, 0, 5, 1), (5, 0, 3, 1),
                                     (2, 3, 4, 1)])
def test_two_strategy_rest_points_match_the_closed_form(payoffs) -> None:
    a, b, c, d = payoffs
    got = gradient_of_selection([[a, b], [c, d]], None).rest_points
    ref = rest_points(payoffs)
    stable = sorted(r["x"] for r in got if r["stability"] == "stable")
    assert np.allclose(stable, sorted(ref["stable"]), atol=1e-10)
    interior = [r["x"] for r in got if 0 < r["x"] < 1]
    assert np.allclose(interior, [] if ref["interior"] is None else [ref["interior"]])


def test_finite_rest_point_of_a_coordination_game_is_near_the_infinite_one() -> None:
    a = [[4, 1], [3, 2]]  # bistable, x* = 1/2
    g = gradient_of_selection(a, 200, process="pairwise", beta=1.0)
    kinds = [(round(r["x"], 2), r["stability"]) for r in g.rest_points]
    assert kinds[0] == (0.0, "stable") and kinds[-1] == (1.0, "stable")
    assert kinds[1][1] == "unstable" and abs(kinds[1][0] - 0.5) < 0.02


def test_mutation_moves_the_rest_points_inside() -> None:
    g = gradient_of_selection([[3, 0], [5, 1]], 50, process="pairwise", beta=1.0,
                              mutation=0.05)
    (only,) = g.rest_points
    assert only["stability"] == "stable" and 0 < only["x"] < 0.1


@pytest.mark.parametrize("win,lose,kind", [(1, 1, "neutral"), (2, 1, "stable"),
                                           (1, 2, "unstable")])
def test_rock_paper_scissors_centre(win: float, lose: float, kind: str) -> None:
    rps = [[0, -lose, win], [win, 0, -lose], [-lose, win, 0]]
    pts = replicator_rest_points(rps)
    centre = [r for r in pts if len(r["support"]) == 3]
    assert len(centre) == 1 and np.allclose(centre[0]["x"], 1 / 3)
    assert centre[0]["stability"] == kind
    vertices = [r for r in pts if len(r["support"]) == 1]
    assert len(vertices) == 3 and all(r["stability"] == "saddle" for r in vertices)


def test_simplex_field_is_tangent_and_zero_at_vertices() -> None:
    g = gradient_of_selection([[0, -1, 1], [1, 0, -1], [-1, 1, 0]], None, points=200)
    assert np.allclose(g.gradient.sum(axis=1), 0, atol=1e-14)
    vertex = np.isclose(g.points.max(axis=1), 1)
    assert np.allclose(g.gradient[vertex], 0)
    finite = gradient_of_selection([[0, -1, 1], [1, 0, -1], [-1, 1, 0]], 30,
                                   process="pairwise", beta=1.0)
    assert finite.gradient.shape == (496, 3)
    assert np.allclose(finite.gradient.sum(axis=1), 0, atol=1e-14)
