"""Strategies: the model (``_base``), the registry (``_registry``), the spec resolver
(``_resolve``) and the built-in library, one module per family: ``memory_one``,
``zero_determinant``, ``lookup``, ``machines``, ``windows``, ``rules``, ``first_tournament``
(Axelrod 1980), ``trained`` (published tables and machines, as data) and ``transformers``.

>>> from winwin.strategies import get_strategy
>>> get_strategy("gtft(q=0.1)").spec
'generous-tit-for-tat(q=0.1)'
>>> get_strategy("pavlov").name
'Win-Stay Lose-Shift'
"""

from winwin.strategies._base import (
    CompiledSpec,
    Mixed,
    Param,
    Strategy,
    Traits,
    View,
    as_move,
    mixed,
)
from winwin.strategies._lineups import LINEUPS, Lineup, lineup
from winwin.strategies._loading import load, load_entry_points, parse_toml
from winwin.strategies._resolve import get_strategy, registry

__all__ = [
    "DEFAULT_LINEUP",
    "LINEUPS",
    "Lineup",
    "lineup",
    "load",
    "load_entry_points",
    "parse_toml",
    "CompiledSpec",
    "Mixed",
    "Param",
    "Strategy",
    "Traits",
    "View",
    "as_move",
    "get_strategy",
    "mixed",
    "registry",
]

#: The line-up `winwin tournament` plays when no strategies are named: the well-known
#: characters of the iterated Prisoner's Dilemma, nice and not.
DEFAULT_LINEUP = (
    "tit-for-tat",
    "generous-tit-for-tat",
    "win-stay-lose-shift",
    "tit-for-two-tats",
    "grudger",
    "gradual",
    "cooperator",
    "defector",
    "random",
    "suspicious-tit-for-tat",
    "joss",
    "extort-2",
    "detective",
    "alternator",
)
