"""The Python path for finite automata, vectorised across matches with numpy (no compilation).

The same arithmetic as the compiled ``play_tournament_automaton``: every match is a lane, turn
``t`` of every lane draws ``splitmix64(key + (t + 1) * GOLDEN)`` at once, and each player's next
state and threshold come from one gather in the packed table. So it gives the compiled kernel's
counts bit for bit, at a few million turns a second, with nothing to compile: what small work
runs on while the kernels are not compiled yet.
"""

from __future__ import annotations

import numpy as np

from winwin.engine import _rng

_LOW32 = np.uint64(0xFFFFFFFF)
_S32 = np.uint64(32)
_TWO = np.uint64(2)

#: Lanes played side by side; bounds the memory of one pass (a few dozen bytes a lane).
CHUNK = 1 << 16
#: Seconds a turn-step of all lanes costs beyond the lanes themselves, and a lane-turn: for
#: choosing between paths (measured: about 25 µs and 15 ns on one core).
STEP_SECONDS = 4e-5
LANE_SECONDS = 3e-8


def estimate(lengths: np.ndarray) -> float:
    """Rough seconds to play matches of these lengths here."""
    if lengths.size == 0:
        return 0.0
    chunks = -(-lengths.size // CHUNK)
    return float(chunks * lengths.max() * STEP_SECONDS + lengths.sum() * LANE_SECONDS)


def play(table: np.ndarray, starts: np.ndarray, state_bits: int, pi: np.ndarray, pj: np.ndarray,
         base: int, lengths: np.ndarray, out: np.ndarray) -> None:
    """Counts (CC, CD, DC, DD from ``pi``'s side) into ``out`` (pairs, reps, 4) for every
    repetition of every pair; ``lengths`` (pairs, reps). ``table`` and ``starts`` as for the
    compiled kernel (next state in the low ``state_bits`` bits, its threshold above)."""
    n_pairs, reps = lengths.shape
    k = np.repeat(np.arange(n_pairs), reps)
    r = np.tile(np.arange(reps), n_pairs)
    order = np.argsort(lengths.ravel(), kind="stable")  # lanes that end first go first
    for start in range(0, len(order), CHUNK):
        m = order[start:start + CHUNK]
        _play_lanes(table, starts, state_bits, pi[k[m]], pj[k[m]], r[m], base,
                    lengths.ravel()[m], out, k[m], r[m])


def _play_lanes(table: np.ndarray, starts: np.ndarray, state_bits: int, a: np.ndarray,
                b: np.ndarray, rep: np.ndarray, base: int, length: np.ndarray, out: np.ndarray,
                rows: np.ndarray, cols: np.ndarray) -> None:
    bits, mask = np.uint64(state_bits), np.uint64((1 << state_bits) - 1)
    keys = _rng.match_keys(base, a, b, rep)
    sa, sb = starts[a].copy(), starts[b].copy()
    da = np.zeros(len(a), np.uint64)
    db = np.zeros(len(a), np.uint64)
    dd = np.zeros(len(a), np.uint64)
    done = 0  # lanes [0, done) have ended (lengths are sorted)
    for t in range(int(length[-1])):
        while done < len(a) and length[done] <= t:
            done += 1
        if done:
            keys, sa, sb = keys[done:], sa[done:], sb[done:]
            da_, db_, dd_ = da, db, dd
            da, db, dd = da_[done:], db_[done:], dd_[done:]
            _store(out, rows[:done], cols[:done], length[:done], da_[:done], db_[:done],
                   dd_[:done])
            rows, cols, length = rows[done:], cols[done:], length[done:]
            done = 0
        x = _rng._mix_array(keys + np.uint64(((t + 1) * _rng.GOLDEN) & _rng.MASK64))
        ma = ((x & _LOW32) >= (sa >> bits)).astype(np.uint64)  # 1 = D
        mb = ((x >> _S32) >= (sb >> bits)).astype(np.uint64)
        da += ma
        db += mb
        dd += ma & mb
        sa = table[((sa & mask) << _TWO) + _TWO * ma + mb]
        sb = table[((sb & mask) << _TWO) + _TWO * mb + ma]
    _store(out, rows, cols, length, da, db, dd)


def _store(out: np.ndarray, rows: np.ndarray, cols: np.ndarray, length: np.ndarray,
           da: np.ndarray, db: np.ndarray, dd: np.ndarray) -> None:
    both = dd.astype(np.int64)
    only_a = da.astype(np.int64) - both
    only_b = db.astype(np.int64) - both
    out[rows, cols, 0] = length.astype(np.int64) - only_a - only_b - both
    out[rows, cols, 1] = only_b
    out[rows, cols, 2] = only_a
    out[rows, cols, 3] = both
