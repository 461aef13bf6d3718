"""``winwin scenario``: files, examples, formats, bad answers in one line with exit code 2, and
the terminal questionnaire driven through a pseudo-terminal (pexpect)."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pexpect
import pytest

import winwin as ww
from winwin.cli import main


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = main(["scenario", *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_example_json_is_the_brief_dict(capsys) -> None:
    code, out, err = run(capsys, "--example", "price-war", "--format", "json")
    assert code == 0
    assert json.loads(out) == json.loads(json.dumps(ww.scenario(example="price-war").to_dict()))


def test_file_text_markdown_and_list(capsys, tmp_path) -> None:
    p = tmp_path / "mine.toml"
    p.write_text('rounds = 5\nknown_end = true\n[me]\nname = "Ann"\noptions = ["help", '
                 '"refuse"]\n[other]\nname = "Bo"\n', encoding="utf-8")
    code, out, _ = run(capsys, str(p))
    assert code == 0 and out.startswith("Your situation as a game: Ann and Bo")
    assert "\u201chelp\u201d" in out and "5 more rounds, with a known end" in out
    code, md, _ = run(capsys, str(p), "--format", "markdown")
    assert md.startswith("# Your situation as a game") and "## Forgiveness" in md
    code, listing, _ = run(capsys, "--list")
    assert code == 0 and len(listing.splitlines()) == 6 and "neighbours" in listing


def test_output_html_by_extension(capsys, tmp_path) -> None:
    target = tmp_path / "brief.html"
    code, out, err = run(capsys, "--example", "neighbours", "--output", str(target))
    assert code == 0 and out == "" and "wrote" in err
    assert target.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


@pytest.mark.parametrize("toml, field", [
    ("mistakes = 0.6\n", "mistakes"),
    ("rounds = 0\n", "rounds"),
    ('[me]\nranking = ["CC", "CC", "DC", "DD"]\n', "me.ranking"),
    ('[me]\nname = ""\n', "me.name"),
    ('[me]\noptions = ["share", "share"]\n', "me.options"),
])
def test_bad_files_are_one_line_naming_the_question(capsys, tmp_path, toml, field) -> None:
    p = tmp_path / "bad.toml"
    p.write_text(toml, encoding="utf-8")
    code, out, err = run(capsys, str(p))
    assert code == 2 and out == ""
    assert len(err.strip().splitlines()) == 1 and err.startswith(f"winwin: error: {field}")


@pytest.mark.parametrize("args", [["--example", "nope"], ["--format", "table", "--example",
                                                           "supplier"],
                                  ["x.toml", "--example", "supplier"], ["missing.toml"]])
def test_bad_options(capsys, args) -> None:
    code, out, err = run(capsys, *args)
    assert code == 2 and out == "" and len(err.strip().splitlines()) == 1


def _spawn(*args: str) -> pexpect.spawn:
    env = {**os.environ, "COLUMNS": "200", "PYTHONIOENCODING": "utf-8"}
    return pexpect.spawn(sys.executable, ["-m", "winwin", "scenario", *args], env=env,
                         encoding="utf-8", timeout=120, dimensions=(50, 200))


def test_questionnaire_reasks_bad_answers_and_takes_defaults() -> None:
    child = _spawn("--format", "json")
    child.expect(r"Who are you.*\[me\]: ")
    child.sendline("the buyer")
    child.expect(r"other side.*: ")
    child.sendline("The Buyer")  # the same name: asked again
    child.expect("a name different from yours")
    child.expect(r"other side.*: ")
    child.sendline("the supplier")
    child.expect(r"Your two options.*: ")
    child.sendline("share / share")  # contradictory options
    child.expect("two different options")
    child.expect(r"Your two options.*: ")
    child.sendline("hold it back / share the forecast")
    child.expect(r"Which one is the cooperative one.*: ")
    child.sendline("3")
    child.expect("one of the two options")
    child.expect(r"Which one is the cooperative one.*: ")
    child.sendline("2")
    child.expect(r"The supplier's two options.*\[share the forecast / hold it back\]: ")
    child.sendline("quote fairly / pad the price")
    child.expect(r"Rank them for you.*\[3 1 4 2\]: ")
    child.sendline("3 1 3 2")  # a tie
    child.expect("appears twice")
    child.expect(r"Rank them for you.*: ")
    child.sendline("")  # the default
    child.expect(r"Rank them for the supplier.*\[same\]: ")
    child.sendline("numbers")
    for value in ("5", "-1", "7", "2"):
        child.expect(r"worth to the supplier\? ")
        child.sendline(value)
    child.expect(r"know when it ends.*\[n\]: ")
    child.sendline("")
    child.expect(r"How many more interactions do you expect \[20\]: ")
    child.sendline("0")  # a horizon of zero
    child.expect("number from 1 to")
    child.expect(r"How many more interactions.*: ")
    child.sendline("12")
    child.expect(r"mistake.*\[2%\]: ")
    child.sendline("60%")  # noise of 60 %
    child.expect("below one half")
    child.expect(r"mistake.*: ")
    child.sendline("5%")
    child.expect(r"moves so far.*: ")
    child.sendline("CCD")
    child.expect(r"Your moves in those rounds \[CCC\]: ")
    child.sendline("")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    out = child.before
    brief = json.loads(out[out.index("{"):])
    a = brief["analysis"]["answers"]
    assert a["me"]["name"] == "the buyer" and a["other"]["name"] == "the supplier"
    assert a["me"]["options"] == ["share the forecast", "hold it back"]
    assert a["me"]["ranking"] == ["DC", "CC", "DD", "CD"]
    assert a["other"]["payoffs"] == {"CC": 5.0, "CD": -1.0, "DC": 7.0, "DD": 2.0}
    assert a["rounds"] == 12 and a["known_end"] is False and a["mistakes"] == 0.05
    assert a["past"] == {"me": "CCC", "other": "CCD"}
    expected = ww.scenario(a).to_dict()
    assert brief == json.loads(json.dumps(expected))


def test_questionnaire_all_defaults_gives_the_default_brief() -> None:
    child = _spawn()
    for _ in range(10):
        child.expect(r"\]: ")
        child.sendline("")
    child.expect(r"\]: ")  # the past moves: skipped
    child.sendline("")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    text = child.before.replace("\r\n", "\n")
    assert text[text.index("Your situation as a game: me"):] == ww.scenario({}).text()


def test_questionnaire_end_of_input_is_exit_2() -> None:
    r = subprocess.run([sys.executable, "-m", "winwin", "scenario"], input="me\n",
                       capture_output=True, text=True, timeout=120)
    assert r.returncode == 2 and r.stdout == ""
    assert r.stderr.strip().splitlines()[-1].startswith("winwin: error: answers")
