"""User strategies: a Python file, an installed entry point, a declarative TOML file."""

from __future__ import annotations

import sys
import textwrap
from pathlib import Path

import numpy as np
import pytest

import winwin as ww
from winwin.cli import main
from winwin.strategies import load, load_entry_points, parse_toml

PY = textwrap.dedent('''
    import winwin as ww

    class Patient(ww.Strategy):
        slug = "user-patient"
        name = "Patient"
        rule = "Defects only after three defections in a row."
        traits = ww.Traits(memory_depth=3, stochastic=False, nice=True)

        def decide(self, view):
            return "D" if view.turn >= 3 and view.opponent[-3:].sum() == 3 else "C"
''')

TOML = textwrap.dedent('''
    [[strategy]]
    slug = "user-cautious-gtft"
    name = "Cautious GTFT"
    rule = "Forgives one defection in five."
    kind = "memory-one"
    p = [1, 0.2, 1, 0.2]
    first = 1

    [[strategy]]
    slug = "user-tf2t-table"
    kind = "lookup-table"
    opp_depth = 2
    table = [1, 1, 1, 0]

    [[strategy]]
    slug = "user-grim-machine"
    kind = "finite-state-machine"
    transitions = [[0, "C", 0, "C"], [0, "D", 1, "D"], [1, "C", 1, "D"], [1, "D", 1, "D"]]
''')


def test_python_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    f = tmp_path / "mine.py"
    f.write_text(PY)
    classes = load(f)
    assert [c.slug for c in classes] == ["user-patient"]
    m = ww.match("user-patient", "cycler(pattern=DDDC)", turns=5, seed=1)
    assert "".join(a[0] for a in m.actions_text()) == "CCCDC"
    assert main(["tournament", "user-patient", "tft", "--turns", "5", "--seed", "1",
                 "--load", str(f), "--format", "json"]) == 0
    assert "user-patient" in capsys.readouterr().out


def test_toml_file_runs_compiled_and_equals_python(tmp_path: Path) -> None:
    f = tmp_path / "mine.toml"
    f.write_text(TOML)
    classes = load(f)
    assert [c.slug for c in classes] == ["user-cautious-gtft", "user-tf2t-table",
                                         "user-grim-machine"]
    names = [c.slug for c in classes] + ["random", "alld"]
    a = ww.tournament(names, turns=40, noise=0.05, repetitions=2, seed=3)
    b = ww.tournament(names, turns=40, noise=0.05, repetitions=2, seed=3, backend="python")
    assert np.array_equal(a.counts, b.counts)
    g = ww.get_strategy("user-cautious-gtft")
    assert g.memory_one(ww.parse_game("pd")) == (1.0, 1.0, 0.2, 1.0, 0.2)
    assert g.spec == "user-cautious-gtft" and g.name == "Cautious GTFT"
    assert ww.match("user-grim-machine", "cycler(pattern=CDCC)", turns=4, seed=1) \
        .actions_text() == ["CC", "CD", "DC", "DC"]


@pytest.mark.parametrize("text,needle", [
    ("[[strategy]]\nslug = 'Bad Slug'\nkind = 'memory-one'", "kebab-case"),
    ("[[strategy]]\nslug = 'x'\nkind = 'python'", "memory-one, lookup-table"),
    ("[[strategy]]\nslug = 'x'\nkind = 'memory-one'\np = [1, 2, 0, 0]", "p[1]"),
    ("[[strategy]]\nslug = 'x'\nkind = 'memory-one'\np = [1, 0]", "4 probabilities"),
    ("[[strategy]]\nslug = 'x'\nkind = 'memory-one'\ncode = 'import os'", "code"),
    ("[[strategy]]\nslug = 'x'\nkind = 'lookup-table'\nopp_depth = 2\ntable = [1, 0]",
     "4 probabilities"),
    ("[[strategy]]\nslug = 'x'\nkind = 'finite-state-machine'\ntransitions = [[0, 'C', 5, 'C']]",
     "transitions"),
    ("title = 'no strategies'", "[[strategy]]"),
    ("this is = not toml [", "valid TOML"),
])
def test_bad_toml_names_the_entry_and_field(text: str, needle: str) -> None:
    with pytest.raises(ww.ParameterError) as info:
        parse_toml(text, source="bad.toml", register=False)
    assert needle in str(info.value)
    assert "bad.toml" in str(info.value)


def test_toml_size_limits(tmp_path: Path) -> None:
    big = tmp_path / "big.toml"
    big.write_text("# " + "x" * 300_000)
    with pytest.raises(ww.ParameterError, match="KiB"):
        load(big)
    many = "".join(f"[[strategy]]\nslug = 's{i}'\nkind = 'memory-one'\n" for i in range(201))
    with pytest.raises(ww.ParameterError, match="at most 200"):
        parse_toml(many, register=False)


def test_bad_python_files_fail_in_one_line(tmp_path: Path,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    broken = tmp_path / "broken.py"
    broken.write_text("def oops(:\n")
    empty = tmp_path / "empty.py"
    empty.write_text("x = 1\n")
    for path, needle in ((broken, "SyntaxError"), (empty, "no winwin.Strategy"),
                         (tmp_path / "missing.py", "existing"), (tmp_path / "x.txt", ".py")):
        if path.suffix == ".txt":
            path.write_text("")
        code = main(["tournament", "tft", "--load", str(path)])
        err = capsys.readouterr().err.strip().splitlines()
        assert code == 2 and len(err) == 1 and needle in err[0], err


def test_entry_points_from_an_installed_package(tmp_path: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    # A real installed distribution: a package and its .dist-info with entry_points.txt.
    pkg = tmp_path / "winwin_plugin_demo"
    pkg.mkdir()
    (pkg / "__init__.py").write_text(PY.replace("user-patient", "plugin-patient"))
    info = tmp_path / "winwin_plugin_demo-1.0.dist-info"
    info.mkdir()
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: winwin-plugin-demo\n"
                                   "Version: 1.0\n")
    (info / "entry_points.txt").write_text("[winwin.strategies]\ndemo = winwin_plugin_demo\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    assert "demo" in load_entry_points()
    assert ww.get_strategy("plugin-patient").name == "Patient"
    sys.modules.pop("winwin_plugin_demo", None)


def test_a_user_strategy_cannot_take_a_builtin_slug() -> None:
    with pytest.raises(ww.WinwinError, match="built-in"):
        class Impostor(ww.Strategy):  # noqa: F841
            slug = "tit-for-tat"
            name = "Impostor"
            rule = "Always defects."

            def decide(self, view: ww.View) -> str:
                return "D"
    assert ww.get_strategy("tit-for-tat").name == "Tit For Tat"
