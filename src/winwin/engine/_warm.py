"""Which path plays a piece of work when the backend is ``auto``, and whether the kernels are warm.

Both paths give bit-identical results, so the choice is only about time. In a fresh process the
compiled path first pays for importing numba and loading its kernels from the disk cache (about a
second) or, on a cold cache, for compiling them (most of a minute); the Python path pays about
20 µs a turn. Small work therefore runs on the Python path until the kernels are loaded, and
on a cold cache anything that the Python path finishes in a few seconds does too, while a face
(the CLI) may compile the kernels in a background process for next time.

Nothing here imports numba unless the answer depends on the state of its cache.
"""

from __future__ import annotations

import hashlib
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

#: Turns a second on the Python path, conservatively (measured: 50,000-100,000 on one core).
PYTHON_RATE = 40_000.0
#: Seconds to import numba and load a kernel from the disk cache, conservatively.
LOAD_SECONDS = 1.0
#: Work that the Python path finishes within this many seconds runs there while the kernels are
#: not compiled; larger work compiles them first (with a notice).
COLD_PYTHON_SECONDS = 10.0

#: The compiled functions behind each kind of work.
KERNELS = {
    "memory-one": "play_tournament_memory_one",
    "automaton": "play_tournament_automaton",
    "general": "play_tournament",
    "record": "record_tournament",
}

#: ``NOTICE(event, seconds)`` is called when a choice depends on a cold cache: ``"python"`` (this
#: work takes the Python path, about ``seconds`` long, because the kernels are not compiled) or
#: ``"compile"`` (the kernels are compiled now, about ``seconds`` long). A face sets it; the
#: library itself stays silent.
NOTICE: Callable[[str, float], None] | None = None

#: About how long compiling the tournament kernels takes on a cold cache, in seconds.
COMPILE_SECONDS = 45.0

_SOURCES = ("_kernels.py", "_evolution.py", "_markov.py", "_rng/compiled.py")


def before(*dispatchers: Any) -> None:
    """Call before the first use of compiled functions that have no Python twin (Moran steps,
    lattices, exact Markov payoffs): a notice when they must be compiled now."""
    for d in dispatchers:
        if not d.overloads and not _index(d):
            _notify("compile", 20.0)
            return


def _index(dispatcher: Any) -> bool:
    try:
        return bool(dispatcher._cache._cache_file._load_index())
    except Exception:  # a cache numba cannot read counts as cold
        return False


def loaded(kernels: Sequence[str]) -> bool:
    """Whether these kernels are already compiled or loaded in this process."""
    module = sys.modules.get("winwin.engine._kernels")
    if module is None:
        return False
    return all(getattr(module, KERNELS[k]).overloads for k in kernels)


def cached(kernels: Sequence[str]) -> bool:
    """Whether numba's disk cache holds fresh compiled code for these kernels."""
    from winwin.engine import _kernels

    return all(_index(getattr(_kernels, KERNELS[k])) for k in kernels)


def cache_dir() -> Path:
    """Where numba keeps the compiled kernels (``NUMBA_CACHE_DIR`` or beside the sources), or,
    when that is not writable (a read-only install), winwin's own folder in the user's cache,
    where the warmup's marker and lock then live."""
    custom = os.environ.get("NUMBA_CACHE_DIR")
    here = Path(custom) if custom else Path(__file__).parent / "__pycache__"
    if custom or os.access(here if here.exists() else here.parent, os.W_OK):
        return here
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "winwin"


def _fingerprint() -> str:
    h = hashlib.sha1(f"{sys.version_info[:2]}".encode())
    for name in _SOURCES:
        h.update((Path(__file__).parent / name).read_bytes())
    return h.hexdigest()[:16]


def marker() -> Path:
    """A file that ``winwin warmup`` writes once every kernel of these sources is compiled."""
    return cache_dir() / f"winwin-warm-{_fingerprint()}"


def mark_warm() -> None:
    path = marker()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("compiled by winwin warmup\n")
    except OSError:  # nowhere to write: later runs only check again
        pass


def warm() -> bool:
    """Whether ``winwin warmup`` has compiled these sources' kernels (a cheap check)."""
    return marker().exists()


def choose(seconds: float, kernels: Sequence[str]) -> str:
    """``"numpy"`` (the Python path, automata in numpy lanes) or ``"compiled"`` for work that the Python path plays in about ``seconds``
    and the compiled path with ``kernels`` (when the line-up can run compiled at all)."""
    if loaded(kernels):
        return "compiled"
    if seconds <= LOAD_SECONDS:
        return "numpy"
    if cached(kernels):
        return "compiled"
    if seconds <= COLD_PYTHON_SECONDS:
        _notify("python", seconds)
        return "numpy"
    _notify("compile", COMPILE_SECONDS)
    return "compiled"


def _notify(event: str, seconds: float) -> None:
    if NOTICE is not None:
        NOTICE(event, seconds)
