"""Strategies that look at a window of the opponent's recent moves, or at all of them: tit for two
tats and its relatives, and the majority rules.
"""

from __future__ import annotations

from typing import Any

from winwin.game import C, D, Game
from winwin.strategies import _kinds as K
from winwin.strategies._base import INF, Automaton, CompiledSpec, Strategy, Traits, View
from winwin.strategies.lookup import lookup_automaton

__all__ = ["HardMajority", "HardTitForTat", "HardTitForTwoTats", "SoftMajority", "TitForTwoTats", "TwoTitsForTat"]


# -- lookup-table rules (the opponent's last few moves) --------------------------------------------


class _OpponentWindow(Strategy, register=False):
    """Defects when the opponent's defections among its last ``depth`` moves reach ``needed``."""

    depth: int = 1
    needed: int = 1

    def decide(self, view: View) -> Any:
        return D if int(view.last(self.depth).sum()) >= self.needed else C

    def compiled(self, game: Game) -> CompiledSpec:
        table = tuple(0.0 if bin(i).count("1") >= self.needed else 1.0
                      for i in range(2 ** self.depth))
        return CompiledSpec(K.LOOKUP, (0, self.depth, 0, 0), table)

    def automaton(self, game: Game) -> Automaton | None:
        return lookup_automaton(0, self.depth, self.compiled(game).floats)

    @property
    def traits(self) -> Traits:  # type: ignore[override]
        return Traits(memory_depth=self.depth, stochastic=False, nice=True, forgiving=True,
                      retaliating=True)


class TitForTwoTats(_OpponentWindow):
    slug = "tit-for-two-tats"
    name = "Tit For Two Tats"
    aliases = ("tf2t", "copykitten")
    rule = "Cooperates unless the opponent defected in both of the last two turns."
    citation = "Axelrod (1984), The Evolution of Cooperation"
    depth, needed = 2, 2


class TwoTitsForTat(_OpponentWindow):
    slug = "two-tits-for-tat"
    name = "Two Tits For Tat"
    aliases = ("2tft",)
    rule = "Cooperates unless the opponent defected in either of the last two turns."
    citation = "Axelrod (1984), The Evolution of Cooperation"
    depth, needed = 2, 1


class HardTitForTat(_OpponentWindow):
    slug = "hard-tit-for-tat"
    name = "Hard Tit For Tat"
    rule = "Cooperates unless the opponent defected in any of the last three turns."
    citation = "PRISON project library (Beaufils, Delahaye & Mathieu, LIFL, 1996-1998)"
    depth, needed = 3, 1


class SoftMajority(Strategy):
    slug = "soft-majority"
    name = "Soft Majority"
    aliases = ("go-by-majority",)
    rule = ("Cooperates while the opponent has cooperated at least as often as it defected "
            "(ties, and the first move, cooperate); otherwise defects.")
    citation = "Axelrod (1984), The Evolution of Cooperation; Mathieu & Delahaye, PRISON project"
    traits = Traits(memory_depth=INF, stochastic=False, nice=True, forgiving=True, retaliating=True)

    def decide(self, view: View) -> Any:
        return C if view.opponent_cooperations >= view.opponent_defections else D

    def compiled(self, game: Game) -> CompiledSpec:
        return CompiledSpec(K.SOFT_MAJORITY)


class HardMajority(Strategy):
    slug = "hard-majority"
    name = "Hard Majority"
    rule = ("Defects while the opponent has defected at least as often as it cooperated (ties "
            "defect, so it defects first); otherwise cooperates.")
    citation = "Axelrod (1984), The Evolution of Cooperation; Mathieu & Delahaye, PRISON project"
    traits = Traits(memory_depth=INF, stochastic=False, nice=False, forgiving=True, retaliating=True)

    def decide(self, view: View) -> Any:
        return D if view.opponent_defections >= view.opponent_cooperations else C

    def compiled(self, game: Game) -> CompiledSpec:
        return CompiledSpec(K.HARD_MAJORITY)


# -- lookup tables --------------------------------------------------------------------------------


class HardTitForTwoTats(Strategy):
    slug = "hard-tit-for-two-tats"
    name = "Hard Tit For Two Tats"
    aliases = ("hard-tf2t",)
    rule = ("Cooperates unless the opponent defected twice in a row within the last three "
            "turns.")
    citation = "Stewart & Plotkin (2012), PNAS 109:10134-10135"
    traits = Traits(memory_depth=3, stochastic=False, nice=True, forgiving=True, retaliating=True)

    def decide(self, view: View) -> Any:
        last = list(view.last(3))
        return D if any(a == D and b == D for a, b in zip(last, last[1:], strict=False)) else C

    def _table(self) -> tuple[float, ...]:
        # opponent bits: bit 0 last move, bit 1 the one before, bit 2 three turns ago
        return tuple(0.0 if (i & 3) == 3 or (i & 6) == 6 else 1.0 for i in range(8))

    def compiled(self, game: Game) -> CompiledSpec:
        return CompiledSpec(K.LOOKUP, (0, 3, 0, 0), self._table())

    def automaton(self, game: Game) -> Automaton | None:
        return lookup_automaton(0, 3, self._table())


class _WindowMajority(Strategy, register=False):
    window = 10
    soft = True

    def decide(self, view: View) -> Any:
        recent = view.last(self.window)
        d = int(recent.sum())
        c = len(recent) - d
        if self.soft:
            return C if c >= d else D
        return D if d >= c else C

    def compiled(self, game: Game) -> CompiledSpec:
        return CompiledSpec(K.WINDOW_MAJORITY, (self.window, 1 if self.soft else 0))

    @property
    def traits(self) -> Traits:  # type: ignore[override]
        return Traits(memory_depth=self.window, stochastic=False, nice=self.soft,
                      forgiving=True, retaliating=True)


def _window_class(window: int, soft: bool) -> type[Strategy]:
    kind = "soft" if soft else "hard"
    slug = f"{kind}-go-by-majority-{window}"
    rule = (f"Over the opponent's last {window} moves: "
            + ("cooperates while its cooperations are at least its defections (ties and the "
               "first move cooperate)." if soft else
               "defects while its defections are at least its cooperations (ties and the "
               "first move defect)."))
    return type(f"{kind.title()}GoByMajority{window}", (_WindowMajority,), {
        "slug": slug, "name": f"{kind.title()} Go By Majority {window}", "rule": rule,
        "citation": "Axelrod (1984), The Evolution of Cooperation; Axelrod-Python's "
                    "GoByMajority family", "window": window, "soft": soft,
        "__module__": __name__})


WINDOWED = [_window_class(w, s) for w in (5, 10, 20, 40) for s in (True, False)]


for _cls in WINDOWED:  # module attributes, so that instances pickle
    globals()[_cls.__name__] = _cls
__all__ += [_cls.__name__ for _cls in WINDOWED]
