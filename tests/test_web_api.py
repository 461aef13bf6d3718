"""The playground's JSON API: the same numbers as the Python API and the CLI for the same
settings and seed, closed forms where there are some, caps and bad input answered 4xx with the
field named, and the Play page's game replayed from the seed."""

from __future__ import annotations

import json
import math

import numpy as np
import pytest
from fastapi.testclient import TestClient

import winwin as ww
from winwin.cli import main
from winwin.web import _caps, create_app, service


@pytest.fixture(scope="module")
def client() -> TestClient:
    with TestClient(create_app()) as c:
        yield c


def post(client: TestClient, path: str, body: dict) -> dict:
    r = client.post(path, json=body)
    assert r.status_code == 200, r.text
    return r.json()


# -- the same numbers as the Python API and the CLI ------------------------------------------------


def test_tournament_matches_python_api_and_cli(client: TestClient,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    players = ["tit-for-tat", "generous-tit-for-tat(q=0.2)", "defector", "random(p=0.3)"]
    d = post(client, "/api/tournament", {"strategies": players, "turns": 50, "repetitions": 3,
                                         "noise": 0.05, "seed": 7, "game": "pd"})
    r = ww.tournament(players, turns=50, repetitions=3, noise=0.05, seed=7, progress=False)
    assert d["ranking"] == r.ranking
    assert d["scores"] == pytest.approx(r.scores, abs=0, rel=0)
    np.testing.assert_array_equal(np.array(d["payoff_matrix"], float), r.payoff_matrix)
    assert main(["tournament", *players, "--turns", "50", "--repetitions", "3", "--noise",
                 "0.05", "--seed", "7", "--format", "json", "--quiet"]) == 0
    cli = json.loads(capsys.readouterr().out)
    assert cli["ranking"] == d["ranking"] and cli["scores"] == d["scores"]
    assert cli["outcomes"] == pytest.approx(d["outcomes"], rel=1e-12)


def test_tournament_pair_outcomes_are_shares_of_the_counts(client: TestClient) -> None:
    d = post(client, "/api/tournament", {"strategies": ["tft", "alld"], "turns": 10,
                                         "repetitions": 1, "seed": 1})
    # tft against alld: CD once, then DD nine times (from tft's side: lose-win, lose-lose)
    i, j = d["players"].index("tit-for-tat"), d["players"].index("defector")
    shares = dict(zip(d["order"], d["pair_outcomes"][i][j], strict=True))
    assert shares == {"win_win": 0.0, "win_lose": 0.0, "lose_win": 0.1, "lose_lose": 0.9}
    assert d["game"]["family"] == "prisoners-dilemma"


def test_replay_is_the_tournaments_match(client: TestClient) -> None:
    players = ["tit-for-tat", "random", "win-stay-lose-shift"]
    body = {"strategies": players, "turns": 30, "repetitions": 4, "noise": 0.1, "seed": 3}
    d = post(client, "/api/tournament/replay", {**body, "player": 1, "opponent": 2,
                                                "repetition": 2})
    m = ww.tournament(players, turns=30, repetitions=4, noise=0.1, seed=3,
                      progress=False).match(1, 2, 2)
    assert d["actions"] == m.actions_text() and d["scores"] == list(m.scores)
    # the running totals end at the totals
    assert [c[-1] for c in d["cumulative"]] == pytest.approx(d["scores"])


def test_match_matches_python_api(client: TestClient) -> None:
    d = post(client, "/api/match", {"player_1": "gtft", "player_2": "extort-2", "turns": 40,
                                    "noise": 0.02, "seed": 5})
    m = ww.match("gtft", "extort-2", turns=40, noise=0.02, seed=5)
    assert d["actions"] == m.actions_text() and d["scores"] == list(m.scores)


def test_exact_payoffs_closed_form(client: TestClient) -> None:
    # TFT against ALLD over n turns: S once then P; per turn (S + (n-1) P) / n
    d = post(client, "/api/payoffs", {"strategies": ["tft", "alld", "allc"], "turns": 10})
    m = np.array(d["payoff_matrix"])
    assert m[0, 1] == pytest.approx((0 + 9 * 1) / 10)
    assert m[1, 0] == pytest.approx((5 + 9 * 1) / 10)
    assert m[2, 1] == pytest.approx(0.0) and m[1, 2] == pytest.approx(5.0)
    long_run = post(client, "/api/payoffs", {"strategies": ["wsls", "wsls"], "noise": 0.1})
    # WSLS against itself with noise e: stationary win-win share from the 4-state chain
    e = 0.1
    P = np.zeros((4, 4))
    nxt = {0: "C", 1: "D", 2: "D", 3: "C"}  # after CC, CD, DC, DD (own, other)
    for s in range(4):
        mine, theirs = divmod(s, 2)
        a = nxt[mine * 2 + theirs]
        b = nxt[theirs * 2 + mine]
        for x in range(2):
            for y in range(2):
                pa = (1 - e) if (x == (a == "D")) else e
                pb = (1 - e) if (y == (b == "D")) else e
                P[s, x * 2 + y] += pa * pb
    w, v = np.linalg.eig(P.T)
    pi = np.real(v[:, np.argmin(abs(w - 1))])
    pi /= pi.sum()
    assert long_run["payoff_matrix"][0][0] == pytest.approx(pi @ np.array([3, 0, 5, 1]))


def test_evolve_matches_library_and_cli(client: TestClient,
                                        capsys: pytest.CaptureFixture[str]) -> None:
    body = {"population": {"always-cooperate": 15, "always-cheat": 5, "copycat": 5},
            "generations": 12, "turns": 10, "replace": 5, "noise": 0.05, "seed": 11}
    d = post(client, "/api/evolve", body)
    from winwin.evolution import evolve

    r = evolve({"always-cooperate": 15, "always-cheat": 5, "copycat": 5}, generations=12,
               turns=10, replace=5, noise=0.05, seed=11)
    assert d["trajectory"] == r.trajectory.tolist()
    assert all(sum(row) == 25 for row in d["trajectory"])
    assert main(["evolve", "always-cooperate=15", "always-cheat=5", "copycat=5",
                 "--generations", "12", "--noise", "0.05", "--seed", "11", "--format",
                 "json"]) == 0
    assert json.loads(capsys.readouterr().out)["trajectory"] == d["trajectory"]


def test_sandbox_defaults_are_the_pieces(client: TestClient) -> None:
    d = post(client, "/api/evolve", {"generations": 1, "seed": 1})
    assert d["trajectory"][0] == [3, 3, 3, 3, 3, 3, 3, 4]
    assert d["params"]["rounds"] == 10 and d["params"]["replace"] == 5
    assert d["params"]["noise"] == 0.05 and d["params"]["game"] == ww.parse_game("trust").spec()


def test_moran_and_replicator_match_library(client: TestClient) -> None:
    from winwin.evolution import moran, payoff_table, replicator

    d = post(client, "/api/moran", {"population": {"tft": 6, "alld": 4}, "w": 0.5,
                                    "generations": 30, "turns": 10, "seed": 2})
    table = payoff_table(["tft", "alld"], turns=10)
    r = moran(table, [6, 4], w=0.5, generations=30, seed=2)
    assert d["trajectory"] == r.trajectory.tolist() and d["exact"] is True
    d = post(client, "/api/replicator", {"shares": {"tft": 0.3, "alld": 0.7}, "turns": 10,
                                         "time": 20, "points": 5})
    r2 = replicator(table, shares=[0.3, 0.7], time=20, points=5)
    np.testing.assert_allclose(d["shares"], r2.shares)


def test_exact_toggle_needs_memory_one(client: TestClient) -> None:
    r = client.post("/api/moran", json={"population": {"tft": 5, "detective": 5},
                                        "exact": True, "seed": 1})
    assert r.status_code == 422 and "exact" in r.json()["error"]


def test_horizon_closed_form(client: TestClient) -> None:
    # ALLD against TFT with power k: T = 3 + 2k once, then P = 1; TFT with TFT: R = 3 a turn
    d = post(client, "/api/horizon", {"power": 1.5, "turns": 20, "seed": 1})
    t = np.arange(1, 21)
    np.testing.assert_allclose(d["exploit"], (3 + 2 * 1.5) + (t - 1) * 1.0)
    np.testing.assert_allclose(d["cooperate"], 3.0 * t)
    # 6 + (t-1) <= 3t from t = 2.5: turn 3 on
    assert d["stops_paying"] == 3
    assert d["sample"]["exploit"] == pytest.approx(list((3 + 3) + (t - 1) * 1.0))


def test_horizon_random_end(client: TestClient) -> None:
    d = post(client, "/api/horizon", {"prob_end": 0.05, "seed": 4})
    assert d["mean_length"] == pytest.approx(20.0)
    m = ww.match("always-cheat", "tit-for-tat", prob_end=0.05, seed=4,
                 game=service.game(d["game"]["spec"]))
    assert len(d["sample"]["actions_exploit"]) == m.turns


def test_game_family_named(client: TestClient) -> None:
    for spec, family in [("3,0,5,1", "prisoners-dilemma"), ("4,1,3,2", "stag-hunt"),
                         ("3,1,5,0", "chicken"), ("5,3,1,0", "harmony")]:
        r = client.get(f"/api/games/{spec}")
        assert r.status_code == 200 and r.json()["family"] == family
    g = client.get("/api/games/3,0,5,1/3,-2,7,1").json()
    assert g["symmetric"] is False and g["payoffs_2"] == [3, -2, 7, 1]
    names = {x["preset"] for x in client.get("/api/games").json()}
    assert {"pd", "trust", "stag-hunt", "chicken", "donation"} <= names


def test_strategies_listing(client: TestClient) -> None:
    rows = client.get("/api/strategies").json()
    assert len(rows) == len(ww.registry().builtins())
    tft = next(r for r in rows if r["slug"] == "tit-for-tat")
    assert tft["memory_one"] is True and tft["traits"]["nice"] is True and tft["rule"]
    one = client.get("/api/strategies/generous-tit-for-tat(q=0.2)").json()
    assert one["parameters"]["q"]["value"] == 0.2


# -- play ------------------------------------------------------------------------------------------


def test_play_series_replays_from_the_seed(client: TestClient) -> None:
    seen = []
    for k in range(len(service.PLAY_SERIES)):
        moves = ""
        while True:
            d = post(client, "/api/play", {"moves": moves, "game_number": k, "turns": 8,
                                           "seed": 9})
            if d["over"]:
                break
            moves += "C" if len(moves) % 3 else "D"
        seen.append(d["reveal"]["opponent"]["spec"])
        assert d["turn"] == 8 and len(d["actions"]) == 8
        # an oracle: the same game played by the library with the person's moves scripted
        opponent = ww.get_strategy(service.PLAY_SERIES[k])
        m = ww.match(f"initial(cooperator,moves={moves})", opponent, turns=8,
                     seed=service.game_seed(9, k), game="trust")
        assert d["actions"] == m.actions_text()
        assert d["totals"] == pytest.approx(list(m.scores))
        shares = d["reveal"]["shares"]
        assert shares == pytest.approx(m.outcomes)
        lib = d["reveal"]["library"]
        assert len(lib) == len(ww.registry().builtins()) - 1
        assert [x["score"] for x in lib] == sorted((x["score"] for x in lib), reverse=True)
        best = lib[0]
        alone = ww.match(best["spec"], opponent, turns=8, seed=service.game_seed(9, k),
                         game="trust")
        assert best["score"] == pytest.approx(alone.mean_scores[0])
    assert seen == [ww.get_strategy(s).spec for s in service.PLAY_SERIES]


def test_copycat_copies_your_move_as_played() -> None:
    d = service.play("CDDCD", game_number=0, turns=5, seed=2)
    assert [a[1] for a in d["actions"]] == ["C", "C", "D", "D", "C"]
    assert d["chosen"] == "CDDCD" and d["over"]
    # with mistakes the moves as played differ from the chosen ones where a move flipped, and
    # copycat copies the move as played
    d = service.play("C" * 40, game_number=0, turns=40, noise=0.3, seed=2)
    mine = [a[0] for a in d["actions"]]
    assert "D" in mine


def test_play_with_a_random_end() -> None:
    length = ww.match("copycat", "cooperator", prob_end=0.2, seed=service.game_seed(3, 1),
                      game="trust").turns
    d = service.play("C" * length, game_number=1, turns=None, prob_end=0.2, seed=3)
    assert d["over"] and not d["known_horizon"]
    with pytest.raises(ww.ParameterError, match="moves"):
        service.play("C" * (length + 1), game_number=1, turns=None, prob_end=0.2, seed=3)


# -- caps and bad input ----------------------------------------------------------------------------

BAD = [
    ("/api/tournament", {"strategies": ["tft", "no-such-strategy"]}, "no-such-strategy"),
    ("/api/tournament", {"strategies": ["tft"]}, "strategies"),
    ("/api/tournament", {"strategies": ["tft"] * (_caps.MAX_STRATEGIES + 1)}, "strategies"),
    ("/api/tournament", {"strategies": ["tft", "alld"], "turns": -3}, "turns"),
    ("/api/tournament", {"strategies": ["tft", "alld"], "turns": 10, "prob_end": 0.1}, "prob_end"),
    ("/api/tournament", {"strategies": ["tft", "alld"], "turns": 10_000, "repetitions": 100},
     "turns*repetitions"),
    ("/api/tournament", {"strategies": [f"random(p={k / 40})" for k in range(40)],
                         "turns": 10_000, "repetitions": 10}, "strategies*turns*repetitions"),
    ("/api/tournament", {"strategies": ["tft", "alld"], "noise": 1.5}, "noise"),
    ("/api/tournament", {"strategies": ["tft", "alld"], "game": "1,2,3"}, "game"),
    ("/api/tournament", {"strategies": ["tft", "alld"], "game": "pd(T=2)"}, "game"),
    ("/api/tournament", {"strategies": ["tft", "alld"], "seed": -1}, "seed"),
    ("/api/tournament", {"strategies": ["tft", "alld"], "oops": 1}, "oops"),
    ("/api/tournament", {"strategies": ["x" * 500, "alld"]}, "strategies"),
    ("/api/tournament", {"strategies": ["generous-tit-for-tat(q=7)", "alld"]}, "q"),
    ("/api/tournament", {"strategies": ["memory-one(p=[1,2,1,0])", "alld"]}, "p"),
    ("/api/match", {"player_1": "tft", "player_2": "alld", "turns": 10**9}, "turns"),
    ("/api/evolve", {"population": {"tft": 200, "alld": 5}}, "population"),
    ("/api/evolve", {"population": {"tft": 50, "alld": 50}, "turns": 5000,
                     "generations": 500}, "population*turns*generations"),
    ("/api/evolve", {"population": {"tft": 3, "alld": 3}, "replace": 4}, "replace"),
    ("/api/evolve", {"population": {"tft": 3}}, "population"),
    ("/api/evolve", {"generations": 10**6}, "generations"),
    ("/api/moran", {"population": {"tft": 5000, "alld": 5}}, "population"),
    ("/api/replicator", {"shares": {"tft": -1, "alld": 1}}, "shares"),
    ("/api/replicator", {"shares": {"tft": 1, "alld": 1}, "turns": 1000}, "time*payoff_spread"),
    ("/api/play", {"moves": "CXD"}, "moves"),
    ("/api/play", {"moves": "C" * 11, "turns": 10}, "moves"),
    ("/api/play", {"game_number": 9}, "game_number"),
    ("/api/horizon", {"exploiter": "detective"}, "exploiter"),
    ("/api/payoffs", {"strategies": ["tft", "gradual"]}, "strategies"),
]


@pytest.mark.parametrize("path,body,field", BAD, ids=[f"{p}:{f}" for p, _, f in BAD])
def test_bad_input_is_a_4xx_naming_the_field(client: TestClient, path: str, body: dict,
                                            field: str) -> None:
    r = client.post(path, json=body)
    assert r.status_code == 422, r.text
    d = r.json()
    assert field in d["error"], d
    assert d["detail"] and "Traceback" not in r.text


@pytest.mark.parametrize("raw", [b'{"strategies": ["tft", "alld"], "noise": NaN}',
                                 b'{"strategies": ["tft", "alld"], "turns": Infinity}',
                                 b'{"shares": {"tft": NaN, "alld": 1}}',
                                 b'{"strategies": ', b'[1, 2, 3]', b'"text"'])
def test_broken_json_and_nan_are_refused(client: TestClient, raw: bytes) -> None:
    path = "/api/replicator" if b"shares" in raw else "/api/tournament"
    r = client.post(path, content=raw, headers={"content-type": "application/json"})
    assert r.status_code == 422 and r.json()["error"]


def test_nan_payoffs_are_refused(client: TestClient) -> None:
    for spec in ["nan,0,5,1", "inf,0,5,1", "1e400,0,5,1"]:
        r = client.post("/api/tournament", json={"strategies": ["tft", "alld"], "game": spec})
        assert r.status_code == 422 and "game" in r.json()["error"]
        assert client.get(f"/api/games/{spec}").status_code == 422


def test_unknown_strategy_suggests(client: TestClient) -> None:
    r = client.get("/api/strategies/tit-for-ta")
    assert r.status_code == 422 and "tit-for-tat" in r.json()["error"]


def test_no_code_from_the_browser(client: TestClient) -> None:
    for spec in ["__import__('os').system('true')", "lambda: 1", "tft; rm -rf /"]:
        r = client.post("/api/tournament", json={"strategies": [spec, "alld"]})
        assert r.status_code == 422


def test_time_budget_answers_503(client: TestClient, monkeypatch: pytest.MonkeyPatch) -> None:
    import time

    monkeypatch.setattr(_caps, "TIME_BUDGET", 0.05)
    monkeypatch.setattr(service, "games", lambda: time.sleep(0.5) or [])
    r = client.get("/api/games")
    assert r.status_code == 503 and "0.05 s" in r.json()["detail"]


def test_seed_drawn_by_the_server_is_returned(client: TestClient) -> None:
    d = post(client, "/api/tournament", {"strategies": ["random", "tft"], "turns": 20})
    seed = d["params"]["seed"]
    assert isinstance(seed, int) and 0 <= seed < 2**53
    again = post(client, "/api/tournament", {"strategies": ["random", "tft"], "turns": 20,
                                             "seed": seed})
    assert again["scores"] == d["scores"]


def test_non_pd_game_is_played_and_named(client: TestClient) -> None:
    d = post(client, "/api/tournament", {"strategies": ["tft", "alld"], "turns": 5,
                                         "repetitions": 1, "game": "4,1,3,2", "seed": 1})
    assert d["game"]["family"] == "stag-hunt" and d["game"]["problems"]
    assert not any(math.isnan(x) for row in d["payoff_matrix"] for x in row if x is not None)


def test_pages_and_openapi(client: TestClient) -> None:
    for page in ["/", "/play", "/tournament", "/evolution", "/horizon", "/docs",
                 "/static/common.js", "/static/style.css"]:
        r = client.get(page)
        assert r.status_code == 200, page
        # nothing from elsewhere: no address but the SVG namespace
        assert "//" not in r.text.replace("http://www.w3.org/2000/svg", "").replace(
            "://", "").replace("// ", "") or page.endswith(".js")
    schema = client.get("/openapi.json").json()
    assert {"/api/tournament", "/api/evolve", "/api/play", "/api/moran", "/api/replicator",
            "/api/payoffs", "/api/match", "/api/horizon"} <= set(schema["paths"])


def test_horizon_curve_with_mistakes_is_the_exact_expectation(client: TestClient) -> None:
    from winwin.analysis import expected_payoffs

    d = post(client, "/api/horizon", {"exploiter": "extort-2", "reciprocator": "gtft",
                                      "power": 1, "turns": 30, "noise": 0.1, "seed": 1})
    g = service.game(d["game"]["spec"])
    a, b = ww.get_strategy("extort-2").memory_one(g), ww.get_strategy("gtft").memory_one(g)
    for t in (1, 7, 30):
        pay = expected_payoffs(np.array([a, b]), np.array([b, b]), game=g, turns=t, noise=0.1)
        assert d["exploit"][t - 1] == pytest.approx(pay[0, 0] * t, rel=1e-9)
        assert d["cooperate"][t - 1] == pytest.approx(pay[1, 0] * t, rel=1e-9)
