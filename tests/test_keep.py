"""Results that can be kept: JSON and Parquet round trips give equal results, to_frame on
every result, short reprs."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import winwin as ww
import winwin.evolution as ev
from winwin.fingerprint import ashlock


def every_result() -> dict[str, Any]:
    table = ev.payoff_table(["tft", "alld", "wsls"], turns=10)
    return {
        "tournament": ww.tournament(["tft", "alld", "random"], turns=20, seed=3),
        "tournament (histories, prob_end, asymmetric)": ww.tournament(
            ["tft", "gtft", "alld"], prob_end=0.1, noise=0.05, seed=4, histories=True,
            game="3,0,5,1/2,-1,4,0.5"),
        "exact tournament": ww.tournament(["tft", "wsls", "alld"], exact=True, noise=0.01),
        "match": ww.match("tft", "random", turns=12, seed=1),
        "exact match": ww.match("tft", "wsls", exact=True, noise=0.1),
        "payoff table": table,
        "moran": ev.moran(table, [5, 5, 5], w=0.1, seed=2),
        "fixation": ev.fixation(["tft", "alld"], 6, runs=50, w=0.1, seed=2, turns=10),
        "small-mutation limit": ev.small_mutation_limit(table, 20, w=0.1),
        "replicator": ev.replicator(table, shares=[0.3, 0.3, 0.4], time=5, points=11),
        "generational": ev.evolve({"copycat": 5, "always-cheat": 5}, generations=3, seed=1),
        "spatial": ev.nowak_may(10, generations=3, seed=1),
        "fingerprint": ashlock("tft", step=0.25, turns=20, repetitions=2, seed=1),
    }


RESULTS = every_result()


@pytest.mark.parametrize("name", list(RESULTS))
def test_json_and_parquet_round_trips_are_equal(name: str, tmp_path: Path) -> None:
    r = RESULTS[name]
    cls = type(r)
    back = cls.from_json(r.to_json())
    assert back == r and not (back != r)
    assert cls.from_json(r.to_json(indent=2)) == r
    (tmp_path / "r.json").write_text(r.to_json())
    assert cls.from_json(tmp_path / "r.json") == r
    path = tmp_path / "r.parquet"
    r.to_parquet(path)
    assert cls.from_parquet(path) == r
    frame = pd.read_parquet(path)  # an ordinary table for other tools
    assert len(frame) == len(r.to_frame()) and list(frame.columns) == list(r.to_frame().columns)


@pytest.mark.parametrize("name", list(RESULTS))
def test_every_result_has_a_frame_and_a_short_repr(name: str) -> None:
    r = RESULTS[name]
    assert isinstance(r.to_frame(), pd.DataFrame) and len(r.to_frame()) > 0
    text = repr(r)
    assert text.startswith(type(r).__name__ + "(") and len(text) <= 300
    assert "array(" not in text


def test_equality_sees_every_difference() -> None:
    a = ww.tournament(["tft", "alld", "random"], turns=20, seed=3)
    assert a == ww.tournament(["tft", "alld", "random"], turns=20, seed=3)
    assert a != ww.tournament(["tft", "alld", "random"], turns=20, seed=4)
    assert a != ww.tournament(["tft", "alld", "random"], turns=21, seed=3)
    assert a != RESULTS["match"]


def test_a_loaded_tournament_replays_its_matches() -> None:
    r = ww.tournament(["tft", "gtft", "random"], turns=30, noise=0.05, seed=8)
    back = ww.TournamentResult.from_json(r.to_json())
    assert back.match("random", "generous-tit-for-tat", 3) == r.match(
        "random", "generous-tit-for-tat", 3)
    kept = RESULTS["tournament (histories, prob_end, asymmetric)"]
    back = type(kept).from_json(kept.to_json())
    assert back.histories is not None
    assert back.match("defector", "tit-for-tat", 1) == kept.match("defector", "tit-for-tat", 1)


def test_json_keeps_the_summary_contract_and_one_line_number_lists() -> None:
    r = RESULTS["tournament"]
    d = json.loads(r.to_json(indent=2))
    assert d["ranking"] == r.ranking and d["data"]["__kind__"] == "TournamentResult"
    text = r.to_json(indent=2)
    assert '"payoff_matrix": [\n    [' in text.replace("\r", "")
    assert len(text.splitlines()) < 200


def test_bad_saved_data_is_one_clear_error(tmp_path: Path) -> None:
    r = RESULTS["match"]
    with pytest.raises(ww.ParameterError, match="the data of a TournamentResult"):
        ww.TournamentResult.from_json(r.to_json())
    with pytest.raises(ww.ParameterError, match="JSON written by MatchResult"):
        ww.MatchResult.from_json("{not json")
    d = json.loads(r.to_json())
    del d["data"]["counts"]
    with pytest.raises(ww.WinwinError, match="incomplete or damaged"):
        ww.MatchResult.from_json(json.dumps(d))
    (tmp_path / "x.parquet").write_text("no")
    with pytest.raises(ww.ParameterError, match="a Parquet file"):
        ww.MatchResult.from_parquet(tmp_path / "x.parquet")


@settings(max_examples=25, deadline=None)
@given(st.lists(st.sampled_from(["tft", "alld", "random", "gradual", "wsls", "gtft(q=0.3)"]),
                min_size=2, max_size=4, unique=True),
       st.sampled_from([dict(turns=7), dict(prob_end=0.3)]), st.sampled_from([0.0, 0.1]),
       st.integers(1, 3), st.booleans(), st.integers(0, 2**63))
def test_any_tournament_survives_a_json_round_trip(names: list, kw: dict, noise: float,
                                                   reps: int, self_play: bool,
                                                   seed: int) -> None:
    r = ww.tournament(names, repetitions=reps, noise=noise, self_play=self_play, seed=seed,
                      **kw)
    back = ww.TournamentResult.from_json(r.to_json())
    assert back == r
    assert back.scores == r.scores and np.array_equal(back.payoff_matrix, r.payoff_matrix,
                                                      equal_nan=True)


def test_the_names_a_user_typed_are_kept_for_people_and_slugs_for_machines(
        tmp_path: Path) -> None:
    r = ww.tournament(["copycat", "always-cheat", "tft"], turns=5, seed=1)
    assert r.players == ("tit-for-tat", "defector", "tit-for-tat#2")
    assert r.labels == ("copycat", "always-cheat", "tft")
    d = json.loads(r.to_json())
    assert d["players"] == list(r.players) and d["given"] == list(r.labels)
    assert "copycat" in r.summary()[0] or "tft" in r.summary()[0]
    from winwin import text

    table = text.render_tournament(r, 0.1)
    assert "always-cheat" in table and "defector " not in table
    back = ww.TournamentResult.from_json(r.to_json())
    assert back.labels == r.labels
    m = ww.match("copycat", "always-cheat", turns=3, seed=1)
    assert m.players == ("tit-for-tat", "defector") and m.labels == ("copycat", "always-cheat")
    assert ww.MatchResult.from_json(m.to_json()).labels == m.labels
    e = ev.evolve({"copycat": 5, "always-cheat": 5}, generations=2, seed=1)
    assert e.labels == ("copycat", "always-cheat") and e.players == ("tit-for-tat", "defector")
    assert type(e).from_json(e.to_json()).labels == e.labels
    plain = ww.tournament(["tit-for-tat", "defector"], turns=5, seed=1)
    assert plain.labels == plain.players and "given" not in json.loads(plain.to_json())
