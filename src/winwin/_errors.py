"""Errors raised at the edge of winwin, and the small validators that raise them.

Every message names the field, the value given and what is allowed, so that the CLI can print it
as one line and exit with code 2.
"""

from __future__ import annotations

import math
import numbers
from typing import Any


class WinwinError(ValueError):
    """Base class for bad input to winwin (a ``ValueError``)."""


class ParameterError(WinwinError):
    """A parameter is missing, of the wrong type or out of its allowed range."""

    def __init__(self, field: str, value: Any, allowed: str) -> None:
        self.field = field
        self.value = value
        self.allowed = allowed
        super().__init__(f"{field}={value!r} is not allowed: {allowed}")


class UnknownStrategyError(WinwinError):
    """A strategy name that the registry does not know."""

    def __init__(self, name: str, suggestions: list[str]) -> None:
        self.name = name
        self.suggestions = suggestions
        hint = f"; did you mean {', '.join(suggestions)}?" if suggestions else ""
        super().__init__(f"unknown strategy {name!r}{hint} (see `winwin strategies`)")


class StrategyRuntimeError(WinwinError):
    """A strategy failed while playing (raised, or returned something that is not a move)."""

    def __init__(self, strategy: str, turn: int, problem: str) -> None:
        self.strategy = strategy
        self.turn = turn
        super().__init__(f"strategy {strategy!r} failed on turn {turn + 1}: {problem}")


class TooLargeError(WinwinError):
    """A request whose memory or size estimate is beyond what winwin will attempt."""


def check_int(field: str, value: Any, *, low: int | None = None, high: int | None = None) -> int:
    """Return ``value`` as an int, or raise ``ParameterError`` naming ``field`` and the range."""
    allowed = _range_text("an integer", low, high)
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        else:
            raise ParameterError(field, value, allowed)
    value = int(value)
    if (low is not None and value < low) or (high is not None and value > high):
        raise ParameterError(field, value, allowed)
    return value


def check_float(
    field: str,
    value: Any,
    *,
    low: float | None = None,
    high: float | None = None,
    low_open: bool = False,
    high_open: bool = False,
) -> float:
    """Return ``value`` as a finite float within the bounds, or raise ``ParameterError``."""
    lo = "" if low is None else f"{_fmt(low)} {'<' if low_open else '<='} "
    hi = "" if high is None else f" {'<' if high_open else '<='} {_fmt(high)}"
    allowed = f"a number with {lo}{field}{hi}" if (lo or hi) else "a finite number"
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise ParameterError(field, value, allowed)
    x = float(value)
    if not math.isfinite(x):
        raise ParameterError(field, value, allowed)
    if low is not None and (x < low or (low_open and x == low)):
        raise ParameterError(field, value, allowed)
    if high is not None and (x > high or (high_open and x == high)):
        raise ParameterError(field, value, allowed)
    return x


def check_probability(field: str, value: Any) -> float:
    """A probability in [0, 1]."""
    return check_float(field, value, low=0.0, high=1.0)


def _fmt(x: float) -> str:
    return f"{x:g}"


def _range_text(kind: str, low: int | None, high: int | None) -> str:
    if low is not None and high is not None:
        return f"{kind} from {low} to {high}"
    if low is not None:
        return f"{kind} >= {low}"
    if high is not None:
        return f"{kind} <= {high}"
    return kind
