"""The counter-based random stream shared by every execution path.

A match is keyed by ``(seed, i, j, repetition)``; turn ``t`` of it draws one 64-bit number,
``splitmix64(key + (t + 1) * GOLDEN)``, whose low 32 bits decide player 1's move and high 32 bits
player 2's. A player whose strategy cooperates with probability ``p`` under noise ``e``
cooperates when its 32 bits are below ``floor((p (1 - e) + (1 - p) e) * 2**32)``. The match
length under ``prob_end`` comes from a separate draw of the same key. Everything here is plain
integer arithmetic (or one shared numpy function for lengths), so the compiled kernels, the Python
path, several processes and a cluster see the same numbers. The compiled forms of the same
functions live beside this one, in :mod:`winwin.engine._rng.compiled`; match lengths, Moran and
lattice steps, and the tie-breaks of generational and lattice dynamics all draw from here.
"""

from __future__ import annotations

import functools
import secrets

import numpy as np

from winwin._errors import ParameterError

MASK64 = (1 << 64) - 1
GOLDEN = 0x9E3779B97F4A7C15
M1 = 0xBF58476D1CE4E5B9
M2 = 0x94D049BB133111EB
SALT_I = 0xD1B54A32D192ED03
SALT_J = 0xAEF17502108EF2D9
SALT_REP = 0xDB4F0B9175AE2165
SALT_LENGTH = 0x632BE59BD9B4E019
TWO32 = 4294967296.0
U53 = 1.0 / 9007199254740992.0  # 2**-53: the top 53 bits of a draw as a uniform in [0, 1)


def new_seed() -> int:
    """A fresh seed for calls that pass ``seed=None`` (recorded in the result's params)."""
    return secrets.randbits(63)


def check_seed(seed: object) -> int:
    if seed is None:
        return new_seed()
    if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)) or not 0 <= int(seed) <= MASK64:
        raise ParameterError("seed", seed, f"an integer from 0 to {MASK64}")
    return int(seed)


@functools.lru_cache(maxsize=1024)
def base_key(seed: int) -> int:
    """The 64-bit root key of a seed, spread by numpy's SeedSequence."""
    return int(np.random.SeedSequence(seed).generate_state(1, np.uint64)[0])


def mix(z: int) -> int:
    """splitmix64's finaliser on a Python int."""
    z &= MASK64
    z = ((z ^ (z >> 30)) * M1) & MASK64
    z = ((z ^ (z >> 27)) * M2) & MASK64
    return z ^ (z >> 31)


def match_key(base: int, i: int, j: int, rep: int) -> int:
    k = mix(base + (i + 1) * SALT_I)
    k = mix(k + (j + 1) * SALT_J)
    return mix(k + (rep + 1) * SALT_REP)


def turn_draw(key: int, t: int) -> int:
    return mix(key + (t + 1) * GOLDEN)


def uniform(key: int, step: int, d: int) -> float:
    """A uniform in [0, 1) for draw ``d`` (0-3) of step ``step`` of a dynamic's stream (Moran
    steps, lattice updates), as the compiled :func:`compiled.uniform`."""
    return float(mix(key + (4 * step + d + 1) * GOLDEN) >> 11) * U53


def threshold(p: float, noise: float) -> int:
    """The 32-bit threshold below which a draw means C (same float operations as the kernels)."""
    return int((p * (1.0 - noise) + (1.0 - p) * noise) * TWO32)


def _mix_array(z: np.ndarray) -> np.ndarray:
    z = (z ^ (z >> np.uint64(30))) * np.uint64(M1)
    z = (z ^ (z >> np.uint64(27))) * np.uint64(M2)
    return z ^ (z >> np.uint64(31))


def match_keys(base: int, i: np.ndarray, j: np.ndarray, rep: np.ndarray) -> np.ndarray:
    """Vectorised :func:`match_key`."""
    one = np.uint64(1)
    k = _mix_array(np.uint64(base) + (i.astype(np.uint64) + one) * np.uint64(SALT_I))
    k = _mix_array(k + (j.astype(np.uint64) + one) * np.uint64(SALT_J))
    return _mix_array(k + (rep.astype(np.uint64) + one) * np.uint64(SALT_REP))


MAX_LENGTH = 1 << 40


def match_lengths(keys: np.ndarray, prob_end: float) -> np.ndarray:
    """Geometric match lengths (at least 1) for the given match keys: one draw per match.

    ``P(length = n) = (1 - prob_end)**(n - 1) * prob_end``, by inversion of a uniform in (0, 1]
    made of the top 53 bits of ``splitmix64(key ^ SALT_LENGTH)``.
    """
    keys = np.ascontiguousarray(keys, dtype=np.uint64)
    bits = _mix_array(keys ^ np.uint64(SALT_LENGTH)) >> np.uint64(11)
    u = (bits.astype(np.float64) + 1.0) * U53
    n = np.floor(np.log(u) / np.log1p(-prob_end))
    return (np.minimum(n, float(MAX_LENGTH)).astype(np.int64) + 1)


#: Salts that separate the streams of different kinds of work drawn from one seed.
STREAMS = {"moran": 0x5851F42D4C957F2D, "fixation": 0x14057B7EF767814F,
           "spatial": 0x2545F4914F6CDD1D, "generational": 0x9FB21C651E98DF25}


def stream_key(seed: int, stream: str, index: int = 0) -> int:
    """The key of run ``index`` of a kind of work (Moran runs, lattice updates, ...)."""
    return mix(mix(base_key(seed) ^ STREAMS[stream]) + (index + 1) * GOLDEN)
