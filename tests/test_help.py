"""Every command has a description and every option help text that shows its default."""

from __future__ import annotations

import argparse

import pytest

from winwin.cli import build_parser, main


def commands() -> dict[str, argparse.ArgumentParser]:
    p = build_parser()
    sub = next(a for a in p._actions if isinstance(a, argparse._SubParsersAction))
    return dict(sub.choices)


@pytest.mark.parametrize("name", sorted(commands()))
def test_every_command_and_option_is_described(name: str) -> None:
    command = commands()[name]
    assert command.description, name
    for action in command._actions:
        if action.help is argparse.SUPPRESS or action.dest == "help":
            continue
        assert action.help, f"{name} {action.option_strings or action.dest} has no help"


@pytest.mark.parametrize("name", sorted(commands()))
def test_help_shows_the_defaults(name: str, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as stop:
        main([name, "--help"])
    assert stop.value.code == 0
    out = " ".join(capsys.readouterr().out.split())
    for action in commands()[name]._actions:
        d = action.default
        if action.option_strings and d not in (None, False, True, argparse.SUPPRESS) \
                and not isinstance(d, list) and action.help is not argparse.SUPPRESS:
            assert "default" in out and str(d) in out, (name, action.option_strings, d)
