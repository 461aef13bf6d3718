"""Sweeps and big plans: what the machinery costs and what a second worker brings.

Run: .venv/bin/python benchmarks/sweep.py [--quick]
Every case runs winwin's real code on this machine, the sweep next to its reference (the same
cells called one by one through the plain API, or the same plan run locally), and prints ratios.
"""

from __future__ import annotations

import argparse
import shutil
import tempfile
import time
from pathlib import Path

import numpy as np

import winwin as ww
from winwin.distributed import load_design, load_sweep, sweep
from winwin.distributed.cells import run_cell


def timed(fn):  # type: ignore[no-untyped-def]
    t = time.perf_counter()
    out = fn()
    return time.perf_counter() - t, out


def fresh() -> Path:
    return Path(tempfile.mkdtemp(prefix="winwin-bench-"))


def per_cell_overhead(n: int) -> None:
    design = {"experiment": "match", "seeds": n, "seed": 1,
              "fixed": {"player_1": "tft", "player_2": "alld", "turns": 10}}
    cells = load_design(design).cells()
    ww.match("tft", "alld", turns=10, seed=0)
    run_cell(cells[0])
    warm = fresh()  # the first sweep of a process imports pyarrow and scipy: not per-cell cost
    sweep({**design, "seeds": 2}, warm, executor="serial", progress=False)
    shutil.rmtree(warm)
    direct, _ = timed(lambda: [ww.match("tft", "alld", turns=10, seed=c.seed) for c in cells])
    rows, _ = timed(lambda: [run_cell(c) for c in cells])
    path = fresh()
    whole, _ = timed(lambda: sweep(design, path, executor="serial", progress=False))
    shutil.rmtree(path)
    print(f"tiny cells ({n:,} 10-turn matches), serial: plain API {direct / n * 1e6:.0f} us a "
          f"call; a sweep row {rows / n * 1e6:.0f} us; the whole sweep with Parquet and "
          f"manifest {whole / n * 1e6:.0f} us a cell ({whole / direct:.1f}x the plain calls)")


def workers_scaling(cells: int) -> None:
    rng = np.random.default_rng(0)
    players = [f"memory-one(p=[{a:.3f},{b:.3f},{c:.3f},{d:.3f}],first=1)"
               for a, b, c, d in rng.random((40, 4))] + ["gradual", "detective"]
    design = {"experiment": "tournament", "seeds": cells, "seed": 2,
              "fixed": {"players": players, "turns": 5000, "repetitions": 20, "noise": 0.05}}
    times, start = {}, {}
    for w in (1, 2):
        path = fresh()
        times[w], _ = timed(lambda: sweep(design, path, executor="processes", workers=w,  # noqa: B023
                                          progress=False, task_seconds=0.3))
        shutil.rmtree(path)
        path = fresh()  # the same pool on as many cells as workers: starting the processes
        start[w], _ = timed(lambda: sweep({**design, "seeds": w}, path,  # noqa: B023
                                          executor="processes", workers=w,  # noqa: B023
                                          progress=False, task_seconds=0.3))
        shutil.rmtree(path)
    turns = 42 * 43 / 2 * 20 * 5000 * cells
    print(f"CPU-bound cells ({cells} tournaments of 42 players, {turns / 1e6:,.0f} M turns), "
          f"local processes: 1 worker {times[1]:.1f} s, 2 workers {times[2]:.1f} s, speed-up "
          f"{times[1] / times[2]:.2f}x end to end (of which starting the pool and one cell a "
          f"worker: {start[1]:.1f} s and {start[2]:.1f} s)")


def many_small(cells: int, workers: int) -> None:
    seeds = cells // 100
    design = {"experiment": "tournament", "seeds": seeds, "seed": 3,
              "fixed": {"players": ["tft", "alld", "gtft", "wsls"], "turns": 20},
              "sweep": {"noise": {"start": 0, "stop": 0.1, "num": 10},
                        "repetitions": list(range(1, 11))}}
    path = fresh()
    t, s = timed(lambda: sweep(design, path, executor="processes", workers=workers,
                               progress=False))
    rows = len(load_sweep(path))
    shutil.rmtree(path)
    print(f"{rows:,}-cell sweep of small tournaments (4 players, 20 turns), {workers} local "
          f"processes: {t:.1f} s end to end, {rows / t:,.0f} cells/s")


def big_tournament(n: int) -> None:
    from distributed import Client, LocalCluster

    rng = np.random.default_rng(4)
    players = [f"memory-one(p=[{a:.3f},{b:.3f},{c:.3f},{d:.3f}],first=1)"
               for a, b, c, d in rng.random((n, 4))]
    kw = dict(turns=200, repetitions=5, noise=0.01, seed=5, progress=False)
    ww.tournament(players[:20], **kw)
    local_t, local = timed(lambda: ww.tournament(players, **kw))
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                      dashboard_address=":0") as cluster, Client(cluster) as client:
        client.run(_warm, players[:20])  # every worker loads its kernels before the clock
        dask_t, remote = timed(lambda: ww.tournament(players, executor=client, **kw))
    same = np.array_equal(local.counts, remote.counts)
    turns = local.total_turns
    print(f"a tournament of {n:,} strategies ({turns / 1e9:.2f} G turns): local, 2 threads "
          f"{local_t:.2f} s; in blocks on a 2-worker LocalCluster {dask_t:.2f} s "
          f"({local_t / dask_t:.2f}x of local); identical counts: {same}")


def _warm(players: list[str]) -> None:
    ww.tournament(players, turns=20, repetitions=2, noise=0.01, seed=1, progress=False)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--quick", action="store_true", help="smaller sizes")
    q = ap.parse_args().quick
    per_cell_overhead(500 if q else 3000)
    workers_scaling(12 if q else 40)
    many_small(10_000 if q else 100_000, 2)
    big_tournament(600 if q else 1500)


if __name__ == "__main__":
    main()
