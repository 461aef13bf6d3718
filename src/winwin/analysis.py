"""Exact analysis of memory-one pairs: the four-state Markov chain of a repeated game.

States are the last turn's outcome from player 1's side, in the order CC, CD, DC, DD. Player 1
cooperates next with probability ``p[s]``, player 2 with ``q[s']`` where ``s'`` is the same
outcome from its own side (CD and DC swap); with noise ``e`` every probability becomes
``x (1 - e) + (1 - x) e`` (Nowak & Sigmund 1990; Press & Dyson 2012). The expected share of turns
in each state is then:

- ``turns = n``: the mean of ``v0 M^t`` over t < n (summed by repeated doubling, O(log n));
- ``prob_end = p``: ``p v0 (I - (1 - p) M)^-1``, the ratio of expected totals to the expected
  length ``1 / p``;
- neither: the long-run (Cesaro) average, which is the stationary distribution when it is unique.

Everything is batched over many pairs: arrays of shape (pairs, 5) in, (pairs, ...) out.

>>> import numpy as np
>>> tft, alld = [1, 1, 0, 1, 0], [0, 0, 0, 0, 0]
>>> expected_payoffs(np.array([tft]), np.array([alld]), turns=10).round(6).tolist()
[[0.9, 1.4]]
"""

from __future__ import annotations

from typing import Any

import numpy as np

from winwin._errors import ParameterError, check_float, check_int
from winwin.game import Game

__all__ = ["expected_outcomes", "expected_payoffs", "reference_outcomes", "transition_matrices"]

_SWAP = np.array([0, 2, 1, 3])
_DOUBLINGS = 50  # the long-run average over 2**50 turns


def _vectors(name: str, v: Any, game: Game | None = None) -> np.ndarray:
    """Memory-one rows (pairs, 5) from arrays, or from strategy specs / objects (one or a list),
    whose memory-one vectors in ``game`` (default pd) are taken."""
    from winwin.strategies import Strategy, get_strategy

    items = v if isinstance(v, (list, tuple)) else [v]
    if items and all(isinstance(x, (str, Strategy)) for x in items):
        if game is None:
            from winwin.game import parse_game

            game = parse_game("pd")
        rows = []
        for x in items:
            s = get_strategy(x) if isinstance(x, str) else x
            vec = s.memory_one(game)
            if vec is None:
                raise ParameterError(name, s.spec, "memory-one strategies or (first, p_CC, "
                                     "p_CD, p_DC, p_DD) rows")
            rows.append(vec)
        v = rows
    try:
        a = np.asarray(v, dtype=np.float64)
    except (TypeError, ValueError):
        raise ParameterError(name, v, "memory-one strategies or (first, p_CC, p_CD, p_DC, p_DD) "
                             "rows of probabilities") from None
    if a.ndim == 1:
        a = a[None, :]
    if a.ndim != 2 or a.shape[1] != 5:
        raise ParameterError(name, v, f"shape (pairs, 5): (first, p_CC, p_CD, p_DC, p_DD); "
                             f"got {a.shape}")
    if not np.all(np.isfinite(a)) or np.any(a < 0) or np.any(a > 1):
        raise ParameterError(name, v, "probabilities in [0, 1]")
    return a


def transition_matrices(p: np.ndarray, q: np.ndarray, noise: float = 0.0
                        ) -> tuple[np.ndarray, np.ndarray]:
    """Initial distributions (pairs, 4) and transition matrices (pairs, 4, 4)."""
    p = _vectors("p", p)
    q = _vectors("q", q)
    if p.shape != q.shape:
        raise ParameterError("q", f"shape {q.shape}", f"the shape of p, {p.shape}")
    e = check_float("noise", noise, low=0.0, high=1.0)
    pe = p * (1.0 - e) + (1.0 - p) * e
    qe = q * (1.0 - e) + (1.0 - q) * e
    a = pe[:, 1:]  # player 1 cooperates, by state
    b = qe[:, 1:][:, _SWAP]  # player 2 cooperates, by player 1's state
    m = np.stack([a * b, a * (1 - b), (1 - a) * b, (1 - a) * (1 - b)], axis=2)
    a0, b0 = pe[:, 0], qe[:, 0]
    v0 = np.stack([a0 * b0, a0 * (1 - b0), (1 - a0) * b0, (1 - a0) * (1 - b0)], axis=1)
    return v0, m


def expected_outcomes(p: np.ndarray, q: np.ndarray, *, turns: int | None = None,
                      prob_end: float | None = None, noise: float = 0.0) -> np.ndarray:
    """Expected share of turns spent in CC, CD, DC, DD (player 1's side), shape (pairs, 4).

    Runs on the compiled kernel (:mod:`winwin.engine._markov`), many pairs in parallel.
    """
    from winwin.engine import _markov, _warm

    p, q, noise, mode, n, pe = _arguments(p, q, turns, prob_end, noise)
    out = np.empty((p.shape[0], 4))
    _warm.before(_markov.outcomes)
    _markov.outcomes(np.ascontiguousarray(p), np.ascontiguousarray(q), noise, mode, n, pe, out)
    return out


def _arguments(p: np.ndarray, q: np.ndarray, turns: int | None, prob_end: float | None,
               noise: float) -> tuple[np.ndarray, np.ndarray, float, int, int, float]:
    p = _vectors("p", p)
    q = _vectors("q", q)
    if p.shape != q.shape:
        raise ParameterError("q", f"shape {q.shape}", f"the shape of p, {p.shape}")
    e = check_float("noise", noise, low=0.0, high=1.0)
    if turns is not None and prob_end is not None:
        raise ParameterError("prob_end", prob_end, "left out when turns is given (one or the "
                             "other)")
    if turns is not None:
        return p, q, e, 0, check_int("turns", turns, low=1), 0.0
    if prob_end is not None:
        pe = check_float("prob_end", prob_end, low=0.0, high=1.0, low_open=True)
        return p, q, e, 1, 0, pe
    return p, q, e, 2, 0, 0.0


def reference_outcomes(p: np.ndarray, q: np.ndarray, *, turns: int | None = None,
                       prob_end: float | None = None, noise: float = 0.0) -> np.ndarray:
    """The same as :func:`expected_outcomes` in plain numpy (batched matrix products): the
    reference the compiled kernel is checked against."""
    p, q, noise, mode, n, pe = _arguments(p, q, turns, prob_end, noise)
    v0, m = transition_matrices(p, q, noise)
    if mode == 0:
        return _finite_average(v0, m, n)
    if mode == 1:
        eye = np.broadcast_to(np.eye(4), m.shape)
        a = np.swapaxes(eye - (1.0 - pe) * m, 1, 2)  # solve x (I - (1-p) M) = p v0
        return np.linalg.solve(a, pe * v0[..., None])[..., 0]
    return _long_run(v0, m)


def _rows(m: np.ndarray, total: float = 1.0) -> np.ndarray:
    """Rescale each row to sum to ``total``: keeps repeated products from drifting."""
    return m * (total / m.sum(axis=2, keepdims=True))


def _finite_average(v0: np.ndarray, m: np.ndarray, n: int) -> np.ndarray:
    # S(k) = sum_{t<k} M^t and P(k) = M^k; S(a + b) = S(a) + P(a) S(b), P(a + b) = P(a) P(b).
    # Rows of P sum to 1 and rows of S(k) to k; rescaling keeps rounding from compounding.
    eye = np.broadcast_to(np.eye(4), m.shape)
    s_acc, p_acc = np.zeros_like(m), eye.copy()  # the accumulated prefix
    s_pow, p_pow = eye.copy(), m.copy()  # the block of length 2**bit
    done, block = 0, 1
    k = n
    while k:
        if k & 1:
            done += block
            s_acc = _rows(s_acc + p_acc @ s_pow, float(done))
            p_acc = _rows(p_acc @ p_pow)
        k >>= 1
        if k:
            block *= 2
            s_pow = _rows(s_pow + p_pow @ s_pow, float(block))
            p_pow = _rows(p_pow @ p_pow)
    # rows of s_acc are indexed by the start state: v0 S
    return np.einsum("ps,pst->pt", v0, s_acc) / n


def _long_run(v0: np.ndarray, m: np.ndarray) -> np.ndarray:
    # A(2N) = (A(N) + M^N A(N)) / 2 with A(1) = I: the mean of M^t over t < 2**k.
    eye = np.broadcast_to(np.eye(4), m.shape)
    avg, power = eye.copy(), m.copy()
    for _ in range(_DOUBLINGS):
        avg = _rows((avg + power @ avg) / 2)
        power = _rows(power @ power)
    return np.einsum("ps,pst->pt", v0, avg)


def expected_payoffs(p: np.ndarray, q: np.ndarray, *, game: Game | None = None,
                     turns: int | None = None, prob_end: float | None = None,
                     noise: float = 0.0) -> np.ndarray:
    """Expected per-turn payoffs (pairs, 2) of memory-one strategies ``p`` against ``q``.

    ``p`` and ``q`` are (first, p_CC, p_CD, p_DC, p_DD) rows (own move first). With ``turns``
    the expectation is over exactly that many turns; with ``prob_end`` it is the ratio of the
    expected total payoff to the expected length; with neither it is the long-run average.
    """
    if game is None:
        from winwin.game import parse_game

        game = parse_game("pd")
    p, q = _vectors("p", p, game), _vectors("q", q, game)
    dist = expected_outcomes(p, q, turns=turns, prob_end=prob_end, noise=noise)
    u1 = np.asarray(game.payoffs_1)
    u2 = np.asarray(game.payoffs_2)[_SWAP]
    return np.stack([dist @ u1, dist @ u2], axis=1)
