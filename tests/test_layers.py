"""The layers hold: every import points down the one-way order, no module imports a face, and
the import graph has no cycle. Read from the sources with ``ast`` (imports inside functions
count too), so the test fails on the first upward import anyone writes."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src" / "winwin"

#: The one-way order, lowest first: a module may import its own layer and the ones before it.
LAYERS: list[tuple[str, tuple[str, ...]]] = [
    ("base", ("winwin._errors", "winwin._version", "winwin._progress", "winwin._system",
              "winwin._budget",
              "winwin.outcomes", "winwin.spec")),
    ("game", ("winwin.game",)),
    ("strategies", ("winwin.strategies",)),
    ("engine", ("winwin.engine",)),
    ("analysis", ("winwin.analysis",)),
    ("results", ("winwin._keep", "winwin.results")),
    ("tournament", ("winwin.tournament", "winwin.live")),
    ("evolution", ("winwin.evolution", "winwin.fingerprint")),
    ("scenario", ("winwin.scenario",)),
    ("words and pictures", ("winwin.text", "winwin.plots", "winwin.report", "winwin.brief")),
    ("faces", ("winwin.cli", "winwin.web", "winwin.distributed", "winwin.__main__")),
    ("package", ("winwin",)),
]
FACES = ("winwin.cli", "winwin.web", "winwin.distributed")

#: The one kind of upward import allowed: inside a method, from a result object to the module
#: that draws or words it (``result.plot_ranking()``, ``result.summary()``,
#: ``result._repr_html_()`` in a notebook). Never at import time, never into a face.
CONVENIENCE = {
    "winwin.results": {"winwin.plots", "winwin.text"},
    "winwin.evolution._payoffs": {"winwin.plots"},
    "winwin.evolution.exact": {"winwin.plots"},
    "winwin.evolution.spatial": {"winwin.plots"},
    "winwin.evolution.chain": {"winwin.plots"},
    "winwin.evolution.gradient": {"winwin.plots"},
    "winwin.fingerprint": {"winwin.plots"},
    "winwin.scenario": {"winwin.brief"},  # ww.scenario(answers) returns the brief in words
}


def module_name(path: Path) -> str:
    parts = list(path.relative_to(SRC.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def layer_of(module: str) -> int:
    best, found = -1, -1
    for k, (_, prefixes) in enumerate(LAYERS):
        for p in prefixes:
            if (module == p or module.startswith(p + ".")) and len(p) > best:
                best, found = len(p), k
    assert found >= 0, f"{module} has no layer: add it to LAYERS"
    return found


def imports(path: Path, source: str | None = None, me: str | None = None
            ) -> list[tuple[str, int, str]]:
    """(imported winwin module, line, when) for every import in a file; ``when`` is "import"
    (at import time), "call" (inside a function) or "typing" (under ``TYPE_CHECKING``)."""
    tree = ast.parse(path.read_text() if source is None else source)
    me = module_name(path) if me is None else me
    package = me if path.name == "__init__.py" else me.rpartition(".")[0]
    when: dict[int, str] = {}
    for node in tree.body:
        typing = isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test)
        for n in ast.walk(node):
            when[id(n)] = "typing" if typing else "import"
        if not typing:
            for n in ast.walk(node):
                if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
                    for m in ast.walk(n):
                        when[id(m)] = "call"
    out = []
    for node in ast.walk(tree):
        kind = when.get(id(node), "call")
        if isinstance(node, ast.Import):
            out += [(a.name, node.lineno, kind) for a in node.names
                    if a.name.startswith("winwin")]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = package.split(".")
                base = ".".join(parts[: len(parts) - node.level + 1] + ([base] if base else []))
            if not base.startswith("winwin"):
                continue
            for a in node.names:  # `from winwin import plots` imports the module winwin.plots
                sub = f"{base}.{a.name}"
                is_module = ((SRC.parent / sub.replace(".", "/")).is_dir()
                             or (SRC.parent / (sub.replace(".", "/") + ".py")).exists())
                out.append((sub if is_module else base, node.lineno, kind))
    return out


def violations(me: str, found: list[tuple[str, int, str]]) -> list[str]:
    """The imports of module ``me`` that point up the layers (or into a face)."""
    bad = []
    mine = layer_of(me)
    for target, line, when in found:
        if when == "typing":
            continue
        if target == "winwin":  # `import winwin as ww`: the public facade
            if me != "winwin" and not me.startswith(FACES + WORDS):
                bad.append(f"{me}:{line} uses the package facade (only faces and words may)")
            continue
        facade_call = me == "winwin" and when == "call"  # ww.sweep(): a face loaded on use
        if target.startswith(FACES) and not me.startswith(FACES) and me != "winwin.__main__" \
                and not facade_call:
            bad.append(f"{me}:{line} imports the face {target}")
            continue
        theirs = layer_of(target)
        if theirs <= mine:
            continue
        allowed = CONVENIENCE.get(me, set())
        if when == "call" and any(target == a or target.startswith(a + ".") for a in allowed):
            continue
        bad.append(f"{me}:{line} imports {target} ({LAYERS[theirs][0]}) from the lower layer "
                   f"{LAYERS[mine][0]}")
    return bad


WORDS = ("winwin.text", "winwin.plots", "winwin.report")
FILES = sorted(SRC.rglob("*.py"))


def test_every_module_has_a_layer() -> None:
    for f in FILES:
        layer_of(module_name(f))


@pytest.mark.parametrize("path", FILES, ids=lambda p: module_name(p))
def test_imports_point_down(path: Path) -> None:
    assert violations(module_name(path), imports(path)) == []


def test_no_import_cycles() -> None:
    """Modules as nodes, every import (also inside functions) as an edge, package
    ``__init__`` re-exports left out: the graph is acyclic."""
    graph: dict[str, set[str]] = {}
    names = {module_name(f) for f in FILES}
    for f in FILES:
        me = module_name(f)
        if f.name == "__init__.py":
            continue  # a package's __init__ gathers its modules; it is no module of logic
        edges = set()
        for target, _, when in imports(f):
            if when == "typing":
                continue
            while target not in names and "." in target:
                target = target.rpartition(".")[0]
            if target != me and target in names:
                edges.add(target)
        graph[me] = edges
    inits = {module_name(f) for f in FILES if f.name == "__init__.py"}
    state: dict[str, int] = {}
    path: list[str] = []

    def visit(n: str) -> None:
        state[n] = 1
        path.append(n)
        for m in graph.get(n, ()):
            if m in inits:
                continue
            if state.get(m) == 1:
                raise AssertionError("import cycle: " + " -> ".join(path[path.index(m):] + [m]))
            if m not in state:
                visit(m)
        path.pop()
        state[n] = 2

    for n in sorted(graph):
        if n not in state:
            visit(n)


@pytest.mark.parametrize("me,source,needle", [
    ("winwin.game", "from winwin.engine import _kernels", "from the lower layer game"),
    ("winwin.game", "def f():\n    from winwin import tournament", "from the lower layer"),
    ("winwin.results", "from winwin import plots", "from the lower layer results"),
    ("winwin.tournament", "def f():\n    from winwin.cli import main", "the face"),
    ("winwin.engine", "import winwin", "facade"),
])
def test_the_checker_catches_upward_imports(me: str, source: str, needle: str) -> None:
    found = violations(me, imports(SRC / "game.py", source, me))
    assert found and needle in found[0], found


def test_the_checker_allows_what_it_should() -> None:
    ok = "def plot(self):\n    from winwin import plots\n"
    assert violations("winwin.results", imports(SRC / "results.py", ok, "winwin.results")) == []
    typing = "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from winwin.cli import x\n"
    assert violations("winwin.game", imports(SRC / "game.py", typing, "winwin.game")) == []


def test_every_library_strategy_is_in_its_module_all() -> None:
    """Each family module names its public strategies in ``__all__`` (the old library computed
    it before its last classes were defined, and missed them)."""
    import importlib

    from winwin.strategies import registry

    for cls in registry().builtins():
        module = importlib.import_module(cls.__module__)
        if cls.__name__.startswith("_") or cls.__module__.endswith("trained"):
            continue  # trained strategies are data rows made by a factory
        assert cls.__name__ in getattr(module, "__all__", ()), (cls.__module__, cls.__name__)
