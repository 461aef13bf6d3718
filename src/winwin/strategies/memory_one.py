"""Memory-one strategies: a probability to cooperate after each of the last turn's four outcomes
(CC, CD, DC, DD from the strategy's own side), and one for the first move.

Each named strategy is a row of data, its vector; the compiled engine plays them as thresholds and
the exact analysis (:mod:`winwin.analysis`) solves their Markov chains.
"""

from __future__ import annotations

from typing import Any

from winwin.game import C, D, Game
from winwin.strategies import _kinds as K
from winwin.strategies._base import Automaton, CompiledSpec, Param, Strategy, Traits, View, mixed

__all__ = ["Alternator", "AntiTitForTat", "Bully", "Cooperator", "Defector", "FirmButFair", "GenerousTitForTat", "Joss", "MemoryOne", "NaiveProber", "Random", "StochasticWSLS", "SuspiciousTitForTat", "TitForTat", "WinShiftLoseStay", "WinStayLoseShift", "default_generosity"]


MemoryOneVector = tuple[float, float, float, float, float]


def _is_deterministic(*probs: float) -> bool:
    return all(p in (0.0, 1.0) for p in probs)


class _MemoryOneBase(Strategy, register=False):
    """A strategy that is a memory-one vector; subclasses give ``vector(game)``."""

    def vector(self, game: Game) -> MemoryOneVector:
        raise NotImplementedError

    def memory_one(self, game: Game) -> MemoryOneVector:
        return self.vector(game)

    def compiled(self, game: Game) -> CompiledSpec:
        return CompiledSpec(K.MEMORY_ONE, (), tuple(self.vector(game)))

    def automaton(self, game: Game) -> Automaton:
        # state 0 before the first turn, 1 + o after a turn with outcome o
        return Automaton(tuple(self.vector(game)), (1, 2, 3, 4) * 5, 0)

    def decide(self, view: View) -> Any:
        first, *p = self.vector(view.game)
        if view.turn == 0:
            return mixed(first)
        return mixed(p[2 * int(view.own[-1]) + int(view.opponent[-1])])

    @property
    def traits(self) -> Traits:  # type: ignore[override]
        first, cc, cd, dc, dd = self.vector(_PD)
        return _memory_one_traits(first, cc, cd, dc, dd)


def _memory_one_traits(first: float, cc: float, cd: float, dc: float, dd: float) -> Traits:
    if cc == cd == dc == dd:
        depth = 0.0 if cc == first else 1.0
    else:
        depth = 1.0
    return Traits(
        memory_depth=depth,
        stochastic=not _is_deterministic(first, cc, cd, dc, dd),
        nice=first == 1.0 and cc == 1.0,
        forgiving=dc > 0 or dd > 0,  # may cooperate again after a mutual or own defection
        retaliating=cd < 1.0,
    )


_PD = Game((3.0, 0.0, 5.0, 1.0), (3.0, 0.0, 5.0, 1.0), name="pd")


def _after_opponent(on_c: int, on_d: int) -> tuple[int, int, int, int]:
    """Next states by outcome (CC, CD, DC, DD): depends on the opponent's move only."""
    return (on_c, on_d, on_c, on_d)


# -- the memory-one family ------------------------------------------------------------------------


class MemoryOne(_MemoryOneBase):
    slug = "memory-one"
    name = "Memory One"
    rule = ("Cooperates on the first turn with probability `first`; afterwards with probability "
            "p[CC], p[CD], p[DC] or p[DD] after the last turn's (own, opponent) moves.")
    citation = "Nowak & Sigmund (1990), Acta Applicandae Mathematicae 20:247-265; Press & Dyson (2012), PNAS 109:10409-10413"
    params = (
        Param("p", "probs", (1.0, 0.0, 1.0, 0.0), "probabilities to cooperate after CC, CD, DC, DD",
              length=4),
        Param("first", "prob", 1.0, "probability to cooperate on the first turn"),
    )
    p: tuple[float, float, float, float]
    first: float

    def vector(self, game: Game) -> MemoryOneVector:
        return (self.first, *self.p)


class Cooperator(_MemoryOneBase):
    slug = "cooperator"
    name = "Cooperator"
    aliases = ("allc", "always-cooperate", "all-c")
    rule = "Always cooperates."
    citation = "Axelrod (1984), The Evolution of Cooperation"

    def vector(self, game: Game) -> MemoryOneVector:
        return (1.0, 1.0, 1.0, 1.0, 1.0)

    def decide(self, view: View) -> Any:
        return C


class Defector(_MemoryOneBase):
    slug = "defector"
    name = "Defector"
    aliases = ("alld", "always-defect", "all-d", "always-cheat")
    rule = "Always defects."
    citation = "Axelrod (1984), The Evolution of Cooperation"

    def vector(self, game: Game) -> MemoryOneVector:
        return (0.0, 0.0, 0.0, 0.0, 0.0)

    def decide(self, view: View) -> Any:
        return D


class Random(_MemoryOneBase):
    slug = "random"
    name = "Random"
    rule = "Cooperates with probability p on every turn, whatever happened."
    citation = "Axelrod (1980), J. Conflict Resolution 24:3-25 (the RANDOM entry)"
    params = (Param("p", "prob", 0.5, "probability to cooperate"),)
    p: float

    def vector(self, game: Game) -> MemoryOneVector:
        return (self.p,) * 5

    def decide(self, view: View) -> Any:
        return mixed(self.p)


class Alternator(_MemoryOneBase):
    slug = "alternator"
    name = "Alternator"
    rule = ("Cooperates first, then plays the opposite of its own last move: C, D, C, D, ... "
            "(after a mistaken move it alternates from the move actually played).")
    citation = "Axelrod (1984), The Evolution of Cooperation"

    def vector(self, game: Game) -> MemoryOneVector:
        return (1.0, 0.0, 0.0, 1.0, 1.0)

    def decide(self, view: View) -> Any:
        return C if view.turn == 0 else 1 - view.own[-1]

    @property
    def traits(self) -> Traits:  # type: ignore[override]
        return Traits(memory_depth=1, stochastic=False, nice=False, forgiving=True,
                      retaliating=False)


class TitForTat(_MemoryOneBase):
    slug = "tit-for-tat"
    name = "Tit For Tat"
    aliases = ("tft", "copycat")
    rule = "Cooperates first, then copies the opponent's last move."
    citation = "Rapoport's entry in Axelrod (1980), J. Conflict Resolution 24:3-25"

    def vector(self, game: Game) -> MemoryOneVector:
        return (1.0, 1.0, 0.0, 1.0, 0.0)

    def decide(self, view: View) -> Any:
        return C if view.turn == 0 else view.opponent[-1]


class SuspiciousTitForTat(_MemoryOneBase):
    slug = "suspicious-tit-for-tat"
    name = "Suspicious Tit For Tat"
    aliases = ("stft",)
    rule = "Defects first, then copies the opponent's last move."
    citation = "Boyd & Lorberbaum (1987), Nature 327:58-59"

    def vector(self, game: Game) -> MemoryOneVector:
        return (0.0, 1.0, 0.0, 1.0, 0.0)

    def decide(self, view: View) -> Any:
        return D if view.turn == 0 else view.opponent[-1]


class WinStayLoseShift(_MemoryOneBase):
    slug = "win-stay-lose-shift"
    name = "Win-Stay Lose-Shift"
    aliases = ("wsls", "pavlov", "simpleton")
    rule = ("Cooperates first; repeats its last move after a good outcome (win-win or "
            "win-lose: the opponent cooperated) and switches after a bad one (the opponent "
            "defected). Memory-one (1, 0, 0, 1).")
    citation = "Nowak & Sigmund (1993), Nature 364:56-58; Kraines & Kraines (1989), Theory and Decision 26:47-79"

    def vector(self, game: Game) -> MemoryOneVector:
        return (1.0, 1.0, 0.0, 0.0, 1.0)

    def decide(self, view: View) -> Any:
        if view.turn == 0:
            return C
        own, opp = view.own[-1], view.opponent[-1]
        return own if opp == C else 1 - own


def default_generosity(game: Game) -> float:
    """min(1 - (T-R)/(R-S), (R-P)/(T-P)): the most generous q that still deters defectors."""
    R, S, T, P = game.payoffs_1
    q = min(1 - (T - R) / (R - S), (R - P) / (T - P))
    return min(1.0, max(0.0, q))


class GenerousTitForTat(_MemoryOneBase):
    slug = "generous-tit-for-tat"
    name = "Generous Tit For Tat"
    aliases = ("gtft",)
    rule = ("Cooperates first and after the opponent cooperated; after the opponent defected, "
            "still cooperates with probability q. Memory-one (1, q, 1, q). The default q is "
            "min(1 - (T-R)/(R-S), (R-P)/(T-P)) from the game: 1/3 for 3/0/5/1.")
    citation = "Nowak & Sigmund (1992), Nature 355:250-253; Molander (1985), J. Conflict Resolution 29:611-618"
    params = (Param("q", "prob", None, "probability to forgive a defection (default: from the game)"),)
    q: float | None

    def vector(self, game: Game) -> MemoryOneVector:
        q = default_generosity(game) if self.q is None else self.q
        return (1.0, 1.0, q, 1.0, q)

    def decide(self, view: View) -> Any:
        if view.turn == 0 or view.opponent[-1] == C:
            return C
        return mixed(default_generosity(view.game) if self.q is None else self.q)


class FirmButFair(_MemoryOneBase):
    slug = "firm-but-fair"
    name = "Firm But Fair"
    rule = ("Cooperates first; cooperates after win-win and after win-lose, defects after being "
            "exploited (lose-win), and after lose-lose cooperates with probability 2/3. "
            "Memory-one (1, 0, 1, 2/3).")
    citation = "Frean (1994), Proc. R. Soc. B 257:75-79"

    def vector(self, game: Game) -> MemoryOneVector:
        return (1.0, 1.0, 0.0, 1.0, 2 / 3)


class Bully(_MemoryOneBase):
    slug = "bully"
    name = "Bully"
    aliases = ("reverse-tit-for-tat",)
    rule = "Defects first, then plays the opposite of the opponent's last move."
    citation = "Nachbar (1992), J. Economic Behavior & Organization 19:307-326"

    def vector(self, game: Game) -> MemoryOneVector:
        return (0.0, 0.0, 1.0, 0.0, 1.0)

    def decide(self, view: View) -> Any:
        return D if view.turn == 0 else 1 - view.opponent[-1]


class AntiTitForTat(_MemoryOneBase):
    slug = "anti-tit-for-tat"
    name = "Anti Tit For Tat"
    rule = "Cooperates first, then plays the opposite of the opponent's last move."
    citation = "Hilbe, Nowak & Traulsen (2013), PLoS ONE 8:e77886"

    def vector(self, game: Game) -> MemoryOneVector:
        return (1.0, 0.0, 1.0, 0.0, 1.0)

    def decide(self, view: View) -> Any:
        return C if view.turn == 0 else 1 - view.opponent[-1]


class Joss(_MemoryOneBase):
    slug = "joss"
    name = "Joss"
    rule = ("Cooperates first; copies the opponent's defections, and after the opponent "
            "cooperated cooperates only with probability p (a sneaky tit-for-tat). Memory-one "
            "(p, 0, p, 0).")
    citation = "Joss's entry in Axelrod (1980), J. Conflict Resolution 24:3-25"
    params = (Param("p", "prob", 0.9, "probability to cooperate after the opponent cooperated"),)
    p: float

    def vector(self, game: Game) -> MemoryOneVector:
        return (1.0, self.p, 0.0, self.p, 0.0)


# -- memory-one ---------------------------------------------------------------------------------


class StochasticWSLS(_MemoryOneBase):
    slug = "stochastic-win-stay-lose-shift"
    name = "Stochastic Win-Stay Lose-Shift"
    aliases = ("stochastic-wsls",)
    rule = ("Win-stay lose-shift that errs on purpose: memory-one (1 - ep, ep, ep, 1 - ep), "
            "cooperating first.")
    citation = "Nowak & Sigmund (1993), Nature 364:56-58; Axelrod-Python's StochasticWSLS"
    params = (Param("ep", "prob", 0.05, "probability of doing the opposite of WSLS"),)
    ep: float

    def vector(self, game: Game) -> MemoryOneVector:
        e = self.ep
        return (1.0, 1 - e, e, e, 1 - e)


class NaiveProber(_MemoryOneBase):
    slug = "naive-prober"
    name = "Naive Prober"
    rule = ("Tit-for-tat that now and then probes: cooperates first; after the opponent "
            "defected it defects; after the opponent cooperated it defects anyway with "
            "probability p. Memory-one (1 - p, 0, 1 - p, 0).")
    citation = "Li, Hingston & Kendall (2011), Engineering Design of Strategies for Winning IPD Competitions"
    params = (Param("p", "prob", 0.1, "probability of an unprovoked defection"),)
    p: float

    def vector(self, game: Game) -> MemoryOneVector:
        return (1.0, 1 - self.p, 0.0, 1 - self.p, 0.0)


class WinShiftLoseStay(_MemoryOneBase):
    slug = "win-shift-lose-stay"
    name = "Win-Shift Lose-Stay"
    rule = ("The opposite temper of win-stay lose-shift: defects first; changes its move after "
            "a good outcome (the opponent cooperated) and repeats it after a bad one. "
            "Memory-one (0, 1, 1, 0).")
    citation = "Li, Hingston & Kendall (2011); Axelrod-Python's WinShiftLoseStay"

    def vector(self, game: Game) -> MemoryOneVector:
        return (0.0, 0.0, 1.0, 1.0, 0.0)
