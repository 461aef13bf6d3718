"""The public entry points: :func:`match` and :func:`tournament`.

Both validate every argument at the edge (naming the field, the value and the allowed range),
build the plan (who meets whom, how long, which random stream), run it on the engine and wrap the
counts in an immutable result.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from winwin import engine
from winwin._errors import ParameterError, TooLargeError, check_float, check_int
from winwin.engine import _rng
from winwin.game import Game, parse_game
from winwin.results import MatchResult, TournamentResult
from winwin.strategies import DEFAULT_LINEUP, Strategy, get_strategy

__all__ = ["match", "tournament"]

DEFAULT_TURNS = 200
DEFAULT_REPETITIONS = 10
MAX_TURNS = 10**9
MAX_REPETITIONS = 10**6
MAX_PLAYERS = 20_000


@dataclass(frozen=True)
class _Settings:
    turns: int | None
    prob_end: float | None
    noise: float
    seed: int
    game: Game

    def params(self) -> dict[str, Any]:
        return {"turns": self.turns, "prob_end": self.prob_end, "noise": self.noise,
                "seed": self.seed, "game": self.game.spec(), "game_name": self.game.name}


def _settings(turns: Any, prob_end: Any, noise: Any, seed: Any, game: Any) -> _Settings:
    if turns is not None and prob_end is not None:
        raise ParameterError("prob_end", prob_end, "not together with turns: give turns for a "
                             "fixed length or prob_end for a random one")
    if prob_end is not None:
        prob_end = check_float("prob_end", prob_end, low=0.0, high=1.0, low_open=True,
                               high_open=True)
    else:
        turns = check_int("turns", DEFAULT_TURNS if turns is None else turns, low=1, high=MAX_TURNS)
    noise = check_float("noise", noise, low=0.0, high=1.0)
    return _Settings(turns, prob_end, noise, _rng.check_seed(seed), parse_game(game))


def _strategy(value: Any, field: str = "strategy") -> Strategy:
    if not isinstance(value, (str, Strategy)):
        raise ParameterError(field, value, "a strategy name such as 'tit-for-tat' or a "
                             "winwin Strategy object")
    return get_strategy(value)


def match(player_1: str | Strategy, player_2: str | Strategy, *, turns: int | None = None,
          prob_end: float | None = None, noise: float = 0.0, seed: int | None = None,
          game: str | Game = "pd", backend: str = "auto", exact: bool = False) -> MatchResult:
    """Play one match and keep its moves.

    ``exact=True`` does not simulate: it returns the exact expected per-turn payoffs of two
    memory-one strategies from the Markov chain (for ``turns``, ``prob_end`` or, with
    ``turns=None, prob_end=None``, the long run).

    >>> m = match("tit-for-tat", "defector", turns=5, seed=1)
    >>> m.actions_text(), m.scores
    (['CD', 'DD', 'DD', 'DD', 'DD'], (4.0, 9.0))
    """
    a, b = _strategy(player_1, "player_1"), _strategy(player_2, "player_2")
    if exact:
        return _exact_match(a, b, turns, prob_end, noise, seed, game)
    s = _settings(turns, prob_end, noise, seed, game)
    base = _rng.base_key(s.seed)
    length = engine.match_length(base, 0, 1, 0, s.turns, s.prob_end)
    counts, actions = engine.play_match(a, b, game=s.game, length=length, noise=s.noise,
                                        base=base, known_length=s.prob_end is None,
                                        backend=backend)
    return MatchResult((a.spec, b.spec), (a.name, b.name), s.game,
                       {**s.params(), "backend": backend}, counts, actions)


def _exact_match(a: Strategy, b: Strategy, turns: Any, prob_end: Any, noise: Any, seed: Any,
                 game: Any) -> MatchResult:
    from winwin.analysis import expected_outcomes

    g = parse_game(game)
    noise = check_float("noise", noise, low=0.0, high=1.0)
    if turns is not None and prob_end is not None:
        raise ParameterError("prob_end", prob_end, "not together with turns")
    if turns is not None:
        turns = check_int("turns", turns, low=1, high=MAX_TURNS)
    if prob_end is not None:
        prob_end = check_float("prob_end", prob_end, low=0.0, high=1.0, low_open=True,
                               high_open=True)
    va, vb = a.memory_one(g), b.memory_one(g)
    for s, v in ((a, va), (b, vb)):
        if v is None:
            raise ParameterError("exact", True, f"memory-one strategies only; {s.spec!r} is not "
                                 "one (drop --exact to simulate)")
    dist = expected_outcomes(np.array([va]), np.array([vb]), turns=turns, prob_end=prob_end,
                             noise=noise)[0]
    u1 = np.asarray(g.payoffs_1)
    u2 = np.asarray(g.payoffs_2)[[0, 2, 1, 3]]
    means = (float(dist @ u1), float(dist @ u2))
    params = {"turns": turns, "prob_end": prob_end, "noise": noise, "seed": None,
              "game": g.spec(), "game_name": g.name, "horizon": "turns" if turns else
              "prob_end" if prob_end else "long-run"}
    return MatchResult((a.spec, b.spec), (a.name, b.name), g, params, np.zeros(4, np.int64),
                       None, exact_mean_scores=means,
                       exact_outcomes=tuple(float(x) for x in dist))  # type: ignore[arg-type]


def _labels(strategies: Sequence[Strategy]) -> list[str]:
    seen: dict[str, int] = {}
    labels = []
    for s in strategies:
        seen[s.spec] = seen.get(s.spec, 0) + 1
        labels.append(s.spec if seen[s.spec] == 1 else f"{s.spec}#{seen[s.spec]}")
    return labels


@functools.lru_cache(maxsize=64)
def round_robin_pairs(n: int, *, self_play: bool, symmetric: bool) -> np.ndarray:
    """The plan's pairs (i, j): i <= j for symmetric games, every ordered pair otherwise.

    A read-only array (cached)."""
    i, j = np.meshgrid(np.arange(n), np.arange(n), indexing="ij")
    keep = (i <= j) if symmetric else np.ones_like(i, bool)
    if not self_play:
        keep &= i != j
    pairs = np.stack([i[keep], j[keep]], axis=1).astype(np.int64)
    pairs.flags.writeable = False
    return pairs


def tournament(players: Sequence[str | Strategy] | None = None, *, turns: int | None = None,
               prob_end: float | None = None, repetitions: int | None = None,
               noise: float | None = None, seed: int | None = None,
               game: str | Game | None = None, self_play: bool | None = None,
               backend: str = "auto", threads: int | None = None,
               progress: bool | None = None, exact: bool = False,
               histories: bool = False) -> TournamentResult:
    """A round robin: every player meets every other (and itself, with ``self_play``) in
    ``repetitions`` matches. ``players=None`` plays the default line-up; a :class:`Lineup`
    (``winwin.lineup("first-tournament")``) brings its own settings for what is left out.

    ``exact=True`` (memory-one line-ups only) simulates nothing: every pair's expected outcome
    shares come from the Markov chain, so scores, cooperation and outcome shares are the exact
    expectations (one "repetition", lengths are the expected lengths).

    ``histories=True`` also keeps every match's moves, bit-packed (two bits a turn); without it
    only outcome counts are kept and any one match can still be replayed with
    ``result.match(a, b, repetition)``.

    >>> r = tournament(["defector", "cooperator", "tit-for-tat", "grudger"], seed=1)
    >>> r.ranking
    ['tit-for-tat', 'grudger', 'cooperator', 'defector']
    >>> r.scores["defector"]  # (T + 199 P) twice, 200 P against itself, 200 T: over 800 turns
    2.01
    """
    if players is None:
        players = list(DEFAULT_LINEUP)
    from winwin.strategies._lineups import Lineup

    if isinstance(players, Lineup):  # its settings fill what the caller left out
        st = players.settings
        if turns is None and prob_end is None:
            turns, prob_end = st.get("turns"), st.get("prob_end")
        repetitions = st.get("repetitions") if repetitions is None else repetitions
        game = st.get("game") if game is None else game
        self_play = st.get("self_play") if self_play is None else self_play
        noise = st.get("noise") if noise is None else noise
    repetitions = DEFAULT_REPETITIONS if repetitions is None else repetitions
    game = "pd" if game is None else game
    self_play = True if self_play is None else self_play
    noise = 0.0 if noise is None else noise
    if isinstance(players, (str, Strategy)) or not isinstance(players, Sequence):
        raise ParameterError("players", players, "a list of strategy names or objects")
    strategies = [_strategy(p, f"players[{k}]") for k, p in enumerate(players)]
    n = len(strategies)
    if not 1 <= n <= MAX_PLAYERS:
        raise ParameterError("players", f"{n} strategies", f"1 to {MAX_PLAYERS} strategies")
    if n == 1 and not self_play:
        raise ParameterError("players", "1 strategy", "at least 2 strategies without self-play")
    repetitions = check_int("repetitions", repetitions, low=1, high=MAX_REPETITIONS)
    s = _settings(turns, prob_end, noise, seed, game)
    if not isinstance(self_play, bool):
        raise ParameterError("self_play", self_play, "True or False")
    pairs = round_robin_pairs(n, self_play=self_play, symmetric=s.game.is_symmetric)
    _check_memory(n, len(pairs), repetitions)
    if not isinstance(exact, bool):
        raise ParameterError("exact", exact, "True or False")
    if exact:
        counts_f, lengths_f = _exact_counts(strategies, pairs, s)
        params = {**s.params(), "repetitions": 1, "self_play": self_play, "backend": "exact",
                  "exact": True}
        return TournamentResult(tuple(_labels(strategies)), tuple(x.name for x in strategies),
                                s.game, params, pairs, counts_f, lengths_f, tuple(strategies))
    base = _rng.base_key(s.seed)
    counts, lengths = engine.play_pairs(strategies, pairs[:, 0], pairs[:, 1], game=s.game,
                                        repetitions=repetitions, turns=s.turns,
                                        prob_end=s.prob_end, noise=s.noise, base=base,
                                        backend=backend, threads=threads, progress=progress)
    history = None
    if histories is True:
        need = int(((2 * lengths + 7) // 8).sum())
        if need > 0.5 * _available_memory():
            raise TooLargeError(f"keeping every move needs {need / 2**30:.1f} GiB; "
                                f"{_available_memory() / 2**30:.1f} GiB is free. Leave "
                                "histories off and replay single matches with result.match()")
        history = engine.record_pairs(strategies, pairs[:, 0], pairs[:, 1], game=s.game,
                                      repetitions=repetitions, lengths=lengths, turns=s.turns,
                                      noise=s.noise, base=base, backend=backend)
    elif histories is not False:
        raise ParameterError("histories", histories, "True or False")
    params = {**s.params(), "repetitions": repetitions, "self_play": self_play,
              "backend": backend, "exact": False}
    return TournamentResult(tuple(_labels(strategies)), tuple(x.name for x in strategies),
                            s.game, params, pairs, counts, lengths, tuple(strategies), history)


def _exact_counts(strategies: Sequence[Strategy], pairs: np.ndarray, s: _Settings
                  ) -> tuple[np.ndarray, np.ndarray]:
    """Expected outcome counts (pairs, 1, 4) and expected lengths (pairs, 1) from the chain."""
    from winwin.analysis import expected_outcomes

    vectors = []
    for x in strategies:
        v = x.memory_one(s.game)
        if v is None:
            raise ParameterError("exact", True, f"memory-one strategies only; {x.spec!r} is not "
                                 "one (drop exact to simulate)")
        vectors.append(v)
    vs = np.array(vectors, np.float64)
    shares = expected_outcomes(vs[pairs[:, 0]], vs[pairs[:, 1]], turns=s.turns,
                               prob_end=s.prob_end, noise=s.noise)
    length = float(s.turns) if s.turns is not None else 1.0 / float(s.prob_end or 1.0)
    return (shares * length)[:, None, :], np.full((len(pairs), 1), length)


def memory_estimate(n_players: int, n_pairs: int, repetitions: int) -> int:
    """Bytes a tournament needs: counts and lengths per match, and the per-pair tables."""
    per_match = n_pairs * repetitions * (4 * 8 + 8 + 3 * 8)
    tables = n_players * n_players * (repetitions * 2 * 8 + 6 * 8)
    return per_match + tables


def _available_memory() -> int:
    try:
        return int(os.sysconf("SC_AVPHYS_PAGES") * os.sysconf("SC_PAGE_SIZE"))
    except (ValueError, OSError, AttributeError):  # pragma: no cover - not on Linux
        return 8 * 2**30


def _check_memory(n: int, n_pairs: int, repetitions: int) -> None:
    need = memory_estimate(n, n_pairs, repetitions)
    have = _available_memory()
    if need > 0.7 * have:
        raise TooLargeError(f"a tournament of {n} players and {repetitions} repetitions needs "
                            f"about {need / 2**30:.1f} GiB; {have / 2**30:.1f} GiB is free. Use "
                            "fewer players or repetitions")

