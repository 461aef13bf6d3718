"""The one spec language: random text never raises anything but ParameterError, every printed
spec reads back to an equal value, and each kind of spec says where it went wrong."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import winwin as ww
from winwin import spec

ALPHABET = "abcdefxyzCD0123456789-_.,=()[]'\" /+*<>:"
texts = st.text(alphabet=st.sampled_from(list(ALPHABET)), max_size=40) | st.text(max_size=20)

words = st.from_regex(r"[a-z][a-z0-9\-]{0,8}", fullmatch=True).filter(
    lambda w: spec._arithmetic(w) is None)
numbers = st.integers(-10**6, 10**6) | st.floats(-1e6, 1e6, allow_nan=False).filter(
    lambda x: x != 0 or str(x) == "0.0")
leaves = numbers | words | st.text(alphabet="ab c-D", min_size=1, max_size=6)
values = st.recursive(leaves, lambda inner: st.lists(inner, max_size=3), max_leaves=6)


@st.composite
def calls(draw: st.DrawFn, depth: int = 0) -> spec.Call:
    name = draw(words)
    n = draw(st.integers(0, 3))
    args = []
    keys = draw(st.lists(st.from_regex(r"[a-z][a-z0-9_]{0,4}", fullmatch=True), min_size=n,
                         max_size=n, unique=True))
    for k in range(n):
        if depth < 2 and draw(st.booleans()) and draw(st.booleans()):
            value = draw(calls(depth + 1))
        else:
            value = draw(values)
        key = keys[k] if draw(st.booleans()) else None
        args.append((key, value))
    return spec.Call(name, tuple(args))


def only_parameter_errors(fn, text):  # type: ignore[no-untyped-def]
    try:
        fn(text)
    except ww.ParameterError as exc:
        assert str(exc).count("\n") == 0
    except ww.WinwinError as exc:  # unknown strategy names: a ParameterError's sibling
        assert type(exc).__name__ == "UnknownStrategyError", exc


@settings(max_examples=300, deadline=None)
@given(texts)
def test_random_text_raises_only_parameter_errors(text: str) -> None:
    for fn in (spec.parse, spec.parse_game, spec.parse_lineup, spec.parse_population,
               spec.parse_graph):
        only_parameter_errors(fn, text)


@settings(max_examples=150, deadline=None)
@given(texts)
def test_random_text_through_the_library(text: str) -> None:
    only_parameter_errors(ww.get_strategy, text)
    only_parameter_errors(ww.parse_game, text)
    only_parameter_errors(ww.lineup, text)


@settings(max_examples=300, deadline=None)
@given(calls())
def test_every_printed_spec_reads_back_equal(call: spec.Call) -> None:
    text = str(call)
    again = spec.parse(text)
    assert again == call
    assert str(again) == text


@settings(max_examples=100, deadline=None)
@given(st.lists(st.tuples(words, st.integers(0, 1000)), min_size=1, max_size=5))
def test_populations_read_back(items: list[tuple[str, int]]) -> None:
    text = " ".join(f"{n}={c}" for n, c in items)
    assert spec.parse_population(text) == ([n for n, _ in items], [c for _, c in items])
    assert spec.parse_population([f"{n}={c}" for n, c in items]) == \
        spec.parse_population(text)


@pytest.mark.parametrize("g", ["complete", "cycle", "star", "grid:3x4", "regular:4"])
def test_graphs_read_back(g: str) -> None:
    assert str(spec.parse_graph(g)) == g


@pytest.mark.parametrize("text,field,needle", [
    ("gtft(q=0.1", "strategy", "')' missing at the end"),
    ("gtft(q=[1,2)", "strategy", "']' missing at position"),
    ("gtft)", "strategy", "unexpected text at position 5"),
    ("(", "strategy", "a name missing at position 1"),
    ("pd(T=x)", "game pd.T", "a number"),
    ("pd(6)", "game pd", "name=number"),
    ("1,2,3", "game", "four numbers"),
    ("grid:3", "graph", "grid:ROWSxCOLS"),
    ("hexagon", "graph", "complete, cycle"),
    ("all,,(", "lineup", "a name missing"),
])
def test_errors_name_the_spec_the_position_and_what_was_expected(text: str, field: str,
                                                                 needle: str) -> None:
    parsers = {"strategy": spec.parse, "game": spec.parse_game, "game pd": spec.parse_game,
               "game pd.T": spec.parse_game, "graph": spec.parse_graph,
               "lineup": spec.parse_lineup}
    with pytest.raises(ww.ParameterError) as info:
        parsers[field](text)
    assert info.value.field == field
    assert str(info.value.value) in text or field.startswith("game pd")
    assert needle in info.value.allowed


def test_population_errors() -> None:
    with pytest.raises(ww.ParameterError, match="a number for every strategy or for none"):
        spec.parse_population("tft=3 alld")
    with pytest.raises(ww.ParameterError, match="NAME=NUMBER"):
        spec.parse_population("tft=x")
    with pytest.raises(ww.ParameterError, match="finite"):
        spec.parse_population("tft=inf alld=0.5", float)
    assert spec.parse_population("gtft(q=0.1)=3, alld=2") == (["gtft(q=0.1)", "alld"], [3, 2])


def test_the_library_reads_specs_with_this_parser() -> None:
    # fractions, nesting and quoted words, as before the one parser
    assert ww.get_strategy("gtft(q=1/10)").spec == "generous-tit-for-tat(q=0.1)"
    assert ww.get_strategy("dual(gtft(q=0.2))").spec == "dual(generous-tit-for-tat(q=0.2))"
    assert ww.get_strategy("cycler(pattern='CCD')").spec == ww.get_strategy(
        "cycler(pattern=CCD)").spec
    assert ww.get_strategy(" Tit For Tat ").spec == "tit-for-tat"
    with pytest.raises(ww.ParameterError, match="tit-for-tat.x"):
        ww.get_strategy("tft(x=gtft(q=1))")
