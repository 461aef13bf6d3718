"""How long a brief takes: the analysis of each shipped example (every number, exact), its
text and HTML rendering, and the whole command in a fresh process.

    python benchmarks/scenario.py
"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from core import best  # noqa: E402  (the benchmarks' one timer: best of a few runs)

import winwin.scenario as sc  # noqa: E402
from winwin.brief import Brief  # noqa: E402
from winwin.scenario import _analysis as A  # noqa: E402


def main() -> None:
    sc.analyse(sc.example("supplier"))  # warm: imports, numba caches
    print(f"{'example':16} {'analysis':>9} {'of which':>9} {'text':>7} {'html':>7}")
    print(f"{'':16} {'':>9} {'sensit.':>9}")
    for name in sc.examples():
        answers = sc.example(name)
        t_all = best(lambda a=answers: sc.analyse(a), 3)
        an = sc.analyse(answers)
        t_sens = best(lambda a=answers, x=an: A.sensitivity(a, x.game, x.horizon_gain,
                                                            x.crossovers), 3)
        brief = Brief(an)
        t_text = best(lambda x=an: Brief(x).text(), 3)
        t_html = best(brief.html, 1)
        print(f"{name:16} {t_all:8.3f}s {t_sens:8.3f}s {t_text:6.3f}s {t_html:6.2f}s")
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "winwin", "scenario", "--example", "supplier"],
                   check=True, capture_output=True)
    print(f"winwin scenario --example supplier, a fresh process: "
          f"{time.perf_counter() - start:.2f} s")


if __name__ == "__main__":
    main()
