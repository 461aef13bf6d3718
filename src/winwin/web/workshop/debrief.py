"""What a session's log says: the rows of every round played (the export), the strategy
round's tournament and evolution, and the debrief.

All of it is computed from the session's events, so a session reopened later, or one whose
server was killed and restarted, gives the same debrief and the same files.

>>> from winwin.web.workshop.model import Session
>>> s = Session.new(code="ABC234", organiser="o", seed=3)
>>> for name in ("Ann", "Bob"):
...     _ = s.join(name, secret=name)
>>> _ = s.start_game({"turns": 2})
>>> for seat, moves in ((1, "CD"), (2, "CC")):
...     for k, m in enumerate(moves):
...         _ = s.move(seat, game=1, round=k + 1, move=m)
...         _ = s.move(3 - seat, game=1, round=k + 1, move=moves[k] if seat == 2 else "C")
>>> [(r["seat"], r["outcome"], r["payoff"]) for r in rows(s) if r["round"] == 2]
[(1, 'win-lose', 5.0), (2, 'lose-win', 0.0)]
"""

from __future__ import annotations

import io
from typing import Any

import numpy as np

import winwin as ww
from winwin import outcomes, text
from winwin.web.workshop.model import STARTERS, Session, memory_one

__all__ = ["rows", "debrief", "tournament", "csv_bytes", "parquet_bytes", "html_text",
           "COLUMNS"]

COLUMNS = ("game", "round", "seat", "name", "kind", "partner", "partner_name", "meant",
           "played", "partner_played", "outcome", "payoff", "source", "mistake")


def _kind(s: Session, seat: int) -> str:
    x = s.seats[seat]
    return "person" if x.human else "house bot"


def rows(s: Session, *, names: bool = False) -> list[dict[str, Any]]:
    """One row per seat per round played, from that seat's side. Pseudonymised unless
    ``names``: a person's name is "seat N" (house bots keep theirs)."""

    def name(seat: int) -> str:
        x = s.seats[seat]
        return x.name if names or not x.human else f"seat {seat}"

    out = []
    for g in s.games:
        for r in g.rounds:
            for p in r["pairs"]:
                for me, you in (("a", "b"), ("b", "a")):
                    seat, other = p[me], p[you]
                    moves = p[f"played_{me}"] + p[f"played_{you}"]
                    out.append({
                        "game": g.number, "round": r["round"], "seat": seat, "name": name(seat),
                        "kind": _kind(s, seat), "partner": other, "partner_name": name(other),
                        "meant": p[f"meant_{me}"], "played": p[f"played_{me}"],
                        "partner_played": p[f"played_{you}"],
                        "outcome": outcomes.WORDS[outcomes.BY_MOVES[moves]],
                        "payoff": p[f"pay_{me}"], "source": p[f"source_{me}"],
                        "mistake": p[f"meant_{me}"] != p[f"played_{me}"]})
    out.sort(key=lambda x: (x["game"], x["round"], x["seat"]))
    return out


def csv_bytes(s: Session, *, names: bool = False) -> bytes:
    import csv

    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=list(COLUMNS), lineterminator="\n")
    w.writeheader()
    for r in rows(s, names=names):
        w.writerow({k: (_safe_cell(v) if isinstance(v, str) else v) for k, v in r.items()})
    return buf.getvalue().encode()


def _safe_cell(v: str) -> str:
    # a nickname such as "=HYPERLINK(...)" must not become a formula in a spreadsheet
    return "'" + v if v[:1] in ("=", "+", "-", "@", "\t", "\r") else v


def parquet_bytes(s: Session, *, names: bool = False) -> bytes:
    import pyarrow as pa
    import pyarrow.parquet as pq

    data = rows(s, names=names)
    types = {"game": pa.int32(), "round": pa.int32(), "seat": pa.int32(),
             "partner": pa.int32(), "payoff": pa.float64(), "mistake": pa.bool_()}
    table = pa.table({k: pa.array([r[k] for r in data], type=types.get(k, pa.string()))
                      for k in COLUMNS})
    table = table.replace_schema_metadata({"winwin.session": s.code, "winwin.game": s.game_spec,
                                           "winwin.seed": str(s.seed)})
    buf = io.BytesIO()
    pq.write_table(table, buf)
    return buf.getvalue()


# -- the strategy round ----------------------------------------------------------------------------


def _entries(s: Session, stage: int) -> list[dict[str, Any]]:
    """The strategy round's entries: submissions (by seat) then the library's picks."""
    st = s.stages[stage - 1]
    subs = _submissions(s, stage)
    out = []
    for seat, sub in sorted(subs.items()):
        if seat not in s.seats or s.seats[seat].removed:
            continue
        p = [round(x, 6) for x in sub["p"]]
        out.append({"seat": seat, "name": s.seats[seat].name, "library": False,
                    "first": sub["first"], "p": p, "base": sub["base"],
                    "spec": f"memory-one(p=[{','.join(f'{x:g}' for x in p)}],"
                            f"first={sub['first']:g})"})
    g = s.g
    for slug in st.settings["library"]:
        v = memory_one(slug, g)
        out.append({"seat": None, "name": ww.get_strategy(slug).name, "library": True,
                    "first": v[0], "p": list(v[1:]), "base": slug, "spec": slug})
    return out


def _submissions(s: Session, stage: int) -> dict[int, dict[str, Any]]:
    """The last submission of each seat in that stage (read from the log)."""
    subs: dict[int, dict[str, Any]] = {}
    current = 0
    for e in s.events:
        if e["type"] == "stage":
            current += 1
        elif e["type"] == "strategy" and current == stage:
            subs[e["seat"]] = e
        elif e["type"] == "removed":
            subs.pop(e["seat"], None)
    return subs


def tournament(s: Session, stage: int) -> dict[str, Any]:
    """The strategy round's round robin with exact payoffs (every entry is memory-one: the
    four-state Markov chain), its ranking, and the replicator dynamics from equal shares."""
    from winwin.evolution import payoff_table, replicator

    st = s.stages[stage - 1]
    entries = _entries(s, stage)
    if len(entries) < 2:
        return {"entries": entries, "ready": False}
    cfg = st.settings
    length = {"turns": cfg["turns"], "prob_end": None if cfg["continue"] is None
              else 1.0 - cfg["continue"]}
    players = [ww.get_strategy(e["spec"]) for e in entries]
    r = ww.tournament(players, **length, noise=cfg["noise"], game=s.g, exact=True,
                      self_play=False, seed=s.seed, repetitions=1)
    pay = np.asarray(r.payoff_matrix, float)
    n = len(entries)
    off = ~np.eye(n, dtype=bool)
    scores = np.where(off, pay, 0.0).sum(axis=1) / max(n - 1, 1)
    order = sorted(range(n), key=lambda i: (-scores[i], i))
    # head to head: how many partners each entry outscored (by more than rounding)
    wins = (np.nan_to_num(pay - pay.T) > 1e-9).sum(axis=1)
    table = payoff_table(players, game=s.g, **length, noise=cfg["noise"], exact=True)
    dyn = replicator(table, shares=[1.0 / n] * n, time=40.0, points=41, payoffs="per-turn")
    shares = np.asarray(dyn.shares, float)
    for k, e in enumerate(entries):
        e.update(score=float(scores[k]), wins=int(wins[k]), rank=order.index(k) + 1)
    return {"ready": True, "entries": entries, "ranking": order,
            "payoffs": [[float(x) if np.isfinite(x) else None for x in row] for row in pay],
            "evolution": {"time": [float(t) for t in dyn.times],
                          "shares": shares.round(6).tolist()},
            "settings": cfg}


# -- the debrief -----------------------------------------------------------------------------------


def per_round(s: Session) -> list[dict[str, Any]]:
    """Round by round, the share of pairs at win-win, at lose-lose and at either of the mixed
    outcomes (someone exploited)."""
    out = []
    for game in s.games:
        for r in game.rounds:
            n = max(len(r["pairs"]), 1)
            ww_ = sum(p["outcome"] == "win_win" for p in r["pairs"]) / n
            ll = sum(p["outcome"] == "lose_lose" for p in r["pairs"]) / n
            out.append({"game": game.number, "round": r["round"], "win_win": ww_,
                        "lose_lose": ll, "mixed": 1.0 - ww_ - ll})
    return out


def debrief(s: Session, *, reveal: bool = True, names: bool = True) -> dict[str, Any]:
    """Who earned what, the outcomes round by round, how lose-lose spirals began, the room's
    welfare against all-cooperate and all-defect, tit-for-tat's lesson in the room's data, and
    the house bots (revealed when ``reveal``). Without ``names`` a person is "seat N"
    everywhere, the sentences included."""
    g = s.g
    R, P = float(g.payoffs_1[0]), float(g.payoffs_1[3])
    people: list[dict[str, Any]] = []
    for x in s.seats.values():
        if x.removed and x.rounds == 0:
            continue
        people.append({"seat": x.seat, "name": x.name if names or not x.human
                       else f"seat {x.seat}", "bot": not x.human,
                       "total": x.total, "rounds": x.rounds,
                       "mean": x.total / x.rounds if x.rounds else 0.0})
    people.sort(key=lambda p: (-p["total"], p["seat"]))
    for k, p in enumerate(people):
        p["rank"] = k + 1
    spirals = {"mistake": 0, "defection": 0, "opening": 0}
    welfare = {"earned": 0.0, "all_cooperate": 0.0, "all_defect": 0.0}
    beat: dict[int, int] = {}
    games_played: dict[int, int] = {}
    for game in s.games:
        pair_totals: dict[tuple[int, int], list[float]] = {}
        history: dict[tuple[int, int], list[tuple[int, dict[str, Any]]]] = {}
        for r in game.rounds:
            for p in r["pairs"]:
                welfare["earned"] += p["pay_a"] + p["pay_b"]
                welfare["all_cooperate"] += 2 * R
                welfare["all_defect"] += 2 * P
                a, b = p["a"], p["b"]
                key = (min(a, b), max(a, b))  # the same two people, whoever sat first
                sums = pair_totals.setdefault(key, [0.0, 0.0])
                sums[0 if a == key[0] else 1] += p["pay_a"]
                sums[1 if a == key[0] else 0] += p["pay_b"]
                history.setdefault(key, []).append((r["round"], p))
        for (a, b), (ta, tb) in pair_totals.items():
            for who, mine, theirs in ((a, ta, tb), (b, tb, ta)):
                games_played[who] = games_played.get(who, 0) + 1
                beat[who] = beat.get(who, 0) + (mine > theirs + 1e-9)
        for h in history.values():
            _spirals(h, spirals)
    k = 0
    for p in people:
        p["beat"] = beat.get(p["seat"], 0)
        p["games"] = games_played.get(p["seat"], 0)
        if not p["bot"]:
            k += 1
            p["person_rank"] = k  # among the people (house bots left out)
    bots = [{"seat": x.seat, "name": x.name, "auto": x.auto,
             "strategy": x.bot if reveal else None,
             "strategy_name": ww.get_strategy(x.bot).name if reveal and x.bot else None}
            for x in s.seats.values() if not x.human]
    lesson = _lesson(people)
    strategy_rounds = [st.number for st in s.stages if st.kind == "strategy" and st.closed]
    out: dict[str, Any] = {"people": people, "per_round": per_round(s), "spirals": spirals,
                           "welfare": welfare, "bots": bots, "lesson": lesson,
                           "game": {"spec": s.game_spec, "R": R, "P": P},
                           "strategy_rounds": strategy_rounds}
    if strategy_rounds:
        t = tournament(s, strategy_rounds[-1])
        if not names:
            t = {**t, "entries": [{**e, "name": f"seat {e['seat']}"} if e["seat"] is not None
                                  else e for e in t["entries"]]}
        out["tournament"] = t
        out["tft"] = _tft(t)
        out["evolution"] = _evolution_lesson(t)
    out["story"] = text.workshop_story(out)
    return out


def _spirals(h: list[tuple[int, dict[str, Any]]], spirals: dict[str, int]) -> None:
    """Count the lose-lose spirals of one pair in one game (lose-lose in two rounds running,
    both with this partner) by what came just before: a mistake, a defection, or nothing (the
    first round)."""
    def ll(k: int) -> bool:
        return h[k][1]["outcome"] == "lose_lose"

    def mistaken(k: int) -> bool:
        return any(h[k][1][f"meant_{z}"] != h[k][1][f"played_{z}"] for z in "ab")

    for k in range(1, len(h)):
        if not (ll(k) and ll(k - 1) and h[k][0] == h[k - 1][0] + 1):
            continue
        if k >= 2 and ll(k - 2) and h[k - 1][0] == h[k - 2][0] + 1:
            continue  # the same spiral, going on
        if k == 1 and h[0][0] == 1:
            spirals["opening"] += 1
        elif mistaken(k - 1) or (k >= 2 and h[k - 1][0] == h[k - 2][0] + 1 and mistaken(k - 2)):
            spirals["mistake"] += 1
        else:
            spirals["defection"] += 1


def _evolution_lesson(t: dict[str, Any]) -> dict[str, Any] | None:
    """Who holds the most of the population at the end of the evolution, and which of the
    tournament's leaders died out."""
    if not t.get("ready"):
        return None
    final = t["evolution"]["shares"][-1]
    entries = t["entries"]
    k = max(range(len(entries)), key=lambda i: final[i])
    gone = [e["name"] for i, e in enumerate(entries) if e["rank"] <= 3 and final[i] < 0.01]
    return {"top": entries[k]["name"], "share": final[k], "top_rank": entries[k]["rank"],
            "gone": gone}


def _lesson(people: list[dict[str, Any]]) -> dict[str, Any] | None:
    """In the room's own games: did the top earners beat their partners?"""
    played = [p for p in people if p["games"] and not p["bot"]]
    if not played:
        return None
    top = played[0]
    never = [k + 1 for k, p in enumerate(played) if p["beat"] == 0]
    return {"top": top["name"], "top_beat": top["beat"], "top_games": top["games"],
            "never_beat": len(never), "best_rank_never_beat": min(never, default=None),
            "people": len(played)}


def _tft(t: dict[str, Any]) -> dict[str, Any] | None:
    for e in t.get("entries", []):
        if e.get("base") == "tit-for-tat" and e["library"]:
            return {"name": e["name"], "rank": e["rank"], "wins": e["wins"],
                    "entries": len(t["entries"])}
    return None


def html_text(s: Session, *, names: bool = False) -> str:
    """The debrief as one self-contained HTML page (the report generator's)."""
    from winwin.report import workshop_html

    return workshop_html(debrief(s, names=names), title=s.title)


def starters(game: ww.Game) -> list[dict[str, Any]]:
    """The strategies a phone may start from (and a house bot may play), with their vectors."""
    out = []
    for slug in STARTERS:
        st = ww.get_strategy(slug)
        v = memory_one(slug, game)
        out.append({"slug": slug, "name": st.name, "first": v[0], "p": list(v[1:]),
                    "rule": st.rule})
    return out
