"""Pictures of exact evolutionary game theory: the simplex of three strategies with the
gradient as arrows, the stationary distribution as colour and the rest points as dots (filled:
stable, open: unstable, grey: saddle or neutral), as the field's papers draw them; the
gradient of two strategies on a line; the stationary distribution over the number of
cooperators; and a self-contained HTML report of these results."""

from __future__ import annotations

import html
from pathlib import Path
from typing import Any

import numpy as np

from winwin.plots._style import OKABE_ITO, figure, finish

PathLike = str | Path | None

#: Vertices of the simplex: the first strategy on top, the second bottom left, the third right.
CORNERS = np.array([[0.5, np.sqrt(3) / 2], [0.0, 0.0], [1.0, 0.0]])
MARKERS = {"stable": ("black", "black"), "unstable": ("white", "black"),
           "saddle": ("#999999", "black"), "neutral": ("#E69F00", "black")}


def _xy(shares: np.ndarray) -> np.ndarray:
    return np.asarray(np.atleast_2d(shares) @ CORNERS)


def _triangle(ax: Any, players: Any) -> None:
    ax.plot(*np.vstack([CORNERS, CORNERS[:1]]).T, color="black", lw=1)
    for (x, y), name, (dx, dy) in zip(CORNERS, players,
                                      [(0, 0.04), (-0.03, -0.05), (0.03, -0.05)],
                                      strict=True):
        ax.annotate(str(name), (x + dx, y + dy), ha="center", va="center", fontsize=11)
    ax.set_xlim(-0.12, 1.12)
    ax.set_ylim(-0.12, 1.0)
    ax.set_aspect("equal")
    ax.axis("off")


def _rest_dots(ax: Any, rest: list[dict[str, Any]]) -> None:
    for r in rest:
        face, edge = MARKERS.get(r["stability"], MARKERS["neutral"])
        (x, y), = _xy(np.asarray(r["x"], np.float64))
        ax.scatter([x], [y], s=70, c=face, edgecolors=edge, zorder=5, linewidths=1.3)


def simplex(result: Any, path: PathLike = None, stationary: Any = None,
            gradient: Any = None) -> Any:
    """Three strategies on the simplex. ``result``: a :class:`GradientResult` (arrows and
    rest points) or a :class:`StationaryResult` (colour); the other may come as
    ``stationary=`` or ``gradient=``."""
    from matplotlib.tri import Triangulation

    grad = gradient if gradient is not None else (result if hasattr(result, "gradient")
                                                  else None)
    stat = stationary if stationary is not None else (result if hasattr(result, "distribution")
                                                      else None)
    players = result.players
    if len(players) != 3:
        from winwin._errors import ParameterError

        raise ParameterError("players", len(players), "3 strategies for a simplex picture")
    fig, ax = figure(figsize=(7.5, 6.8))
    _triangle(ax, players)
    if stat is not None:
        pts = _xy(stat.states / stat.population)
        tri = Triangulation(pts[:, 0], pts[:, 1])
        colours = np.log10(np.maximum(stat.distribution, 1e-300))
        low = max(float(colours.max()) - 8, float(colours.min()))
        im = ax.tripcolor(tri, np.clip(colours, low, None), shading="gouraud", cmap="viridis")
        fig.colorbar(im, ax=ax, shrink=0.7, label="log10(share of time in the state)")
    if grad is not None:
        g = np.asarray(grad.gradient, np.float64)
        pts = np.asarray(grad.points, np.float64)
        if len(pts) > 400:  # thin the arrows to a readable grid
            keep = np.linspace(0, len(pts) - 1, 400).astype(int)
            pts, g = pts[keep], g[keep]
        xy, d = _xy(pts), g @ CORNERS
        speed = np.hypot(d[:, 0], d[:, 1])
        unit = d / np.where(speed > 0, speed, 1.0)[:, None]
        ax.quiver(xy[:, 0], xy[:, 1], unit[:, 0], unit[:, 1], speed, cmap="magma_r",
                  angles="xy", scale=45, width=0.004, alpha=0.85, zorder=3)
        _rest_dots(ax, [r for r in grad.rest_points if len(r.get("x", [])) == 3]
                   if grad.rest_points and isinstance(grad.rest_points[0]["x"], list) else [])
    shown: Any = stat if stat is not None else grad
    where = "infinite population" if grad is not None and grad.population is None else \
        f"population {shown.population}"
    ax.set_title(f"Gradient of selection and stationary distribution ({where})")
    return finish(fig, path)


def gradient_line(result: Any, path: PathLike = None) -> Any:
    """Two strategies: the gradient along the first strategy's share, rest points marked."""
    x = np.asarray(result.points, np.float64)[:, 0]
    g = np.asarray(result.gradient, np.float64)
    fig, ax = figure(figsize=(8, 4.5))
    ax.axhline(0, color="#777777", lw=0.8)
    ax.plot(x, g, color=OKABE_ITO[0], lw=2)
    ax.fill_between(x, g, 0, where=g > 0, color=OKABE_ITO[2], alpha=0.25,
                    label=f"{result.players[0]} spreads")
    ax.fill_between(x, g, 0, where=g < 0, color=OKABE_ITO[3], alpha=0.25,
                    label=f"{result.players[1]} spreads")
    for r in result.rest_points:
        face, edge = MARKERS.get(r["stability"], MARKERS["neutral"])
        ax.scatter([r["x"]], [0], s=80, c=face, edgecolors=edge, zorder=5,
                   label=None)
    ax.set_xlim(0, 1)
    ax.set_xlabel(f"share of {result.players[0]}")
    ax.set_ylabel("gradient of selection" if result.population else "dx/dt (replicator)")
    where = "infinite population" if result.population is None else \
        f"population {result.population}"
    ax.set_title(f"Gradient of selection ({where}); filled dots stable, open unstable")
    ax.legend(frameon=False, fontsize=9)
    return finish(fig, path)


def stationary(result: Any, path: PathLike = None) -> Any:
    """The stationary distribution: bars over the first strategy's count (two strategies),
    the simplex (three), or each strategy's mean share (more)."""
    k = len(result.players)
    if k == 3:
        return simplex(result, path)
    fig, ax = figure(figsize=(8, 4.5))
    if k == 2:
        i = result.states[:, 0]
        ax.bar(i / result.population, result.distribution, width=0.9 / result.population,
               color=OKABE_ITO[0])
        ax.set_xlabel(f"share of {result.players[0]}")
        ax.set_ylabel("share of time")
    else:
        ax.bar(range(k), result.marginals, color=OKABE_ITO[:k] if k <= 8 else OKABE_ITO[0])
        ax.set_xticks(range(k), list(result.players), rotation=45, ha="right")
        ax.set_ylabel("mean share of the population")
    ax.set_title(f"Stationary distribution, population {result.population}, mutation "
                 f"{result.params.get('mutation'):g}")
    return finish(fig, path)


def picture(result: Any, path: PathLike = None) -> Any:
    """The natural picture of any result of :mod:`winwin.evolution.chain`,
    :mod:`~winwin.evolution.gradient` or :mod:`~winwin.evolution.nplayer`."""
    if hasattr(result, "distribution") and hasattr(result, "residual"):
        return stationary(result, path)
    if hasattr(result, "gradient"):
        return gradient_line(result, path) if len(result.players) == 2 else simplex(result, path)
    if hasattr(result, "finite"):
        return gradient_line(result.finite, path)
    from winwin import plots

    return plots.population(result, path)


def write_report(result: Any, path: str | Path, title: str | None = None) -> Path:
    """One self-contained HTML page: the summary in words, the picture, the parameters."""
    from winwin import text
    from winwin.report import _img, _page, _params

    lines = text.egt_summary(result)
    body = (f"<div class='summary'><p>{'<br>'.join(html.escape(x) for x in lines)}</p></div>"
            f"{_img(picture(result), 'picture')}"
            f"<h2>Parameters</h2>{_params(getattr(result, 'params', {}))}")
    name = title or type(result).__name__.replace("Result", "").replace("Analysis", "")
    p = Path(path)
    p.write_text(_page(name, f"{len(result.players)} strategies", body), encoding="utf-8")
    return p
