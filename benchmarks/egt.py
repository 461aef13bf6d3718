"""Exact evolutionary game theory: winwin against EGTtools on the same models, in one run.

    python benchmarks/egt.py [--full] [--json results.json]

Each case times winwin (warm: compiled kernels loaded first; the best of three runs for short
cases) and, when ``egttools`` is importable (an optional benchmark dependency, never a runtime
one: ``pip install egttools``), EGTtools on the same payoff matrix, population, process and
mutation rate, checks that both give the same numbers, and prints both times and the ratio
(EGTtools time / winwin time). EGTtools computes the full stationary distribution by a dense
eigendecomposition of the whole transition matrix; at 3 strategies and Z = 100 that takes
minutes, so it runs at Z = 40 and 60 by default and at Z = 100 with ``--full``.
"""

from __future__ import annotations

import argparse
import json
import time
from collections.abc import Callable
from typing import Any

import numpy as np

import winwin.evolution as ev

try:
    import egttools as egt
    from egttools.analytical import PairwiseComparison
    from egttools.games import Matrix2PlayerGameHolder
except ImportError:  # pragma: no cover - optional
    egt = None

ROWS: list[dict[str, Any]] = []


def best(fn: Callable[[], Any], repeat: int = 3) -> tuple[float, Any]:
    out, times = None, []
    for _ in range(repeat):
        t = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - t)
    return min(times), out


def row(case: str, ours: float, theirs: float | None, agree: str = "") -> None:
    ratio = f"{theirs / ours:9.1f}x" if theirs else "        -"
    t = f"{theirs:10.3f}" if theirs else "         -"
    print(f"{case:<52} {ours:10.3f} {t} {ratio}  {agree}", flush=True)
    ROWS.append({"case": case, "winwin_s": ours, "egttools_s": theirs,
                 "ratio": theirs / ours if theirs else None, "agreement": agree})


def their_process(z: int, a: np.ndarray) -> tuple[Any, Any]:
    game = Matrix2PlayerGameHolder(len(a), np.array(a, np.float64))
    return PairwiseComparison(z, game), game


def order(states: np.ndarray, z: int) -> np.ndarray:
    return np.array([egt.calculate_state(z, np.asarray(s, np.int64)) for s in states])


def stationary_case(a: np.ndarray, z: int, mu: float, beta: float, theirs_too: bool) -> None:
    k = len(a)
    repeat = 3 if k <= 3 else 1
    ours_t, r = best(lambda: ev.stationary_distribution(a, z, mutation=mu, process="pairwise",
                                                        beta=beta), repeat)
    name = f"stationary, {k} strategies, Z={z} ({len(r.states):,} states, {r.solver})"
    if egt is None or not theirs_too:
        note = "EGTtools: dense matrix of " + \
            f"{len(r.states) ** 2 * 8 / 2**30:,.0f} GiB" if k >= 4 else ""
        row(name, ours_t, None, note or f"residual {r.residual:.0e}")
        return
    process, _game = their_process(z, a)
    t = time.perf_counter()
    matrix = process.calculate_transition_matrix(beta, mu)
    pi = egt.utils.calculate_stationary_distribution(matrix.transpose())
    theirs_t = time.perf_counter() - t
    diff = float(np.abs(pi[order(r.states, z)] - r.distribution).max())
    row(name, ours_t, theirs_t, f"max |diff| {diff:.1e}")


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--full", action="store_true", help="EGTtools' dense solve at Z = 100 "
                   "too (minutes)")
    p.add_argument("--json", help="write the rows here")
    args = p.parse_args()
    if egt is None:
        print("egttools is not installed: winwin's times only (pip install egttools for the "
              "side-by-side comparison)")
    rng = np.random.default_rng(1)
    a3 = rng.uniform(0, 5, (3, 3))
    a4 = rng.uniform(0, 5, (4, 4))
    # warm the kernels and imports
    ev.stationary_distribution(a3, 10, mutation=0.1, process="pairwise", beta=1.0)
    ev.estimate_fixation(a3[:2, :2], 10, runs=10, beta=1.0, seed=1)
    print(f"{'case':<52} {'winwin s':>10} {'EGTtools s':>10} {'ratio':>10}  agreement")
    for z in (40, 60):
        stationary_case(a3, z, 1e-3, 1.0, True)
    stationary_case(a3, 100, 1e-3, 1.0, args.full)
    stationary_case(a4, 100, 1e-3, 1.0, False)

    # small-mutation limit: 10 strategies
    a10 = rng.uniform(0, 5, (10, 10))
    ours_t, sml = best(lambda: ev.small_mutation(a10, 100, process="pairwise", beta=1.0))
    theirs_t, agree = None, ""
    if egt is not None:
        process, _game = their_process(100, a10)
        theirs_t, (trans, _) = best(lambda: process.calculate_transition_and_fixation_matrix_sml(
            1.0))
        pi = egt.utils.calculate_stationary_distribution(np.asarray(trans).T)
        agree = f"max |diff| {np.abs(pi - sml.stationary).max():.1e}"
    row("small-mutation limit, 10 strategies, Z=100", ours_t, theirs_t, agree)

    # gradient of selection over every state of two strategies
    a2 = np.array([[3.0, 0.0], [5.0, 1.0]])
    ours_t, g = best(lambda: ev.gradient_of_selection(a2, 1000, process="pairwise", beta=0.1))
    theirs_t, agree = None, ""
    if egt is not None:
        process, _game = their_process(1000, a2)

        def grads() -> np.ndarray:
            return np.array([process.calculate_gradient_of_selection(
                0.1, np.array([i, 1000 - i], np.int64))[0] for i in range(1001)])

        theirs_t, theirs_g = best(grads)
        ours_by_i = g.gradient[np.argsort(g.points[:, 0])]
        agree = f"max |diff| {np.abs(theirs_g - ours_by_i).max():.1e}"
    row("gradient of selection, 2 strategies, Z=1000 (all)", ours_t, theirs_t, agree)

    # N-player: the collective-risk dilemma's stationary distribution over a risk sweep
    def crd() -> list[float]:
        return [float(ev.stationary_distribution(ev.collective_risk(6, 3, r), 50,
                                                 mutation=0.01, process="pairwise",
                                                 beta=5.0).marginals[0])
                for r in np.linspace(0, 1, 11)]

    ours_t, shares = best(crd)
    row("collective risk Z=50 N=6: stationary at 11 risks", ours_t, None,
        "cooperation " + " -> ".join(f"{x:.2f}" for x in shares[::5]))

    # Monte Carlo: simulated fixation next to the exact value
    t = time.perf_counter()
    f = ev.estimate_fixation(a2, 50, runs=100_000, beta=0.05, seed=1)
    mc = time.perf_counter() - t
    row("Monte Carlo fixation, Z=50, 100,000 runs", mc, None,
        f"{f.probability:.4f} +- {f.standard_error:.4f} vs exact {f.exact:.4f}")
    t = time.perf_counter()
    ev.estimate_stationary(a3, 30, mutation=0.01, generations=100_000, beta=1.0, seed=1,
                           exact=False)
    mc = time.perf_counter() - t
    row("Monte Carlo stationary, Z=30, 3 M steps", mc, None,
        f"{3e6 / mc / 1e6:.1f} M steps/s")
    t = time.perf_counter()
    ev.wright_fisher(a3, 1000, w=0.1, mutation=0.001, generations=10_000, seed=1,
                     record_every=100)
    row("Wright-Fisher, Z=1000, 10,000 generations", time.perf_counter() - t, None,
        f"{1e7 / (time.perf_counter() - t) / 1e6:.1f} M offspring/s")
    if args.json:
        with open(args.json, "w", encoding="utf-8") as fh:
            json.dump(ROWS, fh, indent=2)


if __name__ == "__main__":
    main()
