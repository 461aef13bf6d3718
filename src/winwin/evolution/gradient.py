"""The gradient of selection and its rest points, in finite populations and the replicator
limit.

- Two strategies A and B, finite population Z: ``G(i) = T+(i) - T-(i)``, the probability that
  A gains one individual in a step minus the probability that it loses one, with i A's
  (Traulsen, Nowak & Pacheco 2006; Pacheco et al. 2009). Where G changes sign the population
  has a rest point: stable where G goes from + to - as A's share grows, unstable from - to +.
- Two strategies, infinite population: the replicator equation ``dx/dt = x (1 - x)
  (f_A(x) - f_B(x))``; its interior rest points are the roots of ``f_A - f_B``, found by a
  sign scan and refined by Brent's method.
- Three (or more) strategies: the expected change of every count per step on each state of the
  simplex (finite Z, with mutation if asked), and the replicator field ``x_i (f_i - f_mean)``
  with its rest points (every support, payoffs equal on it) classified by the eigenvalues of
  the Jacobian on the simplex: stable (all real parts < 0), unstable (all > 0), saddle, or
  neutral (some real part 0, as the centre of rock-paper-scissors).
"""

from __future__ import annotations

import itertools
import json
from dataclasses import dataclass
from typing import Any

import numpy as np

from winwin._errors import ParameterError, check_int
from winwin.evolution._population import (
    PopulationGame,
    as_game,
    check_dynamics,
    check_mutation,
    states_of,
    step_probabilities,
)

__all__ = ["GradientResult", "gradient_of_selection", "replicator_rest_points"]

#: Real parts of Jacobian eigenvalues within this of 0 count as 0 (non-hyperbolic).
EIGEN_TOLERANCE = 1e-7


@dataclass(frozen=True)
class GradientResult:
    """The gradient at ``points`` (shares; rows add up to 1), and the rest points.

    Two strategies: ``gradient[m]`` is the scalar gradient at A's share ``points[m, 0]``.
    More: ``gradient[m]`` is the vector of expected changes of every share.
    """

    players: tuple[str, ...]
    population: int | None  # None: the infinite-population (replicator) limit
    points: np.ndarray
    gradient: np.ndarray
    rest_points: list[dict[str, Any]]
    params: dict[str, Any]

    def stable(self) -> list[dict[str, Any]]:
        return [r for r in self.rest_points if r["stability"] == "stable"]

    def to_dict(self) -> dict[str, Any]:
        return {"players": list(self.players), "population": self.population,
                "points": self.points.tolist(), "gradient": self.gradient.tolist(),
                "rest_points": self.rest_points, "params": self.params}

    def to_json(self, **kw: Any) -> str:
        return json.dumps(self.to_dict(), **kw)

    def to_frame(self) -> Any:
        import pandas as pd

        df = pd.DataFrame(self.points, columns=list(self.players))
        g = self.gradient.reshape(len(self.points), -1)
        if g.shape[1] == 1:
            df["gradient"] = g[:, 0]
        else:
            for i, p in enumerate(self.players):
                df[f"gradient_{p}"] = g[:, i]
        return df

    def plot(self, path: Any = None, **kw: Any) -> Any:
        """The line (two strategies) or the simplex (three) with arrows and rest points."""
        from winwin.plots import egt

        if len(self.players) == 2:
            return egt.gradient_line(self, path)
        return egt.simplex(self, path, **kw)


def gradient_of_selection(game: Any, population: int | None = None, *,
                          process: str = "pairwise", selection: str = "linear",
                          w: float | None = None, beta: float | None = None,
                          mutation: float = 0.0, payoffs: str | None = None,
                          points: int = 201, **payoff_kw: Any) -> GradientResult:
    """The gradient of selection; ``population=None`` for the replicator limit.

    >>> g = gradient_of_selection([[3, 0], [5, 1]], None)  # a Prisoner's Dilemma
    >>> {r["x"]: r["stability"] for r in g.rest_points}
    {0.0: 'stable', 1.0: 'unstable'}
    """
    g = as_game(game, payoffs, **payoff_kw)
    proc, sel, intensity = check_dynamics(process, selection, w, beta)
    mu = check_mutation(mutation)
    params: dict[str, Any] = {"process": process, "selection": selection, "mutation": mu,
                              **g.describe()}
    if population is None:
        if mu:
            raise ParameterError("mutation", mu, "0 in the replicator limit (population "
                                 "left out)")
        m = check_int("points", points, low=3, high=1_000_000)
        params["kind"] = "replicator"
        if g.k == 2:
            x = np.linspace(0.0, 1.0, m)
            pts = np.column_stack([x, 1 - x])
            diff = _difference(g, x)
            return GradientResult(g.players, None, pts, x * (1 - x) * diff,
                                  _line_rest_points(g), params)
        pts = _simplex_grid(g.k, max(2, int(round(np.sqrt(2 * m)))))
        return GradientResult(g.players, None, pts, _replicator_field(g, pts),
                              replicator_rest_points(g), params)
    z = g.check_population(population)
    from winwin.evolution.chain import _check_size

    _check_size(g.k, z, "iterative")
    params.update({"kind": "finite", "w": None if proc == 2 else intensity,
                   "beta": intensity if proc == 2 else None, "population": z})
    states = states_of(g.k, z)
    step = step_probabilities(g, states, z, proc, sel, intensity, mu)
    # expected change of every count: gains (anyone becoming i) minus losses (i becoming any)
    change = step.sum(axis=1) - step.sum(axis=2)
    pts = states / z
    if g.k == 2:
        grad = change[:, 0]
        return GradientResult(g.players, z, pts, grad, _finite_rest_points(pts[:, 0], grad, mu),
                              params)
    return GradientResult(g.players, z, pts, change, [], params)


def _difference(g: PopulationGame, x: np.ndarray) -> np.ndarray:
    f = g.share_payoffs(np.column_stack([x, 1 - x]))
    return np.asarray(f[:, 0] - f[:, 1])


def _finite_rest_points(x: np.ndarray, grad: np.ndarray, mu: float) -> list[dict[str, Any]]:
    """Sign changes of G along i = 0..Z (x ascending), with the ends."""
    order = np.argsort(x)
    x, grad = x[order], grad[order]
    scale = max(float(np.abs(grad).max()), 1e-300)
    sign = np.where(np.abs(grad) <= 1e-12 * scale, 0, np.sign(grad)).astype(int)
    out: list[dict[str, Any]] = []
    z = len(x) - 1
    if mu == 0.0:  # the ends absorb: stable when a single mutant is pushed back
        out.append({"x": 0.0, "stability": "stable" if sign[1] < 0 else
                    "unstable" if sign[1] > 0 else "neutral"})
    for a in range(1, z):
        if sign[a] == 0 and sign[a - 1] != 0:
            b = a + 1
            while b < z and sign[b] == 0:
                b += 1
            left, right = sign[a - 1], sign[b] if b <= z else 0
            if mu == 0.0 and b == z:
                continue
            out.append({"x": float(x[a]), "stability": _kind(left, right)})
    for a in range(z):
        if sign[a] != 0 and sign[a + 1] != 0 and sign[a] != sign[a + 1]:
            t = grad[a] / (grad[a] - grad[a + 1])
            out.append({"x": float(x[a] + t * (x[a + 1] - x[a])),
                        "stability": _kind(sign[a], sign[a + 1])})
    if mu == 0.0:
        out.append({"x": 1.0, "stability": "stable" if sign[z - 1] > 0 else
                    "unstable" if sign[z - 1] < 0 else "neutral"})
    out.sort(key=lambda r: r["x"])
    return out


def _kind(left: int, right: int) -> str:
    if left > 0 and right < 0:
        return "stable"
    if left < 0 and right > 0:
        return "unstable"
    return "neutral"


def _line_rest_points(g: PopulationGame, grid: int = 4001) -> list[dict[str, Any]]:
    from scipy.optimize import brentq

    x = np.linspace(0.0, 1.0, grid)
    d = _difference(g, x)
    scale = max(float(np.abs(d).max()), 1e-300)
    if float(np.abs(d).max()) <= 1e-12:
        return [{"x": 0.0, "stability": "neutral"}, {"x": 1.0, "stability": "neutral"}]
    out = [{"x": 0.0, "stability": "stable" if d[0] < 0 else "unstable" if d[0] > 0
            else _end_by_slope(d, 0)}]
    tiny = 1e-12 * scale
    for a in range(grid - 1):
        lo, hi = d[a], d[a + 1]
        if abs(lo) <= tiny and 0 < a:
            if np.sign(d[a - 1]) != np.sign(hi) and abs(d[a - 1]) > tiny and abs(hi) > tiny:
                out.append({"x": float(x[a]), "stability": _kind(int(np.sign(d[a - 1])),
                                                                 int(np.sign(hi)))})
            continue
        if lo * hi < 0 and abs(hi) > tiny:
            root = brentq(lambda t: float(_difference(g, np.array([t]))[0]), x[a], x[a + 1],
                          xtol=1e-14)
            out.append({"x": float(root), "stability": _kind(int(np.sign(lo)),
                                                             int(np.sign(hi)))})
    out.append({"x": 1.0, "stability": "stable" if d[-1] > 0 else "unstable" if d[-1] < 0
                else _end_by_slope(d, -1)})
    return out


def _end_by_slope(d: np.ndarray, end: int) -> str:
    """An end where f_A = f_B exactly: decided by the next grid point."""
    nxt = d[1] if end == 0 else d[-2]
    if end == 0:
        return "stable" if nxt < 0 else "unstable" if nxt > 0 else "neutral"
    return "stable" if nxt > 0 else "unstable" if nxt < 0 else "neutral"


def _simplex_grid(k: int, side: int) -> np.ndarray:
    return np.asarray(states_of(k, side) / side, np.float64)


def _replicator_field(g: PopulationGame, x: np.ndarray) -> np.ndarray:
    f = g.share_payoffs(x)
    mean = (x * f).sum(axis=1, keepdims=True)
    return np.asarray(x * (f - mean))


def _jacobian(g: PopulationGame, x: np.ndarray, h: float = 1e-6) -> np.ndarray:
    k = len(x)
    jac = np.zeros((k, k))
    for j in range(k):
        e = np.zeros(k)
        e[j] = h
        jac[:, j] = (_replicator_field(g, (x + e)[None, :])[0]
                     - _replicator_field(g, (x - e)[None, :])[0]) / (2 * h)
    return jac


def replicator_rest_points(game: Any) -> list[dict[str, Any]]:
    """Rest points of the replicator dynamics of a matrix game with k strategies (every
    support with equal payoffs on it and a positive solution), with their stability on the
    simplex and the eigenvalues behind it.

    >>> rps = [[0, -1, 1], [1, 0, -1], [-1, 1, 0]]
    >>> print(*(r["stability"] for r in replicator_rest_points(rps) if len(r["support"]) == 3))
    neutral
    """
    g = as_game(game)
    from winwin.evolution._population import MatrixGame

    if not isinstance(g, MatrixGame):
        raise ParameterError("game", type(g).__name__, "a matrix game (for two-strategy "
                             "N-player games use gradient_of_selection)")
    a = g.matrix
    k = g.k
    basis = np.eye(k)[:, :-1] - np.eye(k)[:, [-1]]  # tangent directions of the simplex
    out = []
    for size in range(1, k + 1):
        for support in itertools.combinations(range(k), size):
            s = list(support)
            m = np.zeros((size + 1, size + 1))
            m[:size, :size] = a[np.ix_(s, s)]
            m[:size, size] = -1.0
            m[size, :size] = 1.0
            rhs = np.zeros(size + 1)
            rhs[size] = 1.0
            try:
                sol = np.linalg.solve(m, rhs)
            except np.linalg.LinAlgError:
                continue  # a continuum of rest points (or none): left out
            if np.any(sol[:size] <= 1e-12):
                continue
            x = np.zeros(k)
            x[s] = sol[:size]
            jac = _jacobian(g, x)
            reduced = np.linalg.lstsq(basis, jac @ basis, rcond=None)[0]
            ev = np.linalg.eigvals(reduced)
            re = np.real(ev)
            if np.all(re < -EIGEN_TOLERANCE):
                kind = "stable"
            elif np.all(re > EIGEN_TOLERANCE):
                kind = "unstable"
            elif np.any(re < -EIGEN_TOLERANCE) and np.any(re > EIGEN_TOLERANCE):
                kind = "saddle"
            else:
                kind = "neutral"
            out.append({"x": [float(v) for v in x],
                        "support": [g.players[i] for i in s], "stability": kind,
                        "eigenvalues": [[float(np.real(e)), float(np.imag(e))] for e in ev]})
    return out
