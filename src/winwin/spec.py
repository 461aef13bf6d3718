"""The one little spec language every face shares: the CLI, config files and web requests.

- strategies: ``tit-for-tat``, ``generous-tit-for-tat(q=0.1)``, ``random(0.3)``,
  ``noisy(grudger, e=0.1)``, ``memory-one(p=[1, 0, 1, 0.5], first=1)``, ``cycler(pattern=CDD)``;
- games: ``pd``, ``pd(T=6)``, ``donation(b=4, c=1)``, ``3,0,5,1`` or ``3,0,5,1/2,0,3,1``;
- line-ups: ``classic,nice,memory-depth<=1`` (names and trait filters joined by commas);
- populations: ``tft=10 alld=5`` (counts) or ``tft=0.1 alld=0.9`` (shares);
- graphs: ``complete``, ``cycle``, ``star``, ``grid:10x10``, ``regular:4``.

One grammar, one parser and one error style: a :class:`~winwin.ParameterError` that names the
spec, the position and what was expected. Values are numbers (fractions such as ``2/3`` and
simple sums and products allowed), words, quoted strings, lists and nested calls; nothing is
looked up or executed.

>>> parse("noisy(grudger, e=1/10)")
Call(name='noisy', args=((None, 'grudger'), ('e', 0.1)))
>>> parse("dual(gtft(q=0.1))").args[0][1]
Call(name='gtft', args=(('q', 0.1),))
>>> str(parse(" gtft ( q = 0.1 ) "))
'gtft(q=0.1)'
>>> parse_population("tft=10 alld=5")
(['tft', 'alld'], [10, 5])
>>> parse_graph("grid:4x5")
Graph(kind='grid', args=(4, 5))
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from winwin._errors import ParameterError

__all__ = ["Call", "Filter", "Graph", "format_value", "parse", "parse_game", "parse_graph",
           "parse_lineup", "parse_population", "split_top"]

MAX_LENGTH = 4000
MAX_DEPTH = 32
MAX_LIST = 10_000
#: A name: letters, digits, ``-``, ``_``, ``.`` and inner spaces, starting with a letter or digit.
NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_\-. ]*")
_BARE = re.compile(r"[A-Za-z0-9][A-Za-z0-9_\-.]*")
_NUMBER = re.compile(r"[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?")
_ARITH = re.compile(r"[\d.eE+\-*/ ]+")
_KEYWORD = re.compile(r"([A-Za-z_][A-Za-z0-9_]*)\s*=(?!=)")


@dataclass(frozen=True)
class Call:
    """``name(arg, ..., key=value, ...)``; ``args`` holds ``(key or None, value)`` in order."""

    name: str
    args: tuple[tuple[str | None, Any], ...] = ()

    @property
    def positional(self) -> list[Any]:
        return [v for k, v in self.args if k is None]

    @property
    def keywords(self) -> dict[str, Any]:
        return {k: v for k, v in self.args if k is not None}

    def __str__(self) -> str:
        if not self.args:
            return self.name
        inner = ",".join(format_value(v) if k is None else f"{k}={format_value(v)}"
                         for k, v in self.args)
        return f"{self.name}({inner})"


def format_value(value: Any) -> str:
    """A value as the spec language writes it (and :func:`parse` reads back)."""
    if isinstance(value, Call):
        return str(value) if value.args else f"{value.name}()"
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if value.is_integer() and abs(value) < 1e15:
            return f"{value:.1f}"
        return repr(value)
    if isinstance(value, str):
        if _BARE.fullmatch(value) and _arithmetic(value) is None:
            return value
        quote = "'" if "'" not in value else '"'
        if quote in value:
            raise ParameterError("spec", value, "text without both kinds of quotes")
        return f"{quote}{value}{quote}"
    if isinstance(value, (list, tuple)):
        return "[" + ",".join(format_value(v) for v in value) + "]"
    raise ParameterError("spec", value, "a number, a word, a list or a call")


class _Reader:
    """A recursive-descent reader over one spec string."""

    def __init__(self, text: str, field: str, expected: str) -> None:
        self.text = text
        self.at = 0
        self.field = field
        self.expected = expected

    def fail(self, what: str) -> ParameterError:
        where = (f"at position {self.at + 1} ({self.text[self.at:self.at + 12]!r})"
                 if self.at < len(self.text) else "at the end")
        return ParameterError(self.field, self.text, f"{what} {where}; expected "
                              f"{self.expected}")

    def skip(self) -> None:
        while self.at < len(self.text) and self.text[self.at].isspace():
            self.at += 1

    def peek(self) -> str:
        self.skip()
        return self.text[self.at] if self.at < len(self.text) else ""

    def take(self, ch: str) -> None:
        if self.peek() != ch:
            raise self.fail(f"'{ch}' missing")
        self.at += 1

    def call(self, depth: int = 0) -> Call:
        if depth > MAX_DEPTH:
            raise self.fail("nested too deeply")
        self.skip()
        m = NAME.match(self.text, self.at)
        if not m:
            raise self.fail("a name missing")
        name = m.group(0).rstrip()
        self.at += len(name)
        args: list[tuple[str | None, Any]] = []
        if self.peek() == "(":
            self.at += 1
            if self.peek() != ")":
                while True:
                    args.append(self.argument(depth + 1))
                    if self.peek() == ",":
                        self.at += 1
                        continue
                    break
            self.take(")")
        return Call(name, tuple(args))

    def argument(self, depth: int) -> tuple[str | None, Any]:
        self.skip()
        m = _KEYWORD.match(self.text, self.at)
        if m:
            self.at = m.end()
            return m.group(1), self.value(depth)
        return None, self.value(depth)

    def value(self, depth: int) -> Any:
        if depth > MAX_DEPTH:
            raise self.fail("nested too deeply")
        ch = self.peek()
        if ch == "[":
            self.at += 1
            items: list[Any] = []
            if self.peek() != "]":
                while True:
                    items.append(self.value(depth + 1))
                    if len(items) > MAX_LIST:
                        raise self.fail("a list too long")
                    if self.peek() == ",":
                        self.at += 1
                        continue
                    break
            self.take("]")
            return items
        if ch in ("'", '"'):
            end = self.text.find(ch, self.at + 1)
            if end < 0:
                raise self.fail("an unclosed quote")
            s = self.text[self.at + 1:end]
            self.at = end + 1
            return s
        m = _ARITH.match(self.text, self.at)
        if m and m.group(0).strip() and (ch.isdigit() or ch in "+-."):
            raw = m.group(0).rstrip()
            follows = self.text[self.at + len(raw):self.at + len(raw) + 1]
            if not (follows and (follows.isalnum() or follows in "_(")):
                number = _arithmetic(raw)
                if number is not None:
                    self.at += len(raw)
                    return number
        if not ch or not (ch.isalnum()):
            raise self.fail("a value missing")
        c = self.call(depth)
        if not c.args and self.text[self.at - 1:self.at] != ")":
            return c.name  # a bare word such as pattern=CCD (``name()`` is a call)
        return c


def _arithmetic(text: str) -> int | float | None:
    """Numbers joined by + - * / (left to right, * and / first); ``None`` if it is not one."""
    tokens = re.findall(r"\d+\.?\d*(?:[eE][+-]?\d+)?|\.\d+(?:[eE][+-]?\d+)?|[+\-*/]|\S", text)
    if not tokens:
        return None
    pos = 0

    def atom() -> float | int | None:
        nonlocal pos
        sign = 1
        while pos < len(tokens) and tokens[pos] in "+-":
            sign = -sign if tokens[pos] == "-" else sign
            pos += 1
        if pos >= len(tokens) or not _NUMBER.fullmatch(tokens[pos]):
            return None
        t = tokens[pos]
        pos += 1
        v: int | float = int(t) if t.isdigit() else float(t)
        return sign * v

    def term() -> float | int | None:
        nonlocal pos
        v = atom()
        while v is not None and pos < len(tokens) and tokens[pos] in "*/":
            op = tokens[pos]
            pos += 1
            w = atom()
            if w is None:
                return None
            if op == "*":
                v = v * w
            elif w == 0:
                return None
            else:
                v = v / w
        return v

    v = term()
    while v is not None and pos < len(tokens) and tokens[pos] in "+-":
        op = tokens[pos]
        pos += 1
        w = term()
        if w is None:
            return None
        v = v + w if op == "+" else v - w
    if v is None or pos != len(tokens):
        return None
    if isinstance(v, float) and not math.isfinite(v):
        return None
    return v


def _checked(text: Any, field: str, expected: str) -> str:
    if not isinstance(text, str) or not text.strip():
        raise ParameterError(field, text, expected)
    if len(text) > MAX_LENGTH:
        raise ParameterError(field, text[:40] + "...", f"at most {MAX_LENGTH} characters")
    return text


def parse(text: str, field: str = "strategy",
          expected: str = "a name with optional parameters, e.g. "
                          "'generous-tit-for-tat(q=0.1)'") -> Call:
    """One ``name(args)`` spec."""
    text = _checked(text, field, expected)
    r = _Reader(text, field, expected)
    c = r.call()
    if r.peek():
        raise r.fail("unexpected text")
    return c


GAME_EXPECTED = "a preset such as pd or donation(b=4,c=1), or numbers R,S,T,P[/R,S,T,P]"


def parse_game(text: str) -> Call | tuple[tuple[float, ...], ...]:
    """A game spec: a preset call, or one or two vectors of four numbers (R, S, T, P)."""
    text = _checked(text, "game", GAME_EXPECTED)
    stripped = text.strip()
    if not (stripped[0].isdigit() or stripped[0] in "-+."):
        c = parse(text, "game", GAME_EXPECTED)
        for k, v in c.args:
            if k is None:
                raise ParameterError(f"game {c.name}", format_value(v),
                                     "parameters as name=number")
            if not isinstance(v, (int, float)) or isinstance(v, bool):
                raise ParameterError(f"game {c.name}.{k}", format_value(v), "a number")
        return c
    halves = stripped.split("/")
    if len(halves) > 2:
        raise ParameterError("game", text, GAME_EXPECTED)
    vectors = []
    for half in halves:
        parts = [p.strip() for p in half.split(",")]
        if len(parts) != 4:
            raise ParameterError("game", text, "four numbers R,S,T,P"
                                 + (" on each side of '/'" if len(halves) == 2 else ""))
        try:
            vals = tuple(float(p) for p in parts)
        except ValueError:
            raise ParameterError("game", text, "numbers R,S,T,P such as 3,0,5,1") from None
        if not all(math.isfinite(v) for v in vals):
            raise ParameterError("game", text, "finite numbers R,S,T,P")
        vectors.append(vals)
    return tuple(vectors)


@dataclass(frozen=True)
class Filter:
    """A trait filter in a line-up expression, e.g. ``memory-depth<=1``."""

    trait: str
    op: str
    value: int

    def __str__(self) -> str:
        return f"{self.trait}{self.op}{self.value}"


_FILTER = re.compile(r"^\s*([a-z][a-z\-]*)\s*(<=|<|==|=|>=|>)\s*(\d+)\s*$")


def _split(text: str, at_space: bool) -> list[str]:
    """``text`` cut at commas (and, with ``at_space``, at white space) outside brackets and
    quotes; empty parts dropped."""
    parts: list[str] = []
    cur: list[str] = []
    depth, quote = 0, ""
    for ch in text:
        if quote:
            quote = "" if ch == quote else quote
        elif ch in "'\"":
            quote = ch
        elif ch in "([":
            depth += 1
        elif ch in ")]":
            depth -= 1
        elif depth == 0 and (ch == "," or (at_space and ch.isspace())):
            parts.append("".join(cur))
            cur = []
            continue
        cur.append(ch)
    parts.append("".join(cur))
    return [p.strip() for p in parts if p.strip()]


def split_top(text: str) -> list[str]:
    """``text`` split at the commas outside brackets and quotes (empty parts dropped)."""
    return _split(text, at_space=False)


def parse_lineup(text: str) -> list[Call | Filter]:
    """A line-up expression: names (line-ups, traits, strategies) and filters, by commas."""
    expected = "a line-up name or filter"
    text = _checked(text, "lineup", expected)
    out: list[Call | Filter] = []
    for term in split_top(text):
        m = _FILTER.match(term.lower())
        if m:
            out.append(Filter(m.group(1), m.group(2), int(m.group(3))))
        else:
            out.append(parse(term, "lineup", "line-up names and trait filters such as "
                             "'all,nice,memory-depth<=1'"))
    if not out:
        raise ParameterError("lineup", text, expected)
    return out


def parse_population(items: str | Sequence[str], number: type = int, field: str = "strategies"
                     ) -> tuple[list[str], list[Any] | None]:
    """``NAME=NUMBER`` items (one string with spaces between them, or a list): the names, and
    the numbers (``None`` when no item has one). Either every item has a number or none does."""
    if isinstance(items, str):
        items = _split(items, at_space=True)  # tft=10 alld=5, or with commas
    if not isinstance(items, Sequence) or not items:
        raise ParameterError(field, items, "strategies, e.g. tit-for-tat=5 defector=5")
    names: list[str] = []
    values: list[Any] = []
    what = "count" if number is int else "share"
    for item in items:
        if not isinstance(item, str):
            raise ParameterError(field, item, "NAME or NAME=NUMBER")
        m = re.fullmatch(r"(.+?)=([^=()]+)", item.strip())
        if m:
            name, val = m.group(1).strip(), m.group(2).strip()
            try:
                v = number(val)
            except ValueError:
                raise ParameterError(field, item, f"NAME=NUMBER with a {what}, e.g. "
                                     "tit-for-tat=5") from None
            if isinstance(v, float) and not math.isfinite(v):
                raise ParameterError(field, item, f"a finite {what}")
            parse(name, field)  # the name must itself be a spec
            names.append(name)
            values.append(v)
        else:
            parse(item, field)
            names.append(item.strip())
            values.append(None)
    if all(v is None for v in values):
        return names, None
    if any(v is None for v in values):
        raise ParameterError(field, " ".join(items), "a number for every strategy or for none")
    return names, values


@dataclass(frozen=True)
class Graph:
    """A population structure: ``complete``, ``cycle``, ``star``, ``grid`` (rows, cols) or
    ``regular`` (degree)."""

    kind: str
    args: tuple[int, ...] = ()

    def __str__(self) -> str:
        if self.kind == "grid":
            return f"grid:{self.args[0]}x{self.args[1]}"
        if self.kind == "regular":
            return f"regular:{self.args[0]}"
        return self.kind


GRAPH_EXPECTED = "complete, cycle, star, grid:RxC or regular:DEGREE"


def parse_graph(text: str) -> Graph:
    text = _checked(text, "graph", GRAPH_EXPECTED)
    kind, colon, arg = text.strip().partition(":")
    kind = kind.strip().lower()
    if kind in ("complete", "cycle", "star") and not colon:
        return Graph(kind)
    if kind == "grid":
        m = re.fullmatch(r"\s*(\d{1,6})\s*[xX]\s*(\d{1,6})\s*", arg)
        if not m:
            raise ParameterError("graph", text, "grid:ROWSxCOLS")
        return Graph("grid", (int(m.group(1)), int(m.group(2))))
    if kind == "regular":
        m = re.fullmatch(r"\s*(\d{1,6})\s*", arg)
        if not m:
            raise ParameterError("graph", text, "regular:DEGREE")
        return Graph("regular", (int(m.group(1)),))
    raise ParameterError("graph", text, GRAPH_EXPECTED)
