"""The package surface: a light import, a curated __all__, the README's two commands."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import winwin as ww

ROOT = Path(__file__).resolve().parents[1]


def test_import_compiles_nothing_and_pulls_no_heavy_modules() -> None:
    code = ("import sys, winwin; heavy = [m for m in ('numba', 'pandas', 'llvmlite', 'scipy', "
            "'matplotlib') if m in sys.modules]; print(heavy)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout.strip()
    assert out == "[]"


def test_all_is_curated() -> None:
    assert sorted(ww.__all__) == sorted(set(ww.__all__))
    for name in ww.__all__:
        assert hasattr(ww, name), name
    public = {n for n in dir(ww) if not n.startswith("_")}
    import pkgutil

    modules = {m.name for m in pkgutil.iter_modules(ww.__path__)}
    assert public - modules - {"annotations"} <= set(ww.__all__)


def test_readme_opens_with_the_two_commands() -> None:
    text = (ROOT / "README.md").read_text()
    block = re.search(r"```bash\n(.*?)```", text, re.S)
    assert block and text.index(block.group(0)) < 20
    run, test = block.group(1).strip().splitlines()
    assert run.startswith("python3 -m venv .venv") and run.endswith("winwin tournament")
    assert test.startswith("python3 -m venv .venv") and test.endswith("python -m pytest")
    ci = (ROOT / ".ci" / "run").read_text()
    assert "README.md" in ci  # CI runs the README's own command
    assert (ROOT / "requirements.lock").exists()


def test_py_typed_is_shipped() -> None:
    assert (Path(ww.__file__).parent / "py.typed").exists()


def test_readme_python_examples_run() -> None:
    text = (ROOT / "README.md").read_text()
    blocks = re.findall(r"```python\n(.*?)```", text, re.S)
    assert len(blocks) >= 2
    for code in blocks:
        exec(compile(code, "README.md", "exec"), {"__name__": "readme_example"})
