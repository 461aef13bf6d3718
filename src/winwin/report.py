"""Self-contained HTML reports: parameters, a ranking or final-state table, the pictures
(embedded as PNG data, so the file opens anywhere without a network) and a plain-language
summary in the project's words."""

from __future__ import annotations

import base64
import html
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np

from winwin import outcomes, plots, text
from winwin._version import __version__

__all__ = ["write_report", "workshop_html"]

_CSS = """
body { font-family: -apple-system, 'Segoe UI', Helvetica, Arial, sans-serif; margin: 2em auto;
       max-width: 1100px; color: #222; line-height: 1.45; padding: 0 1em; }
h1 { margin-bottom: 0.2em; } .sub { color: #666; margin-top: 0; }
.summary { background: #eef7f3; border-left: 5px solid #009E73; padding: 0.8em 1.2em; }
table { border-collapse: collapse; margin: 1em 0; font-size: 0.92em; }
th, td { border-bottom: 1px solid #ddd; padding: 0.3em 0.8em; text-align: right; }
th { background: #f4f4f4; } td.name, th.name { text-align: left; }
img { max-width: 100%; margin: 1em 0; border: 1px solid #eee; }
.legend span { display: inline-block; padding: 0.1em 0.6em; margin-right: 0.4em;
               color: white; border-radius: 3px; font-size: 0.85em; }
"""


def _img(fig: Any, alt: str) -> str:
    data = base64.b64encode(plots.png_bytes(fig)).decode("ascii")
    return f'<img alt="{html.escape(alt)}" src="data:image/png;base64,{data}">'


def _params(params: dict[str, Any]) -> str:
    rows = "".join(f"<tr><td class='name'>{html.escape(str(k))}</td>"
                   f"<td class='name'>{html.escape(str(v))}</td></tr>"
                   for k, v in params.items() if not isinstance(v, dict))
    return f"<table><tr><th class='name'>parameter</th><th class='name'>value</th></tr>{rows}</table>"


def _legend() -> str:
    return "<p class='legend'>" + "".join(
        f"<span style='background:{outcomes.COLOURS[k]}'>{outcomes.LABELS[k]}</span>"
        for k in outcomes.ORDER) + "</p>"


def _page(title: str, subtitle: str, body: str) -> str:
    stamp = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    return (f"<!DOCTYPE html>\n<html lang='en'><head><meta charset='utf-8'>"
            f"<title>{html.escape(title)}</title><style>{_CSS}</style></head><body>"
            f"<h1>{html.escape(title)}</h1><p class='sub'>{html.escape(subtitle)}</p>{body}"
            f"<p class='sub'>winwin {__version__}, {stamp}. {text.CLOSING}</p></body></html>\n")


def tournament_html(r: Any, title: str = "Tournament report") -> str:
    p = r.params
    length = f"{p['turns']} turns" if p.get("turns") else f"prob_end {p.get('prob_end')}"
    sub = (f"{r.n_players} strategies, {length}, {r.repetitions} repetitions, noise "
           f"{p['noise']}, game {r.game.name}, seed {p.get('seed')}")
    rows = []
    shares = r.outcome_shares
    for rank, i in enumerate(r.order, start=1):
        rows.append(f"<tr><td>{rank}</td><td class='name'>{html.escape(r.labels[i])}</td>"
                    f"<td>{r.score_array[i]:.3f}</td><td>{r.cooperation_array[i]:.1%}</td>"
                    + "".join(f"<td>{shares[k][i]:.1%}</td>" for k in outcomes.ORDER)
                    + f"<td>{int(r.wins[i])}</td></tr>")
    table = ("<table id='ranking'><tr><th>rank</th><th class='name'>strategy</th><th>score "
             "(payoff per turn)</th><th>cooperation</th>"
             + "".join(f"<th>{outcomes.WORDS[k]}</th>" for k in outcomes.ORDER)
             + "<th>matches won</th></tr>" + "".join(rows) + "</table>")
    body = (f"<div class='summary'><p>{'<br>'.join(html.escape(x) for x in r.summary())}</p>"
            f"<p>{text.WINS_ARE_NOT_RANKS}</p></div>"
            f"<h2>Ranking</h2>{table}{_legend()}"
            f"{_img(plots.ranking(r), 'ranking')}"
            f"<h2>How the turns ended</h2>{_img(plots.outcomes(r), 'outcome shares')}"
            f"<h2>The win-win map</h2>{_img(plots.winwin_map(r), 'win-win map')}"
            f"<h2>Payoffs between strategies</h2>{_img(plots.payoffs(r), 'payoff matrix')}"
            f"<h2>Head-to-head wins</h2>{_img(plots.wins(r), 'head-to-head wins')}"
            f"<h2>Parameters</h2>{_params({**p, 'game': r.game.spec()})}")
    return _page(title, sub, body)


def evolution_html(result: Any, title: str = "Evolution report") -> str:
    kind = type(result).__name__.replace("Result", "")
    if hasattr(result, "trajectory"):
        traj = np.asarray(result.trajectory, np.float64)
        start, end = traj[0] / traj[0].sum(), traj[-1] / traj[-1].sum()
    else:
        start, end = result.shares[0], result.shares[-1]
    order = np.argsort(-end, kind="stable")
    rows = "".join(f"<tr><td class='name'>{html.escape(result.players[i])}</td>"
                   f"<td>{start[i]:.1%}</td><td>{end[i]:.1%}</td></tr>" for i in order)
    table = ("<table id='final'><tr><th class='name'>strategy</th><th>share at the start</th>"
             f"<th>share at the end</th></tr>{rows}</table>")
    lead = result.players[int(order[0])]
    story = text.evolution_story(result.players, end, order, getattr(result, "winner", None))
    nice_words = _verdict(lead)
    body = (f"<div class='summary'><p>{html.escape(story)} {nice_words}</p></div>"
            f"<h2>Final state</h2>{table}"
            f"<h2>Population over time</h2>{_img(plots.population(result), 'population')}")
    if kind == "Spatial":
        body += (f"<h2>The lattice at the end</h2>{_img(plots.lattice(result), 'lattice')}"
                 f"<h2>The lattice at the start</h2>"
                 f"{_img(plots.lattice(result, frame=0), 'lattice at the start')}")
    body += f"<h2>Parameters</h2>{_params(result.params)}"
    return _page(title, f"{kind} dynamics of {len(result.players)} strategies", body)


def _verdict(lead: str) -> str:
    """One sentence on whether the leader is nice (never the first to defect)."""
    from winwin._errors import WinwinError
    from winwin.strategies import get_strategy

    if lead in ("C", "D"):  # Nowak & May's cooperators and defectors
        nice: bool | None = lead == "C"
    else:
        try:
            nice = get_strategy(lead).traits.nice
        except WinwinError:
            nice = None
    return text.nice_verdict(nice)


def sweep_html(frame: Any, axes: list[str], measures: list[str], title: str = "Sweep report"
               ) -> str:
    """A sweep's pictures on one page: a heat map of each measure over the first two swept
    parameters (a line along one when only one is swept), and the cell count."""
    body = f"<p>{len(frame):,} cells.</p>"
    for m in measures:
        if len(axes) >= 2:
            img = _img(plots.sweep_map(frame, axes[0], axes[1], m), f"{m} map")
        else:
            img = _img(plots.sweep_line(frame, axes[0], m), f"{m} along {axes[0]}")
        body += f"<h2>{html.escape(m.replace('_', ' '))}</h2>{img}"
    return _page(title, f"{', '.join(axes)} swept", body)


def write_report(result: Any, path: str | Path, title: str | None = None) -> Path:
    """Write one self-contained HTML report for a tournament or an evolution result."""
    from winwin.results import TournamentResult

    p = Path(path)
    if isinstance(result, TournamentResult):
        text = tournament_html(result, title or "Tournament report")
    else:
        text = evolution_html(result, title or "Evolution report")
    p.write_text(text, encoding="utf-8")
    return p


def _bars_svg(rows: list[dict[str, Any]], width: int = 900, height: int = 220) -> str:
    """Round by round: the share of pairs at win-win, lose-lose and the rest, as stacked bars
    (an inline SVG, so the page needs nothing else)."""
    if not rows:
        return ""
    n = len(rows)
    bw = max(2.0, (width - 40) / n)
    parts = [f"<svg xmlns='http://www.w3.org/2000/svg' role='img' viewBox='0 0 {width} "
             f"{height + 30}' width='100%' aria-label='outcomes round by round'>"]
    keys = (("win_win", outcomes.COLOURS["win_win"]), ("mixed", outcomes.COLOURS["win_lose"]),
            ("lose_lose", outcomes.COLOURS["lose_lose"]))
    for k, r in enumerate(rows):
        x, y = 30 + k * bw, 0.0
        for key, colour in keys:
            h = r[key] * height
            if h > 0:
                parts.append(f"<rect x='{x:.1f}' y='{y:.1f}' width='{bw - 1:.1f}' "
                             f"height='{h:.1f}' fill='{colour}'><title>game {r['game']} round "
                             f"{r['round']}: {key.replace('_', '-')} {r[key]:.0%}</title></rect>")
            y += h
        if k == 0 or rows[k - 1]["game"] != r["game"]:
            parts.append(f"<text x='{x:.1f}' y='{height + 18}' font-size='12'>game "
                         f"{r['game']}</text>")
    parts.append("</svg>")
    return "".join(parts)


def workshop_html(d: dict[str, Any], title: str = "Workshop debrief") -> str:
    """A workshop's debrief (:func:`winwin.web.workshop.debrief.debrief`) as one page."""
    esc = html.escape
    story = "".join(f"<p>{esc(x)}</p>" for x in text.workshop_story(d))
    people = "".join(
        f"<tr><td>{p['rank']}</td><td class='name'>{esc(p['name'])}"
        f"{' (house bot)' if p['bot'] else ''}</td><td>{text.total(p['total'])}</td>"
        f"<td>{p['rounds']}</td><td>{p['mean']:.2f}</td><td>{p['beat']} of {p['games']}</td>"
        "</tr>" for p in d["people"])
    body = (f"<div class='summary'>{story}</div>{_legend()}"
            "<h2>Who earned what</h2><table id='people'><tr><th>rank</th><th class='name'>"
            "who</th><th>total</th><th>rounds</th><th>per round</th><th>games in which they "
            f"outscored their partner</th></tr>{people}</table>"
            "<h2>Round by round</h2><p>The share of pairs at win-win (green), at win-lose or "
            "lose-win (orange) and at lose-lose (red) in each round.</p>"
            f"{_bars_svg(d['per_round'])}")
    sp = d["spirals"]
    body += ("<h2>How lose-lose spirals began</h2><table><tr><th class='name'>after</th>"
             "<th>spirals</th></tr>"
             f"<tr><td class='name'>a deliberate double-cross</td><td>{sp['defection']}</td></tr>"
             f"<tr><td class='name'>a mistake</td><td>{sp['mistake']}</td></tr>"
             f"<tr><td class='name'>the first round</td><td>{sp['opening']}</td></tr></table>")
    t = d.get("tournament")
    if t and t.get("ready"):
        entries = sorted(t["entries"], key=lambda e: e["rank"])
        final = t["evolution"]["shares"][-1]
        index = {id(e): k for k, e in enumerate(t["entries"])}
        rows = "".join(
            f"<tr><td>{e['rank']}</td><td class='name'>{esc(e['name'])}"
            f"{' (library)' if e['library'] else ''}</td><td>{e['first']:.2f}</td>"
            + "".join(f"<td>{x:.2f}</td>" for x in e["p"])
            + f"<td>{e['score']:.3f}</td><td>{e['wins']}</td>"
            f"<td>{final[index[id(e)]]:.1%}</td></tr>" for e in entries)
        body += ("<h2>The strategy tournament</h2><p>Each strategy: the chance to cooperate "
                 "first, then after win-win, lose-win, win-lose and lose-lose; its payoff per "
                 "turn (exact: every entry is memory-one), how many partners it outscored, and "
                 "its share of the population at the end of the evolution (replicator "
                 "dynamics from equal shares).</p><table id='strategies'><tr><th>rank</th>"
                 "<th class='name'>strategy</th><th>first</th><th>after win-win</th>"
                 "<th>after lose-win</th><th>after win-lose</th><th>after lose-lose</th>"
                 f"<th>score</th><th>partners outscored</th><th>share at the end</th></tr>"
                 f"{rows}</table>")
    bots = d.get("bots") or []
    if bots:
        body += ("<h2>The house bots</h2><ul>" + "".join(
            f"<li>{esc(b['name'])}: {esc(b.get('strategy_name') or 'hidden')}"
            f"{' (added to pair the odd one out)' if b['auto'] else ''}</li>" for b in bots)
            + "</ul>")
    g = d["game"]
    sub = f"{len(d['people'])} seats, game {g['spec']}"
    return _page(title, sub, body)
