"""A sweep's design: the experiment, its fixed settings and the swept ones, turned into cells.

A design is a dict (or TOML)::

    experiment = "tournament"          # tournament, match, moran, fixation, replicator,
                                       # generational or spatial
    seeds = 10                         # repetitions of every cell, each with its own seed
    seed = 1                           # the design's seed: cell seeds and random designs
    [fixed]
    players = "classic"                # a line-up expression or a list of strategy specs
    turns = 200
    [sweep]
    noise = {start = 0.0, stop = 0.1, num = 11}     # a range (num points, both ends)
    prob_end = [0.01, 0.02, 0.05]                   # a list
    # design = "grid" (default), or "random" / "latin-hypercube" with samples = N

Every cell has an id: a hash of the experiment, its parameters, its seed and the winwin version,
so a cell computed twice (a repeated Dask task, a resumed run) is recognised as the same cell.
"""

from __future__ import annotations

import functools
import hashlib
import itertools
import json
import math
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from winwin._errors import ParameterError, check_int
from winwin._version import __version__
from winwin.spec import parse_population

__all__ = ["Cell", "Design", "EXPERIMENTS", "MAX_CELLS", "load_design"]

#: Without ``yes=True`` (``--yes``) a design may have at most this many cells.
MAX_CELLS = 1_000_000
#: The settings each experiment takes (sweepable or fixed) and their kinds.
EXPERIMENTS: dict[str, dict[str, str]] = {
    "tournament": {"players": "players", "turns": "int", "prob_end": "float",
                   "repetitions": "int", "noise": "float", "game": "game",
                   "self_play": "bool"},
    "match": {"player_1": "strategy", "player_2": "strategy", "turns": "int",
              "prob_end": "float", "noise": "float", "game": "game"},
    "moran": {"players": "players", "population": "int", "w": "float", "mutation": "float",
              "generations": "float", "turns": "int", "noise": "float", "game": "game",
              "process": "word"},
    "fixation": {"mutant": "strategy", "resident": "strategy", "population": "int",
                 "runs": "int", "w": "float", "turns": "int", "noise": "float", "game": "game",
                 "process": "word"},
    "replicator": {"players": "players", "time": "float", "turns": "int", "prob_end": "float",
                   "noise": "float", "game": "game"},
    "generational": {"population": "population", "generations": "int", "turns": "int",
                     "replace": "int", "noise": "float", "game": "game"},
    "spatial": {"size": "int", "b": "float", "defectors": "float", "generations": "int",
                "neighbourhood": "word", "update": "word"},
}
DESIGNS = ("grid", "random", "latin-hypercube")


@dataclass(frozen=True)
class Cell:
    """One point of a design with one seed: what a worker computes into one row."""

    experiment: str
    params: dict[str, Any]
    seed: int
    id: str = field(default="")

    def __post_init__(self) -> None:
        if not self.id:
            object.__setattr__(self, "id", cell_id(self.experiment, self.params, self.seed))


def cell_id(experiment: str, params: dict[str, Any], seed: int) -> str:
    text = json.dumps({"experiment": experiment, "params": params, "seed": seed,
                       "version": __version__}, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()[:20]


def _derived_seed(seed: int, *parts: Any) -> int:
    text = json.dumps([seed, *parts], sort_keys=True, separators=(",", ":"))
    return int.from_bytes(hashlib.sha256(text.encode()).digest()[:8], "big") >> 1


@dataclass(frozen=True)
class Design:
    experiment: str
    fixed: dict[str, Any]
    axes: dict[str, list[Any]]
    seeds: int = 1
    seed: int = 0
    kind: str = "grid"
    samples: int = 0

    def points(self) -> list[dict[str, Any]]:
        """The parameter points, in a fixed order (seeds not yet applied)."""
        names = list(self.axes)
        if self.kind == "grid":
            combos = itertools.product(*(self.axes[n] for n in names)) if names else [()]
            return [{**self.fixed, **dict(zip(names, c, strict=True))} for c in combos]
        from scipy.stats import qmc

        d = len(names)
        if self.kind == "latin-hypercube":
            u = qmc.LatinHypercube(d=d, seed=self.seed).random(self.samples)
        else:
            import numpy as np

            u = np.random.default_rng(self.seed).random((self.samples, d))
        out = []
        for row in u:
            point = dict(self.fixed)
            for name, x in zip(names, row, strict=True):
                lo, hi = self.axes[name][0], self.axes[name][-1]
                v = lo + float(x) * (hi - lo)
                point[name] = int(round(v)) if isinstance(lo, int) and isinstance(hi, int) else v
            out.append(point)
        return out

    def cells(self) -> list[Cell]:
        out = []
        for point in self.points():
            for r in range(self.seeds):
                out.append(Cell(self.experiment, point, _derived_seed(self.seed, point, r)))
        return out

    @property
    def n_cells(self) -> int:
        n = self.samples if self.kind != "grid" else math.prod(len(v) for v in self.axes.values())
        return n * self.seeds

    def to_dict(self) -> dict[str, Any]:
        return {"experiment": self.experiment, "fixed": self.fixed, "sweep": self.axes,
                "seeds": self.seeds, "seed": self.seed, "design": self.kind,
                "samples": self.samples}


def load_design(source: str | Path | dict[str, Any], *, yes: bool = False) -> Design:
    """A design from a dict or a TOML file, every key checked before any work starts."""
    if isinstance(source, (str, Path)):
        p = Path(source)
        if not p.is_file():
            raise ParameterError("design", str(source), "an existing TOML file")
        try:
            source = tomllib.loads(p.read_text(encoding="utf-8"))
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
            raise ParameterError("design", str(p), f"valid TOML ({exc})") from None
    if not isinstance(source, dict):
        raise ParameterError("design", type(source).__name__, "a table of settings")
    allowed = {"experiment", "fixed", "sweep", "seeds", "seed", "design", "samples"}
    for key in source:
        if key not in allowed:
            raise ParameterError(key, source[key], f"one of the design keys: "
                                 f"{', '.join(sorted(allowed))}")
    experiment = source.get("experiment", "tournament")
    if experiment not in EXPERIMENTS:
        raise ParameterError("experiment", experiment, ", ".join(EXPERIMENTS))
    kinds = EXPERIMENTS[experiment]
    fixed = source.get("fixed", {})
    sweep = source.get("sweep", {})
    for name, table in (("fixed", fixed), ("sweep", sweep)):
        if not isinstance(table, dict):
            raise ParameterError(name, table, "a table of settings")
        for key in table:
            if key not in kinds:
                raise ParameterError(f"{name}.{key}", table[key], f"a setting of {experiment}: "
                                     f"{', '.join(kinds)}")
    both = set(fixed) & set(sweep)
    if both:
        key = sorted(both)[0]
        raise ParameterError(f"sweep.{key}", sweep[key], "a setting that is not also fixed")
    kind = source.get("design", "grid")
    if kind not in DESIGNS:
        raise ParameterError("design", kind, ", ".join(DESIGNS))
    axes = {key: _axis(key, value, kinds[key], kind) for key, value in sweep.items()}
    seeds = check_int("seeds", source.get("seeds", 1), low=1, high=100_000)
    seed = check_int("seed", source.get("seed", 0), low=0, high=2**63 - 1)
    samples = 0
    if kind != "grid":
        samples = check_int("samples", source.get("samples"), low=1, high=10**8)
        if not axes:
            raise ParameterError("sweep", sweep, f"at least one swept range for a {kind} design")
    elif "samples" in source:
        raise ParameterError("samples", source["samples"], "only with design = random or "
                             "latin-hypercube")
    design = Design(experiment, dict(fixed), axes, seeds, seed, kind, samples)
    _check_values(design)
    if design.n_cells > MAX_CELLS and not yes:
        raise ParameterError("sweep", f"{design.n_cells:,} cells", f"at most {MAX_CELLS:,} "
                             "cells, or confirm with --yes (yes=True)")
    return design


def _axis(key: str, value: Any, kind: str, design: str) -> list[Any]:
    field = f"sweep.{key}"
    if kind in ("players",) and not (isinstance(value, list)
                                     and all(isinstance(v, (str, list)) for v in value)):
        raise ParameterError(field, value, "a list of line-ups (expressions or lists of specs)")
    if isinstance(value, dict):
        if kind not in ("int", "float"):
            raise ParameterError(field, value, f"a list: {key} is not a number")
        extra = set(value) - {"start", "stop", "num", "step"}
        if extra:
            raise ParameterError(f"{field}.{sorted(extra)[0]}", value, "start, stop and num "
                                 "(or step)")
        try:
            start, stop = float(value["start"]), float(value["stop"])
        except (KeyError, TypeError, ValueError):
            raise ParameterError(field, value, "numbers start and stop") from None
        if "num" in value:
            num = check_int(f"{field}.num", value["num"], low=1, high=10**7)
            points = [start + (stop - start) * k / max(num - 1, 1) for k in range(num)]
            if num == 1:
                points = [start]
        elif "step" in value:
            step = float(value["step"])
            if not step > 0 or stop < start:
                raise ParameterError(f"{field}.step", value.get("step"), "a positive step with "
                                     "start <= stop")
            points = [start + k * step for k in range(int(math.floor((stop - start) / step
                                                                    + 1e-9)) + 1)]
        else:
            raise ParameterError(field, value, "num or step")
        if design != "grid":
            points = [start, stop]
        if kind == "int":
            points = sorted({int(round(p)) for p in points})
        else:
            points = [round(p, 12) for p in points]
        if not points:
            raise ParameterError(field, value, "a range with at least one point")
        return points
    if not isinstance(value, list) or not value:
        raise ParameterError(field, value, "a non-empty list or a range {start, stop, num}")
    if design != "grid" and (len(value) != 2 or kind not in ("int", "float")):
        raise ParameterError(field, value, f"a range [low, high] of numbers for a {design} "
                             "design")
    return list(value)


@functools.lru_cache(maxsize=256)
def _lineup_specs(expression: str) -> tuple[str, ...]:
    """A line-up expression's specs, read once per process (every cell of a sweep names it)."""
    import winwin as ww

    return tuple(ww.lineup(expression).players)


def _check_values(design: Design) -> None:
    """Every value the design can produce, checked the way the experiment will check it, so a
    bad one fails before the first cell runs."""
    import winwin as ww

    kinds = EXPERIMENTS[design.experiment]
    values: dict[str, list[Any]] = {k: [v] for k, v in design.fixed.items()}
    values.update({k: list(v) for k, v in design.axes.items()})
    for key, vs in values.items():
        kind = kinds[key]
        for v in vs:
            field = f"sweep.{key}" if key in design.axes else f"fixed.{key}"
            if kind == "int" and (isinstance(v, bool) or not isinstance(v, int)):
                raise ParameterError(field, v, "an integer")
            if kind == "float" and (isinstance(v, bool) or not isinstance(v, (int, float))):
                raise ParameterError(field, v, "a number")
            if kind == "bool" and not isinstance(v, bool):
                raise ParameterError(field, v, "true or false")
            if kind in ("word", "game", "strategy") and not isinstance(v, str):
                raise ParameterError(field, v, "a string")
            if kind == "game":
                ww.parse_game(v)
            if kind == "strategy":
                ww.get_strategy(v)
            if kind == "players":
                players(v, field)
            if kind == "population":
                if not isinstance(v, str):
                    raise ParameterError(field, v, "a population such as 'allc=15 alld=5'")
                names, counts = parse_population(v, int, field)
                if counts is None:
                    raise ParameterError(field, v, "NAME=COUNT for every strategy")
                for name in names:
                    ww.get_strategy(name)
    if "turns" in values and "prob_end" in values:
        where = "sweep" if "prob_end" in design.axes else "fixed"
        raise ParameterError(f"{where}.prob_end", values["prob_end"][0], "not together with turns")
    required = {"match": ("player_1", "player_2"), "fixation": ("mutant", "resident"),
                "moran": ("players",), "replicator": ("players",),
                "generational": ("population",)}.get(design.experiment, ())
    for key in required:
        if key not in values:
            raise ParameterError(f"fixed.{key}", None, f"required by {design.experiment}")


def players(value: Any, field: str = "players") -> list[str]:
    """A line-up expression (``"classic"``) or a list of strategy specs, as specs."""
    import winwin as ww

    if isinstance(value, str):
        return list(_lineup_specs(value))
    if isinstance(value, list) and value and all(isinstance(v, str) for v in value):
        return [ww.get_strategy(v).spec for v in value]
    raise ParameterError(field, value, "a line-up expression or a list of strategy specs")
