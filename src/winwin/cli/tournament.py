"""``winwin tournament``, ``match``, ``report`` and ``fingerprint``."""

from __future__ import annotations

import argparse
import time
from typing import Any

from winwin import text
from winwin._errors import ParameterError
from winwin.cli import _options as opt
from winwin.cli._emit import emit, formatted, note, save_pictures

TOURNAMENT_PLOTS = ("ranking", "payoffs", "wins", "outcomes", "map")


def add_commands(sub: Any) -> None:
    t = sub.add_parser("tournament", help="round robin of strategies (default line-up if none)",
                       description="Every strategy meets every other (and itself) in repeated "
                       "matches; prints the ranking and what happened.")
    t.add_argument("strategies", nargs="*", metavar="STRATEGY",
                   help="slugs, aliases or slugs with parameters, e.g. 'gtft(q=0.1)'")
    opt.match_options(t)
    _lineup_options(t)
    t.add_argument("--threads", type=opt.to_int, help="threads for the compiled engine "
                   "(default: all)")
    t.add_argument("--exact", action="store_true", help="memory-one line-ups: exact expected "
                   "payoffs from the Markov chain instead of simulation")
    t.add_argument("--quiet", "-q", action="store_true", help="no progress bar")
    opt.picture_options(t, kinds=TOURNAMENT_PLOTS)
    t.set_defaults(func=_tournament)

    rp = sub.add_parser("report", help="run a tournament and write a self-contained HTML report",
                        description="Play a tournament (the default line-up unless strategies "
                        "are named) and write one HTML file with the ranking, the pictures and "
                        "a summary; it opens in any browser without a network.")
    rp.add_argument("strategies", nargs="*", metavar="STRATEGY",
                    help="strategy specs (default: the classic line-up)")
    opt.match_options(rp)
    _lineup_options(rp)
    rp.set_defaults(func=_report, format="table", output="report.html", threads=None,
                    exact=False, quiet=False, plot=None, plot_kind="ranking")

    m = sub.add_parser("match", help="one match between two strategies",
                       description="Play one match and show every move.")
    m.add_argument("player_1", metavar="A", help="player 1's strategy spec")
    m.add_argument("player_2", metavar="B", help="player 2's strategy spec")
    opt.match_options(m, repetitions=False)
    m.add_argument("--exact", action="store_true", help="exact expected payoffs of two "
                   "memory-one strategies (Markov chain); without --turns or --prob-end: the "
                   "long run")
    m.add_argument("--plot", help="write the match's story: cumulative payoffs and each turn's "
                   "outcome (PNG or SVG by extension)")
    m.set_defaults(func=_match)

    fp = sub.add_parser("fingerprint", help="a strategy's Ashlock or transitive fingerprint",
                        description="Ashlock: its payoff against a Joss-Ann transformed probe "
                        "over the unit square. Transitive: its cooperation turn by turn against "
                        "random opponents.")
    fp.add_argument("strategy", help="the strategy to fingerprint")
    fp.add_argument("--kind", default="ashlock", help="ashlock or transitive")
    fp.add_argument("--probe", default="tit-for-tat", help="the Ashlock probe (memory-one)")
    fp.add_argument("--step", type=opt.to_float, default=0.05, help="Ashlock grid step")
    g = fp.add_argument_group("game and match options")
    g.add_argument("--turns", type=opt.to_int, default=50, help="turns per match (default 50)")
    g.add_argument("--repetitions", type=opt.to_int, default=20,
                   help="matches per grid point (default 20: a fingerprint averages noise "
                   "over many short matches)")
    opt.noise(g)
    opt.game(g, "pd")
    opt.seed(g)
    opt.output_options(fp)
    fp.add_argument("--plot", help="write the heat map (PNG or SVG by extension)")
    fp.set_defaults(func=_fingerprint)


def _lineup_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--no-self-play", dest="self_play", action="store_const", const=False,
                   help="players do not meet their own twin (as in 'The Evolution of Trust')")
    p.add_argument("--lineup", help="a named line-up (classic, first-tournament, "
                   "evolution-of-trust, zero-determinant, memory-one, all) or trait filters "
                   "(nice, deterministic, stochastic, memory-depth<=N), joined by commas; named "
                   "strategies are added to it")


def players(args: argparse.Namespace) -> Any:
    """The named strategies, a --lineup, or both (the line-up's settings still apply)."""
    import winwin as ww

    if not getattr(args, "lineup", None):
        return args.strategies or None
    lu = ww.lineup(args.lineup)
    if not args.strategies:
        return lu
    return ww.Lineup(lu.name, (*lu.players, *args.strategies), lu.settings, lu.description)


def run_tournament(args: argparse.Namespace, progress: bool | None = None) -> Any:
    import winwin as ww

    return ww.tournament(players(args), turns=args.turns, prob_end=args.prob_end,
                         repetitions=args.repetitions, noise=args.noise, seed=args.seed,
                         game=args.game, self_play=args.self_play, backend=args.backend,
                         threads=args.threads, progress=progress, exact=args.exact)


def draw_tournament(kind: str) -> Any:
    if kind not in TOURNAMENT_PLOTS:
        raise ParameterError("plot_kind", kind, ", ".join(TOURNAMENT_PLOTS))

    def draw(res: Any, path: str) -> Any:
        from winwin import plots

        fn = {"ranking": plots.ranking, "payoffs": plots.payoffs, "wins": plots.wins,
              "outcomes": plots.outcomes, "map": plots.winwin_map}[kind]
        return fn(res, path)

    return draw


def _tournament(args: argparse.Namespace) -> str:
    if args.plot_kind is not None and not args.plot:
        raise ParameterError("plot_kind", args.plot_kind, "together with --plot FILE")
    args.plot_kind = args.plot_kind or TOURNAMENT_PLOTS[0]
    if args.plot:
        draw_tournament(args.plot_kind)  # an unknown kind fails before the work
    start = time.perf_counter()
    r = run_tournament(args, progress=False if args.quiet else None)
    elapsed = time.perf_counter() - start
    draw = draw_tournament(args.plot_kind) if args.plot else None
    save_pictures(args, r, draw or (lambda res, path: None))
    return formatted(args, r, lambda: text.render_tournament(r, elapsed),
                     json_text=lambda: r.to_json(indent=2) + "\n")


def _report(args: argparse.Namespace) -> None:
    """``winwin report``: the tournament with ``--report`` and nothing else."""
    if args.output in (None, "-"):
        raise ParameterError("output", args.output, "a file name for the HTML report")
    if args.format != "table":
        raise ParameterError("format", args.format, "left out: a report is one HTML file (for "
                             "JSON or CSV use winwin tournament --format)")
    r = run_tournament(args)
    args.report = args.output
    save_pictures(args, r, lambda res, path: None)


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
        note(f"wrote {args.plot}")
    return formatted(args, m, lambda: text.render_match(m),
                     json_text=lambda: m.to_json(indent=2) + "\n",
                     csv_text=lambda: text.match_csv(m))


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
        note(f"wrote {args.plot}")
    return formatted(args, fp, lambda: text.fingerprint_text(fp, bool(args.plot)),
                     json_text=lambda: fp.to_json(indent=2) + "\n",
                     csv_text=lambda: text.fingerprint_csv(fp))


__all__ = ["add_commands", "emit", "players", "run_tournament"]
