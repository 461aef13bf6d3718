"""Exact expectations for two finite automata (memory-one strategies, grudger, state machines):
the Markov chain on the pair of their states.

Each strategy is an :class:`~winwin.strategies.Automaton` (a probability to cooperate in each
state, the next state after each outcome from its own side). With noise ``e`` a player in a
state that cooperates with probability ``x`` plays C with probability ``x (1 - e) + (1 - x) e``;
both players then move to the state their automaton names for the outcome as played. The chain
gives the distribution of every turn's outcome, so expected totals over ``n`` turns
(``sum_{t<n} v0 M^t``) and over a geometric length (``v0 (I - delta M)^-1``) are exact.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from winwin._errors import ParameterError
from winwin.game import Game
from winwin.strategies import Strategy, get_strategy

__all__ = ["Chain", "chain"]

_SWAP = np.array([0, 2, 1, 3])


@dataclass(frozen=True)
class Chain:
    """The pair chain: start distribution ``v0`` (K,), transitions ``m`` (K, K) and the
    outcome of the turn played in each state ``out`` (K, 4), CC/CD/DC/DD from player 1's side.
    """

    v0: np.ndarray
    m: np.ndarray
    out: np.ndarray

    def per_turn(self, n: int) -> np.ndarray:
        """(n, 4): the probability of each outcome on turns 1..n."""
        rows = np.empty((n, 4))
        v = self.v0.copy()
        for t in range(n):
            rows[t] = v @ self.out
            v = v @ self.m
        return rows

    def counts(self, *, turns: int | None = None, prob_end: float | None = None) -> np.ndarray:
        """Expected number of turns ending in each outcome (4,) over ``turns`` turns or a
        geometric length with ``prob_end`` (mean ``1 / prob_end``)."""
        if (turns is None) == (prob_end is None):
            raise ParameterError("turns", turns, "either turns or prob_end")
        k = len(self.v0)
        if prob_end is not None:
            a = np.eye(k) - (1.0 - prob_end) * self.m
            return np.asarray(np.linalg.solve(a.T, self.v0) @ self.out)
        assert turns is not None
        return np.asarray(self.v0 @ _power_sum(self.m, turns) @ self.out)

    def long_run(self) -> np.ndarray:
        """The long-run (Cesaro) share of each outcome."""
        avg, power = np.eye(len(self.v0)), self.m.copy()
        for _ in range(50):  # the mean of M^t over t < 2**50
            avg = (avg + power @ avg) / 2
            power = power @ power
            power /= power.sum(axis=1, keepdims=True)
        return np.asarray(self.v0 @ avg @ self.out)


def _power_sum(m: np.ndarray, n: int) -> np.ndarray:
    """sum_{t<n} M^t by binary splitting (exact up to rounding, O(log n) products)."""
    k = len(m)
    total, power = np.zeros((k, k)), np.eye(k)  # the sum and M^done so far
    block_sum, block_pow = np.eye(k), m.copy()  # sum and power of a block of 2**bit turns
    while n:
        if n & 1:
            total = total + power @ block_sum
            power = power @ block_pow
        n >>= 1
        if n:
            block_sum = block_sum + block_pow @ block_sum
            block_pow = block_pow @ block_pow
    return total


def chain(a: str | Strategy, b: str | Strategy, game: Game, noise: float) -> Chain:
    """The chain of ``a`` (player 1) against ``b`` (player 2)."""
    sa, sb = get_strategy(a), get_strategy(b)
    ma, mb = sa.automaton(game), sb.automaton(game)
    for s, mach in ((sa, ma), (sb, mb)):
        if mach is None:
            raise ParameterError("strategy", s.spec, "a strategy with a finite automaton "
                                 "(memory-one, grudger, state machines)")
    assert ma is not None and mb is not None
    pa = np.asarray(ma.probs) * (1 - noise) + (1 - np.asarray(ma.probs)) * noise
    pb = np.asarray(mb.probs) * (1 - noise) + (1 - np.asarray(mb.probs)) * noise
    na, nb = len(pa), len(pb)
    k = na * nb
    m = np.zeros((k, k))
    out = np.zeros((k, 4))
    for i in range(na):
        for j in range(nb):
            row = i * nb + j
            for o in range(4):
                own, opp = o >> 1, o & 1
                p = (pa[i] if own == 0 else 1 - pa[i]) * (pb[j] if opp == 0 else 1 - pb[j])
                out[row, o] += p
                i2 = int(ma.next[4 * i + o])
                j2 = int(mb.next[4 * j + _SWAP[o]])
                m[row, i2 * nb + j2] += p
    v0 = np.zeros(k)
    v0[ma.start * nb + mb.start] = 1.0
    return Chain(v0, m, out)


def payoffs(counts: np.ndarray, game: Game) -> tuple[float, float]:
    """Player 1's and player 2's payoff from outcome counts (player 1's side)."""
    return (float(counts @ np.asarray(game.payoffs_1)),
            float(counts[_SWAP] @ np.asarray(game.payoffs_2)))
