"""Strategy fingerprints, computed with the compiled engine.

- Ashlock fingerprint (Ashlock & Kim 2008, IEEE Trans. Evol. Comp. 12:647-659): the strategy's
  mean payoff per turn against the Joss-Ann transform JA(probe, x, y) of a probe (tit-for-tat by
  default) over the unit square: the probe cooperates with probability x, defects with
  probability y and otherwise plays as itself (x + y <= 1); above the diagonal (x + y > 1) the
  probe's dual is used with JA(dual, 1 - y, 1 - x), as Ashlock and Kim define it.
- Transitive fingerprint (Axelrod-Python's): the strategy's cooperation rate on each turn
  against a line-up of opponents (by default ``random(p)`` for p from 0 to 1), averaged over
  repetitions.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from winwin._errors import ParameterError, check_int
from winwin._keep import Kept
from winwin.game import Game, parse_game
from winwin.strategies import Strategy, get_strategy

__all__ = ["Fingerprint", "ashlock", "transitive"]


@dataclass(frozen=True, eq=False, repr=False)
class Fingerprint(Kept):
    """``values[i, j]``: the measure at ``rows[i]``, ``columns[j]``."""

    strategy: str
    kind: str
    rows: np.ndarray
    columns: np.ndarray
    values: np.ndarray
    params: dict[str, Any]

    def to_dict(self) -> dict[str, Any]:
        return {"strategy": self.strategy, "kind": self.kind, "rows": self.rows.tolist(),
                "columns": self.columns.tolist(), "values": self.values.tolist(),
                "params": self.params}

    _REPR = ("strategy", "kind", "values")

    def to_frame(self) -> Any:
        """Long form: one row per (row, column) point and its value."""
        import pandas as pd

        r, c = np.meshgrid(self.rows, self.columns, indexing="ij")
        return pd.DataFrame({"row": r.ravel(), "column": c.ravel(),
                             "value": self.values.ravel()})

    def plot(self, path: Any = None) -> Any:
        from winwin import plots

        return plots.fingerprint(self, path)


def _probe_vector(probe: Strategy, game: Game) -> tuple[float, float, float, float, float]:
    v = probe.memory_one(game)
    if v is None:
        raise ParameterError("probe", probe.spec, "a memory-one strategy (e.g. tit-for-tat)")
    return v


def _dual(v: tuple[float, ...]) -> tuple[float, ...]:
    """The dual of a memory-one strategy: cooperate exactly when the original, seeing its own
    moves flipped, would defect. Own-move flips swap CC<->DC and CD<->DD."""
    first, cc, cd, dc, dd = v
    return (1 - first, 1 - dc, 1 - dd, 1 - cc, 1 - cd)


def ashlock(strategy: str | Strategy, *, probe: str | Strategy = "tit-for-tat",
            step: float = 0.05, turns: int = 50, repetitions: int = 10, noise: float = 0.0,
            game: str | Game = "pd", seed: int | None = None) -> Fingerprint:
    """The Ashlock fingerprint on a grid of ``step`` spacing (rows y, columns x)."""
    from winwin.tournament import tournament

    s = get_strategy(strategy)
    g = parse_game(game)
    p = _probe_vector(get_strategy(probe), g)
    if not 0 < step <= 0.5:
        raise ParameterError("step", step, "a number with 0 < step <= 0.5")
    grid = np.round(np.arange(0.0, 1.0 + step / 2, step), 10)
    probes: list[Strategy] = []
    where: list[tuple[int, int]] = []
    for i, y in enumerate(grid):
        for j, x in enumerate(grid):
            base: tuple[float, ...]
            if x + y <= 1:
                base, a, b = p, x, y
            else:
                base, a, b = _dual(p), 1 - y, 1 - x
            vec = [a + (1 - a - b) * q for q in base]
            probes.append(get_strategy("memory-one(p=[{},{},{},{}],first={})".format(
                *vec[1:], vec[0])))
            where.append((i, j))
    r = tournament([s, *probes], turns=turns, repetitions=repetitions, noise=noise, game=g,
                   seed=seed, progress=False)
    values = np.zeros((len(grid), len(grid)))
    for k, (i, j) in enumerate(where):
        values[i, j] = r.payoff_matrix[0, k + 1]
    params = {"probe": get_strategy(probe).spec, "step": step, "turns": turns,
              "repetitions": repetitions, "noise": noise, "game": g.spec(),
              "seed": r.params["seed"]}
    return Fingerprint(s.spec, "ashlock", grid, grid, values, params)


def transitive(strategy: str | Strategy, *, opponents: Sequence[str | Strategy] | None = None,
               turns: int = 50, repetitions: int = 100, noise: float = 0.0,
               game: str | Game = "pd", seed: int | None = None) -> Fingerprint:
    """Cooperation rate of the strategy on each turn (columns) against each opponent (rows)."""
    from winwin.tournament import tournament

    s = get_strategy(strategy)
    if opponents is None:
        opponents = [f"random(p={p:g})" for p in np.round(np.linspace(0, 1, 21), 4)]
    opp = [get_strategy(o) for o in opponents]
    n = check_int("turns", turns, low=1, high=100_000)
    reps = check_int("repetitions", repetitions, low=1, high=100_000)
    r = tournament([s, *opp], turns=n, repetitions=reps, noise=noise, game=game, seed=seed,
                   histories=True, progress=False)
    values = np.zeros((len(opp), n))
    for k in range(len(opp)):
        for rep in range(reps):
            values[k] += 1 - np.asarray(r.match(0, k + 1, rep).actions)[:, 0]
    values /= reps
    params = {"turns": n, "repetitions": reps, "noise": noise, "game": r.game.spec(),
              "seed": r.params["seed"]}
    return Fingerprint(s.spec, "transitive", np.array([o.spec for o in opp]),
                       np.arange(1, n + 1), values, params)
