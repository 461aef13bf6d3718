"""Exact results for finite populations: fixation probabilities, the one-third rule and the
small-mutation limit.

- Fixation of one mutant (Nowak, Sasaki, Taylor & Fudenberg 2004, Nature 428:646-650): with i
  mutants A among N, payoffs ``F_i = (a (i-1) + b (N-i)) / (N-1)`` and
  ``G_i = (c i + d (N-i-1)) / (N-1)``; ``rho = 1 / (1 + sum_k prod_{i<=k} g_i / f_i)`` with
  fitness ``f = 1 - w + w F`` (linear) or ``exp(w F)`` (exponential).
- Pairwise comparison (Traulsen, Nowak & Pacheco 2006, Phys. Rev. E 74:011909): the ratio of
  backward to forward switching is ``exp(-beta (F_i - G_i))``.
- Small-mutation limit (Fudenberg & Imhof 2006; Imhof, Fudenberg & Nowak 2005): the population
  hops between monomorphic states with probabilities ``rho_ij / (k - 1)``; its stationary
  distribution says how much of the time each strategy dominates.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from winwin._errors import ParameterError, check_float, check_int
from winwin._keep import Kept
from winwin.evolution._payoffs import PayoffTable, scale_params

__all__ = ["SmallMutationResult", "fixation_probability", "fixation_matrix",
           "one_third_rule", "small_mutation_limit"]

PROCESSES = ("moran", "pairwise")


def _intensity(process: str, w: float | None, beta: float | None, selection: str) -> float:
    if process not in PROCESSES:
        raise ParameterError("process", process, f"one of {', '.join(PROCESSES)} for exact "
                             "results")
    if process == "pairwise":
        if beta is None:
            raise ParameterError("beta", None, "a number >= 0 (the pairwise comparison's "
                                 "selection intensity)")
        return check_float("beta", beta, low=0.0)
    if w is None:
        raise ParameterError("w", None, "a number from 0 to 1 (selection intensity)")
    if selection == "linear":
        return check_float("w", w, low=0.0, high=1.0)
    return check_float("w", w, low=0.0)


def _log_ratios(a: float, b: float, c: float, d: float, n: int, process: str, intensity: float,
                selection: str) -> np.ndarray:
    i = np.arange(1, n, dtype=np.float64)
    f = (a * (i - 1) + b * (n - i)) / (n - 1)
    g = (c * i + d * (n - i - 1)) / (n - 1)
    if process == "pairwise" or selection == "exponential":
        return -intensity * (f - g)
    ff = 1 - intensity + intensity * f
    gg = 1 - intensity + intensity * g
    if np.any(ff <= 0) or np.any(gg <= 0):
        raise ParameterError("w", intensity, "small enough that every fitness 1 - w + w * "
                             "payoff stays positive (or use selection='exponential')")
    return np.log(gg) - np.log(ff)


def fixation_probability(payoffs: Sequence[float] | np.ndarray, population: int, *,
                         w: float | None = None, beta: float | None = None,
                         process: str = "moran", selection: str = "linear") -> float:
    """Probability that one mutant A takes over a population of ``population - 1`` residents B.

    ``payoffs = (a, b, c, d)``: A against A, A against B, B against A, B against B (per match).

    >>> round(fixation_probability((3, 0, 5, 1), 10, w=0.0), 12)  # neutral drift: 1/N
    0.1
    """
    values = list(payoffs) if isinstance(payoffs, (list, tuple, np.ndarray)) else None
    if values is None or len(values) != 4:
        raise ParameterError("payoffs", payoffs, "four per-match payoffs (a, b, c, d): A against "
                             "A, A against B, B against A, B against B")
    a, b, c, d = (check_float(f"payoffs[{k}]", x) for k, x in enumerate(values))
    n = check_int("population", population, low=2)
    if selection not in ("linear", "exponential"):
        raise ParameterError("selection", selection, "linear or exponential")
    intensity = _intensity(process, w, beta, selection)
    return rho_from_log_ratios(_log_ratios(a, b, c, d, n, process, intensity, selection))


def rho_from_log_ratios(log_ratios: np.ndarray) -> float:
    """``1 / (1 + sum_k prod_{i<=k} T-(i) / T+(i))`` from ``log(T-(i) / T+(i))``, i = 1..N-1,
    computed without overflow."""
    logs = np.cumsum(log_ratios)
    top = float(np.max(logs))
    if top > 0:
        return float(np.exp(-top) / (np.exp(-top) + np.sum(np.exp(logs - top))))
    return float(1.0 / (1.0 + np.sum(np.exp(logs))))


def fixation_matrix(table: PayoffTable | np.ndarray, population: int, *, w: float | None = None,
                    beta: float | None = None, process: str = "moran",
                    selection: str = "linear", payoffs: str | None = None) -> np.ndarray:
    """``rho[i, j]``: probability that one i mutant takes over a population of j (diagonal NaN).
    ``payoffs`` ("total" or "per-turn") picks a :class:`PayoffTable`'s scale.
    """
    if isinstance(table, PayoffTable):
        m = table.on_scale(payoffs).fitness
    else:
        m = np.asarray(table, np.float64)
    k = len(m)
    rho = np.full((k, k), np.nan)
    for i in range(k):
        for j in range(k):
            if i != j:
                rho[i, j] = fixation_probability((m[i, i], m[i, j], m[j, i], m[j, j]),
                                                 population, w=w, beta=beta, process=process,
                                                 selection=selection)
    return rho


def one_third_rule(payoffs: Sequence[float], population: int | None = None) -> dict[str, Any]:
    """Nowak et al. (2004)'s weak-selection conditions for A invading and replacing B.

    For large N, selection favours A replacing B (rho_A > 1/N) iff ``x* < 1/3`` where ``x*`` is
    the unstable interior rest point of a coordination game (a > c, b < d). For finite N the
    condition is ``a (N-2) + b (2N-1) > c (N+1) + d (2N-4)``.
    """
    a, b, c, d = (float(x) for x in payoffs)
    out: dict[str, Any] = {"x_star": None, "one_third": None}
    denom = a - b - c + d
    if denom != 0:
        x = (d - b) / denom
        if 0 < x < 1:
            out["x_star"] = x
            if a > c and b < d:
                out["one_third"] = bool(x < 1 / 3)
    if population is not None:
        n = check_int("population", population, low=3)
        out["favoured_finite_n"] = bool(a * (n - 2) + b * (2 * n - 1) > c * (n + 1) + d * (2 * n - 4))
    return out


@dataclass(frozen=True, eq=False, repr=False)
class SmallMutationResult(Kept):
    """The small-mutation limit: the share of time each strategy is the whole population."""

    players: tuple[str, ...]
    population: int
    fixation: np.ndarray  # rho[i, j]: one i mutant takes over j
    stationary: np.ndarray
    params: dict[str, Any] = field(default_factory=dict)

    @property
    def neutral(self) -> float:
        return 1.0 / self.population

    def plot_invasion(self, path: Any = None) -> Any:
        from winwin import plots

        return plots.invasion(self, path)

    def plot_fixation(self, path: Any = None) -> Any:
        from winwin import plots

        return plots.fixation(self, path)

    def invasion_edges(self) -> list[dict[str, Any]]:
        """Edges j -> i where one i mutant fixes in j more often than a neutral one (1/N)."""
        out = []
        k = len(self.players)
        for i in range(k):
            for j in range(k):
                if i != j and self.fixation[i, j] > self.neutral:
                    out.append({"from": self.players[j], "to": self.players[i],
                                "rho": float(self.fixation[i, j]),
                                "ratio_to_neutral": float(self.fixation[i, j] / self.neutral)})
        return out

    def to_dict(self) -> dict[str, Any]:
        return {"players": list(self.players), "population": self.population,
                "stationary": {p: float(x) for p, x in
                               zip(self.players, self.stationary, strict=True)},
                "fixation": [[None if np.isnan(x) else float(x) for x in row]
                             for row in self.fixation],
                "invasions": self.invasion_edges(), "params": self.params}

    def to_frame(self) -> Any:
        """One row per strategy: its share of time as the whole population, and the chance
        that one mutant of it takes over each other strategy."""
        import pandas as pd

        df = pd.DataFrame({"player": self.players, "stationary": self.stationary})
        for j, resident in enumerate(self.players):
            df[f"fixation_in_{resident}"] = self.fixation[:, j]
        return df


def small_mutation_limit(table: PayoffTable, population: int, *, w: float | None = None,
                         beta: float | None = None, process: str = "moran",
                         selection: str = "linear", payoffs: str | None = None
                         ) -> SmallMutationResult:
    """The stationary distribution over monomorphic states as mutations become rare.
    ``payoffs``: fitness from per-match totals ("total") or per-turn means ("per-turn")."""
    table = table.on_scale(payoffs)
    n = check_int("population", population, low=2)
    rho = fixation_matrix(table, n, w=w, beta=beta, process=process, selection=selection)
    k = len(rho)
    p = np.nan_to_num(rho.T) / (k - 1)  # p[j, i]: from all-j to all-i
    np.fill_diagonal(p, 0.0)
    np.fill_diagonal(p, 1.0 - p.sum(axis=1))
    # pi P = pi with sum(pi) = 1: solve (P^T - I) pi = 0 with one equation replaced
    a = p.T - np.eye(k)
    a[-1, :] = 1.0
    rhs = np.zeros(k)
    rhs[-1] = 1.0
    if k > 200:
        from scipy.sparse import csr_matrix
        from scipy.sparse.linalg import spsolve

        pi = spsolve(csr_matrix(a), rhs)
    else:
        pi = np.linalg.solve(a, rhs)
    pi = np.clip(pi, 0.0, None)
    params = {"process": process, "selection": selection, "w": w, "beta": beta,
              "payoffs": scale_params(table)}
    return SmallMutationResult(table.players, n, rho, pi / pi.sum(), params)
