"""Plain reference implementations for the EGT tests: the transition matrix of one elementary
step built by enumerating every event of the process (who reproduces, who dies, who imitates
whom, whether the newcomer mutates), written as loops and independent of the vectorised
formulas in :mod:`winwin.evolution`; and the dense stationary vector by numpy's eigensolver."""

from __future__ import annotations

import itertools
import math

import numpy as np


def compositions(k: int, z: int) -> list[tuple[int, ...]]:
    return [c for c in itertools.product(range(z + 1), repeat=k) if sum(c) == z]


def matrix_payoff(a: np.ndarray, s: tuple[int, ...], i: int, z: int) -> float:
    total = 0.0
    for j, n in enumerate(s):
        total += a[i][j] * (n - (1 if j == i else 0))
    return total / (z - 1)


def reference_chain(payoff, k: int, z: int, process: str, intensity: float, mutation: float,
                    selection: str = "linear") -> tuple[list[tuple[int, ...]], np.ndarray]:
    """``payoff(state, i)``: strategy i's payoff in ``state``. Returns (states, T)."""
    states = compositions(k, z)
    index = {s: n for n, s in enumerate(states)}
    t = np.zeros((len(states), len(states)))

    def fit(p: float) -> float:
        return 1 - intensity + intensity * p if selection == "linear" else math.exp(intensity * p)

    def add(src: tuple[int, ...], leaving: int, arriving: int, prob: float) -> None:
        new = list(src)
        new[leaving] -= 1
        new[arriving] += 1
        t[index[src], index[tuple(new)]] += prob

    def offspring(parent: int):  # (child, probability)
        yield parent, 1 - mutation
        for c in range(k):
            if c != parent:
                yield c, mutation / (k - 1)

    for s in states:
        pay = [payoff(s, i) if s[i] else 0.0 for i in range(k)]
        f = [fit(pay[i]) if s[i] else 0.0 for i in range(k)]
        for first in range(k):  # the dead (birth-death, death-birth) or the focal (pairwise)
            if s[first] == 0:
                continue
            p_first = s[first] / z
            if process == "pairwise":
                for model in range(k):
                    others = s[model] - (1 if model == first else 0)
                    if others == 0:
                        continue
                    p_model = others / (z - 1)
                    adopt = 1 / (1 + math.exp(-intensity * (pay[model] - pay[first])))
                    for outcome, p_out in ((model, adopt), (first, 1 - adopt)):
                        add(s, first, outcome, p_first * p_model * p_out * (1 - mutation))
                for c in range(k):
                    if c != first:
                        add(s, first, c, p_first * mutation / (k - 1))
                continue
            if process == "birth-death":
                weights = [s[p] * f[p] for p in range(k)]
            else:
                weights = [(s[p] - (1 if p == first else 0)) * f[p] for p in range(k)]
            total = sum(weights)
            for parent in range(k):
                if weights[parent] == 0:
                    continue
                for child, p_child in offspring(parent):
                    add(s, first, child, p_first * weights[parent] / total * p_child)
    return states, t


def dense_stationary(t: np.ndarray) -> np.ndarray:
    vals, vecs = np.linalg.eig(t.T)
    v = np.real(vecs[:, np.argmin(np.abs(vals - 1))])
    return v / v.sum()
