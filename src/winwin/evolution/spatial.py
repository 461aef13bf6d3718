"""Spatial games on an L x L torus (Nowak & May 1992, Nature 359:826-829).

Every cell holds a strategy and collects the payoffs of its games against each neighbour (and
itself, with ``self_interaction``). Then every cell takes the strategy of the highest payoff in
its neighbourhood, itself included (synchronous), or cells do so one at a time in random order
(asynchronous, L*L updates a generation). Tie rule: a cell keeps its own strategy when its own
payoff is among the best; otherwise the first best neighbour in the order N, S, W, E, NW, NE,
SW, SE wins.

The classic game is cooperators (C) against defectors (D) with R = 1, T = b, S = P = 0; any
line-up of repeated-game strategies works too: their expected per-match payoffs form the
table each cell plays by (:func:`lattice` with ``players=[...]``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from winwin import _budget
from winwin._errors import ParameterError, check_float, check_int
from winwin._keep import Kept
from winwin.engine import _rng
from winwin.evolution._payoffs import PayoffTable, PopulationPictures, payoff_table, scale_params
from winwin.strategies import Strategy

__all__ = ["SpatialResult", "lattice", "nowak_may"]

NEIGHBOURHOODS = {
    "von-neumann": [(-1, 0), (1, 0), (0, -1), (0, 1)],
    "moore": [(-1, 0), (1, 0), (0, -1), (0, 1), (-1, -1), (-1, 1), (1, -1), (1, 1)],
}


@dataclass(frozen=True, eq=False, repr=False)
class SpatialResult(Kept, PopulationPictures):
    players: tuple[str, ...]
    shares: np.ndarray  # (generations + 1, players)
    frames: np.ndarray  # (kept, L, L) uint8 strategy indices
    frame_generations: np.ndarray
    final: np.ndarray  # the last lattice
    params: dict[str, Any]

    def plot_lattice(self, frame: int = -1, path: Any = None) -> Any:
        from winwin import plots

        return plots.lattice(self, frame, path)

    def animate(self, path: Any, fps: int = 10) -> Any:
        """GIF (or MP4 with ffmpeg) of the kept frames."""
        from winwin import plots

        return plots.animate(self, path, fps)

    def share(self, player: str) -> np.ndarray:
        return self.shares[:, self.players.index(player)]

    def to_dict(self, frames: bool = False) -> dict[str, Any]:
        d = {"players": list(self.players), "shares": self.shares.tolist(),
             "final_shares": {p: float(x) for p, x in
                              zip(self.players, self.shares[-1], strict=True)},
             "frame_generations": self.frame_generations.tolist(), "params": self.params}
        if frames:
            d["frames"] = self.frames.tolist()
        return d

    def to_frame(self) -> Any:
        import pandas as pd

        df = pd.DataFrame(self.shares, columns=list(self.players))
        df.insert(0, "generation", np.arange(len(df)))
        return df


def nowak_may(size: int = 100, b: float = 1.85, *, defectors: float = 0.1,
              **kw: Any) -> SpatialResult:
    """Nowak & May's lattice: cooperators and defectors with R = 1, T = b, S = P = 0.

    ``defectors``: initial share of D cells, placed at random with the seed.
    """
    b = check_float("b", b, low=0.0)
    table = PayoffTable(("C", "D"), np.array([[1.0, 0.0], [b, 0.0]]), 1.0, True,
                        {"game": f"1,0,{b:g},0", "b": b})
    share = check_float("defectors", defectors, low=0.0, high=1.0)
    return lattice(table, size, shares=[1 - share, share], **kw)


def lattice(players: Sequence[str | Strategy] | PayoffTable, size: int = 100, *,
            shares: Sequence[float] | None = None, initial: np.ndarray | None = None,
            generations: int = 100, neighbourhood: str = "moore",
            self_interaction: bool = True, update: str = "synchronous",
            seed: int | None = None, frame_every: int = 1, max_frames: int = 200,
            game: str = "pd", turns: int | None = None, prob_end: float | None = None,
            noise: float = 0.0, exact: bool | None = None, repetitions: int = 200,
            payoffs: str | None = None) -> SpatialResult:
    """Run a spatial game. ``initial`` (L x L strategy indices) or random placement by
    ``shares``. Frames are kept every ``frame_every`` generations, at most ``max_frames`` of
    them (when there would be more, every other kept frame is dropped and the spacing doubles).
    ``payoffs`` ("total" or "per-turn") is recorded; imitating the best is the same on both.
    """
    from winwin.engine import _evolution as E
    from winwin.engine import _warm

    table = payoff_table(players, game=game, turns=turns, prob_end=prob_end, noise=noise,
                         exact=exact, repetitions=repetitions, seed=seed, payoffs=payoffs)
    k = len(table.players)
    if k > 255:
        raise ParameterError("players", k, "at most 255 strategies on a lattice")
    n = check_int("size", size, low=3, high=20_000)
    g = check_int("generations", generations, low=0, high=10_000_000)
    if neighbourhood not in NEIGHBOURHOODS:
        raise ParameterError("neighbourhood", neighbourhood, ", ".join(NEIGHBOURHOODS))
    if update not in ("synchronous", "asynchronous"):
        raise ParameterError("update", update, "synchronous or asynchronous")
    if not isinstance(self_interaction, bool):
        raise ParameterError("self_interaction", self_interaction, "True or False")
    every = check_int("frame_every", frame_every, low=1)
    cap = check_int("max_frames", max_frames, low=1, high=100_000)
    seed = _rng.check_seed(seed)
    frames_kept = min(g // every + 1, cap + 1)
    _budget.check(_budget.Cost(
        f"a {n:,} x {n:,} lattice over {g:,} generations ({frames_kept:,} frames kept)",
        g * n * n * (len(NEIGHBOURHOODS[neighbourhood]) + 1) / 1e8,
        n * n * (26 + frames_kept)))  # grids, payoffs, the initial draw; one byte a frame cell
    grid = _initial(table, n, shares, initial, seed)
    offsets = np.array(NEIGHBOURHOODS[neighbourhood], np.int64)
    a = np.ascontiguousarray(table.fitness)
    shares_t = np.zeros((g + 1, k))
    shares_t[0] = np.bincount(grid.ravel(), minlength=k) / grid.size
    frames = [grid.copy()]
    frame_gens = [0]
    pay = np.empty(grid.shape)
    nxt = np.empty_like(grid)
    key = np.uint64(_rng.stream_key(seed, "spatial"))
    _warm.before(E.lattice_step if update == "synchronous" else E.lattice_async)
    from winwin._progress import Progress

    bar = Progress(g * grid.size, label="generations", expected_rate=5e7)
    for gen in range(1, g + 1):
        if update == "synchronous":
            E.lattice_step(grid, a, offsets, self_interaction, pay, nxt)
            grid, nxt = nxt, grid
        else:
            E.lattice_async(grid, a, offsets, self_interaction, key, (gen - 1) * grid.size,
                            grid.size)
        shares_t[gen] = np.bincount(grid.ravel(), minlength=k) / grid.size  # type: ignore[assignment]
        bar.update(grid.size)
        if gen % every == 0:
            frames.append(grid.copy())
            frame_gens.append(gen)
            if len(frames) > cap:  # thin: keep every other frame, double the spacing
                frames = frames[::2]
                frame_gens = frame_gens[::2]
                every *= 2
    bar.close()
    params = {"size": n, "generations": g, "neighbourhood": neighbourhood,
              "self_interaction": self_interaction, "update": update, "seed": seed,
              "payoffs": scale_params(table), "frame_every": every, "max_frames": cap}
    return SpatialResult(table.players, shares_t, np.array(frames, np.uint8),
                         np.array(frame_gens), grid.copy(), params)


def _initial(table: PayoffTable, n: int, shares: Sequence[float] | None,
             initial: np.ndarray | None, seed: int) -> np.ndarray:
    k = len(table.players)
    if initial is not None:
        grid = np.asarray(initial)
        if grid.shape != (n, n) or not np.issubdtype(grid.dtype, np.integer) \
                or grid.min() < 0 or grid.max() >= k:
            raise ParameterError("initial", getattr(grid, "shape", None),
                                 f"an {n}x{n} array of strategy indices 0..{k - 1}")
        return np.ascontiguousarray(grid, np.uint8)
    x = np.full(k, 1.0 / k) if shares is None else np.asarray(shares, np.float64)
    if x.shape != (k,) or np.any(x < 0) or not np.isfinite(x).all() or x.sum() <= 0:
        raise ParameterError("shares", None if shares is None else list(shares),
                             f"{k} non-negative numbers with a positive sum")
    x = x / x.sum()
    keys = _rng.match_keys(_rng.stream_key(seed, "spatial", 1), np.arange(n * n),
                           np.zeros(n * n, np.int64), np.zeros(n * n, np.int64))
    u = (keys >> np.uint64(11)).astype(np.float64) / 9007199254740992.0
    grid = np.searchsorted(np.cumsum(x)[:-1], u, side="right").astype(np.uint8)
    return np.ascontiguousarray(grid.reshape(n, n))
