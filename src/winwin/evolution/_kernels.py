"""Compiled kernels of the Monte Carlo estimators and of Wright-Fisher (private; the public
functions in :mod:`winwin.evolution.montecarlo` and :mod:`winwin.evolution.wright_fisher`
validate and wrap them).

Payoffs come either from a pairwise matrix (``mode = 0``: the mean against the other Z - 1,
as the Moran kernels) or from a table indexed by the state's code (``mode = 1``: counts of all
but the last strategy in base Z + 1), which serves any population game (N-player dilemmas).
Random numbers are the engine's counter-based stream: step (or generation) ``s`` draws its
``d``-th uniform from ``(key, s, d)``, so runs stop and resume to the same result.
"""

from __future__ import annotations

import math

import numpy as np
from numba import njit, prange

from winwin.engine._evolution import _mean_payoffs
from winwin.engine._evolution import _other as _mutant
from winwin.engine._evolution import _pick as _choose
from winwin.engine._rng.compiled import uniform as _uniform

BIRTH_DEATH, DEATH_BIRTH, PAIRWISE = 0, 1, 2
LINEAR = 0


@njit(cache=True)
def _code(counts: np.ndarray, base: int) -> int:
    c = 0
    w = 1
    for i in range(counts.shape[0] - 1):
        c += counts[i] * w
        w *= base
    return c


@njit(cache=True)
def _payoffs(mode: int, a: np.ndarray, table: np.ndarray, counts: np.ndarray, z: int,
             out: np.ndarray) -> None:
    k = counts.shape[0]
    if mode == 1:
        c = _code(counts, z + 1)
        for i in range(k):
            out[i] = table[c, i] if counts[i] > 0 else 0.0
        return
    _mean_payoffs(a, counts, z, out)


@njit(cache=True)
def _fit(p: float, selection: int, intensity: float, top: float) -> float:
    if selection == LINEAR:
        return 1.0 - intensity + intensity * p
    return math.exp(intensity * (p - top))


@njit(cache=True)
def _step(mode: int, a: np.ndarray, table: np.ndarray, counts: np.ndarray, z: int, process: int,
          selection: int, intensity: float, mu: float, key: np.uint64, s: int,
          pay: np.ndarray, w: np.ndarray) -> None:
    """One elementary step of the process (in place)."""
    k = counts.shape[0]
    _payoffs(mode, a, table, counts, z, pay)
    share = counts.astype(np.float64)
    first = _choose(share, _uniform(key, s, 0))  # the dead one, or the focal imitator
    if process == PAIRWISE:
        share[first] -= 1.0
        model = _choose(share, _uniform(key, s, 1))
        new = first
        if _uniform(key, s, 2) < 1.0 / (1.0 + math.exp(-intensity * (pay[model] - pay[first]))):
            new = model
    else:
        top = -1e300
        for i in range(k):
            if counts[i] > 0 and pay[i] > top:
                top = pay[i]
        for i in range(k):
            n = counts[i] - (1 if process == DEATH_BIRTH and i == first else 0)
            w[i] = n * _fit(pay[i], selection, intensity, top) if n > 0 else 0.0
        new = _choose(w, _uniform(key, s, 1))
    if mu > 0.0 and _uniform(key, s, 3) < mu:
        # the newcomer (imitator or offspring) mutates into one of the other strategies
        base = first if process == PAIRWISE else new
        new = _mutant(k, base, _uniform(key, s, 3) / mu)
    counts[first] -= 1
    counts[new] += 1


@njit(cache=True)
def visits(mode: int, a: np.ndarray, table: np.ndarray, counts: np.ndarray, z: int,
           process: int, selection: int, intensity: float, mu: float, key: np.uint64,
           first_step: int, steps: int, batches: int, burn_in: int, seen: np.ndarray,
           sums: np.ndarray) -> None:
    """Run ``burn_in + steps`` steps; after the burn-in count the visits of every state
    (``seen[code]``) and add the counts into ``sums[batch]`` (``steps // batches`` a batch)."""
    k = counts.shape[0]
    pay = np.empty(k)
    w = np.empty(k)
    per = max(1, steps // batches)
    for s in range(first_step, first_step + burn_in + steps):
        _step(mode, a, table, counts, z, process, selection, intensity, mu, key, s, pay, w)
        t = s - first_step - burn_in
        if t >= 0:
            seen[_code(counts, z + 1)] += 1
            b = min(t // per, batches - 1)
            for i in range(k):
                sums[b, i] += counts[i]


@njit(cache=True, parallel=True)
def fixations(mode: int, a: np.ndarray, table: np.ndarray, start: np.ndarray, z: int,
              process: int, selection: int, intensity: float, keys: np.ndarray,
              max_steps: int, winners: np.ndarray, taken: np.ndarray) -> None:
    """Independent runs from ``start`` without mutation until one strategy is left."""
    k = start.shape[0]
    for r in prange(keys.shape[0]):
        counts = start.copy()
        pay = np.empty(k)
        w = np.empty(k)
        winners[r] = -1
        s = 0
        while s < max_steps:
            alive = 0
            last = 0
            for i in range(k):
                if counts[i] > 0:
                    alive += 1
                    last = i
            if alive == 1:
                winners[r] = last
                break
            _step(mode, a, table, counts, z, process, selection, intensity, 0.0, keys[r], s,
                  pay, w)
            s += 1
        taken[r] = s


@njit(cache=True)
def wright_fisher(mode: int, a: np.ndarray, table: np.ndarray, counts: np.ndarray, z: int,
                  selection: int, intensity: float, mu: float, key: np.uint64,
                  first_gen: int, gens: int, record_every: int, stop: bool,
                  trajectory: np.ndarray) -> int:
    """Advance ``counts`` by up to ``gens`` Wright-Fisher generations: all Z offspring drawn
    at once, each from a parent chosen with probability proportional to count times fitness,
    each mutating with probability ``mu`` into one of the other strategies. Offspring o of
    generation g draws uniform ``(key, g * Z + o, 0)``. Returns the generations run."""
    k = counts.shape[0]
    pay = np.empty(k)
    prob = np.empty(k)
    nxt = np.empty(k, np.int64)
    row = 0
    done = 0
    for g in range(first_gen, first_gen + gens):
        if stop and mu == 0.0:
            alive = 0
            for i in range(k):
                if counts[i] > 0:
                    alive += 1
            if alive <= 1:
                break
        _payoffs(mode, a, table, counts, z, pay)
        top = -1e300
        for i in range(k):
            if counts[i] > 0 and pay[i] > top:
                top = pay[i]
        total = 0.0
        for i in range(k):
            prob[i] = counts[i] * _fit(pay[i], selection, intensity, top) if counts[i] else 0.0
            total += prob[i]
        for i in range(k):
            p = prob[i] / total
            prob[i] = (1.0 - mu) * p + mu * (1.0 - p) / (k - 1) if k > 1 else p
        for i in range(k):
            nxt[i] = 0
        for o in range(z):
            nxt[_choose(prob, _uniform(key, g * z + o, 0))] += 1
        for i in range(k):
            counts[i] = nxt[i]
        done += 1
        if record_every > 0 and (g + 1) % record_every == 0 and row < trajectory.shape[0]:
            trajectory[row, :] = counts
            row += 1
    return done
