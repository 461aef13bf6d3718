"""Run a sweep: cells batched into tasks, executed in this process, in local processes or on
Dask, each task's rows written as one Parquet part (to a temporary name, then renamed, so a task
that runs twice writes the same file twice and no row twice). Rerunning skips the cells on disk.

>>> import tempfile
>>> out = tempfile.mkdtemp()
>>> design = {"experiment": "match", "fixed": {"player_1": "tft", "player_2": "alld",
...           "turns": 10}, "sweep": {"noise": [0.0, 0.1]}, "seeds": 2}
>>> sweep(design, out, executor="serial", progress=False).cells
4
>>> len(load_sweep(out))
4
"""

from __future__ import annotations

import hashlib
import json
import os
import time
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from winwin._errors import ParameterError
from winwin._progress import Progress
from winwin._version import __version__
from winwin.distributed.cells import run_cell, schema
from winwin.distributed.design import Cell, Design, load_design

__all__ = ["SweepSummary", "load_sweep", "sweep"]

EXECUTORS = ("serial", "processes", "dask")
#: A task is cut to about this much estimated work (the Dask advice: 1-10 s a task).
TASK_SECONDS = 2.0
_TURNS_PER_SECOND = 1e8  # a conservative rate of the compiled engine, for batching only


@dataclass(frozen=True)
class SweepSummary:
    path: Path
    cells: int  # cells in the design
    computed: int  # computed by this run
    skipped: int  # already on disk
    seconds: float


def _cost(cell: Cell) -> float:
    """Estimated seconds of one cell (only to batch cells into tasks of a few seconds)."""
    p = cell.params
    turns = float(p.get("turns") or (1.0 / p["prob_end"] if p.get("prob_end") else 200))
    if cell.experiment == "tournament":
        n = 15 if isinstance(p.get("players"), str) else len(p.get("players") or [0] * 15)
        # about a millisecond of Python around every tournament, whatever its size
        return turns * n * n / 2 * (p.get("repetitions") or 10) / _TURNS_PER_SECOND + 1.2e-3
    if cell.experiment == "match":
        return turns / _TURNS_PER_SECOND + 1e-4
    return 2e-3  # evolution cells: payoffs are exact or small


def batches(cells: list[Cell], seconds: float = TASK_SECONDS, most: int = 5000
            ) -> list[list[Cell]]:
    out: list[list[Cell]] = []
    cur: list[Cell] = []
    load = 0.0
    for c in cells:
        cur.append(c)
        load += _cost(c)
        if load >= seconds or len(cur) >= most:
            out.append(cur)
            cur, load = [], 0.0
    if cur:
        out.append(cur)
    return out


def task_key(batch: list[Cell]) -> str:
    """A task's name: a hash of its cells, so the same task always writes the same part."""
    return hashlib.sha256("".join(c.id for c in batch).encode()).hexdigest()[:20]


def run_batch(batch: list[Cell], path: str, threads: int | None = None) -> int:
    """Compute a batch and write its part; returns the rows written. Safe to run twice.

    ``threads=1`` in worker processes: each worker is one core's worth of work, and the
    compiled engine's own threads would only compete with the other workers."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    from winwin.engine import set_threads

    previous = set_threads(threads) if threads is not None else None
    try:
        rows = [run_cell(c) for c in batch]
    finally:
        if previous is not None:
            set_threads(previous)
    table = pa.Table.from_pylist(rows, schema=schema(batch[0].experiment))
    final = Path(path) / f"part-{task_key(batch)}.parquet"
    tmp = final.with_name(f".{final.name}.{uuid.uuid4().hex}.tmp")
    pq.write_table(table, tmp)
    os.replace(tmp, final)  # atomic on one file system: readers see the whole part or none
    return len(rows)


def _done(path: Path) -> set[str]:
    import pyarrow.parquet as pq

    ids: set[str] = set()
    for part in sorted(path.glob("part-*.parquet")):
        try:
            ids.update(pq.read_table(part, columns=["cell_id"]).column(0).to_pylist())
        except Exception:  # noqa: BLE001 - a part we cannot read is redone, not trusted
            part.unlink()  # (renamed parts are whole; this guards against a damaged disk)
    return ids


def _manifest(path: Path, design: Design, **extra: Any) -> None:
    file = path / "manifest.json"
    old = json.loads(file.read_text()) if file.exists() else {}
    if old and old.get("design") != design.to_dict():
        raise ParameterError("output", str(path), "an empty directory or one holding this same "
                             "design (it holds another sweep)")
    doc = {"design": design.to_dict(), "winwin": __version__, "cells": design.n_cells,
           "started": old.get("started", datetime.now(UTC).isoformat(timespec="seconds")),
           **{k: v for k, v in old.items() if k not in ("design", "winwin", "cells", "started")},
           **extra}
    tmp = file.with_name(f".manifest.{uuid.uuid4().hex}.tmp")
    tmp.write_text(json.dumps(doc, indent=2) + "\n")
    os.replace(tmp, file)


def sweep(design: str | Path | dict[str, Any] | Design, path: str | Path, *,
          executor: str = "processes", workers: int | None = None, dask: Any = None,
          progress: bool | None = None, yes: bool = False,
          task_seconds: float = TASK_SECONDS) -> SweepSummary:
    """Run (or finish) a sweep into the directory ``path``.

    ``executor``: ``"serial"`` (this process), ``"processes"`` (local processes; the default)
    or ``"dask"`` with ``dask`` a ``distributed.Client``, a scheduler address
    (``"tcp://host:8786"``) or ``"local"`` / ``"local:N"`` for a ``LocalCluster`` of N workers.
    """
    start = time.perf_counter()
    d = design if isinstance(design, Design) else load_design(design, yes=yes)
    if executor not in EXECUTORS:
        raise ParameterError("executor", executor, ", ".join(EXECUTORS))
    out = Path(path)
    if out.exists() and not out.is_dir():
        raise ParameterError("output", str(out), "a directory")
    out.mkdir(parents=True, exist_ok=True)
    for tmp in out.glob(".part-*.tmp"):  # left by a killed writer: never renamed, never read
        tmp.unlink()
    _manifest(out, d)
    cells = d.cells()
    done = _done(out)
    # batches over the whole design, so a rerun with the same settings forms the same tasks:
    # a task that a killed run's worker still finishes writes the very part this run writes
    work = [b for b in ([c for c in batch if c.id not in done]
                        for batch in batches(cells, task_seconds)) if b]
    todo = [c for b in work for c in b]
    bar = Progress(len(todo), label="cells", enabled=progress)
    try:
        for n in _execute(work, str(out), executor, workers, dask):
            bar.update(n)
    finally:
        bar.close()
    _manifest(out, d, finished=datetime.now(UTC).isoformat(timespec="seconds"))
    return SweepSummary(out, len(cells), len(todo), len(cells) - len(todo),
                        time.perf_counter() - start)


def _execute(work: list[list[Cell]], path: str, executor: str, workers: int | None,
             dask: Any) -> Iterable[int]:
    if not work:
        return
    if executor == "serial":
        for batch in work:
            yield run_batch(batch, path)
        return
    if executor == "processes":
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor, as_completed

        # spawn, not fork: the compiled engine's thread pool (OpenMP) cannot survive a fork
        ctx = multiprocessing.get_context("spawn")
        with ProcessPoolExecutor(max_workers=workers or os.cpu_count(), mp_context=ctx) as pool:
            futures = [pool.submit(run_batch, b, path, 1) for b in work]
            for f in as_completed(futures):
                yield f.result()
        return
    yield from _dask(work, path, workers, dask)


def _dask(work: list[list[Cell]], path: str, workers: int | None, target: Any
          ) -> Iterable[int]:
    try:
        from distributed import Client, LocalCluster, as_completed
    except ImportError:  # pragma: no cover - the dask extra
        raise ParameterError("executor", "dask", "dask installed: pip install 'winwin[dask]'") \
            from None
    own: list[Any] = []
    if target is None or (isinstance(target, str) and target.startswith("local")):
        n = workers
        if isinstance(target, str) and ":" in target:
            n = int(target.split(":", 1)[1])
        cluster = LocalCluster(n_workers=n or os.cpu_count(), threads_per_worker=1,
                               processes=True, dashboard_address=":0")
        client = Client(cluster)
        own += [client, cluster]
    elif isinstance(target, str):
        client = Client(target)
        own.append(client)
    else:
        client = target
    try:
        futures = [client.submit(run_batch, b, path, 1, key=f"winwin-sweep-{task_key(b)}",
                                 retries=3, pure=False) for b in work]
        for f in as_completed(futures):
            yield f.result()
    finally:
        for x in own:
            x.close()


def load_sweep(path: str | Path, columns: list[str] | None = None) -> Any:
    """A sweep's rows as a pandas frame (read with ``pyarrow.dataset``), one row per cell,
    in the order of the design."""
    import pyarrow.dataset as pds

    p = Path(path)
    if not (p / "manifest.json").is_file():
        raise ParameterError("path", str(p), "a sweep directory (with manifest.json)")
    parts = sorted(str(x) for x in p.glob("part-*.parquet"))
    d = json.loads((p / "manifest.json").read_text())["design"]
    design = Design(d["experiment"], d["fixed"], d["sweep"], d["seeds"], d["seed"], d["design"],
                    d["samples"])
    order = {c.id: k for k, c in enumerate(design.cells())}
    if not parts:
        return schema(design.experiment).empty_table().to_pandas()
    frame = pds.dataset(parts, format="parquet").to_table(columns=columns).to_pandas()
    if "cell_id" in frame:
        frame = frame.drop_duplicates("cell_id")  # a cell written twice is the same row twice
        frame = frame.iloc[frame["cell_id"].map(order).argsort(kind="stable")]
    return frame.reset_index(drop=True)
