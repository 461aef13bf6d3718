"""Finite-state machines: Moore machines whose state and move depend on the last outcome, the
family that the compiled automaton kernel plays. Finite rules of the literature are written
twice: plainly in ``decide`` (the Python reference) and as a machine; the tests play both.
"""

from __future__ import annotations

from typing import Any

from winwin._errors import ParameterError
from winwin.game import C, D, Game
from winwin.strategies import _base
from winwin.strategies import _kinds as K
from winwin.strategies._base import INF, Automaton, CompiledSpec, Param, Strategy, Traits, View
from winwin.strategies.memory_one import _after_opponent

__all__ = ["Aggravater", "ContriteTitForTat", "Cycler", "FiniteStateMachine", "FoolMeOnce", "Handshake", "HardProber", "OppositeGrudger", "SoftGrudger", "SpitefulTitForTat"]


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
        return _base.automaton_spec(self.machine())


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
