"""Tournaments: results exactly as the rules imply, the JSON contract, self-play, asymmetric
games, repetitions, conversions."""

from __future__ import annotations

import json

import numpy as np
import pytest

import winwin as ww


def test_a_deterministic_line_up_by_hand() -> None:
    # 200 turns; TFT, Grudger, ALLC cooperate with each other (R=3 every turn). Against ALLD the
    # two retaliators lose once: S + 199 P = 199, ALLD gets T + 199 P = 204.
    r = ww.tournament(["defector", "cooperator", "tit-for-tat", "grudger"], turns=200,
                      repetitions=3, seed=1)
    n = 200
    m = r.payoff_matrix
    assert m[2, 0] == 199 / n and m[0, 2] == 204 / n
    assert m[3, 0] == 199 / n and m[0, 3] == 204 / n
    assert m[0, 1] == 5 and m[1, 0] == 0
    assert m[0, 0] == 1 and m[1, 1] == m[2, 2] == m[2, 3] == 3
    assert r.scores["tit-for-tat"] == pytest.approx((600 + 199 + 600 + 600) / 800)
    assert r.scores["defector"] == pytest.approx((204 + 200 + 1000 + 204) / 800)
    assert r.ranking == ["tit-for-tat", "grudger", "cooperator", "defector"]
    assert r.cooperation["cooperator"] == 1 and r.cooperation["defector"] == 0
    assert r.cooperation["tit-for-tat"] == pytest.approx((200 + 1 + 200 + 200) / 800)
    # ALLD beats everyone it meets head to head but finishes last
    assert r.wins[0] == 3 * 3 and r.wins[2] == 0
    assert r.head_to_head_wins[0, 2] == 3 and r.head_to_head_wins[2, 0] == 0
    # repetitions of a deterministic line-up are identical
    assert np.all(r.scores_per_repetition == r.score_array[:, None])


def test_outcome_shares_in_the_projects_words() -> None:
    r = ww.tournament(["defector", "cooperator"], turns=10, repetitions=1, seed=1,
                      self_play=False)
    by = r.outcomes_by_player
    assert by["defector"] == {"win_win": 0, "win_lose": 1, "lose_win": 0, "lose_lose": 0}
    assert by["cooperator"] == {"win_win": 0, "win_lose": 0, "lose_win": 1, "lose_lose": 0}
    assert r.outcomes == {"win_win": 0, "win_lose": 0.5, "lose_win": 0.5, "lose_lose": 0}


def test_self_play_off_as_in_the_evolution_of_trust() -> None:
    # Evolution of Trust, 10 rounds, trust payoffs, no self-play: copycat vs always-cheat.
    # Copycat: -1 then 0 x 9 = -1; cheat: 3 then 0 = 3. Copycat vs always-cooperate: 2 x 10.
    r = ww.tournament(["copycat", "alld", "allc"], turns=10, repetitions=1, game="trust",
                      self_play=False, seed=1)
    assert len(r.pairs) == 3 and not any(i == j for i, j in r.pairs)
    assert np.isnan(r.payoff_matrix[0, 0])
    assert r.scores["tit-for-tat"] == pytest.approx((-1 + 20) / 20)
    assert r.scores["defector"] == pytest.approx((3 + 30) / 20)
    assert r.to_dict()["payoff_matrix"][0][0] is None


def test_asymmetric_games_play_both_roles() -> None:
    g = "3,0,5,1/2,-1,4,0"
    r = ww.tournament(["defector", "cooperator"], turns=10, repetitions=1, game=g, seed=1)
    # ordered pairs: (0,0), (0,1), (1,0), (1,1)
    assert sorted(map(tuple, r.pairs.tolist())) == [(0, 0), (0, 1), (1, 0), (1, 1)]
    # defector as player 1 gets T1 = 5, as player 2 gets T2 = 4; the matrix averages the roles
    assert r.payoff_matrix[0, 1] == pytest.approx((5 + 4) / 2)
    assert r.payoff_matrix[1, 0] == pytest.approx((0 + -1) / 2)


def test_json_contract() -> None:
    r = ww.tournament(["tit-for-tat", "defector", "generous-tit-for-tat(q=0.1)"], turns=20,
                      repetitions=2, noise=0.01, seed=7)
    d = json.loads(r.to_json())
    assert d["players"] == ["tit-for-tat", "defector", "generous-tit-for-tat(q=0.1)"]
    assert sorted(d["ranking"]) == sorted(d["players"])
    assert set(d["scores"]) == set(d["players"]) == set(d["cooperation"])
    assert len(d["payoff_matrix"]) == 3 and all(len(row) == 3 for row in d["payoff_matrix"])
    assert set(d["outcomes"]) == {"win_win", "win_lose", "lose_win", "lose_lose"}
    assert sum(d["outcomes"].values()) == pytest.approx(1)
    p = d["params"]
    assert {k: p[k] for k in ("turns", "prob_end", "repetitions", "noise", "seed", "self_play")} \
        == {"turns": 20, "prob_end": None, "repetitions": 2, "noise": 0.01, "seed": 7,
            "self_play": True}
    assert p["game"] == "3,0,5,1"
    scores = [d["scores"][s] for s in d["ranking"]]
    assert scores == sorted(scores, reverse=True)


def test_frames_and_labels() -> None:
    r = ww.tournament(["tft", "tft", "alld"], turns=5, repetitions=1, seed=1)
    assert r.players == ("tit-for-tat", "tit-for-tat#2", "defector")
    f = r.to_frame()
    assert list(f["rank"]) == [1, 2, 3]
    assert list(f.columns[:4]) == ["rank", "player", "name", "score"]
    assert f.loc[0, "player"] == r.ranking[0]
    pf = r.pairs_frame()
    assert len(pf) == 9
    row = pf[(pf.player == "defector") & (pf.opponent == "tit-for-tat")].iloc[0]
    assert row.payoff == pytest.approx((5 + 4) / 5)


def test_results_are_immutable() -> None:
    r = ww.tournament(["tft", "alld"], turns=5, repetitions=1, seed=1)
    with pytest.raises(ValueError):
        r.counts[0, 0, 0] = 7
    with pytest.raises(ValueError):
        r.payoff_matrix[0, 0] = 1.0
    with pytest.raises(AttributeError):
        r.players = ()  # type: ignore[misc]


@pytest.mark.parametrize("kw,field", [
    (dict(turns=0), "turns"), (dict(turns=10**10), "turns"), (dict(noise=1.5), "noise"),
    (dict(noise=-0.1), "noise"), (dict(prob_end=1), "prob_end"), (dict(prob_end=0), "prob_end"),
    (dict(repetitions=0), "repetitions"), (dict(repetitions=2.5), "repetitions"),
    (dict(seed=-1), "seed"), (dict(seed="x"), "seed"), (dict(turns=5, prob_end=0.1), "prob_end"),
    (dict(backend="gpu"), "backend"), (dict(self_play="yes"), "self_play"),
    (dict(game="3,0,5"), "game"), (dict(threads=0), "threads"),
])
def test_bad_arguments_name_the_field(kw: dict, field: str) -> None:
    with pytest.raises(ww.ParameterError) as info:
        ww.tournament(["tft", "alld"], **kw)
    assert info.value.field == field


def test_bad_players() -> None:
    with pytest.raises(ww.UnknownStrategyError, match="tit-for-tat"):
        ww.tournament(["tit-for-tatt", "alld"])
    with pytest.raises(ww.ParameterError, match="list"):
        ww.tournament("tit-for-tat")  # type: ignore[arg-type]
    with pytest.raises(ww.ParameterError, match=r"random\.p"):
        ww.tournament(["random(p=1.5)", "alld"])
    with pytest.raises(ww.ParameterError, match="takes"):
        ww.tournament(["tit-for-tat(q=0.1)"])
    with pytest.raises(ww.ParameterError, match="2 strategies"):
        ww.tournament(["tft"], self_play=False)


def test_default_line_up_runs() -> None:
    r = ww.tournament(seed=1, repetitions=2)
    assert r.players == ww.DEFAULT_LINEUP
    assert r.total_turns == 200 * 2 * (14 * 15 // 2)


@pytest.mark.parametrize("kw", [dict(turns=40, noise=0.05), dict(prob_end=0.05, noise=0.02),
                                dict(turns=30, game="3,0,5,1/2,-1,4,0")])
def test_any_match_history_is_replayed_exactly_on_request(kw: dict) -> None:
    players = ["gradual", "random", "extort-2", "detective"]
    r = ww.tournament(players, repetitions=3, seed=8, **kw)
    for k, (i, j) in enumerate(r.pairs):
        for rep in range(3):
            m = r.match(int(i), int(j), rep)
            assert np.array_equal(m.counts, r.counts[k, rep])
            assert m.turns == r.lengths[k, rep]
    # asked the other way round, the same match from the other side
    m = r.match("random", "gradual", 1)
    k = [tuple(p) for p in r.pairs.tolist()].index((0, 1))
    assert np.array_equal(m.counts, r.counts[k, 1][[0, 2, 1, 3]]) or not r.game.is_symmetric
    with pytest.raises(ww.ParameterError, match="repetition"):
        r.match("random", "gradual", 3)
    with pytest.raises(ww.ParameterError, match="player"):
        r.match("nobody", "gradual")


@pytest.mark.parametrize("backend", ["compiled", "python"])
def test_kept_histories_are_bit_packed_and_agree_with_the_counts(backend: str) -> None:
    players = ["gradual", "random", "tft", "detective"]
    r = ww.tournament(players, prob_end=0.05, noise=0.05, repetitions=3, seed=2,
                      histories=True, backend=backend)
    offsets, data = r.histories
    assert data.dtype == np.uint8
    assert len(data) == int(((2 * r.lengths + 7) // 8).sum())  # two bits a turn
    replay = ww.tournament(players, prob_end=0.05, noise=0.05, repetitions=3, seed=2)
    for k, (i, j) in enumerate(r.pairs):
        for rep in range(3):
            kept = r.match(int(i), int(j), rep)
            again = replay.match(int(i), int(j), rep)
            assert np.array_equal(kept.actions, again.actions)
            a = kept.actions
            counts = [np.sum((a[:, 0] == x) & (a[:, 1] == y)) for x in (0, 1) for y in (0, 1)]
            assert counts == r.counts[k, rep].tolist()


def test_evolution_of_trust_chapter_3_tournament_by_hand() -> None:
    # Trust payoffs (both cooperate: 2 each; cheat a cooperator: 3 and -1; both cheat: 0),
    # 10 rounds, everyone meets everyone else once, no self-play. Totals per match:
    #   copycat-cheat -1/3, copycat-cooperate 20/20, copycat-grudger 20/20,
    #   copycat-detective: CC, CD(-1,3), DC(3,-1), CC, then CC x6 -> 18/18,
    #   cheat-cooperate 30/-10, cheat-grudger 3/-1, cheat-detective: 3,0,3,3 then DD -> 9/-3,
    #   cooperate-grudger 20/20, cooperate-detective: CC, CD, CC, CC, then cheated 6x -> -1/27,
    #   grudger-detective: CC, CD(-1,3), DC(3,-1), DC(3,-1), then DD -> 7/3.
    totals = {"copycat": -1 + 20 + 20 + 18, "always-cheat": 3 + 30 + 3 + 9,
              "always-cooperate": 20 - 10 + 20 - 1, "grudger": 20 - 1 + 20 + 7,
              "detective": 18 - 3 + 27 + 3}
    names = list(totals)
    r = ww.tournament(names, turns=10, repetitions=1, game="trust", self_play=False, seed=1)
    for name, label in zip(names, r.players, strict=True):
        assert r.scores[label] * 40 == pytest.approx(totals[name])
    assert r.ranking[0] == "tit-for-tat"  # copycat wins
    lu = ww.tournament(ww.lineup("evolution-of-trust"), seed=1)
    assert lu.params["turns"] == 10 and lu.params["self_play"] is False
    assert lu.params["game"] == "2,-1,3,0"


def test_lineups() -> None:
    assert ww.lineup("classic").players == ww.DEFAULT_LINEUP
    nice = ww.lineup("all,nice")
    assert all(ww.get_strategy(s).traits.nice for s in nice)
    shallow = ww.lineup("all,memory-depth<=1")
    assert all(ww.get_strategy(s).traits.memory_depth <= 1 for s in shallow)
    assert "tit-for-tat" in shallow and "gradual" not in shallow
    assert set(ww.lineup("zero-determinant")) >= {"extort-2", "zd-gtft-2", "zd-extortion"}
    with pytest.raises(ww.ParameterError, match="lineup"):
        ww.lineup("everyone")
    with pytest.raises(ww.ParameterError, match="at least one"):
        ww.lineup("zero-determinant,nice,deterministic")


def test_first_tournament_line_up_with_its_settings() -> None:
    lu = ww.lineup("first-tournament")
    assert len(lu) == 15 and lu.players[0] == "tit-for-tat" and lu.players[-1] == "random"
    r = ww.tournament(lu, seed=1)
    p = r.params
    assert (p["turns"], p["repetitions"], p["game"], p["self_play"]) == (200, 5, "3,0,5,1", True)
    # every entry meets every other, its own twin and RANDOM
    assert len(r.pairs) == 15 * 16 // 2
    # compiled, and the same as the Python path
    slow = ww.tournament(lu, seed=1, backend="python")
    assert np.array_equal(r.counts, slow.counts)


def test_outcomes_by_name_match_the_moves() -> None:
    # TFT against ALLD over 5 turns: CD once, then DD; the named shares say so from each side
    r = ww.tournament(["tit-for-tat", "defector"], turns=5, repetitions=1, self_play=False,
                      seed=1)
    s = r.outcome_shares
    assert list(s) == ["win_win", "win_lose", "lose_win", "lose_lose"]
    assert s["lose_win"].tolist() == [0.2, 0.0] and s["win_lose"].tolist() == [0.0, 0.2]
    assert s["lose_lose"].tolist() == [0.8, 0.8] and s["win_win"].tolist() == [0.0, 0.0]
    assert r.outcomes_by_player["tit-for-tat"]["lose_win"] == 0.2
    counts = r.pair_outcome_counts
    assert counts[0, 1].tolist() == [0, 1, 0, 4] and counts[1, 0].tolist() == [0, 0, 1, 4]
