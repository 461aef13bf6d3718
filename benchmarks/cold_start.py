"""The first run on an empty compile cache, and a warm one: README's main job end to end.

    python benchmarks/cold_start.py [--skip-foreground]

Each run is a fresh ``winwin tournament`` process with its own ``NUMBA_CACHE_DIR``:

1. cold: an empty cache (the first run after install); winwin answers on the Python path and
   starts compiling in the background;
2. warm: after that background warmup has finished, three runs, best and median;
3. for comparison, a cold run forced onto the compiled path (``--backend compiled``), which
   compiles in the foreground: what the first run cost before.

Targets (issue 14): cold under 3 s, warm under 1 s.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def run(env: dict[str, str], *args: str) -> tuple[float, str]:
    start = time.perf_counter()
    out = subprocess.run([sys.executable, "-m", "winwin", "tournament", *args],
                         capture_output=True, text=True, env=env, check=True)
    return time.perf_counter() - start, out.stderr


def main() -> None:
    base = {k: v for k, v in os.environ.items() if k != "WINWIN_NO_WARMUP"}
    with tempfile.TemporaryDirectory() as d:
        env = {**base, "NUMBA_CACHE_DIR": str(Path(d) / "cache")}
        cold, err = run(env)
        print(f"cold first run (empty cache): {cold:.2f} s")
        for line in err.splitlines():
            print(f"   stderr: {line}")
        t = time.perf_counter()
        while not list((Path(d) / "cache").glob("winwin-warm-*")):
            time.sleep(0.5)
        print(f"background warmup finished {time.perf_counter() - t + cold:.0f} s after the "
              "first run started")
        warm = [run(env)[0] for _ in range(3)]
        print(f"warm runs: best {min(warm):.2f} s, median {statistics.median(warm):.2f} s")
    if "--skip-foreground" not in sys.argv:
        with tempfile.TemporaryDirectory() as d:
            env = {**base, "NUMBA_CACHE_DIR": str(Path(d) / "cache"), "WINWIN_NO_WARMUP": "1"}
            forced, _ = run(env, "--backend", "compiled")
            print(f"cold run compiling in the foreground (--backend compiled): {forced:.1f} s; "
                  f"the first run is now {forced / cold:.0f}x quicker")


if __name__ == "__main__":
    main()
