"""The plan of a tournament and the public entry points :func:`match` and :func:`tournament`.

A :class:`Plan` says who meets whom, how long, and which random stream each match draws from. It
is built and validated once (naming the field, the value and the allowed range), travels as
JSON (to a sweep worker, a web request, a stored workshop session), and can be cut into blocks
of rows that run anywhere and merge to the identical result. Results keep their plan, and any
match is replayed from it.

>>> plan = Plan.build(["tit-for-tat", "defector"], turns=5, repetitions=2, seed=1)
>>> Plan.from_json(plan.to_json()) == plan
True
>>> blocks = [run_block(b) for b in plan.blocks(1)]
>>> merge(plan, blocks).ranking == run(plan).ranking
True
"""

from __future__ import annotations

import functools
import json
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np

from winwin import _budget, engine
from winwin import results as _results_module
from winwin._errors import ParameterError, TooLargeError, check_float, check_int
from winwin._system import available_memory as _available_memory
from winwin.engine import Length, _rng
from winwin.game import Game, parse_game
from winwin.results import MatchResult, TournamentResult
from winwin.strategies import DEFAULT_LINEUP, Strategy, get_strategy

__all__ = ["Block", "BlockResult", "Plan", "match", "merge", "run", "run_block", "run_on",
           "tournament"]

DEFAULT_TURNS = 200
DEFAULT_REPETITIONS = 10
MAX_TURNS = 10**9
MAX_REPETITIONS = 10**6
MAX_PLAYERS = 20_000
PLAN_VERSION = 1


def check_length(turns: Any, prob_end: Any, *, default_turns: int | None = DEFAULT_TURNS
                 ) -> Length | None:
    """The one validation of a match length. With neither given: ``default_turns`` turns, or
    ``None`` (the long run, for exact analysis) when ``default_turns`` is ``None``."""
    if turns is not None and prob_end is not None:
        raise ParameterError("prob_end", prob_end, "not together with turns: give turns for a "
                             "fixed length or prob_end for a random one")
    if prob_end is not None:
        return Length(prob_end=check_float("prob_end", prob_end, low=0.0, high=1.0,
                                           low_open=True, high_open=True))
    if turns is None and default_turns is None:
        return None
    return Length(turns=check_int("turns", default_turns if turns is None else turns, low=1,
                                  high=MAX_TURNS))


def check_noise(noise: Any) -> float:
    return check_float("noise", noise, low=0.0, high=1.0)


def _strategy(value: Any, field: str = "strategy") -> Strategy:
    if not isinstance(value, (str, Strategy)):
        raise ParameterError(field, value, "a strategy name such as 'tit-for-tat' or a "
                             "winwin Strategy object")
    return get_strategy(value)


@dataclass(frozen=True, eq=False)
class Plan:
    """Who meets whom, how long and with which random stream: a frozen value.

    ``pairs[k] = (i, j)``: ``strategies[i]`` meets ``strategies[j]`` as player 1, ``repetitions``
    times; match ``(i, j, r)`` draws from the stream keyed by ``(seed, i, j, r)``, so any subset of
    rows, run anywhere, gives the same counts for those rows.
    """

    strategies: tuple[Strategy, ...]
    pairs: np.ndarray
    repetitions: int
    length: Length
    noise: float
    game: Game
    self_play: bool
    seed: int
    labels: tuple[str, ...] = field(default=())
    #: The names the caller gave (a string as typed, e.g. ``copycat`` for tit-for-tat), for
    #: tables and pictures; empty: the labels.
    given: tuple[str, ...] = field(default=())
    #: The root key, when a dynamic derives one stream per step from the seed (a generation of
    #: :func:`winwin.evolution.evolve`); ``None``: the seed's own root key.
    key: int | None = None

    def __post_init__(self) -> None:
        self.pairs.flags.writeable = False
        if not self.labels:
            object.__setattr__(self, "labels", tuple(_labels(self.strategies)))

    # -- building ------------------------------------------------------------------------------
    @classmethod
    def build(cls, players: Sequence[str | Strategy], *, turns: int | None = None,
              prob_end: float | None = None, repetitions: int = DEFAULT_REPETITIONS,
              noise: float = 0.0, seed: int | None = None, game: str | Game = "pd",
              self_play: bool = True, pairs: Any = None) -> Plan:
        """A round robin (or the given ``pairs``) of ``players``, every argument checked."""
        if isinstance(players, (str, Strategy)) or not isinstance(players, Sequence):
            raise ParameterError("players", players, "a list of strategy names or objects")
        strategies = tuple(_strategy(p, f"players[{k}]") for k, p in enumerate(players))
        n = len(strategies)
        if not 1 <= n <= MAX_PLAYERS:
            raise ParameterError("players", f"{n} strategies", f"1 to {MAX_PLAYERS} strategies")
        if n == 1 and not self_play:
            raise ParameterError("players", "1 strategy",
                                 "at least 2 strategies without self-play")
        repetitions = check_int("repetitions", repetitions, low=1, high=MAX_REPETITIONS)
        length = check_length(turns, prob_end)
        assert length is not None
        noise = check_noise(noise)
        seed = _rng.check_seed(seed)
        g = parse_game(game)
        if not isinstance(self_play, bool):
            raise ParameterError("self_play", self_play, "True or False")
        if pairs is None:
            pairs = round_robin_pairs(n, self_play=self_play, symmetric=g.is_symmetric)
        else:
            pairs = _check_pairs(pairs, n)
        plan = cls(strategies, pairs, repetitions, length, noise, g, self_play, seed)
        given = _given(players, plan.labels)
        return plan if given == plan.labels else replace(plan, given=given)

    @classmethod
    def for_match(cls, a: str | Strategy, b: str | Strategy, **settings: Any) -> Plan:
        """The plan of one match: ``a`` (index 0) meets ``b`` (index 1) once."""
        return cls.build([a, b], repetitions=1, self_play=False, pairs=[(0, 1)], **settings)

    # -- what the engine reads -----------------------------------------------------------------
    @property
    def base(self) -> int:
        """The 64-bit root key (every match's key derives from it)."""
        return _rng.base_key(self.seed) if self.key is None else self.key

    @property
    def n_players(self) -> int:
        return len(self.strategies)

    @property
    def n_rows(self) -> int:
        return len(self.pairs)

    @property
    def turns(self) -> int | None:
        return self.length.turns

    @property
    def prob_end(self) -> float | None:
        return self.length.prob_end

    @property
    def specs(self) -> tuple[str, ...]:
        return tuple(s.spec for s in self.strategies)

    def row(self, i: int, j: int) -> tuple[int, bool]:
        """The row where ``i`` meets ``j``, and whether it holds them as (j, i)."""
        for a, b, swapped in ((i, j, False), (j, i, True)):
            where = np.nonzero((self.pairs[:, 0] == a) & (self.pairs[:, 1] == b))[0]
            if len(where):
                return int(where[0]), swapped
        raise KeyError((i, j))

    def params(self) -> dict[str, Any]:
        """The settings as results report them (the JSON contract's ``params``)."""
        return {"turns": self.turns, "prob_end": self.prob_end, "noise": self.noise,
                "seed": self.seed, "game": self.game.spec(), "game_name": self.game.name}

    # -- cutting and merging -------------------------------------------------------------------
    def blocks(self, rows: int) -> list[Block]:
        """The plan cut into blocks of at most ``rows`` rows (pairs, all their repetitions)."""
        rows = check_int("rows", rows, low=1)
        return [Block(self, start, min(start + rows, self.n_rows))
                for start in range(0, self.n_rows, rows)]

    # -- JSON ----------------------------------------------------------------------------------
    def to_dict(self) -> dict[str, Any]:
        rr = round_robin_pairs(self.n_players, self_play=self.self_play,
                               symmetric=self.game.is_symmetric)
        same = rr.shape == self.pairs.shape and bool(np.array_equal(rr, self.pairs))
        return {"version": PLAN_VERSION, "players": list(self.specs),
                "pairs": "round-robin" if same else self.pairs.tolist(),
                "repetitions": self.repetitions, "turns": self.turns,
                "prob_end": self.prob_end, "noise": self.noise, "game": self.game.spec(),
                "self_play": self.self_play, "seed": self.seed,
                **({} if self.key is None else {"key": self.key}),
                **({} if not self.given else {"given": list(self.given)})}

    def to_json(self, **kwargs: Any) -> str:
        return json.dumps(self.to_dict(), **kwargs)

    @classmethod
    def from_dict(cls, d: Any) -> Plan:
        """A plan from :meth:`to_dict`, checked as :meth:`build` checks its arguments.

        Strategies are named by spec, so user-written ones must be loaded where it is read."""
        if not isinstance(d, dict):
            raise ParameterError("plan", type(d).__name__, "a JSON object")
        if d.get("version") != PLAN_VERSION:
            raise ParameterError("plan.version", d.get("version"), str(PLAN_VERSION))
        known = {"version", "players", "pairs", "repetitions", "turns", "prob_end", "noise",
                 "game", "self_play", "seed", "key", "given"}
        extra = sorted(set(d) - known)
        if extra:
            raise ParameterError(f"plan.{extra[0]}", d[extra[0]], ", ".join(sorted(known)))
        pairs = d.get("pairs", "round-robin")
        key = d.get("key")
        if key is not None:
            key = _rng.check_seed(key)
        players: Any = d.get("players")
        plan = cls.build(players, turns=d.get("turns"), prob_end=d.get("prob_end"),
                         repetitions=d.get("repetitions", DEFAULT_REPETITIONS),
                         noise=d.get("noise", 0.0), seed=d.get("seed"),
                         game=d.get("game", "pd"), self_play=d.get("self_play", True),
                         pairs=None if pairs == "round-robin" else pairs)
        given = d.get("given")
        if given is not None:
            if not (isinstance(given, list) and len(given) == plan.n_players
                    and all(isinstance(x, str) and 0 < len(x) <= 200 for x in given)):
                raise ParameterError("plan.given", str(given)[:40], f"{plan.n_players} names")
            plan = replace(plan, given=tuple(given))
        return plan if key is None else replace(plan, key=key)

    @classmethod
    def from_json(cls, text: str) -> Plan:
        try:
            d = json.loads(text)
        except (TypeError, ValueError) as exc:
            raise ParameterError("plan", str(text)[:40], f"JSON ({exc})") from None
        return cls.from_dict(d)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Plan):
            return NotImplemented
        return self.to_dict() == other.to_dict() and self.labels == other.labels

    def __hash__(self) -> int:
        return hash(self.to_json())


def _check_pairs(pairs: Any, n: int) -> np.ndarray:
    try:
        a = np.array(pairs, dtype=np.int64)
    except (TypeError, ValueError, OverflowError):
        raise ParameterError("pairs", str(pairs)[:40], "a list of (i, j) player indices") \
            from None
    if a.ndim != 2 or a.shape[1] != 2 or len(a) == 0 or a.min() < 0 or a.max() >= n:
        raise ParameterError("pairs", str(pairs)[:40], f"a non-empty list of (i, j) with "
                             f"0 <= i, j < {n}")
    return a


@dataclass(frozen=True)
class Block:
    """Rows ``start:stop`` of a plan: the unit of work that runs on its own."""

    plan: Plan
    start: int
    stop: int

    @property
    def rows(self) -> slice:
        return slice(self.start, self.stop)

    def to_dict(self) -> dict[str, Any]:
        return {"plan": self.plan.to_dict(), "start": self.start, "stop": self.stop}

    @classmethod
    def from_dict(cls, d: Any) -> Block:
        if not isinstance(d, dict) or set(d) != {"plan", "start", "stop"}:
            raise ParameterError("block", str(d)[:40], "an object with plan, start and stop")
        plan = Plan.from_dict(d["plan"])
        start = check_int("block.start", d["start"], low=0, high=plan.n_rows - 1)
        stop = check_int("block.stop", d["stop"], low=start + 1, high=plan.n_rows)
        return cls(plan, start, stop)


@dataclass(frozen=True)
class BlockResult:
    """The counts (rows, repetitions, 4) and lengths (rows, repetitions) of one block."""

    start: int
    stop: int
    counts: np.ndarray
    lengths: np.ndarray


def run_block(block: Block, *, backend: str = "auto", threads: int | None = None,
              progress: bool | None = False) -> BlockResult:
    """Play one block of a plan."""
    counts, lengths = engine.play_rows(block.plan, block.rows, backend=backend, threads=threads,
                                       progress=progress)
    return BlockResult(block.start, block.stop, counts, lengths)


def merge(plan: Plan, parts: Sequence[BlockResult], *, backend: str = "auto"
          ) -> TournamentResult:
    """The tournament result of a plan from the results of blocks that cover its rows, in any
    order; identical to running the plan whole."""
    parts = sorted(parts, key=lambda p: p.start)
    at = 0
    for p in parts:
        if p.start != at:
            raise ParameterError("parts", f"rows {at}..{p.start}", "blocks that cover every row "
                                 "of the plan once")
        at = p.stop
    if at != plan.n_rows:
        raise ParameterError("parts", f"rows {at}..{plan.n_rows}", "blocks that cover every row "
                             "of the plan once")
    counts = np.concatenate([p.counts for p in parts])
    lengths = np.concatenate([p.lengths for p in parts])
    return _result(plan, counts, lengths, backend=backend)


def run(plan: Plan, *, backend: str = "auto", threads: int | None = None,
        progress: bool | None = None, histories: bool = False) -> TournamentResult:
    """Play a whole plan."""
    if not isinstance(histories, bool):
        raise ParameterError("histories", histories, "True or False")
    _check_memory(plan.n_players, plan.n_rows, plan.repetitions)
    counts, lengths = engine.play_rows(plan, backend=backend, threads=threads,
                                       progress=progress)
    history = None
    if histories is True:
        need = int(((2 * lengths + 7) // 8).sum())
        if need > 0.5 * _available_memory():
            raise TooLargeError(f"keeping every move needs {need / 2**30:.1f} GiB; "
                                f"{_available_memory() / 2**30:.1f} GiB is free. Leave "
                                "histories off and replay single matches with result.match()")
        history = engine.record_rows(plan, lengths, backend=backend)
    return _result(plan, counts, lengths, backend=backend, histories=history)


_results_module.PLAN_FROM_JSON = Plan.from_json


def _result(plan: Plan, counts: np.ndarray, lengths: np.ndarray, *, backend: str,
            exact: bool = False, histories: Any = None) -> TournamentResult:
    params = {**plan.params(), "repetitions": 1 if exact else plan.repetitions,
              "self_play": plan.self_play, "backend": "exact" if exact else backend,
              "exact": exact}
    return TournamentResult(plan.labels, tuple(x.name for x in plan.strategies), plan.game,
                            params, plan.pairs, counts, lengths, plan.strategies, histories,
                            plan=plan, given=plan.given)


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
    plan = Plan.for_match(a, b, turns=turns, prob_end=prob_end, noise=noise, seed=seed,
                          game=game)
    mean = plan.length.mean
    _budget.check(_budget.Cost(f"a match of about {_budget.count(mean)} turns", mean / 2e7,
                               2 * mean))
    counts, actions = engine.play_match(plan, 0, 0, backend=backend)
    given = _given([player_1, player_2], (a.spec, b.spec))
    return MatchResult((a.spec, b.spec), (a.name, b.name), plan.game,
                       {**plan.params(), "backend": backend}, counts, actions, plan=plan,
                       given=() if given == (a.spec, b.spec) else given)


def _exact_match(a: Strategy, b: Strategy, turns: Any, prob_end: Any, noise: Any, seed: Any,
                 game: Any) -> MatchResult:
    from winwin.analysis import expected_outcomes

    g = parse_game(game)
    noise = check_noise(noise)
    length = check_length(turns, prob_end, default_turns=None)
    turns = length.turns if length else None
    prob_end = length.prob_end if length else None
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


def _given(players: Sequence[str | Strategy], labels: tuple[str, ...]) -> tuple[str, ...]:
    """The caller's own names: each string as typed (stripped), an object by its label; the
    same name twice gets #2, #3 as labels do."""
    names = [p.strip() if isinstance(p, str) else lab for p, lab in zip(players, labels,
                                                                        strict=True)]
    seen: dict[str, int] = {}
    out = []
    for x in names:
        seen[x] = seen.get(x, 0) + 1
        out.append(x if seen[x] == 1 else f"{x}#{seen[x]}")
    return tuple(out)


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
               histories: bool = False, executor: Any = None,
               block_rows: int | None = None) -> TournamentResult:
    """A round robin: every player meets every other (and itself, with ``self_play``) in
    ``repetitions`` matches. ``players=None`` plays the default line-up; a :class:`Lineup`
    (``winwin.lineup("first-tournament")``) brings its own settings for what is left out.

    ``exact=True`` (memory-one line-ups only) simulates nothing: every pair's expected outcome
    shares come from the Markov chain, so scores, cooperation and outcome shares are the exact
    expectations (one "repetition", lengths are the expected lengths).

    ``histories=True`` also keeps every match's moves, bit-packed (two bits a turn); without it
    only outcome counts are kept and any one match can still be replayed with
    ``result.match(a, b, repetition)``.

    ``executor``: anything with ``submit(fn, *args)`` returning futures (a
    ``concurrent.futures`` pool, a ``distributed.Client``): the plan is cut into blocks of
    ``block_rows`` pairs (default: about 50 M turns each) that run there, and merged into the
    same result as a local run. A block holds ``block_rows x repetitions x 40`` bytes of counts
    and lengths, plus its plan.

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
    plan = Plan.build(players, turns=turns, prob_end=prob_end, repetitions=repetitions,
                      noise=noise, seed=seed, game=game, self_play=self_play)
    if not isinstance(exact, bool):
        raise ParameterError("exact", exact, "True or False")
    if exact:
        _check_memory(plan.n_players, plan.n_rows, plan.repetitions)
        counts_f, lengths_f = _exact_counts(plan)
        return _result(plan, counts_f, lengths_f, backend="exact", exact=True)
    check_cost(plan, histories=histories)
    if executor is not None:
        if histories:
            raise ParameterError("histories", histories, "False with an executor (replay single "
                                 "matches with result.match())")
        return run_on(plan, executor, block_rows=block_rows, backend=backend)
    return run(plan, backend=backend, threads=threads, progress=progress, histories=histories)


def run_on(plan: Plan, executor: Any, *, block_rows: int | None = None,
           backend: str = "auto") -> TournamentResult:
    """Play a plan's blocks on an executor (``submit`` and futures) and merge them."""
    if not callable(getattr(executor, "submit", None)):
        raise ParameterError("executor", type(executor).__name__, "an object with submit(), "
                             "such as a concurrent.futures pool or a distributed.Client")
    if block_rows is None:
        per_row = plan.repetitions * (plan.turns or 1.0 / float(plan.prob_end or 1.0))
        block_rows = max(1, int(5e7 / per_row))
    blocks = plan.blocks(block_rows)
    scatter = getattr(executor, "scatter", None)
    if callable(scatter):  # a Dask client: send the plan to every worker once, not per block
        shared = scatter(plan, broadcast=True)
        futures = [executor.submit(_run_rows, shared, b.start, b.stop, backend) for b in blocks]
    else:
        futures = [executor.submit(run_block, b, backend=backend) for b in blocks]
    return merge(plan, [f.result() for f in futures], backend=backend)


def _run_rows(plan: Plan, start: int, stop: int, backend: str) -> BlockResult:
    return run_block(Block(plan, start, stop), backend=backend)


def _exact_counts(plan: Plan) -> tuple[np.ndarray, np.ndarray]:
    """Expected outcome counts (pairs, 1, 4) and expected lengths (pairs, 1) from the chain."""
    from winwin.analysis import expected_outcomes

    vectors = []
    pairs = plan.pairs
    for x in plan.strategies:
        v = x.memory_one(plan.game)
        if v is None:
            raise ParameterError("exact", True, f"memory-one strategies only; {x.spec!r} is not "
                                 "one (drop exact to simulate)")
        vectors.append(v)
    vs = np.array(vectors, np.float64)
    shares = expected_outcomes(vs[pairs[:, 0]], vs[pairs[:, 1]], turns=plan.turns,
                               prob_end=plan.prob_end, noise=plan.noise)
    length = float(plan.turns) if plan.turns is not None else 1.0 / float(plan.prob_end or 1.0)
    return (shares * length)[:, None, :], np.full((len(pairs), 1), length)


def check_cost(plan: Plan, *, histories: bool = False) -> _budget.Cost:
    """The plan's estimated time and memory, refused before any work if it does not fit (see
    :mod:`winwin._budget`)."""
    turns, seconds = engine.estimate(plan)
    memory = float(memory_estimate(plan.n_players, plan.n_rows, plan.repetitions))
    if histories:
        memory += turns / 4  # two bits a turn
    return _budget.check(_budget.Cost(
        f"a tournament of {plan.n_players} players ({plan.n_rows:,} pairs x "
        f"{plan.repetitions:,} repetitions, about {_budget.count(turns)} turns)", seconds, memory))


def memory_estimate(n_players: int, n_pairs: int, repetitions: int) -> int:
    """Bytes a tournament needs: counts and lengths per match, and the per-pair tables."""
    per_match = n_pairs * repetitions * (4 * 8 + 8 + 3 * 8)
    tables = n_players * n_players * (repetitions * 2 * 8 + 6 * 8)
    return per_match + tables


def _check_memory(n: int, n_pairs: int, repetitions: int) -> None:
    need = memory_estimate(n, n_pairs, repetitions)
    have = _available_memory()
    if need > 0.7 * have:
        raise TooLargeError(f"a tournament of {n} players and {repetitions} repetitions needs "
                            f"about {need / 2**30:.1f} GiB; {have / 2**30:.1f} GiB is free. Use "
                            "fewer players or repetitions")

