"""The scenario endpoints: every shipped example gives the brief ``ww.scenario`` gives in
Python, numbers against closed forms, the brief as Markdown and HTML with the user's words
escaped, and bad answers refused with 422 and one line naming the question."""

from __future__ import annotations

import json
import math

import pytest
from fastapi.testclient import TestClient

import winwin as ww
from winwin import scenario as sc
from winwin.web import create_app


@pytest.fixture(scope="module")
def client() -> TestClient:
    with TestClient(create_app()) as c:
        yield c


def brief(client: TestClient, answers: dict) -> dict:
    r = client.post("/api/scenario", json=answers)
    assert r.status_code == 200, r.text
    return r.json()


def test_examples_list_every_shipped_example_with_its_answers(client: TestClient) -> None:
    r = client.get("/api/scenario/examples")
    assert r.status_code == 200
    got = {x["name"]: x for x in r.json()}
    assert {n: x["title"] for n, x in got.items()} == sc.examples()
    for name, x in got.items():  # the answers listed are the example's, read back unchanged
        assert sc.answers_from_dict(x["answers"]) == sc.example(name)


@pytest.mark.parametrize("name", sorted(sc.examples()))
def test_each_example_gives_the_python_brief(client: TestClient, name: str) -> None:
    answers = next(x["answers"] for x in client.get("/api/scenario/examples").json()
                   if x["name"] == name)
    d = brief(client, answers)
    b = ww.scenario(example=name)
    # the same brief, number for number (JSON round trip: floats exactly as Python has them)
    assert d["analysis"] == json.loads(json.dumps(b.to_dict()["analysis"]))
    assert d["sections"] == [s.to_dict() for s in b.sections]
    assert d["title"] == b.title and d["markdown"] == b.markdown()


@pytest.mark.parametrize(("R", "S", "T", "P"), [(3, 0, 5, 1), (3, 0, 8, 1), (6, -2, 7, 1)])
def test_thresholds_and_crossover_match_closed_forms(client: TestClient, R: float, S: float,
                                                     T: float, P: float) -> None:
    pay = {"CC": R, "CD": S, "DC": T, "DD": P}
    d = brief(client, {"me": {"payoffs": pay}, "other": {"payoffs": pay}, "rounds": 50,
                       "known_end": False, "mistakes": 0})["analysis"]
    grim = (T - R) / (T - P)
    assert d["thresholds"][0]["grim"] == pytest.approx(grim, rel=1e-12)
    assert d["thresholds"][0]["tit_for_tat"] == pytest.approx(max(grim, (T - R) / (R - S)),
                                                              rel=1e-12)
    # always defect against tit-for-tat earns T + (n - 1) P in n rounds, tit-for-tat's twin
    # n R: exploiting stops paying from n >= (T - P) / (R - P)
    assert d["crossovers"][0]["crossover"] == math.ceil((T - P) / (R - P))
    assert d["continuation"] == pytest.approx(1 - 1 / 50, rel=1e-12)
    assert d["families"][0]["name"] == "Prisoner's Dilemma"


def test_markdown_and_html_formats(client: TestClient) -> None:
    answers = {"me": {"name": "<b>me</b>", "options": ["<script>alert(1)</script>", "keep"]},
               "rounds": 8, "mistakes": 0.01}
    b = ww.scenario(sc.answers_from_dict(answers))
    md = client.post("/api/scenario?format=markdown", json=answers)
    assert md.status_code == 200 and md.headers["content-type"].startswith("text/markdown")
    assert md.text == b.markdown()
    page = client.post("/api/scenario?format=html", json=answers)
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page.text
    assert "<script>alert(1)" not in page.text and "<b>me</b>" not in page.text


BAD = [
    ({"me": {"ranking": ["DC", "CC", "DC", "CD"]}}, "me.ranking", "tie"),
    ({"other": {"payoffs": {"CC": 3, "CD": 0, "DC": 3, "DD": 1}}}, "other.payoffs", "tied"),
    ({"rounds": 0}, "rounds", "from 1"),
    ({"rounds": 0, "known_end": True}, "rounds", "whole number"),
    ({"rounds": 2.5, "known_end": True}, "rounds", "whole number"),
    ({"mistakes": 0.6}, "mistakes", "below one half"),
    ({"mistakes": "60%"}, "mistakes", "below one half"),
    ({"me": {"name": ""}}, "me.name", "not empty"),
    ({"other": {"name": "   "}}, "other.name", "not empty"),
    ({"me": {"name": "Sam"}, "other": {"name": "sam"}}, "other.name", "different"),
    ({"me": {"options": ["share", "Share"]}}, "me.options", "different"),
    ({"me": {"options": ["share", ""]}}, "me.options", "not empty"),
    # contradictory: the option called cooperative is the selfish one in this ranking
    ({"me": {"options": ["grab", "share"], "ranking": ["CD", "DD", "CC", "DC"]}}, "me.ranking",
     "cooperative"),
    ({"me": {"options": ["a", "b"], "cooperative": "c"}}, "me.cooperative", "one of"),
    ({"past": {"other": "CCXD"}}, "past.other", "C"),
    ({"past": {"other": "CCD", "me": "CC"}}, "past.me", "as many"),
    ({"me": {"name": "x" * 201}}, "me.name", "200"),
    ({"colour": "blue"}, "colour", "Extra"),
]


@pytest.mark.parametrize(("answers", "field", "says"), BAD)
def test_bad_answers_are_422_naming_the_question(client: TestClient, answers: dict, field: str,
                                                 says: str) -> None:
    r = client.post("/api/scenario", json=answers)
    assert r.status_code == 422, r.text
    body = r.json()
    assert "\n" not in body["error"] and body["error"].startswith(field), body["error"]
    assert says.lower() in body["error"].lower(), body["error"]
    loc = [x for x in body["detail"][0]["loc"] if x != "body"]
    assert ".".join(loc) == field
