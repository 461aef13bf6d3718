"""The compiled form of the counter-based stream (numba): the same mix, keys, thresholds and
uniforms as the Python form in :mod:`winwin.engine._rng`, bit for bit (tested). Every kernel,
for matches and for evolutionary dynamics, draws through these functions."""

from __future__ import annotations

import numpy as np
from numba import njit

from winwin.engine._rng import GOLDEN, M1, M2, SALT_I, SALT_J, SALT_REP, TWO32, U53

_GOLDEN = np.uint64(GOLDEN)
_M1 = np.uint64(M1)
_M2 = np.uint64(M2)
_SALT_I = np.uint64(SALT_I)
_SALT_J = np.uint64(SALT_J)
_SALT_REP = np.uint64(SALT_REP)
_S11 = np.uint64(11)
_S27 = np.uint64(27)
_S30 = np.uint64(30)
_S31 = np.uint64(31)
_ONE = np.uint64(1)

GOLDEN_U64 = _GOLDEN


@njit(cache=True, inline="always")
def mix(z: np.uint64) -> np.uint64:
    """splitmix64's finaliser."""
    z = (z ^ (z >> _S30)) * _M1
    z = (z ^ (z >> _S27)) * _M2
    return z ^ (z >> _S31)


@njit(cache=True, inline="always")
def match_key(base: np.uint64, i: int, j: int, rep: int) -> np.uint64:
    """The key of match (i, j, repetition) under a root key."""
    k = mix(base + (np.uint64(i) + _ONE) * _SALT_I)
    k = mix(k + (np.uint64(j) + _ONE) * _SALT_J)
    return mix(k + (np.uint64(rep) + _ONE) * _SALT_REP)


@njit(cache=True, inline="always")
def threshold(p: float, noise: float) -> np.uint64:
    """The 32-bit threshold below which a draw means C, noise folded in."""
    return np.uint64((p * (1.0 - noise) + (1.0 - p) * noise) * TWO32)


@njit(cache=True, inline="always")
def uniform(key: np.uint64, step: int, d: int) -> float:
    """A uniform in [0, 1) for draw ``d`` (0-3) of step ``step`` of a dynamic's stream."""
    x = mix(key + np.uint64(4 * step + d + 1) * _GOLDEN)
    return float(x >> _S11) * U53
