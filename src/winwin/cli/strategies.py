"""``winwin strategies``: the library, filtered by trait, or one strategy described."""

from __future__ import annotations

import argparse
import json
from typing import Any

from winwin import text
from winwin._errors import ParameterError
from winwin.cli import _options as opt


def add_commands(sub: Any) -> None:
    s = sub.add_parser("strategies", help="list the strategies, or describe one",
                       description="List the strategy library, filtered by trait, or show one "
                       "strategy's rule, parameters and citation.")
    s.add_argument("name", nargs="?", help="a strategy to describe")
    s.add_argument("--nice", action="store_true", help="only strategies never first to defect")
    s.add_argument("--stochastic", action="store_true", help="only stochastic strategies")
    s.add_argument("--deterministic", action="store_true", help="only deterministic strategies")
    s.add_argument("--memory-depth", type=opt.to_int,
                   help="only strategies remembering at most N turns")
    opt.output_options(s)
    s.set_defaults(func=_strategies, formats=(*opt.FORMATS, "markdown"))


def _strategies(args: argparse.Namespace) -> str:
    from winwin.strategies import get_strategy, registry

    if args.memory_depth is not None and args.memory_depth < 0:
        raise ParameterError("memory_depth", args.memory_depth, "0 or more turns")
    if args.name:
        d = get_strategy(args.name).describe()
        if args.format == "json":
            return json.dumps(d, indent=2, default=str) + "\n"
        if args.format == "csv":
            raise ParameterError("format", "csv", "table or json when describing one strategy")
        return text.describe_strategy(d)
    if args.format == "markdown":
        return text.strategy_reference()
    rows = [s.describe() for s in (cls() for cls in registry().builtins()) if _passes(s, args)]
    rows += [c().describe() for c in registry() if not c.__module__.startswith("winwin.")
             and _passes(c(), args)]
    if args.format == "json":
        return json.dumps(rows, indent=2, default=str) + "\n"
    if args.format == "csv":
        return text.strategies_csv(rows)
    return text.strategy_table(rows)


def _passes(s: Any, args: argparse.Namespace) -> bool:
    t = s.traits
    return not ((args.nice and t.nice is not True) or (args.stochastic and not t.stochastic)
                or (args.deterministic and t.stochastic)
                or (args.memory_depth is not None and not t.memory_depth <= args.memory_depth))
