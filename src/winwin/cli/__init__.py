"""The ``winwin`` command: a thin face over the Python API.

One module per command family (``tournament``: tournament, match, report, fingerprint;
``strategies``; ``evolution``; ``warmup``), the shared options declared once (``_options``), one
emitter for table/JSON/CSV and ``--output`` (``_emit``); all wording comes from
:mod:`winwin.text`.

Data goes to stdout (or ``--output``), progress and warnings to stderr. Exit codes: 0 success,
2 bad input (one line naming what was wrong), 1 an unexpected failure.
"""

from __future__ import annotations

import argparse
import contextlib
import sys
import warnings
from collections.abc import Iterator, Sequence
from typing import Any

from winwin import _budget
from winwin._errors import ParameterError, WinwinError
from winwin.cli import _options as opt
from winwin.cli._emit import check_paths, emit
from winwin.text import strategy_reference

__all__ = ["build_parser", "main", "strategy_reference"]


def build_parser() -> argparse.ArgumentParser:
    from winwin import __version__
    from winwin.cli import (
        egt,
        evolution,
        play,
        scenario,
        serve,
        strategies,
        sweep,
        tournament,
        warmup,
        workshop,
    )

    p = opt.Parser(prog="winwin", description="Repeated social dilemmas, fast and exact. In "
                   "the long run there is no win-lose, only win-win or lose-lose.")
    p.add_argument("--version", action="version", version=f"winwin {__version__}")
    p.add_argument("--load", metavar="FILE", help="load strategies from a .py file (Strategy "
                   "subclasses) or a .toml file (table strategies); may be repeated and may "
                   "stand anywhere on the line")
    sub = p.add_subparsers(dest="command", metavar="COMMAND", parser_class=opt.Parser)
    tournament.add_commands(sub)
    strategies.add_commands(sub)
    evolution.add_commands(sub)
    egt.add_commands(sub)
    sweep.add_commands(sub)
    play.add_commands(sub)
    warmup.add_commands(sub)
    scenario.add_commands(sub)
    serve.add_commands(sub)
    workshop.add_commands(sub)
    for name, command in sub.choices.items():
        if name in warmup.ENGINE_COMMANDS and "--yes" not in command._option_string_actions:
            opt.yes(command)
    return p


def _take_loads(argv: list[str]) -> tuple[list[str], list[str]]:
    """Pull every ``--load PATH`` out of the arguments, wherever it stands."""
    rest, loads = [], []
    it = iter(argv)
    for a in it:
        if a == "--load":
            path = next(it, None)
            if path is None:
                raise opt.UsageError("argument --load: expected a file")
            loads.append(path)
        elif a.startswith("--load="):
            loads.append(a.split("=", 1)[1])
        else:
            rest.append(a)
    return rest, loads


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    rest: list[str] = []
    try:
        rest, loads = _take_loads(list(sys.argv[1:] if argv is None else argv))
        if loads:
            from winwin.strategies import load

            for path in loads:
                load(path)
        args = parser.parse_args(rest)
        if args.command is None:
            parser.print_help(sys.stderr)
            return 2
        allowed = getattr(args, "formats", opt.FORMATS)
        if hasattr(args, "format") and args.format not in allowed:
            raise ParameterError("format", args.format, ", ".join(allowed[:-1]) + " or "
                                 + allowed[-1])
        check_paths(args)
        time_limit = None if getattr(args, "yes", False) else _budget.TIME_LIMIT
        with warnings.catch_warnings(), _cold_start(args.command), _budget.limit(time_limit):
            warnings.simplefilter("always")
            warnings.showwarning = _show_warning
            text = args.func(args)
    except opt.UsageError as exc:
        print(f"winwin: error: {exc}", file=sys.stderr)
        return 2
    except WinwinError as exc:
        print(f"winwin: error: {_cli_message(exc, parser, _command(rest))}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("winwin: interrupted", file=sys.stderr)
        return 130
    if text is not None:
        emit(text, getattr(args, "output", None))
    return 0


@contextlib.contextmanager
def _cold_start(command: str) -> Iterator[None]:
    """On a cold compile cache: compile in the background for next time, and say what the
    engine's choices mean for this run (see :mod:`winwin.engine._warm`)."""
    from winwin.cli import warmup
    from winwin.engine import _warm

    if command not in warmup.ENGINE_COMMANDS or not warmup.cold_start_notes():
        yield
        return
    if warmup.start_in_background():
        print("winwin: first run: compiling the engine in the background (about a minute, "
              "once); until then runs take the Python path, with the same results",
              file=sys.stderr, flush=True)
    previous, _warm.NOTICE = _warm.NOTICE, warmup.notice
    try:
        yield
    finally:
        _warm.NOTICE = previous


def _show_warning(message: Any, category: Any, filename: str, lineno: int, file: Any = None,
                  line: Any = None) -> None:
    print(f"winwin: warning: {message}", file=sys.stderr)


def _command(argv: list[str]) -> str | None:
    return next((a for a in argv if not a.startswith("-")), None)


def _cli_message(exc: WinwinError, parser: argparse.ArgumentParser, command: str | None) -> str:
    """A library error in the command line's words: ``--prob-end 1.0 is not allowed: ...``
    where the field is an option (names taken from the parser itself)."""
    msg = str(exc).splitlines()[0]
    if isinstance(exc, ParameterError):
        option = opt.option_names(parser, command).get(exc.field) or exc.field
        sep = " " if option.startswith("--") else "="
        msg = f"{option}{sep}{_excerpt(exc.value)} is not allowed: {exc.allowed}"
    return msg if len(msg) <= MAX_MESSAGE else msg[:MAX_MESSAGE - 3] + "..."


#: An error line is at most this long: it names the option and echoes a short excerpt.
MAX_MESSAGE = 200


def _excerpt(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:45] + "..." + text[-10:]


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
