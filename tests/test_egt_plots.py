"""The EGT pictures and report: each kind of result draws, and the simplex puts the
strategies at the corners and the rest points where they are."""

from __future__ import annotations

from pathlib import Path

import numpy as np

import winwin.evolution as ev
from winwin.plots import egt


def test_every_result_draws(tmp_path: Path) -> None:
    two = ev.stationary_distribution(ev.public_goods(4, 3.0), 20, mutation=0.05, beta=1.0,
                                     process="pairwise")
    four = ev.stationary_distribution(np.eye(4) + 1, 6, mutation=0.05, w=0.5)
    three = ev.stationary_distribution(np.eye(3) + 1, 10, mutation=0.05, w=0.5)
    line = ev.gradient_of_selection(ev.stag_hunt(10, 5, 8.0), None)
    field = ev.gradient_of_selection([[0, -1, 2], [2, 0, -1], [-1, 2, 0]], None)
    for n, r in enumerate([two, three, four, line, field]):
        path = tmp_path / f"{n}.png"
        egt.picture(r, path)
        assert path.stat().st_size > 5_000
    fig = egt.simplex(three, gradient=ev.gradient_of_selection(np.eye(3) + 1, 10, w=0.5,
                                                               process="birth-death"))
    assert fig.axes[0].get_title().startswith("Gradient of selection")
    report = egt.write_report(line, tmp_path / "line.html")
    page = report.read_text()
    assert "<img" in page and "Rest points" in page


def test_simplex_places_rest_points_at_their_shares() -> None:
    rps = [[0, -1, 2], [2, 0, -1], [-1, 2, 0]]
    g = ev.gradient_of_selection(rps, None)
    fig = egt.simplex(g)
    dots = [c.get_offsets()[0] for c in fig.axes[0].collections if len(c.get_offsets()) == 1]
    centre = np.array([1 / 3, 1 / 3, 1 / 3]) @ egt.CORNERS
    assert any(np.allclose(d, centre) for d in dots)
    texts = {t.get_text() for t in fig.axes[0].texts}
    assert {"s0", "s1", "s2"} <= texts
