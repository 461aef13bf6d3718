"""Immutable result objects: one match, one tournament. Everything derives from outcome counts.

Counts are exact integers, so every path (compiled, Python, threads) that produces the same counts
produces the same numbers here, bit for bit.
"""

from __future__ import annotations

import html
import math
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, Any

import numpy as np

from winwin import outcomes as outcomes_vocabulary
from winwin._errors import ParameterError
from winwin._keep import Kept
from winwin.game import Game

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

__all__ = ["MatchResult", "TournamentResult", "OUTCOME_KEYS"]

#: Set by :mod:`winwin.tournament` (which imports this module): ``Plan.from_json``, so that a
#: loaded result can replay its matches.
PLAN_FROM_JSON: Any = None


def _plan_back(kwargs: dict[str, Any]) -> Any:
    text = kwargs.pop("plan", None)
    if not text or PLAN_FROM_JSON is None:
        return None
    try:
        return PLAN_FROM_JSON(text)
    except Exception:  # e.g. a user strategy not loaded in this process: counts still load
        return None

#: Outcome names, from a player's own side, in the engine's order (CC, CD, DC, DD).
OUTCOME_KEYS = outcomes_vocabulary.ENGINE_ORDER
_ORDERED_KEYS = outcomes_vocabulary.ORDER  # as the JSON contract lists them


def payoff_totals(counts: np.ndarray, game: Game) -> tuple[np.ndarray, np.ndarray]:
    """Total payoffs to player 1 and player 2 from counts (..., 4) seen from player 1's side.

    The sums are written out term by term so the result does not depend on a BLAS library.
    """
    c = counts.astype(np.float64)
    u, v = game.payoffs_1, game.payoffs_2
    first = c[..., 0] * u[0] + c[..., 1] * u[1] + c[..., 2] * u[2] + c[..., 3] * u[3]
    # player 2's own side: CC, its C against D (= player 1's DC), its D against C, DD
    second = c[..., 0] * v[0] + c[..., 2] * v[1] + c[..., 1] * v[2] + c[..., 3] * v[3]
    return first, second


def _frozen(a: np.ndarray) -> np.ndarray:
    a = np.asarray(a)
    a.flags.writeable = False
    return a


def _shares(counts: np.ndarray) -> dict[str, float]:
    total = float(counts.sum())
    if total == 0:
        return {k: math.nan for k in _ORDERED_KEYS}
    own = dict(zip(OUTCOME_KEYS, (float(x) / total for x in counts), strict=True))
    return {k: own[k] for k in _ORDERED_KEYS}


@dataclass(frozen=True, eq=False, repr=False)
class MatchResult(Kept):
    """One match. ``actions[t]`` holds (player 1's move, player 2's move), 0 = C, 1 = D.

    With ``exact=True`` the match was not simulated: ``mean_scores`` are the exact expected
    per-turn payoffs from the memory-one Markov chain and there are no actions.
    """

    players: tuple[str, str]
    names: tuple[str, str]
    game: Game
    params: dict[str, Any]
    counts: np.ndarray
    actions: np.ndarray | None
    exact_mean_scores: tuple[float, float] | None = None
    exact_outcomes: tuple[float, float, float, float] | None = field(default=None)
    plan: Any = field(default=None, compare=False, repr=False)  # winwin.tournament.Plan
    #: The names the caller gave (``copycat``), when they differ from the slugs.
    given: tuple[str, ...] = field(default=(), compare=False, repr=False)

    def __post_init__(self) -> None:
        _frozen(self.counts)
        if self.actions is not None:
            _frozen(self.actions)

    @property
    def exact(self) -> bool:
        return self.exact_mean_scores is not None

    @property
    def turns(self) -> int:
        return int(self.counts.sum())

    @cached_property
    def scores(self) -> tuple[float, float]:
        """Total payoffs of the two players."""
        a, b = payoff_totals(self.counts, self.game)
        return float(a), float(b)

    @property
    def mean_scores(self) -> tuple[float, float]:
        """Per-turn payoffs (the exact expectation when ``exact``)."""
        if self.exact_mean_scores is not None:
            return self.exact_mean_scores
        n = self.turns
        return (self.scores[0] / n, self.scores[1] / n)

    @property
    def cooperation(self) -> tuple[float, float]:
        c = self.counts
        n = self.turns
        return (float(c[0] + c[1]) / n, float(c[0] + c[2]) / n)

    @property
    def outcomes(self) -> dict[str, float]:
        """Shares of turns from player 1's side: win-win, win-lose, lose-win, lose-lose."""
        if self.exact_outcomes is not None:
            return _shares(np.array(self.exact_outcomes))
        return _shares(self.counts)

    @property
    def winner(self) -> str | None:
        a, b = self.mean_scores
        if a == b:
            return None
        return self.players[0] if a > b else self.players[1]

    def actions_text(self) -> list[str]:
        """Moves as strings such as 'CD' (player 1's move first)."""
        if self.actions is None:
            return []
        letters = np.array(["C", "D"])
        return [str(x) for x in np.char.add(letters[self.actions[:, 0]], letters[self.actions[:, 1]])]

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {
            "players": list(self.players),
            "names": list(self.names),
            **({"given": list(self.given)} if self.given else {}),
            "turns": self.turns if not self.exact else self.params.get("turns"),
            "scores": list(self.scores) if not self.exact else None,
            "mean_scores": list(self.mean_scores),
            "cooperation": list(self.cooperation) if not self.exact else None,
            "outcomes": self.outcomes,
            "exact": self.exact,
            "params": self.params,
        }
        if not self.exact:
            d["actions"] = self.actions_text()
        return d

    _KEEP_EXTRA = ("plan", "given")
    _REPR = ("players", "turns", "mean_scores")

    @classmethod
    def _rebuilt(cls, kwargs: dict[str, Any]) -> MatchResult:
        plan = _plan_back(kwargs)
        kwargs["given"] = tuple(kwargs.get("given") or ())
        return cls(**kwargs, plan=plan)

    def to_frame(self) -> pd.DataFrame:
        """One row per turn: both moves, the outcome from player 1's side in words, both
        payoffs and their running totals. An exact match has no moves: one row of expected
        per-turn payoffs and outcome shares."""
        import pandas as pd

        if self.actions is None:
            m1, m2 = self.mean_scores
            return pd.DataFrame([{"player_1": self.players[0], "player_2": self.players[1],
                                  "mean_score_1": m1, "mean_score_2": m2, **self.outcomes}])
        a, b = self.actions[:, 0].astype(np.int64), self.actions[:, 1].astype(np.int64)
        o = 2 * a + b
        p1 = np.asarray(self.game.payoffs_1)[o]
        p2 = np.asarray(self.game.payoffs_2)[2 * b + a]
        letters = np.array(["C", "D"])
        return pd.DataFrame({
            "turn": np.arange(1, len(o) + 1), "move_1": letters[a], "move_2": letters[b],
            "outcome": np.array([outcomes_vocabulary.LABELS[k] for k in OUTCOME_KEYS])[o],
            "payoff_1": p1, "payoff_2": p2,
            "total_1": np.cumsum(p1), "total_2": np.cumsum(p2)})

    def plot_story(self, path: Any = None) -> Any:
        """Cumulative payoffs over the turns and each turn's outcome."""
        from winwin import plots

        return plots.match_story(self, path=path)

    def _repr_html_(self) -> str:
        a, b = (html.escape(x) for x in self.players)
        moves = "".join(self.actions_text()[:40])
        o = self.outcomes
        return (f"<div><b>{a}</b> vs <b>{b}</b>: per turn {self.mean_scores[0]:.3f} and "
                f"{self.mean_scores[1]:.3f}{' (exact)' if self.exact else ''}; win-win "
                f"{o['win_win']:.1%}, lose-lose {o['lose_lose']:.1%}"
                + (f"<br><code>{moves}</code>" if moves else "") + "</div>")


@dataclass(frozen=True, eq=False, repr=False)
class TournamentResult(Kept):
    """A round robin: counts per pair and repetition, and everything derived from them.

    ``pairs[k] = (i, j)``: player ``i`` met player ``j`` as player 1 (``i == j`` is self-play);
    ``counts[k, r]`` are that match's outcome counts in repetition ``r`` from ``i``'s side and
    ``lengths[k, r]`` its number of turns.
    """

    players: tuple[str, ...]
    names: tuple[str, ...]
    game: Game
    params: dict[str, Any]
    pairs: np.ndarray
    counts: np.ndarray
    lengths: np.ndarray
    strategies: tuple[Any, ...] = field(default=(), compare=False, repr=False)
    histories: tuple[np.ndarray, np.ndarray] | None = field(default=None, compare=False,
                                                            repr=False)
    plan: Any = field(default=None, compare=False, repr=False)  # winwin.tournament.Plan
    #: The names the caller gave (``copycat``), when they differ from the slugs.
    given: tuple[str, ...] = field(default=(), compare=False, repr=False)

    def __post_init__(self) -> None:
        for a in (self.pairs, self.counts, self.lengths):
            _frozen(a)

    def match(self, player: str | int, opponent: str | int, repetition: int = 0) -> MatchResult:
        """The full moves of one match of this tournament.

        From the kept histories when the tournament ran with ``histories=True``; otherwise
        replayed from the match's own random stream, which reproduces it exactly.
        """
        from winwin import engine

        if self.params.get("exact"):
            raise ParameterError("exact", True, "a simulated tournament: an exact one has "
                                 "expectations, not moves (use winwin.match)")
        i, j = self._index(player, "player"), self._index(opponent, "opponent")
        if not 0 <= repetition < self.repetitions:
            raise ParameterError("repetition", repetition,
                                 f"an integer from 0 to {self.repetitions - 1}")
        if self.plan is None:
            raise ParameterError("plan", None, "a result that keeps its plan: this one was "
                                 "loaded without one (its strategies could not be rebuilt)")
        try:
            k, swapped = self.plan.row(i, j)
        except KeyError:
            raise ParameterError("opponent", opponent, f"a player that met {self.players[i]!r} "
                                 "(self-play was off)") from None
        a, b = (j, i) if swapped else (i, j)
        length = int(self.lengths[k, repetition])
        if self.histories is not None:
            offsets, data = self.histories
            m = k * self.repetitions + repetition
            actions = engine.unpack_history(data, int(offsets[m]), int(offsets[m + 1]), length)
            counts = self.counts[k, repetition].copy()
        else:  # the match's own stream, from the plan, reproduces it exactly
            counts, actions = engine.play_match(self.plan, k, repetition,
                                                backend=self.params["backend"], length=length)
        if swapped:
            counts = counts[[outcomes_vocabulary.COLUMN[outcomes_vocabulary.MIRROR[o]]
                             for o in OUTCOME_KEYS]]
            actions = actions[:, ::-1].copy()
            a, b = b, a
        return MatchResult((self.players[a], self.players[b]), (self.names[a], self.names[b]),
                           self.game, {**self.params, "repetition": repetition}, counts, actions,
                           plan=self.plan)

    def _index(self, who: str | int, field: str) -> int:

        if isinstance(who, (int, np.integer)) and 0 <= int(who) < self.n_players:
            return int(who)
        if isinstance(who, str) and who in self.players:
            return self.players.index(who)
        raise ParameterError(field, who, f"a player of this tournament: {', '.join(self.players)}")

    @property
    def n_players(self) -> int:
        return len(self.players)

    @property
    def repetitions(self) -> int:
        return int(self.counts.shape[1])

    # -- per pair ------------------------------------------------------------------------------
    @cached_property
    def _pay(self) -> tuple[np.ndarray, np.ndarray]:
        return payoff_totals(self.counts, self.game)

    @cached_property
    def _tables(self) -> dict[str, np.ndarray]:
        """Per (player, opponent): payoff, turns, cooperations, outcome counts; per repetition."""
        n, reps = self.n_players, self.repetitions
        pa, pb = self._pay
        length = self.lengths.astype(np.float64)
        i, j = self.pairs[:, 0], self.pairs[:, 1]
        own = i == j  # self-play: each match counts once, as the mean of its two sides
        o, x = ~own, own
        io, jo, ix = i[o], j[o], i[x]
        pay = np.zeros((n, n, reps))
        turns = np.zeros((n, n, reps))
        coop: np.ndarray = np.zeros((n, n))
        outc: np.ndarray = np.zeros((n, n, 4))
        wins = np.zeros((n, n), np.int64)
        for table, first, second, self_value in (
            (pay, pa, pb, (pa[x] + pb[x]) / 2),
            (turns, length, length, length[x]),
        ):
            table[io, jo] += first[o]  # each ordered pair occurs once per call
            table[jo, io] += second[o]
            table[ix, ix] += self_value
        # cooperation and outcomes are kept summed over the repetitions
        cs = self.counts.sum(axis=1).astype(np.float64)
        ms = cs[:, [0, 2, 1, 3]]  # the same outcomes from the second player's side
        for table, first, second, self_value in (
            (coop, cs[:, 0] + cs[:, 1], cs[:, 0] + cs[:, 2],
             (2 * cs[x, 0] + cs[x, 1] + cs[x, 2]) / 2),
            (outc, cs, ms, (cs[x] + ms[x]) / 2),
        ):
            table[io, jo] += first[o]  # each ordered pair occurs once per call
            table[jo, io] += second[o]
            table[ix, ix] += self_value
        wins[io, jo] += np.sum(pa[o] > pb[o], axis=1)
        wins[jo, io] += np.sum(pb[o] > pa[o], axis=1)
        return {"pay": pay, "turns": turns, "coop": coop, "outcomes": outc, "wins": wins}

    @cached_property
    def payoff_matrix(self) -> np.ndarray:
        """Mean per-turn payoff of row against column (NaN where they never met)."""
        t = self._tables
        with np.errstate(invalid="ignore", divide="ignore"):
            return _frozen(t["pay"].sum(axis=2) / t["turns"].sum(axis=2))

    @cached_property
    def pair_outcome_counts(self) -> np.ndarray:
        """(players, players, 4): turns of row against column in the engine's outcome order
        (CC, CD, DC, DD from row's side; :data:`winwin.outcomes.ENGINE_ORDER`), summed over the
        repetitions (self-play as the mean of its two sides)."""
        return _frozen(self._tables["outcomes"].copy())

    @cached_property
    def head_to_head_wins(self) -> np.ndarray:
        """Matches (over repetitions) in which row scored more than column."""
        return _frozen(self._tables["wins"])

    # -- per player ----------------------------------------------------------------------------
    @cached_property
    def score_array(self) -> np.ndarray:
        """Mean per-turn payoff over all of each player's matches and repetitions."""
        t = self._tables
        return _frozen(t["pay"].sum(axis=(1, 2)) / t["turns"].sum(axis=(1, 2)))

    @cached_property
    def scores_per_repetition(self) -> np.ndarray:
        """(players, repetitions): each player's per-turn score in each repetition."""
        t = self._tables
        return _frozen(t["pay"].sum(axis=1) / t["turns"].sum(axis=1))

    @cached_property
    def cooperation_array(self) -> np.ndarray:
        t = self._tables
        return _frozen(t["coop"].sum(axis=1) / t["turns"].sum(axis=(1, 2)))

    @cached_property
    def outcome_array(self) -> np.ndarray:
        """(players, 4): shares of each player's turns as CC, CD, DC, DD from its own side."""
        o = self._tables["outcomes"].sum(axis=1)
        return _frozen(o / o.sum(axis=1, keepdims=True))

    @cached_property
    def outcome_shares(self) -> dict[str, np.ndarray]:
        """Each player's share of its turns, by outcome name (``win_win``, ``win_lose``,
        ``lose_win``, ``lose_lose``; from its own side), as arrays over the players."""
        a = self.outcome_array
        return {name: _frozen(a[:, outcomes_vocabulary.COLUMN[name]].copy())
                for name in outcomes_vocabulary.ORDER}

    @cached_property
    def wins(self) -> np.ndarray:
        return _frozen(self._tables["wins"].sum(axis=1))

    @cached_property
    def order(self) -> np.ndarray:
        """Player indices, best score first (ties keep the line-up order)."""
        return _frozen(np.argsort(-self.score_array, kind="stable"))

    @property
    def ranking(self) -> list[str]:
        return [self.players[i] for i in self.order]

    @property
    def scores(self) -> dict[str, float]:
        return {p: float(s) for p, s in zip(self.players, self.score_array, strict=True)}

    @property
    def cooperation(self) -> dict[str, float]:
        return {p: float(s) for p, s in zip(self.players, self.cooperation_array, strict=True)}

    @property
    def outcomes(self) -> dict[str, float]:
        """Shares of all turns played: win-win (CC), win-lose and lose-win (one exploited the
        other; equal by symmetry), lose-lose (DD)."""
        c = self.counts.sum(axis=(0, 1)).astype(np.float64)
        total = c.sum()
        return {"win_win": float(c[0] / total), "win_lose": float((c[1] + c[2]) / 2 / total),
                "lose_win": float((c[1] + c[2]) / 2 / total), "lose_lose": float(c[3] / total)}

    @property
    def outcomes_by_player(self) -> dict[str, dict[str, float]]:
        return {p: _shares(row) for p, row in zip(self.players, self.outcome_array, strict=True)}

    @property
    def total_turns(self) -> int:
        return int(round(float(self.lengths.sum())))

    def summary(self) -> list[str]:
        """Two sentences in plain words: who finished on top, and how the strategies that
        defect first fared against the nice ones (worded in :mod:`winwin.text`)."""
        from winwin.text import tournament_summary

        return tournament_summary(self)

    # -- pictures and notebooks ----------------------------------------------------------------
    def plot_ranking(self, path: Any = None) -> Any:
        from winwin import plots

        return plots.ranking(self, path)

    def plot_payoffs(self, path: Any = None) -> Any:
        from winwin import plots

        return plots.payoffs(self, path)

    def plot_wins(self, path: Any = None) -> Any:
        from winwin import plots

        return plots.wins(self, path)

    def plot_outcomes(self, path: Any = None) -> Any:
        from winwin import plots

        return plots.outcomes(self, path)

    def plot_winwin_map(self, path: Any = None) -> Any:
        from winwin import plots

        return plots.winwin_map(self, path)

    def _repr_html_(self) -> str:
        rows = "".join(
            f"<tr><td>{rank}</td><td>{html.escape(self.players[i])}</td>"
            f"<td>{self.score_array[i]:.3f}</td><td>{self.cooperation_array[i]:.1%}</td>"
            f"<td>{self.outcome_array[i, 0]:.1%}</td><td>{self.outcome_array[i, 3]:.1%}</td></tr>"
            for rank, i in enumerate(self.order[:30], start=1))
        more = (f"<p>... and {self.n_players - 30} more</p>" if self.n_players > 30 else "")
        p = self.params
        length = (f"{p['turns']} turns" if p.get("turns") else f"prob_end {p.get('prob_end')}")
        return (f"<div><b>Tournament</b>: {self.n_players} strategies, {length}, "
                f"{self.repetitions} repetitions, noise {p.get('noise')}, seed {p.get('seed')}"
                "<table><tr><th>rank</th><th>strategy</th><th>score</th><th>cooperation</th>"
                f"<th>win-win</th><th>lose-lose</th></tr>{rows}</table>{more}"
                f"<p>{html.escape(' '.join(self.summary()))}</p></div>")

    # -- conversions ---------------------------------------------------------------------------
    def to_dict(self) -> dict[str, Any]:
        m = self.payoff_matrix
        return {
            "players": list(self.players),
            "names": list(self.names),
            **({"given": list(self.given)} if self.given else {}),
            "ranking": self.ranking,
            "scores": self.scores,
            "payoff_matrix": [[None if math.isnan(x) else float(x) for x in row] for row in m],
            "cooperation": self.cooperation,
            "outcomes": self.outcomes,
            "outcomes_by_player": self.outcomes_by_player,
            "wins": {p: int(w) for p, w in zip(self.players, self.wins, strict=True)},
            "head_to_head_wins": self.head_to_head_wins.tolist(),
            "scores_per_repetition": {p: row.tolist() for p, row in
                                      zip(self.players, self.scores_per_repetition, strict=True)},
            "total_turns": self.total_turns,
            "params": self.params,
        }

    _KEEP_EXTRA = ("histories", "plan", "given")

    def __repr__(self) -> str:
        p = self.params
        length = f"{p['turns']} turns" if p.get("turns") else f"prob_end {p.get('prob_end')}"
        top = ", ".join(self.ranking[:3]) + (", ..." if self.n_players > 3 else "")
        return (f"TournamentResult({self.n_players} players, {length}, {self.repetitions} "
                f"repetitions, noise {p.get('noise')}, seed {p.get('seed')}; ranking: {top})")

    @classmethod
    def _rebuilt(cls, kwargs: dict[str, Any]) -> TournamentResult:
        plan = _plan_back(kwargs)
        strategies = plan.strategies if plan is not None else ()
        kwargs["given"] = tuple(kwargs.get("given") or ())
        return cls(**kwargs, plan=plan, strategies=strategies)

    def to_frame(self) -> pd.DataFrame:
        """One row per player, best first: rank, player, name, score, cooperation, outcome
        shares and wins."""
        import pandas as pd

        rows = []
        for rank, i in enumerate(self.order, start=1):
            shares = _shares(self.outcome_array[i])
            rows.append({"rank": rank, "player": self.players[i], "name": self.names[i],
                         "score": float(self.score_array[i]),
                         "cooperation": float(self.cooperation_array[i]), **shares,
                         "wins": int(self.wins[i])})
        return pd.DataFrame(rows)

    def pairs_frame(self) -> pd.DataFrame:
        """One row per (player, opponent): mean per-turn payoff, cooperation and wins."""
        import pandas as pd

        t = self._tables
        rows = []
        n = self.n_players
        with np.errstate(invalid="ignore", divide="ignore"):
            coop = t["coop"] / t["turns"].sum(axis=2)
        for i in range(n):
            for j in range(n):
                if t["turns"][i, j].sum() == 0:
                    continue
                rows.append({"player": self.players[i], "opponent": self.players[j],
                             "payoff": float(self.payoff_matrix[i, j]),
                             "cooperation": float(coop[i, j]),
                             "wins": int(self.head_to_head_wins[i, j])})
        return pd.DataFrame(rows)


