"""All of winwin's words in one place: tables, plain-language summaries and verdicts, the
strategy reference. The CLI, the HTML reports, notebooks and the web pages use these functions,
so a result reads the same wherever it is shown.

Outcome words and their order come from :mod:`winwin.outcomes`; no function here reorders engine
columns by hand.

>>> import winwin as ww
>>> r = ww.tournament(["tit-for-tat", "defector"], turns=10, repetitions=1, seed=1)
>>> tournament_summary(r)[0]  # (10 x R against its twin + S + 9 x P) over 20 turns
'Tit For Tat finished on top with 1.95 per turn; 50% of its turns were win-win.'
"""

from __future__ import annotations

import io
import json
from typing import Any

import numpy as np

from winwin import outcomes as O

__all__ = ["CLOSING", "OUTCOME_NOTE", "WINS_ARE_NOT_RANKS", "describe_strategy",
           "evolution_story", "fingerprint_csv", "fingerprint_text", "fixation_csv", "frame_csv",
           "game_text", "length_text", "match_csv", "nice_verdict", "render_dynamics",
           "render_evolve", "render_fixation", "render_match", "render_moran", "render_spatial",
           "render_stationary", "render_tournament", "shares_line", "stationary_csv",
           "strategies_csv", "strategy_reference", "strategy_table", "to_json",
           "tournament_summary"]

OUTCOME_NOTE = ("Outcomes from each strategy's side: "
                + ", ".join(f"{O.WORDS[k]} = {O.MEANINGS[k]}" for k in O.ORDER) + ".")

def tournament_summary(self: Any) -> list[str]:
    """Two sentences in plain words: who finished on top, and how the strategies that
    defect first fared against the nice ones."""
    top = int(self.order[0])
    shares = self.outcome_shares
    given = getattr(self, "labels", self.players)[top]
    who = self.names[top] if given == self.players[top] else given
    lines = [f"{who} finished on top with {self.score_array[top]:.2f} per turn; "
             f"{shares['win_win'][top]:.0%} of its turns were win-win."]
    niceness = [getattr(getattr(s, "traits", None), "nice", None) for s in self.strategies]
    nice = [i for i, x in enumerate(niceness) if x is True]
    other = [i for i, x in enumerate(niceness) if x is False]
    if nice and other:
        sn = float(np.mean(self.score_array[nice]))
        so = float(np.mean(self.score_array[other]))
        lost = float(np.mean(shares["lose_lose"][other]))
        verdict = ("their win-lose gains did not last" if so < sn else
                   "this time exploitation paid")
        lines.append(f"Strategies that defect first averaged {so:.2f} per turn against "
                     f"{sn:.2f} for the nice ones ({lost:.0%} of their turns ended "
                     f"lose-lose): {verdict}.")
    elif nice:
        lines.append("Every strategy here is nice (never the first to defect): "
                     f"{self.outcomes['win_win']:.0%} of all turns were win-win.")
    else:
        lines.append("No strategy here is reliably nice: "
                     f"{self.outcomes['lose_lose']:.0%} of all turns were lose-lose.")
    return lines


def length_text(params: dict[str, Any]) -> str:
    if params.get("prob_end") is not None:
        return f"random length (prob_end {params['prob_end']:g}, mean {1 / params['prob_end']:.3g} turns)"
    return f"{params['turns']} turns"


def game_text(game: Any) -> str:
    if game.is_symmetric:
        R, S, T, P = game.payoffs
        return f"{game.name} (R={R:g} S={S:g} T={T:g} P={P:g})"
    return game.name



def render_tournament(r: Any, elapsed: float | None = None) -> str:
    """The human-readable ranking table and a plain-language summary."""
    p = r.params
    out = io.StringIO()
    reps = "exact expectations" if p.get("exact") else f"{p['repetitions']} repetitions"
    head = (f"Tournament: {plural(r.n_players, 'strategy', 'strategies')}, "
            f"{length_text(p)}, {reps}, "
            f"noise {p['noise']:g}, game {game_text(r.game)}"
            + ("" if p.get("exact") else f", seed {p['seed']}")
            + ("" if p["self_play"] else ", no self-play"))
    out.write(head + "\n\n")
    width = max(8, *(len(x) for x in r.labels))
    out.write(f"{'rank':>4}  {'strategy':<{width}}  {'score':>6}  {'cooperation':>11}"
              + "".join(f"  {O.WORDS[k]:>{len(O.WORDS[k])}}" for k in O.ORDER) + "\n")
    shares = r.outcome_shares
    for rank, i in enumerate(r.order, start=1):
        out.write(f"{rank:>4}  {r.labels[i]:<{width}}  {r.score_array[i]:>6.3f}  "
                  f"{r.cooperation_array[i]:>10.1%}"
                  + "".join(f"  {share(shares[k][i]):>{len(O.WORDS[k])}.1%}" for k in O.ORDER)
                  + "\n")
    out.write("\n" + "\n".join(tournament_summary(r)) + "\n")
    out.write(f"Score: mean payoff per turn. {OUTCOME_NOTE}\n")
    if elapsed is not None and not p.get("exact"):
        out.write(f"({r.total_turns:,} turns in {elapsed:.2f} s)\n")
    return out.getvalue()


def _outcome_list(shares: dict[str, float]) -> str:
    return ", ".join(f"{O.WORDS[k]} {share(shares[k]):.1%}" for k in O.ORDER)


def share(x: float) -> float:
    """A share for printing: exact expectations can come out as -0.0 or -1e-17."""
    x = float(x)
    return x if x > 0.0 else 0.0  # max(-0.0, 0.0) would keep the -0.0


def plural(n: int, one: str, many: str) -> str:
    return f"{n:,} {one if n == 1 else many}"


def total(x: float) -> str:
    """A total payoff: whole numbers in full (2,248,860, not 2.24886e+06)."""
    return f"{x:,.0f}" if float(x).is_integer() else f"{x:,.6g}"


# -- playing in the terminal (winwin play) ----------------------------------------------------
def play_intro(live: Any, hidden: bool) -> str:
    """How the game goes, before the first round of ``winwin play``."""
    g = live.plan.game
    who = "a hidden opponent" if hidden else f"{live.opponent.name} (`{live.opponent.spec}`)"
    if live.known_length:
        horizon = f"The game lasts {plural(live.length, 'round', 'rounds')}."
    else:
        go_on = 1.0 - float(live.plan.prob_end)
        horizon = (f"Nobody knows when it ends: after each round it goes on with probability "
                   f"{go_on:.0%} (about {1 / float(live.plan.prob_end):,.0f} rounds on average).")
    mistakes = (f" Mistakes happen: {live.noise:.0%} of moves, yours and theirs, come out the "
                "other way." if live.noise > 0 else "")
    a, b = g.payoffs_1, g.payoffs_2
    lines = [f"You play a repeated game against {who}. {horizon}{mistakes}",
             "Each round you both choose: cooperate (c) or defect (d). What you get, you / they:",
             f"  both cooperate: {total(a[0])} / {total(b[0])} (win-win)",
             f"  you defect on a cooperator: {total(a[2])} / {total(b[1])} (win-lose)",
             f"  you cooperate, they defect: {total(a[1])} / {total(b[2])} (lose-win)",
             f"  both defect: {total(a[3])} / {total(b[3])} (lose-lose)",
             f"Type c or d and Enter; q stops. Seed {live.seed}."]
    return "\n".join(lines) + "\n"


def play_prompt(live: Any) -> str:
    of = f" of {live.length}" if live.known_length else ""
    return f"Round {live.turn + 1}{of}: cooperate or defect? [c/d] "


def play_round(r: Any) -> str:
    """One round: both moves, the outcome in words, the totals, and any mistake."""
    word = {"C": "cooperated", "D": "defected"}
    notes = []
    if r.your_mistake:
        notes.append(f"you meant to {'cooperate' if r.meant == 'C' else 'defect'}, a mistake "
                     "flipped it")
    if r.their_mistake:
        notes.append("their move was a mistake")
    extra = f" ({'; '.join(notes)})" if notes else ""
    return (f"  you {word[r.you]}, they {word[r.them]}: {O.WORDS[r.outcome]}, you "
            f"{total(r.payoffs[0])}, they {total(r.payoffs[1])}{extra}. Totals: you "
            f"{total(r.totals[0])}, they {total(r.totals[1])}\n")


def play_end(live: Any, others: list[tuple[str, float]]) -> str:
    """The reveal: who it was, its rule, your shares of outcomes, and how every library
    strategy would have done against it over the same rounds (``others``: name and mean
    payoff per round, any order)."""
    them = live.opponent
    n = live.turn
    out = io.StringIO()
    if n < live.length:
        out.write(f"\nYou stopped after {plural(n, 'round', 'rounds')} of {live.length}.\n")
    else:
        out.write(f"\nThe game is over after {plural(n, 'round', 'rounds')}.\n")
    out.write(f"Your opponent was {them.name} (`{them.spec}`): {them.rule}\n")
    if n == 0:
        return out.getvalue()
    mine, theirs = live.totals[0] / n, live.totals[1] / n
    out.write(f"You scored {total(live.totals[0])} ({mine:.2f} a round), it scored "
              f"{total(live.totals[1])} ({theirs:.2f} a round).\n")
    counts = {k: 0 for k in O.ORDER}
    for r in live.rounds:
        counts[r.outcome] += 1
    out.write("Your rounds: " + ", ".join(f"{O.WORDS[k]} {counts[k] / n:.0%}" for k in O.ORDER)
              + ".\n")
    if others:
        ranked = sorted(others, key=lambda x: -x[1])
        better = sum(1 for _, v in ranked if v > mine + 1e-12)
        out.write(f"Against it, over the same {plural(n, 'round', 'rounds')} and the same "
                  f"draws, the {len(ranked)} library strategies would have scored from "
                  f"{ranked[-1][1]:.2f} to {ranked[0][1]:.2f} a round; you rank {better + 1} of "
                  f"{len(ranked) + 1}.\n")
        out.write("  best: " + ", ".join(f"{name} {v:.2f}" for name, v in ranked[:3]) + "\n")
        out.write("  worst: " + ", ".join(f"{name} {v:.2f}" for name, v in ranked[-3:]) + "\n")
    if counts["lose_lose"] > counts["win_win"]:
        out.write("More lose-lose than win-win: against a strategy that remembers, a defection "
                  "pays once and then costs.\n")
    elif counts["win_win"] >= n / 2:
        out.write("Mostly win-win: that is what wins in the long run.\n")
    return out.getvalue()


def match_verdict(m: Any, loser: str) -> str:
    """Why the loser lost, in words that agree with the numbers."""
    p_payoff = m.game.payoffs_1[3]
    if min(m.mean_scores) > p_payoff:
        return "both gained more than mutual defection would give"
    if m.outcomes["lose_lose"] >= 0.5:
        return "mutual defection dragged both down"
    return f"{loser} was exploited, below what mutual defection would give"


def match_csv(m: Any) -> str:
    out = io.StringIO()
    if m.exact:
        out.write("player,opponent,mean_score\n")
        out.write(f"{m.players[0]},{m.players[1]},{m.mean_scores[0]:.12g}\n")
        out.write(f"{m.players[1]},{m.players[0]},{m.mean_scores[1]:.12g}\n")
        return out.getvalue()
    out.write(f"turn,{m.players[0]},{m.players[1]},outcome\n")
    for t, pair in enumerate(m.actions_text(), start=1):
        out.write(f"{t},{pair[0]},{pair[1]},{O.BY_MOVES[pair]}\n")
    return out.getvalue()


def render_match(m: Any, show: int = 60) -> str:
    p = m.params
    a, b = m.labels
    out = io.StringIO()
    if m.exact:
        if p["horizon"] == "turns":
            horizon = f"over {p['turns']} turns"
        elif p["horizon"] == "prob_end":
            horizon = f"with prob_end {p['prob_end']:g}"
        else:
            horizon = "in the long run"
        out.write(f"Exact expected payoffs per turn {horizon}, noise {p['noise']:g}, game "
                  f"{game_text(m.game)}:\n")
        width = max(len(a), len(b))
        out.write(f"  {a:<{width}}  {m.mean_scores[0]:.6f}\n  {b:<{width}}  {m.mean_scores[1]:.6f}\n")
        o = m.outcomes
        out.write(f"Expected share of turns (from {a}'s side): {_outcome_list(o)}\n")
        return out.getvalue()
    out.write(f"Match: {a} vs {b}, {m.turns} turns, noise {p['noise']:g}, game "
              f"{game_text(m.game)}, seed {p['seed']}\n\n")
    width = max(len(a), len(b))
    moves = m.actions_text()
    cut = moves[:show]
    more = f" ... ({m.turns - show} more)" if m.turns > show else ""
    out.write(f"  {a:<{width}}  {''.join(x[0] for x in cut)}{more}\n")
    out.write(f"  {b:<{width}}  {''.join(x[1] for x in cut)}{more}\n\n")
    out.write(f"{'':2}{'':<{width}}  {'total':>9}  {'per turn':>8}  {'cooperation':>11}\n")
    for k, name in enumerate((a, b)):
        out.write(f"  {name:<{width}}  {total(m.scores[k]):>9}  {m.mean_scores[k]:>8.3f}  "
                  f"{m.cooperation[k]:>10.1%}\n")
    o = m.outcomes
    out.write(f"\nTurns from {a}'s side: {_outcome_list(o)}.\n")
    w = m.winner
    if w is None:
        out.write("Neither came out ahead.\n")
    else:
        loser = b if w == a else a
        out.write(f"{w} scored more than {loser}; {match_verdict(m, loser)}.\n")
    return out.getvalue()


# -- strategies ------------------------------------------------------------------------------------


def describe_strategy(d: dict[str, Any]) -> str:
    """One strategy's rule, traits, parameters and citation (from ``Strategy.describe()``)."""
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


def strategies_csv(rows: list[dict[str, Any]]) -> str:
    out = io.StringIO()
    out.write("slug,name,aliases,memory_depth,stochastic,nice,parameters\n")
    for d in rows:
        t = d["traits"]
        out.write(f"{d['slug']},{d['name']},{' '.join(d['aliases'])},{t['memory_depth']},"
                  f"{t['stochastic']},{t['nice']},{' '.join(d['parameters'])}\n")
    return out.getvalue()


def strategy_table(rows: list[dict[str, Any]]) -> str:
    """The library as a table: memory, stochastic, nice, parameters and aliases."""
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
    from winwin.strategies.transformers import TRANSFORMERS

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


def _short(value: Any) -> str:
    from winwin.strategies._base import _format_value

    if value is None:
        return "(from the game)"
    text = _format_value(value)
    return text if len(text) <= 24 else text[:21] + "..."


# -- evolution -------------------------------------------------------------------------------------


def shares_line(players: Any, values: Any, fmt: str = "{:.1%}") -> str:
    order = np.argsort(-np.asarray(values, np.float64), kind="stable")
    return ", ".join(f"{players[i]} {fmt.format(values[i])}" for i in order)


def render_moran(r: Any, process: str, selection: str, graph: str | None) -> str:
    out = io.StringIO()
    out.write(f"Moran process ({process}, {selection} selection), population "
              f"{r.population}, {r.steps / r.population:g} generations"
              + (f", on a {graph} graph" if graph else "") + _seed(r.params) + "\n")
    out.write("start: " + shares_line(r.players, r.trajectory[0], "{:d}") + "\n")
    out.write("end:   " + shares_line(r.players, r.trajectory[-1], "{:d}") + "\n")
    if r.winner:
        out.write(f"{r.winner} took over the whole population after "
                  f"{r.steps / r.population:g} generations.\n")
    return out.getvalue()


def _seed(params: dict[str, Any]) -> str:
    """", seed N" so a run printed as a table can be repeated (every dynamic is seeded)."""
    seed = params.get("seed")
    return "" if seed is None else f", seed {seed}"


def render_fixation(r: Any) -> str:
    exact = "" if r.exact is None else f"; exact {r.exact:.6f}"
    verdict = fixation_verdict(r)
    return (f"One {r.mutant} among {r.population - 1} {r.resident}: took over in {r.fixed} of "
            f"{r.runs} runs, probability {r.probability:.4f} ± {r.standard_error:.4f}{exact} "
            f"(neutral drift: {1 / r.population:.4f}; selection {verdict} the mutant)"
            f"{_seed(r.params)}.\n")


def fixation_verdict(r: Any) -> str:
    """Does selection favour the mutant? From the exact value when there is one (within a
    relative 1e-9 of neutral drift it is neutral), else from the estimate and its error."""
    neutral = 1 / r.population
    if r.exact is not None:
        if abs(r.exact - neutral) <= 1e-9 * neutral:
            return "is neutral to"
        return "favours" if r.exact > neutral else "opposes"
    if abs(r.probability - neutral) <= 2 * r.standard_error:
        return "cannot be told from neutral drift for"
    return "favours" if r.probability > neutral else "opposes"


def render_stationary(r: Any) -> str:
    out = io.StringIO()
    out.write(f"Small-mutation limit, population {r.population}: share of time each strategy "
              "is the whole population\n")
    out.write(shares_line(r.players, r.stationary) + "\n")
    edges = sorted(r.invasion_edges(), key=lambda e: -e["ratio_to_neutral"])[:10]
    for e in edges:
        out.write(f"  {e['to']} invades {e['from']}: {e['ratio_to_neutral']:.2f}x neutral\n")
    return out.getvalue()


def render_dynamics(r: Any, title: str) -> str:
    return (f"{title}: shares at the start and at t = {r.times[-1]:g}\n"
            f"start: {shares_line(r.players, r.shares[0])}\n"
            f"end:   {shares_line(r.players, r.shares[-1])}\n")


def render_evolve(r: Any, turns: int, replace: int, game: str, noise: float) -> str:
    out = io.StringIO()
    out.write(f"Evolution of Trust: {r.params['population']} players, {turns} rounds a "
              f"match, {replace} replaced a generation, game {game}, noise {noise:g}"
              f"{_seed(r.params)}\n")
    for g in range(len(r.trajectory)):
        out.write(f"{g:>4}  " + "  ".join(f"{p}={int(c)}" for p, c in
                                          zip(r.labels, r.trajectory[g], strict=True)) + "\n")
    winner = r.labels[r.players.index(r.winner)] if r.winner else None
    out.write(f"{winner} took over.\n" if winner else "No strategy took over.\n")
    return out.getvalue()


def render_spatial(r: Any, size: int, neighbourhood: str, update: str, generations: int) -> str:
    return (f"Spatial game on a {size}x{size} torus ({neighbourhood}, {update}), "
            f"{generations} generations{_seed(r.params)}\n"
            f"start: {shares_line(r.players, r.shares[0])}\n"
            f"end:   {shares_line(r.players, r.shares[-1])}\n")


def evolution_story(players: Any, end: np.ndarray, order: np.ndarray, winner: str | None) -> str:
    """Who came out ahead in an evolution, in one sentence."""
    if winner:
        return f"{winner} took over the whole population."
    return f"{players[int(order[0])]} ended with the largest share ({end[order[0]]:.0%})."


def nice_verdict(nice: bool | None) -> str:
    """One sentence on whether the leader is nice (never the first to defect)."""
    if nice is True:
        return ("A nice strategy, one never the first to defect, came out ahead: cooperation "
                "held, and the exploiters lasted only as long as there was someone to exploit.")
    if nice is False:
        return ("A strategy that defects first came out ahead this time: look at the game, the "
                "number of rounds and the noise, which decide how far the future matters.")
    return ""


#: The report's closing words and its reminder beside the head-to-head table.
CLOSING = "In a repeated game there are no lasting win-lose outcomes, only win-win or lose-lose."
WINS_ARE_NOT_RANKS = ("Winning matches is not winning the tournament: compare the ranking with "
                      "the head-to-head wins below.")


# -- fingerprints ----------------------------------------------------------------------------------


def fingerprint_csv(fp: Any) -> str:
    out = io.StringIO()
    out.write("row," + ",".join(f"{c:g}" if isinstance(c, float) else str(c)
                                for c in fp.columns.tolist()) + "\n")
    for label, row in zip(fp.rows.tolist(), fp.values, strict=True):
        out.write(f"{label}," + ",".join(f"{x:.6g}" for x in row) + "\n")
    return out.getvalue()


def fingerprint_text(fp: Any, plotted: bool) -> str:
    out = io.StringIO()
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
    if not plotted:
        out.write("Use --plot FILE.png to see it.\n")
    return out.getvalue()


def fixation_csv(d: dict[str, Any]) -> str:
    keys = ["mutant", "resident", "population", "runs", "fixed", "probability",
            "standard_error", "exact", "neutral"]
    return ",".join(keys) + "\n" + ",".join(str(d[k]) for k in keys) + "\n"


def stationary_csv(r: Any) -> str:
    return "strategy,share\n" + "".join(f"{p},{x:.10g}\n" for p, x in
                                        zip(r.players, r.stationary, strict=True))


def frame_csv(df: Any) -> str:
    return str(df.to_csv(index=False, float_format="%.6g"))


def to_json(d: Any) -> str:
    return json.dumps(d, indent=2) + "\n"


# -- exact evolutionary game theory (winwin.evolution.chain, gradient, nplayer, montecarlo) ------


def _egt_rest(points: list[dict[str, Any]]) -> str:
    def where(r: dict[str, Any]) -> str:
        x = r["x"]
        return (f"{x:.3f}" if not isinstance(x, list)
                else "(" + ", ".join(f"{v:.3f}" for v in x) + ")")

    return "; ".join(f"{where(r)} {r['stability']}" for r in points) or "none"


def _egt_dynamics(params: dict[str, Any]) -> str:
    sel = (f"beta {params['beta']:g}" if params.get("beta") is not None
           else f"w {params['w']:g}" if params.get("w") is not None else "")
    scale = (params.get("payoffs") or {}).get("scale") if isinstance(params.get("payoffs"),
                                                                      dict) else None
    return ", ".join(x for x in (params.get("process"), sel,
                                 f"payoffs {scale}" if scale else "") if x)


def egt_summary(r: Any) -> list[str]:
    """A few plain sentences on a result of the exact EGT analyses."""
    kind = type(r).__name__
    if kind == "StationaryResult":
        lead = int(np.argmax(r.marginals))
        top = r.top(1)[0]
        state = ", ".join(f"{p} {n}" for p, n in top["state"].items())
        return [f"Stationary distribution of {len(r.states):,} population states (population "
                f"{r.population}, mutation {r.params['mutation']:g}, {_egt_dynamics(r.params)}).",
                "Mean shares: " + shares_line(r.players, r.marginals) + ".",
                f"{r.players[lead]} holds the largest share; the most visited state is "
                f"{state} ({top['probability']:.1%} of the time); the population is all one "
                f"strategy {r.monomorphic.sum():.1%} of the time.",
                f"Solved {r.solver} in {r.seconds:.2f} s, residual {r.residual:.1e}."]
    if kind == "GradientResult":
        where = ("in an infinite population (replicator dynamics)" if r.population is None
                 else f"in a population of {r.population}")
        stable = [x for x in r.rest_points if x["stability"] == "stable"]
        return [f"Gradient of selection {where}.",
                f"Rest points: {_egt_rest(r.rest_points)}.",
                "Selection leads to " + (_egt_rest(stable) if stable else
                                         "no stable rest point") + "."]
    if kind == "NPlayerAnalysis":
        rho = r.fixation
        lines = [f"{r.game.spec()} in a population of {r.population}.",
                 f"Infinite population: {_egt_rest(r.infinite.rest_points)}.",
                 f"Finite population: {_egt_rest(r.finite.rest_points)}.",
                 f"One cooperator takes over defectors with probability {rho[0, 1]:.3g}, one "
                 f"defector takes over cooperators with {rho[1, 0]:.3g} (neutral: "
                 f"{1 / r.population:.3g}).",
                 f"Rare mutations: cooperators hold the population "
                 f"{r.small_mutation.stationary[0]:.1%} of the time."]
        if r.stationary is not None:
            lines.append(f"With mutation {r.params['mutation']:g}: cooperators make up "
                         f"{r.stationary.marginals[0]:.1%} of the population on average.")
        return lines
    if kind == "FixationResult" and r.z_score is not None:
        return [f"One {r.mutant} took over {r.resident} in {r.fixed:,} of {r.runs:,} runs: "
                f"{r.probability:.4g} +- {r.standard_error:.2g} (exact {r.exact:.4g}, "
                f"{r.z_score:+.1f} standard errors; neutral {1 / r.population:.4g})."]
    if kind == "StationaryEstimate":
        out = [f"Mean shares over {r.params['generations']:,.0f} generations (standard errors "
               f"from {r.params['batches']} batches):"]
        for i, p in enumerate(r.players):
            line = f"  {p}: {r.marginals[i]:.4f} +- {r.standard_errors[i]:.4f}"
            if r.exact is not None:
                line += f" (exact {r.exact.marginals[i]:.4f}, {r.z_scores()[i]:+.1f} SE)"
            out.append(line)
        return out
    return evolution_story(r.players, r._final_shares(), np.argsort(-r._final_shares()),
                           getattr(r, "winner", None)).splitlines()


def render_egt(r: Any, title: str, top: int = 10) -> str:
    """The table output of the EGT commands: a title, the summary and a short table."""
    out = [title, "=" * len(title), *egt_summary(r)]
    if type(r).__name__ == "StationaryResult":
        out.append("")
        out.append("Most visited states:")
        for row in r.top(min(top, len(r.states))):
            state = "  ".join(f"{p}={n}" for p, n in row["state"].items())
            out.append(f"  {row['probability']:8.4%}  {state}")
    return "\n".join(out) + "\n"


def workshop_story(d: dict[str, Any]) -> list[str]:
    """A workshop's debrief in sentences (the projector and the exported page say the same),
    from :func:`winwin.web.workshop.debrief.debrief`'s figures."""
    out = []
    w = d["welfare"]
    if w["all_cooperate"] > 0:
        line = (f"All the pairs together (house bots included) earned {total(w['earned'])} "
                f"points: {w['earned'] / w['all_cooperate']:.0%} of what win-win in every "
                f"round would have paid ({total(w['all_cooperate'])})")
        if w["all_defect"] > 0:
            line += (f", and {w['earned'] / w['all_defect']:.1f} times what lose-lose in "
                     f"every round would have left ({total(w['all_defect'])}).")
        else:
            line += f"; lose-lose in every round would have left {total(w['all_defect'])}."
        out.append(line)
    games: dict[int, list[dict[str, Any]]] = {}
    for r in d["per_round"]:
        games.setdefault(r["game"], []).append(r)
    parts = [f"game {g}: win-win {rs[0]['win_win']:.0%} of the pairs in the first round and "
             f"{rs[-1]['win_win']:.0%} in the last, lose-lose {rs[0]['lose_lose']:.0%} and "
             f"{rs[-1]['lose_lose']:.0%}" for g, rs in games.items()]
    if parts:
        out.append("Round by round, " + "; ".join(parts) + ".")
    sp = d["spirals"]
    n = sp["mistake"] + sp["defection"] + sp["opening"]
    if n:
        said = []
        if sp["defection"]:
            said.append(f"{sp['defection']} after a defection")
        if sp["mistake"]:
            said.append(f"{sp['mistake']} after a mistake")
        if sp["opening"]:
            said.append(f"{sp['opening']} from the very first round")
        out.append(f"{plural(n, 'lose-lose spiral', 'lose-lose spirals')} (lose-lose two "
                   f"rounds running) began: {', '.join(said)}. Once both sides punish, nobody "
                   "gets out alone.")
    else:
        out.append("No pair fell into a lose-lose spiral (lose-lose two rounds running).")
    lesson = d.get("lesson")
    if lesson:
        if lesson["top_games"] == 1:
            line = (f"Among the people, {lesson['top']} earned the most, and "
                    + ("outscored" if lesson["top_beat"] else "did not outscore")
                    + " the one partner met")
        else:
            line = (f"Among the people, {lesson['top']} earned the most and outscored "
                    f"{lesson['top_beat']} of the "
                    f"{plural(lesson['top_games'], 'partner', 'partners')} met")
        if lesson["top_beat"] * 2 <= lesson["top_games"]:
            line += (": you win by building win-win, not by beating the person in front of "
                     "you.")
        else:
            line += "."
        out.append(line)
        best = lesson["best_rank_never_beat"]
        if lesson["never_beat"] and best:
            good = best * 2 <= lesson["people"]
            out.append(f"{plural(lesson['never_beat'], 'person', 'people')} never outscored "
                       f"a partner; the best of them {'still ' if good else ''}finished "
                       f"{_ordinal(best)} of {lesson['people']} people.")
    tft = d.get("tft")
    if tft:
        high = tft["rank"] * 2 <= tft["entries"]
        if tft["wins"] == 0:
            out.append(f"In the strategy tournament {tft['name']} outscored none of its "
                       f"{tft['entries'] - 1} partners (it never beats the one it plays: at "
                       f"best a draw) and {'still ' if high else ''}finished "
                       f"{_ordinal(tft['rank'])} of {tft['entries']}.")
        else:
            out.append(f"In the strategy tournament {tft['name']} finished "
                       f"{_ordinal(tft['rank'])} of {tft['entries']}.")
    evo = d.get("evolution")
    if evo:
        line = (f"In the evolution {evo['top']} ended with the largest share of the "
                f"population ({evo['share']:.0%}; {_ordinal(evo['top_rank'])} in the "
                "tournament)")
        gone = [x for x in evo["gone"] if x != evo["top"]]
        if gone:
            line += (f", while {_and(gone)}, near the top of the tournament, died out: "
                     "exploiters run out of partners to exploit.")
        else:
            line += "."
        out.append(line)
    bots = d.get("bots") or []
    if bots and bots[0].get("strategy_name"):
        out.append("The house bots: " + "; ".join(
            f"{b['name']} played {b['strategy_name']}" for b in bots) + ".")
    return out


def _and(names: list[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def _ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"
