"""User strategies, three ways:

1. a Python file with :class:`Strategy` subclasses (``load("mine.py")``, ``--load mine.py``);
2. an installed package exposing them through the ``winwin.strategies`` entry-point group
   (loaded the first time the registry is used);
3. a declarative TOML file of table strategies (``load("mine.toml")``): memory-one vectors,
   lookup tables and finite-state machines. This format runs no code and has bounded sizes, so
   it is safe to read from untrusted input (the web app will accept it).

TOML layout::

    [[strategy]]
    slug = "cautious-gtft"          # kebab-case, required
    name = "Cautious GTFT"          # optional display name
    rule = "Forgives one defection in five."
    kind = "memory-one"             # memory-one | lookup-table | finite-state-machine
    p = [1, 0.2, 1, 0.2]            # the kind's parameters, as in the slug syntax
    first = 1
"""

from __future__ import annotations

import importlib.util
import re
import sys
import tomllib
from dataclasses import replace
from pathlib import Path
from typing import Any

from winwin._errors import ParameterError, WinwinError
from winwin.strategies._base import Strategy
from winwin.strategies._resolve import load_entry_points, registry

__all__ = ["load", "load_entry_points", "parse_toml"]

MAX_TOML_BYTES = 256 * 1024
MAX_TOML_STRATEGIES = 200
_SLUG = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*")
_TEXT_FIELDS = {"slug", "name", "rule", "citation", "kind", "aliases"}


def _kinds() -> dict[str, type[Strategy]]:
    from winwin.strategies.lookup import LookupTable
    from winwin.strategies.machines import FiniteStateMachine
    from winwin.strategies.memory_one import MemoryOne

    return {"memory-one": MemoryOne, "lookup-table": LookupTable,
            "finite-state-machine": FiniteStateMachine}


def load(path: str | Path) -> list[type[Strategy]]:
    """Load strategies from a ``.py`` or ``.toml`` file; returns the classes it defined."""
    p = Path(path)
    if not p.is_file():
        raise ParameterError("load", str(path), "an existing .py or .toml file")
    if p.suffix == ".toml":
        data = p.read_bytes()
        if len(data) > MAX_TOML_BYTES:
            raise ParameterError("load", str(path), f"a TOML file of at most "
                                 f"{MAX_TOML_BYTES // 1024} KiB")
        return parse_toml(data.decode("utf-8", errors="replace"), source=str(p))
    if p.suffix == ".py":
        return _load_python(p)
    raise ParameterError("load", str(path), "a .py or .toml file")


def _load_python(p: Path) -> list[type[Strategy]]:
    before = set(registry().slugs())
    name = f"winwin_user_{re.sub(r'[^0-9A-Za-z_]', '_', p.stem)}"
    spec = importlib.util.spec_from_file_location(name, p)
    if spec is None or spec.loader is None:  # pragma: no cover - .py files always have one
        raise ParameterError("load", str(p), "a Python file")
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    try:
        spec.loader.exec_module(module)
    except Exception as exc:  # a user file may fail in any way: say where, in one line
        sys.modules.pop(name, None)
        where = ""
        if isinstance(exc, SyntaxError):
            where = f" (line {exc.lineno})"
        raise WinwinError(f"--load {str(p)!r}: {type(exc).__name__}{where}: {exc}") from exc
    new = [registry().lookup(s) for s in sorted(set(registry().slugs()) - before)]
    mine = [v for v in vars(module).values()
            if isinstance(v, type) and issubclass(v, Strategy) and v.__module__ == name]
    if not new and not any(v.slug for v in mine):
        unnamed = [v.__name__ for v in mine]
        if unnamed:
            raise WinwinError(f"--load {str(p)!r}: {', '.join(unnamed)[:60]} has no slug, so "
                              "nothing was loaded: add slug = \"my-strategy\" (kebab-case)")
        raise WinwinError(f"--load {str(p)!r}: defines no winwin.Strategy subclass with a slug")
    return new


def parse_toml(text: str, *, source: str = "<toml>", register: bool = True
               ) -> list[type[Strategy]]:
    """Strategies from TOML text (see the module text). Nothing in it is executed."""
    try:
        doc = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ParameterError("load", source, f"valid TOML ({exc})") from None
    entries = doc.get("strategy")
    extra = set(doc) - {"strategy"}
    if extra or not isinstance(entries, list) or not entries:
        raise ParameterError("load", source, "one or more [[strategy]] tables and nothing else")
    if len(entries) > MAX_TOML_STRATEGIES:
        raise ParameterError("load", source, f"at most {MAX_TOML_STRATEGIES} strategies")
    out = []
    for k, entry in enumerate(entries):
        out.append(_declared(entry, f"{source}: strategy {k + 1}", register))
    return out


def _declared(entry: Any, where: str, register: bool) -> type[Strategy]:
    if not isinstance(entry, dict):
        raise ParameterError(where, entry, "a table of fields")
    slug = entry.get("slug")
    if not isinstance(slug, str) or not _SLUG.fullmatch(slug) or len(slug) > 60:
        raise ParameterError(f"{where}.slug", slug, "a kebab-case name such as 'my-strategy' "
                             "(at most 60 characters)")
    where = f"{where} ({slug})"
    kinds = _kinds()
    kind = entry.get("kind")
    if kind not in kinds:
        raise ParameterError(f"{where}.kind", kind, ", ".join(kinds))
    base = kinds[kind]
    allowed = {p.name for p in base.params}
    unknown = set(entry) - allowed - _TEXT_FIELDS
    if unknown:
        raise ParameterError(f"{where}", sorted(unknown)[0], f"fields {', '.join(sorted(allowed | _TEXT_FIELDS))}")
    for text_field in ("name", "rule", "citation"):
        value = entry.get(text_field, "")
        if not isinstance(value, str) or len(value) > 2000:
            raise ParameterError(f"{where}.{text_field}", value, "text of at most 2000 characters")
    aliases = entry.get("aliases", [])
    if not isinstance(aliases, list) or len(aliases) > 10 or not all(
            isinstance(a, str) and _SLUG.fullmatch(a) for a in aliases):
        raise ParameterError(f"{where}.aliases", aliases, "a list of up to 10 kebab-case names")
    values = {k: v for k, v in entry.items() if k in allowed}
    # validate now, with the kind's own checks, so errors name this entry
    try:
        base(**values)
    except ParameterError as exc:
        raise ParameterError(f"{where}.{exc.field.split('.')[-1]}", exc.value, exc.allowed) \
            from None
    params = tuple(replace(p, default=_tupled(values[p.name])) if p.name in values else p
                   for p in base.params)
    namespace = {"slug": slug, "name": entry.get("name") or slug.replace("-", " ").title(),
                 "rule": entry.get("rule") or base.rule, "citation": entry.get("citation", ""),
                 "aliases": tuple(aliases), "params": params, "__module__": "winwin_user"}
    return type(f"User_{slug.replace('-', '_')}", (base,), namespace,  # type: ignore[return-value]
                register=register)


def _tupled(value: Any) -> Any:
    if isinstance(value, list):
        return tuple(_tupled(v) for v in value)
    return value
