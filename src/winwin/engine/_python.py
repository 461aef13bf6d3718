"""The Python reference path: plays any strategy, turn by turn, through ``decide(view)``."""

from __future__ import annotations

import time
from typing import Any

import numpy as np

from winwin._errors import StrategyRuntimeError
from winwin.engine._rng import MASK64, threshold, turn_draw
from winwin.game import C, D, Game, Move
from winwin.strategies._base import Mixed, Strategy, View

#: A single decision slower than this (seconds) is an error naming the strategy and the turn.
DECISION_TIME_LIMIT = 2.0


def probability(strategy: Strategy, view: View) -> float:
    """The strategy's probability to cooperate now, with its output checked."""
    try:
        start = time.perf_counter()
        out: Any = strategy.decide(view)
        elapsed = time.perf_counter() - start
    except Exception as exc:  # a user strategy may raise anything; name it and the turn
        raise StrategyRuntimeError(strategy.spec, view.turn,
                                   f"decide raised {type(exc).__name__}: {exc}") from exc
    if elapsed > DECISION_TIME_LIMIT:
        raise StrategyRuntimeError(strategy.spec, view.turn,
                                   f"decide took {elapsed:.1f} s (limit {DECISION_TIME_LIMIT} s)")
    if isinstance(out, Mixed):
        p = out.p
        if not 0.0 <= p <= 1.0:
            raise StrategyRuntimeError(strategy.spec, view.turn,
                                       f"mixed({p!r}) is not a probability in [0, 1]")
        return p
    if isinstance(out, str):
        if out in ("C", "c"):
            return 1.0
        if out in ("D", "d"):
            return 0.0
    elif isinstance(out, (Move, np.integer)):  # C, D, or a move read from the view
        if out == C:
            return 1.0
        if out == D:
            return 0.0
    if isinstance(out, int) and not isinstance(out, bool):
        raise StrategyRuntimeError(strategy.spec, view.turn,
                                   f"decide returned the number {out!r}, which is ambiguous; "
                                   "return 'C', 'D', winwin.C, winwin.D or mixed(p)")
    raise StrategyRuntimeError(strategy.spec, view.turn,
                               f"decide returned {out!r}; return 'C', 'D' or mixed(p)")


def play(a: Strategy, b: Strategy, game: Game, key: int, length: int, noise: float,
         known_length: bool) -> tuple[np.ndarray, np.ndarray]:
    """One match on the Python path: (outcome counts CC, CD, DC, DD; moves, shape (length, 2))."""
    a = a.clone()
    b = b.clone()
    moves = np.zeros((length, 2), np.uint8)
    own_a, own_b = moves[:, 0], moves[:, 1]
    va = View(own_a, own_b, game, length if known_length else None)
    vb = View(own_b, own_a, game, length if known_length else None)
    counts = np.zeros(4, np.int64)
    low = (1 << 32) - 1
    key &= MASK64
    for t in range(length):
        pa = probability(a, va)
        pb = probability(b, vb)
        x = turn_draw(key, t)
        ma = C if (x & low) < threshold(pa, noise) else D
        mb = C if (x >> 32) < threshold(pb, noise) else D
        own_a[t] = ma
        own_b[t] = mb
        counts[2 * ma + mb] += 1
        for v, mine, theirs in ((va, ma, mb), (vb, mb, ma)):
            v.turn = t + 1
            v._own_d += mine
            v._opp_d += theirs
    return counts, moves
