"""The Wright-Fisher process: non-overlapping generations of a finite population.

Each generation all Z individuals are replaced at once: every offspring picks its parent with
probability proportional to the parent's count times its fitness (``1 - w + w * payoff`` or
``exp(w * payoff)``), and mutates with probability ``mutation`` into one of the other
strategies, uniformly (Imhof & Nowak 2006, J. Math. Biol. 52:667). Without mutation it runs to
fixation; with mutation for a number of generations. Long runs take ``checkpoint=PREFIX`` as
:func:`winwin.evolution.moran` does: the trajectory streams to ``PREFIX.csv``, the state to
``PREFIX.json``, and the same call resumes an interrupted run to the same result. The result
is a :class:`MoranResult` (counts per generation), so its pictures and formats are Moran's.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from typing import Any

import numpy as np

from winwin._errors import ParameterError, WinwinError, check_float, check_int
from winwin.engine import _rng
from winwin.evolution._population import SELECTIONS, as_game, check_mutation
from winwin.evolution.moran import MoranResult, _atomic_write, _lock, _read_state

__all__ = ["wright_fisher"]

MAX_GENERATIONS = 100_000_000
CHUNK = 100_000  # generations a kernel call (times Z offspring)


def wright_fisher(game: Any, population: int | Sequence[int] = 100, *, w: float = 1.0,
                  selection: str = "linear", mutation: float = 0.0,
                  generations: int | None = None, seed: int | None = None,
                  record_every: int = 1, checkpoint: str | None = None,
                  payoffs: str | None = None, **payoff_kw: Any) -> MoranResult:
    """Run Wright-Fisher generations; see the module text.

    ``game``: strategies, a :class:`PayoffTable`, a matrix or an N-player game.
    ``population``: a size (split evenly) or counts per strategy. ``generations=None`` runs
    until one strategy is left (needs ``mutation=0``).

    >>> r = wright_fisher([[1, 0], [0, 1]], [5, 5], w=0.0, seed=1)
    >>> r.winner in ("s0", "s1"), int(r.trajectory[-1].sum())
    (True, 10)
    """
    from winwin.evolution.montecarlo import kernel_inputs, stream_key

    g = as_game(game, payoffs, **payoff_kw)
    if selection not in SELECTIONS:
        raise ParameterError("selection", selection, ", ".join(SELECTIONS))
    sel = SELECTIONS[selection]
    x = check_float("w", w, low=0.0, high=1.0 if selection == "linear" else None)
    mu = check_mutation(mutation)
    counts = _start(g.k, population)
    z = g.check_population(int(counts.sum()))
    if generations is None:
        if mu > 0:
            raise ParameterError("generations", None, "a number of generations when "
                                 "mutation > 0 (there is no fixation to wait for)")
        limit = MAX_GENERATIONS
    else:
        limit = check_int("generations", generations, low=0, high=MAX_GENERATIONS)
    every = check_int("record_every", record_every, low=1)
    mode, a, table = kernel_inputs(g, z)
    if sel == SELECTIONS["linear"]:
        from winwin.evolution._population import states_of

        states = states_of(g.k, z) if mode == 1 else None
        low = float(a.min()) if states is None else float(
            g.state_payoffs(states, z)[states > 0].min())
        if 1 - x + x * low <= 0:
            raise ParameterError("w", x, f"a value keeping fitness 1 - w + w * payoff positive "
                                 f"(the lowest payoff is {low:g}): use a smaller w or "
                                 "selection='exponential'")
    lock = None
    if checkpoint is not None:
        lock = _lock(checkpoint)
        if seed is None:
            state = _read_state(checkpoint)
            seed = None if state is None or state.get("seed") is None else int(state["seed"])
    try:
        seed = _rng.check_seed(seed)
        key = np.uint64(stream_key(seed, "wright-fisher"))
        params = {"process": "wright-fisher", "selection": selection, "w": x, "mutation": mu,
                  "generations": generations, "seed": seed, "record_every": every,
                  **g.describe()}
        run = _Run(mode, a, table, counts, z, sel, x, mu, key, every, generations is None)
        if checkpoint is not None:
            run.attach(checkpoint, params)
        run.go(limit)
        traj, gens = run.trajectory()
    finally:
        if lock is not None:
            lock.close()
    final = traj[-1]
    winner = g.players[int(np.argmax(final))] if np.count_nonzero(final) == 1 else None
    return MoranResult(g.players, z, gens, traj, run.gen * z, winner, params)


def _start(k: int, population: int | Sequence[int]) -> np.ndarray:
    if isinstance(population, (int, np.integer)) and not isinstance(population, bool):
        n = check_int("population", population, low=2, high=10**8)
        c = np.full(k, n // k, np.int64)
        c[: n % k] += 1
        return c
    c = np.asarray(population)
    if c.shape != (k,) or not np.issubdtype(c.dtype, np.integer) or np.any(c < 0) \
            or c.sum() < 2:
        raise ParameterError("population", list(np.asarray(population).tolist()),
                             f"a size (>= 2) or {k} non-negative counts adding up to >= 2")
    return c.astype(np.int64)


class _Run:
    """Kernel calls in chunks; rows kept in memory or streamed to a checkpoint."""

    def __init__(self, mode: int, a: np.ndarray, table: np.ndarray, counts: np.ndarray, z: int,
                 sel: int, w: float, mu: float, key: np.uint64, every: int, stop: bool) -> None:
        self.mode, self.a, self.table = mode, a, table
        self.counts = counts.copy()
        self.z, self.sel, self.w, self.mu, self.key = z, sel, w, mu, key
        self.every, self.stop = every, stop
        self.gen = 0
        self.rows: list[np.ndarray] = [self.counts.copy()]
        self.gens: list[float] = [0.0]
        self.recorded = 1
        self.path: str | None = None
        self.digest = ""
        self.seed: Any = None

    def attach(self, prefix: str, params: dict[str, Any]) -> None:
        self.path, self.seed = prefix, params.get("seed")
        self.digest = hashlib.sha256(json.dumps(
            {**params, "a": self.a.tolist(), "table": hashlib.sha256(
                self.table.tobytes()).hexdigest(), "start": self.counts.tolist()},
            sort_keys=True, default=str).encode()).hexdigest()
        self.rows, self.gens = [], []
        state = _read_state(prefix)
        if state is None:
            k = len(self.counts)
            with open(prefix + ".csv", "w", encoding="utf-8") as fh:
                fh.write("generation," + ",".join(f"s{i}" for i in range(k)) + "\n")
                fh.write("0," + ",".join(str(int(c)) for c in self.counts) + "\n")
            self._save()
            return
        if state.get("digest") != self.digest:
            raise WinwinError(f"checkpoint {prefix + '.json'!r} belongs to a different run "
                              "(other arguments or seed); use another path or delete it")
        self.gen = int(state["step"])
        self.counts = np.array(state["counts"], np.int64)
        self.recorded = int(state["rows"])
        with open(prefix + ".csv", encoding="utf-8") as fh:
            lines = fh.readlines()[: self.recorded + 1]
        if len(lines) < self.recorded + 1:
            raise WinwinError(f"delete its .json and .csv to start again: checkpoint "
                              f"{prefix!r} has {len(lines) - 1} of {self.recorded} rows")
        _atomic_write(prefix + ".csv", "".join(lines))

    def _save(self) -> None:
        _atomic_write(f"{self.path}.json", json.dumps(
            {"digest": self.digest, "step": self.gen, "counts": self.counts.tolist(),
             "rows": self.recorded, "seed": self.seed}))

    def go(self, limit: int) -> None:
        from winwin.evolution import _kernels as K

        while self.gen < limit:
            todo = min(CHUNK, limit - self.gen)
            rows = np.zeros(((self.gen + todo) // self.every - self.gen // self.every,
                             len(self.counts)), np.int64)
            done = K.wright_fisher(self.mode, self.a, self.table, self.counts, self.z,
                                   self.sel, self.w, self.mu, self.key, self.gen, todo,
                                   self.every, self.stop, rows)
            filled = (self.gen + done) // self.every - self.gen // self.every
            self.gen += done
            new = [(float((self.recorded + q) * self.every), rows[q]) for q in range(filled)]
            if (done < todo or self.gen >= limit) and self.gen % self.every:
                new.append((float(self.gen), self.counts.copy()))
            self._emit(new)
            if done < todo:
                break

    def _emit(self, new: list[tuple[float, np.ndarray]]) -> None:
        self.recorded += len(new)
        if self.path is None:
            for g, r in new:
                self.gens.append(g)
                self.rows.append(r)
            return
        with open(f"{self.path}.csv", "a", encoding="utf-8") as fh:
            for g, r in new:
                fh.write(f"{g:.12g}," + ",".join(str(int(x)) for x in r) + "\n")
        self._save()

    def trajectory(self) -> tuple[np.ndarray, np.ndarray]:
        if self.path is not None:
            data = np.loadtxt(f"{self.path}.csv", delimiter=",", skiprows=1, ndmin=2)
            return data[:, 1:].astype(np.int64), data[:, 0]
        return np.array(self.rows, np.int64), np.array(self.gens, np.float64)
