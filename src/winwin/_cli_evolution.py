"""The evolution commands of the ``winwin`` CLI: moran, fixation, stationary, replicator,
ecological, evolve, spatial. Thin adapters over :mod:`winwin.evolution`."""

from __future__ import annotations

import argparse
import io
import json
import re
from typing import Any

import numpy as np

from winwin._errors import ParameterError


def add_commands(sub: Any, *, to_int: Any, to_float: Any, output: Any, pictures: Any) -> None:
    def payoff_options(p: argparse.ArgumentParser) -> None:
        g = p.add_argument_group("the repeated game behind the payoffs")
        g.add_argument("--turns", type=to_int, help="turns per match (default 200)")
        g.add_argument("--prob-end", type=to_float, help="probabilistic match end instead")
        g.add_argument("--noise", type=to_float, default=0.0, help="move-flip probability")
        g.add_argument("--game", default="pd", help="preset or R,S,T,P (default pd)")
        g.add_argument("--repetitions", type=to_int, default=200,
                       help="matches per pair when payoffs are simulated (default 200)")
        g.add_argument("--simulate", action="store_true",
                       help="simulate payoffs even for memory-one line-ups (default: exact)")
        g.add_argument("--long-run", action="store_true",
                       help="memory-one line-ups: long-run payoffs per turn (infinite game)")
        g.add_argument("--seed", type=to_int, help="seed for every random draw")

    def selection_options(p: argparse.ArgumentParser) -> None:
        s = p.add_argument_group("selection")
        s.add_argument("--process", default="birth-death",
                       help="birth-death, death-birth or pairwise (Fermi imitation)")
        s.add_argument("--selection", default="linear", help="linear (1-w+w*payoff) or "
                       "exponential (exp(w*payoff))")
        s.add_argument("--w", type=to_float, help="selection intensity (default 1)")
        s.add_argument("--beta", type=to_float, help="intensity of the pairwise process")

    m = sub.add_parser("moran", help="Moran process in a finite population",
                       description="Strategies reproduce by payoff in a population of N; "
                       "prints counts per generation. NAME=COUNT sets starting counts.")
    m.add_argument("strategies", nargs="+", metavar="STRATEGY[=COUNT]")
    m.add_argument("--population", type=to_int, help="population size, split evenly "
                   "(default 100, or the sum of the counts)")
    selection_options(m)
    m.add_argument("--mutation", type=to_float, default=0.0, help="mutation rate per birth")
    m.add_argument("--generations", type=to_float, help="generations of N steps (default: "
                   "until fixation)")
    m.add_argument("--graph", help="population structure: complete, cycle, grid:RxC, "
                   "regular:DEGREE, star")
    m.add_argument("--record-every", type=to_int, default=1, help="keep every k-th generation")
    m.add_argument("--checkpoint", help="path prefix: stream to PREFIX.csv and resume from "
                   "PREFIX.json")
    payoff_options(m)
    output(m)
    pictures(m)
    m.set_defaults(func=_moran)

    f = sub.add_parser("fixation", help="fixation probability of one mutant (simulated and "
                       "exact)", description="How often one MUTANT takes over a population of "
                       "RESIDENT: simulated runs next to the exact formula.")
    f.add_argument("mutant")
    f.add_argument("resident")
    f.add_argument("--population", type=to_int, default=10)
    f.add_argument("--runs", type=to_int, default=10_000)
    selection_options(f)
    payoff_options(f)
    output(f)
    f.set_defaults(func=_fixation)

    st = sub.add_parser("stationary", help="small-mutation limit: which strategy dominates "
                        "how often", description="Exact stationary distribution over "
                        "monomorphic populations as mutations become rare, with the "
                        "invasions selection favours.")
    st.add_argument("strategies", nargs="+")
    st.add_argument("--population", type=to_int, default=100)
    selection_options(st)
    payoff_options(st)
    output(st)
    pictures(st, report=False)
    st.set_defaults(func=_stationary)

    r = sub.add_parser("replicator", help="replicator dynamics (infinite population)")
    r.add_argument("strategies", nargs="+", metavar="STRATEGY[=SHARE]")
    r.add_argument("--time", type=to_float, default=100.0)
    r.add_argument("--points", type=to_int, default=101)
    payoff_options(r)
    output(r)
    pictures(r)
    r.set_defaults(func=_replicator)

    e = sub.add_parser("ecological", help="Axelrod's ecological simulation")
    e.add_argument("strategies", nargs="+", metavar="STRATEGY[=SHARE]")
    e.add_argument("--generations", type=to_int, default=100)
    payoff_options(e)
    output(e)
    pictures(e)
    e.set_defaults(func=_ecological)

    v = sub.add_parser("evolve", help="generational tournament of 'The Evolution of Trust'",
                       description="Each generation a round robin without self-play; the "
                       "worst are replaced by clones of the best.")
    v.add_argument("population", nargs="+", metavar="STRATEGY=COUNT")
    v.add_argument("--generations", type=to_int, default=20)
    v.add_argument("--rounds", type=to_int, default=10, help="turns per match")
    v.add_argument("--replace", type=to_int, default=5, help="eliminated and cloned each "
                   "generation")
    v.add_argument("--game", default="trust")
    v.add_argument("--noise", type=to_float, default=0.0)
    v.add_argument("--seed", type=to_int)
    output(v)
    pictures(v)
    v.set_defaults(func=_evolve)

    sp = sub.add_parser("spatial", help="spatial game on a torus (Nowak & May)",
                        description="Without strategies: Nowak & May's cooperators and "
                        "defectors with temptation b. With strategies: they play repeated "
                        "games with their neighbours.")
    sp.add_argument("strategies", nargs="*", metavar="STRATEGY[=SHARE]")
    sp.add_argument("--size", type=to_int, default=100, help="L for an L x L torus")
    sp.add_argument("--b", type=to_float, default=1.85, help="temptation (Nowak & May)")
    sp.add_argument("--defectors", type=to_float, default=0.1, help="initial share of D")
    sp.add_argument("--generations", type=to_int, default=100)
    sp.add_argument("--neighbourhood", default="moore", help="moore or von-neumann")
    sp.add_argument("--no-self-interaction", dest="self_interaction", action="store_false")
    sp.add_argument("--update", default="synchronous", help="synchronous or asynchronous")
    payoff_options(sp)
    output(sp)
    pictures(sp)
    sp.set_defaults(func=_spatial)


# -- helpers ---------------------------------------------------------------------------------------


def _split(items: list[str], what: str, number: Any) -> tuple[list[str], list[Any] | None]:
    names, values = [], []
    for item in items:
        m = re.fullmatch(r"(.+?)=([^=()]+)", item)
        if m:
            name, val = m.group(1), m.group(2)
            names.append(name)
            try:
                values.append(number(val))
            except (ValueError, argparse.ArgumentTypeError):
                raise ParameterError(what, item, "NAME=NUMBER, e.g. tit-for-tat=5") from None
        else:
            names.append(item)
            values.append(None)
    if all(v is None for v in values):
        return names, None
    if any(v is None for v in values):
        raise ParameterError(what, " ".join(items), "a number for every strategy or for none")
    return names, values


def _table(args: argparse.Namespace, names: list[str]) -> Any:
    from winwin.evolution import payoff_table

    return payoff_table(names, game=args.game, turns=args.turns, prob_end=args.prob_end,
                        noise=args.noise, exact=False if args.simulate else None,
                        repetitions=args.repetitions, seed=args.seed, long_run=args.long_run)


def _graph(spec: str | None, n: int) -> Any:
    if spec is None:
        return None
    try:
        import networkx as nx
    except ImportError:  # pragma: no cover - networkx is in the test extra
        raise ParameterError("graph", spec, "networkx installed (pip install winwin[graphs])") \
            from None
    kind, _, arg = spec.partition(":")
    if kind == "complete":
        return nx.complete_graph(n)
    if kind == "cycle":
        return nx.cycle_graph(n)
    if kind == "star":
        return nx.star_graph(n - 1)
    if kind == "grid":
        try:
            r, c = (int(x) for x in arg.lower().split("x"))
        except ValueError:
            raise ParameterError("graph", spec, "grid:ROWSxCOLS") from None
        if r * c != n:
            raise ParameterError("graph", spec, f"rows x cols = population ({n})")
        return nx.convert_node_labels_to_integers(nx.grid_2d_graph(r, c, periodic=True))
    if kind == "regular":
        try:
            d = int(arg)
        except ValueError:
            raise ParameterError("graph", spec, "regular:DEGREE") from None
        if not 0 < d < n or (d * n) % 2:
            raise ParameterError("graph", spec, "a degree below the population with "
                                 "degree x population even")
        return nx.random_regular_graph(d, n, seed=0)
    raise ParameterError("graph", spec, "complete, cycle, star, grid:RxC or regular:DEGREE")


def _as_data(args: argparse.Namespace, result: Any) -> str | None:
    """The JSON or CSV form of a result when one was asked for (None for the table)."""
    if args.format == "json":
        return json.dumps(result.to_dict(), indent=2) + "\n"
    if args.format == "csv":
        return _frame_csv(result.to_frame())
    return None


def _frame_csv(df: Any) -> str:
    return str(df.to_csv(index=False, float_format="%.6g"))


def _shares_line(players: Any, values: Any, fmt: str = "{:.1%}") -> str:
    order = np.argsort(-np.asarray(values, np.float64), kind="stable")
    return ", ".join(f"{players[i]} {fmt.format(values[i])}" for i in order)


def _save(args: argparse.Namespace, result: Any, lattice: bool = False) -> None:
    from winwin import plots
    from winwin.cli import save_pictures

    def draw(res: Any, path: str) -> Any:
        if lattice and str(path).lower().endswith((".gif", ".mp4")):
            return plots.animate(res, path)
        return (plots.lattice(res, path=path) if lattice else plots.population(res, path))

    save_pictures(args, result, draw)


# -- commands --------------------------------------------------------------------------------------


def _moran(args: argparse.Namespace) -> str:
    from winwin.evolution import moran

    names, counts = _split(args.strategies, "strategies", int)
    if counts is not None and args.population is not None and sum(counts) != args.population:
        raise ParameterError("population", args.population, f"the sum of the counts "
                             f"({sum(counts)}) or left out")
    population: Any = counts if counts is not None else (args.population or 100)
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
    out = io.StringIO()
    out.write(f"Moran process ({args.process}, {args.selection} selection), population "
              f"{r.population}, {r.steps / r.population:g} generations"
              + (f", on a {args.graph} graph" if args.graph else "") + "\n")
    out.write("start: " + _shares_line(r.players, r.trajectory[0], "{:d}") + "\n")
    out.write("end:   " + _shares_line(r.players, r.trajectory[-1], "{:d}") + "\n")
    if r.winner:
        out.write(f"{r.winner} took over the whole population after "
                  f"{r.steps / r.population:g} generations.\n")
    return out.getvalue()


def _fixation(args: argparse.Namespace) -> str:
    from winwin.evolution import fixation

    table = _table(args, [args.mutant, args.resident])
    r = fixation(table, args.population, runs=args.runs, process=args.process,
                 selection=args.selection, w=args.w, beta=args.beta, seed=args.seed)
    d = r.to_dict()
    if args.format == "json":
        return json.dumps(d, indent=2) + "\n"
    if args.format == "csv":
        keys = ["mutant", "resident", "population", "runs", "fixed", "probability",
                "standard_error", "exact", "neutral"]
        return ",".join(keys) + "\n" + ",".join(str(d[k]) for k in keys) + "\n"
    exact = "" if r.exact is None else f"; exact {r.exact:.6f}"
    verdict = "favours" if r.probability > 1 / r.population else "opposes"
    return (f"One {r.mutant} among {r.population - 1} {r.resident}: took over in {r.fixed} of "
            f"{r.runs} runs, probability {r.probability:.4f} ± {r.standard_error:.4f}{exact} "
            f"(neutral drift: {1 / r.population:.4f}; selection {verdict} the mutant).\n")


def _stationary(args: argparse.Namespace) -> str:
    from winwin.evolution import small_mutation_limit

    table = _table(args, args.strategies)
    r = small_mutation_limit(table, args.population, w=args.w if args.process != "pairwise"
                             else None, beta=args.beta, selection=args.selection,
                             process="pairwise" if args.process == "pairwise" else "moran")
    if args.plot:
        from winwin import plots

        plots.invasion(r, args.plot)
    if args.format == "json":
        return json.dumps(r.to_dict(), indent=2) + "\n"
    if args.format == "csv":
        return "strategy,share\n" + "".join(f"{p},{x:.10g}\n" for p, x in
                                            zip(r.players, r.stationary, strict=True))
    out = io.StringIO()
    out.write(f"Small-mutation limit, population {r.population}: share of time each strategy "
              "is the whole population\n")
    out.write(_shares_line(r.players, r.stationary) + "\n")
    edges = sorted(r.invasion_edges(), key=lambda e: -e["ratio_to_neutral"])[:10]
    for e in edges:
        out.write(f"  {e['to']} invades {e['from']}: {e['ratio_to_neutral']:.2f}x neutral\n")
    return out.getvalue()


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
    return (f"{title}: shares at the start and at t = {r.times[-1]:g}\n"
            f"start: {_shares_line(r.players, r.shares[0])}\n"
            f"end:   {_shares_line(r.players, r.shares[-1])}\n")


def _evolve(args: argparse.Namespace) -> str:
    from winwin.evolution import evolve

    names, counts = _split(args.population, "population", int)
    if counts is None:
        raise ParameterError("population", " ".join(args.population),
                             "STRATEGY=COUNT for every strategy, e.g. allc=15 alld=5 tft=5")
    r = evolve(list(zip(names, counts, strict=True)), generations=args.generations,
               rounds=args.rounds, replace=args.replace, game=args.game, noise=args.noise,
               seed=args.seed)
    _save(args, r)
    data = _as_data(args, r)
    if data is not None:
        return data
    out = io.StringIO()
    out.write(f"Evolution of Trust: {r.params['population']} players, {args.rounds} rounds a "
              f"match, {args.replace} replaced a generation, game {args.game}, noise "
              f"{args.noise:g}\n")
    for g in range(len(r.trajectory)):
        out.write(f"{g:>4}  " + "  ".join(f"{p}={int(c)}" for p, c in
                                          zip(r.players, r.trajectory[g], strict=True)) + "\n")
    out.write(f"{r.winner} took over.\n" if r.winner else "No strategy took over.\n")
    return out.getvalue()


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
    return (f"Spatial game on a {args.size}x{args.size} torus ({args.neighbourhood}, "
            f"{args.update}), {args.generations} generations\n"
            f"start: {_shares_line(r.players, r.shares[0])}\n"
            f"end:   {_shares_line(r.players, r.shares[-1])}\n")
