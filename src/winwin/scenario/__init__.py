"""Your situation as a game: from the answers to a few questions to a game, to the exact
consequences of ways of playing it, to advice (the words are in :mod:`winwin.brief`).

The module itself is callable: ``ww.scenario(answers)`` returns the :class:`~winwin.brief.Brief`
for a dict of answers, an :class:`Answers`, a TOML path or an example's name
(``ww.scenario(example="supplier")``).

>>> import winwin as ww
>>> sorted(ww.scenario.examples())[:2]
['colleagues', 'consultant']
>>> a = ww.scenario.analyse({"rounds": 10, "mistakes": 0})
>>> a.families[0].name, a.crossovers[0]["crossover"]  # (T - P) / (R - P) = (4 - 2) / (3 - 2)
("Prisoner's Dilemma", 2)
"""

from __future__ import annotations

import sys
import types
from pathlib import Path
from typing import Any

from winwin.scenario._analysis import LINEUP, Analysis, analyse
from winwin.scenario._answers import (
    DEFAULTS,
    OUTCOMES,
    Answers,
    Side,
    answers_from_dict,
    example,
    examples,
    load,
    parse_share,
)

__all__ = ["DEFAULTS", "LINEUP", "OUTCOMES", "Analysis", "Answers", "Side", "analyse",
           "answers_from_dict", "brief", "example", "examples", "load", "parse_share"]


def brief(answers: Answers | dict[str, Any] | str | Path | None = None, *,
          example: str | None = None) -> Any:
    """The brief (:class:`winwin.brief.Brief`) for answers, a TOML file or an example."""
    from winwin.brief import Brief

    if example is not None:
        if answers is not None:
            from winwin._errors import ParameterError

            raise ParameterError("example", example, "an example or answers, not both")
        answers = globals()["example"](example)
    if isinstance(answers, (str, Path)):
        answers = load(answers)
    if answers is None:
        answers = answers_from_dict({})
    return Brief(analyse(answers))


class _Callable(types.ModuleType):
    def __call__(self, answers: Any = None, *, example: str | None = None) -> Any:
        return brief(answers, example=example)


sys.modules[__name__].__class__ = _Callable
