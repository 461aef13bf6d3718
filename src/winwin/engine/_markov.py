"""Compiled kernels for the exact analysis of memory-one pairs (four-state Markov chains).

Private: :mod:`winwin.analysis` validates and calls these. One pair per iteration, scalar 4x4
arithmetic in local scratch arrays, many pairs in parallel. The numbers agree with the plain
numpy formulation in :mod:`winwin.analysis` to rounding (tests check both against oracles).
"""

from __future__ import annotations

import numpy as np
from numba import njit, prange

FINITE, DISCOUNTED, LONG_RUN = 0, 1, 2
_DOUBLINGS = 50
_SINGULAR = 1e-12


@njit(cache=True, inline="always")
def _matmul(a: np.ndarray, b: np.ndarray, out: np.ndarray) -> None:
    for i in range(4):
        for j in range(4):
            s = 0.0
            for k in range(4):
                s += a[i, k] * b[k, j]
            out[i, j] = s


@njit(cache=True, inline="always")
def _rescale(m: np.ndarray, total: float) -> None:
    for i in range(4):
        s = m[i, 0] + m[i, 1] + m[i, 2] + m[i, 3]
        f = total / s
        for j in range(4):
            m[i, j] *= f


@njit(cache=True)
def _solve(a: np.ndarray, b: np.ndarray, x: np.ndarray) -> bool:
    """Solve a x = b (4x4) by Gaussian elimination with partial pivoting; False if singular.

    ``a`` and ``b`` are overwritten.
    """
    for col in range(4):
        piv = col
        for r in range(col + 1, 4):
            if abs(a[r, col]) > abs(a[piv, col]):
                piv = r
        if abs(a[piv, col]) < _SINGULAR:
            return False
        if piv != col:
            for c in range(4):
                a[col, c], a[piv, c] = a[piv, c], a[col, c]
            b[col], b[piv] = b[piv], b[col]
        for r in range(col + 1, 4):
            f = a[r, col] / a[col, col]
            for c in range(col, 4):
                a[r, c] -= f * a[col, c]
            b[r] -= f * b[col]
    for r in range(3, -1, -1):
        s = b[r]
        for c in range(r + 1, 4):
            s -= a[r, c] * x[c]
        x[r] = s / a[r, r]
    return True


@njit(cache=True)
def _cesaro(v0: np.ndarray, m: np.ndarray, out: np.ndarray, s1: np.ndarray, s2: np.ndarray,
            s3: np.ndarray) -> None:
    # A(2N) = (A(N) + M^N A(N)) / 2, A(1) = I: the mean of M^t over t < 2**_DOUBLINGS
    avg, power, tmp = s1, s2, s3
    for i in range(4):
        for j in range(4):
            avg[i, j] = 1.0 if i == j else 0.0
            power[i, j] = m[i, j]
    for _ in range(_DOUBLINGS):
        _matmul(power, avg, tmp)
        for i in range(4):
            for j in range(4):
                avg[i, j] = (avg[i, j] + tmp[i, j]) / 2
        _rescale(avg, 1.0)
        _matmul(power, power, tmp)
        power[:, :] = tmp
        _rescale(power, 1.0)
    for j in range(4):
        out[j] = v0[0] * avg[0, j] + v0[1] * avg[1, j] + v0[2] * avg[2, j] + v0[3] * avg[3, j]


@njit(cache=True)
def _finite(v0: np.ndarray, m: np.ndarray, n: int, out: np.ndarray, s_acc: np.ndarray,
            p_acc: np.ndarray, s_pow: np.ndarray, p_pow: np.ndarray, tmp: np.ndarray) -> None:
    # S(a + b) = S(a) + P(a) S(b), P(a + b) = P(a) P(b), by the binary digits of n
    for i in range(4):
        for j in range(4):
            s_acc[i, j] = 0.0
            p_acc[i, j] = 1.0 if i == j else 0.0
            s_pow[i, j] = 1.0 if i == j else 0.0
            p_pow[i, j] = m[i, j]
    done, block, k = 0, 1, n
    while k:
        if k & 1:
            done += block
            _matmul(p_acc, s_pow, tmp)
            for i in range(4):
                for j in range(4):
                    s_acc[i, j] += tmp[i, j]
            _rescale(s_acc, float(done))
            _matmul(p_acc, p_pow, tmp)
            p_acc[:, :] = tmp
            _rescale(p_acc, 1.0)
        k >>= 1
        if k:
            block *= 2
            _matmul(p_pow, s_pow, tmp)
            for i in range(4):
                for j in range(4):
                    s_pow[i, j] += tmp[i, j]
            _rescale(s_pow, float(block))
            _matmul(p_pow, p_pow, tmp)
            p_pow[:, :] = tmp
            _rescale(p_pow, 1.0)
    for j in range(4):
        out[j] = (v0[0] * s_acc[0, j] + v0[1] * s_acc[1, j] + v0[2] * s_acc[2, j]
                  + v0[3] * s_acc[3, j]) / n


@njit(cache=True, parallel=True)
def outcomes(p: np.ndarray, q: np.ndarray, noise: float, mode: int, turns: int,
             prob_end: float, out: np.ndarray) -> None:
    """Expected shares of CC, CD, DC, DD (player 1's side) for each pair of rows of p and q."""
    n_pairs = p.shape[0]
    block = 64
    for blk in prange((n_pairs + block - 1) // block):
        m = np.empty((4, 4))
        a = np.empty((4, 4))
        s1 = np.empty((4, 4))
        s2 = np.empty((4, 4))
        s3 = np.empty((4, 4))
        s4 = np.empty((4, 4))
        s5 = np.empty((4, 4))
        v0 = np.empty(4)
        b = np.empty(4)
        x = np.empty(4)
        pa = np.empty(5)
        qa = np.empty(5)
        for k in range(blk * block, min(n_pairs, (blk + 1) * block)):
            for i in range(5):
                pa[i] = p[k, i] * (1.0 - noise) + (1.0 - p[k, i]) * noise
                qa[i] = q[k, i] * (1.0 - noise) + (1.0 - q[k, i]) * noise
            # player 2 sees CD and DC swapped
            qb = (qa[1], qa[3], qa[2], qa[4])
            for s in range(4):
                x1 = pa[1 + s]
                y1 = qb[s]
                m[s, 0] = x1 * y1
                m[s, 1] = x1 * (1 - y1)
                m[s, 2] = (1 - x1) * y1
                m[s, 3] = (1 - x1) * (1 - y1)
            v0[0] = pa[0] * qa[0]
            v0[1] = pa[0] * (1 - qa[0])
            v0[2] = (1 - pa[0]) * qa[0]
            v0[3] = (1 - pa[0]) * (1 - qa[0])
            if mode == FINITE:
                _finite(v0, m, turns, out[k], s1, s2, s3, s4, s5)
            elif mode == DISCOUNTED:
                # x (I - (1 - pe) M) = pe v0  <=>  (I - (1 - pe) M)^T x = pe v0
                for i in range(4):
                    for j in range(4):
                        a[i, j] = (1.0 if i == j else 0.0) - (1.0 - prob_end) * m[j, i]
                    b[i] = prob_end * v0[i]
                _solve(a, b, out[k])
            else:
                # stationary: x (I - M) = 0 and sum(x) = 1, when that has one solution
                for i in range(4):
                    for j in range(4):
                        a[i, j] = (1.0 if i == j else 0.0) - m[j, i]
                    b[i] = 0.0
                for j in range(4):
                    a[3, j] = 1.0
                b[3] = 1.0
                if not _solve(a, b, x):
                    _cesaro(v0, m, x, s1, s2, s3)
                for j in range(4):
                    out[k, j] = x[j]
