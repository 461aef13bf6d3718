"""The core engine's figures: import time, one-match speed, tournament turns/s per core.

Run: .venv/bin/python benchmarks/core.py [--json PATH]
Prints a table; every case runs winwin's real code on this machine. Warm numbers: each kernel
is compiled (or loaded from the disk cache) before it is timed.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time

import numpy as np


def best(fn, repeat: int = 5) -> float:
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return min(times)


def import_time() -> float:
    code = "import time; t = time.perf_counter(); import winwin; print(time.perf_counter() - t)"
    return min(float(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                                    check=True).stdout) for _ in range(7))


def cli_time() -> float:
    exe = [sys.executable, "-m", "winwin", "tournament", "--seed", "1", "--quiet"]
    subprocess.run(exe, capture_output=True, check=True)
    return best(lambda: subprocess.run(exe, capture_output=True, check=True), 3)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--json", help="also write the results here")
    args = ap.parse_args()
    import winwin as ww
    from winwin.cli.warmup import _steps

    for _, step in _steps():  # every kernel loaded: `auto` takes the compiled path below
        step()
    rows: list[tuple[str, float, str]] = []
    rows.append(("import winwin", import_time(), "s"))
    rows.append(("warm `winwin tournament` (default line-up), end to end", cli_time(), "s"))

    n = 10_000_000
    ww.match("tit-for-tat", "random", turns=10, seed=1)
    t = best(lambda: ww.match("tit-for-tat", "random", turns=n, seed=1), 3)
    rows.append(("one match, tit-for-tat vs random, 10 M turns", n / t / 1e6, "M turns/s"))
    t = best(lambda: ww.match("gradual", "random", turns=n, noise=0.05, seed=1), 3)
    rows.append(("one match, gradual vs random, noise 0.05", n / t / 1e6, "M turns/s"))

    rng = np.random.default_rng(0)
    line_up = [ww.get_strategy("memory-one(p=[{},{},{},{}],first={})".format(*np.round(v, 4)))
               for v in rng.random((200, 5))]
    kw = dict(turns=200, repetitions=10, seed=1, progress=False)
    r = ww.tournament(line_up[:3], turns=5, repetitions=1, seed=1)
    for threads in (1, 2):
        t = best(lambda th=threads: ww.tournament(line_up, threads=th, **kw), 3)
        turns = 200 * 10 * (200 * 201 // 2)
        rows.append((f"memory-one tournament, 200 strategies x 200 turns x 10 reps, {threads} "
                     "thread(s)", turns / t / 1e6 / threads, "M turns/s per core"))
    t = best(lambda: ww.tournament(line_up, threads=2, noise=0.05, **kw), 3)
    rows.append(("  the same with noise 0.05, 2 threads", turns / t / 1e6 / 2, "M turns/s per core"))

    rules = list(ww.DEFAULT_LINEUP) * 5  # 70 players, rules and memory-one mixed
    ww.tournament(rules[:4], turns=5, repetitions=1, seed=1)
    for threads in (1, 2):
        t = best(lambda th=threads: ww.tournament(rules, threads=th, **kw), 3)
        turns = 200 * 10 * (70 * 71 // 2)
        rows.append((f"mixed rule/table tournament, 70 players, {threads} thread(s)",
                     turns / t / 1e6 / threads, "M turns/s per core"))
    del r

    width = max(len(r[0]) for r in rows)
    for name, value, unit in rows:
        print(f"{name:<{width}}  {value:>10.3f}  {unit}")
    if args.json:
        with open(args.json, "w") as fh:
            json.dump([{"case": a, "value": b, "unit": c} for a, b, c in rows], fh, indent=2)


if __name__ == "__main__":
    main()
