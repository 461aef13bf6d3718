"""Classic strategies of the literature beyond the first library.

Finite rules are written twice: plainly in ``decide`` (the Python reference) and as a Moore
machine (``machine``) that the compiled kernels run; the tests play both on the same seeds.
"""

from __future__ import annotations

from typing import Any

from winwin.game import C, D, Game
from winwin.strategies import _kinds as K
from winwin.strategies._base import (
    INF,
    Automaton,
    CompiledSpec,
    Param,
    Strategy,
    Traits,
    View,
    automaton_spec,
)
from winwin.strategies._library import _MemoryOneBase, lookup_automaton

MemoryOneVector = tuple[float, float, float, float, float]


def _on_opponent(on_c: int, on_d: int) -> tuple[int, int, int, int]:
    """Next states by outcome (CC, CD, DC, DD): depends on the opponent's move only."""
    return (on_c, on_d, on_c, on_d)


def _always(state: int) -> tuple[int, int, int, int]:
    return (state, state, state, state)


class _Machine(Strategy, register=False):
    """A finite rule: ``machine()`` gives its states (cooperation probability, next state by
    outcome); ``decide`` states the same rule plainly."""

    def machine(self) -> Automaton:
        raise NotImplementedError

    def automaton(self, game: Game) -> Automaton:
        return self.machine()

    def compiled(self, game: Game) -> CompiledSpec:
        return automaton_spec(self.machine())


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


# -- finite rules ---------------------------------------------------------------------------------


class SoftGrudger(_Machine):
    slug = "soft-grudger"
    name = "Soft Grudger"
    rule = ("Cooperates until the opponent defects; then punishes with D, D, D, D, C, C and "
            "cooperates again, starting over at the next defection it sees when not "
            "punishing.")
    citation = "Li, Hingston & Kendall (2011); Axelrod-Python's SoftGrudger"
    traits = Traits(memory_depth=INF, stochastic=False, nice=True, forgiving=True,
                    retaliating=True)
    _SEQUENCE = (D, D, D, D, C, C)

    def reset(self) -> None:
        self._step = -1  # position in the punishment, -1 when free

    def decide(self, view: View) -> Any:
        if self._step >= 0:
            move = self._SEQUENCE[self._step]
            self._step = self._step + 1 if self._step + 1 < len(self._SEQUENCE) else -1
            return move
        if view.turn > 0 and view.opponent[-1] == D:
            self._step = 1
            return D
        return C

    def machine(self) -> Automaton:
        # 0 free (C); 1-4 punishing (D); 5, 6 calming (C); after 6 the check of state 0
        probs = (1.0, 0.0, 0.0, 0.0, 0.0, 1.0, 1.0)
        nxt = (_on_opponent(0, 1) + _always(2) + _always(3) + _always(4) + _always(5)
               + _always(6) + _on_opponent(0, 1))
        return Automaton(probs, nxt, 0)


class Handshake(_Machine):
    slug = "handshake"
    name = "Handshake"
    rule = ("Opens with C, D. If the opponent opened with the same C, D it cooperates forever "
            "(it met its own kind); otherwise it defects forever.")
    citation = "Robson (1990), J. Theoretical Biology 142:379-390"
    traits = Traits(memory_depth=INF, stochastic=False, nice=False, forgiving=False,
                    retaliating=True)

    def decide(self, view: View) -> Any:
        if view.turn < 2:
            return (C, D)[view.turn]
        return C if view.opponent[0] == C and view.opponent[1] == D else D

    def machine(self) -> Automaton:
        # 0: turn 1 (C); 1: turn 2 (D) after an opponent C; 2: turn 2 after an opponent D;
        # 3: cooperate forever; 4: defect forever
        probs = (1.0, 0.0, 0.0, 1.0, 0.0)
        nxt = (_on_opponent(1, 2) + _on_opponent(4, 3) + _always(4) + _always(3) + _always(4))
        return Automaton(probs, nxt, 0)


class HardProber(_Machine):
    slug = "hard-prober"
    name = "Hard Prober"
    rule = ("Opens with D, D, C, C. If the opponent cooperated on turns 2 and 3 it defects "
            "forever; otherwise it plays tit-for-tat.")
    citation = "PRISON project (Beaufils, Delahaye & Mathieu); Axelrod-Python's HardProber"
    traits = Traits(memory_depth=INF, stochastic=False, nice=False, forgiving=True,
                    retaliating=True)
    _OPENING = (D, D, C, C)

    def decide(self, view: View) -> Any:
        if view.turn < 4:
            return self._OPENING[view.turn]
        if view.opponent[1] == C and view.opponent[2] == C:
            return D
        return view.opponent[-1]

    def machine(self) -> Automaton:
        # 0 turn 1 (D); 1 turn 2 (D); 2/3 turn 3 (C) after the opponent's turn-2 C / D;
        # 4/5 turn 4 (C) with turns 2-3 both C / not; 6/7 TFT after opponent C / D; 8 defect
        probs = (0.0, 0.0, 1.0, 1.0, 1.0, 1.0, 1.0, 0.0, 0.0)
        nxt = (_always(1) + _on_opponent(2, 3) + _on_opponent(4, 5) + _always(5)
               + _always(8) + _on_opponent(6, 7) + _on_opponent(6, 7) + _on_opponent(6, 7)
               + _always(8))
        return Automaton(probs, nxt, 0)


class FoolMeOnce(_Machine):
    slug = "fool-me-once"
    name = "Fool Me Once"
    rule = "Cooperates, forgives the opponent's first defection, and defects forever after its second."
    citation = "Axelrod-Python's FoolMeOnce (Knight et al. 2016)"
    traits = Traits(memory_depth=INF, stochastic=False, nice=True, forgiving=False,
                    retaliating=True)

    def decide(self, view: View) -> Any:
        return D if view.opponent_defections >= 2 else C

    def machine(self) -> Automaton:
        return Automaton((1.0, 1.0, 0.0), _on_opponent(0, 1) + _on_opponent(1, 2) + _always(2), 0)


class OppositeGrudger(_Machine):
    slug = "opposite-grudger"
    name = "Opposite Grudger"
    rule = "Defects until the opponent cooperates once, then cooperates forever."
    citation = "Axelrod-Python's OppositeGrudger (Knight et al. 2016)"
    traits = Traits(memory_depth=INF, stochastic=False, nice=False, forgiving=True,
                    retaliating=False)

    def decide(self, view: View) -> Any:
        return C if view.opponent_cooperations > 0 else D

    def machine(self) -> Automaton:
        return Automaton((0.0, 1.0), _on_opponent(1, 0) + _always(1), 0)


class Aggravater(_Machine):
    slug = "aggravater"
    name = "Aggravater"
    rule = "Defects on the first three turns, then plays grudger (any defection so far, the first three turns included, means defect forever)."
    citation = "Axelrod-Python's Aggravater (Knight et al. 2016)"
    traits = Traits(memory_depth=INF, stochastic=False, nice=False, forgiving=False,
                    retaliating=True)

    def decide(self, view: View) -> Any:
        return D if view.turn < 3 or view.opponent_defections > 0 else C

    def machine(self) -> Automaton:
        # 0-2 opening (D) with no opponent D yet; 3-5 opening after an opponent D; 6 grudger
        # free (C); 7 defect forever
        probs = (0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 1.0, 0.0)
        nxt = (_on_opponent(1, 4) + _on_opponent(2, 5) + _on_opponent(6, 7) + _always(4)
               + _always(5) + _always(7) + _on_opponent(6, 7) + _always(7))
        return Automaton(probs, nxt, 0)


class SpitefulTitForTat(_Machine):
    slug = "spiteful-tit-for-tat"
    name = "Spiteful Tit For Tat"
    rule = "Plays tit-for-tat until the opponent defects twice in a row, then defects forever."
    citation = "Axelrod-Python's SpitefulTitForTat (Knight et al. 2016)"
    traits = Traits(memory_depth=INF, stochastic=False, nice=True, forgiving=False,
                    retaliating=True)

    def decide(self, view: View) -> Any:
        opp = view.opponent
        if any(opp[k] == D and opp[k + 1] == D for k in range(len(opp) - 1)):
            return D
        return C if view.turn == 0 else opp[-1]

    def machine(self) -> Automaton:
        # 0 after an opponent C (C); 1 after a single opponent D (D); 2 defect forever
        return Automaton((1.0, 0.0, 0.0), _on_opponent(0, 1) + _on_opponent(0, 2) + _always(2),
                         0)


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


class ContriteTitForTat(_Machine):
    slug = "contrite-tit-for-tat"
    name = "Contrite Tit For Tat"
    aliases = ("ctft",)
    rule = ("Tit-for-tat with standing: each player is in good or bad standing; a defection is "
            "justified only by a good-standing player against a bad-standing one. It defects "
            "only when it is in good standing and the opponent is not; after its own "
            "unjustified defection (a mistake) it accepts the opponent's retaliation without "
            "answering it. Without noise it plays exactly like tit-for-tat. (Axelrod-Python's "
            "version instead watches its intended moves; this standing version needs only the "
            "moves played.)")
    citation = "Wu & Axelrod (1995), J. Conflict Resolution 39:183-189; Boyd (1989), J. Theor. Biol. 136:47-56; Sugden (1986)"
    traits = Traits(memory_depth=INF, stochastic=False, nice=True, forgiving=True,
                    retaliating=True)

    def reset(self) -> None:
        self._mine = True  # good standing
        self._theirs = True

    def decide(self, view: View) -> Any:
        if view.turn > 0:
            a, b = int(view.own[-1]), int(view.opponent[-1])
            mine, theirs = self._mine, self._theirs
            self._mine = a == C or (mine and not theirs)
            self._theirs = b == C or (theirs and not mine)
        return D if self._mine and not self._theirs else C

    def machine(self) -> Automaton:
        # states (mine, theirs): 0 GG, 1 GB (defect), 2 BG, 3 BB; next by (own, opp) outcome
        probs = (1.0, 0.0, 1.0, 1.0)
        nxt = ((0, 1, 2, 3),  # GG: CC, CD provoked, DC my slip, DD
               (0, 1, 0, 1),  # GB: my D is justified: I stay good; theirs by their move
               (0, 0, 2, 2),  # BG: their D is justified (punishing me): they stay good
               (0, 1, 2, 3))  # BB
        return Automaton(probs, tuple(x for row in nxt for x in row), 0)


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
            return C if t == 0 else int(view.opponent[-1])
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
        return last

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
