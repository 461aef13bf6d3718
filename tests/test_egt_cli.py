"""The EGT commands and options: --payoffs on the evolution commands, chain, gradient,
nplayer, wright-fisher and estimate in every output format, their pictures and reports, and
bad input as exit 2 with one line."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

import winwin.evolution as ev
from winwin.cli import main


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_payoff_scale_on_the_evolution_commands(capsys) -> None:
    """fixation of tft in alld: --payoffs per-turn with w is --payoffs total with w / turns
    (the exact values agree), and params say which scale was used."""
    base = ["fixation", "tft", "alld", "--turns", "10", "--population", "10", "--runs", "10",
            "--process", "pairwise", "--format", "json", "--seed", "1"]
    code, out, _ = run(capsys, *base, "--beta", "1", "--payoffs", "per-turn")
    per_turn = json.loads(out)
    _, out, _ = run(capsys, *base, "--beta", "0.1")
    total = json.loads(out)
    assert code == 0 and abs(per_turn["exact"] - total["exact"]) < 1e-12
    assert per_turn["params"]["payoffs"]["scale"] == "per-turn"
    assert total["params"]["payoffs"]["scale"] == "total"
    code, out, _ = run(capsys, "stationary", "tft", "alld", "wsls", "--turns", "10", "--w",
                       "0.1", "--payoffs", "per-turn", "--format", "json")
    assert code == 0 and json.loads(out)["params"]["payoffs"]["scale"] == "per-turn"
    code, out, _ = run(capsys, "evolve", "allc=5", "alld=5", "--generations", "2",
                       "--payoffs", "per-turn", "--format", "json", "--seed", "1")
    assert code == 0 and json.loads(out)["params"]["payoffs"] == "per-turn"


def test_chain_formats(capsys, tmp_path: Path) -> None:
    args = ["chain", "tft", "alld", "wsls", "--turns", "10", "--population", "12",
            "--mutation", "0.01", "--process", "pairwise", "--beta", "0.5"]
    code, out, _ = run(capsys, *args)
    assert code == 0 and "Most visited states" in out and "Mean shares" in out
    code, out, _ = run(capsys, *args, "--format", "json")
    d = json.loads(out)
    exact = ev.stationary_distribution(ev.payoff_table(["tft", "alld", "wsls"], turns=10), 12,
                                       mutation=0.01, process="pairwise", beta=0.5)
    assert np.allclose(list(d["marginals"].values()), exact.marginals, atol=1e-12)
    code, out, _ = run(capsys, *args, "--format", "csv")
    assert out.splitlines()[0] == "tit-for-tat,defector,win-stay-lose-shift,probability"
    assert len(out.splitlines()) == 92
    png, html = tmp_path / "s.png", tmp_path / "s.html"
    code, _, err = run(capsys, *args, "--plot", str(png), "--report", str(html))
    assert code == 0 and png.stat().st_size > 10_000
    assert "<img" in html.read_text() and "Stationary distribution" in html.read_text()


def test_gradient_and_pictures(capsys, tmp_path: Path) -> None:
    code, out, _ = run(capsys, "gradient", "tft", "alld", "--turns", "10")
    assert code == 0 and "infinite population" in out and "stable" in out
    code, out, _ = run(capsys, "gradient", "tft", "alld", "--turns", "10", "--population",
                       "30", "--beta", "0.2", "--format", "json")
    d = json.loads(out)
    assert d["population"] == 30 and len(d["gradient"]) == 31
    for name, extra in (("line.png", ["tft", "alld"]), ("simplex.png", ["tft", "alld", "gtft"])):
        path = tmp_path / name
        code, _, _ = run(capsys, "gradient", *extra, "--turns", "10", "--plot", str(path))
        assert code == 0 and path.stat().st_size > 10_000


def test_nplayer(capsys, tmp_path: Path) -> None:
    code, out, _ = run(capsys, "nplayer", "public-goods(N=5,r=3)", "--population", "30")
    assert code == 0 and "One cooperator" in out
    code, out, _ = run(capsys, "nplayer", "collective-risk(N=6,M=3,risk=0.9)", "--population",
                       "50", "--mutation", "0.01", "--beta", "5", "--format", "json",
                       "--report", str(tmp_path / "crd.html"), "--plot",
                       str(tmp_path / "crd.png"))
    d = json.loads(out)
    assert code == 0 and d["stationary"]["marginals"]["C"] > 0.5
    assert [r["stability"] for r in d["rest_points_infinite"]] == [
        "stable", "unstable", "stable", "unstable"]
    code, out, _ = run(capsys, "nplayer", "volunteer(N=4,b=1,c=0.5)", "--population", "20",
                       "--format", "csv")
    assert out.splitlines()[0] == "C,D,gradient"


def test_wright_fisher_and_estimate(capsys, tmp_path: Path) -> None:
    code, out, _ = run(capsys, "wright-fisher", "tft=5", "alld=45", "--turns", "10", "--w",
                       "0.1", "--seed", "1", "--format", "json", "--plot",
                       str(tmp_path / "wf.png"), "--report", str(tmp_path / "wf.html"))
    d = json.loads(out)
    assert code == 0 and d["winner"] in ("tit-for-tat", "defector")
    assert d["params"]["process"] == "wright-fisher"
    prefix = str(tmp_path / "ck")
    args = ["wright-fisher", "--nplayer", "public-goods(N=5,r=3)", "--population", "40",
            "--mutation", "0.01", "--generations", "300", "--seed", "2", "--w", "0.5", "--checkpoint",
            prefix, "--format", "csv"]
    code, first, _ = run(capsys, *args)
    code, again, _ = run(capsys, *args)  # the finished checkpoint: the same run, not redone
    assert code == 0 and first == again and Path(prefix + ".csv").exists()
    code, out, _ = run(capsys, "estimate", "tft", "alld", "--turns", "10", "--population",
                       "10", "--runs", "2000", "--beta", "0.1", "--seed", "1", "--format",
                       "json")
    d = json.loads(out)
    assert code == 0 and abs(d["z_score"]) < 4.5
    code, out, _ = run(capsys, "estimate", "--nplayer", "stag-hunt(N=4,M=2,F=3)",
                       "--population", "12", "--mutation", "0.05", "--generations", "20000",
                       "--beta", "1", "--seed", "1")
    assert code == 0 and "exact" in out and "SE" in out


@pytest.mark.parametrize("args,needle", [
    (["chain", "tft", "alld", "--mutation", "1.5"], "--mutation"),
    (["chain", "tft", "alld", "--mutation", "0"], "--mutation"),
    (["chain", "tft", "alld", "allc", "wsls", "gtft", "grim", "--population", "3000"],
     "GiB"),
    (["chain", "tft"], "--strategies"),
    (["chain", "tft", "alld", "--nplayer", "public-goods(N=3,r=2)"], "--nplayer"),
    (["nplayer", "public-goods(N=30,r=2)", "--population", "10"], "group=30"),
    (["nplayer", "stag-hunt(N=5,M=7,F=3)"], "threshold=7"),
    (["nplayer", "dice(N=3)"], "--game"),
    (["gradient", "tft", "alld", "--payoffs", "per-match"], "--payoffs"),
    (["moran", "tft", "alld", "--payoffs", "per-match"], "--payoffs"),
    (["wright-fisher", "tft", "alld", "--mutation", "0.1"], "--generations"),
    (["chain", "tft", "alld", "--solver", "magic"], "--solver"),
])
def test_bad_input_is_one_line(capsys, args: list[str], needle: str) -> None:
    code, out, err = run(capsys, *args)
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and needle in err, err
