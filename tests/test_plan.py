"""The plan as a value: built and checked once, JSON and back, cut into blocks that merge to the
identical result, kept by results and used to replay any match."""

from __future__ import annotations

import json

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import winwin as ww
from winwin.tournament import Block, merge, run, run_block

PLAYERS = ["tit-for-tat", "random(p=0.3)", "gradual", "extort-2", "detective", "grudger"]


def test_the_result_keeps_its_plan_and_the_plan_its_settings() -> None:
    r = ww.tournament(PLAYERS, turns=30, repetitions=3, noise=0.02, seed=11)
    p = r.plan
    assert isinstance(p, ww.Plan)
    assert (p.turns, p.prob_end, p.repetitions, p.noise, p.seed) == (30, None, 3, 0.02, 11)
    assert p.specs == tuple(ww.get_strategy(x).spec for x in PLAYERS)
    assert np.array_equal(p.pairs, r.pairs)
    assert p.length.fixed and p.length.kernel_turns == 30
    # a plan's params are the result's params, less how it was run
    assert {k: r.params[k] for k in p.params()} == p.params()


@pytest.mark.parametrize("settings_", [
    dict(turns=25, repetitions=2, noise=0.05, seed=3),
    dict(prob_end=0.05, repetitions=3, noise=0.01, seed=4),
    dict(turns=10, repetitions=2, seed=5, game="3,0,5,1/2,0,3,1"),
    dict(turns=10, repetitions=1, seed=6, self_play=False, game="trust"),
])
def test_json_round_trip_gives_an_equal_plan_and_the_same_result(settings_: dict) -> None:
    plan = ww.Plan.build(PLAYERS, **settings_)
    text = plan.to_json()
    again = ww.Plan.from_json(text)
    assert again == plan and hash(again) == hash(plan)
    assert json.loads(text)["pairs"] == "round-robin"
    a, b = run(plan), run(again)
    assert np.array_equal(a.counts, b.counts) and np.array_equal(a.lengths, b.lengths)
    direct = ww.tournament(PLAYERS, **settings_)
    assert np.array_equal(direct.counts, a.counts)


def test_explicit_pairs_travel_too() -> None:
    plan = ww.Plan.build(["tft", "alld", "wsls"], turns=5, seed=1, pairs=[(0, 2), (1, 0)])
    again = ww.Plan.from_dict(plan.to_dict())
    assert again.pairs.tolist() == [[0, 2], [1, 0]] and again == plan


@settings(max_examples=25, deadline=None)
@given(rows=st.integers(1, 25), order=st.randoms(use_true_random=False))
def test_blocks_merge_to_the_identical_result(rows: int, order) -> None:  # type: ignore[no-untyped-def]
    plan = ww.Plan.build(PLAYERS, turns=20, repetitions=2, noise=0.05, seed=9)
    whole = run(plan)
    blocks = plan.blocks(rows)
    assert sum(b.stop - b.start for b in blocks) == plan.n_rows
    parts = [run_block(Block.from_dict(json.loads(json.dumps(b.to_dict())))) for b in blocks]
    order.shuffle(parts)
    merged = merge(plan, parts)
    assert np.array_equal(merged.counts, whole.counts)
    assert np.array_equal(merged.lengths, whole.lengths)
    assert merged.ranking == whole.ranking and merged.scores == whole.scores


def test_bad_blocks_name_the_field() -> None:
    plan = ww.Plan.build(PLAYERS, turns=5, seed=2)
    with pytest.raises(ww.ParameterError, match="block.stop"):
        Block.from_dict({"plan": plan.to_dict(), "start": 3, "stop": 99})
    with pytest.raises(ww.ParameterError, match="block"):
        Block.from_dict({"plan": plan.to_dict()})


def test_merge_refuses_gaps_and_overlaps() -> None:
    plan = ww.Plan.build(PLAYERS, turns=5, repetitions=1, seed=2)
    parts = [run_block(b) for b in plan.blocks(4)]
    with pytest.raises(ww.ParameterError, match="every row"):
        merge(plan, parts[1:])
    with pytest.raises(ww.ParameterError, match="every row"):
        merge(plan, parts + parts[:1])


def test_replay_comes_from_the_plan() -> None:
    r = ww.tournament(PLAYERS, prob_end=0.1, repetitions=3, noise=0.05, seed=21)
    kept = ww.tournament(PLAYERS, prob_end=0.1, repetitions=3, noise=0.05, seed=21,
                         histories=True)
    for a, b, rep in [(0, 1, 2), (3, 2, 0), (4, 4, 1)]:
        m1, m2 = r.match(a, b, rep), kept.match(a, b, rep)
        assert m1.actions_text() == m2.actions_text()
        assert m1.plan is r.plan


@pytest.mark.parametrize("d,field", [
    ({"version": 2}, "plan.version"),
    ({"version": 1, "players": ["tft"], "bogus": 1}, "plan.bogus"),
    ({"version": 1, "players": ["tft", "alld"], "turns": 0}, "turns"),
    ({"version": 1, "players": ["tft", "alld"], "turns": 5, "prob_end": 0.1}, "prob_end"),
    ({"version": 1, "players": ["tft", "alld"], "pairs": [[0, 5]]}, "pairs"),
    ({"version": 1, "players": "tft"}, "players"),
    ([1, 2], "plan"),
])
def test_bad_plans_name_the_field(d: object, field: str) -> None:
    with pytest.raises(ww.ParameterError) as info:
        ww.Plan.from_dict(d)
    assert info.value.field == field


def test_from_json_refuses_what_is_not_json() -> None:
    with pytest.raises(ww.ParameterError, match="JSON"):
        ww.Plan.from_json("{not json")


def test_a_match_is_a_plan_of_one_row() -> None:
    m = ww.match("gradual", "random", turns=50, noise=0.1, seed=3)
    assert m.plan.n_rows == 1 and m.plan.pairs.tolist() == [[0, 1]]
    again = run(m.plan)
    assert np.array_equal(again.counts[0, 0], m.counts)
