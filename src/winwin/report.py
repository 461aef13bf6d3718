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

__all__ = ["write_report"]

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
