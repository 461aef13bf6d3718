"""The built-in strategies.

Each class states its rule in ``rule`` and implements it plainly in ``decide`` (the Python
reference path). ``compiled`` gives the same rule as data for the compiled engine; the tests play
both on the same seeds and require identical moves.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from winwin._errors import ParameterError
from winwin.game import C, D, Game
from winwin.strategies import _kinds as K
from winwin.strategies._base import (
    INF,
    MAX_AUTOMATON_STATES,
    Automaton,
    CompiledSpec,
    Param,
    Strategy,
    Traits,
    View,
    mixed,
)

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
    if (k + 1) * windows * opens > MAX_AUTOMATON_STATES:
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


class Extort2(_MemoryOneBase):
    slug = "extort-2"
    name = "Extort-2"
    rule = ("A zero-determinant extortioner: memory-one (8/9, 1/2, 1/3, 0), cooperating first. "
            "In the standard game it enforces s_X - P = 2 (s_Y - P) against any opponent.")
    citation = "Press & Dyson (2012), PNAS 109:10409-10413"

    def vector(self, game: Game) -> MemoryOneVector:
        return (1.0, 8 / 9, 1 / 2, 1 / 3, 0.0)


class ZDGenerous2(_MemoryOneBase):
    slug = "zd-gtft-2"
    name = "ZD-GTFT-2"
    rule = ("A generous zero-determinant strategy: memory-one (1, 1/8, 1, 1/4), cooperating "
            "first. In the standard game it enforces s_X - R = 2 (s_Y - R).")
    citation = "Stewart & Plotkin (2012), PNAS 109:10134-10135"

    def vector(self, game: Game) -> MemoryOneVector:
        return (1.0, 1.0, 1 / 8, 1.0, 1 / 4)


class Equalizer(_MemoryOneBase):
    slug = "equalizer"
    name = "Equalizer"
    rule = ("A zero-determinant equalizer: memory-one (2/3, 0, 2/3, 1/3), cooperating first. In "
            "the standard game it fixes the opponent's long-run score at 2 whatever it does.")
    citation = "Press & Dyson (2012), PNAS 109:10409-10413"

    def vector(self, game: Game) -> MemoryOneVector:
        return (1.0, 2 / 3, 0.0, 2 / 3, 1 / 3)


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


# -- rules with a little state -------------------------------------------------------------------


class Grudger(Strategy):
    slug = "grudger"
    name = "Grudger"
    aliases = ("grim", "grim-trigger", "friedman")
    rule = "Cooperates until the opponent's first defection, then defects forever."
    citation = "Friedman (1971), Review of Economic Studies 38:1-12; Friedman's entry in Axelrod (1980)"
    traits = Traits(memory_depth=INF, stochastic=False, nice=True, forgiving=False, retaliating=True)

    def decide(self, view: View) -> Any:
        return D if view.opponent_defections > 0 else C

    def compiled(self, game: Game) -> CompiledSpec:
        return CompiledSpec(K.GRUDGER)

    def automaton(self, game: Game) -> Automaton:
        return Automaton((1.0, 0.0), _after_opponent(0, 1) + _after_opponent(1, 1), 0)


class Cycler(Strategy):
    slug = "cycler"
    name = "Cycler"
    rule = "Plays the moves of `pattern` in order and starts over at its end, whatever happens."
    citation = "Axelrod-Python's Cycler family (Knight et al. 2016, J. Open Research Software 4:e35)"
    params = (Param("pattern", "moves", "CCD", "the moves to repeat, e.g. CCD"),)
    pattern: str

    def decide(self, view: View) -> Any:
        return self.pattern[view.turn % len(self.pattern)]

    def compiled(self, game: Game) -> CompiledSpec:
        return CompiledSpec(K.CYCLER, tuple(0 if m == "C" else 1 for m in self.pattern))

    def automaton(self, game: Game) -> Automaton:
        n = len(self.pattern)
        probs = tuple(1.0 if m == "C" else 0.0 for m in self.pattern)
        return Automaton(probs, tuple(x for i in range(n) for x in ((i + 1) % n,) * 4), 0)

    @property
    def traits(self) -> Traits:  # type: ignore[override]
        return Traits(memory_depth=0 if len(set(self.pattern)) == 1 else INF, stochastic=False,
                      nice="D" not in self.pattern, forgiving=None, retaliating=False)


class Detective(Strategy):
    slug = "detective"
    name = "Detective"
    rule = ("Opens with C, D, C, C. If the opponent defected in any of those four turns it then "
            "plays tit-for-tat; if it never defected it defects forever.")
    citation = "Case (2017), The Evolution of Trust (ncase.me/trust)"
    traits = Traits(memory_depth=INF, stochastic=False, nice=False, forgiving=True, retaliating=True)
    _OPENING = (C, D, C, C)

    def decide(self, view: View) -> Any:
        if view.turn < 4:
            return self._OPENING[view.turn]
        if D in view.opponent[:4]:
            return view.opponent[-1]
        return D

    def compiled(self, game: Game) -> CompiledSpec:
        return CompiledSpec(K.DETECTIVE)

    def automaton(self, game: Game) -> Automaton:
        # 0-7: opening turn t (0-3) x "the opponent defected so far" f, id 2t + f;
        # 8: tit-for-tat after an opponent C, 9: after a D; 10: defect forever.
        probs = [1.0, 1.0, 0.0, 0.0, 1.0, 1.0, 1.0, 1.0, 1.0, 0.0, 0.0]
        nxt: list[int] = []
        for t in range(4):
            for f in range(2):
                if t < 3:
                    nxt += _after_opponent(2 * (t + 1) + f, 2 * (t + 1) + 1)
                else:
                    nxt += _after_opponent(8 if f else 10, 9)
        nxt += _after_opponent(8, 9) * 2 + _after_opponent(10, 10)
        return Automaton(tuple(probs), tuple(nxt), 0)


class Prober(Strategy):
    slug = "prober"
    name = "Prober"
    rule = ("Opens with D, C, C. If the opponent cooperated on turns 2 and 3 it defects forever "
            "(it found a sucker); otherwise it plays tit-for-tat.")
    citation = "Mathieu, Beaufils & Delahaye (1999), PRISON project; Axelrod-Python's Prober"
    traits = Traits(memory_depth=INF, stochastic=False, nice=False, forgiving=True, retaliating=True)
    _OPENING = (D, C, C)

    def decide(self, view: View) -> Any:
        if view.turn < 3:
            return self._OPENING[view.turn]
        if view.opponent[1] == C and view.opponent[2] == C:
            return D
        return view.opponent[-1]

    def compiled(self, game: Game) -> CompiledSpec:
        return CompiledSpec(K.PROBER)

    def automaton(self, game: Game) -> Automaton:
        # 0: turn 1 (D); 1: turn 2 (C); 2/3: turn 3 (C) after the opponent's turn-2 C / D;
        # 4/5: tit-for-tat after an opponent C / D; 6: defect forever.
        probs = (0.0, 1.0, 1.0, 1.0, 1.0, 0.0, 0.0)
        nxt = (_after_opponent(1, 1) + _after_opponent(2, 3) + _after_opponent(6, 5)
               + _after_opponent(4, 5) + _after_opponent(4, 5) * 2 + _after_opponent(6, 6))
        return Automaton(probs, nxt, 0)


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


class Gradual(Strategy):
    slug = "gradual"
    name = "Gradual"
    rule = ("Cooperates until the opponent defects. On a turn when it is neither punishing nor "
            "calming down and the opponent's last move was D, it punishes: it defects as many "
            "times in a row as the opponent has defected in the whole match so far, then "
            "cooperates twice to calm things down. Defections seen while it punishes or calms are "
            "counted for later punishments but do not start one (except a defection on its "
            "second calming turn, which it sees as the opponent's last move when it is free "
            "again).")
    citation = "Beaufils, Delahaye & Mathieu (1996), Our meeting with gradual, Proc. Artificial Life V"
    traits = Traits(memory_depth=INF, stochastic=False, nice=True, forgiving=True, retaliating=True)

    def reset(self) -> None:
        self._punish = 0  # defections still to play
        self._calm = 0  # cooperations still to play

    def decide(self, view: View) -> Any:
        if self._punish > 0:
            self._punish -= 1
            if self._punish == 0:
                self._calm = 2
            return D
        if self._calm > 0:
            self._calm -= 1
            return C
        if view.turn > 0 and view.opponent[-1] == D:
            self._punish = view.opponent_defections - 1
            if self._punish == 0:
                self._calm = 2
            return D
        return C

    def compiled(self, game: Game) -> CompiledSpec:
        return CompiledSpec(K.GRADUAL)


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
        return mixed(self.table[self._bits_index(view)])

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


class FiniteStateMachine(Strategy):
    slug = "finite-state-machine"
    name = "Finite State Machine"
    aliases = ("fsm",)
    rule = ("A deterministic finite-state machine: it starts in `initial_state` playing "
            "`initial_move`; each turn, from its state and the opponent's last move, a transition "
            "gives the next state and the move to play. `transitions` lists (state, opponent "
            "move, next state, move) rows.")
    citation = "Miller (1996), J. Economic Behavior & Organization 29:87-112; Ashlock & Kim (2008), IEEE Trans. Evol. Comp. 12:647-659"
    params = (
        Param("transitions", "fsm", ((0, "C", 0, "C"), (0, "D", 0, "D")),
              "rows (state, opponent move, next state, move)"),
        Param("initial_state", "int", 0, "state before the first turn", low=0, high=1023),
        Param("initial_move", "moves", "C", "the first move"),
    )
    transitions: tuple[tuple[int, str, int, str], ...]
    initial_state: int
    initial_move: str

    def _check(self) -> None:
        table: dict[tuple[int, str], tuple[int, str]] = {}
        for row in self.transitions:
            table[(row[0], row[1])] = (row[2], row[3])
        states = sorted({r[0] for r in self.transitions})
        if states != list(range(len(states))):
            raise ParameterError(f"{self.slug}.transitions", self.transitions,
                                 "states numbered 0, 1, 2, ... without gaps")
        for s in states:
            for m in "CD":
                if (s, m) not in table:
                    raise ParameterError(f"{self.slug}.transitions", self.transitions,
                                         f"one row for every state and opponent move (missing "
                                         f"state {s}, move {m})")
        for nxt, _ in table.values():
            if nxt not in states:
                raise ParameterError(f"{self.slug}.transitions", self.transitions,
                                     f"next states among {states} (got {nxt})")
        if self.initial_state not in states:
            raise ParameterError(f"{self.slug}.initial_state", self.initial_state,
                                 f"one of the states {states}")
        if len(self.initial_move) != 1:
            raise ParameterError(f"{self.slug}.initial_move", self.initial_move, "one move, C or D")
        self._table = table
        self._n = len(states)

    def reset(self) -> None:
        self._state = getattr(self, "initial_state", 0)

    def decide(self, view: View) -> Any:
        if view.turn == 0:
            self._state = self.initial_state
            return self.initial_move
        opp = "C" if view.opponent[-1] == C else "D"
        self._state, move = self._table[(self._state, opp)]
        return move

    def compiled(self, game: Game) -> CompiledSpec:
        ints = [self._n, self.initial_state, 0 if self.initial_move == "C" else 1]
        for s in range(self._n):
            for m in "CD":
                nxt, move = self._table[(s, m)]
                ints += [nxt, 0 if move == "C" else 1]
        return CompiledSpec(K.FSM, tuple(ints))

    def automaton(self, game: Game) -> Automaton:
        # Moore state 2 * s + m: machine state s, about to play m (0 = C, 1 = D)
        probs: list[float] = []
        nxt: list[int] = []
        for s in range(self._n):
            for m in (0, 1):
                probs.append(1.0 - m)
                after = []
                for opp in "CD":
                    s2, move = self._table[(s, opp)]
                    after.append(2 * s2 + (0 if move == "C" else 1))
                nxt += _after_opponent(after[0], after[1])
        start = 2 * self.initial_state + (0 if self.initial_move == "C" else 1)
        return Automaton(tuple(probs), tuple(nxt), start)

    @property
    def traits(self) -> Traits:  # type: ignore[override]
        return Traits(memory_depth=1 if self._n == 1 else INF, stochastic=False, nice=None,
                      forgiving=None, retaliating=None)


__all__ = [name for name, obj in list(globals().items())
           if isinstance(obj, type) and issubclass(obj, Strategy) and obj.slug]


# -- zero-determinant families -------------------------------------------------------------------


class _ZeroDeterminant(_MemoryOneBase, register=False):
    """p = (1, 1, 0, 0) + phi * direction(game), with phi limited to keep probabilities."""

    chi: float
    phi: float | None

    def direction(self, game: Game) -> tuple[float, float, float, float]:
        raise NotImplementedError

    def default_phi(self, phi_max: float) -> float:
        raise NotImplementedError

    def _check(self) -> None:
        self.vector(_PD)

    def vector(self, game: Game) -> MemoryOneVector:
        a = self.direction(game)
        base = (1.0, 1.0, 0.0, 0.0)
        phi_max = _valid_phi(base, a)
        phi = self.default_phi(phi_max) if self.phi is None else self.phi
        if not 0 < phi <= phi_max * (1 + 1e-12):
            raise ParameterError(f"{self.slug}.phi", self.phi,
                                 f"a number with 0 < phi <= {phi_max:.6g} for chi={self.chi:g}")
        p = [min(1.0, max(0.0, b + phi * x)) for b, x in zip(base, a, strict=True)]
        return (1.0, p[0], p[1], p[2], p[3])


class ZDExtortion(_ZeroDeterminant):
    slug = "zd-extortion"
    name = "ZD Extortion"
    rule = ("An extortionate zero-determinant strategy with factor chi: it enforces "
            "s_X - P = chi (s_Y - P) against any opponent. Memory-one "
            "(1 - phi (chi-1)(R-P), 1 + phi ((S-P) - chi (T-P)), phi ((T-P) - chi (S-P)), 0); "
            "phi defaults to half its largest valid value (chi = 2 gives Extort-2).")
    citation = "Press & Dyson (2012), PNAS 109:10409-10413"
    params = (Param("chi", "float", 2.0, "extortion factor (>= 1)", low=1.0, high=1e6),
              Param("phi", "float", None, "scale (0 < phi <= its maximum; default half of it)",
                    low=0.0, high=1e6))

    def direction(self, game: Game) -> tuple[float, float, float, float]:
        # (S_X - P) - chi (S_Y - P) with S_X = (R, S, T, P), S_Y = (R, T, S, P)
        R, S, T, P = game.payoffs_1
        chi = self.chi
        return ((R - P) - chi * (R - P), (S - P) - chi * (T - P), (T - P) - chi * (S - P), 0.0)

    def default_phi(self, phi_max: float) -> float:
        return phi_max / 2


class ZDGenerous(_ZeroDeterminant):
    slug = "zd-generous"
    name = "ZD Generous"
    rule = ("A generous zero-determinant strategy with factor chi: it enforces "
            "s_X - R = chi (s_Y - R), never gaining from an opponent's loss. Memory-one "
            "(1, 1 + phi ((S-R) - chi (T-R)), phi ((T-R) - chi (S-R)), phi (chi-1)(R-P)); "
            "phi defaults to its largest valid value (chi = 2 gives ZD-GTFT-2).")
    citation = "Stewart & Plotkin (2013), PNAS 110:15348-15353"
    params = (Param("chi", "float", 2.0, "generosity factor (>= 1)", low=1.0, high=1e6),
              Param("phi", "float", None, "scale (0 < phi <= its maximum; default the maximum)",
                    low=0.0, high=1e6))

    def direction(self, game: Game) -> tuple[float, float, float, float]:
        R, S, T, P = game.payoffs_1
        chi = self.chi
        return (0.0, (S - R) - chi * (T - R), (T - R) - chi * (S - R), (P - R) - chi * (P - R))

    def default_phi(self, phi_max: float) -> float:
        return phi_max


def _valid_phi(base: tuple[float, ...], a: tuple[float, ...]) -> float:
    """The largest phi > 0 with every base_i + phi * a_i in [0, 1] (0 if there is none)."""
    bound = float("inf")
    for b, x in zip(base, a, strict=True):
        if x > 0:
            bound = min(bound, (1.0 - b) / x)
        elif x < 0:
            bound = min(bound, b / -x)
    return bound


class ZDEqualizer(_MemoryOneBase):
    slug = "zd-equalizer"
    name = "ZD Equalizer"
    rule = ("A zero-determinant equalizer: it sets the opponent's long-run score whatever the "
            "opponent does. Given its cooperation after CC (p_cc) and after DD (p_dd), "
            "p_CD = (p_cc (T-P) - (1+p_dd)(T-R)) / (R-P) and "
            "p_DC = ((1-p_cc)(P-S) + p_dd (R-S)) / (R-P); the opponent's score is "
            "((1-p_cc) P + p_dd R) / ((1-p_cc) + p_dd).")
    citation = "Press & Dyson (2012), PNAS 109:10409-10413"
    params = (Param("p_cc", "prob", 2 / 3, "cooperation after mutual cooperation"),
              Param("p_dd", "prob", 1 / 3, "cooperation after mutual defection"))
    p_cc: float
    p_dd: float

    def _check(self) -> None:
        self.vector(_PD)

    def vector(self, game: Game) -> MemoryOneVector:
        R, S, T, P = game.payoffs_1
        cd = (self.p_cc * (T - P) - (1 + self.p_dd) * (T - R)) / (R - P)
        dc = ((1 - self.p_cc) * (P - S) + self.p_dd * (R - S)) / (R - P)
        eps = 1e-12
        if not (-eps <= cd <= 1 + eps and -eps <= dc <= 1 + eps):
            raise ParameterError(f"{self.slug}.p_cc", self.p_cc,
                                 f"values (with p_dd={self.p_dd:g}) that make p_CD={cd:.4g} and "
                                 f"p_DC={dc:.4g} probabilities in this game")
        return (1.0, self.p_cc, min(1.0, max(0.0, cd)), min(1.0, max(0.0, dc)), self.p_dd)
