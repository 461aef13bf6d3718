"""The workshop's logic (winwin.web.workshop.model) on its own: invariants under random
sessions (hypothesis), and closed forms for the draws (shared lengths, round robins, mistakes).

The properties the issue names: everyone is paired or has a bot in every game and round; a
resent move changes nothing; replaying the log gives the live state; a restart mid-round (the
log cut at any event and read back) loses no move.
"""

from __future__ import annotations

import itertools
import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import winwin as ww
from winwin.web.workshop import debrief as tell
from winwin.web.workshop.model import (
    AWAY_AFTER,
    MAX_ROUNDS,
    MAX_SEATS,
    STARTERS,
    Session,
    WorkshopError,
    _length,
)
from winwin.web.workshop.store import Store


def new(seed: int = 1, game: str = "pd") -> Session:
    return Session.new(code="TEST23", organiser="boss", seed=seed, game=game)


def fill(s: Session, n: int) -> list[int]:
    return [s.join(f"P{k}", secret=f"k{k}")[0]["seat"] for k in range(n)]


def play_round(s: Session, choose=lambda seat, g, r: "C") -> None:
    g = s.game
    assert g is not None
    number, rnd = g.number, g.round
    for a, b in list(g.pairs):
        for x in (a, b):
            if s.seats[x].human and not s.seats[x].away and not s.seats[x].removed \
                    and x not in g.moves:
                s.move(x, game=number, round=rnd, move=choose(x, number, rnd))


def check_paired(s: Session) -> None:
    """Every seat of the game's pool in exactly one pair of the open round; every person who
    was present at the game's start is in its pool."""
    g = s.game
    if g is None:
        return
    seats = [x for p in g.pairs for x in p]
    assert sorted(seats) == sorted(g.pool), (g.pairs, g.pool)
    assert len(set(seats)) == len(seats)
    assert all(a != b for a, b in g.pairs)


# -- random sessions -----------------------------------------------------------------------------

OPS = st.one_of(
    st.tuples(st.just("join"), st.integers(0, 3)),
    st.tuples(st.just("bots"), st.integers(1, 2)),
    st.tuples(st.just("remove"), st.integers(1, 12)),
    st.tuples(st.just("game"), st.fixed_dictionaries({
        "turns": st.one_of(st.none(), st.integers(1, 4)),
        "noise": st.sampled_from([0.0, 0.2]),
        "pairing": st.sampled_from(["random", "fixed", "round-robin"]),
        "matching": st.sampled_from(["partner", "stranger"]),
        "bot": st.sampled_from(["tit-for-tat", "random", "win-stay-lose-shift"])})),
    st.tuples(st.just("move"), st.integers(1, 12), st.sampled_from("CD")),
    st.tuples(st.just("round"), st.sampled_from("CD")),
    st.tuples(st.just("timeout"), st.just(0)),
    st.tuples(st.just("pause"), st.booleans()),
)


def run(s: Session, ops: list[tuple]) -> list[list[dict]]:
    """Apply random operations; refused ones (WorkshopError / ParameterError) must change
    nothing. Returns the events of each accepted operation."""
    done = []
    for op in ops:
        before = list(s.events)
        try:
            kind = op[0]
            if kind == "join":
                ev = []
                for k in range(op[1]):
                    ev += s.join(f"N{len(s.seats)}-{k}", secret=f"s{len(s.seats)}")
            elif kind == "bots":
                ev = s.add_bots("tit-for-tat", op[1])
            elif kind == "remove":
                ev = s.remove(op[1])
            elif kind == "game":
                cfg = dict(op[1])
                if cfg["turns"] is None:
                    cfg.update(turns=None, **{"continue": 0.5, "min_rounds": 2})
                ev = s.start_game(cfg)
                check_paired(s)
            elif kind == "move":
                g = s.game
                ev = s.move(op[1], game=g.number if g else 1, round=g.round if g else 1,
                            move=op[2])
            elif kind == "round":
                ev = []
                if s.game and not s.paused:
                    play_round(s, lambda *a, m=op[1]: m)
                    ev = s.events[len(before):]
            elif kind == "timeout":
                ev = s.timeout()
            else:
                ev = s.pause(op[1])
        except (WorkshopError, ww.ParameterError):
            assert s.events == before, f"a refused {op} changed the session"
            continue
        assert s.events[:len(before)] == before  # append-only
        done.append(ev)
        check_paired(s)
    return done


@settings(max_examples=80)
@given(seed=st.integers(0, 2**31), ops=st.lists(OPS, min_size=1, max_size=40))
def test_everyone_is_paired_and_the_log_replays_to_the_live_state(seed: int, ops: list) -> None:
    s = new(seed)
    run(s, ops)
    # replaying the whole log gives the same state, field by field
    assert Session.from_events(s.events) == s
    # so does the log cut after any event (a server killed there and restarted)
    for cut in range(1, len(s.events) + 1):
        again = Session.from_events(s.events[:cut])
        assert again.events == s.events[:cut]
    # and every game: its pool paired, its bots labelled, the odd one out never alone
    for g in s.games:
        assert len(g.pool) % 2 == 0
        for r in g.rounds:
            seats = sorted(x for p in r["pairs"] for x in (p["a"], p["b"]))
            assert seats == sorted(g.pool)


@settings(max_examples=60)
@given(seed=st.integers(0, 2**31), ops=st.lists(OPS, min_size=1, max_size=30),
       resend=st.sampled_from("CD"))
def test_a_resent_move_changes_nothing(seed: int, ops: list, resend: str) -> None:
    s = new(seed)
    run(s, ops)
    moves = [e for e in s.events if e["type"] == "move" and e["source"] == "seat"]
    for e in moves:
        before = list(s.events)
        assert s.move(e["seat"], game=e["game"], round=e["round"], move=resend) == []
        assert s.events == before


@settings(max_examples=40)
@given(seed=st.integers(0, 2**31), ops=st.lists(OPS, min_size=1, max_size=30),
       cut=st.floats(0, 1))
def test_a_restart_mid_round_loses_no_move(tmp_path_factory, seed: int, ops: list,
                                           cut: float) -> None:
    """Kill the server after any command (its events are in SQLite), start a new store on the
    same file, go on with the same commands: the session ends exactly as the one that never
    stopped, every move before the kill included."""
    db = tmp_path_factory.mktemp("db") / "w.sqlite3"
    k = int(cut * len(ops))
    live = new(seed)
    store = Store(db)
    store.append(live.code, live.events, at=0.0)
    for op in ops[:k]:
        n = len(live.events)
        run(live, [op])
        store.append(live.code, live.events[n:], at=1.0)
    store.close()
    back = Session.from_events(Store(db).events(live.code))
    assert back == live  # nothing lost: every move, every round
    run(back, ops[k:])
    run(live, ops[k:])
    assert back == live


def test_the_same_seed_and_moves_give_the_same_session() -> None:
    def session(seed: int) -> list:
        s = new(seed)
        fill(s, 5)
        s.start_game({"continue": 0.8, "min_rounds": 2, "noise": 0.2, "matching": "stranger",
                      "bot": "random"})
        while s.game is not None:
            play_round(s, lambda seat, g, r: "CD"[(seat * r) % 3 == 0])
        return [{k: v for k, v in e.items() if k != "at"} for e in s.events]

    assert session(7) == session(7)
    assert session(7) != session(8)


# -- pairing, bots, late joiners, timeouts ---------------------------------------------------------


def test_the_odd_one_out_meets_a_labelled_house_bot_and_bots_meet_people() -> None:
    s = new()
    fill(s, 5)
    s.start_game({"turns": 2})
    bots = [x for x in s.seats.values() if not x.human]
    assert len(bots) == 1 and bots[0].auto and bots[0].name.startswith("House bot")
    g = s.game
    assert all(s.seats[a].human or s.seats[b].human for a, b in g.pairs)
    # the same bot is reused in the next odd game, not a second one
    while s.game:
        play_round(s)
    s.start_game({"turns": 1})
    assert sum(1 for x in s.seats.values() if not x.human) == 1
    # an even room needs no bot: the auto bot sits out
    s.join("Late", secret="late")
    s.start_game({"turns": 1})
    assert all(s.seats[x].human for x in s.game.pool)


def test_a_late_joiner_plays_from_the_next_game() -> None:
    s = new()
    fill(s, 2)
    s.start_game({"turns": 3})
    late = s.join("Late", secret="late")[0]["seat"]
    with pytest.raises(WorkshopError, match="next one"):
        s.move(late, game=1, round=1, move="C")
    while s.game:
        play_round(s)
    s.start_game({"turns": 1})
    assert late in s.game.pool


def test_round_robin_meets_every_partner_once_in_n_minus_1_games() -> None:
    """The circle method: with n seats (n even), n - 1 games pair every two seats once."""
    for n in (2, 4, 6, 8):
        s = new()
        fill(s, n)
        met = []
        for _ in range(n - 1):
            s.start_game({"turns": 1, "pairing": "round-robin"})
            met += [tuple(sorted(p)) for p in s.game.pairs]
            play_round(s)
        assert sorted(met) == sorted(itertools.combinations(sorted(s.seats), 2))


def test_fixed_pairing_keeps_last_games_partners() -> None:
    s = new(3)
    fill(s, 6)
    s.start_game({"turns": 1})
    first = sorted(tuple(sorted(p)) for p in s.game.pairs)
    play_round(s)
    s.start_game({"turns": 1, "pairing": "fixed"})
    assert sorted(tuple(sorted(p)) for p in s.game.pairs) == first


def test_strangers_change_partner_every_round_partners_never() -> None:
    s = new(5)
    fill(s, 8)
    s.start_game({"turns": 6, "matching": "stranger"})
    seen = set()
    while s.game:
        seen.add(tuple(sorted(tuple(sorted(p)) for p in s.game.pairs)))
        play_round(s)
    assert len(seen) > 1
    s.start_game({"turns": 4, "matching": "partner"})
    seen = set()
    while s.game:
        seen.add(tuple(sorted(tuple(sorted(p)) for p in s.game.pairs)))
        play_round(s)
    assert len(seen) == 1


def test_a_silent_seat_gets_tit_for_tats_move_then_a_stand_in_until_it_is_back() -> None:
    s = new()
    a, b = fill(s, 2)
    s.start_game({"turns": 6})
    s.move(a, game=1, round=1, move="D")
    s.timeout()  # b is silent: it gets tit-for-tat's first move, C
    last = s.games[0].rounds[-1]["pairs"][0]
    side = "a" if last["a"] == b else "b"
    assert last[f"meant_{side}"] == "C" and last[f"source_{side}"] == "default"
    s.move(a, game=1, round=2, move="C")
    s.timeout()  # silent twice: tit-for-tat copies a's D, then b is away
    last = s.games[0].rounds[-1]["pairs"][0]
    assert last[f"meant_{side}"] == "D"
    assert s.seats[b].away
    assert s.seats[b].silent == AWAY_AFTER
    # from now on b's moves come at once from a stand-in: a alone resolves the round
    s.move(a, game=1, round=3, move="C")
    assert s.game.round == 4
    moves = [e for e in s.events if e["type"] == "move" and e["seat"] == b]
    assert moves[-1]["source"] == "bot"
    # b comes back: a "back" event; the stand-in has played the open round, b the next
    assert s.back(b)[0]["type"] == "back"
    assert s.game.moves[b][1] == "bot"
    assert s.move(b, game=1, round=4, move="D") == []
    s.move(a, game=1, round=4, move="C")
    s.move(b, game=1, round=5, move="D")
    assert s.game.moves[b] == ("D", "seat")


def test_a_removed_seat_is_played_by_a_stand_in_then_leaves() -> None:
    s = new()
    a, b, c, d = fill(s, 4)
    s.start_game({"turns": 3})
    s.remove(c)
    assert any(e["type"] == "move" and e["seat"] == c and e["source"] == "bot"
               for e in s.events)
    with pytest.raises(WorkshopError, match="removed"):
        s.seat_of(c, "k2")
    while s.game:
        play_round(s)
    s.start_game({"turns": 1})
    assert c not in s.game.pool


def test_pause_refuses_moves_and_stops_the_timer() -> None:
    s = new()
    a, b = fill(s, 2)
    s.start_game({"turns": 2})
    s.pause(True)
    with pytest.raises(WorkshopError, match="paused"):
        s.move(a, game=1, round=1, move="C")
    assert s.timeout() == []
    s.pause(False)
    assert s.move(a, game=1, round=1, move="C")


def test_caps_and_bad_input_are_one_line_errors() -> None:
    s = new()
    with pytest.raises(ww.ParameterError, match="nickname"):
        s.join("   ", secret="x")
    with pytest.raises(ww.ParameterError, match="nickname"):
        s.join("x" * 25, secret="x")
    with pytest.raises(WorkshopError, match="nobody"):
        s.start_game({})
    fill(s, 2)
    for bad, field in (({"turns": 0}, "turns"), ({"turns": 101}, "turns"),
                       ({"noise": 0.6}, "noise"), ({"pairing": "x"}, "pairing"),
                       ({"continue": 1.0}, "continue"), ({"timeout": 1}, "timeout"),
                       ({"bot": "grudger"}, "bot"), ({"colour": 1}, "colour"),
                       ({"turns": 5, "continue": 0.5}, "turns")):
        with pytest.raises(ww.ParameterError, match=field):
            s.start_game(bad)
    s.start_game({"turns": 1})
    with pytest.raises(ww.ParameterError, match="move"):
        s.move(1, game=1, round=1, move="X")
    with pytest.raises(WorkshopError, match="strategy round"):
        s.submit(1, first=1.0, p=[1, 0, 1, 0])
    s.start_strategy({})
    with pytest.raises(ww.ParameterError, match=r"p\[2\]"):
        s.submit(1, first=1.0, p=[1, 0, 2, 0])
    with pytest.raises(ww.ParameterError, match="library"):
        s.start_strategy({"library": ["grudger"]})


def test_at_most_max_seats_with_a_clear_message() -> None:
    s = new()
    fill(s, MAX_SEATS)
    with pytest.raises(WorkshopError, match=f"at most {MAX_SEATS}"):
        s.join("one more", secret="x")


def test_two_people_with_one_nickname_are_told_apart() -> None:
    s = new()
    s.join("Anna", secret="1")
    s.join("anna", secret="2")
    assert [x.name for x in s.seats.values()] == ["Anna", "anna 2"]


def test_secrets_are_stored_hashed_and_checked() -> None:
    s = new()
    s.join("Ann", secret="sesame")
    assert "sesame" not in str(s.events)
    assert "boss" not in str(s.events)
    s.check_organiser("boss")
    for bad in ("", None, "Boss"):
        with pytest.raises(WorkshopError):
            s.check_organiser(bad)
    assert s.seat_of(1, "sesame").name == "Ann"
    with pytest.raises(WorkshopError):
        s.seat_of(1, "sesam")


# -- the draws against closed forms ----------------------------------------------------------------


@pytest.mark.parametrize("c, m", [(0.5, 1), (0.8, 5), (0.0, 3)])
def test_the_uncertain_length_is_min_rounds_plus_a_geometric_number(c: float, m: int) -> None:
    """After ``m`` rounds each further round comes with probability c: the mean length is
    m + c / (1 - c) (minus what the cap of MAX_ROUNDS cuts, negligible here)."""
    cfg = {"continue": c, "min_rounds": m}
    lengths = np.array([_length(seed, 1, cfg) for seed in range(4000)])
    assert lengths.min() >= m and lengths.max() <= MAX_ROUNDS
    mean, sd = m + c / (1 - c), math.sqrt(c) / (1 - c)
    assert abs(lengths.mean() - mean) < 5 * sd / math.sqrt(len(lengths)) + 1e-9
    if c:
        # P(length = m + k) = (1 - c) c^k
        for k in range(3):
            assert abs(np.mean(lengths == m + k) - (1 - c) * c ** k) < 0.03


def test_one_shared_length_for_every_pair() -> None:
    s = new(11)
    fill(s, 10)
    s.start_game({"continue": 0.7, "min_rounds": 2})
    length = s.game.length
    while s.game:
        play_round(s)
    assert len(s.games[0].rounds) == length
    assert all(len(r["pairs"]) == 5 for r in s.games[0].rounds)


def test_mistakes_flip_moves_at_the_set_rate() -> None:
    s = new(2)
    fill(s, 40)
    s.start_game({"turns": 25, "noise": 0.2})
    while s.game:
        play_round(s)
    rows = tell.rows(s)
    flips = np.mean([r["mistake"] for r in rows])
    n = len(rows)
    assert abs(flips - 0.2) < 4 * math.sqrt(0.2 * 0.8 / n)


def test_payoffs_are_the_games() -> None:
    s = new(game="trust")
    a, b = fill(s, 2)
    s.start_game({"turns": 4})
    for ma, mb in ("CC", "CD", "DC", "DD"):
        g = s.game
        s.move(a, game=1, round=g.round, move=ma)
        s.move(b, game=1, round=g.round, move=mb)
    pays = [(p["pay_a"], p["pay_b"]) for r in s.games[0].rounds for p in r["pairs"]]
    first_is_a = s.games[0].rounds[0]["pairs"][0]["a"] == a
    want = [(2, 2), (-1, 3), (3, -1), (0, 0)]
    assert pays == (want if first_is_a else [(y, x) for x, y in want])


# -- the strategy round and the debrief ------------------------------------------------------------


@settings(max_examples=25)
@given(seed=st.integers(0, 2**31),
       subs=st.lists(st.tuples(st.floats(0, 1), st.lists(st.floats(0, 1), min_size=4,
                                                          max_size=4)), min_size=1, max_size=5))
def test_tit_for_tat_never_outscores_a_partner(seed: int, subs: list) -> None:
    """Without mistakes tit-for-tat defects only after its partner did, so it can never be
    ahead of it (Axelrod 1984): in the room's tournament it outscores nobody, whatever the
    submissions."""
    s = new(seed)
    fill(s, len(subs))
    s.start_strategy({"library": ["tit-for-tat", "defector"], "turns": 50})
    for seat, (first, p) in zip(sorted(s.seats), subs, strict=True):
        s.submit(seat, first=first, p=p)
    s.close_strategy()
    t = tell.tournament(s, 1)
    tft = next(e for e in t["entries"] if e["base"] == "tit-for-tat" and e["library"])
    assert tft["wins"] == 0
    ranks = sorted(e["rank"] for e in t["entries"])
    assert ranks == list(range(1, len(t["entries"]) + 1))
    shares = np.asarray(t["evolution"]["shares"])
    assert np.allclose(shares.sum(axis=1), 1.0, atol=1e-6)


def test_the_tournament_payoffs_match_the_closed_form() -> None:
    """Tit-for-tat against always-defect over n turns: (n - 1) P / n and (T + (n - 1) P) / n
    per turn; against itself R."""
    s = new()
    s.start_strategy({"library": ["tit-for-tat", "defector"], "turns": 200})
    s.close_strategy()
    t = tell.tournament(s, 1)
    names = [e["base"] for e in t["entries"]]
    i, j = names.index("tit-for-tat"), names.index("defector")
    pay = t["payoffs"]
    assert pay[i][j] == pytest.approx(199 * 1 / 200)
    assert pay[j][i] == pytest.approx((5 + 199 * 1) / 200)


def test_the_debrief_adds_up() -> None:
    s = new(4)
    fill(s, 5)
    s.start_game({"turns": 6, "noise": 0.1})
    while s.game:
        play_round(s, lambda seat, g, r: "D" if (seat + r) % 4 == 0 else "C")
    d = tell.debrief(s)
    rows = tell.rows(s)
    assert d["welfare"]["earned"] == pytest.approx(sum(r["payoff"] for r in rows))
    pair_rounds = len(rows) // 2
    assert d["welfare"]["all_cooperate"] == pytest.approx(2 * 3 * pair_rounds)
    assert d["welfare"]["all_defect"] == pytest.approx(2 * 1 * pair_rounds)
    by_seat = {x.seat: x.total for x in s.seats.values()}
    for p in d["people"]:
        assert p["total"] == pytest.approx(sum(r["payoff"] for r in rows
                                               if r["seat"] == p["seat"]))
        assert p["total"] == pytest.approx(by_seat[p["seat"]])
    for r in d["per_round"]:
        assert r["win_win"] + r["lose_lose"] + r["mixed"] == pytest.approx(1.0)
    assert d["bots"] and d["bots"][0]["strategy"] in STARTERS
    assert all(isinstance(x, str) and x for x in d["story"])


def test_each_strategy_round_starts_empty() -> None:
    s = new()
    a, b = fill(s, 2)
    s.start_strategy({})
    s.submit(a, first=1.0, p=[1, 0, 1, 0])
    s.close_strategy()
    s.start_strategy({"library": []})
    assert s.strategies == {}
    with pytest.raises(WorkshopError, match="two strategies"):
        s.close_strategy()
    s.submit(b, first=0.0, p=[0, 0, 0, 0])
    s.submit(a, first=1.0, p=[1, 1, 1, 1])
    s.close_strategy()
    t = tell.tournament(s, 2)
    assert sorted(e["seat"] for e in t["entries"]) == [a, b]


def test_a_second_timeout_click_does_not_end_the_next_round() -> None:
    s = new()
    a, b = fill(s, 2)
    s.start_game({"turns": 3})
    assert s.timeout(1, 1)
    assert s.game.round == 2
    assert s.timeout(1, 1) == []  # the same click, arriving late
    assert s.game.round == 2


def test_the_round_timer_gives_default_moves_and_restarts_after_a_pause(tmp_path) -> None:
    """The hub's timer (what the server runs twice a second) on a clock of our own: nothing
    before the timeout, default moves after it, and a pause that stops and restarts it."""
    from winwin.web.workshop.hub import Hub

    now = [100.0]
    hub = Hub(Store(tmp_path / "w.sqlite3"), clock=lambda: now[0], wall=lambda: 0.0)
    s, key = hub.create(title="Timer", game="pd", seed=1)
    a = hub.run(s.code, lambda s: s.join("Ann", secret="a"))[0]["seat"]
    hub.run(s.code, lambda s: s.join("Bob", secret="b"))
    hub.run(s.code, lambda s: s.start_game({"turns": 3, "timeout": 30}))
    hub.run(s.code, lambda s: s.move(a, game=1, round=1, move="D"))
    now[0] += 29
    hub.tick()
    assert s.game.round == 1
    now[0] += 2
    hub.tick()
    assert s.game.round == 2  # Bob's default move (C: tit-for-tat's first) closed round 1
    bob = [e for e in s.events if e["type"] == "move" and e["seat"] != a]
    assert bob[-1]["source"] == "default" and bob[-1]["move"] == "C"
    hub.run(s.code, lambda s: s.pause(True))
    now[0] += 1000
    hub.tick()
    assert s.game.round == 2  # paused: no timer
    hub.run(s.code, lambda s: s.pause(False))
    now[0] += 29
    hub.tick()
    assert s.game.round == 2  # the timer started again at the end of the pause
    # what the hub wrote is what a restarted server reads
    again = Session.from_events(Store(tmp_path / "w.sqlite3").events(s.code))
    assert again == s
