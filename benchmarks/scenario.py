"""How long a brief takes: the analysis of each shipped example (every number, exact), its
text and HTML rendering, and the whole command in a fresh process.

    python benchmarks/scenario.py
"""

from __future__ import annotations

import subprocess
import sys
import time

import winwin.scenario as sc
from winwin.brief import Brief
from winwin.scenario import _analysis as A


def best(fn, runs: int = 3) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    sc.analyse(sc.example("supplier"))  # warm: imports, numba caches
    print(f"{'example':16} {'analysis':>9} {'of which':>9} {'text':>7} {'html':>7}")
    print(f"{'':16} {'':>9} {'sensit.':>9}")
    for name in sc.examples():
        answers = sc.example(name)
        t_all = best(lambda a=answers: sc.analyse(a))
        an = sc.analyse(answers)
        t_sens = best(lambda: A.sensitivity(answers, an.game, an.horizon_gain, an.crossovers))
        brief = Brief(an)
        t_text = best(lambda: Brief(an).text())
        t_html = best(brief.html, runs=1)
        print(f"{name:16} {t_all:8.3f}s {t_sens:8.3f}s {t_text:6.3f}s {t_html:6.2f}s")
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "winwin", "scenario", "--example", "supplier"],
                   check=True, capture_output=True)
    print(f"winwin scenario --example supplier, a fresh process: "
          f"{time.perf_counter() - start:.2f} s")


if __name__ == "__main__":
    main()
