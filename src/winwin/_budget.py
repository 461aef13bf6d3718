"""What a piece of work will cost, estimated before it starts, and the limits it must keep.

Every entry point that can be asked for too much (tournaments, matches, evolution, fingerprints)
estimates its turns, memory and time once its inputs are checked and before any work, and calls
:func:`check`. Memory is always limited (half of what is free: more would end in a ``MemoryError``
or the kernel's out-of-memory killer). Time is limited only inside :func:`limit`, which the CLI
uses (``--yes`` lifts it); from Python, long runs are yours to ask for.
"""

from __future__ import annotations

import contextlib
import contextvars
from collections.abc import Iterator
from dataclasses import dataclass

from winwin._errors import TooLargeError
from winwin._system import available_memory

#: Share of the free memory that one piece of work may take.
MEMORY_SHARE = 0.5
#: Seconds a CLI command may be estimated to take before it asks for ``--yes``.
TIME_LIMIT = 600.0

#: Rough rates for the estimates (per core where work runs in parallel): turns a second.
RATES = {"memory-one": 5e8, "automaton": 2e8, "general": 5e7, "python": 4e4}

_LIMIT: contextvars.ContextVar[float | None] = contextvars.ContextVar("winwin_time_limit",
                                                                       default=None)


@dataclass(frozen=True)
class Cost:
    """An estimate: ``what`` (words for the message), seconds, bytes of memory."""

    what: str
    seconds: float
    memory: float = 0.0


@contextlib.contextmanager
def limit(seconds: float | None = TIME_LIMIT) -> Iterator[None]:
    """Refuse work estimated to take longer than ``seconds`` (``None``: no time limit)."""
    token = _LIMIT.set(seconds)
    try:
        yield
    finally:
        _LIMIT.reset(token)


def check(cost: Cost) -> Cost:
    """Raise :class:`TooLargeError` (with the estimate and the limit) if ``cost`` does not fit."""
    have = available_memory()
    if cost.memory > MEMORY_SHARE * have:
        raise TooLargeError(f"{cost.what} needs about {size(cost.memory)} of memory; "
                            f"{size(have)} is free and a run may take half")
    most = _LIMIT.get()
    if most is not None and cost.seconds > most:
        raise TooLargeError(f"{cost.what} would take about {duration(cost.seconds)} "
                            f"(estimate; limit {duration(most)}): ask for less or add --yes")
    return cost


def count(n: float) -> str:
    """A count for people: ``123,456``, ``3.2 million``, ``1.1 billion``, ``30 trillion``."""
    for word, scale in (("trillion", 1e12), ("billion", 1e9), ("million", 1e6)):
        if n >= scale:
            x = n / scale
            if x >= 1000:
                return f"{n:.1e}"
            return f"{x:.1f} {word}" if x < 100 else f"{x:,.0f} {word}"
    return f"{n:,.0f}"


def size(n: float) -> str:
    """Bytes for people: ``512 MiB``, ``37.3 GiB``, ``2.1 TiB``."""
    for unit, scale in (("TiB", 2**40), ("GiB", 2**30), ("MiB", 2**20)):
        if n >= scale:
            return f"{n / scale:,.1f} {unit}"
    return f"{max(n, 0) / 2**10:,.0f} KiB"


def duration(s: float) -> str:
    """Seconds for people: ``40 s``, ``12 min``, ``3.2 h``, ``45 days``, ``1.2e+06 years``."""
    if s < 90:
        return f"{s:.0f} s"
    if s < 5400:
        return f"{s / 60:.0f} min"
    if s < 2 * 86400:
        return f"{s / 3600:.1f} h"
    if s < 365 * 86400:
        return f"{s / 86400:.0f} days"
    years = s / (365.25 * 86400)
    return f"{years:,.0f} years" if years < 1e6 else f"{years:.1e} years"
