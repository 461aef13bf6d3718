"""Where the CLI's output goes: table, JSON or CSV to stdout or ``--output``; pictures and
reports for the commands that draw them."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from typing import Any

from winwin import text


def emit(data: str, path: str | None) -> None:
    """Write a command's data to ``path`` (and say so on stderr) or to stdout (``-``)."""
    if path and path != "-":
        try:
            with open(path, "w", encoding="utf-8") as fh:
                fh.write(data)
        except OSError as exc:
            raise SystemExit(f"winwin: error: --output {path!r}: {exc.strerror}") from None
        note(f"wrote {path}")
    else:
        sys.stdout.write(data)


def check_paths(args: argparse.Namespace) -> None:
    """Every file a command will write (--output, --plot, --report, --checkpoint) can be
    written: checked before the work, so nothing computed is lost to a bad path."""
    import os

    from winwin._errors import ParameterError

    for field in ("output", "plot", "report", "checkpoint"):
        path = getattr(args, field, None)
        if not path or path == "-" or (field == "output" and args.command == "sweep"):
            continue
        path = str(path)
        if os.path.isdir(path):
            raise ParameterError(field, path, "a file name, not a directory")
        parent = os.path.dirname(os.path.abspath(path))
        if not os.path.isdir(parent):
            raise ParameterError(field, path, f"a file in an existing directory ({parent} "
                                 "does not exist)")
        if not os.access(parent, os.W_OK):
            raise ParameterError(field, path, f"a file in a directory you may write to "
                                 f"({parent} is read-only)")


def note(message: str) -> None:
    print(f"winwin: {message}", file=sys.stderr)


def formatted(args: argparse.Namespace, result: Any, table: Callable[[], str],
              json_text: Callable[[], str] | None = None,
              csv_text: Callable[[], str] | None = None) -> str:
    """The result in the asked ``--format``: by default JSON from ``to_dict()`` and CSV from
    ``to_frame()``."""
    if args.format == "json":
        return json_text() if json_text else text.to_json(result.to_dict())
    if args.format == "csv":
        return csv_text() if csv_text else text.frame_csv(result.to_frame())
    return table()


def save_pictures(args: argparse.Namespace, result: Any, draw: Callable[[Any, str], Any]
                  ) -> None:
    """--plot and --report for any command that has them; both go through
    :func:`winwin.report.write_report`, the one report path."""
    if getattr(args, "plot", None):
        draw(result, args.plot)
        note(f"wrote {args.plot}")
    if getattr(args, "report", None):
        from winwin.report import write_report

        write_report(result, args.report)
        note(f"wrote {args.report}")
