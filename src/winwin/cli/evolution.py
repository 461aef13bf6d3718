"""The evolution commands: moran, fixation, stationary, replicator, ecological, evolve,
spatial. Thin adapters over :mod:`winwin.evolution`; populations and graphs are read by the
spec language (:mod:`winwin.spec`)."""

from __future__ import annotations

import argparse
from typing import Any

from winwin import text
from winwin._errors import ParameterError
from winwin.cli import _options as opt
from winwin.cli._emit import formatted, save_pictures
from winwin.spec import parse_population


def add_commands(sub: Any) -> None:
    m = sub.add_parser("moran", help="Moran process in a finite population",
                       description="Strategies reproduce by payoff in a population of N; "
                       "prints counts per generation. NAME=COUNT sets starting counts.")
    m.add_argument("strategies", nargs="+", metavar="STRATEGY[=COUNT]",
                   help="strategies, each with its starting count (tft=10 alld=5)")
    m.add_argument("--population", type=opt.to_int, help="population size, split evenly "
                   "(default 100, or the sum of the counts)")
    opt.selection_options(m)
    m.add_argument("--mutation", type=opt.to_float, default=0.0, help="mutation rate per birth")
    m.add_argument("--generations", type=opt.to_float, help="generations of N steps (default: "
                   "until fixation)")
    m.add_argument("--graph", help="population structure: complete, cycle, grid:RxC, "
                   "regular:DEGREE, star")
    m.add_argument("--record-every", type=opt.to_int, default=1, help="keep every k-th generation")
    m.add_argument("--checkpoint", help="path prefix: stream to PREFIX.csv and resume from "
                   "PREFIX.json")
    opt.payoff_options(m)
    opt.output_options(m)
    opt.picture_options(m)
    m.set_defaults(func=_moran)

    f = sub.add_parser("fixation", help="fixation probability of one mutant (simulated and "
                       "exact)", description="How often one MUTANT takes over a population of "
                       "RESIDENT: simulated runs next to the exact formula.")
    f.add_argument("mutant", help="the strategy of the one newcomer")
    f.add_argument("resident", help="the strategy of everyone else")
    f.add_argument("--population", type=opt.to_int, default=10, help="population size N")
    f.add_argument("--runs", type=opt.to_int, default=10_000, help="simulated runs")
    opt.selection_options(f)
    opt.payoff_options(f)
    opt.output_options(f)
    f.set_defaults(func=_fixation)

    st = sub.add_parser("stationary", help="small-mutation limit: which strategy dominates "
                        "how often", description="Exact stationary distribution over "
                        "monomorphic populations as mutations become rare, with the "
                        "invasions selection favours.")
    st.add_argument("strategies", nargs="+", metavar="STRATEGY", help="two or more strategies")
    st.add_argument("--population", type=opt.to_int, default=100, help="population size N")
    opt.selection_options(st)
    opt.payoff_options(st)
    opt.output_options(st)
    opt.picture_options(st, report=False)
    st.set_defaults(func=_stationary)

    r = sub.add_parser("replicator", help="replicator dynamics (infinite population)",
                       description="Shares of an infinite population change with how much "
                       "better than average each strategy does: dx_i/dt = x_i (f_i - mean f), "
                       "with per-match payoffs. NAME=SHARE sets starting shares (default equal).")
    r.add_argument("strategies", nargs="+", metavar="STRATEGY[=SHARE]",
                   help="strategies, each with its starting share (tft=0.1 alld=0.9)")
    r.add_argument("--time", type=opt.to_float, default=100.0, help="how long to integrate")
    r.add_argument("--points", type=opt.to_int, default=101, help="time points reported")
    opt.payoff_options(r)
    opt.output_options(r)
    opt.picture_options(r)
    r.set_defaults(func=_replicator)

    e = sub.add_parser("ecological", help="Axelrod's ecological simulation",
                       description="Axelrod's ecological tournament (1984): each generation "
                       "every strategy's share grows in proportion to its average payoff "
                       "against the population of the generation before.")
    e.add_argument("strategies", nargs="+", metavar="STRATEGY[=SHARE]",
                   help="strategies, each with its starting share (default equal)")
    e.add_argument("--generations", type=opt.to_int, default=100, help="generations")
    opt.payoff_options(e)
    opt.output_options(e)
    opt.picture_options(e)
    e.set_defaults(func=_ecological)

    v = sub.add_parser("evolve", help="generational tournament of 'The Evolution of Trust'",
                       description="Each generation a round robin without self-play; the "
                       "worst are replaced by clones of the best.")
    v.add_argument("population", nargs="+", metavar="STRATEGY=COUNT",
                   help="the population: always-cooperate=15 always-cheat=5 copycat=5")
    v.add_argument("--generations", type=opt.to_int, default=20, help="generations")
    v.add_argument("--turns", type=opt.to_int, default=10, help="turns per match (default 10, "
                   "as in 'The Evolution of Trust')")
    v.add_argument("--rounds", dest="turns", type=opt.to_int, help=argparse.SUPPRESS)
    v.add_argument("--replace", type=opt.to_int, default=5, help="eliminated and cloned each "
                   "generation")
    g = v.add_argument_group("game and match options")
    opt.game(g, "trust")
    opt.noise(g)
    opt.seed(g)
    opt.payoff_scale(g)
    opt.output_options(v)
    opt.picture_options(v)
    v.set_defaults(func=_evolve)

    sp = sub.add_parser("spatial", help="spatial game on a torus (Nowak & May)",
                        description="Without strategies: Nowak & May's cooperators and "
                        "defectors with temptation b. With strategies: they play repeated "
                        "games with their neighbours.")
    sp.add_argument("strategies", nargs="*", metavar="STRATEGY[=SHARE]",
                    help="strategies with their starting shares (default: Nowak & May's C and "
                    "D)")
    sp.add_argument("--size", type=opt.to_int, default=100, help="L for an L x L torus")
    sp.add_argument("--b", type=opt.to_float, default=1.85, help="temptation (Nowak & May)")
    sp.add_argument("--defectors", type=opt.to_float, default=0.1, help="initial share of D")
    sp.add_argument("--generations", type=opt.to_int, default=100, help="generations")
    sp.add_argument("--neighbourhood", default="moore", help="moore or von-neumann")
    sp.add_argument("--no-self-interaction", dest="self_interaction", action="store_false",
                    help="a cell does not play against itself (default: it does)")
    sp.add_argument("--update", default="synchronous", help="synchronous or asynchronous")
    opt.payoff_options(sp)
    opt.output_options(sp)
    opt.picture_options(sp)
    sp.set_defaults(func=_spatial)


# -- helpers ---------------------------------------------------------------------------------------


def _split(items: list[str], what: str, number: Any) -> tuple[list[str], list[Any] | None]:
    return parse_population(items, number, field=what)


def _table(args: argparse.Namespace, names: list[str]) -> Any:
    from winwin.evolution import payoff_table

    if args.simulate and args.long_run:
        raise ParameterError("simulate", True, "left out with --long-run (long-run payoffs "
                             "are exact)")
    return payoff_table(names, game=args.game, turns=args.turns, prob_end=args.prob_end,
                        noise=args.noise, exact=False if args.simulate else None,
                        repetitions=args.repetitions, seed=args.seed, long_run=args.long_run,
                        payoffs=args.payoffs)


def _graph(spec: str | None, n: int) -> Any:
    if spec is None:
        return None
    from winwin.evolution.graphs import from_spec

    return from_spec(spec, n)


def _as_data(args: argparse.Namespace, result: Any) -> str | None:
    """The JSON or CSV form of a result when one was asked for (None for the table)."""
    return None if args.format == "table" else formatted(args, result, str)


def _save(args: argparse.Namespace, result: Any, lattice: bool = False) -> None:
    from winwin import plots

    def draw(res: Any, path: str) -> Any:
        if lattice and str(path).lower().endswith((".gif", ".mp4")):
            return plots.animate(res, path)
        return (plots.lattice(res, path=path) if lattice else plots.population(res, path))

    save_pictures(args, result, draw)


# -- commands --------------------------------------------------------------------------------------


def _moran(args: argparse.Namespace) -> str:
    from winwin.evolution import moran

    names, counts = _split(args.strategies, "strategies", int)
    if args.checkpoint and args.seed is None:
        # one seed for the payoffs and the dynamics, kept in the checkpoint: the same command
        # resumes without --seed
        from winwin.engine._rng import new_seed
        from winwin.evolution.moran import _stored_seed

        stored = _stored_seed(args.checkpoint)
        args.seed = stored if stored is not None else new_seed()
    if counts is not None and args.population is not None and sum(counts) != args.population:
        raise ParameterError("population", args.population, f"the sum of the counts "
                             f"({sum(counts)}) or left out")
    population: Any = counts if counts is not None else (
        100 if args.population is None else args.population)
    n = sum(counts) if counts is not None else population
    table = _table(args, names)
    r = moran(table, population, process=args.process, selection=args.selection, w=args.w,
              beta=args.beta, mutation=args.mutation, generations=args.generations,
              graph=_graph(args.graph, n), seed=args.seed, record_every=args.record_every,
              checkpoint=args.checkpoint)
    _save(args, r)
    data = _as_data(args, r)
    if data is not None:
        return data
    return text.render_moran(r, args.process, args.selection, args.graph)


def _fixation(args: argparse.Namespace) -> str:
    from winwin.evolution import fixation

    table = _table(args, [args.mutant, args.resident])
    r = fixation(table, args.population, runs=args.runs, process=args.process,
                 selection=args.selection, w=args.w, beta=args.beta, seed=args.seed)
    return formatted(args, r, lambda: text.render_fixation(r),
                     csv_text=lambda: text.fixation_csv(r.to_dict()))


def _stationary(args: argparse.Namespace) -> str:
    from winwin.evolution import small_mutation_limit

    table = _table(args, args.strategies)
    r = small_mutation_limit(table, args.population, w=args.w if args.process != "pairwise"
                             else None, beta=args.beta, selection=args.selection,
                             process="pairwise" if args.process == "pairwise" else "moran")
    if args.plot:
        from winwin import plots

        plots.invasion(r, args.plot)
    return formatted(args, r, lambda: text.render_stationary(r),
                     csv_text=lambda: text.stationary_csv(r))


def _replicator(args: argparse.Namespace) -> str:
    from winwin.evolution import replicator

    names, shares = _split(args.strategies, "strategies", float)
    r = replicator(_table(args, names), shares=shares, time=args.time, points=args.points)
    return _dynamics(args, r, "Replicator dynamics")


def _ecological(args: argparse.Namespace) -> str:
    from winwin.evolution import ecological

    names, shares = _split(args.strategies, "strategies", float)
    r = ecological(_table(args, names), shares=shares, generations=args.generations)
    return _dynamics(args, r, "Ecological simulation")


def _dynamics(args: argparse.Namespace, r: Any, title: str) -> str:
    _save(args, r)
    data = _as_data(args, r)
    if data is not None:
        return data
    return text.render_dynamics(r, title)


def _evolve(args: argparse.Namespace) -> str:
    from winwin.evolution import evolve

    names, counts = _split(args.population, "population", int)
    if counts is None:
        raise ParameterError("population", " ".join(args.population),
                             "STRATEGY=COUNT for every strategy, e.g. allc=15 alld=5 tft=5")
    r = evolve(list(zip(names, counts, strict=True)), generations=args.generations,
               turns=args.turns, replace=args.replace, game=args.game, noise=args.noise,
               seed=args.seed, payoffs=args.payoffs)
    _save(args, r)
    data = _as_data(args, r)
    if data is not None:
        return data
    return text.render_evolve(r, args.turns, args.replace, args.game, args.noise)


def _spatial(args: argparse.Namespace) -> str:
    from winwin.evolution import lattice, nowak_may

    if args.strategies:
        names, shares = _split(args.strategies, "strategies", float)
        r = lattice(_table(args, names), args.size, shares=shares,
                    generations=args.generations, neighbourhood=args.neighbourhood,
                    self_interaction=args.self_interaction, update=args.update, seed=args.seed)
    else:
        r = nowak_may(args.size, args.b, defectors=args.defectors, generations=args.generations,
                      neighbourhood=args.neighbourhood, self_interaction=args.self_interaction,
                      update=args.update, seed=args.seed)
    _save(args, r, lattice=True)
    data = _as_data(args, r)
    if data is not None:
        return data
    return text.render_spatial(r, args.size, args.neighbourhood, args.update, args.generations)
