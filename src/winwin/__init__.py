"""winwin: repeated social dilemmas, fast and exact.

In a repeated game there are no lasting win-lose outcomes, only win-win or lose-lose.

>>> import winwin as ww
>>> r = ww.tournament(["tit-for-tat", "defector"], turns=10, repetitions=1, seed=1)
>>> r.ranking
['tit-for-tat', 'defector']
"""

from winwin._errors import (
    ParameterError,
    StrategyRuntimeError,
    TooLargeError,
    UnknownStrategyError,
    WinwinError,
)
from winwin._version import __version__
from winwin.game import C, D, Game, GameWarning, parse_game
from winwin.results import MatchResult, TournamentResult
from winwin.strategies import (
    DEFAULT_LINEUP,
    Lineup,
    Strategy,
    Traits,
    View,
    get_strategy,
    lineup,
    mixed,
    registry,
)
from winwin.tournament import Plan, match, tournament

strategy = get_strategy


def sweep(design: object, path: object, **kwargs: object) -> object:
    """A parameter sweep into a directory of Parquet parts; see :func:`winwin.distributed.sweep`
    (imported on first use, so ``import winwin`` stays light)."""
    from winwin.distributed import sweep as run

    return run(design, path, **kwargs)  # type: ignore[arg-type]


def load_sweep(path: object) -> object:
    """A sweep's rows as a pandas frame; see :func:`winwin.distributed.load_sweep`."""
    from winwin.distributed import load_sweep as load

    return load(path)  # type: ignore[arg-type]

def __getattr__(name: str) -> object:
    """``ww.scenario``: the scenario package, imported on first use. It is callable:
    ``ww.scenario(answers)`` returns the brief (see :mod:`winwin.scenario`)."""
    if name == "scenario":
        import importlib

        return importlib.import_module("winwin.scenario")
    raise AttributeError(f"module 'winwin' has no attribute {name!r}")


__all__ = [
    "C",
    "D",
    "DEFAULT_LINEUP",
    "Game",
    "GameWarning",
    "Lineup",
    "MatchResult",
    "ParameterError",
    "Plan",
    "Strategy",
    "StrategyRuntimeError",
    "TooLargeError",
    "TournamentResult",
    "Traits",
    "UnknownStrategyError",
    "View",
    "WinwinError",
    "__version__",
    "get_strategy",
    "lineup",
    "load_sweep",
    "match",
    "mixed",
    "parse_game",
    "registry",
    "scenario",
    "strategy",
    "sweep",
    "tournament",
]
