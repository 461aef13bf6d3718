"""Every `$ winwin ...` line of the README runs as written (quoted as bash reads it)."""

from __future__ import annotations

import io
import re
import shlex
from pathlib import Path

import pytest

from winwin.cli import main

ROOT = Path(__file__).resolve().parents[1]

#: Lines not run here, and why (each is run by its own test elsewhere).
ELSEWHERE = {
    "winwin warmup": "compiles every kernel: tests/test_cold_start.py (slow)",
    "winwin scenario": "asks questions: tests/test_scenario_cli.py drives it through a pty",
    "winwin sweep": "Dask sweeps: tests/test_sweep.py (a LocalCluster)",
    "winwin sweep-plot": "needs a sweep's output: tests/test_sweep.py",
}


def readme_commands() -> list[str]:
    text = (ROOT / "README.md").read_text()
    lines = []
    for block in re.findall(r"```console\n(.*?)```", text, re.S):
        for line in block.splitlines():
            if line.startswith("$ winwin"):
                lines.append(line[2:])
    return lines


def _words(line: str) -> list[str]:
    return shlex.split(line, comments=True)


def test_the_readme_has_commands_and_every_skip_is_one_of_them() -> None:
    lines = [" ".join(_words(x)) for x in readme_commands()]
    assert len(lines) > 25
    for prefix in ELSEWHERE:
        assert any(x.startswith(prefix) for x in lines), prefix


def _elsewhere(line: str) -> bool:
    joined = " ".join(_words(line))
    return joined in ELSEWHERE or any(p.startswith("winwin sweep") and joined.startswith(p + " ")
                                      for p in ELSEWHERE)


@pytest.mark.parametrize("line", [x for x in readme_commands() if not _elsewhere(x)])
def test_a_readme_command_runs(line: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                               capsys: pytest.CaptureFixture[str]) -> None:
    import shutil

    import winwin.scenario

    words = _words(line)
    shutil.copy(Path(winwin.scenario.__file__).parent / "examples" / "supplier.toml",
                tmp_path / "mine.toml")  # the reader's own answers, as the README shows them
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr("sys.stdin", io.StringIO("c\nd\n" * 30))  # winwin play's person
    code = main(words[1:])
    err = capsys.readouterr().err
    assert code == 0, f"{line}: {err}"
    assert "Traceback" not in err
