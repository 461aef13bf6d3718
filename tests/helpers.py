"""Shared helpers for the tests: drive a strategy's decide() along a given history."""

from __future__ import annotations

import numpy as np

import winwin as ww
from winwin.engine._python import probability
from winwin.game import parse_game
from winwin.strategies import View


def decisions(strategy: ww.Strategy, own: str | list[int], opp: str | list[int],
              game: str = "pd", length: int | None = None) -> list[float]:
    """The probability to cooperate before each turn, given the moves actually played."""
    s = strategy.clone()
    own_a = np.array([0 if m in ("C", 0) else 1 for m in own], np.uint8)
    opp_a = np.array([0 if m in ("C", 0) else 1 for m in opp], np.uint8)
    n = len(own_a)
    view = View(own_a, opp_a, parse_game(game), length)
    out = []
    for t in range(n):
        view.turn = t
        view._own_d = int(own_a[:t].sum())
        view._opp_d = int(opp_a[:t].sum())
        out.append(probability(s, view))
    return out


def play_script(spec: str, opponent: str, backend: str, noise: float = 0.0, seed: int = 0) -> str:
    """The strategy's moves against a scripted opponent (a cycler playing ``opponent`` once)."""
    m = ww.match(spec, f"cycler(pattern={opponent})", turns=len(opponent), backend=backend,
                 noise=noise, seed=seed)
    assert "".join(a[1] for a in m.actions_text()) == opponent or noise > 0
    return "".join(a[0] for a in m.actions_text())
