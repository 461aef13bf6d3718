"""Compiled kernels for evolutionary dynamics (private; :mod:`winwin.evolution` validates).

Randomness follows the engine's rule: a counter-based stream. Step ``s`` of run ``r`` draws its
``d``-th uniform from ``splitmix64(key_r + (4 * s + d + 1) * GOLDEN)``, so a run can stop at any
step and resume to the same result, and runs are independent of thread scheduling.
"""

from __future__ import annotations

import math

import numpy as np
from numba import njit, prange

from winwin.engine._rng.compiled import uniform as _uniform

BIRTH_DEATH, DEATH_BIRTH, PAIRWISE = 0, 1, 2
LINEAR, EXPONENTIAL = 0, 1


@njit(cache=True, inline="always")
def _fitness(payoff: float, intensity: float, selection: int) -> float:
    if selection == LINEAR:
        return 1.0 - intensity + intensity * payoff
    return math.exp(intensity * payoff)


@njit(cache=True)
def _mean_payoffs(a: np.ndarray, counts: np.ndarray, n: int, out: np.ndarray) -> None:
    """Each type's mean payoff against the rest of a well-mixed population (no self-match)."""
    k = counts.shape[0]
    for i in range(k):
        if counts[i] == 0:
            out[i] = 0.0
            continue
        s = 0.0
        for j in range(k):
            s += a[i, j] * counts[j]
        out[i] = (s - a[i, i]) / (n - 1)


@njit(cache=True, inline="always")
def _fixed(counts: np.ndarray) -> bool:
    """At most one type left."""
    alive = 0
    for i in range(counts.shape[0]):
        if counts[i] > 0:
            alive += 1
    return alive <= 1


@njit(cache=True)
def _pick(weights: np.ndarray, u: float) -> int:
    total = 0.0
    for i in range(weights.shape[0]):
        total += weights[i]
    target = u * total
    acc = 0.0
    last = 0
    for i in range(weights.shape[0]):
        if weights[i] > 0:
            last = i
            acc += weights[i]
            if target < acc:
                return i
    return last


@njit(cache=True)
def moran_well_mixed(a: np.ndarray, counts: np.ndarray, process: int, selection: int,
                     intensity: float, mutation: float, key: np.uint64, first_step: int,
                     steps: int, record_every: int, stop_at_fixation: bool,
                     trajectory: np.ndarray) -> int:
    """Advance ``counts`` (modified in place) by up to ``steps`` elementary steps.

    Returns the number of steps taken. Every ``record_every`` steps (counted from step 0 of the
    run) the counts are written to the next row of ``trajectory``.
    """
    k = counts.shape[0]
    n = 0
    for i in range(k):
        n += counts[i]
    pay = np.empty(k)
    w = np.empty(k)
    row = 0
    taken = 0
    for s in range(first_step, first_step + steps):
        if stop_at_fixation and mutation == 0.0 and _fixed(counts):
            break
        _mean_payoffs(a, counts, n, pay)
        if process == PAIRWISE:
            # a random focal individual imitates a random other with the Fermi probability
            focal = _pick(counts.astype(np.float64), _uniform(key, s, 0))
            counts[focal] -= 1
            model = _pick(counts.astype(np.float64), _uniform(key, s, 1))
            counts[focal] += 1
            p = 1.0 / (1.0 + math.exp(-intensity * (pay[model] - pay[focal])))
            new = focal
            if _uniform(key, s, 2) < p:
                new = model
            if mutation > 0.0 and _uniform(key, s, 3) < mutation:
                new = _other(k, focal, _uniform(key, s, 3) / mutation)
            counts[focal] -= 1
            counts[new] += 1
        else:
            for i in range(k):
                w[i] = counts[i] * _fitness(pay[i], intensity, selection) if counts[i] else 0.0
            if process == BIRTH_DEATH:
                parent = _pick(w, _uniform(key, s, 0))
                dead = _pick(counts.astype(np.float64), _uniform(key, s, 1))
            else:  # death-birth: a random death, then the others compete by fitness
                dead = _pick(counts.astype(np.float64), _uniform(key, s, 1))
                counts[dead] -= 1
                for i in range(k):
                    w[i] = counts[i] * _fitness(pay[i], intensity, selection) if counts[i] \
                        else 0.0
                counts[dead] += 1
                parent = _pick(w, _uniform(key, s, 0))
            child = parent
            if mutation > 0.0 and _uniform(key, s, 2) < mutation:
                child = _other(k, parent, _uniform(key, s, 2) / mutation)
            counts[dead] -= 1
            counts[child] += 1
        taken += 1
        if record_every > 0 and (s + 1) % record_every == 0 and row < trajectory.shape[0]:
            trajectory[row, :] = counts
            row += 1
    return taken


@njit(cache=True, inline="always")
def _other(k: int, current: int, u: float) -> int:
    """A uniformly chosen type other than ``current`` (u in [0, 1))."""
    j = int(u * (k - 1))
    if j >= k - 1:
        j = k - 2
    return j if j < current else j + 1


@njit(cache=True, parallel=True)
def fixation_runs(a: np.ndarray, start: np.ndarray, process: int, selection: int,
                  intensity: float, keys: np.ndarray, max_steps: int,
                  winners: np.ndarray, steps: np.ndarray) -> None:
    """Independent runs from ``start`` counts without mutation, each to fixation (or
    ``max_steps``): ``winners[r]`` is the fixed type (-1 if none yet) and ``steps[r]`` the
    steps taken."""
    k = start.shape[0]
    for r in prange(keys.shape[0]):
        counts = start.copy()
        dummy = np.zeros((0, k), np.int64)
        steps[r] = moran_well_mixed(a, counts, process, selection, intensity, 0.0, keys[r], 0,
                                    max_steps, 0, True, dummy)
        winners[r] = -1
        for i in range(k):
            if counts[i] == counts.sum():
                winners[r] = i


@njit(cache=True)
def moran_graph(a: np.ndarray, types: np.ndarray, indptr: np.ndarray, indices: np.ndarray,
                process: int, selection: int, intensity: float, mutation: float, k: int,
                key: np.uint64, first_step: int, steps: int, record_every: int,
                stop_at_fixation: bool, trajectory: np.ndarray) -> int:
    """The Moran process on a graph (CSR adjacency); ``types`` per node, modified in place.

    A node's payoff is its mean payoff against its neighbours. Birth-death: a parent chosen by
    fitness over all nodes, its offspring replaces a random neighbour. Death-birth: a random
    node dies, its neighbours compete by fitness. Pairwise: a random node imitates a random
    neighbour with the Fermi probability.
    """
    n = types.shape[0]
    pay = np.empty(n)
    fit = np.empty(n)
    counts = np.zeros(k, np.int64)
    for v in range(n):
        counts[types[v]] += 1
    for v in range(n):
        pay[v] = _node_payoff(a, types, indptr, indices, v)
        fit[v] = _fitness(pay[v], intensity, selection)
    row = 0
    taken = 0
    for s in range(first_step, first_step + steps):
        if stop_at_fixation and mutation == 0.0 and _fixed(counts):
            break
        if process == BIRTH_DEATH:
            parent = _pick(fit, _uniform(key, s, 0))
            deg = indptr[parent + 1] - indptr[parent]
            target = indices[indptr[parent] + min(deg - 1, int(_uniform(key, s, 1) * deg))]
            new = types[parent]
        elif process == DEATH_BIRTH:
            target = min(n - 1, int(_uniform(key, s, 1) * n))
            lo, hi = indptr[target], indptr[target + 1]
            total = 0.0
            for e in range(lo, hi):
                total += fit[indices[e]]
            u = _uniform(key, s, 0) * total
            acc = 0.0
            new = types[indices[hi - 1]]
            for e in range(lo, hi):
                acc += fit[indices[e]]
                if u < acc:
                    new = types[indices[e]]
                    break
            parent = target
        else:
            target = min(n - 1, int(_uniform(key, s, 1) * n))
            deg = indptr[target + 1] - indptr[target]
            model = indices[indptr[target] + min(deg - 1, int(_uniform(key, s, 0) * deg))]
            p = 1.0 / (1.0 + math.exp(-intensity * (pay[model] - pay[target])))
            new = types[model] if _uniform(key, s, 2) < p else types[target]
            parent = target
        if mutation > 0.0 and _uniform(key, s, 3) < mutation:
            new = _other(k, types[parent], _uniform(key, s, 3) / mutation)
        if new != types[target]:
            counts[types[target]] -= 1
            counts[new] += 1
            types[target] = new
            pay[target] = _node_payoff(a, types, indptr, indices, target)
            fit[target] = _fitness(pay[target], intensity, selection)
            for e in range(indptr[target], indptr[target + 1]):
                u_ = indices[e]
                pay[u_] = _node_payoff(a, types, indptr, indices, u_)
                fit[u_] = _fitness(pay[u_], intensity, selection)
        taken += 1
        if record_every > 0 and (s + 1) % record_every == 0 and row < trajectory.shape[0]:
            trajectory[row, :] = counts
            row += 1
    return taken


@njit(cache=True, inline="always")
def _node_payoff(a: np.ndarray, types: np.ndarray, indptr: np.ndarray, indices: np.ndarray,
                 v: int) -> float:
    lo, hi = indptr[v], indptr[v + 1]
    if hi == lo:
        return 0.0
    s = 0.0
    for e in range(lo, hi):
        s += a[types[v], types[indices[e]]]
    return s / (hi - lo)


@njit(cache=True, inline="always")
def _wrap_tables(n_rows: int, n_cols: int, offsets: np.ndarray
                 ) -> tuple[np.ndarray, np.ndarray]:
    """Row and column of each neighbour on the torus, so the hot loops need no modulo."""
    q_n = offsets.shape[0]
    rows = np.empty((q_n, n_rows), np.int64)
    cols = np.empty((q_n, n_cols), np.int64)
    for q in range(q_n):
        for r in range(n_rows):
            rows[q, r] = (r + offsets[q, 0]) % n_rows
        for c in range(n_cols):
            cols[q, c] = (c + offsets[q, 1]) % n_cols
    return rows, cols


@njit(cache=True, parallel=True)
def lattice_step(grid: np.ndarray, a: np.ndarray, offsets: np.ndarray, self_play: bool,
                 pay: np.ndarray, out: np.ndarray) -> None:
    """One synchronous generation: every cell's total payoff against its neighbourhood (and
    itself with ``self_play``), then imitate-the-best into ``out``. Ties: a cell keeps its own
    strategy if its payoff is among the best; otherwise the first best neighbour in
    ``offsets`` order wins."""
    n_rows, n_cols = grid.shape
    rows, cols = _wrap_tables(n_rows, n_cols, offsets)
    q_n = offsets.shape[0]
    for r in prange(n_rows):
        for c in range(n_cols):
            t = grid[r, c]
            s = a[t, t] if self_play else 0.0
            for q in range(q_n):
                s += a[t, grid[rows[q, r], cols[q, c]]]
            pay[r, c] = s
    for r in prange(n_rows):
        for c in range(n_cols):
            best = pay[r, c]
            choice = grid[r, c]
            for q in range(q_n):
                rr = rows[q, r]
                cc = cols[q, c]
                if pay[rr, cc] > best:
                    best = pay[rr, cc]
                    choice = grid[rr, cc]
            out[r, c] = choice


@njit(cache=True)
def lattice_async(grid: np.ndarray, a: np.ndarray, offsets: np.ndarray, self_play: bool,
                  key: np.uint64, first_step: int, steps: int) -> None:
    """Asynchronous updates: at each step one random cell imitates the best of its
    neighbourhood (payoffs computed on the spot), with the same tie rule as the synchronous
    update."""
    n_rows, n_cols = grid.shape
    for s in range(first_step, first_step + steps):
        cell = min(n_rows * n_cols - 1, int(_uniform(key, s, 0) * n_rows * n_cols))
        r, c = cell // n_cols, cell % n_cols
        best = _cell_payoff(grid, a, offsets, self_play, r, c)
        choice = grid[r, c]
        for q in range(offsets.shape[0]):
            rr = (r + offsets[q, 0]) % n_rows
            cc = (c + offsets[q, 1]) % n_cols
            p = _cell_payoff(grid, a, offsets, self_play, rr, cc)
            if p > best:
                best = p
                choice = grid[rr, cc]
        grid[r, c] = choice


@njit(cache=True, inline="always")
def _cell_payoff(grid: np.ndarray, a: np.ndarray, offsets: np.ndarray, self_play: bool, r: int,
                 c: int) -> float:
    n_rows, n_cols = grid.shape
    t = grid[r, c]
    s = a[t, t] if self_play else 0.0
    for q in range(offsets.shape[0]):
        s += a[t, grid[(r + offsets[q, 0]) % n_rows, (c + offsets[q, 1]) % n_cols]]
    return s
