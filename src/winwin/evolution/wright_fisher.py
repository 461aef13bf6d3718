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
from collections.abc import Sequence
from typing import Any

import numpy as np

from winwin._errors import ParameterError, check_float, check_int
from winwin.engine import _rng
from winwin.evolution._population import SELECTIONS, as_game, check_mutation
from winwin.evolution.moran import MoranResult, _counts, _lock, _read_state, _Runner

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
    counts = _counts(g, population)
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
        run.run(limit)
        traj, gens = run.trajectory()
    finally:
        if lock is not None:
            lock.close()
    final = traj[-1]
    winner = g.players[int(np.argmax(final))] if np.count_nonzero(final) == 1 else None
    return MoranResult(g.players, z, gens, traj, run.step * z, winner, params)


class _Run(_Runner):
    """Kernel calls in chunks; rows kept in memory or streamed to a checkpoint, by the Moran
    runner's checkpoint code (its ``step`` counts generations here)."""

    def __init__(self, mode: int, a: np.ndarray, table: np.ndarray, counts: np.ndarray, z: int,
                 sel: int, w: float, mu: float, key: np.uint64, every: int, stop: bool) -> None:
        self.mode, self.table, self.w = mode, table, w
        self.a, self.k = a, len(counts)
        self.counts = counts.copy()
        self.types, self.adjacency = None, None
        self.proc, self.sel, self.intensity, self.mu, self.key = -1, sel, w, mu, key
        self.n, self.every, self.stop = z, every, stop
        self.step = 0
        self.rows = [self.counts.copy()]
        self.gens = [0.0]
        self.recorded = 1
        self.path = None
        self.digest = ""
        self.seed = None

    def attach(self, prefix: str, params: dict[str, Any]) -> None:
        table = hashlib.sha256(np.ascontiguousarray(self.table).tobytes()).hexdigest()
        super().attach(prefix, {**params, "payoff_lookup": table})

    def run(self, total_steps: int) -> None:
        from winwin.evolution import _kernels as K

        while self.step < total_steps:
            todo = min(CHUNK, total_steps - self.step)
            rows = np.zeros(((self.step + todo) // self.every - self.step // self.every,
                             self.k), np.int64)
            done = K.wright_fisher(self.mode, self.a, self.table, self.counts, self.n,
                                   self.sel, self.w, self.mu, self.key, self.step, todo,
                                   self.every, self.stop, rows)
            filled = (self.step + done) // self.every - self.step // self.every
            self.step += done
            new = [(float((self.recorded + q) * self.every), rows[q]) for q in range(filled)]
            if (done < todo or self.step >= total_steps) and self.step % self.every:
                new.append((float(self.step), self.counts.copy()))
            self._emit(new)
            if done < todo:
                break
