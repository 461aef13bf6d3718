"""``winwin serve``: its options, checked before anything starts (the browser tests start it
for real and stop it with Ctrl-C)."""

from __future__ import annotations

import pytest

from winwin.cli import build_parser, main
from winwin.cli.serve import lan_address


def test_serve_is_a_command() -> None:
    args = build_parser().parse_args(["serve", "--port", "8123", "--host", "0.0.0.0", "--open"])
    assert (args.command, args.port, args.host, args.open) == ("serve", 8123, "0.0.0.0", True)
    defaults = build_parser().parse_args(["serve"])
    assert (defaults.port, defaults.host, defaults.open) == (8000, "127.0.0.1", False)


@pytest.mark.parametrize("argv,field", [(["serve", "--port", "70000"], "--port"),
                                        (["serve", "--port", "-1"], "--port"),
                                        (["serve", "--port", "web"], "--port")])
def test_bad_options_exit_2_in_one_line(capsys: pytest.CaptureFixture[str], argv: list[str],
                                        field: str) -> None:
    assert main(argv) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith("winwin: error:") and field in err and "\n" not in err


def test_lan_address_is_an_address_or_none() -> None:
    a = lan_address()
    assert a is None or (a.count(".") == 3 and all(p.isdigit() for p in a.split(".")))


def test_every_page_asset_ships_in_the_wheel() -> None:
    import fnmatch
    import tomllib
    from pathlib import Path

    root = Path(__file__).resolve().parents[1]
    patterns = tomllib.loads((root / "pyproject.toml").read_text())["tool"]["setuptools"][
        "package-data"]["winwin"]
    web = root / "src" / "winwin" / "web"
    assets = [p.relative_to(web.parent).as_posix() for d in ("templates", "static")
              for p in (web / d).iterdir()]
    assert assets and all(any(fnmatch.fnmatch(a, pat) for pat in patterns) for a in assets)
