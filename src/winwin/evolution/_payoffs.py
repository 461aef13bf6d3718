"""The payoff table that evolutionary dynamics run on: what each strategy earns per match
against each other, simulated with the compiled engine or exact for memory-one line-ups."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from winwin._errors import ParameterError, WinwinError
from winwin._keep import Kept
from winwin.game import Game
from winwin.strategies import Strategy, get_strategy

#: The payoff scales fitness can be read on: per-match totals (Nowak et al. 2004, winwin's
#: default) or the mean payoff per turn (EGTtools and most EGT papers). Under totals a selection
#: intensity w (or beta) acts as ``w * turns`` does per turn: EGTtools' beta = 1 is winwin's
#: beta = 1 / turns with ``payoffs="total"``, and beta = 1 with ``payoffs="per-turn"``.
SCALES = ("total", "per-turn")


def check_scale(payoffs: str) -> str:
    if payoffs not in SCALES:
        raise ParameterError("payoffs", payoffs, "total (per-match totals) or per-turn "
                             "(mean payoff per turn)")
    return payoffs


@dataclass(frozen=True, eq=False, repr=False)
class PayoffTable(Kept):
    """``per_match[i, j]``: the expected total payoff of strategy i in one match against j
    (``per_turn`` times the expected match length). Evolution runs on :attr:`fitness`: the
    per-match totals, as Nowak et al. (2004) do (``scale="total"``), or the per-turn means
    (``scale="per-turn"``, as EGTtools does)."""

    players: tuple[str, ...]
    per_turn: np.ndarray
    expected_length: float
    exact: bool
    params: dict[str, Any] = field(default_factory=dict)
    scale: str = "total"

    def __post_init__(self) -> None:
        m = np.array(self.per_turn, np.float64)
        k = len(self.players)
        if m.shape != (k, k) or not np.all(np.isfinite(m)):
            raise ParameterError("payoffs", m.shape, f"a finite {k}x{k} table")
        m.flags.writeable = False
        object.__setattr__(self, "per_turn", m)
        check_scale(self.scale)

    @property
    def per_match(self) -> np.ndarray:
        return self.per_turn * self.expected_length

    @property
    def fitness(self) -> np.ndarray:
        """The payoffs selection acts on, on this table's :attr:`scale`."""
        return self.per_match if self.scale == "total" else self.per_turn

    def on_scale(self, payoffs: str | None) -> PayoffTable:
        """This table read on the scale ``payoffs`` ("total" or "per-turn"; None keeps it)."""
        if payoffs is None or payoffs == self.scale:
            return self
        import dataclasses

        return dataclasses.replace(self, scale=check_scale(payoffs),
                                   params={**self.params, "scale": payoffs})

    @classmethod
    def from_matrix(cls, matrix: Sequence[Sequence[float]] | np.ndarray,
                    players: Sequence[str] | None = None) -> PayoffTable:
        """A table given directly: ``matrix[i][j]`` is i's payoff per match against j."""
        m = np.asarray(matrix, np.float64)
        if m.ndim != 2 or m.shape[0] != m.shape[1] or m.shape[0] < 2:
            raise ParameterError("payoffs", m.shape, "a square table of at least 2x2")
        names = tuple(players) if players is not None else tuple(f"s{i}" for i in range(len(m)))
        if len(names) != len(m):
            raise ParameterError("players", list(names), f"{len(m)} names")
        return cls(names, m, 1.0, True, {"source": "matrix"})

    def to_dict(self) -> dict[str, Any]:
        return {"players": list(self.players), "per_match": self.per_match.tolist(),
                "expected_length": self.expected_length, "exact": self.exact,
                "scale": self.scale, "params": self.params}

    def to_frame(self) -> Any:
        """One row per (player, opponent): the payoff per match and per turn."""
        import pandas as pd

        k = len(self.players)
        return pd.DataFrame({"player": np.repeat(self.players, k),
                             "opponent": np.tile(self.players, k),
                             "per_match": self.per_match.ravel(),
                             "per_turn": self.per_turn.ravel()})


def payoff_table(players: Sequence[str | Strategy] | PayoffTable, *, game: str | Game = "pd",
                 turns: int | None = None, prob_end: float | None = None, noise: float = 0.0,
                 exact: bool | None = None, repetitions: int = 200,
                 seed: int | None = None, long_run: bool = False,
                 payoffs: str | None = None) -> PayoffTable:
    """Expected per-match payoffs between the players.

    ``exact=None`` uses the exact Markov chain when every player is memory-one and simulation
    (``repetitions`` matches per pair on the compiled engine) otherwise; ``exact=True`` insists
    on the chain. ``long_run=True`` (memory-one players) uses the long-run per-turn payoffs,
    as in the zero-determinant literature. ``payoffs``: the scale fitness reads them on,
    "total" (per-match totals, the default) or "per-turn" (see :data:`SCALES`).
    """
    from winwin.tournament import tournament

    if isinstance(players, PayoffTable):
        return players.on_scale(payoffs)
    scale = check_scale("total" if payoffs is None else payoffs)
    if isinstance(players, (str, Strategy)) or not isinstance(players, Sequence):
        raise ParameterError("players", players, "a list of strategy names or objects")
    strategies = [get_strategy(p) for p in players]
    if len(strategies) < 2:
        raise ParameterError("players", len(strategies), "at least 2 strategies")
    if long_run:
        for field, value in (("turns", turns), ("prob_end", prob_end)):
            if value is not None:
                raise ParameterError(field, value, "left out with long-run payoffs "
                                     "(long_run, --long-run): they have no match length")
        if exact is False:
            raise ParameterError("exact", exact, "left out with long-run payoffs (long_run, "
                                 "--long-run): they are exact")
        return _long_run_table(strategies, game, noise).on_scale(scale)
    if exact is None:
        from winwin.game import parse_game

        g = parse_game(game)
        exact = all(s.memory_one(g) is not None for s in strategies)
    r = tournament(strategies, turns=turns, prob_end=prob_end, noise=noise, game=game,
                   seed=seed, repetitions=repetitions, exact=exact, progress=False)
    if np.isnan(r.payoff_matrix).any():  # pragma: no cover - self-play is on
        raise WinwinError("incomplete payoff table")
    p = r.params
    length = float(p["turns"]) if p["turns"] is not None else 1.0 / float(p["prob_end"])
    params = {k: p[k] for k in ("turns", "prob_end", "noise", "game", "seed")}
    params["repetitions"] = None if exact else repetitions
    params["scale"] = scale
    return PayoffTable(r.players, r.payoff_matrix, length, bool(exact), params, scale)


def _long_run_table(strategies: list[Strategy], game: str | Game, noise: float) -> PayoffTable:
    from winwin.analysis import expected_payoffs
    from winwin.game import parse_game

    g = parse_game(game)
    vs = []
    for s in strategies:
        v = s.memory_one(g)
        if v is None:
            raise ParameterError("long_run", True, f"memory-one strategies only; {s.spec!r} is "
                                 "not one")
        vs.append(v)
    k = len(vs)
    arr = np.array(vs, np.float64)
    i, j = np.meshgrid(np.arange(k), np.arange(k), indexing="ij")
    pay = expected_payoffs(arr[i.ravel()], arr[j.ravel()], game=g, noise=noise)[:, 0]
    params = {"turns": None, "prob_end": None, "noise": noise, "game": g.spec(),
              "long_run": True}
    return PayoffTable(tuple(s.spec for s in strategies), pay.reshape(k, k), 1.0, True, params)


def scale_params(table: PayoffTable) -> dict[str, Any]:
    """The table's parameters for a result's params, its payoff scale always among them."""
    return {**table.params, "scale": table.scale}


class PopulationPictures:
    """Plot and notebook helpers shared by the evolution results."""

    players: tuple[str, ...]

    def plot_population(self, path: Any = None) -> Any:
        """Shares of each strategy over generations or time."""
        from winwin import plots

        return plots.population(self, path)

    def _final_shares(self) -> np.ndarray:
        if hasattr(self, "trajectory"):
            last = np.asarray(self.trajectory[-1], np.float64)
            return np.asarray(last / last.sum())
        return np.asarray(self.shares[-1])  # type: ignore[attr-defined]

    def _repr_html_(self) -> str:
        import html

        end = self._final_shares()
        order = np.argsort(-end, kind="stable")
        rows = "".join(f"<tr><td>{html.escape(self.players[i])}</td><td>{end[i]:.1%}</td></tr>"
                       for i in order[:30])
        return (f"<div><b>{type(self).__name__}</b><table><tr><th>strategy</th>"
                f"<th>final share</th></tr>{rows}</table></div>")
