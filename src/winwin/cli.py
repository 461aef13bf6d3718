"""The ``winwin`` command: a thin face over the Python API.

Data goes to stdout (or ``--output``), progress and warnings to stderr. Exit codes: 0 success,
2 bad input (one line naming what was wrong), 1 an unexpected failure.
"""

from __future__ import annotations

import argparse
import io
import json
import sys
import time
import warnings
from collections.abc import Sequence
from typing import Any

from winwin._errors import ParameterError, WinwinError

FORMATS = ("table", "json", "csv")


class _UsageError(Exception):
    pass


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        raise _UsageError(message)


def _int(text: str) -> int:
    try:
        return int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not an integer") from None


def _float(text: str) -> float:
    try:
        return float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number") from None


def _common(p: argparse.ArgumentParser, *, repetitions: bool = True) -> None:
    g = p.add_argument_group("game and match options")
    g.add_argument("--turns", type=_int, help="turns per match (default 200)")
    g.add_argument("--prob-end", type=_float, help="probability that a match ends after each "
                   "turn: geometric lengths, mean 1/p (instead of --turns)")
    if repetitions:
        g.add_argument("--repetitions", type=_int,
                       help="matches per pair (default 10, or the line-up's)")
    g.add_argument("--noise", type=_float, default=0.0,
                   help="probability that a move flips (a mistaken double-cross), 0..1")
    g.add_argument("--seed", type=_int, help="seed for every random draw (default: fresh)")
    g.add_argument("--game", help="preset (pd, trust, donation, stag-hunt, chicken; default "
                   "pd or the line-up's), preset with parameters like 'donation(b=4,c=1)', or "
                   "R,S,T,P")
    g.add_argument("--backend", default="auto", help="auto, compiled or python")
    _output(p)


def _output(p: argparse.ArgumentParser) -> None:
    o = p.add_argument_group("output")
    o.add_argument("--format", default="table", help="table, json or csv")
    o.add_argument("--output", "-o", help="write the data to this file instead of stdout")


def build_parser() -> argparse.ArgumentParser:
    p = _Parser(prog="winwin", description="Repeated social dilemmas, fast and exact. In the "
                "long run there is no win-lose, only win-win or lose-lose.")
    from winwin import __version__

    p.add_argument("--version", action="version", version=f"winwin {__version__}")
    p.add_argument("--load", metavar="FILE", help="load strategies from a .py file (Strategy "
                   "subclasses) or a .toml file (table strategies); may be repeated and may "
                   "stand anywhere on the line")
    sub = p.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    t = sub.add_parser("tournament", help="round robin of strategies (default line-up if none)",
                       description="Every strategy meets every other (and itself) in repeated "
                       "matches; prints the ranking and what happened.")
    t.add_argument("strategies", nargs="*", metavar="STRATEGY",
                   help="slugs, aliases or slugs with parameters, e.g. 'gtft(q=0.1)'")
    _common(t)
    t.add_argument("--no-self-play", dest="self_play", action="store_const", const=False,
                   help="players do not meet their own twin (as in 'The Evolution of Trust')")
    t.add_argument("--lineup", help="a named line-up (classic, first-tournament, "
                   "evolution-of-trust, zero-determinant, memory-one, all) or trait filters "
                   "(nice, deterministic, stochastic, memory-depth<=N), joined by commas; named "
                   "strategies are added to it")
    t.add_argument("--threads", type=_int, help="threads for the compiled engine (default: all)")
    t.add_argument("--exact", action="store_true", help="memory-one line-ups: exact expected "
                   "payoffs from the Markov chain instead of simulation")
    t.add_argument("--quiet", "-q", action="store_true", help="no progress bar")
    pictures(t, kinds=TOURNAMENT_PLOTS)
    t.set_defaults(func=_tournament)

    rp = sub.add_parser("report", help="run a tournament and write a self-contained HTML report",
                        description="Play a tournament (the default line-up unless strategies "
                        "are named) and write one HTML file with the ranking, the pictures and "
                        "a summary; it opens in any browser without a network.")
    rp.add_argument("strategies", nargs="*", metavar="STRATEGY")
    _common(rp)
    rp.add_argument("--no-self-play", dest="self_play", action="store_const", const=False)
    rp.add_argument("--lineup", help="a named line-up or trait filters (see tournament)")
    rp.set_defaults(func=_report, format="table", output="report.html")

    fp = sub.add_parser("fingerprint", help="a strategy's Ashlock or transitive fingerprint",
                        description="Ashlock: its payoff against a Joss-Ann transformed probe "
                        "over the unit square. Transitive: its cooperation turn by turn against "
                        "random opponents.")
    fp.add_argument("strategy")
    fp.add_argument("--kind", default="ashlock", help="ashlock or transitive")
    fp.add_argument("--probe", default="tit-for-tat", help="the Ashlock probe (memory-one)")
    fp.add_argument("--step", type=_float, default=0.05, help="Ashlock grid step")
    fp.add_argument("--turns", type=_int, default=50)
    fp.add_argument("--repetitions", type=_int, default=20)
    fp.add_argument("--noise", type=_float, default=0.0)
    fp.add_argument("--game", default="pd")
    fp.add_argument("--seed", type=_int)
    _output(fp)
    fp.add_argument("--plot", help="write the heat map (PNG or SVG by extension)")
    fp.set_defaults(func=_fingerprint)

    m = sub.add_parser("match", help="one match between two strategies",
                       description="Play one match and show every move.")
    m.add_argument("player_1", metavar="A")
    m.add_argument("player_2", metavar="B")
    _common(m, repetitions=False)
    m.add_argument("--exact", action="store_true", help="exact expected payoffs of two "
                   "memory-one strategies (Markov chain); without --turns or --prob-end: the "
                   "long run")
    m.add_argument("--plot", help="write the match's story: cumulative payoffs and each turn's "
                   "outcome (PNG or SVG by extension)")
    m.set_defaults(func=_match)

    s = sub.add_parser("strategies", help="list the strategies, or describe one",
                       description="List the strategy library, filtered by trait, or show one "
                       "strategy's rule, parameters and citation.")
    s.add_argument("name", nargs="?", help="a strategy to describe")
    s.add_argument("--nice", action="store_true", help="only strategies never first to defect")
    s.add_argument("--stochastic", action="store_true", help="only stochastic strategies")
    s.add_argument("--deterministic", action="store_true", help="only deterministic strategies")
    s.add_argument("--memory-depth", type=_int, help="only strategies remembering at most N turns")
    _output(s)
    s.set_defaults(func=_strategies)

    from winwin._cli_evolution import add_commands

    add_commands(sub, to_int=_int, to_float=_float, output=_output, pictures=pictures)

    w = sub.add_parser("warmup", help="compile the engine's kernels now (cached on disk)",
                       description="Compile every kernel ahead of time; later runs load them "
                       "from numba's disk cache.")
    w.set_defaults(func=_warmup)
    return p


TOURNAMENT_PLOTS = ("ranking", "payoffs", "wins", "outcomes", "map")


def pictures(p: argparse.ArgumentParser, kinds: Sequence[str] = (), report: bool = True) -> None:
    g = p.add_argument_group("pictures")
    g.add_argument("--plot", help="write a picture (PNG or SVG by extension)")
    if kinds:
        g.add_argument("--plot-kind", default=kinds[0], help=", ".join(kinds))
    if report:
        g.add_argument("--report", help="write a self-contained HTML report here")


def save_pictures(args: argparse.Namespace, result: Any, draw: Any) -> None:
    """--plot and --report for any command that has them."""
    if getattr(args, "plot", None):
        draw(result, args.plot)
        print(f"winwin: wrote {args.plot}", file=sys.stderr)
    if getattr(args, "report", None):
        from winwin.report import write_report

        write_report(result, args.report)
        print(f"winwin: wrote {args.report}", file=sys.stderr)


def _take_loads(argv: list[str]) -> tuple[list[str], list[str]]:
    """Pull every ``--load PATH`` out of the arguments, wherever it stands."""
    rest, loads = [], []
    it = iter(argv)
    for a in it:
        if a == "--load":
            path = next(it, None)
            if path is None:
                raise _UsageError("argument --load: expected a file")
            loads.append(path)
        elif a.startswith("--load="):
            loads.append(a.split("=", 1)[1])
        else:
            rest.append(a)
    return rest, loads


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
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
        if args.command == "report" and args.output in (None, "-"):
            raise ParameterError("output", args.output, "a file name for the HTML report")
        allowed = FORMATS + (("markdown",) if args.command == "strategies" else ())
        if hasattr(args, "format") and args.format not in allowed:
            raise ParameterError("format", args.format, ", ".join(allowed[:-1]) + " or "
                                 + allowed[-1])
        with warnings.catch_warnings():
            warnings.simplefilter("always")
            warnings.showwarning = _show_warning
            text = args.func(args)
    except _UsageError as exc:
        print(f"winwin: error: {exc}", file=sys.stderr)
        return 2
    except WinwinError as exc:
        print(f"winwin: error: {_cli_message(exc)}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("winwin: interrupted", file=sys.stderr)
        return 130
    if text is not None:
        _emit(text, getattr(args, "output", None))
    return 0


def _show_warning(message: Any, category: Any, filename: str, lineno: int, file: Any = None,
                  line: Any = None) -> None:
    print(f"winwin: warning: {message}", file=sys.stderr)


_OPTIONS = {"turns", "prob_end", "repetitions", "noise", "seed", "game", "backend", "threads",
            "format", "output", "population", "generations", "w", "beta", "mutation", "runs",
            "size", "b", "defectors", "process", "selection", "graph", "rounds", "replace",
            "time", "points", "record_every", "neighbourhood", "update", "shares", "strategies",
            "plot", "plot_kind", "kind", "step", "probe", "exact", "lineup", "load"}


def _cli_message(exc: WinwinError) -> str:
    msg = str(exc).splitlines()[0]
    if isinstance(exc, ParameterError) and exc.field in _OPTIONS:
        opt = "--" + exc.field.replace("_", "-")
        return f"{opt} {exc.value!r} is not allowed: {exc.allowed}"
    return msg


def _emit(text: str, path: str | None) -> None:
    if path:
        try:
            with open(path, "w", encoding="utf-8") as fh:
                fh.write(text)
        except OSError as exc:
            raise SystemExit(f"winwin: error: --output {path!r}: {exc.strerror}") from None
        print(f"winwin: wrote {path}", file=sys.stderr)
    else:
        sys.stdout.write(text)


# -- tournament ------------------------------------------------------------------------------------


def _tournament(args: argparse.Namespace) -> str:
    import winwin as ww

    start = time.perf_counter()
    r = ww.tournament(_players(args), turns=args.turns, prob_end=args.prob_end,
                      repetitions=args.repetitions, noise=args.noise, seed=args.seed,
                      game=args.game, self_play=args.self_play, backend=args.backend,
                      threads=args.threads, progress=False if args.quiet else None,
                      exact=args.exact)
    elapsed = time.perf_counter() - start
    if args.plot and args.plot_kind not in TOURNAMENT_PLOTS:
        raise ParameterError("plot_kind", args.plot_kind, ", ".join(TOURNAMENT_PLOTS))

    def draw(res: Any, path: str) -> Any:
        from winwin import plots

        fn = {"ranking": plots.ranking, "payoffs": plots.payoffs, "wins": plots.wins,
              "outcomes": plots.outcomes, "map": plots.winwin_map}[args.plot_kind]
        return fn(res, path)

    save_pictures(args, r, draw)
    if args.format == "json":
        return r.to_json(indent=2) + "\n"
    if args.format == "csv":
        return r.to_frame().to_csv(index=False, float_format="%.6g")
    return render_tournament(r, elapsed)


def _players(args: argparse.Namespace) -> Any:
    """The named strategies, a --lineup, or both (the line-up's settings still apply)."""
    import winwin as ww

    if not getattr(args, "lineup", None):
        return args.strategies or None
    lu = ww.lineup(args.lineup)
    if not args.strategies:
        return lu
    return ww.Lineup(lu.name, (*lu.players, *args.strategies), lu.settings, lu.description)


def _length_text(params: dict[str, Any]) -> str:
    if params.get("prob_end") is not None:
        return f"random length (prob_end {params['prob_end']:g}, mean {1 / params['prob_end']:.3g} turns)"
    return f"{params['turns']} turns"


def _game_text(game: Any) -> str:
    if game.is_symmetric:
        R, S, T, P = game.payoffs
        return f"{game.name} (R={R:g} S={S:g} T={T:g} P={P:g})"
    return game.name


def render_tournament(r: Any, elapsed: float | None = None) -> str:
    """The human-readable ranking table and a plain-language summary."""
    p = r.params
    out = io.StringIO()
    reps = "exact expectations" if p.get("exact") else f"{p['repetitions']} repetitions"
    head = (f"Tournament: {r.n_players} strategies, {_length_text(p)}, {reps}, "
            f"noise {p['noise']:g}, game {_game_text(r.game)}"
            + ("" if p.get("exact") else f", seed {p['seed']}")
            + ("" if p["self_play"] else ", no self-play"))
    out.write(head + "\n\n")
    width = max(8, *(len(x) for x in r.players))
    out.write(f"{'rank':>4}  {'strategy':<{width}}  {'score':>6}  {'cooperation':>11}  "
              f"{'win-win':>7}  {'win-lose':>8}  {'lose-win':>8}  {'lose-lose':>9}\n")
    for rank, i in enumerate(r.order, start=1):
        o = r.outcome_array[i]
        out.write(f"{rank:>4}  {r.players[i]:<{width}}  {r.score_array[i]:>6.3f}  "
                  f"{r.cooperation_array[i]:>10.1%}  {o[0]:>7.1%}  {o[2]:>8.1%}  {o[1]:>8.1%}  "
                  f"{o[3]:>9.1%}\n")
    out.write("\n" + "\n".join(r.summary()) + "\n")
    out.write("Score: mean payoff per turn. Outcomes from each strategy's side: win-win = both "
              "cooperated, win-lose = it defected on a cooperator, lose-win = it was exploited, "
              "lose-lose = both defected.\n")
    if elapsed is not None and not p.get("exact"):
        out.write(f"({r.total_turns:,} turns in {elapsed:.2f} s)\n")
    return out.getvalue()


# -- match -----------------------------------------------------------------------------------------


def _match(args: argparse.Namespace) -> str:
    import winwin as ww

    m = ww.match(args.player_1, args.player_2, turns=args.turns, prob_end=args.prob_end,
                 noise=args.noise, seed=args.seed, game=args.game, backend=args.backend,
                 exact=args.exact)
    if args.plot:
        if m.exact:
            raise ParameterError("plot", args.plot, "a simulated match (drop --exact)")
        from winwin import plots

        plots.match_story(m, path=args.plot)
        print(f"winwin: wrote {args.plot}", file=sys.stderr)
    if args.format == "json":
        return m.to_json(indent=2) + "\n"
    if args.format == "csv":
        return _match_csv(m)
    return render_match(m)


_OUTCOME_WORDS = {"CC": "win-win", "CD": "lose-win", "DC": "win-lose", "DD": "lose-lose"}


def _match_csv(m: Any) -> str:
    out = io.StringIO()
    if m.exact:
        out.write("player,opponent,mean_score\n")
        out.write(f"{m.players[0]},{m.players[1]},{m.mean_scores[0]:.12g}\n")
        out.write(f"{m.players[1]},{m.players[0]},{m.mean_scores[1]:.12g}\n")
        return out.getvalue()
    out.write(f"turn,{m.players[0]},{m.players[1]},outcome\n")
    for t, pair in enumerate(m.actions_text(), start=1):
        out.write(f"{t},{pair[0]},{pair[1]},{_OUTCOME_WORDS[pair].replace('-', '_')}\n")
    return out.getvalue()


def render_match(m: Any, show: int = 60) -> str:
    p = m.params
    a, b = m.players
    out = io.StringIO()
    if m.exact:
        if p["horizon"] == "turns":
            horizon = f"over {p['turns']} turns"
        elif p["horizon"] == "prob_end":
            horizon = f"with prob_end {p['prob_end']:g}"
        else:
            horizon = "in the long run"
        out.write(f"Exact expected payoffs per turn {horizon}, noise {p['noise']:g}, game "
                  f"{_game_text(m.game)}:\n")
        width = max(len(a), len(b))
        out.write(f"  {a:<{width}}  {m.mean_scores[0]:.6f}\n  {b:<{width}}  {m.mean_scores[1]:.6f}\n")
        o = m.outcomes
        out.write(f"Expected share of turns (from {a}'s side): win-win {o['win_win']:.1%}, "
                  f"win-lose {o['win_lose']:.1%}, lose-win {o['lose_win']:.1%}, lose-lose "
                  f"{o['lose_lose']:.1%}\n")
        return out.getvalue()
    out.write(f"Match: {a} vs {b}, {m.turns} turns, noise {p['noise']:g}, game "
              f"{_game_text(m.game)}, seed {p['seed']}\n\n")
    width = max(len(a), len(b))
    moves = m.actions_text()
    cut = moves[:show]
    more = f" ... ({m.turns - show} more)" if m.turns > show else ""
    out.write(f"  {a:<{width}}  {''.join(x[0] for x in cut)}{more}\n")
    out.write(f"  {b:<{width}}  {''.join(x[1] for x in cut)}{more}\n\n")
    out.write(f"{'':2}{'':<{width}}  {'total':>9}  {'per turn':>8}  {'cooperation':>11}\n")
    for k, name in enumerate((a, b)):
        out.write(f"  {name:<{width}}  {m.scores[k]:>9g}  {m.mean_scores[k]:>8.3f}  "
                  f"{m.cooperation[k]:>10.1%}\n")
    o = m.outcomes
    out.write(f"\nTurns from {a}'s side: win-win {o['win_win']:.1%}, win-lose {o['win_lose']:.1%}, "
              f"lose-win {o['lose_win']:.1%}, lose-lose {o['lose_lose']:.1%}.\n")
    w = m.winner
    if w is None:
        out.write("Neither came out ahead.\n")
    else:
        loser = b if w == a else a
        both = "both gained more than mutual defection would give" if min(m.mean_scores) > \
            m.game.payoffs_1[3] else "mutual defection dragged both down"
        out.write(f"{w} scored more than {loser}; {both}.\n")
    return out.getvalue()


# -- strategies ------------------------------------------------------------------------------------


def _strategies(args: argparse.Namespace) -> str:
    from winwin.strategies import get_strategy, registry

    if args.name:
        s = get_strategy(args.name)
        d = s.describe()
        if args.format == "json":
            return json.dumps(d, indent=2, default=str) + "\n"
        if args.format == "csv":
            raise ParameterError("format", "csv", "table or json when describing one strategy")
        t = d["traits"]
        lines = [f"{d['name']} ({d['spec']})"]
        if d["aliases"]:
            lines.append(f"aliases: {', '.join(d['aliases'])}")
        lines.append(f"rule: {d['rule']}")
        lines.append("traits: " + ", ".join(f"{k.replace('_', ' ')}={v}" for k, v in t.items()))
        for name, info in d["parameters"].items():
            lines.append(f"parameter {name} = {info['value']} (default {info['default']}): "
                         f"{info['doc']}")
        lines.append(f"citation: {d['citation']}")
        return "\n".join(lines) + "\n"
    if args.format == "markdown":
        return strategy_reference()
    rows = []
    for cls in registry().builtins():
        s = cls()
        if _passes(s, args):
            rows.append(s.describe())
    rows += [c().describe() for c in registry() if not c.__module__.startswith("winwin.")
             and _passes(c(), args)]
    if args.format == "json":
        return json.dumps(rows, indent=2, default=str) + "\n"
    if args.format == "csv":
        out = io.StringIO()
        out.write("slug,name,aliases,memory_depth,stochastic,nice,parameters\n")
        for d in rows:
            t = d["traits"]
            out.write(f"{d['slug']},{d['name']},{' '.join(d['aliases'])},{t['memory_depth']},"
                      f"{t['stochastic']},{t['nice']},{' '.join(d['parameters'])}\n")
        return out.getvalue()
    width = max([8] + [len(d["slug"]) for d in rows])
    out = io.StringIO()
    out.write(f"{'strategy':<{width}}  {'memory':>6}  {'stochastic':>10}  {'nice':>5}  "
              "parameters / aliases\n")
    for d in rows:
        t = d["traits"]
        extra = ", ".join([f"{k}={_short(v['default'])}" for k, v in d["parameters"].items()]
                          + d["aliases"])
        nice = {True: "yes", False: "no", None: "-"}[t["nice"]]
        out.write(f"{d['slug']:<{width}}  {str(t['memory_depth']):>6}  "
                  f"{'yes' if t['stochastic'] else 'no':>10}  {nice:>5}  {extra}\n")
    out.write(f"\n{len(rows)} strategies. `winwin strategies NAME` shows one's rule and citation.\n")
    return out.getvalue()


def strategy_reference() -> str:
    """The strategy reference in Markdown, generated from the registry (docs/strategies.md)."""
    from winwin.strategies import LINEUPS, registry

    out = io.StringIO()
    builtins = registry().builtins()
    out.write("# Strategy reference\n\n")
    out.write("Generated from the registry by `winwin strategies --format markdown --output "
              "docs/strategies.md`; a test checks that it is up to date.\n\n")
    out.write(f"{len(builtins)} strategies. Name one anywhere by its slug or an alias, with "
              "parameters in the slug syntax, e.g. `generous-tit-for-tat(q=0.1)`. Traits: "
              "memory depth (turns remembered; inf = the whole match), stochastic, nice (never "
              "the first to defect).\n\n")
    out.write("| strategy | slug | aliases | memory | stochastic | nice |\n|---|---|---|---|---|---|\n")
    for cls in builtins:
        d = cls().describe()
        t = d["traits"]
        nice = {True: "yes", False: "no", None: "-"}[t["nice"]]
        out.write(f"| [{d['name']}](#{d['slug']}) | `{d['slug']}` | "
                  f"{', '.join(f'`{a}`' for a in d['aliases'])} | {t['memory_depth']} | "
                  f"{'yes' if t['stochastic'] else 'no'} | {nice} |\n")
    out.write("\n## Line-ups\n\n")
    for name, (_, settings, description) in LINEUPS.items():
        extra = f" Settings: {', '.join(f'{k}={v}' for k, v in settings.items())}." \
            if settings else ""
        out.write(f"- `{name}`: {description}.{extra}\n")
    out.write("- `memory-one`, `all`, and trait filters `nice`, `deterministic`, `stochastic`, "
              "`forgiving`, `retaliating`, `memory-depth<=N`, joined by commas "
              "(`--lineup all,nice`).\n")
    out.write("\n## Transformers\n\n")
    from winwin.strategies._transformers import TRANSFORMERS

    for slug, cls in TRANSFORMERS.items():
        params = ", ".join(f"{p.name}={p.default}" for p in cls.params if p.name != "inner")
        out.write(f"- `{slug}(STRATEGY{', ' + params if params else ''})`: {cls.rule}\n")
    out.write("\n## Strategies\n")
    for cls in builtins:
        d = cls().describe()
        t = d["traits"]
        out.write(f"\n### {d['name']}\n\n<a id=\"{d['slug']}\"></a>`{d['slug']}`")
        if d["aliases"]:
            out.write(f" (aliases: {', '.join(f'`{a}`' for a in d['aliases'])})")
        out.write(f"\n\n{d['rule']}\n\n")
        out.write(f"- traits: memory depth {t['memory_depth']}, "
                  f"{'stochastic' if t['stochastic'] else 'deterministic'}, nice: "
                  f"{ {True: 'yes', False: 'no', None: 'depends'}[t['nice']] }\n")
        for pname, info in d["parameters"].items():
            out.write(f"- parameter `{pname}` (default `{_short(info['default'])}`): "
                      f"{info['doc']}\n")
        out.write(f"- citation: {d['citation']}\n")
    return out.getvalue()


def _passes(s: Any, args: argparse.Namespace) -> bool:
    t = s.traits
    return not ((args.nice and t.nice is not True) or (args.stochastic and not t.stochastic)
                or (args.deterministic and t.stochastic)
                or (args.memory_depth is not None and not t.memory_depth <= args.memory_depth))


def _short(value: Any) -> str:
    from winwin.strategies._base import _format_value

    if value is None:
        return "(from the game)"
    text = _format_value(value)
    return text if len(text) <= 24 else text[:21] + "..."


def _report(args: argparse.Namespace) -> None:
    import winwin as ww
    from winwin.report import write_report

    r = ww.tournament(_players(args), turns=args.turns, prob_end=args.prob_end,
                      repetitions=args.repetitions, noise=args.noise, seed=args.seed,
                      game=args.game, self_play=args.self_play, backend=args.backend,
                      progress=None)
    write_report(r, args.output)
    print(f"winwin: wrote {args.output}", file=sys.stderr)


def _fingerprint(args: argparse.Namespace) -> str:
    from winwin import fingerprint

    if args.kind == "ashlock":
        fp = fingerprint.ashlock(args.strategy, probe=args.probe, step=args.step,
                                 turns=args.turns, repetitions=args.repetitions,
                                 noise=args.noise, game=args.game, seed=args.seed)
    elif args.kind == "transitive":
        fp = fingerprint.transitive(args.strategy, turns=args.turns,
                                    repetitions=args.repetitions, noise=args.noise,
                                    game=args.game, seed=args.seed)
    else:
        raise ParameterError("kind", args.kind, "ashlock or transitive")
    if args.plot:
        from winwin import plots

        plots.fingerprint(fp, args.plot)
        print(f"winwin: wrote {args.plot}", file=sys.stderr)
    if args.format == "json":
        return fp.to_json(indent=2) + "\n"
    out = io.StringIO()
    if args.format == "csv":
        out.write("row," + ",".join(f"{c:g}" if isinstance(c, float) else str(c)
                                    for c in fp.columns.tolist()) + "\n")
        for label, row in zip(fp.rows.tolist(), fp.values, strict=True):
            out.write(f"{label}," + ",".join(f"{x:.6g}" for x in row) + "\n")
        return out.getvalue()
    v = fp.values
    if fp.kind == "ashlock":
        out.write(f"Ashlock fingerprint of {fp.strategy} (probe {fp.params['probe']}): payoff "
                  f"per turn from {v.min():.2f} to {v.max():.2f}; against the pure probe "
                  f"(x = y = 0) {v[0, 0]:.2f}, against a cooperator (x = 1) {v[0, -1]:.2f}, "
                  f"against a defector (y = 1) {v[-1, 0]:.2f}.\n")
    else:
        out.write(f"Transitive fingerprint of {fp.strategy}: cooperation over {v.shape[1]} turns "
                  f"from {v.mean(axis=1).min():.0%} (against {fp.rows[int(v.mean(axis=1).argmin())]}) "
                  f"to {v.mean(axis=1).max():.0%} (against {fp.rows[int(v.mean(axis=1).argmax())]}).\n")
    if not args.plot:
        out.write("Use --plot FILE.png to see it.\n")
    return out.getvalue()


# -- warmup ----------------------------------------------------------------------------------------


def _warmup(args: argparse.Namespace) -> str:
    import winwin as ww

    start = time.perf_counter()
    ww.match("tit-for-tat", "gradual", turns=3, seed=0)
    ww.tournament(["tit-for-tat", "gradual"], turns=3, repetitions=1, seed=0, progress=False)
    ww.tournament(["tit-for-tat", "defector"], turns=3, repetitions=1, seed=0, progress=False)
    ww.tournament(["tit-for-tat", "defector"], prob_end=0.5, repetitions=1, seed=0,
                  progress=False)
    ww.tournament(["tit-for-tat", "detective"], turns=3, repetitions=1, seed=0, progress=False)
    ww.tournament(["tit-for-tat", "defector"], turns=3, exact=True)
    elapsed = time.perf_counter() - start
    from numba.core import config

    where = getattr(config, "CACHE_DIR", "") or "next to the winwin sources (__pycache__)"
    return f"kernels ready in {elapsed:.1f} s; numba cache: {where}\n"


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
