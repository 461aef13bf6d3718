"""Generational selection as in "The Evolution of Trust" (Case 2017).

Each generation every individual plays every other once (no self-play) for ``rounds`` turns;
the ``replace`` individuals with the lowest total scores are eliminated and the ``replace`` with
the highest are cloned. Ties at either cut are broken at random with the seed.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from winwin import _budget
from winwin._errors import ParameterError, check_float, check_int
from winwin._keep import Kept
from winwin.engine import _rng
from winwin.evolution._payoffs import PopulationPictures
from winwin.game import Game, parse_game
from winwin.results import payoff_totals
from winwin.strategies import Strategy, get_strategy

__all__ = ["GenerationalResult", "evolve"]


@dataclass(frozen=True, eq=False, repr=False)
class GenerationalResult(Kept, PopulationPictures):
    players: tuple[str, ...]
    trajectory: np.ndarray  # (generations + 1, players) counts
    params: dict[str, Any]
    #: The names the caller gave (``copycat``), when they differ from the slugs.
    given: tuple[str, ...] = field(default=(), compare=False)

    @property
    def final(self) -> dict[str, int]:
        return {p: int(x) for p, x in zip(self.players, self.trajectory[-1], strict=True)}

    @property
    def winner(self) -> str | None:
        last = self.trajectory[-1]
        return self.players[int(np.argmax(last))] if np.count_nonzero(last) == 1 else None

    def to_dict(self) -> dict[str, Any]:
        return {"players": list(self.players),
                **({"given": list(self.given)} if self.given else {}),
                "trajectory": self.trajectory.tolist(),
                "final": self.final, "winner": self.winner, "params": self.params}

    _REPR = ("players", "trajectory", "winner")
    _KEEP_EXTRA = ("given",)

    def to_frame(self) -> Any:
        import pandas as pd

        df = pd.DataFrame(self.trajectory, columns=list(self.players))
        df.insert(0, "generation", np.arange(len(df)))
        return df


def evolve(population: Mapping[str, int] | Sequence[tuple[str | Strategy, int]], *,
           generations: int = 20, turns: int | None = None, replace: int = 5,
           game: str | Game = "trust", noise: float = 0.0, seed: int | None = None,
           rounds: int | None = None, payoffs: str = "total") -> GenerationalResult:
    """Run the generational tournament of "The Evolution of Trust".

    ``population``: counts per strategy, e.g. ``{"cooperator": 15, "defector": 5,
    "tit-for-tat": 5}`` (that piece's first evolution). ``turns`` per match (default 10, as
    there); ``rounds`` is its older name. ``payoffs`` ("total" or "per-turn") is recorded:
    every match has the same length, so both scales rank alike.
    """
    from winwin.evolution._payoffs import check_scale

    scale = check_scale(payoffs)
    from winwin import engine
    from winwin.engine import Length
    from winwin.tournament import Plan, _given

    items = list(population.items()) if isinstance(population, Mapping) else list(population)
    if len(items) < 2:
        raise ParameterError("population", items, "counts for at least 2 strategies")
    strategies, counts = [], []
    for name, c in items:
        strategies.append(get_strategy(name))
        counts.append(check_int(f"population[{strategies[-1].spec}]", c, low=0, high=100_000))
    counts_a = np.array(counts, np.int64)
    size = int(counts_a.sum())
    if size < 2:
        raise ParameterError("population", size, "at least 2 individuals")
    g = check_int("generations", generations, low=0, high=1_000_000)
    if rounds is not None and turns is not None and rounds != turns:
        raise ParameterError("rounds", rounds, f"left out (it is the old name of turns={turns})")
    field = "turns" if turns is not None or rounds is None else "rounds"
    turns = check_int(field, 10 if turns is None and rounds is None else
                      turns if turns is not None else rounds, low=1, high=1_000_000)
    k_rep = check_int("replace", replace, low=0, high=size // 2)
    e = check_float("noise", noise, low=0.0, high=1.0)
    gm = parse_game(game)
    seed = _rng.check_seed(seed)
    n_pairs = size * (size - 1) // 2
    _budget.check(_budget.Cost(  # pair indices, outcome counts and lengths: ~120 bytes a pair
        f"{g:,} generations of {size:,} individuals ({n_pairs:,} matches each)",
        g * n_pairs * turns / _budget.RATES["general"], n_pairs * 120.0 + size * 1000.0))
    k = len(strategies)
    types = np.repeat(np.arange(k), counts_a)
    traj = np.zeros((g + 1, k), np.int64)
    traj[0] = counts_a
    i_idx, j_idx = np.triu_indices(size, 1)
    pi, pj = i_idx.astype(np.int64), j_idx.astype(np.int64)
    pairs = np.stack([pi, pj], axis=1)
    from winwin._progress import Progress

    # a bar on a terminal when the run is long (turns played per second, roughly)
    bar = Progress(g * n_pairs * turns, label="generations", expected_rate=5e6)
    for gen in range(g):
        bar.update(n_pairs * turns)
        line_up = [strategies[t] for t in types]
        base = _rng.stream_key(seed, "generational", gen)
        plan = Plan(tuple(line_up), pairs, 1, Length(turns=turns), e, gm, False, seed, key=base)
        outcomes, _ = engine.play_rows(plan, progress=False)
        pa, pb = payoff_totals(outcomes[:, 0, :], gm)
        score = np.zeros(size)
        np.add.at(score, pi, pa)
        np.add.at(score, pj, pb)
        # random tie-breaks: order by score, then by a seeded random key
        tie = _rng.match_keys(base, np.arange(size), np.zeros(size, np.int64),
                              np.full(size, 7, np.int64))
        order = np.lexsort((tie, score))  # ascending score
        if k_rep:
            worst, best = order[:k_rep], order[-k_rep:]
            types = types.copy()
            types[worst] = types[best]
        traj[gen + 1] = np.bincount(types, minlength=k)
    bar.close()
    params = {"generations": g, "rounds": turns, "replace": k_rep, "game": gm.spec(),
              "game_name": gm.name, "noise": e, "seed": seed, "population": size,
              "payoffs": scale}
    specs = tuple(s.spec for s in strategies)
    given = _given([name for name, _ in items], specs)
    return GenerationalResult(specs, traj, params, () if given == specs else given)
