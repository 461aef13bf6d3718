"""The command line: the contracts of DESIGN.md and every bad-input path (exit 2, one line)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from winwin.cli import main


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_default_tournament_table(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "tournament", "--seed", "1", "--repetitions", "2")
    assert code == 0
    assert "rank" in out and "win-win" in out and "lose-lose" in out
    assert "finished on top" in out and "Strategies that defect first averaged" in out
    first = out.splitlines()[3].split()
    assert first[0] == "1"


def test_tournament_json_contract(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "tournament", "tft", "alld", "gtft(q=0.1)", "--format", "json",
                       "--turns", "30", "--repetitions", "3", "--seed", "5", "--noise", "0.01")
    assert code == 0
    d = json.loads(out)
    assert d["players"] == ["tit-for-tat", "defector", "generous-tit-for-tat(q=0.1)"]
    for key in ("ranking", "scores", "payoff_matrix", "cooperation", "outcomes", "params"):
        assert key in d
    assert d["params"]["turns"] == 30 and d["params"]["seed"] == 5
    assert d["params"]["repetitions"] == 3 and d["params"]["noise"] == 0.01
    assert d["params"]["self_play"] is True
    # the CLI and the API agree exactly
    import winwin as ww

    r = ww.tournament(["tft", "alld", "gtft(q=0.1)"], turns=30, repetitions=3, seed=5,
                      noise=0.01)
    assert d["scores"] == r.scores


def test_tournament_csv_and_output_file(capsys: pytest.CaptureFixture[str],
                                        tmp_path: Path) -> None:
    path = tmp_path / "r.csv"
    code, out, err = run(capsys, "tournament", "tft", "alld", "--turns", "5", "--seed", "1",
                         "--format", "csv", "--output", str(path), "--no-self-play")
    assert code == 0 and out == "" and "wrote" in err
    lines = path.read_text().splitlines()
    assert lines[0].startswith("rank,player,name,score")
    assert lines[1].split(",")[1] == "defector"


def test_match_json_contract(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "match", "tft", "alld", "--turns", "4", "--seed", "1",
                       "--format", "json")
    assert code == 0
    d = json.loads(out)
    assert d["players"] == ["tit-for-tat", "defector"]
    assert d["actions"] == ["CD", "DD", "DD", "DD"]
    assert d["scores"] == [3.0, 8.0] and d["mean_scores"] == [0.75, 2.0]
    assert d["exact"] is False


def test_match_exact(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "match", "extort-2", "wsls", "--exact", "--format", "json")
    d = json.loads(out)
    assert code == 0 and d["exact"] is True
    assert d["mean_scores"] == pytest.approx([2.25, 1.625], abs=1e-12)
    code, out, _ = run(capsys, "match", "tft", "alld", "--exact", "--turns", "10")
    assert code == 0 and "0.900000" in out and "1.400000" in out


def test_match_table_and_csv(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "match", "tft", "alld", "--turns", "3", "--seed", "1")
    assert code == 0 and "CDD" in out and "DDD" in out and "lose-lose" in out
    code, out, _ = run(capsys, "match", "tft", "alld", "--turns", "2", "--seed", "1",
                       "--format", "csv")
    assert out.splitlines() == ["turn,tit-for-tat,defector,outcome", "1,C,D,lose_win",
                                "2,D,D,lose_lose"]


def test_strategies(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "strategies")
    assert code == 0 and "tit-for-tat" in out and "gradual" in out
    code, out, _ = run(capsys, "strategies", "--nice", "--format", "json")
    rows = json.loads(out)
    assert rows and all(r["traits"]["nice"] is True for r in rows)
    assert "defector" not in {r["slug"] for r in rows}
    code, out, _ = run(capsys, "strategies", "--memory-depth", "1", "--deterministic",
                       "--format", "csv")
    slugs = {line.split(",")[0] for line in out.splitlines()[1:]}
    assert "tit-for-tat" in slugs and "gradual" not in slugs and "random" not in slugs
    code, out, _ = run(capsys, "strategies", "pavlov")
    assert code == 0 and "Win-Stay Lose-Shift" in out and "citation: Nowak" in out


BAD = [
    (["tournament", "--noise", "1.5"], "--noise"),
    (["tournament", "--turns", "0"], "--turns"),
    (["tournament", "--prob-end", "1"], "--prob-end"),
    (["tournament", "--prob-end", "0"], "--prob-end"),
    (["tournament", "--repetitions", "-1"], "--repetitions"),
    (["tournament", "--game", "3,0,5"], "--game"),
    (["tournament", "--game", "pd(T=2)"], "--game"),
    (["tournament", "--game", "nonsense"], "--game"),
    (["tournament", "gtft(q=2)"], "generous-tit-for-tat.q"),
    (["tournament", "tit-for-tatt"], "did you mean tit-for-tat"),
    (["tournament", "random(p=abc, q=2)"], "random"),
    (["tournament", "--turns", "abc"], "--turns"),
    (["tournament", "--format", "xml"], "--format"),
    (["tournament", "--seed", "-3"], "--seed"),
    (["tournament", "--turns", "5", "--prob-end", "0.1"], "--prob-end"),
    (["tournament", "--backend", "gpu"], "--backend"),
    (["tournament", "--threads", "0"], "--threads"),
    (["tournament", "--bogus"], "--bogus"),
    (["match", "tft"], "required"),
    (["match", "gradual", "tft", "--exact"], "memory-one"),
    (["match", "tft", "alld", "--turns", "1000000000"], "GiB"),
    (["strategies", "nope"], "unknown strategy"),
    (["strategies", "tft", "--format", "csv"], "--format"),
    (["frobnicate"], "invalid choice"),
]


@pytest.mark.parametrize("args,needle", BAD)
def test_bad_input_exits_2_with_one_line(capsys: pytest.CaptureFixture[str], args: list[str],
                                         needle: str) -> None:
    code, out, err = run(capsys, *args)
    assert code == 2
    assert out == ""
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("winwin: error:") and needle in lines[0]


def test_a_game_that_is_no_pd_warns_on_stderr(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "tournament", "tft", "alld", "--game", "4,1,3,2", "--turns",
                         "5", "--seed", "1")
    assert code == 0 and "warning" in err and "stag-hunt" in err


def test_the_installed_command_and_module(tmp_path: Path) -> None:
    exe = Path(sys.executable).with_name("winwin")
    for cmd in ([str(exe)], [sys.executable, "-m", "winwin"]):
        p = subprocess.run(cmd + ["match", "tft", "alld", "--turns", "3", "--seed", "1",
                                  "--format", "json"], capture_output=True, text=True, timeout=120)
        assert p.returncode == 0, p.stderr
        assert json.loads(p.stdout)["actions"] == ["CD", "DD", "DD"]
        p = subprocess.run(cmd + ["tournament", "--noise", "2"], capture_output=True, text=True,
                           timeout=120)
        assert p.returncode == 2 and "Traceback" not in p.stderr


EVOLUTION = [
    (["moran", "tft=10", "alld=10", "--w", "0.1", "--turns", "10", "--seed", "3"], "took over"),
    (["moran", "tft", "alld", "wsls", "--population", "30", "--mutation", "0.01",
      "--generations", "20", "--seed", "1", "--w", "0.1"], "end:"),
    (["moran", "tft", "alld", "--population", "16", "--graph", "grid:4x4", "--w", "0.5",
      "--turns", "10", "--seed", "1"], "grid:4x4"),
    (["fixation", "tft", "alld", "--w", "0.1", "--turns", "10", "--runs", "2000",
      "--seed", "1"], "exact 0.152218"),
    (["stationary", "tft", "alld", "wsls", "extort-2", "--w", "0.05"], "invades"),
    (["replicator", "tft=0.1", "alld=0.9", "--turns", "10"], "tit-for-tat 100.0%"),
    (["ecological", "tft", "alld", "allc", "--turns", "10"], "end:"),
    (["evolve", "allc=15", "alld=5", "tft=5", "--seed", "1"], "tft took over"),
    (["spatial", "--size", "40", "--b", "1.9", "--generations", "20", "--seed", "1"], "torus"),
    (["spatial", "tft=1", "alld=1", "--size", "20", "--generations", "5", "--seed", "1",
      "--turns", "10"], "end:"),
]


@pytest.mark.parametrize("args,needle", EVOLUTION)
def test_evolution_commands(capsys: pytest.CaptureFixture[str], args: list[str],
                            needle: str) -> None:
    code, out, err = run(capsys, *args)
    assert code == 0, err
    assert needle in out
    code, out, _ = run(capsys, *args, "--format", "json")
    assert code == 0 and isinstance(json.loads(out), dict)
    code, out, _ = run(capsys, *args, "--format", "csv")
    assert code == 0 and "," in out.splitlines()[0]


def test_evolution_cli_and_api_agree(capsys: pytest.CaptureFixture[str]) -> None:
    import winwin.evolution as ev

    code, out, _ = run(capsys, "moran", "tft=10", "alld=10", "--w", "0.1", "--turns", "10",
                       "--seed", "3", "--format", "json")
    api = ev.moran(["tft", "alld"], [10, 10], w=0.1, turns=10, seed=3)
    assert json.loads(out)["trajectory"] == api.trajectory.tolist()


EVOLUTION_BAD = [
    (["moran", "tft", "alld", "--population", "1"], "--population"),
    (["moran", "tft", "alld", "--w", "3"], "--w"),
    (["moran", "tft=3", "alld"], "--strategies"),
    (["moran", "tft", "alld", "--graph", "hexagon"], "--graph"),
    (["moran", "tft", "alld", "--mutation", "0.1"], "--generations"),
    (["fixation", "tft", "alld", "--runs", "0"], "--runs"),
    (["evolve", "allc", "alld"], "--population"),
    (["spatial", "--size", "2"], "--size"),
    (["spatial", "--update", "sometimes"], "--update"),
]


@pytest.mark.parametrize("args,needle", EVOLUTION_BAD)
def test_evolution_bad_input(capsys: pytest.CaptureFixture[str], args: list[str],
                             needle: str) -> None:
    code, out, err = run(capsys, *args)
    assert code == 2 and out == ""
    lines = err.strip().splitlines()
    assert len(lines) == 1 and needle in lines[0], err


def test_strategy_reference_in_docs_is_up_to_date() -> None:
    from pathlib import Path

    from winwin.cli import strategy_reference

    path = Path(__file__).resolve().parents[1] / "docs" / "strategies.md"
    assert path.read_text() == strategy_reference(), (
        "docs/strategies.md is stale: run `winwin strategies --format markdown --output "
        "docs/strategies.md`")


def test_warmup(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "warmup")
    assert code == 0 and "kernels ready" in out and "numba cache" in out


def test_evolve_says_turns_and_still_takes_rounds(capsys: pytest.CaptureFixture[str]) -> None:
    base = ["evolve", "allc=6", "alld=2", "tft=2", "--generations", "3", "--seed", "2",
            "--format", "csv"]
    code, new, _ = run(capsys, *base, "--turns", "4")
    assert code == 0
    code, old, _ = run(capsys, *base, "--rounds", "4")
    assert code == 0 and old == new
    code, other, _ = run(capsys, *base, "--turns", "9")
    assert other != new
    from winwin.cli import build_parser

    sub = next(a for a in build_parser()._actions if a.dest == "command")
    text = sub.choices["evolve"].format_help()  # type: ignore[attr-defined]
    assert "--turns" in text and "--rounds" not in text


def test_error_options_come_from_the_parser(capsys: pytest.CaptureFixture[str]) -> None:
    from winwin.cli import _options, build_parser

    names = _options.option_names(build_parser(), "moran")
    assert names["prob_end"] == "--prob-end" and names["record_every"] == "--record-every"
    assert names["strategies"] == "--strategies" and "player_1" not in names
    # a field that is no option of the command stays in the library's words
    code, _, err = run(capsys, "tournament", "gtft(q=")
    assert code == 2 and err.startswith("winwin: error: strategy=")


def test_report_and_tournament_report_are_one_path(capsys: pytest.CaptureFixture[str],
                                                   tmp_path: Path) -> None:
    a, b = tmp_path / "a.html", tmp_path / "b.html"
    args = ["tft", "alld", "gtft", "--turns", "10", "--seed", "4"]
    assert run(capsys, "report", *args, "--output", str(a))[0] == 0
    assert run(capsys, "tournament", *args, "--report", str(b), "--quiet")[0] == 0

    def body(p: Path) -> str:  # the page less its time stamp
        import re

        return re.sub(r"\d{4}-\d\d-\d\d \d\d:\d\d UTC", "", p.read_text())

    assert body(a) == body(b)


def test_repetitions_defaults_are_stated_once() -> None:
    from winwin.cli import _options, build_parser

    p = build_parser()
    sub = next(a for a in p._actions if a.dest == "command")
    defaults = {name: next((x.default for x in cmd._actions if x.dest == "repetitions"), "-")
                for name, cmd in sub.choices.items()}  # type: ignore[attr-defined]
    evolution = {"moran", "fixation", "stationary", "replicator", "ecological", "spatial"}
    assert {defaults[c] for c in evolution} == {_options.EVOLUTION_REPETITIONS}
    assert defaults["tournament"] is None and defaults["report"] is None  # 10 or the line-up's


FIRST_FIVE_MINUTES_BAD = [
    (["moran", "tft", "alld", "--population", "0", "--turns", "5"], "--population 0"),
    (["report", "--format", "csv"], "--format"),
    (["tournament", "tft", "alld", "--plot-kind", "map"], "--plot-kind"),
    (["tournament", "tft", "alld", "--plot-kind", "nope", "--plot", "x.png"], "--plot-kind"),
    (["strategies", "--memory-depth", "-1"], "--memory-depth"),
    (["tournament", "x" * 5000], "at most 4000 characters"),
    (["tournament", "tft(" + "q=1," * 3000 + ")"], "strategy="),
]


@pytest.mark.parametrize("args,needle", FIRST_FIVE_MINUTES_BAD)
def test_nonsense_is_refused_in_one_short_line(capsys: pytest.CaptureFixture[str],
                                               args: list[str], needle: str) -> None:
    code, out, err = run(capsys, *args)
    assert code == 2 and out == ""
    lines = err.strip().splitlines()
    assert len(lines) == 1 and needle in lines[0] and len(lines[0]) <= 200 + len("winwin: error: ")


def test_words_agree_with_the_numbers(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "match", "cooperator", "defector", "--turns", "10", "--seed", "1")
    assert code == 0 and "mutual defection dragged" not in out and "was exploited" in out
    code, out, _ = run(capsys, "fixation", "tft", "alld", "--w", "0", "--turns", "10", "--runs",
                       "200", "--seed", "1")
    assert "is neutral to the mutant" in out  # exact value equals neutral drift
    code, out, _ = run(capsys, "tournament", "tft", "--turns", "5", "--seed", "1", "--quiet")
    assert out.startswith("Tournament: 1 strategy,")
    code, out, _ = run(capsys, "match", "tft", "alld", "--turns", "1000000", "--seed", "1")
    assert "999,999" in out and "e+06" not in out  # TFT: S + 999,999 P
    code, out, _ = run(capsys, "match", "alld", "allc", "--exact")  # printed -0.0% before
    assert "-0.0%" not in out and "win-win 0.0%" in out
    code, out, _ = run(capsys, "match", "tft", "alld", "--turns", "2", "--seed", "1", "--format",
                       "csv", "--output", "-")
    assert out.startswith("turn,") and not Path("-").exists()


@pytest.mark.parametrize("args,option", [
    (["tournament", "tft", "alld", "--plot", "/no/such/dir/x.png"], "--plot"),
    (["tournament", "tft", "alld", "--report", "/no/such/dir/r.html"], "--report"),
    (["report", "--output", "/no/such/dir/r.html"], "--output"),
    (["match", "tft", "alld", "--format", "csv", "--output", "/no/such/dir/m.csv"], "--output"),
    (["moran", "tft", "alld", "--turns", "5", "--checkpoint", "/no/such/dir/ck"],
     "--checkpoint"),
])
def test_output_paths_are_checked_before_the_work(capsys: pytest.CaptureFixture[str],
                                                  args: list[str], option: str) -> None:
    code, out, err = run(capsys, *args)
    assert code == 2 and out == ""
    assert err.startswith(f"winwin: error: {option} ") and "does not exist" in err


def test_output_into_a_directory_is_refused(capsys: pytest.CaptureFixture[str],
                                            tmp_path: Path) -> None:
    code, _, err = run(capsys, "tournament", "tft", "alld", "--output", str(tmp_path))
    assert code == 2 and "not a directory" in err
