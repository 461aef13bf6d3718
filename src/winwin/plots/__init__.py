"""Pictures of tournaments, matches, evolution and fingerprints (matplotlib, headless).

Every function takes a result object (and, where it draws one match, strategy names), draws one
figure, saves it when ``path`` is given (PNG, SVG or PDF by extension) and returns the
matplotlib figure. Outcomes always have the same four colour-blind-safe colours. Install with
``pip install 'winwin[plot]'``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np

from winwin.plots._style import (
    ENGINE_INDEX,
    ORDER,
    OUTCOME_COLOURS,
    OUTCOME_LABELS,
    figure,
    finish,
    label_size,
    png_bytes,
    strategy_colours,
    tall,
)

__all__ = [
    "OUTCOME_COLOURS",
    "animate",
    "fingerprint",
    "fixation",
    "invasion",
    "lattice",
    "match_story",
    "outcomes",
    "payoffs",
    "population",
    "png_bytes",
    "ranking",
    "winwin_map",
    "wins",
]

PathLike = str | Path | None


def _names(r: Any, order: np.ndarray) -> list[str]:
    labels = getattr(r, "labels", r.players)  # the names the caller gave, where kept
    return [labels[i] for i in order]


# -- tournaments -----------------------------------------------------------------------------------


def ranking(r: Any, path: PathLike = None) -> Any:
    """Each strategy's per-turn score in every repetition, best (by mean) at the top."""
    order = np.asarray(r.order)
    n = len(order)
    fig, ax = figure(figsize=(8, tall(n, 2.2, 0.3)))
    data = [r.scores_per_repetition[i] for i in order[::-1]]
    ax.boxplot(data, orientation="horizontal", widths=0.6, patch_artist=True,
               boxprops={"facecolor": "#cfe3f3", "edgecolor": "#0072B2"},
               medianprops={"color": "#D55E00"}, flierprops={"markersize": 3})
    ax.scatter(r.score_array[order[::-1]], np.arange(1, n + 1), marker="D", s=14,
               color="#000000", zorder=3, label="mean over repetitions")
    ax.set_yticks(np.arange(1, n + 1), _names(r, order[::-1]), fontsize=label_size(n))
    ax.set_xlabel("score: payoff per turn")
    reps = r.repetitions
    ax.set_title(f"Ranking ({n} strategies, {reps} repetition{'s' if reps != 1 else ''})")
    ax.grid(axis="x", alpha=0.3)
    ax.legend(loc="lower right", fontsize=8)
    return finish(fig, path)


def _heatmap(ax: Any, m: np.ndarray, names: list[str], cmap: str, fmt: str, label: str,
             fig: Any) -> None:
    n = len(names)
    im = ax.imshow(m, cmap=cmap, aspect="auto")
    ax.set_xticks(np.arange(n), names, rotation=90, fontsize=label_size(n))
    ax.set_yticks(np.arange(n), names, fontsize=label_size(n))
    ax.set_xlabel("opponent")
    ax.set_ylabel("strategy")
    if n <= 16:
        mid = np.nanmean(m)
        for i in range(n):
            for j in range(n):
                if not np.isnan(m[i, j]):
                    ax.text(j, i, format(m[i, j], fmt), ha="center", va="center", fontsize=7,
                            color="white" if m[i, j] < mid else "black")
    fig.colorbar(im, ax=ax, label=label, fraction=0.046, pad=0.02)


def payoffs(r: Any, path: PathLike = None) -> Any:
    """Mean payoff per turn of each strategy (row) against each opponent (column)."""
    order = np.asarray(r.order)
    n = len(order)
    size = min(30.0, 4 + 0.3 * n)
    fig, ax = figure(figsize=(size + 1.5, size))
    m = r.payoff_matrix[np.ix_(order, order)]
    _heatmap(ax, m, _names(r, order), "viridis", ".2f", "payoff per turn", fig)
    ax.set_title("Payoff per turn against each opponent (rows best first)")
    return finish(fig, path)


def wins(r: Any, path: PathLike = None) -> Any:
    """Head-to-head wins: in how many matches the row strategy scored more than the column."""
    order = np.asarray(r.order)
    n = len(order)
    size = min(30.0, 4 + 0.3 * n)
    fig, ax = figure(figsize=(size + 1.5, size))
    m = r.head_to_head_wins[np.ix_(order, order)].astype(float)
    _heatmap(ax, m, _names(r, order), "magma", ".0f", "matches won", fig)
    ax.set_title(f"Head-to-head wins (of {r.repetitions} matches per pair): winning a match "
                 "is not winning the tournament")
    return finish(fig, path)


def outcomes(r: Any, path: PathLike = None) -> Any:
    """Each strategy's turns as win-win / win-lose / lose-win / lose-lose, best first."""
    order = np.asarray(r.order)
    n = len(order)
    fig, ax = figure(figsize=(9, tall(n, 2.0, 0.28)))
    y = np.arange(n)[::-1]
    left = np.zeros(n)
    for key in ORDER:
        share = r.outcome_array[order, ENGINE_INDEX[key]]
        ax.barh(y, share, left=left, color=OUTCOME_COLOURS[key], label=OUTCOME_LABELS[key],
                edgecolor="white", linewidth=0.4)
        left += share
    ax.set_yticks(y, _names(r, order), fontsize=label_size(n))
    ax.set_xlim(0, 1)
    ax.set_xlabel("share of the strategy's turns")
    ax.set_title("How each strategy's turns ended, from its own side (best first)")
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=8, frameon=False)
    return finish(fig, path)


def _pareto(points: np.ndarray) -> np.ndarray:
    keep = [p for p in points if not any((q >= p).all() and (q > p).any() for q in points)]
    return np.array(sorted(keep, key=lambda p: p[0]))


def winwin_map(r: Any, path: PathLike = None, label: bool | None = None) -> Any:
    """Every pairing as a point (my payoff per turn, your payoff per turn) in the game's
    feasible region, with the outcome corners, the line of equal payoffs and the Pareto
    frontier."""
    g = r.game
    u1, u2 = np.array(g.payoffs_1), np.array(g.payoffs_2)
    # corners from player 1's side: CC, CD, DC, DD -> (own, other)
    corners = np.array([[u1[0], u2[0]], [u1[1], u2[2]], [u1[2], u2[1]], [u1[3], u2[3]]])
    fig, ax = figure(figsize=(8, 7))
    from scipy.spatial import ConvexHull

    hull = ConvexHull(corners)
    ax.fill(*corners[hull.vertices].T, color="#eeeeee", zorder=0,
            label="feasible (all mixtures of outcomes)")
    front = _pareto(corners[hull.vertices])
    ax.plot(*front.T, color="#009E73", lw=2.5, zorder=1, label="Pareto frontier")
    lo, hi = corners.min() - 0.3, corners.max() + 0.3
    ax.plot([lo, hi], [lo, hi], ls="--", color="#777777", lw=1, zorder=1,
            label="equal payoffs")
    for key, (x, y) in zip(("win_win", "lose_win", "win_lose", "lose_lose"), corners,
                           strict=True):
        ax.scatter([x], [y], s=90, color=OUTCOME_COLOURS[key], edgecolor="black", zorder=4)
        ax.annotate(OUTCOME_LABELS[key], (x, y), textcoords="offset points", xytext=(8, 6),
                    fontsize=9, weight="bold")
    m = r.payoff_matrix
    n = r.n_players
    i, j = np.nonzero(~np.isnan(m) & ~np.eye(n, dtype=bool))
    keep = i < j if g.is_symmetric else np.ones_like(i, bool)
    i, j = i[keep], j[keep]
    xs, ys = m[i, j], m[j, i]
    # colour each pairing by the row strategy's most common outcome against that opponent
    pair_out = _pair_outcomes(r)
    dominant = [ORDER[int(np.argmax([pair_out[a, b, ENGINE_INDEX[k]] for k in ORDER]))]
                for a, b in zip(i, j, strict=True)]
    ax.scatter(xs, ys, s=22, c=[OUTCOME_COLOURS[d] for d in dominant], edgecolor="black",
               linewidth=0.3, alpha=0.85, zorder=3)
    for key in ORDER:  # legend: what a point's colour says
        ax.scatter([], [], s=22, color=OUTCOME_COLOURS[key], edgecolor="black", linewidth=0.3,
                   label=f"pairing mostly {OUTCOME_LABELS[key].split(' ')[0]}")
    selfs = [k for k in range(n) if not np.isnan(m[k, k])]
    ax.scatter(m[selfs, selfs], m[selfs, selfs], marker="s", s=22, facecolor="none",
               edgecolor="black", zorder=3, label="against its own twin")
    if label if label is not None else n <= 6:
        for a, b, x, y in zip(i, j, xs, ys, strict=True):
            ax.annotate(f"{r.labels[a]} v {r.labels[b]}", (x, y), fontsize=6,
                        textcoords="offset points", xytext=(3, -8))
    ax.set_xlabel(f"my payoff per turn (row strategy{'; the first named' if n <= 6 else ''})")
    ax.set_ylabel("your payoff per turn (its opponent)")
    ax.set_title("The win-win map: where each pairing ended up")
    ax.set_xlim(lo, hi)
    ax.set_ylim(lo, hi)
    ax.set_aspect("equal")
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=8, frameon=False)
    return finish(fig, path)


def _pair_outcomes(r: Any) -> np.ndarray:
    return np.asarray(r.pair_outcome_counts)


def match_story(player_1: Any, player_2: str | None = None, *, turns: int = 50,
                noise: float = 0.0, repetitions: int = 1, seed: int | None = 1,
                game: str = "pd", path: PathLike = None) -> Any:
    """The long run of one pairing: both players' cumulative payoffs over turns, and below
    them the outcome of every turn. With ``repetitions > 1`` (and noise) the curves are means
    and the band shows each turn's outcome shares. ``player_1`` may be a MatchResult."""
    import winwin as ww

    if player_2 is None:
        m = player_1
        names = m.players
        actions = m.actions[None, :, :]
        g = m.game
    else:
        r = ww.tournament([player_1, player_2], turns=turns, noise=noise,
                          repetitions=repetitions, seed=seed, game=game, self_play=False,
                          histories=True, progress=False)
        names = r.labels
        actions = np.stack([np.asarray(r.match(0, 1, k).actions) for k in range(repetitions)])
        g = r.game
    a, b = actions[:, :, 0].astype(int), actions[:, :, 1].astype(int)
    idx = 2 * a + b  # CC, CD, DC, DD from player 1's side
    u1 = np.array(g.payoffs_1)
    u2 = np.array(g.payoffs_2)[[0, 2, 1, 3]]
    cum1 = np.cumsum(u1[idx], axis=1).mean(axis=0)
    cum2 = np.cumsum(u2[idx], axis=1).mean(axis=0)
    t = np.arange(1, idx.shape[1] + 1)
    fig, (ax, band) = figure((10, 6), 2, 1, sharex=True,
                                   gridspec_kw={"height_ratios": [4, 1]})
    ax.plot(t, cum1, color="#0072B2", lw=2, label=names[0])
    ax.plot(t, cum2, color="#CC79A7", lw=2, label=names[1])
    ax.plot(t, t * u1[0], color=OUTCOME_COLOURS["win_win"], ls=":", lw=1.2,
            label="always win-win")
    ax.plot(t, t * u1[3], color=OUTCOME_COLOURS["lose_lose"], ls=":", lw=1.2,
            label="always lose-lose")
    ax.set_ylabel("cumulative payoff")
    mean = f" (mean of {idx.shape[0]} matches)" if idx.shape[0] > 1 else ""
    ax.set_title(f"{names[0]} vs {names[1]}: short-term gains and the long run{mean}")
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=8, frameon=False)
    ax.grid(alpha=0.3)
    bottom = np.zeros(len(t))
    for key in ORDER:
        share = (idx == ENGINE_INDEX[key]).mean(axis=0)
        band.bar(t, share, bottom=bottom, width=1.0, color=OUTCOME_COLOURS[key],
                 label=OUTCOME_LABELS[key], linewidth=0)
        bottom += share
    band.set_ylim(0, 1)
    band.set_yticks([])
    band.set_ylabel(f"outcome\n({names[0]}'s side)", fontsize=8)
    band.set_xlabel("turn")
    band.legend(loc="upper left", bbox_to_anchor=(1.01, 1.2), fontsize=7, frameon=False)
    return finish(fig, path)


# -- evolution -------------------------------------------------------------------------------------


def population(result: Any, path: PathLike = None) -> Any:
    """Shares of each strategy over generations (or time): Moran, replicator, ecological,
    generational or spatial results."""
    if hasattr(result, "trajectory"):
        traj = np.asarray(result.trajectory, np.float64)
        shares = traj / traj.sum(axis=1, keepdims=True)
        x = np.asarray(getattr(result, "generations", np.arange(len(traj))), np.float64)
        xlabel = "generation"
    else:
        shares = np.asarray(result.shares, np.float64)
        x = np.asarray(getattr(result, "times", np.arange(len(shares))), np.float64)
        xlabel = "time" if result.params.get("kind") == "replicator" else "generation"
    k = shares.shape[1]
    fig, ax = figure(figsize=(10, 5))
    ax.stackplot(x, shares.T, labels=list(getattr(result, "labels", result.players)),
                 colors=strategy_colours(k),
                 alpha=0.9)
    ax.set_xlim(x[0], x[-1] if x[-1] > x[0] else x[0] + 1)
    ax.set_ylim(0, 1)
    ax.set_xlabel(xlabel)
    ax.set_ylabel("share of the population")
    kind = type(result).__name__.replace("Result", "")
    ax.set_title(f"Who spreads: population shares over {xlabel}s ({kind})")
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=8, frameon=False,
              ncols=1 if k <= 20 else 2)
    return finish(fig, path)


def fixation(result: Any, path: PathLike = None) -> Any:
    """Fixation probabilities of one mutant (row) in each resident population (column),
    relative to neutral drift 1/N (a SmallMutationResult)."""
    rho = np.asarray(result.fixation) * result.population
    n = len(result.players)
    size = min(30.0, 4 + 0.35 * n)
    fig, ax = figure(figsize=(size + 1.5, size))
    with np.errstate(divide="ignore"):
        logm = np.log10(rho)
    vmax = np.nanmax(np.abs(logm[np.isfinite(logm)])) if np.isfinite(logm).any() else 1.0
    im = ax.imshow(np.clip(logm, -vmax, vmax), cmap="RdBu_r", vmin=-vmax, vmax=vmax)
    names = list(result.players)
    ax.set_xticks(np.arange(n), names, rotation=90, fontsize=label_size(n))
    ax.set_yticks(np.arange(n), names, fontsize=label_size(n))
    ax.set_xlabel("resident population")
    ax.set_ylabel("one mutant")
    fig.colorbar(im, ax=ax, label="log10(fixation probability x N): > 0 favoured")
    ax.set_title(f"Fixation of one mutant, population {result.population}")
    return finish(fig, path)


def invasion(result: Any, path: PathLike = None, top: int = 40) -> Any:
    """The small-mutation limit as a diagram: strategies on a circle sized by the share of time
    they dominate, arrows for the invasions selection favours (width by strength)."""
    names = list(result.players)
    n = len(names)
    angle = np.linspace(0, 2 * np.pi, n, endpoint=False) + np.pi / 2
    pos = np.stack([np.cos(angle), np.sin(angle)], axis=1)
    fig, ax = figure(figsize=(9, 9))
    edges = sorted(result.invasion_edges(), key=lambda e: -e["ratio_to_neutral"])[:top]
    strongest = max((np.log(e["ratio_to_neutral"]) for e in edges), default=1.0) or 1.0
    for e in edges:
        a, b = pos[names.index(e["from"])], pos[names.index(e["to"])]
        width = 0.5 + 3.5 * np.log(e["ratio_to_neutral"]) / strongest
        ax.annotate("", xy=b * 0.9, xytext=a * 0.9,
                    arrowprops={"arrowstyle": "-|>", "lw": width, "color": "#555555",
                                "alpha": 0.7, "shrinkA": 12, "shrinkB": 12})
    share = np.asarray(result.stationary)
    colours = strategy_colours(n)
    ax.scatter(pos[:, 0], pos[:, 1], s=200 + 4000 * share, c=colours, edgecolor="black",
               zorder=3)
    for k, name in enumerate(names):
        x = pos[k, 0]
        ha = "center" if abs(x) < 0.3 else ("left" if x > 0 else "right")
        ax.annotate(f"{name}\n{share[k]:.1%}", pos[k] * 1.12, ha=ha, va="center",
                    fontsize=label_size(n))
    ax.set_xlim(-1.9, 1.9)
    ax.set_ylim(-1.5, 1.5)
    ax.set_aspect("equal")
    ax.axis("off")
    ax.set_title(f"Small-mutation limit, population {result.population}: time each strategy "
                 "holds the population,\narrows: invasions favoured by selection "
                 "(fixation > 1/N)")
    return finish(fig, path)


def lattice(result: Any, frame: int = -1, path: PathLike = None) -> Any:
    """One snapshot of a spatial game (the last by default)."""
    from matplotlib.colors import ListedColormap
    from matplotlib.patches import Patch

    k = len(result.players)
    colours = _lattice_colours(result.players)
    grid = result.frames[frame]
    gen = int(result.frame_generations[frame])
    fig, ax = figure(figsize=(7.5, 7))
    ax.imshow(grid, cmap=ListedColormap(colours), vmin=-0.5, vmax=k - 0.5,
              interpolation="nearest")
    ax.set_xticks([])
    ax.set_yticks([])
    shares = np.bincount(grid.ravel(), minlength=k) / grid.size
    ax.legend(handles=[Patch(color=colours[i], label=f"{p} {shares[i]:.1%}")
                       for i, p in enumerate(result.players)],
              loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=8, frameon=False)
    ax.set_title(f"Lattice {grid.shape[0]}x{grid.shape[1]}, generation {gen}")
    return finish(fig, path)


def _lattice_colours(players: Any) -> list[Any]:
    if tuple(players) == ("C", "D"):
        return [OUTCOME_COLOURS["win_win"], OUTCOME_COLOURS["lose_lose"]]
    return strategy_colours(len(players))


def animate(result: Any, path: str | Path, fps: int = 10) -> Path:
    """An animation of the kept lattice frames: GIF (Pillow) or MP4 (needs ffmpeg)."""
    from matplotlib import animation
    from matplotlib.colors import ListedColormap

    from winwin._errors import ParameterError

    p = Path(path)
    suffix = p.suffix.lower()
    if suffix == ".gif":
        writer: Any = animation.PillowWriter(fps=fps)
    elif suffix == ".mp4":
        if not animation.writers.is_available("ffmpeg"):
            raise ParameterError("animation", str(path), "a .gif file: MP4 needs ffmpeg, "
                                 "which is not installed")
        writer = animation.FFMpegWriter(fps=fps)
    else:
        raise ParameterError("animation", str(path), "a file ending in .gif or .mp4")
    k = len(result.players)
    fig, ax = figure(figsize=(6, 6))
    im = ax.imshow(result.frames[0], cmap=ListedColormap(_lattice_colours(result.players)),
                   vmin=-0.5, vmax=k - 0.5, interpolation="nearest")
    ax.set_xticks([])
    ax.set_yticks([])
    title = ax.set_title("")

    def draw(f: int) -> Any:
        im.set_data(result.frames[f])
        title.set_text(f"generation {int(result.frame_generations[f])}")
        return (im, title)

    anim = animation.FuncAnimation(fig, draw, frames=len(result.frames), blit=False)
    anim.save(p, writer=writer)
    return p


# -- fingerprints ----------------------------------------------------------------------------------


def fingerprint(fp: Any, path: PathLike = None) -> Any:
    """A fingerprint as a heat map (Ashlock: probe's C and D probabilities; transitive:
    opponents by turn)."""
    if fp.kind == "ashlock":
        fig, ax = figure(figsize=(7.5, 6.5))
        step = float(fp.columns[1] - fp.columns[0]) if len(fp.columns) > 1 else 1.0
        ext = [-step / 2, 1 + step / 2, -step / 2, 1 + step / 2]
        im = ax.imshow(fp.values, origin="lower", extent=ext, cmap="viridis", aspect="equal")
        ax.plot([0, 1], [1, 0], color="white", lw=1, ls="--")
        ax.set_xlabel("x: the probe cooperates at random this often")
        ax.set_ylabel("y: the probe defects at random this often")
        fig.colorbar(im, ax=ax, label=f"{fp.strategy}'s payoff per turn")
        ax.set_title(f"Ashlock fingerprint of {fp.strategy}\n(probe {fp.params['probe']}, its "
                     "dual above the dashed diagonal)", fontsize=10)
    else:
        n = len(fp.rows)
        fig, ax = figure(figsize=(10, tall(n, 2.5, 0.25)))
        im = ax.imshow(fp.values, aspect="auto", cmap="RdYlGn", vmin=0, vmax=1,
                       interpolation="nearest")
        ax.set_yticks(np.arange(n), list(fp.rows), fontsize=label_size(n))
        ax.set_xlabel("turn")
        ax.set_xticks(np.arange(0, len(fp.columns), max(1, len(fp.columns) // 10)),
                      [str(int(c)) for c in fp.columns[::max(1, len(fp.columns) // 10)]])
        fig.colorbar(im, ax=ax, label="cooperation rate")
        ax.set_title(f"Transitive fingerprint of {fp.strategy}: how often it cooperates, turn by "
                     "turn, against each opponent", fontsize=10)
    return finish(fig, path)


def sweep_map(frame: Any, x: str, y: str, measure: str, path: Any = None) -> Any:
    """A measure of a sweep over two of its parameters: the mean of a number, or the most
    frequent value of a word (such as ``winner``) over the seeds of each point."""
    from winwin._errors import ParameterError

    for field, col in (("x", x), ("y", y), ("measure", measure)):
        if col not in frame.columns:
            raise ParameterError(field, col, "a column of the sweep: " + ", ".join(
                c for c in frame.columns if c not in ("cell_id", "scores", "final")))
    xs = sorted(frame[x].dropna().unique())
    ys = sorted(frame[y].dropna().unique())
    if len(xs) < 1 or len(ys) < 1:
        raise ParameterError("x", x, "parameters with at least one value each")
    numeric = frame[measure].dtype.kind in "fiub"
    grid = np.full((len(ys), len(xs)), np.nan)
    labels: list[str] = []
    for (xv, yv), group in frame.groupby([x, y]):
        values = group[measure].dropna()
        if values.empty:
            continue
        if numeric:
            v = float(values.astype(float).mean())
        else:
            top = str(values.astype(str).value_counts().sort_index().idxmax())
            if top not in labels:
                labels.append(top)
            v = float(labels.index(top))
        grid[ys.index(yv), xs.index(xv)] = v
    fig, ax = figure((7.5, 5.2))
    extent = (-0.5, len(xs) - 0.5, -0.5, len(ys) - 0.5)
    if numeric:
        im = ax.imshow(grid, origin="lower", aspect="auto", cmap="viridis", extent=extent)
        fig.colorbar(im, ax=ax, label=measure.replace("_", " "))
    else:
        from matplotlib.colors import ListedColormap
        from matplotlib.patches import Patch

        colours = strategy_colours(len(labels))
        ax.imshow(grid, origin="lower", aspect="auto", extent=extent,
                  cmap=ListedColormap(colours), vmin=-0.5, vmax=len(labels) - 0.5)
        ax.legend(handles=[Patch(color=c, label=lab) for c, lab in zip(colours, labels,
                                                                         strict=True)],
                  loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=8, frameon=False,
                  title=measure.replace("_", " "))
    step_x = max(1, len(xs) // 8)
    step_y = max(1, len(ys) // 8)
    ax.set_xticks(range(0, len(xs), step_x), [f"{v:.3g}" for v in xs[::step_x]])
    ax.set_yticks(range(0, len(ys), step_y), [f"{v:.3g}" for v in ys[::step_y]])
    ax.set_xlabel(x.replace("_", " "))
    ax.set_ylabel(y.replace("_", " "))
    ax.set_title(f"{measure.replace('_', ' ')} over {x.replace('_', ' ')} and "
                 f"{y.replace('_', ' ')}")
    return finish(fig, path)


def sweep_line(frame: Any, x: str, measure: str, path: Any = None) -> Any:
    """A measure of a sweep along one parameter: the mean and the range over the other cells
    (numbers), or each value's share of the cells (words such as ``winner``)."""
    from winwin._errors import ParameterError

    for field, col in (("x", x), ("measure", measure)):
        if col not in frame.columns:
            raise ParameterError(field, col, "a column of the sweep: " + ", ".join(
                c for c in frame.columns if c not in ("cell_id", "scores", "final")))
    fig, ax = figure((7.5, 4.5))
    groups = frame.groupby(x)
    xs = np.array(sorted(frame[x].dropna().unique()), dtype=float)
    if frame[measure].dtype.kind in "fiub":
        stats = groups[measure].agg(["mean", "min", "max"]).reindex(xs)
        ax.fill_between(xs, stats["min"], stats["max"], color=OKABE_ITO_LIGHT, label="range")
        ax.plot(xs, stats["mean"], color="#0072B2", lw=2, label="mean")
        ax.set_ylabel(measure.replace("_", " "))
        ax.legend(frameon=False, fontsize=8)
    else:
        shares = (groups[measure].value_counts(normalize=True).unstack(fill_value=0.0)
                  .reindex(xs).fillna(0.0))
        order = shares.mean().sort_values(ascending=False).index[:8]
        for colour, name in zip(strategy_colours(len(order)), order, strict=True):
            ax.plot(xs, shares[name], color=colour, lw=2, label=str(name))
        ax.set_ylabel(f"share of cells ({measure.replace('_', ' ')})")
        ax.set_ylim(0, 1)
        ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=8, frameon=False)
    ax.set_xlabel(x.replace("_", " "))
    ax.set_title(f"{measure.replace('_', ' ')} along {x.replace('_', ' ')}")
    return finish(fig, path)


OKABE_ITO_LIGHT = "#cfe3f2"
