"""``winwin sweep CONFIG.toml``: a parameter sweep into a directory of Parquet parts."""

from __future__ import annotations

import argparse
from typing import Any

from winwin.cli import _options as opt
from winwin.cli._emit import note


def add_commands(sub: Any) -> None:
    s = sub.add_parser("sweep", help="a parameter sweep (grid, random or Latin hypercube), "
                       "resumable, on local processes or Dask",
                       description="Run every cell of the design in CONFIG.toml and write one "
                       "Parquet row per cell under --output. Run the same command again to "
                       "finish an interrupted sweep: cells on disk are skipped.")
    s.add_argument("config", metavar="CONFIG.toml", help="the design: experiment, parameter "
                   "grid, output directory (see examples/noise-prob-end.toml)")
    s.add_argument("--output", "-o", default=None,
                   help="the sweep directory (default: CONFIG without .toml)")
    s.add_argument("--executor", default=None, help="serial, processes (default) or dask")
    s.add_argument("--dask", metavar="local[:N]", help="run on a LocalCluster of N workers")
    s.add_argument("--scheduler", metavar="tcp://HOST:PORT", help="run on an existing Dask "
                   "cluster (workers must reach --output)")
    s.add_argument("--workers", type=opt.to_int, help="local processes (default: all cores)")
    s.add_argument("--yes", action="store_true", help="allow more than the cell cap")
    s.add_argument("--quiet", "-q", action="store_true", help="no progress bar")
    s.set_defaults(func=_sweep, format="table")

    sp = sub.add_parser("sweep-plot", help="a heat map of a sweep's measure over two parameters",
                        description="Draw a measure (winner, winner_score, cooperation, "
                        "win_win, ...) of a finished or partial sweep over two of its swept "
                        "parameters: the mean over seeds, or the most frequent word.")
    sp.add_argument("path", metavar="SWEEP_DIR", help="a sweep's output directory")
    sp.add_argument("--x", required=True, help="the parameter across (e.g. noise)")
    sp.add_argument("--y", help="the parameter up (e.g. prob-end); without it, a line plot")
    sp.add_argument("--measure", default="winner", help="the column to draw (default winner); "
                    "with --report, several joined by commas")
    sp.add_argument("--plot", help="the picture to write (PNG or SVG)")
    sp.add_argument("--report", help="a self-contained HTML page with the pictures")
    sp.set_defaults(func=_sweep_plot, format="table")


def _sweep(args: argparse.Namespace) -> str:
    from winwin.distributed import sweep

    executor = args.executor or ("dask" if args.dask or args.scheduler else "processes")
    out = args.output or (args.config[:-5] if args.config.endswith(".toml") else
                          args.config + ".sweep")
    args.output = None  # the data goes to the directory; stdout gets the summary
    r = sweep(args.config, out, executor=executor, workers=args.workers,
              dask=args.scheduler or args.dask, progress=False if args.quiet else None,
              yes=args.yes)
    return (f"Sweep: {r.cells:,} cells in {r.path}: {r.computed:,} computed now, "
            f"{r.skipped:,} already on disk, {r.seconds:.1f} s\n")


def _sweep_plot(args: argparse.Namespace) -> None:
    from winwin import plots
    from winwin._errors import ParameterError
    from winwin.distributed import load_sweep

    if not args.plot and not args.report:
        raise ParameterError("plot", None, "a file for the picture (--plot) or the page "
                             "(--report)")
    frame = load_sweep(args.path)
    x = args.x.replace("-", "_")
    y = args.y.replace("-", "_") if args.y else None
    measures = [m.strip().replace("-", "_") for m in args.measure.split(",") if m.strip()]
    if args.plot:
        if y:
            plots.sweep_map(frame, x, y, measures[0], path=args.plot)
        else:
            plots.sweep_line(frame, x, measures[0], path=args.plot)
        note(f"wrote {args.plot} ({len(frame):,} cells)")
    if args.report:
        from pathlib import Path

        from winwin.report import sweep_html

        Path(args.report).write_text(sweep_html(frame, [a for a in (x, y) if a], measures),
                                     encoding="utf-8")
        note(f"wrote {args.report}")
