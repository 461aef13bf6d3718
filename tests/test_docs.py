"""The documentation site: every code block runs, and the site builds with warnings as errors.

- Python examples are ``>>>`` sessions in ```` ```pycon ```` blocks; each page runs as one doctest
  (``doctest.testfile``, names shared down the page) with the fence lines read as blank lines,
  so a block's expected output ends at its closing fence.
- Shell examples are ``$ winwin ...`` lines in ```` ```console ```` blocks; each runs as
  ``python -m winwin`` (arguments split as bash would, by :func:`shlex.split`), must exit 0,
  and where the page shows output, stdout must match it (``...`` stands for any text).
- A block with a ``title="NAME"`` is a file: it is written into the page's working directory
  before its examples run, and the page must use it.
- Nothing else: a block of any other kind fails the test, so no example goes unchecked. The
  only shell lines that are not run are the install steps (listed in ``INSTALL``).
"""

from __future__ import annotations

import doctest
import os
import re
import shlex
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"
PAGES = sorted(p.relative_to(DOCS).as_posix() for p in DOCS.rglob("*.md")
               if "screenshots" not in p.parts)
FLAGS = doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE
INSTALL = ("python3 -m venv .venv", ".venv/bin/pip install ", "pip install ")
FENCE = re.compile(r"^(?P<indent> *)```(?P<info>[^\n`]*)$")
TITLE = re.compile(r'title="(?P<name>[^"]+)"')


@dataclass
class Block:
    lang: str
    title: str | None
    line: int  # 1-based line of the opening fence
    text: str


@dataclass
class Command:
    line: int
    argv: list[str]
    expected: str = ""
    install: bool = False


def blocks(text: str) -> list[Block]:
    out: list[Block] = []
    lines = text.splitlines()
    i = 0
    while i < len(lines):
        m = FENCE.match(lines[i])
        if m and m.group("info").strip():
            info = m.group("info").strip()
            lang = info.split()[0]
            title = TITLE.search(info)
            j = i + 1
            while not lines[j].strip().startswith("```"):
                j += 1
            body = "\n".join(x[len(m.group("indent")):] for x in lines[i + 1:j])
            out.append(Block(lang, title.group("name") if title else None, i + 1, body + "\n"))
            i = j
        elif m:
            raise AssertionError(f"line {i + 1}: a code block without a language")
        i += 1
    return out


def commands(block: Block) -> list[Command]:
    out: list[Command] = []
    for k, raw in enumerate(block.text.splitlines()):
        if raw.startswith("$ "):
            line = raw[2:]
            install = line.startswith(INSTALL)
            argv = [] if install else shlex.split(line, comments=True)
            out.append(Command(block.line + 1 + k, argv, install=install))
        else:
            if not out:
                raise AssertionError(f"line {block.line + 1 + k}: output before any command")
            out[-1].expected += raw + "\n"
    return out


class FencedParser(doctest.DocTestParser):
    """Reads fence lines as blank lines, so expected output ends where its block ends."""

    def parse(self, string: str, name: str = "<string>") -> list:  # type: ignore[override]
        lines = ["" if FENCE.match(x) else x for x in string.split("\n")]
        return super().parse("\n".join(lines), name)


def read(page: str) -> str:
    return (DOCS / page).read_text(encoding="utf-8")


def write_files(page: str, where: Path) -> list[str]:
    names = []
    for b in blocks(read(page)):
        if b.title:
            (where / b.title).write_text(b.text, encoding="utf-8")
            names.append(b.title)
    return names


def env() -> dict[str, str]:
    e = dict(os.environ, WINWIN_NO_WARMUP="1", NO_MKDOCS_2_WARNING="1", COLUMNS="100")
    e["PYTHONPATH"] = os.pathsep.join([str(ROOT / "src"), e.get("PYTHONPATH", "")])
    return e


@pytest.mark.parametrize("page", PAGES)
def test_every_block_is_checked(page: str) -> None:
    text = read(page)
    for b in blocks(text):
        where = f"{page}:{b.line}"
        if b.title:
            used = text.count(b.title) > 1  # named again outside its own title
            assert used, f"{where}: file {b.title!r} is never used on the page"
        elif b.lang == "pycon":
            assert b.text.lstrip().startswith(">>> "), f"{where}: a pycon block starts with >>>"
        elif b.lang == "console":
            cmds = commands(b)
            assert cmds, f"{where}: a console block holds $ commands"
            for c in cmds:
                assert c.install or c.argv[0] == "winwin", \
                    f"{where}: only winwin commands (and install steps) go in console blocks"
        else:
            raise AssertionError(f"{where}: a {b.lang!r} block runs nowhere; use pycon, "
                                 "console, or give it a title=\"FILE\" that the page uses")


@pytest.mark.parametrize("page", [p for p in PAGES if ">>> " in read(p)])
def test_python_examples(page: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write_files(page, tmp_path)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("WINWIN_NO_WARMUP", "1")
    result = doctest.testfile(str(DOCS / page), module_relative=False, optionflags=FLAGS,
                              parser=FencedParser(), globs={}, report=True, verbose=False,
                              encoding="utf-8")
    assert result.failed == 0, f"{page}: {result.failed} of {result.attempted} examples failed"


def _shell_cases() -> list[tuple[str, int]]:
    return [(page, c.line) for page in PAGES for b in blocks(read(page))
            if b.lang == "console" for c in commands(b) if not c.install]


@pytest.mark.parametrize("page", sorted({p for p, _ in _shell_cases()}))
def test_shell_examples(page: str, tmp_path: Path) -> None:
    write_files(page, tmp_path)
    checker = doctest.OutputChecker()
    for b in blocks(read(page)):
        if b.lang != "console":
            continue
        for c in commands(b):
            if c.install:
                continue
            run = subprocess.run([sys.executable, "-m", *c.argv], cwd=tmp_path, env=env(),
                                 capture_output=True, text=True, timeout=300)
            where = f"{page}:{c.line}: {shlex.join(c.argv)}"
            assert run.returncode == 0, f"{where} exited {run.returncode}: {run.stderr[-2000:]}"
            if c.expected.strip():
                assert checker.check_output(c.expected, run.stdout, FLAGS), \
                    f"{where}: output differs\n--- page\n{c.expected}--- got\n{run.stdout}"


def test_the_parser_sees_fences_and_commands() -> None:
    text = ("Intro\n\n```console\n$ winwin match tft alld --turns 2  # a note\nout 1\n"
            "$ winwin strategies 'random(p=0.3)'\n```\n\n```pycon\n>>> 1 + 1\n2\n```\n")
    bs = blocks(text)
    assert [(b.lang, b.line) for b in bs] == [("console", 3), ("pycon", 9)]
    cs = commands(bs[0])
    assert [c.argv for c in cs] == [["winwin", "match", "tft", "alld", "--turns", "2"],
                                    ["winwin", "strategies", "random(p=0.3)"]]
    assert cs[0].expected == "out 1\n" and cs[1].expected == ""
    examples = FencedParser().get_examples(text)
    assert [(e.source, e.want) for e in examples] == [("1 + 1\n", "2\n")]


def test_a_wrong_example_fails(tmp_path: Path) -> None:
    page = tmp_path / "wrong.md"
    page.write_text("```pycon\n>>> 1 + 1\n3\n```\n\n```pycon\n>>> 2 * 2\n4\n```\n")
    result = doctest.testfile(str(page), module_relative=False, optionflags=FLAGS,
                              parser=FencedParser(), globs={}, report=False)
    assert (result.failed, result.attempted) == (1, 2)
    checker = doctest.OutputChecker()
    assert checker.check_output("rank,player,...\n1,tit-for-tat,...\n",
                                "rank,player,score\n1,tit-for-tat,2.5\n", FLAGS)
    assert not checker.check_output("1,defector,...\n", "1,tit-for-tat,2.5\n", FLAGS)


def test_the_site_builds_strict(tmp_path: Path) -> None:
    site = tmp_path / "site"
    run = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir",
                          str(site), "--config-file", str(ROOT / "mkdocs.yml")],
                         cwd=ROOT, env=env(), capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr[-4000:]
    assert "WARNING" not in run.stderr, run.stderr[-4000:]
    cli = (site / "reference" / "cli" / "index.html").read_text(encoding="utf-8")
    from winwin.cli import build_parser

    parser = build_parser()
    sub = next(a for a in parser._actions if a.__class__.__name__ == "_SubParsersAction")
    commands = list(sub.choices.items())
    while commands:
        name, command = commands.pop()
        assert f"winwin {name}" in cli, name
        for action in command._actions:
            for flag in action.option_strings:
                if flag not in ("-h", "--help"):
                    assert flag in cli, (name, flag)
            if action.__class__.__name__ == "_SubParsersAction":  # winwin workshop list, ...
                commands += [(f"{name} {k}", v) for k, v in action.choices.items()]
    strategies = (site / "strategies" / "index.html").read_text(encoding="utf-8")
    import winwin as ww

    for cls in ww.registry().builtins():
        assert f'id="{cls.slug}"' in strategies, cls.slug
    api = (site / "reference" / "api" / "index.html").read_text(encoding="utf-8")
    for name in ("winwin.tournament.tournament", "winwin.evolution.moran.moran", "winwin.evolution.nowak_may",
                 "winwin.analysis.expected_payoffs"):
        assert f'id="{name}"' in api, name
    for page in site.rglob("*.html"):  # offline: no fonts or scripts from elsewhere
        html = page.read_text(encoding="utf-8")
        assert not re.search(r'<(link|script)[^>]+(href|src)="https?://', html), page
