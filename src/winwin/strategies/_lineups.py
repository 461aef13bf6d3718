"""Named line-ups and trait filters, usable wherever a list of strategies is.

``lineup("classic")``, ``lineup("first-tournament")`` (with its 1980 settings),
``lineup("evolution-of-trust")`` (trust payoffs, 10 rounds, no self-play), ``"memory-one"``,
``"zero-determinant"``, ``"all"``, and filters by trait: ``"nice"``, ``"deterministic"``,
``"stochastic"``, ``"forgiving"``, ``"retaliating"``, ``"memory-depth<=N"``. Terms joined by
commas intersect: ``lineup("all,nice,memory-depth<=1")``.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any, overload

from winwin._errors import ParameterError
from winwin.game import parse_game
from winwin.spec import Call, Filter, parse_lineup

__all__ = ["LINEUPS", "Lineup", "lineup"]


@dataclass(frozen=True)
class Lineup(Sequence[str]):
    """A named list of strategy specs, with the tournament settings it was defined with."""

    name: str
    players: tuple[str, ...]
    settings: dict[str, Any] = field(default_factory=dict)
    description: str = ""

    @overload
    def __getitem__(self, i: int) -> str: ...

    @overload
    def __getitem__(self, i: slice) -> Sequence[str]: ...

    def __getitem__(self, i: int | slice) -> str | Sequence[str]:
        return self.players[i]

    def __len__(self) -> int:
        return len(self.players)

    def __iter__(self) -> Iterator[str]:
        return iter(self.players)


def _first_tournament() -> tuple[str, ...]:
    from winwin.strategies.first_tournament import FIRST_TOURNAMENT

    return FIRST_TOURNAMENT


def _classic() -> tuple[str, ...]:
    from winwin.strategies import DEFAULT_LINEUP

    return tuple(DEFAULT_LINEUP)


LINEUPS: dict[str, tuple[Any, dict[str, Any], str]] = {
    "classic": (_classic, {}, "the well-known characters of the iterated Prisoner's Dilemma "
                "(the default line-up)"),
    "first-tournament": (_first_tournament,
                         {"turns": 200, "repetitions": 5, "game": "pd", "self_play": True},
                         "Axelrod's first tournament (1980): 14 entries and RANDOM, 200 turns, "
                         "5 repetitions, 3/0/5/1, self-play"),
    "evolution-of-trust": (lambda: ("copycat", "always-cheat", "always-cooperate", "grudger",
                                    "detective", "copykitten", "simpleton", "random"),
                           {"turns": 10, "game": "trust", "self_play": False},
                           "the characters of 'The Evolution of Trust' with its payoffs, 10 "
                           "rounds and no self-play"),
    "zero-determinant": (lambda: ("extort-2", "zd-gtft-2", "equalizer", "zd-extortion",
                                  "zd-generous", "zd-equalizer"), {},
                         "zero-determinant strategies: extortionate, generous, equalizers"),
}

_DEPTH_TESTS = {"<=": lambda d, n: d <= n, "<": lambda d, n: d < n,
                "==": lambda d, n: d == n, "=": lambda d, n: d == n}
TRAIT_FILTERS = ("nice", "deterministic", "stochastic", "forgiving", "retaliating",
                 "memory-depth<=N")


def _every() -> list[Any]:
    from winwin.strategies import registry

    out = []
    for cls in registry().builtins():
        try:
            out.append(cls())
        except Exception:  # pragma: no cover - every built-in has defaults
            continue
    return out


def _term(term: Call | Filter, current: list[Any] | None) -> list[Any]:
    from winwin.strategies import get_strategy

    t = str(term).strip().lower()
    pool = current if current is not None else None
    if t in LINEUPS:
        make, _, _ = LINEUPS[t]
        named = [get_strategy(s) for s in make()]
        if pool is None:
            return named
        keep = {s.spec for s in named}
        return [s for s in pool if s.spec in keep]
    if t == "all":
        return pool if pool is not None else _every()
    if t == "memory-one":
        g = parse_game("pd")
        base = pool if pool is not None else _every()
        return [s for s in base if s.memory_one(g) is not None]
    base = pool if pool is not None else _every()
    if t in ("nice", "forgiving", "retaliating"):
        return [s for s in base if getattr(s.traits, t) is True]
    if t == "deterministic":
        return [s for s in base if not s.traits.stochastic]
    if t == "stochastic":
        return [s for s in base if s.traits.stochastic]
    if isinstance(term, Filter) and term.trait == "memory-depth" and term.op in _DEPTH_TESTS:
        n = term.value
        test = _DEPTH_TESTS[term.op]
        return [s for s in base if test(s.traits.memory_depth, n)]
    raise ParameterError("lineup", str(term), f"a line-up ({', '.join([*LINEUPS, 'memory-one', 'all'])})"
                         f" or a trait filter ({', '.join(TRAIT_FILTERS)}), joined by commas")


def lineup(expression: str) -> Lineup:
    """The line-up an expression names, e.g. ``"first-tournament"`` or ``"all,nice"``."""
    terms = parse_lineup(expression)
    chosen: list[Any] | None = None
    settings: dict[str, Any] = {}
    descriptions = []
    for term in terms:
        chosen = _term(term, chosen)
        key = str(term).strip().lower()
        if key in LINEUPS:
            settings.update(LINEUPS[key][1])
            descriptions.append(LINEUPS[key][2])
    if not chosen:
        raise ParameterError("lineup", expression, "a line-up with at least one strategy")
    return Lineup(expression, tuple(s.spec for s in chosen), settings, "; ".join(descriptions))
