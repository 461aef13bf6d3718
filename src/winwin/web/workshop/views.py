"""What each page of a workshop sees: a phone (its own seat), the organiser (everything) and
the projector (everything public). Plain JSON-ready dicts, built from the session's state."""

from __future__ import annotations

from typing import Any

from winwin import outcomes
from winwin.web.workshop.model import Game, Session, Stage

#: What an outcome meant, said to the person who played it.
YOU = {"win_win": "you both cooperated", "win_lose": "you defected on a cooperator",
       "lose_win": "you were exploited", "lose_lose": "you both defected"}


def _stage(st: Stage | None) -> dict[str, Any] | None:
    if st is None:
        return None
    settings = {k: v for k, v in st.settings.items() if k != "bot"}  # hidden until the debrief
    return {"number": st.number, "kind": st.kind, "settings": settings, "closed": st.closed}


def _horizon(g: Game) -> dict[str, Any]:
    cfg = g.settings
    if cfg["turns"]:
        return {"known": True, "rounds": g.length,
                "words": f"{g.length} rounds"}
    m = cfg["min_rounds"]
    return {"known": False, "min_rounds": m, "continue": cfg["continue"],
            "words": f"at least {m} round{'s' if m != 1 else ''}; after that the game goes on "
                     f"with probability {cfg['continue']:.0%} after each round"}


def _game_public(s: Session, g: Game) -> dict[str, Any]:
    seats = [x for p in g.pairs for x in p]
    return {"number": g.number, "round": g.round, "over": g.over, "horizon": _horizon(g),
            "noise": g.settings["noise"], "matching": g.settings["matching"],
            "pairing": g.settings["pairing"], "timeout": g.settings["timeout"],
            "rounds_played": len(g.rounds), "seats": len(seats),
            "moved": sum(1 for x in seats if x in g.moves),
            "waiting": sorted(x for x in seats if x not in g.moves)}


def _current_game(s: Session) -> Game | None:
    st = s.stage
    if st is not None and st.kind == "game" and s.games and s.games[-1].stage == st.number:
        return s.games[-1]
    return None


def leaderboard(s: Session) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = [{"seat": x.seat, "name": x.name, "bot": not x.human, "total": x.total,
             "rounds": x.rounds, "mean": x.total / x.rounds if x.rounds else None}
            for x in s.seats.values() if not x.removed]
    rows.sort(key=lambda r: (-r["total"], r["seat"]))
    return rows


def base(s: Session) -> dict[str, Any]:
    g = _current_game(s)
    return {"code": s.code, "title": s.title, "last": s.last, "paused": s.paused,
            "closed": s.closed, "stage": _stage(s.stage), "stages": len(s.stages),
            "game": _game_public(s, g) if g else None, "games": len(s.games),
            "people": len(s.humans()), "game_spec": s.game_spec,
            "payoffs": list(s.g.payoffs_1), "words": outcomes.WORDS}


def projector(s: Session) -> dict[str, Any]:
    out = base(s)
    out["leaderboard"] = leaderboard(s)
    st = s.stage
    if st is not None and st.kind == "strategy":
        out["submitted"] = len([x for x in s.strategies if x in s.seats
                                and not s.seats[x].removed])
    return out


def organiser(s: Session, present: dict[int, bool]) -> dict[str, Any]:
    out = projector(s)
    st = s.stage
    if st is not None:
        out["stage"]["settings"] = st.settings
    out["seed"] = s.seed
    g = s.game  # the game being played (None once it is over)
    out["seats"] = [{"seat": x.seat, "name": x.name, "bot": x.bot, "auto": x.auto,
                     "removed": x.removed, "away": x.away, "silent": x.silent,
                     "present": present.get(x.seat, False) if x.human else True,
                     "total": x.total, "rounds": x.rounds,
                     "in_game": bool(g and x.seat in g.pool),
                     "moved": bool(g and x.seat in g.moves),
                     "submitted": x.seat in s.strategies}
                    for x in s.seats.values()]
    return out


def seat_view(s: Session, seat: int) -> dict[str, Any]:
    """A phone's own view: its seat, the game it is in (partner, round, its rounds so far
    with the outcome in words and the running totals) or why it waits."""
    x = s.seats[seat]
    out = base(s)
    out.update(seat=seat, name=x.name, total=x.total, rounds=x.rounds, away=x.away)
    g = _current_game(s)
    if g is not None:
        mine = None
        if seat in g.pool:
            partner = g.partner(seat)
            history = []
            running = [0.0, 0.0]
            for r in g.rounds:
                for p in r["pairs"]:
                    if seat not in (p["a"], p["b"]):
                        continue
                    me, you = ("a", "b") if p["a"] == seat else ("b", "a")
                    running[0] += p[f"pay_{me}"]
                    running[1] += p[f"pay_{you}"]
                    moves = p[f"played_{me}"] + p[f"played_{you}"]
                    key = outcomes.BY_MOVES[moves]
                    history.append({
                        "round": r["round"], "partner": s.seats[p[you]].name,
                        "meant": p[f"meant_{me}"], "you": p[f"played_{me}"],
                        "them": p[f"played_{you}"], "outcome": key,
                        "words": outcomes.WORDS[key], "meaning": YOU[key],
                        "pay": p[f"pay_{me}"], "their_pay": p[f"pay_{you}"],
                        "totals": list(running),
                        "your_mistake": p[f"meant_{me}"] != p[f"played_{me}"],
                        "source": p[f"source_{me}"]})
            pd = s.seats[partner] if partner is not None else None
            mine = {"partner": pd.name if pd else None,
                    "partner_bot": bool(pd and not pd.human),
                    "moved": g.moves.get(seat, (None,))[0] if seat in g.moves else None,
                    "moved_by": g.moves[seat][1] if seat in g.moves else None,
                    "history": history, "totals": list(running)}
        out["mine"] = mine
        out["waiting_for_next"] = seat not in g.pool and not g.over
    st = s.stage
    if st is not None and st.kind == "strategy":
        out["strategy"] = s.strategies.get(seat)
    return out
