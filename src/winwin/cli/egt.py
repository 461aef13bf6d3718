"""The exact evolutionary game theory commands: chain (the full stationary distribution with
mutation), gradient (gradient of selection and rest points), nplayer (N-player dilemmas),
wright-fisher and estimate (Monte Carlo next to the exact values). Thin adapters over
:mod:`winwin.evolution`; pictures from :mod:`winwin.plots.egt`, words from :mod:`winwin.text`.
"""

from __future__ import annotations

import argparse
from typing import Any

from winwin import text
from winwin._errors import ParameterError
from winwin.cli import _options as opt
from winwin.cli._emit import formatted, note

GAME_HELP = ("an N-player dilemma instead of strategies: public-goods(N=5,r=3), "
             "stag-hunt(N=10,M=5,F=8), volunteer(N=5,b=1,c=0.5), "
             "collective-risk(N=6,M=3,risk=0.5)")


def _common(p: argparse.ArgumentParser, *, population: int | None = 100,
            mutation: bool = True, nplayer: bool = True, selection: bool = True,
            pictures: bool = True, payoffs: bool = True) -> None:
    if nplayer:
        p.add_argument("--nplayer", metavar="GAME", help=GAME_HELP)
    p.add_argument("--population", type=opt.to_int, default=population,
                   help=f"population size Z (default {population})" if population else
                   "population size Z (default: the infinite-population limit)")
    if mutation:
        p.add_argument("--mutation", type=opt.to_float, default=0.0,
                       help="probability that a newcomer mutates into another strategy")
    if selection:
        opt.selection_options(p)
    else:  # Wright-Fisher: its own update, only the fitness map
        s = p.add_argument_group("selection")
        s.add_argument("--selection", default="linear", help="linear (1-w+w*payoff) or "
                       "exponential (exp(w*payoff))")
        s.add_argument("--w", type=opt.to_float, default=1.0, help="selection intensity "
                       "(default 1)")
    if payoffs:
        opt.payoff_options(p)
    opt.output_options(p)
    if pictures:
        opt.picture_options(p)


def add_commands(sub: Any) -> None:
    c = sub.add_parser("chain", help="full stationary distribution with mutation (exact)",
                       description="The exact share of time a finite population spends in "
                       "each of its states, at any mutation rate: a sparse chain over all "
                       "C(Z+k-1, k-1) states and a sparse solver.")
    c.add_argument("strategies", nargs="*", metavar="STRATEGY", help="strategies (or --nplayer GAME instead)")
    c.add_argument("--solver", default="auto", help="auto, direct, iterative or dense")
    c.add_argument("--top", type=opt.to_int, default=10, help="most visited states to list")
    _common(c)
    c.set_defaults(func=_chain, mutation=0.01)

    g = sub.add_parser("gradient", help="gradient of selection and rest points",
                       description="The gradient of selection (finite population, or the "
                       "replicator limit without --population) and its rest points with "
                       "their stability; --plot draws the line (2 strategies) or the simplex "
                       "(3).")
    g.add_argument("strategies", nargs="*", metavar="STRATEGY", help="strategies (or --nplayer GAME instead)")
    _common(g, population=None)
    g.set_defaults(func=_gradient, process="pairwise")

    n = sub.add_parser("nplayer", help="N-player dilemmas: gradients, fixation, stationary",
                       description="Public goods, stag hunt, volunteer's dilemma or "
                       "collective risk, groups drawn from the population: rest points "
                       "(infinite and finite), fixation, small-mutation limit and, with "
                       "--mutation, the stationary distribution.")
    n.add_argument("game", help=GAME_HELP.split(": ", 1)[1])
    _common(n, nplayer=False, payoffs=False)
    n.set_defaults(func=_nplayer, process="pairwise")

    w = sub.add_parser("wright-fisher", help="Wright-Fisher process (non-overlapping "
                       "generations)", description="All Z individuals replaced each "
                       "generation by offspring of parents chosen by fitness; with mutation "
                       "for --generations, without until fixation.")
    w.add_argument("strategies", nargs="*", metavar="STRATEGY[=COUNT]",
                   help="strategies with their starting counts (tft=5 alld=45)")
    w.add_argument("--generations", type=opt.to_int, help="generations (default: until "
                   "fixation)")
    w.add_argument("--record-every", type=opt.to_int, default=1,
                   help="keep every k-th generation")
    w.add_argument("--checkpoint", help="path prefix: stream to PREFIX.csv and resume from "
                   "PREFIX.json")
    _common(w, population=None, selection=False)
    w.set_defaults(func=_wright_fisher)

    e = sub.add_parser("estimate", help="Monte Carlo estimates with standard errors, next to "
                       "the exact values", description="Without --mutation: how often one "
                       "of the first strategy takes over the second (--runs runs). With "
                       "--mutation: time-averaged shares over --generations.")
    e.add_argument("strategies", nargs="*", metavar="STRATEGY", help="strategies (or --nplayer GAME instead)")
    e.add_argument("--runs", type=opt.to_int, default=10_000, help="simulated runs")
    e.add_argument("--generations", type=opt.to_float, default=10_000,
                   help="generations simulated for the stationary estimate")
    _common(e, population=20, pictures=False)
    e.set_defaults(func=_estimate, process="pairwise")


# -- helpers -----------------------------------------------------------------------------------


def _game(args: argparse.Namespace, names: list[str] | None = None) -> Any:
    names = list(args.strategies) if names is None else names
    spec = getattr(args, "nplayer", None)
    if spec and names:
        raise ParameterError("nplayer", spec, "either strategies or --nplayer, not both")
    if spec:
        from winwin.evolution import parse_nplayer

        return parse_nplayer(spec)
    if len(names) < 2:
        raise ParameterError("strategies", " ".join(names), "at least 2 strategies (or "
                             "--nplayer GAME)")
    from winwin.cli.evolution import _table

    return _table(args, names)


def _dynamics(args: argparse.Namespace) -> dict[str, Any]:
    return {"process": args.process, "selection": args.selection, "w": args.w,
            "beta": args.beta}


def _pictures(args: argparse.Namespace, result: Any, gradient: Any = None) -> None:
    from winwin.plots import egt

    if args.plot:
        if gradient is not None:
            egt.simplex(result, args.plot, gradient=gradient)
        else:
            egt.picture(result, args.plot)
        note(f"wrote {args.plot}")
    if args.report:
        egt.write_report(result, args.report)
        note(f"wrote {args.report}")


def _out(args: argparse.Namespace, result: Any, title: str, gradient: Any = None) -> str:
    _pictures(args, result, gradient)
    top = getattr(args, "top", 10)
    return formatted(args, result, lambda: text.render_egt(result, title, top),
                     json_text=lambda: text.to_json(result.to_dict(top=top))
                     if hasattr(result, "top") else text.to_json(result.to_dict()))


# -- commands ----------------------------------------------------------------------------------


def _chain(args: argparse.Namespace) -> str:
    from winwin.evolution import stationary_distribution

    game = _game(args)
    r = stationary_distribution(game, args.population, mutation=args.mutation,
                                solver=args.solver, **_dynamics(args))
    arrows = None
    if args.plot and len(r.players) == 3:  # the simplex: arrows of the same process on it
        from winwin.evolution import gradient_of_selection

        arrows = gradient_of_selection(game, args.population, mutation=args.mutation,
                                       **_dynamics(args))
    return _out(args, r, "Stationary distribution with mutation", arrows)


def _gradient(args: argparse.Namespace) -> str:
    from winwin.evolution import gradient_of_selection

    r = gradient_of_selection(_game(args), args.population, mutation=args.mutation,
                              **_dynamics(args))
    return _out(args, r, "Gradient of selection")


def _nplayer(args: argparse.Namespace) -> str:
    from winwin.evolution.nplayer import analyse

    r = analyse(args.game, args.population, mutation=args.mutation, **_dynamics(args))
    return _out(args, r, "N-player dilemma")


def _wright_fisher(args: argparse.Namespace) -> str:
    from winwin.cli._emit import save_pictures
    from winwin.evolution import wright_fisher
    from winwin.spec import parse_population

    names, counts = parse_population(args.strategies, int, field="strategies") \
        if args.strategies else ([], None)
    if counts is not None and args.population is not None and sum(counts) != args.population:
        raise ParameterError("population", args.population, f"the sum of the counts "
                             f"({sum(counts)}) or left out")
    population: Any = counts if counts is not None else (
        100 if args.population is None else args.population)
    r = wright_fisher(_game(args, names), population, w=args.w,
                      selection=args.selection, mutation=args.mutation,
                      generations=args.generations, seed=args.seed,
                      record_every=args.record_every, checkpoint=args.checkpoint)

    def draw(res: Any, path: str) -> Any:
        from winwin import plots

        return plots.population(res, path)

    save_pictures(args, r, draw)
    return formatted(args, r, lambda: text.render_egt(r, "Wright-Fisher process"))


def _estimate(args: argparse.Namespace) -> str:
    from winwin.evolution import estimate_fixation, estimate_stationary

    game = _game(args)
    if args.mutation > 0:
        r: Any = estimate_stationary(game, args.population, mutation=args.mutation,
                                     generations=args.generations, seed=args.seed,
                                     **_dynamics(args))
    else:
        r = estimate_fixation(game, args.population, runs=args.runs, seed=args.seed,
                              **_dynamics(args))
    return formatted(args, r, lambda: text.render_egt(r, "Monte Carlo estimate"),
                     csv_text=lambda: _estimate_csv(r))


def _estimate_csv(r: Any) -> str:
    import pandas as pd

    d = r.to_dict()
    flat = {k: v for k, v in d.items() if not isinstance(v, (dict, list))}
    for key in ("marginals", "standard_errors", "exact_marginals", "z_scores"):
        for p, v in (d.get(key) or {}).items():
            flat[f"{key}_{p}"] = v
    return text.frame_csv(pd.DataFrame([flat]))
