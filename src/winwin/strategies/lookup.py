"""Lookup tables: a move (or a probability to cooperate) for every combination of the last few
own and opponent moves and, optionally, the opponent's opening moves.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from winwin._errors import ParameterError
from winwin.game import Game
from winwin.strategies import _base
from winwin.strategies import _kinds as K
from winwin.strategies._base import INF, Automaton, CompiledSpec, Param, Strategy, Traits, View
from winwin.strategies.memory_one import _is_deterministic

__all__ = ["LookupTable", "lookup_automaton"]


def lookup_automaton(own_depth: int, opp_depth: int, table: tuple[float, ...],
                     initial: tuple[float, ...] = (), openings: int = 0) -> Automaton | None:
    """The Moore machine of a lookup table: state (opening turn, window of recent moves,
    the opponent's first moves).

    Window ``w = own_bits << opp_depth | opp_bits`` with bit 0 the last move (1 = D); turns
    before the start count as C; the opponent's first ``openings`` moves ``o`` (its first move
    the highest bit) complete the index ``w << openings | o``. ``None`` when the machine would
    exceed MAX_AUTOMATON_STATES.
    """
    windows = 2 ** (own_depth + opp_depth)
    opens = 2**openings
    k = len(initial)
    if (k + 1) * windows * opens > _base.MAX_AUTOMATON_STATES:
        return None
    w = np.arange(windows)
    own_bits, opp_bits = w >> opp_depth, w & (2**opp_depth - 1)
    after = np.empty((windows, 4), np.int64)
    for o in range(4):
        own, opp = o >> 1, o & 1
        after[:, o] = ((((own_bits << 1) | own) & (2**own_depth - 1)) << opp_depth) \
            | (((opp_bits << 1) | opp) & (2**opp_depth - 1))
    probs = np.empty((k + 1, windows, opens))
    nxt = np.empty((k + 1, windows, opens, 4), np.int64)
    for t in range(k + 1):
        t2 = min(t + 1, k)
        for op in range(opens):
            probs[t, :, op] = initial[t] if t < k else np.asarray(table)[(w << openings) | op]
            for o in range(4):
                op2 = ((op << 1) | (o & 1)) & (opens - 1) if t < openings else op
                nxt[t, :, op, o] = (t2 * windows + after[:, o]) * opens + op2
    return Automaton(probs.ravel(), nxt.ravel(), 0)


# -- table families as named data ----------------------------------------------------------------


class LookupTable(Strategy):
    slug = "lookup-table"
    name = "Lookup Table"
    rule = ("A memory-n table: the probability to cooperate for every combination of its own "
            "last `own_depth` moves and the opponent's last `opp_depth` moves (turns before the "
            "start count as C), after `initial` opening moves. Table index: own moves then "
            "opponent moves, most recent first, as bits with D = 1.")
    citation = "Axelrod (1987), in Genetic Algorithms and Simulated Annealing, 32-41; Harper et al. (2017), PLoS ONE 12:e0188046"
    params = (
        Param("own_depth", "int", 0, "own moves remembered", low=0, high=8),
        Param("opp_depth", "int", 1, "opponent moves remembered", low=0, high=8),
        Param("table", "probs", (1.0, 0.0), "P(C) per history "
              "(2**(own_depth+opp_depth+openings) entries)"),
        Param("initial", "moves_or_empty", "", "opening moves before the table applies"),
        Param("openings", "int", 0, "the opponent's first moves remembered (at most the "
              "number of opening moves)", low=0, high=4),
    )
    own_depth: int
    opp_depth: int
    table: tuple[float, ...]
    initial: str
    openings: int

    def _check(self) -> None:
        need = 2 ** (self.own_depth + self.opp_depth + self.openings)
        if len(self.table) != need:
            raise ParameterError(f"{self.slug}.table", list(self.table),
                                 f"{need} probabilities for own_depth={self.own_depth}, "
                                 f"opp_depth={self.opp_depth}, openings={self.openings}")
        if len(self.initial) < self.openings:
            raise ParameterError(f"{self.slug}.initial", self.initial,
                                 f"at least openings={self.openings} opening moves")

    def decide(self, view: View) -> Any:
        if view.turn < len(self.initial):
            return self.initial[view.turn]
        return _base.mixed(self.table[self._bits_index(view)])

    def _bits_index(self, view: View) -> int:
        # own and opponent windows with bit k = the move k+1 turns ago (the last is bit 0),
        # then the opponent's first moves with its very first move highest
        own = sum(int(view.own[-k]) << (k - 1) for k in range(1, min(self.own_depth, view.turn) + 1))
        opp = sum(int(view.opponent[-k]) << (k - 1)
                  for k in range(1, min(self.opp_depth, view.turn) + 1))
        c = self.openings
        first = sum(int(view.opponent[k]) << (c - 1 - k) for k in range(c))
        return (((own << self.opp_depth) | opp) << c) | first

    def compiled(self, game: Game) -> CompiledSpec:
        init = tuple(1.0 if m == "C" else 0.0 for m in self.initial)
        return CompiledSpec(K.LOOKUP, (self.own_depth, self.opp_depth, len(init), self.openings),
                            init + tuple(self.table))

    def automaton(self, game: Game) -> Automaton | None:
        init = tuple(1.0 if m == "C" else 0.0 for m in self.initial)
        return lookup_automaton(self.own_depth, self.opp_depth, self.table, init, self.openings)

    @property
    def traits(self) -> Traits:  # type: ignore[override]
        depth: float = max(self.own_depth, self.opp_depth, len(self.initial))
        if self.openings:
            depth = INF
        return Traits(memory_depth=depth, stochastic=not _is_deterministic(*self.table),
                      nice=None, forgiving=None, retaliating=None)
