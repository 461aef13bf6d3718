"""Axelrod's first tournament (Axelrod 1980, J. Conflict Resolution 24:3-25): the entries not
already in the library (Tit For Tat, Friedman = grudger, Joss and RANDOM are).

No code of the original entries survives; these follow the published descriptions as
reconstructed by Axelrod-Python 4.14 (its ``FirstBy*`` strategies), whose readings of the
ambiguous passages are stated in each rule. Deterministic entries are checked move by move
against Axelrod-Python (tests/test_reference_vectors.py). Each ``decide`` is the plain Python
reference; the compiled engine runs the same rule (engine._kernels._first_tournament).
"""

from __future__ import annotations

import math
from typing import Any

from winwin.game import C, D, Game
from winwin.strategies import _base
from winwin.strategies import _kinds as K
from winwin.strategies._base import INF, CompiledSpec, Param, Strategy, Traits, View, mixed
from winwin.strategies.machines import _Machine
from winwin.strategies.memory_one import _MemoryOneBase
from winwin.strategies.transformers import FINAL

__all__ = ["Anonymous", "Davis", "Downing", "FIRST_TOURNAMENT", "Feld", "Graaskamp", "Grofman", "Nydegger", "Shubik", "SteinAndRapoport", "TidemanAndChieruzzi", "Tullock"]

FIRST_TOURNAMENT: tuple[str, ...] = (
    "tit-for-tat", "tideman-and-chieruzzi", "nydegger", "grofman", "shubik",
    "stein-and-rapoport", "grudger", "davis", "graaskamp", "downing", "feld", "joss",
    "tullock", "anonymous", "random",
)

AXELROD_1980 = "Axelrod (1980), J. Conflict Resolution 24:3-25"
RECONSTRUCTION = "as reconstructed by Axelrod-Python 4.14 (Knight et al. 2016)"


def _known_end(view: View, n: int) -> bool:
    """On one of the last ``n`` turns of a match of known length."""
    return view.length is not None and view.turn >= view.length - n


def _with_final_defections(spec: CompiledSpec, n: int) -> CompiledSpec:
    return CompiledSpec(spec.kind, spec.ints, spec.floats, (*spec.ops, (FINAL, float(n), 0.0)))


class TidemanAndChieruzzi(Strategy):
    slug = "tideman-and-chieruzzi"
    name = "Tideman and Chieruzzi"
    rule = ("Tit-for-tat with punishments that grow by one with each run of the opponent's "
            "defections (1, 2, 3, ... defections), ignoring defections while it punishes. It "
            "gives the opponent a fresh start (two cooperations, punishment length and "
            "defection count back to zero) when it is 10 or more points ahead, the opponent "
            "just cooperated, at least 20 turns have passed since the last fresh start, at "
            "least 10 turns remain (so only when the length is known), and the opponent's "
            "defections differ from half its moves by at least 3 standard deviations "
            "(sqrt(n)/2). It defects on the last two turns when the length is known.")
    citation = f"Tideman & Chieruzzi's entry in {AXELROD_1980}, {RECONSTRUCTION}"
    traits = Traits(memory_depth=INF, stochastic=False, nice=False, forgiving=True,
                    retaliating=True)

    def reset(self) -> None:
        self._k = 0
        self._owed = 0
        self._fresh = 0  # 1-based turn of the last fresh start, 0 for none
        self._second_c = False
        self._opp_defections = 0
        self._outcomes = [0, 0, 0, 0]

    def decide(self, view: View) -> Any:
        t = view.turn
        if t == 0:
            move: int = C
        else:
            move = self._rule(view)
        return D if _known_end(view, 2) else move

    def _rule(self, view: View) -> int:
        t = view.turn
        own, opp = int(view.own[-1]), int(view.opponent[-1])
        if opp == D:
            self._opp_defections += 1
        self._outcomes[2 * own + opp] += 1
        if self._second_c:
            self._second_c = False
            return C
        if self._fresh == 0 or t + 1 - self._fresh >= 20:
            R, S, T, P = view.game.payoffs_1
            cc, cd, dc, dd = self._outcomes
            mine = cc * R + cd * S + dc * T + dd * P
            theirs = cc * R + cd * T + dc * S + dd * P
            sd = math.sqrt(t) / 2
            low, high = t / 2 - 3 * sd, t / 2 + 3 * sd
            if (mine - theirs >= 10 and view.length is not None and view.length - (t + 1) >= 10
                    and opp == C and (self._opp_defections <= low
                                      or self._opp_defections >= high)):
                self._fresh = t + 1
                self._k = self._owed = self._opp_defections = 0
                self._second_c = True
                return C
        if self._owed > 0:
            self._owed -= 1
            return D
        if opp == D:
            self._k += 1
            self._owed = self._k - 1
            return D
        return C

    def compiled(self, game: Game) -> CompiledSpec:
        return _with_final_defections(CompiledSpec(K.TIDEMAN, (), game.payoffs_1), 2)


def _nydegger_move(phase: int, outcomes: list[tuple[int, int]]) -> float:
    """Nydegger's choice from the turn (0, 1, 2 or later) and the last outcomes (oldest first,
    each (own, opponent))."""
    if phase == 0:
        return 1.0
    if phase == 1:
        return 1.0 - outcomes[-1][1]
    if phase == 2:
        first, second = outcomes[-2][1], outcomes[-1][1]
        return 0.0 if (first, second) == (D, C) else 1.0 - second
    a = sum(w * (own + 2 * opp) for w, (own, opp) in zip((1, 4, 16), outcomes[-3:], strict=True))
    return 0.0 if a in NYDEGGER_DEFECT else 1.0


NYDEGGER_DEFECT = frozenset({1, 6, 7, 17, 22, 23, 26, 29, 30, 31, 33, 38, 39, 45, 49, 54, 55,
                             58, 61})


class Nydegger(_Machine):
    slug = "nydegger"
    name = "Nydegger"
    rule = ("Tit-for-tat for the first three turns, except that it defects on the third if the "
            "opponent played D then C. Afterwards it scores each of the last three turns 0 for "
            "CC, 1 if only it defected, 2 if only the opponent did, 3 for DD, forms A = 16 x "
            "(last turn) + 4 x (the one before) + 1 x (three turns ago) and defects only when "
            "A is one of 1, 6, 7, 17, 22, 23, 26, 29, 30, 31, 33, 38, 39, 45, 49, 54, 55, 58, 61 "
            "(weight 16 on the most recent turn, Axelrod-Python's reading of 'in chronological "
            "order').")
    citation = f"Nydegger's entry in {AXELROD_1980}, {RECONSTRUCTION}"
    traits = Traits(memory_depth=3, stochastic=False, nice=True, forgiving=True,
                    retaliating=True)

    def decide(self, view: View) -> Any:
        t = view.turn
        outcomes = [(int(a), int(b)) for a, b in zip(view.own[-3:], view.opponent[-3:],
                                                     strict=True)]
        return mixed(_nydegger_move(min(t, 3), outcomes))

    def machine(self) -> _base.Automaton:
        # state (phase 0..3, last three outcomes as 2-bit codes, oldest highest)
        probs, nxt = [], []
        for phase in range(4):
            for window in range(64):
                hist = [((window >> (4 - 2 * k)) >> 1 & 1, (window >> (4 - 2 * k)) & 1)
                        for k in range(3)]
                probs.append(_nydegger_move(phase, hist[3 - min(phase, 3):] if phase else []))
                for o in range(4):
                    nxt.append(min(phase + 1, 3) * 64 + (((window << 2) | o) & 63))
        return _base.Automaton(probs, nxt, 0)


class Grofman(_MemoryOneBase):
    slug = "grofman"
    name = "Grofman"
    rule = ("Cooperates first and whenever both players did the same thing last turn; if they "
            "did different things it cooperates with probability 2/7. Memory-one "
            "(1, 2/7, 2/7, 1).")
    citation = f"Grofman's entry in {AXELROD_1980}, {RECONSTRUCTION}"

    def vector(self, game: Game) -> tuple[float, float, float, float, float]:
        return (1.0, 1.0, 2 / 7, 2 / 7, 1.0)


class Shubik(Strategy):
    slug = "shubik"
    name = "Shubik"
    rule = ("Cooperates until the opponent defects while it cooperates; then defects k times in "
            "a row, k = 1 the first time and one more each time after. Defections during its "
            "retaliation, or answering its own last defection, are not punished.")
    citation = f"Shubik's entry in {AXELROD_1980}; Shubik (1970), J. Conflict Resolution 14:181-193; {RECONSTRUCTION}"
    traits = Traits(memory_depth=INF, stochastic=False, nice=True, forgiving=True,
                    retaliating=True)

    def reset(self) -> None:
        self._k = 0
        self._owed = 0

    def decide(self, view: View) -> Any:
        if view.turn == 0:
            return C
        if self._owed > 0:
            self._owed -= 1
            return D
        if view.opponent[-1] == D and view.own[-1] == C:
            self._k += 1
            self._owed = self._k - 1
            return D
        return C

    def compiled(self, game: Game) -> CompiledSpec:
        return CompiledSpec(K.SHUBIK)


def _looks_random(cooperations: int, defections: int) -> bool:
    """Pearson's chi-squared test of the counts against 50/50 does not reject at 5%."""
    n = cooperations + defections
    return (cooperations - defections) * (cooperations - defections) / n <= K.CHI2_CRITICAL_05


class SteinAndRapoport(Strategy):
    slug = "stein-and-rapoport"
    name = "Stein and Rapoport"
    rule = ("Cooperates on the first four turns, then plays tit-for-tat, except that every 15 "
            "turns (turns 15, 30, ...) it tests whether the opponent looks random (a "
            "chi-squared test of its cooperations and defections against 50/50 that does not "
            "reject at 5%) and, while the last test said so, defects. It defects on the last "
            "two turns when the length is known.")
    citation = f"Stein & Rapoport's entry in {AXELROD_1980}, {RECONSTRUCTION}"

    def reset(self) -> None:
        self._random = False

    def decide(self, view: View) -> Any:
        t = view.turn
        if t < 4:
            move = C
        else:
            if t >= 14 and (t + 1) % 15 == 0:
                self._random = _looks_random(view.opponent_cooperations,
                                             view.opponent_defections)
            move = D if self._random else view.opponent[-1]
        return D if _known_end(view, 2) else move

    def compiled(self, game: Game) -> CompiledSpec:
        return _with_final_defections(CompiledSpec(K.STEIN_RAPOPORT), 2)

    @property
    def traits(self) -> Traits:  # type: ignore[override]
        return Traits(memory_depth=INF, stochastic=False, nice=False, forgiving=True,
                      retaliating=True)


class Davis(Strategy):
    slug = "davis"
    name = "Davis"
    rule = ("Cooperates on the first ten turns, then plays grudger: defects forever if the "
            "opponent has ever defected, the first ten turns included.")
    citation = f"Davis's entry in {AXELROD_1980}, {RECONSTRUCTION}"
    traits = Traits(memory_depth=INF, stochastic=False, nice=True, forgiving=False,
                    retaliating=True)

    def decide(self, view: View) -> Any:
        return C if view.turn < 10 or view.opponent_defections == 0 else D

    def compiled(self, game: Game) -> CompiledSpec:
        return CompiledSpec(K.SHARE, (10, 0, 0), (0.0,))


class Graaskamp(Strategy):
    slug = "graaskamp"
    name = "Graaskamp"
    rule = ("Tit-for-tat for 50 turns, defects on turn 51, tit-for-tat for turns 52-56. From "
            "turn 57 on, every turn: if the opponent looks random (the chi-squared test of "
            "Stein & Rapoport; once random, always random) it defects; if the opponent has "
            "copied each of its previous moves (like tit-for-tat) or has played exactly its "
            "moves (a twin) it plays tit-for-tat; otherwise it cooperates but defects at "
            "random every 5 to 14 turns (the gap uniform on 5..14, drawn as a hazard: after "
            "g turns without its scheduled defection it defects with probability 1/(15 - g); "
            "a defection of its own restarts the count).")
    citation = f"Graaskamp's entry in {AXELROD_1980}, {RECONSTRUCTION}"
    traits = Traits(memory_depth=INF, stochastic=True, nice=False, forgiving=True,
                    retaliating=True)

    def reset(self) -> None:
        self._random = False
        self._not_copycat = False
        self._not_twin = False
        self._anchor = -1  # turn the random schedule last restarted

    def decide(self, view: View) -> Any:
        t = view.turn
        if t >= 2 and view.own[-2] != view.opponent[-1]:
            self._not_copycat = True
        if t >= 1 and view.own[-1] != view.opponent[-1]:
            self._not_twin = True
        if t == 0:
            return C
        if t < 50 or 50 < t < 56:
            return view.opponent[-1]
        if t == 50:
            return D
        if _looks_random(view.opponent_cooperations, view.opponent_defections):
            self._random = True
        if self._random:
            return D
        if not self._not_copycat or not self._not_twin:
            return view.opponent[-1]
        if self._anchor < 0:
            self._anchor = t
        elif view.own[-1] == D and t - 1 >= self._anchor + 5:
            self._anchor = t - 1
        gap = t - self._anchor
        if gap < 5:
            return C
        if gap >= 14:  # the defection is due (noise may have turned the last one into a C)
            return D
        return mixed(1.0 - 1.0 / (15 - gap))

    def compiled(self, game: Game) -> CompiledSpec:
        return CompiledSpec(K.GRAASKAMP)


class Downing(Strategy):
    slug = "downing"
    name = "Downing"
    rule = ("Models the opponent as cooperating with one probability after its own C (alpha) "
            "and another after its D (beta), estimated from the match: alpha = (opponent Cs "
            "after my C) / (my Cs + 1), beta = (opponent Cs after my D) / max(my Ds, 2), the "
            "opponent's first move counting as an answer to a C. It defects on the first two "
            "turns, then cooperates when alpha R + (1 - alpha) S beats beta T + (1 - beta) P, "
            "defects when it is worse, and changes its move on a tie.")
    citation = f"Downing's entry in {AXELROD_1980}; Downing (1975), Behavioral Science 20:284-293; {RECONSTRUCTION}"
    traits = Traits(memory_depth=INF, stochastic=False, nice=False, forgiving=True,
                    retaliating=True)

    def reset(self) -> None:
        self._after_c = 0
        self._after_d = 0

    def decide(self, view: View) -> Any:
        t = view.turn
        if t == 0:
            return D
        if t == 1:
            if view.opponent[0] == C:
                self._after_c += 1
            return D
        if view.opponent[-1] == C:
            if view.own[-2] == C:
                self._after_c += 1
            else:
                self._after_d += 1
        alpha = self._after_c / (t - view.own_defections + 1)
        beta = self._after_d / max(view.own_defections, 2)
        R, S, T, P = view.game.payoffs_1
        e_c = alpha * R + (1 - alpha) * S
        e_d = beta * T + (1 - beta) * P
        if e_c > e_d:
            return C
        if e_c < e_d:
            return D
        return D if view.own[-1] == C else C

    def compiled(self, game: Game) -> CompiledSpec:
        return CompiledSpec(K.DOWNING, (), game.payoffs_1)


class Feld(Strategy):
    slug = "feld"
    name = "Feld"
    rule = ("Tit-for-tat that trusts less and less: always defects after the opponent "
            "defected; after the opponent cooperated it cooperates with a probability falling "
            "linearly from `start` to `end` over `rounds` turns (1 to 0.5 by turn 200).")
    citation = f"Feld's entry in {AXELROD_1980}, {RECONSTRUCTION}"
    params = (Param("start", "prob", 1.0, "cooperation after a C at the start"),
              Param("end", "prob", 0.5, "cooperation after a C in the end"),
              Param("rounds", "int", 200, "turns over which it falls", low=1, high=10**9))
    start: float
    end: float
    rounds: int
    traits = Traits(memory_depth=INF, stochastic=True, nice=False, forgiving=True,
                    retaliating=True)

    def decide(self, view: View) -> Any:
        t = view.turn
        if t == 0:
            return C
        if view.opponent[-1] == D:
            return D
        return mixed(max(self.start + (self.end - self.start) * t / self.rounds, self.end))

    def compiled(self, game: Game) -> CompiledSpec:
        return CompiledSpec(K.FELD, (), (self.start, self.end, float(self.rounds)))


class Tullock(Strategy):
    slug = "tullock"
    name = "Tullock"
    rule = ("Cooperates on the first eleven turns, then cooperates 10 percentage points less "
            "often than the opponent did over its last ten moves (k of 10 gives k/10 - 0.1).")
    citation = f"Tullock's entry in {AXELROD_1980}, {RECONSTRUCTION}"
    traits = Traits(memory_depth=INF, stochastic=True, nice=False, forgiving=True,
                    retaliating=True)

    def decide(self, view: View) -> Any:
        if view.turn < 11:
            return C
        cooperations = 10 - int(view.opponent[-10:].sum())
        return mixed(max(0.0, cooperations / 10 - 0.1))

    def compiled(self, game: Game) -> CompiledSpec:
        return CompiledSpec(K.TULLOCK)


class Anonymous(_MemoryOneBase):
    slug = "anonymous"
    name = "Anonymous"
    aliases = ("name-withheld",)
    rule = ("The entry whose author's name was withheld: every turn it draws a probability of "
            "cooperating uniformly from 0.3 to 0.7 and plays by it, so each move is C with "
            "probability 0.5, independently (the published description's final sentence, as "
            "Axelrod-Python reads it).")
    citation = f"The anonymous entry in {AXELROD_1980}, {RECONSTRUCTION}"

    def vector(self, game: Game) -> tuple[float, float, float, float, float]:
        return (0.5, 0.5, 0.5, 0.5, 0.5)
