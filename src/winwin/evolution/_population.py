"""What selection acts on in a well-mixed population of Z: every strategy's payoff in every
population state, for finite Z (individuals meet the other Z - 1, or groups drawn from them)
and in the infinite-population limit. A :class:`PayoffTable` of pairwise payoffs becomes a
:class:`MatrixGame`; N-player dilemmas (:mod:`winwin.evolution.nplayer`) are
:class:`PopulationGame` s of their own. The exact chain, the gradient of selection, the Monte
Carlo estimators and Wright-Fisher all read payoffs from here, so every analysis of a game
sees the same numbers.

A *state* is a row of counts ``(n_1, ..., n_k)`` adding up to Z.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

import numpy as np

from winwin._errors import ParameterError, check_float, check_int
from winwin.evolution._payoffs import PayoffTable, payoff_table, scale_params

PROCESSES = {"birth-death": 0, "death-birth": 1, "pairwise": 2}
SELECTIONS = {"linear": 0, "exponential": 1}


class PopulationGame:
    """A game played in a well-mixed population: payoffs per state (finite) and per share
    vector (infinite). Subclasses set ``players`` and implement the two payoff methods."""

    players: tuple[str, ...]

    @property
    def k(self) -> int:
        return len(self.players)

    def state_payoffs(self, states: np.ndarray, population: int) -> np.ndarray:
        """``(n, k)``: each strategy's expected payoff in each state (0 where it is absent)."""
        raise NotImplementedError

    def share_payoffs(self, shares: np.ndarray) -> np.ndarray:
        """``(m, k)``: each strategy's expected payoff in an infinite population with the
        given ``(m, k)`` shares."""
        raise NotImplementedError

    def check_population(self, population: int) -> int:
        return check_int("population", population, low=2)

    def describe(self) -> dict[str, Any]:
        raise NotImplementedError


class MatrixGame(PopulationGame):
    """Pairwise games from a :class:`PayoffTable`: an individual's payoff is its mean against
    the other Z - 1 (no self-match), as in Nowak et al. (2004) and the Moran kernels."""

    def __init__(self, table: PayoffTable) -> None:
        self.table = table
        self.players = table.players
        self.matrix = np.ascontiguousarray(table.fitness, np.float64)

    def state_payoffs(self, states: np.ndarray, population: int) -> np.ndarray:
        s = np.asarray(states, np.float64)
        pay = (s @ self.matrix.T - np.diag(self.matrix)) / (population - 1)
        pay[np.asarray(states) == 0] = 0.0
        return np.asarray(pay)

    def share_payoffs(self, shares: np.ndarray) -> np.ndarray:
        return np.asarray(np.atleast_2d(shares) @ self.matrix.T)

    def describe(self) -> dict[str, Any]:
        return {"game": "matrix", "payoffs": scale_params(self.table)}


def as_game(players: Any, payoffs: str | None = None, **payoff_kw: Any) -> PopulationGame:
    """A :class:`PopulationGame` from a game, a :class:`PayoffTable`, a square matrix or a
    list of strategies (their payoffs by :func:`payoff_table` with ``payoff_kw``)."""
    if isinstance(players, PopulationGame):
        if payoffs not in (None, "total", "per-turn"):
            from winwin.evolution._payoffs import check_scale

            check_scale(payoffs)
        return players
    if isinstance(players, PayoffTable):
        return MatrixGame(players.on_scale(payoffs))
    if isinstance(players, np.ndarray) or (isinstance(players, Sequence) and players
                                           and not isinstance(players[0], str)
                                           and isinstance(players[0], Sequence)):
        return MatrixGame(PayoffTable.from_matrix(players).on_scale(payoffs))
    return MatrixGame(payoff_table(players, payoffs=payoffs, **payoff_kw))


def check_dynamics(process: str, selection: str, w: float | None, beta: float | None
                   ) -> tuple[int, int, float]:
    """(process code, selection code, intensity); ``w`` for birth-death and death-birth
    (default 1), ``beta`` for the pairwise process (default 1), as :func:`moran` reads them."""
    if process not in PROCESSES:
        raise ParameterError("process", process, ", ".join(PROCESSES))
    if selection not in SELECTIONS:
        raise ParameterError("selection", selection, ", ".join(SELECTIONS))
    if process == "pairwise":
        if w is not None:
            raise ParameterError("w", w, "left out with process='pairwise' (use beta)")
        b = 1.0 if beta is None else check_float("beta", beta, low=0.0)
        return PROCESSES[process], SELECTIONS[selection], b
    if beta is not None:
        raise ParameterError("beta", beta, "only with process='pairwise' (use w)")
    x = 1.0 if w is None else check_float("w", w, low=0.0,
                                          high=1.0 if selection == "linear" else None)
    return PROCESSES[process], SELECTIONS[selection], x


def check_mutation(mutation: float) -> float:
    return check_float("mutation", mutation, low=0.0, high=1.0)


def fitness(pay: np.ndarray, present: np.ndarray, selection: int, intensity: float
            ) -> np.ndarray:
    """Fitness of each strategy in each state (0 where absent). Exponential fitness is scaled
    per state by its largest payoff (only ratios within a state matter)."""
    if selection == SELECTIONS["linear"]:
        f = 1.0 - intensity + intensity * pay
        if np.any(f[present] <= 0):
            raise ParameterError("w", intensity, f"a value keeping fitness 1 - w + w * payoff "
                                 f"positive (the lowest payoff is {pay[present].min():g}): "
                                 "use a smaller w or selection='exponential'")
    else:
        top = np.where(present, pay, -np.inf).max(axis=1, keepdims=True)
        f = np.exp(intensity * (pay - top))
    return np.where(present, f, 0.0)


def step_probabilities(game: PopulationGame, states: np.ndarray, population: int, process: int,
                       selection: int, intensity: float, mutation: float) -> np.ndarray:
    """``R[s, j, i]``: probability that one elementary step turns one j individual into an i
    (i != j) in state ``s``; the diagonal is 0.

    Birth-death: one individual reproduces by fitness, its offspring replaces a random one.
    Death-birth: a random one dies, the other Z - 1 compete by fitness for the place.
    Pairwise: a random focal individual imitates a random other with probability
    ``1 / (1 + exp(-beta (pi_model - pi_focal)))``. In every process the newcomer mutates with
    probability ``mutation`` into one of the other k - 1 strategies, uniformly.
    """
    z = population
    s = np.asarray(states, np.int64)
    n, k = s.shape
    pay = game.state_payoffs(s, z)
    present = s > 0
    out = np.zeros((n, k, k))
    share = s / z  # who dies (birth-death, death-birth) or who is the focal (pairwise)
    if process == PROCESSES["pairwise"]:
        from scipy.special import expit

        for j in range(k):
            for i in range(k):
                if i == j:
                    continue
                imitate = s[:, i] / (z - 1) * expit(intensity * (pay[:, i] - pay[:, j]))
                out[:, j, i] = share[:, j] * ((1 - mutation) * imitate + mutation / (k - 1))
        return out
    f = fitness(pay, present, selection, intensity)
    for j in range(k):
        if process == PROCESSES["birth-death"]:
            w = s * f
        else:  # death-birth: the dead j is out of the competition for its place
            left = s.copy()
            left[:, j] = np.maximum(left[:, j] - 1, 0)
            w = left * f
        total = w.sum(axis=1)
        safe = np.where(total > 0, total, 1.0)
        for i in range(k):
            if i == j:
                continue
            born = ((1 - mutation) * w[:, i] + mutation / (k - 1) * (total - w[:, i])) / safe
            out[:, j, i] = share[:, j] * born
    return out


def states_of(k: int, population: int) -> np.ndarray:
    """All ``C(Z + k - 1, k - 1)`` states of k strategies in a population of Z, in
    lexicographic order of the counts (the first strategy's count varies slowest)."""
    if k == 1:
        return np.array([[population]], np.int64)
    parts = []
    for first in range(population, -1, -1):
        rest = states_of(k - 1, population - first)
        parts.append(np.column_stack([np.full(len(rest), first, np.int64), rest]))
    return np.vstack(parts)


def state_count(k: int, population: int) -> int:
    return math.comb(population + k - 1, k - 1)


def state_codes(states: np.ndarray, population: int) -> np.ndarray:
    """One integer per state (the counts of all but the last strategy in base Z + 1)."""
    s = np.asarray(states, np.int64)
    weights = (population + 1) ** np.arange(s.shape[1] - 1, dtype=np.int64)
    return np.asarray(s[:, :-1] @ weights)


def binomial_pmf(n: int, x: np.ndarray) -> np.ndarray:
    """``(m, n + 1)``: P(j successes in n draws) for each probability in ``x``."""
    from scipy.stats import binom

    return np.asarray(binom.pmf(np.arange(n + 1)[None, :], n, np.asarray(x)[:, None]))


def hypergeometric_pmf(population: int, marked: np.ndarray, draws: int) -> np.ndarray:
    """``(m, draws + 1)``: P(j marked among ``draws`` drawn without replacement from
    ``population`` holding ``marked`` marked ones), for each count in ``marked``."""
    from scipy.stats import hypergeom

    j = np.arange(draws + 1)[None, :]
    return np.asarray(hypergeom.pmf(j, population, np.asarray(marked)[:, None], draws))
