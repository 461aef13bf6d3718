"""From a spec to a strategy: ``"generous-tit-for-tat(q=0.1)"`` → a configured instance.

Specs are read by the one spec language (:mod:`winwin.spec`); names are looked up in the
registry (which loads the built-in library and installed plug-ins on first use).
"""

from __future__ import annotations

import importlib
from typing import Any

from winwin._errors import ParameterError
from winwin.spec import Call, parse
from winwin.strategies._base import Strategy
from winwin.strategies._registry import REGISTRY, Registry

__all__ = ["ENTRY_POINT_GROUP", "LIBRARY", "get_strategy", "load_entry_points", "registry"]

MAX_SPEC_LENGTH = 4000
#: The modules of the built-in library, one per family; defining a class registers it.
LIBRARY = (
    "winwin.strategies.memory_one",
    "winwin.strategies.zero_determinant",
    "winwin.strategies.lookup",
    "winwin.strategies.machines",
    "winwin.strategies.windows",
    "winwin.strategies.rules",
    "winwin.strategies.first_tournament",
    "winwin.strategies.trained",
    "winwin.strategies.transformers",
)
ENTRY_POINT_GROUP = "winwin.strategies"
_LIBRARY_LOADED = False
_PLUGINS_LOADED = False


def registry() -> Registry:
    """The registry of built-in and loaded strategies."""
    _ensure_library()
    return REGISTRY


def _ensure_library() -> None:
    global _PLUGINS_LOADED, _LIBRARY_LOADED
    if _LIBRARY_LOADED:
        return
    _LIBRARY_LOADED = True
    for name in LIBRARY:
        importlib.import_module(name)
    if not _PLUGINS_LOADED:
        _PLUGINS_LOADED = True
        load_entry_points()


def get_strategy(spec: str | Strategy) -> Strategy:
    """A strategy from a slug, an alias or a slug with parameters, e.g. ``"random(p=0.3)"``.

    A :class:`Strategy` instance is returned as a fresh clone.
    """
    if isinstance(spec, Strategy):
        return spec.clone()
    if not isinstance(spec, str):
        raise ParameterError("strategy", spec, "a strategy name such as 'tit-for-tat' or a "
                             "Strategy object")
    cached = REGISTRY.prototypes.get(spec)
    if cached is not None:
        return cached.clone()
    if len(spec) > MAX_SPEC_LENGTH:
        raise ParameterError("strategy", spec[:40] + "...", f"at most {MAX_SPEC_LENGTH} characters")
    made = from_call(parse(spec, "strategy"), spec)
    if len(REGISTRY.prototypes) < 4096:
        REGISTRY.prototypes[spec] = made.clone()
    return made


def from_call(call: Call, spec: str) -> Strategy:
    """The strategy a parsed spec names (a transformer takes the strategy it wraps first)."""
    from winwin.strategies.transformers import TRANSFORMERS

    head = call.name.strip().lower()
    if head in TRANSFORMERS:
        cls = TRANSFORMERS[head]
        if not call.args or call.args[0][0] is not None:
            raise ParameterError(cls.slug, spec, f"{cls.slug}(STRATEGY, ...), e.g. "
                                 f"'{cls.slug}(tit-for-tat)'")
        inner = _inner(call.args[0][1], spec)
        rest = _arguments(cls.slug, [p for p in cls.params if p.name != "inner"],
                          call.args[1:], spec)
        return cls(inner=inner, **rest)
    found = registry().lookup(call.name)
    return found(**_arguments(found.slug, list(found.params), call.args, spec))


def _inner(value: Any, spec: str) -> Strategy:
    if isinstance(value, Call):
        return from_call(value, spec)
    if isinstance(value, str):
        return get_strategy(value)
    raise ParameterError("strategy", spec, "a strategy to transform, e.g. 'dual(tit-for-tat)'")


def _arguments(slug: str, params: list[Any], args: Any, spec: str) -> dict[str, Any]:
    names = [p.name for p in params]
    positional = [v for k, v in args if k is None]
    if len(positional) > len(names):
        raise ParameterError(slug, spec, f"{slug} takes {len(names)} parameter(s): "
                             f"{', '.join(names) or 'none'}")
    kwargs: dict[str, Any] = {}
    k = 0
    for key, value in args:
        if key is None:
            key = names[k]
            k += 1
        if _has_call(value):
            raise ParameterError(f"{slug}.{key}", str(value), "a number (fractions such as "
                                 "2/3 allowed), a list of numbers or a word")
        kwargs[key] = value
    return kwargs


def _has_call(value: Any) -> bool:
    if isinstance(value, Call):
        return True
    return isinstance(value, list) and any(_has_call(v) for v in value)


def load_entry_points() -> list[str]:
    """Import every ``winwin.strategies`` entry point once; returns their names."""
    from importlib.metadata import entry_points

    names = []
    for ep in entry_points(group=ENTRY_POINT_GROUP):
        try:
            ep.load()
        except Exception as exc:  # a broken plug-in: name it, keep the rest working
            import warnings

            warnings.warn(f"winwin: strategies from entry point {ep.name!r} ({ep.value}) could "
                          f"not be loaded: {type(exc).__name__}: {exc}", stacklevel=2)
            continue
        names.append(ep.name)
    return names


REGISTRY.resolve = get_strategy
