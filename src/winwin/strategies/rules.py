"""Rule strategies with counters or running estimates: grudges, probes, graduated punishment,
forgiveness and adaptation. Each states its rule in ``rule``, implements it plainly in ``decide``
and as kernel data in ``compiled``; the tests play both on the same seeds.
"""

from __future__ import annotations

from typing import Any

from winwin.game import C, D, Game
from winwin.strategies import _kinds as K
from winwin.strategies._base import INF, Automaton, CompiledSpec, Param, Strategy, Traits, View
from winwin.strategies.memory_one import _after_opponent

__all__ = ["Adaptive", "AdaptiveTitForTat", "Detective", "Forgiver", "ForgivingTitForTat", "Gradual", "Grudger", "OmegaTitForTat", "Prober"]


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


# -- shares and windows --------------------------------------------------------------------------


class Forgiver(Strategy):
    slug = "forgiver"
    name = "Forgiver"
    rule = "Cooperates unless the opponent has defected on more than 10% of the turns so far."
    citation = "Axelrod-Python's Forgiver (Knight et al. 2016)"
    traits = Traits(memory_depth=INF, stochastic=False, nice=True, forgiving=True,
                    retaliating=True)

    def decide(self, view: View) -> Any:
        return D if view.turn and view.opponent_defections > 0.1 * view.turn else C

    def compiled(self, game: Game) -> CompiledSpec:
        return CompiledSpec(K.SHARE, (0, 0, 0), (0.1,))


class ForgivingTitForTat(Strategy):
    slug = "forgiving-tit-for-tat"
    name = "Forgiving Tit For Tat"
    rule = ("Cooperates unless the opponent defected on the last turn and on more than 10% of "
            "the turns so far.")
    citation = "Axelrod-Python's ForgivingTitForTat (Knight et al. 2016)"
    traits = Traits(memory_depth=INF, stochastic=False, nice=True, forgiving=True,
                    retaliating=True)

    def decide(self, view: View) -> Any:
        if view.turn and view.opponent[-1] == D and view.opponent_defections > 0.1 * view.turn:
            return D
        return C

    def compiled(self, game: Game) -> CompiledSpec:
        return CompiledSpec(K.SHARE, (0, 1, 0), (0.1,))


class OmegaTitForTat(Strategy):
    slug = "omega-tit-for-tat"
    name = "Omega Tit For Tat"
    aliases = ("omega-tft",)
    rule = ("Tit-for-tat that breaks deadlocks and stops trusting random opponents. From the "
            "third turn: a randomness counter goes down by one when the opponent cooperated "
            "twice in a row, up by one when it changed its move and up by one when the last "
            "moves differed; at `randomness` or more it defects (for good). Otherwise it plays "
            "tit-for-tat and counts alternations of the opponent (reset by a repeated move); "
            "at `deadlock` it cooperates twice to break the deadlock.")
    citation = "Slany & Kienreich (2007), in The Iterated Prisoner's Dilemma: 20 Years On, 171-204"
    params = (Param("deadlock", "int", 3, "alternations that trigger two cooperations", low=1,
                    high=1000),
              Param("randomness", "int", 8, "randomness count that triggers defection", low=1,
                    high=1000))
    deadlock: int
    randomness: int
    traits = Traits(memory_depth=INF, stochastic=False, nice=True, forgiving=True,
                    retaliating=True)

    def reset(self) -> None:
        self._deadlock = 0
        self._randomness = 0

    def decide(self, view: View) -> Any:
        t = view.turn
        if t < 2:
            return C if t == 0 else view.opponent[-1]
        if self._deadlock >= self.deadlock:
            self._deadlock = self.deadlock + 1 if self._deadlock == self.deadlock else 0
            return C
        before, last = int(view.opponent[-2]), int(view.opponent[-1])
        if before == C and last == C:
            self._randomness -= 1
        if before != last:
            self._randomness += 1
        if int(view.own[-1]) != last:
            self._randomness += 1
        if self._randomness >= self.randomness:
            return D
        self._deadlock = self._deadlock + 1 if before != last else 0
        return view.opponent[-1]

    def compiled(self, game: Game) -> CompiledSpec:
        return CompiledSpec(K.OMEGA_TFT, (), (float(self.deadlock), float(self.randomness)))


class AdaptiveTitForTat(Strategy):
    slug = "adaptive-tit-for-tat"
    name = "Adaptive Tit For Tat"
    rule = ("Keeps an image of the opponent, w, that moves a fraction `rate` towards 1 after "
            "each opponent cooperation and towards 0 after each defection (starting at `rate`, "
            "as Axelrod-Python does; 0.5 by default); cooperates first and then while w >= 0.5.")
    citation = "Tzafestas (2000), From Animals to Animats 6, 334-340"
    params = (Param("rate", "prob", 0.5, "how fast the image follows the opponent"),)
    rate: float
    traits = Traits(memory_depth=INF, stochastic=False, nice=True, forgiving=True,
                    retaliating=True)

    def reset(self) -> None:
        self._world = 0.0

    def decide(self, view: View) -> Any:
        if view.turn == 0:
            self._world = self.rate
            return C
        target = 1 if view.opponent[-1] == C else 0
        self._world = self._world + self.rate * (target - self._world)
        return C if self._world >= 0.5 else D

    def compiled(self, game: Game) -> CompiledSpec:
        return CompiledSpec(K.ADAPTIVE_TFT, (), (self.rate,))


class Adaptive(Strategy):
    slug = "adaptive"
    name = "Adaptive"
    rule = ("Opens with C six times and D five times, adding up what it earned after each of "
            "its own moves; then plays C when its total after cooperating is strictly larger "
            "than its total after defecting, else D (totals, as Axelrod-Python compares).")
    citation = "Li, Hingston & Kendall (2011), IEEE Trans. Comp. Intel. AI Games 3:348-360"
    params = (Param("opening", "moves", "CCCCCCDDDDD", "the opening moves"),)
    opening: str
    traits = Traits(memory_depth=INF, stochastic=False, nice=False, forgiving=True,
                    retaliating=True)

    def reset(self) -> None:
        self._totals = [0.0, 0.0]

    def decide(self, view: View) -> Any:
        if view.turn > 0:
            a, b = int(view.own[-1]), int(view.opponent[-1])
            self._totals[a] = self._totals[a] + view.game.payoffs_1[2 * a + b]
        if view.turn < len(self.opening):
            return self.opening[view.turn]
        return C if self._totals[0] > self._totals[1] else D

    def compiled(self, game: Game) -> CompiledSpec:
        moves = tuple(0 if m == "C" else 1 for m in self.opening)
        return CompiledSpec(K.ADAPTIVE, (len(moves), *moves), game.payoffs_1)
