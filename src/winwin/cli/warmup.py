"""``winwin warmup``: compile every kernel now, so later runs load them from the disk cache.

Other commands start it in the background (``--background``) on a cold cache, so that the
first run answers at once on the Python path and the next ones find the kernels compiled. One
warmup at a time holds a lock beside numba's cache; a second one waits for it (or, in the
background, leaves the work to it).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from collections.abc import Callable
from typing import IO, Any


def add_commands(sub: Any) -> None:
    w = sub.add_parser("warmup", help="compile the engine's kernels now (cached on disk)",
                       description="Compile every kernel ahead of time (about a minute, once); "
                       "later runs load them from numba's disk cache in a fraction of a second. "
                       "Progress goes to stderr.")
    w.add_argument("--quiet", action="store_true", help="no progress lines")
    w.add_argument("--background", action="store_true", help=argparse.SUPPRESS)
    w.set_defaults(func=_warmup)


def _steps() -> list[tuple[str, Callable[[], object]]]:
    import winwin as ww
    from winwin import evolution as ev

    pair = ["tit-for-tat", "defector"]
    return [
        ("memory-one tournaments", lambda: (
            ww.tournament(pair, turns=3, repetitions=1, seed=0, backend="compiled"),
            ww.tournament(pair, prob_end=0.5, repetitions=1, seed=0, backend="compiled"))),
        ("finite automata", lambda: ww.tournament(["tit-for-tat", "detective"], turns=3,
                                                  repetitions=1, seed=0, backend="compiled")),
        ("rule strategies", lambda: (
            ww.tournament(["tit-for-tat", "gradual"], turns=3, repetitions=1, seed=0,
                          backend="compiled"),
            ww.match("tit-for-tat", "gradual", turns=3, seed=0, backend="compiled"))),
        ("histories", lambda: ww.tournament(pair, turns=3, repetitions=1, seed=0,
                                            histories=True, backend="compiled")),
        ("exact payoffs", lambda: ww.tournament(pair, turns=3, exact=True)),
        ("Moran processes", lambda: (
            ev.moran(pair, 4, generations=2, seed=0, turns=3, repetitions=1),
            ev.moran(pair, 4, generations=2, seed=0, turns=3, repetitions=1, graph="cycle"),
            ev.fixation(pair, 4, runs=2, seed=0, turns=3, repetitions=1))),
        ("lattices", lambda: (
            ev.nowak_may(5, generations=1, seed=0),
            ev.nowak_may(5, generations=1, seed=0, update="asynchronous"))),
    ]


def _warmup(args: argparse.Namespace) -> str | None:
    from winwin.engine import _warm

    say = None if args.quiet or args.background else sys.stderr
    lock = _take_lock(wait=not args.background, say=say)
    if lock is None:
        return None  # another warmup is compiling; the background one leaves it the work
    try:
        start = time.perf_counter()
        steps = _steps()
        for k, (label, run) in enumerate(steps, 1):
            t = time.perf_counter()
            _say(say, f"[{k}/{len(steps)}] {label} ...")
            run()
            _say(say, f" {time.perf_counter() - t:.1f} s\n")
        _warm.mark_warm()
    finally:
        lock.close()
    if args.background:
        return None
    elapsed = time.perf_counter() - start
    return f"kernels ready in {elapsed:.1f} s; numba cache: {_warm.cache_dir()}\n"


def _say(stream: IO[str] | None, text: str) -> None:
    if stream is not None:
        stream.write(text)
        stream.flush()


def _take_lock(wait: bool, say: IO[str] | None) -> IO[str] | None:
    """The warmup lock (its file names the holder's pid), or None when another process holds
    it and ``wait`` is false."""
    import fcntl

    from winwin.engine import _warm

    path = _warm.cache_dir() / "winwin-warmup.lock"
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        f = open(path, "a+")  # noqa: SIM115 - held until the warmup ends
    except OSError:
        return open(os.devnull, "w")  # noqa: SIM115 - nowhere to lock: compile anyway
    try:
        fcntl.flock(f, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        if not wait:
            f.close()
            return None
        f.seek(0)
        holder = f.read().strip() or "?"
        _say(say, f"another warmup (pid {holder}) is compiling the kernels; waiting for it\n")
        fcntl.flock(f, fcntl.LOCK_EX)
    f.seek(0)
    f.truncate()
    f.write(str(os.getpid()))
    f.flush()
    return f


#: Commands that play games and so would use compiled kernels.
ENGINE_COMMANDS = {"tournament", "match", "fingerprint", "report", "moran", "fixation",
                   "stationary", "replicator", "ecological", "evolve", "spatial", "play",
                   "sweep", "chain", "gradient", "nplayer", "wright-fisher", "estimate"}


def start_in_background() -> bool:
    """Start ``winwin warmup --background`` in its own session when the kernels of these
    sources have not been compiled yet; True if one was started."""
    from winwin.engine import _warm

    if _warm.warm():
        return False
    if _warmup_running():
        return False
    try:
        subprocess.Popen([sys.executable, "-m", "winwin", "warmup", "--background"],
                         stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                         stderr=subprocess.DEVNULL, start_new_session=True)
    except OSError:
        return False
    return True


def cold_start_notes() -> bool:
    """Whether this run may start a background warmup and say so (``WINWIN_NO_WARMUP=1``: no)."""
    return os.environ.get("WINWIN_NO_WARMUP", "") not in ("1", "true", "yes")


def notice(event: str, seconds: float, _said: set[str] = set()) -> None:  # noqa: B006
    """What the engine's cold-start choices mean for the person waiting (once per process)."""
    if event in _said:
        return
    _said.add(event)
    if event == "python":
        text = (f"the compiled engine is not ready yet: this run takes the Python path "
                f"(about {max(1, round(seconds))} s, same results)")
    else:
        text = ("compiling the engine's kernels for this work (first run only, about a "
                "minute; `winwin warmup` does it ahead of time)")
    print(f"winwin: {text}", file=sys.stderr, flush=True)


def _warmup_running() -> bool:
    import fcntl

    from winwin.engine import _warm

    try:
        with open(_warm.cache_dir() / "winwin-warmup.lock") as f:
            try:
                fcntl.flock(f, fcntl.LOCK_SH | fcntl.LOCK_NB)
            except OSError:
                return True
    except OSError:
        return False
    return False
