"""The CLI's shared options, each declared once with its default and its help.

Defaults stated here are the defaults everywhere. ``--repetitions`` has two on purpose, both
named here: a tournament ranks strategies and 10 repetitions (or its line-up's) are enough for
that; an evolution command turns simulated payoffs into fitness, where sampling noise would
steer selection, so it simulates 200 matches a pair (memory-one line-ups are exact and ignore it).
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from typing import Any

from winwin.engine import BACKENDS

FORMATS = ("table", "json", "csv")
TOURNAMENT_REPETITIONS_HELP = "matches per pair (default 10, or the line-up's)"
EVOLUTION_REPETITIONS = 200


class UsageError(Exception):
    """A command line argparse could not read (exit code 2)."""


class HelpFormatter(argparse.HelpFormatter):
    """Shows each option's default after its help, unless the help already says it."""

    def _get_help_string(self, action: argparse.Action) -> str | None:
        text = action.help or ""
        default = action.default
        if (default in (None, False, True, argparse.SUPPRESS) or "default" in text
                or not action.option_strings or isinstance(default, list)):
            return text
        return f"{text} (default {default})"


class Parser(argparse.ArgumentParser):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", HelpFormatter)
        super().__init__(*args, **kwargs)

    def error(self, message: str) -> None:  # type: ignore[override]
        raise UsageError(message)


def to_int(text: str) -> int:
    try:
        return int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not an integer") from None


def to_float(text: str) -> float:
    try:
        return float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number") from None


def length(g: argparse._ArgumentGroup, turns_help: str = "turns per match (default 200)"
           ) -> None:
    """--turns and --prob-end: the two exclusive ways to say how long a match lasts."""
    g.add_argument("--turns", type=to_int, help=turns_help)
    g.add_argument("--prob-end", type=to_float, help="probability that a match ends after each "
                   "turn: geometric lengths, mean 1/p (instead of --turns)")


def noise(g: argparse._ArgumentGroup) -> None:
    g.add_argument("--noise", type=to_float, default=0.0,
                   help="probability that a move flips (a mistaken double-cross), 0..1")


def seed(g: argparse._ArgumentGroup) -> None:
    g.add_argument("--seed", type=to_int, help="seed for every random draw (default: fresh)")


GAME_HELP = ("preset (pd, trust, donation, stag-hunt, chicken), preset with parameters like "
             "'donation(b=4,c=1)', R,S,T,P or R,S,T,P/R,S,T,P")


def game(g: argparse._ArgumentGroup, default: str | None = None) -> None:
    extra = f" (default {default})" if default else " (default pd or the line-up's)"
    g.add_argument("--game", default=default, help=GAME_HELP + extra)


def match_options(p: argparse.ArgumentParser, *, repetitions: bool = True) -> None:
    """The options of a tournament or a match: length, repetitions, noise, seed, game,
    backend; then the output options."""
    g = p.add_argument_group("game and match options")
    length(g)
    if repetitions:
        g.add_argument("--repetitions", type=to_int, help=TOURNAMENT_REPETITIONS_HELP)
    noise(g)
    seed(g)
    game(g)
    g.add_argument("--backend", default="auto", choices=BACKENDS,
                   help="auto (default: the quickest now), compiled (numba), numpy (automata in "
                   "numpy lanes, nothing to compile) or python (the reference path); all give "
                   "the same results")
    output_options(p)


def payoff_options(p: argparse.ArgumentParser) -> None:
    """The repeated game behind an evolution's payoffs."""
    g = p.add_argument_group("the repeated game behind the payoffs")
    length(g)
    noise(g)
    game(g, "pd")
    g.add_argument("--repetitions", type=to_int, default=EVOLUTION_REPETITIONS,
                   help="matches per pair when payoffs are simulated (default "
                   f"{EVOLUTION_REPETITIONS}; memory-one line-ups are exact)")
    g.add_argument("--simulate", action="store_true",
                   help="simulate payoffs even for memory-one line-ups (default: exact)")
    g.add_argument("--long-run", action="store_true",
                   help="memory-one line-ups: long-run payoffs per turn (infinite game)")
    payoff_scale(g)
    seed(g)


def payoff_scale(g: argparse._ArgumentGroup) -> None:
    """--payoffs: the scale fitness reads payoffs on (winwin.evolution._payoffs.SCALES)."""
    g.add_argument("--payoffs", default="total", help="fitness from per-match totals (total, "
                   "the default, as Nowak et al. 2004) or per-turn means (per-turn, as "
                   "EGTtools); EGTtools' beta 1 is beta 1/turns on totals")


def selection_options(p: argparse.ArgumentParser) -> None:
    s = p.add_argument_group("selection")
    s.add_argument("--process", default="birth-death",
                   help="birth-death, death-birth or pairwise (Fermi imitation)")
    s.add_argument("--selection", default="linear", help="linear (1-w+w*payoff) or "
                   "exponential (exp(w*payoff))")
    s.add_argument("--w", type=to_float, help="selection intensity (default 1)")
    s.add_argument("--beta", type=to_float, help="intensity of the pairwise process")


def output_options(p: argparse.ArgumentParser) -> None:
    o = p.add_argument_group("output")
    o.add_argument("--format", default="table", help="table, json or csv")
    o.add_argument("--output", "-o", help="write the data to this file instead of stdout")


def picture_options(p: argparse.ArgumentParser, kinds: Sequence[str] = (),
                    report: bool = True) -> None:
    g = p.add_argument_group("pictures")
    g.add_argument("--plot", help="write a picture (PNG or SVG by extension)")
    if kinds:
        g.add_argument("--plot-kind", help=f"{', '.join(kinds)} (default {kinds[0]}; with "
                       "--plot)")
    if report:
        g.add_argument("--report", help="write a self-contained HTML report here")


def yes(p: argparse.ArgumentParser) -> None:
    from winwin._budget import TIME_LIMIT

    p.add_argument("--yes", action="store_true", help="run even when the estimate says it "
                   f"takes longer than {TIME_LIMIT / 60:.0f} min (memory limits still apply)")


def option_names(parser: argparse.ArgumentParser, command: str | None = None
                 ) -> dict[str, str]:
    """The destinations of the top-level options and of ``command``'s, with the option that
    sets each (``--prob-end`` for ``prob_end``; ``--strategies`` for a positional named
    ``strategies``), for error messages."""
    names: dict[str, str] = {"load": "--load"}
    parsers = [parser]
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction) and command in action.choices:
            parsers.append(action.choices[command])
    for p in parsers:
        for action in p._actions:
            if isinstance(action, argparse._SubParsersAction) or action.dest in (
                    argparse.SUPPRESS, "help", "version", "command"):
                continue
            longs = [o for o in action.option_strings if o.startswith("--")]
            names.setdefault(action.dest, longs[0] if longs else
                             "--" + action.dest.replace("_", "-"))
    return names
