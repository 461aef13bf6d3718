"""A match played one turn at a time, one side chosen by a person (or any caller).

The opponent decides through its ``decide(view)`` and every turn draws from the match's own
counter-based stream, exactly as :func:`winwin.match` would: a person who makes the same moves
as a strategy ``s`` sees the same match as ``winwin.match(s, opponent)`` with the same settings
and seed (mistakes included). The CLI's ``winwin play`` and the web pages play through this.

>>> live = LiveMatch("tit-for-tat", turns=3, seed=1)
>>> [live.play(m).outcome for m in "CDC"]
['win_win', 'win_lose', 'lose_win']
>>> live.over, live.totals
(True, (8.0, 8.0))
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from winwin import outcomes as vocabulary
from winwin._errors import ParameterError, WinwinError
from winwin.engine import _rng
from winwin.engine._python import probability
from winwin.game import C, D
from winwin.results import MatchResult
from winwin.strategies import Strategy, get_strategy
from winwin.strategies._base import View
from winwin.tournament import Plan

__all__ = ["LiveMatch", "Round"]

_LOW = (1 << 32) - 1
#: The longest match a person is offered (a drawn length may run past it, up to 20 times).
MAX_TURNS = 10_000


@dataclass(frozen=True)
class Round:
    """One turn: what the person meant and what was played (after mistakes), both sides."""

    turn: int  # 1 for the first
    meant: str  # "C" or "D": the person's choice
    you: str  # the move played (a mistake flips it)
    them: str
    them_meant: str | None  # the opponent's intention when it is certain (None: it mixed)
    outcome: str  # from the person's side: win_win, win_lose, lose_win, lose_lose
    payoffs: tuple[float, float]
    totals: tuple[float, float]

    @property
    def your_mistake(self) -> bool:
        return self.you != self.meant

    @property
    def their_mistake(self) -> bool:
        return self.them_meant is not None and self.them != self.them_meant


class LiveMatch:
    """A match against ``opponent`` (a spec such as ``"generous-tit-for-tat(q=0.2)"`` or a
    strategy), settings as :func:`winwin.match`. With ``prob_end`` the length is drawn from the
    seed and stays hidden (``known_length`` is False)."""

    def __init__(self, opponent: str | Strategy, *, turns: int | None = None,
                 prob_end: float | None = None, noise: float = 0.0, seed: int | None = None,
                 game: Any = "pd") -> None:
        them = get_strategy(opponent) if isinstance(opponent, str) else opponent
        if not isinstance(them, Strategy):
            raise ParameterError("opponent", opponent, "a strategy spec or Strategy")
        if turns is None and prob_end is None:
            turns = 10
        if turns is not None and not isinstance(turns, bool) and isinstance(turns, int) \
                and turns > MAX_TURNS:
            raise ParameterError("turns", turns, f"at most {MAX_TURNS:,} for a person to play")
        if isinstance(prob_end, (int, float)) and 0 < prob_end < 1 / MAX_TURNS:
            raise ParameterError("prob_end", prob_end, f"at least {1 / MAX_TURNS:g} (a mean of "
                                 f"at most {MAX_TURNS:,} turns) for a person to play")
        # the person sits where winwin.match puts its first player (index 0)
        self.plan = Plan.for_match(them, them, turns=turns, prob_end=prob_end, noise=noise,
                                   seed=seed, game=game)
        self.opponent = them.clone()
        base = self.plan.base
        self.length = min(self.plan.length.of(base, 0, 1, 0), 20 * MAX_TURNS)
        self._key = _rng.match_key(base, 0, 1, 0) & _rng.MASK64
        self.moves = np.zeros((self.length, 2), np.uint8)
        self._view = View(self.moves[:, 1], self.moves[:, 0], self.plan.game,
                          self.length if self.known_length else None)
        self.turn = 0
        self.totals = (0.0, 0.0)
        self.rounds: list[Round] = []

    @property
    def known_length(self) -> bool:
        return self.plan.length.fixed

    @property
    def over(self) -> bool:
        return self.turn >= self.length

    @property
    def noise(self) -> float:
        return self.plan.noise

    @property
    def seed(self) -> int:
        return self.plan.seed

    def play(self, move: str) -> Round:
        """Play the person's ``move`` ("C" or "D") and the opponent's reply."""
        if self.over:
            raise WinwinError(f"the match is over (it had {self.length} turns)")
        meant = str(move).strip().upper()[:1]
        if meant not in ("C", "D"):
            raise ParameterError("move", move, "C (cooperate) or D (defect)")
        t = self.turn
        p_them = probability(self.opponent, self._view)
        x = _rng.turn_draw(self._key, t)
        noise = self.plan.noise
        mine = C if (x & _LOW) < _rng.threshold(1.0 if meant == "C" else 0.0, noise) else D
        theirs = C if (x >> 32) < _rng.threshold(p_them, noise) else D
        self.moves[t] = (mine, theirs)
        v = self._view
        v.turn = t + 1
        v._own_d += theirs
        v._opp_d += mine
        self.turn = t + 1
        key = vocabulary.ENGINE_ORDER[2 * mine + theirs]
        game = self.plan.game
        pay = (game.payoffs_1[2 * mine + theirs], game.payoffs_2[2 * theirs + mine])
        self.totals = (self.totals[0] + pay[0], self.totals[1] + pay[1])
        letters = "CD"
        intended = None if 0.0 < p_them < 1.0 else ("C" if p_them == 1.0 else "D")
        r = Round(t + 1, meant, letters[mine], letters[theirs], intended, key, pay, self.totals)
        self.rounds.append(r)
        return r

    def result(self, you: str = "you") -> MatchResult:
        """The turns played so far as a match result (``you`` names the person)."""
        played = self.moves[: self.turn].copy()
        counts = np.bincount(2 * played[:, 0].astype(np.int64) + played[:, 1],
                             minlength=4).astype(np.int64)
        return MatchResult((you, self.opponent.spec), ("You", self.opponent.name),
                           self.plan.game, {**self.plan.params(), "backend": "python"}, counts,
                           played)
