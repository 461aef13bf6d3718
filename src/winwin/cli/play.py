"""``winwin play``: a person plays a repeated game in the terminal against a hidden (or named)
strategy; at the end the opponent is revealed with how every library strategy would have done
against it. Keyboard only, plain lines: works over ssh and through pipes."""

from __future__ import annotations

import argparse
import random
import sys
from typing import Any

from winwin.cli import _options as opt

#: The hidden opponents of "The Evolution of Trust", one drawn by the seed.
SERIES = ("copycat", "always-cheat", "always-cooperate", "grudger", "detective")


def add_commands(sub: Any) -> None:
    p = sub.add_parser("play", help="play a repeated game yourself, against a hidden strategy",
                       description="Play round by round against a strategy (hidden unless you "
                       "name it): type c to cooperate or d to defect. At the end you see who it "
                       "was and how every library strategy would have done against it.")
    p.add_argument("opponent", nargs="?", help="a strategy spec (default: one of "
                   f"{', '.join(SERIES)}, drawn by the seed and kept hidden)")
    g = p.add_argument_group("the game")
    g.add_argument("--turns", type=opt.to_int, help="rounds, known to you (default 10)")
    g.add_argument("--prob-end", type=opt.to_float, help="instead of --turns: after each round "
                   "the game ends with this probability (you do not know when)")
    opt.noise(g)
    opt.seed(g)
    opt.game(g, "pd")
    p.set_defaults(func=_play)


def _play(args: argparse.Namespace) -> None:
    import winwin as ww
    from winwin import text
    from winwin.engine._rng import check_seed
    from winwin.live import LiveMatch

    seed = check_seed(args.seed)
    hidden = args.opponent is None
    opponent = random.Random(seed).choice(SERIES) if hidden else args.opponent
    if args.turns is not None and args.prob_end is not None:
        raise ww.ParameterError("prob_end", args.prob_end, "not with --turns (choose one)")
    live = LiveMatch(opponent, turns=args.turns, prob_end=args.prob_end, noise=args.noise,
                     seed=seed, game=args.game)
    out = sys.stdout
    out.write(text.play_intro(live, hidden))
    while not live.over:
        out.write(text.play_prompt(live))
        out.flush()
        line = sys.stdin.readline()
        if not line:  # end of input: stop here, as q does
            out.write("\n")
            break
        answer = line.strip().lower()
        if answer in ("q", "quit", "exit"):
            break
        if answer in ("c", "cooperate") or answer in ("d", "defect"):
            out.write(text.play_round(live.play(answer[0].upper())))
        else:
            out.write(f"  {answer[:20]!r}? Type c to cooperate, d to defect, q to stop.\n")
    out.write(text.play_end(live, _others(live) if live.turn else []))
    out.flush()


def _others(live: Any) -> list[tuple[str, float]]:
    """Every library strategy against the same opponent over the rounds played, with the same
    seed: the same draws, so the same mistakes at the same turns."""
    import winwin as ww

    p = live.plan
    length = dict(turns=p.turns, prob_end=p.prob_end) if live.over else dict(turns=live.turn)
    scores = []
    for cls in ww.registry().builtins():
        m = ww.match(cls(), live.opponent.clone(), noise=p.noise, seed=p.seed, game=p.game,
                     **length)
        scores.append((cls.name, m.mean_scores[0]))
    return scores
