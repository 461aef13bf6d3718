"""winwin play, driven through a pseudo-terminal as a person would play it."""

from __future__ import annotations

import sys

import numpy as np
import pexpect
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import winwin as ww
from winwin.live import LiveMatch

PROMPT = r"cooperate or defect\? \[c/d\] "


def spawn(*args: str) -> pexpect.spawn:
    return pexpect.spawn(sys.executable, ["-m", "winwin", "play", *args], encoding="utf-8",
                         timeout=60, env={"WINWIN_NO_WARMUP": "1", "PATH": "/usr/bin:/bin",
                                          "COLUMNS": "100"})


def test_a_whole_game_against_a_named_opponent_in_a_terminal() -> None:
    child = spawn("tit-for-tat", "--turns", "3", "--seed", "4")
    child.expect("against Tit For Tat")
    child.expect("lasts 3 rounds")
    child.expect(r"Round 1 of 3: " + PROMPT)
    child.sendline("c")
    child.expect(r"you cooperated, they cooperated: win-win, you 3, they 3")
    child.expect(r"Round 2 of 3: " + PROMPT)
    child.sendline("d")
    child.expect(r"you defected, they cooperated: win-lose, you 5, they 0")
    child.sendline("maybe")  # re-asked, not a crash
    child.expect(r"'maybe'\? Type c to cooperate, d to defect, q to stop")
    child.expect(r"Round 3 of 3: " + PROMPT)
    child.sendline("C")
    child.expect(r"you cooperated, they defected: lose-win, you 0, they 5")
    child.expect(r"The game is over after 3 rounds")
    child.expect(r"Your opponent was Tit For Tat")
    child.expect(r"You scored 8 \(2.67 a round\), it scored 8")
    child.expect(r"win-win 33%, win-lose 33%, lose-win 33%, lose-lose 0%")
    child.expect(r"the 9\d library strategies would have scored from")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0


def test_a_hidden_opponent_with_an_unknown_end_is_revealed_when_you_stop() -> None:
    child = spawn("--prob-end", "0.01", "--seed", "11", "--noise", "0.05")
    child.expect("against a hidden opponent")
    child.expect("goes on with probability 99%")
    child.expect("5% of moves")
    child.expect(r"Round 1: " + PROMPT)  # no horizon shown
    child.sendline("c")
    child.expect(r"Round 2: " + PROMPT)
    child.sendline("q")
    child.expect(r"You stopped after 1 round of \d+")
    child.expect(r"Your opponent was (Copycat|Always Cheat|Always Cooperate|Grudger|Detective)")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0


def test_end_of_input_and_bad_options() -> None:
    child = spawn("--turns", "2", "--seed", "1")
    child.expect(PROMPT)
    child.sendeof()
    child.expect("You stopped after 0 rounds")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    for args, needle in ((["no-such-strategy"], "no-such-strategy"),
                         (["--turns", "0"], "--turns"), (["--turns", "20000"], "--turns"),
                         (["--turns", "5", "--prob-end", "0.1"], "--prob-end"),
                         (["--noise", "2"], "--noise")):
        child = spawn(*args)
        child.expect(pexpect.EOF)
        child.close()
        assert child.exitstatus == 2, args
        assert needle in child.before and "Traceback" not in child.before


@settings(max_examples=40, deadline=None)
@given(st.sampled_from(["tft", "grudger", "random", "gtft", "gradual", "detective", "wsls",
                        "alternator", "joss"]),
       st.sampled_from(["tft", "alld", "random(p=0.7)", "wsls", "cycler(pattern=CCD)"]),
       st.sampled_from([dict(turns=12), dict(prob_end=0.1)]), st.sampled_from([0.0, 0.1]),
       st.integers(0, 2**63))
def test_a_person_playing_a_strategy_s_moves_sees_winwin_match(opponent: str, person: str,
                                                               kw: dict, noise: float,
                                                               seed: int) -> None:
    """The person's intentions are taken from a strategy deciding on the same history: the
    match is the one winwin.match plays (same draws, same mistakes, same length)."""
    from winwin.engine._python import probability
    from winwin.strategies import get_strategy
    from winwin.strategies._base import View

    live = LiveMatch(opponent, noise=noise, seed=seed, **kw)
    me = get_strategy(person).clone()
    view = View(live.moves[:, 0], live.moves[:, 1], live.plan.game,
                live.length if live.known_length else None)
    while not live.over:
        view.turn = live.turn
        view._own_d = int(live.moves[:live.turn, 0].sum())
        view._opp_d = int(live.moves[:live.turn, 1].sum())
        p = probability(me, view)
        if 0.0 < p < 1.0:
            return  # a mixed intention is not a person's choice: deterministic people only
        live.play("C" if p == 1.0 else "D")
    m = ww.match(person, opponent, noise=noise, seed=seed, **kw)
    assert np.array_equal(live.result().actions, m.actions)
    assert live.totals == m.scores


def test_live_match_refuses_what_a_person_cannot_play() -> None:
    with pytest.raises(ww.ParameterError, match="move"):
        LiveMatch("tft", turns=2, seed=1).play("x")
    live = LiveMatch("tft", turns=1, seed=1)
    live.play("c")
    with pytest.raises(ww.WinwinError, match="over"):
        live.play("c")
    with pytest.raises(ww.ParameterError, match="prob_end"):
        LiveMatch("tft", prob_end=1e-6)
