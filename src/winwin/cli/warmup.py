"""``winwin warmup``: compile every kernel now, so later runs load them from the disk cache."""

from __future__ import annotations

import argparse
import time
from typing import Any


def add_commands(sub: Any) -> None:
    w = sub.add_parser("warmup", help="compile the engine's kernels now (cached on disk)",
                       description="Compile every kernel ahead of time; later runs load them "
                       "from numba's disk cache.")
    w.set_defaults(func=_warmup)


def _warmup(args: argparse.Namespace) -> str:
    import winwin as ww

    start = time.perf_counter()
    ww.match("tit-for-tat", "gradual", turns=3, seed=0)
    ww.tournament(["tit-for-tat", "gradual"], turns=3, repetitions=1, seed=0, progress=False)
    ww.tournament(["tit-for-tat", "defector"], turns=3, repetitions=1, seed=0, progress=False)
    ww.tournament(["tit-for-tat", "defector"], prob_end=0.5, repetitions=1, seed=0,
                  progress=False)
    ww.tournament(["tit-for-tat", "detective"], turns=3, repetitions=1, seed=0, progress=False)
    ww.tournament(["tit-for-tat", "defector"], turns=3, exact=True)
    elapsed = time.perf_counter() - start
    from numba.core import config

    where = getattr(config, "CACHE_DIR", "") or "next to the winwin sources (__pycache__)"
    return f"kernels ready in {elapsed:.1f} s; numba cache: {where}\n"
