"""Pictures and reports: every figure renders for small and large inputs without warnings,
is the expected size and not blank; reports are valid, self-contained HTML; plotting never
changes results."""

from __future__ import annotations

import io
import json
from html.parser import HTMLParser
from pathlib import Path

import numpy as np
import pytest

matplotlib = pytest.importorskip("matplotlib")
from PIL import Image  # noqa: E402

import winwin as ww  # noqa: E402
import winwin.evolution as ev  # noqa: E402
from winwin import plots  # noqa: E402
from winwin.cli import main  # noqa: E402
from winwin.fingerprint import ashlock, transitive  # noqa: E402
from winwin.report import write_report  # noqa: E402


def picture(fig) -> np.ndarray:  # type: ignore[no-untyped-def]
    img = Image.open(io.BytesIO(plots.png_bytes(fig, dpi=60))).convert("L")
    return np.asarray(img, np.float64)


def assert_drawn(fig, min_size: int = 150) -> None:  # type: ignore[no-untyped-def]
    a = picture(fig)
    assert min(a.shape) >= min_size
    assert a.std() > 10, "blank picture"


@pytest.fixture(scope="module")
def small() -> ww.TournamentResult:
    return ww.tournament(["tft", "alld", "gtft", "wsls", "random"], turns=50, repetitions=5,
                         noise=0.02, seed=1)


@pytest.fixture(scope="module")
def large() -> ww.TournamentResult:
    rng = np.random.default_rng(0)
    names = list(ww.DEFAULT_LINEUP) * 4 + [f"random(p={p:.3f})" for p in rng.random(24)]
    return ww.tournament(names, turns=30, repetitions=3, seed=1)


@pytest.mark.parametrize("draw", [plots.ranking, plots.payoffs, plots.wins, plots.outcomes,
                                  plots.winwin_map])
def test_tournament_pictures(draw, small, large) -> None:  # type: ignore[no-untyped-def]
    before = small.to_json()
    for r in (small, large):
        assert_drawn(draw(r))
    assert small.to_json() == before  # plotting changes nothing


def test_large_line_ups_keep_every_name(large) -> None:  # type: ignore[no-untyped-def]
    fig = plots.ranking(large)
    labels = [t.get_text() for t in fig.axes[0].get_yticklabels()]
    assert len(labels) == large.n_players and set(labels) == set(large.labels)
    # the figure grows with the line-up so that names do not overlap
    assert fig.get_size_inches()[1] > plots.ranking(
        ww.tournament(["tft", "alld"], turns=5, seed=1)).get_size_inches()[1] * 3


def test_match_story_single_and_averaged() -> None:
    m = ww.match("alld", "tft", turns=30, seed=1)
    assert_drawn(plots.match_story(m))
    assert_drawn(plots.match_story("extort-2", "gtft", turns=40, noise=0.05, repetitions=30))
    assert_drawn(m.plot_story())


def test_outcome_colours_are_fixed_and_distinct() -> None:
    colours = list(plots.OUTCOME_COLOURS.values())
    assert len(set(colours)) == 4
    assert set(plots.OUTCOME_COLOURS) == {"win_win", "win_lose", "lose_win", "lose_lose"}


def test_evolution_pictures(tmp_path: Path) -> None:
    m = ev.moran(["tft", "alld", "wsls"], 30, w=0.1, mutation=0.02, generations=50, seed=1)
    rep = ev.replicator(ev.payoff_table(["tft", "alld"], turns=10), shares=[0.2, 0.8])
    gen = ev.evolve({"allc": 15, "alld": 5, "tft": 5}, generations=10, seed=1)
    sp = ev.nowak_may(40, 1.9, generations=10, seed=1)
    for res in (m, rep, gen, sp):
        assert_drawn(plots.population(res))
        assert_drawn(res.plot_population())
    sml = ev.small_mutation_limit(ev.payoff_table(["tft", "alld", "wsls", "gtft"], turns=50),
                                  50, w=0.05)
    assert_drawn(plots.invasion(sml))
    assert_drawn(plots.fixation(sml))
    assert_drawn(plots.lattice(sp))
    gif = plots.animate(sp, tmp_path / "lattice.gif")
    with Image.open(gif) as im:
        assert im.n_frames == len(sp.frames)
    with pytest.raises(ww.ParameterError, match="gif"):
        plots.animate(sp, tmp_path / "lattice.avi")


def test_fingerprints() -> None:
    fp = ashlock("tit-for-tat", step=0.25, turns=30, repetitions=5, seed=1)
    assert fp.values.shape == (5, 5)
    # TFT against the plain TFT probe (x = y = 0) cooperates throughout: R = 3 per turn;
    # against a probe that always cooperates (x = 1, y = 0) too
    assert fp.values[0, 0] == pytest.approx(3.0) and fp.values[0, -1] == pytest.approx(3.0)
    # against a probe that always defects (y = 1): S on the first turn, then P
    assert fp.values[-1, 0] == pytest.approx((0 + 29 * 1) / 30)
    assert_drawn(plots.fingerprint(fp))
    tf = transitive("tit-for-tat", opponents=["cooperator", "defector"], turns=10,
                    repetitions=3, seed=1)
    assert tf.values[0].tolist() == [1.0] * 10  # always cooperates with a cooperator
    assert tf.values[1].tolist() == [1.0] + [0.0] * 9  # against a defector: C, then D
    assert_drawn(tf.plot())


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []
        self.tags: list[str] = []
        self.rows: list[list[str]] = []
        self._in_ranking = False
        self._cell: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        for k, v in attrs:
            if k in ("src", "href") and v:
                self.urls.append(v)
            if tag == "table" and k == "id" and v == "ranking":
                self._in_ranking = True
        if tag == "tr" and self._in_ranking:
            self.rows.append([])
        if tag == "td" and self._in_ranking:
            self._cell = []

    def handle_endtag(self, tag: str) -> None:
        if tag == "table":
            self._in_ranking = False
        if tag == "td" and self._cell is not None:
            self.rows[-1].append("".join(self._cell))
            self._cell = None

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)


def test_tournament_report_is_self_contained_and_ranks_as_json(tmp_path: Path) -> None:
    r = ww.tournament(seed=1, repetitions=3, noise=0.01)
    path = write_report(r, tmp_path / "r.html")
    text = path.read_text()
    assert text.startswith("<!DOCTYPE html>") and text.rstrip().endswith("</html>")
    parser = _Collector()
    parser.feed(text)
    assert parser.urls and all(u.startswith("data:image/png;base64,") for u in parser.urls)
    assert "http://" not in text and "https://" not in text
    ranked = [row[1] for row in parser.rows if row]
    assert ranked == json.loads(r.to_json())["ranking"]
    assert "finished on top" in text and "win-win" in text


def test_evolution_report(tmp_path: Path) -> None:
    for res in (ev.evolve({"allc": 15, "alld": 5, "tft": 5}, generations=15, seed=1),
                ev.nowak_may(40, 1.9, generations=10, seed=1),
                ev.moran(["tft", "alld"], 20, w=0.2, turns=10, seed=1)):
        text = write_report(res, tmp_path / "e.html").read_text()
        assert "data:image/png;base64," in text and "https://" not in text
        assert "Final state" in text


def test_cli_pictures_and_reports(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "t.png"
    rep = tmp_path / "t.html"
    assert main(["tournament", "tft", "alld", "gtft", "--turns", "20", "--seed", "1",
                 "--plot", str(out), "--plot-kind", "map", "--report", str(rep)]) == 0
    assert out.stat().st_size > 1000 and "<table id='ranking'>" in rep.read_text()
    svg = tmp_path / "m.svg"
    assert main(["match", "tft", "alld", "--turns", "20", "--seed", "1", "--plot",
                 str(svg)]) == 0
    assert svg.read_text().lstrip().startswith("<?xml")
    default = tmp_path / "report.html"
    assert main(["report", "--seed", "1", "--repetitions", "2", "--output", str(default)]) == 0
    assert "Tournament report" in default.read_text()
    for args in (["moran", "tft=10", "alld=10", "--w", "0.1", "--turns", "10", "--seed", "3"],
                 ["evolve", "allc=15", "alld=5", "tft=5", "--seed", "1"],
                 ["replicator", "tft=0.1", "alld=0.9", "--turns", "10"],
                 ["spatial", "--size", "30", "--generations", "5", "--seed", "1"]):
        png, html = tmp_path / f"{args[0]}.png", tmp_path / f"{args[0]}.html"
        assert main([*args, "--plot", str(png), "--report", str(html)]) == 0
        assert png.stat().st_size > 1000 and html.stat().st_size > 1000
    gif = tmp_path / "s.gif"
    assert main(["spatial", "--size", "20", "--generations", "4", "--seed", "1", "--plot",
                 str(gif)]) == 0
    assert gif.read_bytes()[:3] == b"GIF"
    fp = tmp_path / "f.png"
    assert main(["fingerprint", "wsls", "--step", "0.25", "--turns", "20", "--repetitions",
                 "3", "--plot", str(fp)]) == 0
    assert fp.stat().st_size > 1000
    capsys.readouterr()
    assert main(["tournament", "tft", "alld", "--plot", str(tmp_path / "x.bmp")]) == 2
    assert "--plot" in capsys.readouterr().err
    assert main(["tournament", "tft", "alld", "--plot", str(out), "--plot-kind", "pie"]) == 2


def test_notebook_html_and_plot_methods(small) -> None:  # type: ignore[no-untyped-def]
    text = small._repr_html_()
    assert "<table>" in text and small.ranking[0] in text
    assert "vs" in ww.match("tft", "alld", turns=5, seed=1)._repr_html_()
    assert "<table>" in ev.evolve({"allc": 3, "alld": 2}, generations=2, replace=1,
                                  seed=1)._repr_html_()
    for method in ("plot_ranking", "plot_payoffs", "plot_wins", "plot_outcomes",
                   "plot_winwin_map"):
        assert_drawn(getattr(small, method)())


def test_evolution_report_verdict_follows_the_result(tmp_path: Path) -> None:
    nice_won = ev.evolve({"allc": 15, "alld": 5, "tft": 5}, generations=20, seed=1)
    text = write_report(nice_won, tmp_path / "a.html").read_text()
    assert "A nice strategy" in text
    # fewer than five rounds: the cheats win, and the report says so
    cheat_won = ev.evolve({"allc": 15, "alld": 5, "tft": 5}, rounds=3, generations=30, seed=1)
    assert cheat_won.winner == "defector"
    text = write_report(cheat_won, tmp_path / "b.html").read_text()
    assert "defects first came out ahead" in text and "A nice strategy" not in text
