"""Facts about the machine that several layers need (free memory)."""

from __future__ import annotations

import os


def available_memory() -> int:
    """Bytes of physical memory free now (8 GiB where the system does not say)."""
    try:
        return int(os.sysconf("SC_AVPHYS_PAGES") * os.sysconf("SC_PAGE_SIZE"))
    except (ValueError, OSError, AttributeError):  # pragma: no cover - not on Linux
        return 8 * 2**30
