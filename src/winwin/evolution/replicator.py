"""Deterministic dynamics of infinite populations: the replicator equation (continuous) and
Axelrod's ecological simulation (discrete), with the rest points of two-strategy games."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from winwin._errors import ParameterError, check_float, check_int
from winwin._keep import Kept
from winwin.evolution._payoffs import PayoffTable, PopulationPictures, scale_params

__all__ = ["DynamicsResult", "ecological", "replicator", "rest_points"]


@dataclass(frozen=True, eq=False, repr=False)
class DynamicsResult(Kept, PopulationPictures):
    """Shares of each strategy over time (rows) and the parameters."""

    players: tuple[str, ...]
    times: np.ndarray
    shares: np.ndarray
    params: dict[str, Any]

    @property
    def final(self) -> dict[str, float]:
        return {p: float(x) for p, x in zip(self.players, self.shares[-1], strict=True)}

    def to_dict(self) -> dict[str, Any]:
        return {"players": list(self.players), "times": self.times.tolist(),
                "shares": self.shares.tolist(), "final": self.final, "params": self.params}

    def to_frame(self) -> Any:
        import pandas as pd

        df = pd.DataFrame(self.shares, columns=list(self.players))
        df.insert(0, "time", self.times)
        return df


def _start(table: PayoffTable, shares: Sequence[float] | None) -> np.ndarray:
    k = len(table.players)
    if shares is None:
        return np.full(k, 1.0 / k)
    x = np.asarray(shares, np.float64)
    if x.shape != (k,) or np.any(~np.isfinite(x)) or np.any(x < 0) or x.sum() <= 0:
        raise ParameterError("shares", list(np.asarray(shares).tolist()),
                             f"{k} non-negative numbers with a positive sum")
    return x / x.sum()


def replicator(table: PayoffTable, *, shares: Sequence[float] | None = None,
               time: float = 100.0, points: int = 201, payoffs: str | None = None
               ) -> DynamicsResult:
    """Integrate dx_i/dt = x_i ((A x)_i - x.A x) with per-match payoffs A (scipy, RK45);
    ``payoffs="per-turn"`` uses the per-turn means (time then runs ``turns`` times slower)."""
    from scipy.integrate import solve_ivp

    table = table.on_scale(payoffs)
    a = table.fitness
    x0 = _start(table, shares)
    t_end = check_float("time", time, low=0.0, low_open=True)
    n = check_int("points", points, low=2, high=100_000)

    def rhs(_t: float, x: np.ndarray) -> np.ndarray:
        f = a @ x
        return x * (f - x @ f)

    t = np.linspace(0.0, t_end, n)
    sol = solve_ivp(rhs, (0.0, t_end), x0, t_eval=t, rtol=1e-10, atol=1e-12)
    x = np.clip(sol.y.T, 0.0, None)
    x /= x.sum(axis=1, keepdims=True)
    return DynamicsResult(table.players, t, x, {"time": t_end, "points": n, "kind": "replicator",
                                                    "payoffs": scale_params(table)})


def ecological(table: PayoffTable, *, shares: Sequence[float] | None = None,
               generations: int = 100, payoffs: str | None = None) -> DynamicsResult:
    """Axelrod's (1984) ecological simulation: x_i' = x_i (A x)_i / (x.A x).

    Needs non-negative payoffs (shares stay shares only then). The result is the same on both
    payoff scales (``payoffs``): the map divides by the mean payoff.
    """
    table = table.on_scale(payoffs)
    a = table.fitness
    if np.any(a < 0):
        raise ParameterError("payoffs", float(a.min()), "no negative payoffs in the "
                             "ecological simulation (shift the game, e.g. add a constant)")
    g = check_int("generations", generations, low=1, high=10_000_000)
    x = _start(table, shares)
    out = np.empty((g + 1, len(x)))
    out[0] = x
    for t in range(g):
        f = a @ x
        mean = x @ f
        if mean <= 0:
            raise ParameterError("payoffs", 0.0, "a population whose mean payoff is positive")
        x = x * f / mean
        out[t + 1] = x
    return DynamicsResult(table.players, np.arange(g + 1, dtype=np.float64), out,
                          {"generations": g, "kind": "ecological",
                           "payoffs": scale_params(table)})


def rest_points(payoffs: Sequence[float]) -> dict[str, Any]:
    """Rest points of the two-strategy replicator dynamics and their stability.

    ``payoffs = (a, b, c, d)`` for strategies A and B; x is A's share. The interior rest point
    is ``x* = (d - b) / (a - b - c + d)``.
    """
    a, b, c, d = (float(v) for v in payoffs)
    out: dict[str, Any] = {"interior": None, "stable": [], "unstable": []}
    # x = 1 (all A) is stable if a > c; x = 0 (all B) is stable if d > b
    (out["stable"] if a > c else out["unstable"]).append(1.0)
    (out["stable"] if d > b else out["unstable"]).append(0.0)
    denom = a - b - c + d
    if denom != 0:
        x = (d - b) / denom
        if 0 < x < 1:
            out["interior"] = x
            # coexistence when both pure states are unstable, bistability when both stable
            (out["stable"] if a < c and d < b else out["unstable"]).append(x)
    if a > c and d > b:
        out["kind"] = "bistable"
    elif a < c and d < b:
        out["kind"] = "coexistence"
    elif a >= c and b >= d:
        out["kind"] = "A dominates"
    elif a <= c and b <= d:
        out["kind"] = "B dominates"
    else:
        out["kind"] = "neutral"
    return out
