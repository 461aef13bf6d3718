"""Oracles for the scenario tests, written independently of winwin.scenario: the line-up's
rules as plain Python, every move sequence enumerated, value iteration for the best reply to
generous tit-for-tat, and the crossover from the compiled Markov kernel."""

from __future__ import annotations

import itertools

import numpy as np

from winwin.analysis import expected_payoffs
from winwin.game import Game


def rule(slug: str, q: float = 0.0):
    def tft(own: list[int], opp: list[int]) -> float:
        return 1.0 if not opp else 1.0 - opp[-1]

    def gtft(own: list[int], opp: list[int]) -> float:
        return 1.0 if not opp or opp[-1] == 0 else q

    def wsls(own: list[int], opp: list[int]) -> float:
        if not own:
            return 1.0
        return 1.0 if own[-1] == opp[-1] else 0.0

    def grudger(own: list[int], opp: list[int]) -> float:
        return 0.0 if 1 in opp else 1.0

    table = {"tit-for-tat": tft, "generous-tit-for-tat": gtft, "win-stay-lose-shift": wsls,
             "grudger": grudger, "always-defect": lambda o, p: 0.0,
             "always-cooperate": lambda o, p: 1.0}
    return table[slug]


def enumerate_payoffs(a, b, pay1, pay2, noise: float, n: int) -> np.ndarray:
    """(n, 2): expected payoff of each player on turns 1..n, by summing over every sequence of
    moves as played (4**n paths)."""
    out = np.zeros((n, 2))

    def walk(own: list[int], opp: list[int], prob: float, t: int) -> None:
        if t == n or prob == 0:
            return
        x = a(own, opp) * (1 - noise) + (1 - a(own, opp)) * noise
        y = b(opp, own) * (1 - noise) + (1 - b(opp, own)) * noise
        for m1, m2 in itertools.product((0, 1), repeat=2):
            p = prob * (x if m1 == 0 else 1 - x) * (y if m2 == 0 else 1 - y)
            out[t, 0] += p * pay1[2 * m1 + m2]
            out[t, 1] += p * pay2[2 * m2 + m1]
            walk(own + [m1], opp + [m2], p, t + 1)

    walk([], [], 1.0, 0)
    return out


def value_iteration(pay, qs: np.ndarray, noise: float, delta: float) -> np.ndarray:
    """The best reply's value against GTFT(q) for every q at once, by value iteration over
    GTFT's intention (C, or C with probability q): a different algorithm from the policy
    enumeration under test, iterated until delta**k is below 1e-15."""
    R, S, T, P = pay
    e = noise

    def fold(x):
        return x * (1 - e) + (1 - x) * e

    g = {"c": np.full_like(qs, fold(1.0)), "d": fold(qs)}
    v = {"c": np.zeros_like(qs), "d": np.zeros_like(qs)}
    for _ in range(int(np.log(1e-15) / np.log(delta)) + 10):
        new = {}
        for key in ("c", "d"):
            vals = []
            for intended_c in (True, False):
                mc = fold(1.0 if intended_c else 0.0)
                vals.append(mc * (g[key] * R + (1 - g[key]) * S + delta * v["c"])
                            + (1 - mc) * (g[key] * T + (1 - g[key]) * P + delta * v["d"]))
            new[key] = np.maximum(*vals)
        v = new
    return v["c"]


VECTORS = {"tit-for-tat": [1, 1, 0, 1, 0], "always-defect": [0, 0, 0, 0, 0],
           "always-cooperate": [1, 1, 1, 1, 1], "win-stay-lose-shift": [1, 1, 0, 0, 1],
           "extort-2": [1, 8 / 9, 1 / 2, 1 / 3, 0]}


def gtft(q: float) -> list[float]:
    return [1, 1, q, 1, q]


def totals(p, q, mine, theirs, noise, *, turns=None, prob_end=None) -> float:
    """Expected total payoff of memory-one ``p`` (with payoffs ``mine``) against ``q`` from
    the compiled Markov kernel of winwin.analysis."""
    per = expected_payoffs(np.array([p], float), np.array([q], float), game=Game(mine, theirs),
                           noise=noise, turns=turns, prob_end=prob_end)[0, 0]
    return float(per * (turns if turns is not None else 1 / prob_end))


def crossover(mine, theirs, noise, limit=200) -> int | None:
    """The first n at which tit-for-tat against tit-for-tat has earned at least as much as
    always defect against tit-for-tat (a loop over n on the kernel)."""
    for n in range(1, limit + 1):
        co = totals(VECTORS["tit-for-tat"], VECTORS["tit-for-tat"], mine, theirs, noise, turns=n)
        ex = totals(VECTORS["always-defect"], VECTORS["tit-for-tat"], mine, theirs, noise,
                    turns=n)
        if co >= ex - 1e-9 * n:
            return n
    return None
