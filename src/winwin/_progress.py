"""A small progress bar on stderr for work longer than a couple of seconds."""

from __future__ import annotations

import sys
import time


class Progress:
    """Counts done units of ``total`` and draws a bar on stderr.

    ``enabled=None`` shows the bar only when stderr is a terminal and the work is expected to take
    more than two seconds at ``expected_rate`` units per second; ``False`` never shows it.
    """

    def __init__(self, total: int, *, label: str, enabled: bool | None = None,
                 expected_rate: float = 1e8) -> None:
        self.total = max(1, int(total))
        self.label = label
        if enabled is None:
            enabled = sys.stderr.isatty() and total / expected_rate > 2.0
        self.enabled = bool(enabled)
        self.done = 0
        self.start = time.perf_counter()
        self._last = 0.0

    def update(self, n: int) -> None:
        self.done += n
        if not self.enabled:
            return
        now = time.perf_counter()
        if now - self._last < 0.1 and self.done < self.total:
            return
        self._last = now
        frac = min(1.0, self.done / self.total)
        elapsed = now - self.start
        eta = elapsed * (1 - frac) / frac if frac > 0 else 0.0
        width = 30
        fill = int(frac * width)
        sys.stderr.write(f"\r{self.label} [{'#' * fill}{'.' * (width - fill)}] "
                         f"{100 * frac:5.1f}%  {elapsed:6.1f}s elapsed, {eta:6.1f}s left")
        sys.stderr.flush()

    def close(self) -> None:
        if self.enabled:
            sys.stderr.write("\n")
            sys.stderr.flush()
            self.enabled = False
