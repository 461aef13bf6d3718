"""The registry of strategy classes: by slug and by alias, filled where each strategy is defined
(``Strategy.__init_subclass__``). It knows nothing of the model or the library, so every module
can register into it without an import cycle."""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING

from winwin._errors import UnknownStrategyError, WinwinError

if TYPE_CHECKING:  # pragma: no cover
    from winwin.strategies._base import Strategy

__all__ = ["REGISTRY", "Registry"]


class Registry:
    """Strategy classes by slug and alias; filled where each strategy is defined."""

    def __init__(self) -> None:
        self._by_slug: dict[str, type[Strategy]] = {}
        self._alias: dict[str, str] = {}
        #: Parsed strategies by spec string (cleared whenever the registry changes).
        self.prototypes: dict[str, Strategy] = {}
        #: Turns a spec into a strategy; set by :mod:`winwin.strategies._resolve`, so that the
        #: model can take strategy parameters by name without importing the resolver.
        self.resolve: Callable[[str], Strategy] | None = None

    def add(self, cls: type[Strategy]) -> None:
        if not re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", cls.slug):
            raise WinwinError(f"strategy slug {cls.slug!r} is not kebab-case")
        for key in (cls.slug, *cls.aliases):
            owner = self._alias.get(key)
            if owner is not None and owner != cls.slug:
                raise WinwinError(f"strategy name {key!r} is taken by {owner!r}")
        old = self._by_slug.get(cls.slug)
        if old is not None and old.__module__.startswith("winwin.") and \
                (old.__module__, old.__qualname__) != (cls.__module__, cls.__qualname__):
            raise WinwinError(f"strategy slug {cls.slug!r} belongs to a built-in strategy; "
                              "give yours another slug")
        self._by_slug[cls.slug] = cls
        self._alias[cls.slug] = cls.slug
        self.prototypes.clear()
        for alias in cls.aliases:
            self._alias[alias] = cls.slug

    def __iter__(self) -> Iterator[type[Strategy]]:
        return iter(sorted(self._by_slug.values(), key=lambda c: c.slug))

    def __len__(self) -> int:
        return len(self._by_slug)

    def __contains__(self, name: object) -> bool:
        return isinstance(name, str) and name.lower() in self._alias

    def slugs(self) -> list[str]:
        return sorted(self._by_slug)

    def builtins(self) -> list[type[Strategy]]:
        """The strategies that ship with winwin (not user-defined ones)."""
        return [c for c in self if c.__module__.startswith("winwin.")]

    def lookup(self, name: str) -> type[Strategy]:
        key = name.strip().lower().replace("_", "-").replace(" ", "-")
        slug = self._alias.get(key)
        if slug is None:
            choices = list(self._alias)
            close = difflib.get_close_matches(key, choices, n=3, cutoff=0.5)
            close += [c for c in choices if key and (key in c) and c not in close][: 3 - len(close)]
            suggestions = list(dict.fromkeys(self._alias[c] for c in close))
            raise UnknownStrategyError(name, suggestions)
        return self._by_slug[slug]


REGISTRY = Registry()
