"""Plays matches: fixed length or probabilistic end, noise, seeds; compiled or Python path.

The compiled kernels (numba) are imported only when first needed. Both paths draw from the same
counter-based stream (:mod:`winwin.engine._rng`) and give bit-identical moves for the same seed.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

import numpy as np

from winwin._errors import ParameterError, TooLargeError, WinwinError
from winwin._progress import Progress
from winwin.engine import _lanes, _rng, _warm
from winwin.engine._python import play as _play_python
from winwin.game import Game
from winwin.strategies import _kinds as K
from winwin.strategies._base import Automaton, Strategy

__all__ = ["BACKENDS", "Length", "Packed", "PlanRows", "check_threads", "estimate", "max_threads",
           "pack", "play_match", "play_rows", "record_rows", "set_threads", "unpack_history"]

#: ``compiled``: numba kernels; ``python``: the reference path, every decision through
#: ``decide(view)``; ``numpy``: finite automata played side by side in numpy lanes, the rest as
#: ``python`` (nothing to compile); ``auto``: whichever is quickest now. All give the same moves.
BACKENDS = ("auto", "compiled", "numpy", "python")

#: Largest match whose moves are kept in memory (two bytes a turn).
MAX_RECORDED_TURNS = 200_000_000


@dataclass(frozen=True)
class Packed:
    """A line-up as the compiled engine's arrays."""

    kinds: np.ndarray
    ioff: np.ndarray
    foff: np.ndarray
    ints: np.ndarray
    floats: np.ndarray
    xoff: np.ndarray  # offset of each strategy's transforms in floats, -1 for none
    memory_one: np.ndarray | None  # (n, 5) vectors when every strategy is memory-one
    deterministic: bool  # no strategy ever mixes (so without noise no draw matters)
    automata: tuple[np.ndarray, np.ndarray, np.ndarray] | None  # (probs, next, starts)


_PACKED: dict[tuple[tuple[type, str], ...], Packed | None] = {}


def pack(strategies: Sequence[Strategy], game: Game) -> Packed | None:
    """The compiled representation of a line-up, or ``None`` if one strategy has none.

    Line-ups of built-in strategies are cached (their compiled forms depend only on their
    parameters and the game)."""
    builtin = all(type(s).__module__.startswith("winwin.") for s in strategies)
    if not builtin:
        return _pack(strategies, game)
    key = (game, *((type(s), s.spec) for s in strategies))
    if key not in _PACKED:
        if len(_PACKED) > 256:
            _PACKED.clear()
        _PACKED[key] = _pack(strategies, game)  # type: ignore[index]
    return _PACKED[key]  # type: ignore[index]


def _pack(strategies: Sequence[Strategy], game: Game) -> Packed | None:
    kinds: list[int] = []
    ioff: list[int] = []
    foff: list[int] = []
    ints: list[int] = []
    floats: list[float] = []
    forms = [(s.compiled(game), s.automaton(game)) for s in strategies]
    for s, (spec, _) in zip(strategies, forms, strict=True):
        if spec is None:
            return None
        if spec.kind not in K.KINDS:
            raise WinwinError(f"strategy {s.spec!r} declares unknown kernel kind {spec.kind}")
        kinds.append(spec.kind)
        ioff.append(len(ints))
        foff.append(len(floats))
        if spec.kind == K.CYCLER:
            ints.append(len(spec.ints))
        ints.extend(spec.ints)
        floats.extend(spec.floats)
    xoff: list[int] = []
    for spec, _ in forms:
        assert spec is not None
        if spec.ops or spec.flip:
            xoff.append(len(floats))
            floats.extend([float(len(spec.ops)), 1.0 if spec.flip else 0.0])
            for code, a, b in spec.ops:
                floats.extend([float(code), float(a), float(b)])
        else:
            xoff.append(-1)
    m1 = None
    if all(k == K.MEMORY_ONE for k in kinds) and all(x < 0 for x in xoff):
        m1 = np.array([f[0].floats for f in forms], np.float64).reshape(-1, 5)  # type: ignore[union-attr]
    deterministic = not any(s.traits.stochastic for s in strategies)
    return Packed(np.array(kinds, np.int64), np.array(ioff, np.int64), np.array(foff, np.int64),
                  np.array(ints + [0], np.int64), np.array(floats + [0.0], np.float64),
                  np.array(xoff, np.int64), m1,
                  deterministic, _pack_automata([f[1] for f in forms]))


def _pack_automata(machines: Sequence[Automaton | None]
                   ) -> tuple[np.ndarray, np.ndarray, np.ndarray] | None:
    """All automata in one table: (probs, next, starts); ``starts[s]`` is -1 where strategy s
    has no automaton. ``None`` when none has one."""
    if all(a is None for a in machines):
        return None
    probs: list[np.ndarray] = []
    nxt: list[np.ndarray] = []
    starts = np.full(len(machines), -1, np.int64)
    offset = 0
    for k, a in enumerate(machines):
        if a is None:
            continue
        starts[k] = offset + a.start
        probs.append(np.asarray(a.probs))
        nxt.append(np.asarray(a.next) + offset)
        offset += len(a.probs)
    return np.concatenate(probs), np.concatenate(nxt), starts


def _choose(backend: str, packed: Packed | None, strategies: Sequence[Strategy],
            turns: int = 0, kernels: Sequence[str] = ("general",),
            seconds: float | None = None) -> str:
    """The path for ``turns`` turns of work that the Python path plays in about ``seconds``
    (see :mod:`winwin.engine._warm` for ``auto``)."""
    if backend not in BACKENDS:
        raise ParameterError("backend", backend, f"one of {', '.join(BACKENDS)}")
    if backend == "compiled" and packed is None:
        names = [s.spec for s in strategies if s.compiled(_PD) is None]
        raise ParameterError("backend", backend, f"'python' or 'auto': {', '.join(names)} "
                             "cannot run compiled")
    if backend == "auto":
        if packed is None:
            return "python"
        return _warm.choose(turns / _warm.PYTHON_RATE if seconds is None else seconds, kernels)
    return backend


_PD = Game((3.0, 0.0, 5.0, 1.0), (3.0, 0.0, 5.0, 1.0))


def max_threads() -> int:
    """The most threads the compiled engine may use (numba's ``NUMBA_NUM_THREADS``), known
    without importing numba."""
    if "numba" in sys.modules:
        import numba

        return int(numba.config.NUMBA_NUM_THREADS)  # type: ignore[attr-defined]
    env = os.environ.get("NUMBA_NUM_THREADS", "")
    if env.isdigit() and int(env) > 0:
        return int(env)
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not Linux
        return max(1, os.cpu_count() or 1)


def check_threads(threads: object) -> int:
    most = max_threads()
    if threads is None:
        return most
    if isinstance(threads, bool) or not isinstance(threads, int) or not 1 <= threads <= most:
        raise ParameterError("threads", threads, f"an integer from 1 to {most}")
    return threads


def set_threads(threads: int | None) -> int:
    """Set the compiled engine's thread count (``None``: all cores); returns the previous one."""
    import numba

    threads = check_threads(threads)
    previous = numba.get_num_threads()
    numba.set_num_threads(threads)
    return previous


@dataclass(frozen=True)
class Length:
    """How long the matches of a plan last: a fixed number of ``turns`` or a geometric length
    with ``prob_end`` (one draw per match and repetition). Exactly one of the two is set.

    This is the only spelling of match length between the public functions and the kernels."""

    turns: int | None = None
    prob_end: float | None = None

    def __post_init__(self) -> None:
        if (self.turns is None) == (self.prob_end is None):
            raise WinwinError("a Length has either turns or prob_end")

    @property
    def fixed(self) -> bool:
        """Whether every match has the same, known, length (strategies may see it)."""
        return self.turns is not None

    @property
    def kernel_turns(self) -> int:
        """The compiled kernels' argument: the fixed length, or 0 for drawn lengths."""
        return int(self.turns) if self.turns is not None else 0

    @property
    def mean(self) -> float:
        """The expected length of a match."""
        if self.prob_end is None:
            return float(self.turns or 0)
        return min(1.0 / self.prob_end, float(_rng.MAX_LENGTH))

    def draw(self, base: int, pi: np.ndarray, pj: np.ndarray, reps: int) -> np.ndarray:
        """Each match's length, shape (pairs, reps): fixed, or drawn from the match's key."""
        if self.prob_end is None:
            return np.full((len(pi), reps), int(self.turns or 0), np.int64)
        ii = np.repeat(np.asarray(pi, np.int64), reps)
        jj = np.repeat(np.asarray(pj, np.int64), reps)
        rr = np.tile(np.arange(reps, dtype=np.int64), len(pi))
        keys = _rng.match_keys(base, ii, jj, rr)
        return _rng.match_lengths(keys, self.prob_end).reshape(len(pi), reps)

    def of(self, base: int, i: int, j: int, rep: int) -> int:
        """The length of one match (i, j, repetition)."""
        return int(self.draw(base, np.array([i]), np.array([j]), rep + 1)[0, rep])


class PlanRows(Protocol):
    """What the engine reads of a plan (see :class:`winwin.tournament.Plan`)."""

    @property
    def strategies(self) -> tuple[Strategy, ...]: ...

    @property
    def pairs(self) -> np.ndarray: ...

    @property
    def repetitions(self) -> int: ...

    @property
    def length(self) -> Length: ...

    @property
    def noise(self) -> float: ...

    @property
    def game(self) -> Game: ...

    @property
    def base(self) -> int: ...


def estimate(plan: PlanRows) -> tuple[float, float]:
    """(expected turns, rough seconds on all cores) to play the plan with ``auto``'s choice of
    kernels; for the cost check before a run (:mod:`winwin._budget`)."""
    from winwin._budget import RATES

    packed = pack(plan.strategies, plan.game)
    reps = plan.repetitions
    if reps > 1 and plan.noise == 0.0 and plan.length.fixed and packed is not None \
            and packed.deterministic:
        reps = 1  # each repetition would be the same match (see play_rows)
    per_pair = reps * plan.length.mean
    pi, pj = plan.pairs[:, 0], plan.pairs[:, 1]
    turns = len(pi) * per_pair
    if packed is None:
        return turns, turns / RATES["python"]
    cores = max_threads()
    seconds = sum(len(rows) * per_pair / (RATES[kernel] * cores)
                  for kernel, rows in _groups(packed, pi, pj))
    return turns, seconds


def play_match(plan: PlanRows, row: int, rep: int, backend: str = "auto",
               length: int | None = None) -> tuple[np.ndarray, np.ndarray]:
    """One match of the plan, with its moves: (outcome counts CC, CD, DC, DD from the side of
    ``pairs[row, 0]``; moves, shape (length, 2))."""
    i, j = int(plan.pairs[row, 0]), int(plan.pairs[row, 1])
    a, b = plan.strategies[i], plan.strategies[j]
    base, noise, game = plan.base, plan.noise, plan.game
    if length is None:
        length = plan.length.of(base, i, j, rep)
    if length > MAX_RECORDED_TURNS:
        raise TooLargeError(f"a match of {length:,} turns would need {2 * length / 2**30:.1f} GiB "
                            f"to keep its moves; the limit is {MAX_RECORDED_TURNS:,} turns "
                            "(use a tournament, which keeps only counts)")
    packed = pack([a, b], game)
    if _choose(backend, packed, [a, b], length) != "compiled":
        key = _rng.match_key(base, i, j, rep)
        return _play_python(a, b, game, key, length, noise, plan.length.fixed)
    from winwin.engine import _kernels

    assert packed is not None
    record = np.zeros((length, 2), np.uint8)
    counts = np.zeros((1, 1, 4), np.int64)
    one = np.zeros(1, np.int64)
    _kernels.play_tournament(packed.kinds, packed.ioff, packed.foff, packed.ints, packed.floats,
                             packed.xoff, one, one + 1, one + i, one + j, np.uint64(base), 1, rep,
                             length if plan.length.fixed else 0, np.full((1, 1), length, np.int64),
                             float(noise), counts, record)
    return counts[0, 0], record


def play_rows(plan: PlanRows, rows: slice = slice(None), *, backend: str = "auto",
              threads: int | None = None, progress: bool | None = None
              ) -> tuple[np.ndarray, np.ndarray]:
    """Play the plan's rows ``pairs[rows]``, each ``repetitions`` times.

    Returns the outcome counts, shape (rows, repetitions, 4) as CC, CD, DC, DD from the side of
    ``pairs[k, 0]``, and the match lengths, shape (rows, repetitions). Any cut of the rows gives
    the same counts for each row (every match draws from its own stream)."""
    pairs = plan.pairs[rows]
    pi, pj = pairs[:, 0], pairs[:, 1]
    strategies, game, noise, base = plan.strategies, plan.game, plan.noise, plan.base
    repetitions, length = plan.repetitions, plan.length
    n_pairs = len(pi)
    if threads is not None:
        check_threads(threads)
    packed = pack(strategies, game)
    played_reps = repetitions
    if (repetitions > 1 and noise == 0.0 and length.fixed and packed is not None
            and packed.deterministic):
        # Deterministic play without noise ignores every draw: each repetition is the same
        # match, so play one and repeat its counts (what the draws would have given anyway).
        repetitions = 1
    lengths = length.draw(base, pi, pj, repetitions)
    counts = np.zeros((n_pairs, repetitions, 4), np.int64)
    total_turns = int(lengths.sum())
    lanes = _lane_rows(packed, pi, pj)
    kernels = [k for k, _ in _groups(packed, pi, pj)] if packed is not None else []
    seconds = (_lanes.estimate(lengths[lanes])
               + float(lengths[~lanes].sum()) / _warm.PYTHON_RATE)
    path = _choose(backend, packed, strategies, total_turns, kernels, seconds)
    bar = Progress(total_turns, label="matches", enabled=progress,
                   expected_rate=2e8 if path == "compiled" else 1e5)
    if path != "compiled":
        if path == "numpy" and lanes.any():
            assert packed is not None and packed.automata is not None
            table, starts = _automaton_table(packed.automata, noise)
            sel = np.flatnonzero(lanes)
            out = np.zeros((len(sel), repetitions, 4), np.int64)
            _lanes.play(table, starts, STATE_BITS, pi[sel], pj[sel], base, lengths[sel], out)
            counts[sel] = out
            bar.update(int(lengths[sel].sum()))
        for k in np.flatnonzero(~lanes) if path == "numpy" else range(n_pairs):
            a, b = strategies[pi[k]], strategies[pj[k]]
            for r in range(repetitions):
                key = _rng.match_key(base, int(pi[k]), int(pj[k]), r)
                counts[k, r], _ = _play_python(a, b, game, key, int(lengths[k, r]), noise,
                                               length.fixed)
            bar.update(int(lengths[k].sum()))
        bar.close()
    else:
        assert packed is not None
        try:
            _play_compiled(packed, pi, pj, base, repetitions, length, lengths, noise, counts,
                           threads, bar)
        except WinwinError:
            raise
        except Exception as exc:  # a kernel fault: find the strategy and turn on the Python path
            _diagnose(exc, strategies, game, base, noise, length, pi, pj, lengths)
    if played_reps != repetitions:
        return (np.repeat(counts, played_reps, axis=1), np.repeat(lengths, played_reps, axis=1))
    return counts, lengths


def _diagnose(exc: Exception, strategies: Sequence[Strategy], game: Game, base: int,
              noise: float, length: Length, pi: np.ndarray, pj: np.ndarray,
              lengths: np.ndarray) -> None:
    """Turn a compiled kernel's fault into the Python path's one-line
    :class:`StrategyRuntimeError` (strategy, turn, reason), by replaying the rows there;
    if they play fine there, say that the compiled engine failed and how to go on."""
    if int(lengths.sum()) <= 20_000_000:
        for k in range(len(pi)):
            for r in range(lengths.shape[1]):
                key = _rng.match_key(base, int(pi[k]), int(pj[k]), r)
                _play_python(strategies[pi[k]], strategies[pj[k]], game, key,
                             int(lengths[k, r]), noise, length.fixed)
    raise WinwinError(f"the compiled engine failed ({type(exc).__name__}: {str(exc)[:80]}); "
                      "backend='python' plays the same line-up") from exc


def _play_compiled(packed: Packed, pi: np.ndarray, pj: np.ndarray, base: int, repetitions: int,
                   length: Length, lengths: np.ndarray, noise: float, counts: np.ndarray,
                   threads: int | None, bar: Progress) -> None:
    previous = set_threads(threads) if threads is not None else None
    try:
        fixed = length.kernel_turns
        for kernel, sel in _groups(packed, pi, pj):
            chunk = _chunk_size(len(sel), lengths[sel], bar.enabled)
            for start in range(0, len(sel), chunk):
                sub = sel[start:start + chunk]
                len_c = np.ascontiguousarray(lengths[sub])
                out = np.zeros((len(sub), repetitions, 4), np.int64)
                _run(kernel, packed, np.ascontiguousarray(pi[sub], np.int64),
                     np.ascontiguousarray(pj[sub], np.int64), base, repetitions, fixed, len_c,
                     noise, out)
                counts[sub] = out
                bar.update(int(len_c.sum()))
    finally:
        if previous is not None:
            set_threads(previous)
        bar.close()


def _lane_rows(packed: Packed | None, pi: np.ndarray, pj: np.ndarray) -> np.ndarray:
    """Which pairs the Python path plays as automata in numpy lanes (both players are one)."""
    if packed is None or packed.automata is None:
        return np.zeros(len(pi), bool)
    starts = packed.automata[2]
    return np.asarray((starts[pi] >= 0) & (starts[pj] >= 0), bool)


def _groups(packed: Packed, pi: np.ndarray, pj: np.ndarray) -> list[tuple[str, np.ndarray]]:
    """Which kernel plays which pairs: the fastest one both players allow."""
    everything = np.arange(len(pi))
    if packed.memory_one is not None:
        return [("memory-one", everything)]
    if packed.automata is None:
        return [("general", everything)]
    starts = packed.automata[2]
    both = (starts[pi] >= 0) & (starts[pj] >= 0)
    groups = [("automaton", everything[both]), ("general", everything[~both])]
    return [(k, rows) for k, rows in groups if len(rows)]


def _run(kernel: str, packed: Packed, pi: np.ndarray, pj: np.ndarray, base: int, reps: int,
         fixed: int, lengths: np.ndarray, noise: float, out: np.ndarray) -> None:
    from winwin.engine import _kernels

    order = (np.argsort(lengths.ravel()) if fixed == 0  # any order of equal lengths will do
             else np.zeros(0, np.int64))
    if kernel == "memory-one":
        assert packed.memory_one is not None
        thr = np.ascontiguousarray(thresholds(packed.memory_one, noise))
        _kernels.play_tournament_memory_one(thr, pi, pj, np.uint64(base), reps, 0, fixed,
                                            lengths, order, out)
    elif kernel == "automaton":
        assert packed.automata is not None
        key = (id(packed), noise)
        hit = _TABLES.get(key)
        if hit is None or hit[0] is not packed:
            if len(_TABLES) > 64:
                _TABLES.clear()
            hit = _TABLES[key] = (packed, *_automaton_table(packed.automata, noise))
        table, starts = hit[1], hit[2]
        _kernels.play_tournament_automaton(table, starts, pi, pj, np.uint64(base), reps, 0,
                                           fixed, lengths, order, out)
    else:
        _kernels.play_tournament(packed.kinds, packed.ioff, packed.foff, packed.ints,
                                 packed.floats, packed.xoff, pi, pj, pi, pj, np.uint64(base),
                                 reps, 0, fixed, lengths, float(noise), out,
                                 np.zeros((0, 2), np.uint8))


def record_rows(plan: PlanRows, lengths: np.ndarray, rows: slice = slice(None),
                backend: str = "auto") -> tuple[np.ndarray, np.ndarray]:
    """Every move of the plan's rows, bit-packed: (offsets, bytes); see :func:`unpack_history`.

    Two bits a turn, so a 200-turn match takes 50 bytes. ``lengths`` are those the rows were
    played with (from :func:`play_rows`)."""
    pairs = plan.pairs[rows]
    pi, pj = pairs[:, 0], pairs[:, 1]
    strategies, game, noise, base = plan.strategies, plan.game, plan.noise, plan.base
    repetitions = plan.repetitions
    n = len(pi) * repetitions
    nbytes = (2 * lengths.ravel() + 7) // 8
    offsets = np.zeros(n + 1, np.int64)
    np.cumsum(nbytes, out=offsets[1:])
    data = np.zeros(int(offsets[-1]), np.uint8)
    packed = pack(strategies, game)
    if _choose(backend, packed, strategies, int(lengths.sum()), ["record"]) != "compiled":
        for m in range(n):
            k, r = divmod(m, repetitions)
            key = _rng.match_key(base, int(pi[k]), int(pj[k]), r)
            _, moves = _play_python(strategies[pi[k]], strategies[pj[k]], game, key,
                                    int(lengths[k, r]), noise, plan.length.fixed)
            data[offsets[m]:offsets[m + 1]] = np.packbits(moves.ravel())
        return offsets, data
    from winwin.engine import _kernels

    assert packed is not None
    _kernels.record_tournament(packed.kinds, packed.ioff, packed.foff, packed.ints,
                               packed.floats, packed.xoff, np.ascontiguousarray(pi, np.int64),
                               np.ascontiguousarray(pj, np.int64), np.uint64(base), repetitions,
                               plan.length.kernel_turns, np.ascontiguousarray(lengths),
                               float(noise), offsets, data)
    return offsets, data


def unpack_history(data: np.ndarray, start: int, stop: int, length: int) -> np.ndarray:
    """Moves (length, 2) of one match from the packed bytes ``data[start:stop]``."""
    bits = np.unpackbits(data[start:stop])[: 2 * length]
    return bits.reshape(length, 2).astype(np.uint8)


STATE_BITS = 24
_TABLES: dict[tuple[int, float], tuple[Packed, np.ndarray, np.ndarray]] = {}


def _automaton_table(automata: tuple[np.ndarray, np.ndarray, np.ndarray], noise: float
                     ) -> tuple[np.ndarray, np.ndarray]:
    """Pack next state and its threshold into one word (see play_tournament_automaton)."""
    probs, nxt, starts = automata
    if len(probs) >= 1 << STATE_BITS:
        raise TooLargeError(f"the line-up's automata have {len(probs):,} states in all; the "
                            f"compiled kernel takes fewer than {1 << STATE_BITS:,}")
    thr = thresholds(probs, noise)
    table = (thr[nxt] << np.uint64(STATE_BITS)) | nxt.astype(np.uint64)
    first = np.where(starts >= 0, starts, 0)
    packed_starts = (thr[first] << np.uint64(STATE_BITS)) | first.astype(np.uint64)
    return np.ascontiguousarray(table), packed_starts


def thresholds(vectors: np.ndarray, noise: float) -> np.ndarray:
    """32-bit cooperation thresholds for memory-one vectors, noise folded in (as the kernels)."""
    p = np.asarray(vectors, np.float64)
    return ((p * (1.0 - noise) + (1.0 - p) * noise) * _rng.TWO32).astype(np.uint64)


def _chunk_size(n_pairs: int, lengths: np.ndarray, show: bool) -> int:
    if not show or n_pairs == 0:
        return max(1, n_pairs)
    per_pair = max(1.0, float(lengths.sum()) / n_pairs)
    cores = os.cpu_count() or 1
    return max(cores * 4, int(2e7 / per_pair))  # about a tenth of a second of work per chunk
