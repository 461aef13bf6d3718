"""Compiled kernels (numba). Private: arrays in, arrays out; the public functions validate.

Imported lazily, so ``import winwin`` compiles nothing; every kernel is disk-cached
(``cache=True``), with no eager signatures and no fastmath, so the results are exact and the
same as the Python path's.
"""

from __future__ import annotations

import math

import numpy as np
from numba import njit, prange

from winwin.engine._rng.compiled import GOLDEN_U64 as _GOLDEN
from winwin.engine._rng.compiled import match_key as _match_key
from winwin.engine._rng.compiled import mix as _mix
from winwin.engine._rng.compiled import threshold as _threshold
from winwin.strategies import _kinds as K

_LOW32 = np.uint64(0xFFFFFFFF)
_S32 = np.uint64(32)
_ONE = np.uint64(1)

N_STATE = 12  # int64 slots of per-player state


_ZERO_U = np.uint64(0)


@njit(cache=True, inline="always")
def _popcount(x: np.uint64) -> int:
    n = 0
    while x:
        x &= x - _ONE
        n += 1
    return n


@njit(cache=True, inline="always")
def _decide(kind: int, ints: np.ndarray, floats: np.ndarray, io: int, fo: int, st: np.ndarray,
            t: int, own_bits: np.uint64, opp_bits: np.uint64, own_d: int, opp_d: int,
            horizon: int) -> float:
    """Probability to cooperate on turn ``t`` (0-based) for one player.

    ``own_bits``/``opp_bits``: bit k is the move k + 1 turns ago (1 = D); ``own_d``/``opp_d``:
    defections so far; ``st``: the player's state slots (zero at the start of a match);
    ``horizon``: the match length when the players know it, else -1.
    """
    if kind == K.MEMORY_ONE:
        if t == 0:
            return floats[fo]
        return floats[fo + 1 + 2 * int(own_bits & _ONE) + int(opp_bits & _ONE)]
    if kind == K.LOOKUP:
        own_depth = ints[io]
        opp_depth = ints[io + 1]
        n_init = ints[io + 2]
        c = ints[io + 3]
        if t < n_init:
            return floats[fo + t]
        if t == n_init and c > 0:  # keep the opponent's first c moves (first move highest)
            st[1] = int((opp_bits >> np.uint64(t - c)) & ((_ONE << np.uint64(c)) - _ONE))
        own = own_bits & ((_ONE << np.uint64(own_depth)) - _ONE)
        opp = opp_bits & ((_ONE << np.uint64(opp_depth)) - _ONE)
        index = (int((own << np.uint64(opp_depth)) | opp) << c) | st[1]
        return floats[fo + n_init + index]
    if kind == K.AUTOMATON:
        if t == 0:
            st[0] = ints[io + 1]
        else:
            o = 2 * int(own_bits & _ONE) + int(opp_bits & _ONE)
            st[0] = ints[io + 2 + 4 * st[0] + o]
        return floats[fo + st[0]]
    if kind == K.GRUDGER:
        return 0.0 if opp_d > 0 else 1.0
    if kind == K.SOFT_MAJORITY:
        return 1.0 if t - opp_d >= opp_d else 0.0
    if kind == K.HARD_MAJORITY:
        return 0.0 if opp_d >= t - opp_d else 1.0
    if kind == K.GRADUAL:
        # st[0]: defections still to play; st[1]: cooperations still to play
        if st[0] > 0:
            st[0] -= 1
            if st[0] == 0:
                st[1] = 2
            return 0.0
        if st[1] > 0:
            st[1] -= 1
            return 1.0
        if t > 0 and (opp_bits & _ONE) == _ONE:
            st[0] = opp_d - 1
            if st[0] == 0:
                st[1] = 2
            return 0.0
        return 1.0
    if kind == K.SHARE:
        if t < ints[io]:
            return 1.0
        if ints[io + 1] == 1 and (opp_bits & _ONE) == _ZERO_U:
            return 1.0
        limit = floats[fo] * t  # the same float operations as the Python rule
        if ints[io + 2] == 1:
            return 0.0 if opp_d >= limit else 1.0
        return 0.0 if t > 0 and opp_d > limit else 1.0
    return _rules(kind, ints, floats, io, fo, st, t, own_bits, opp_bits, own_d, opp_d, horizon)


@njit(cache=True)
def _rules(kind: int, ints: np.ndarray, floats: np.ndarray, io: int, fo: int, st: np.ndarray,
           t: int, own_bits: np.uint64, opp_bits: np.uint64, own_d: int, opp_d: int,
           horizon: int) -> float:
    """The rule strategies, compiled once as a function of their own (inlining all of them
    into every kernel made the first compile take minutes); the table kinds above stay
    inline, where the speed matters."""
    if kind in K.ESTIMATING:
        return _estimating(kind, ints, floats, io, fo, st, t, own_bits, opp_bits)
    if kind in K.FIRST_TOURNAMENT:
        return _first_tournament(kind, floats, fo, st, t, own_bits, opp_bits, own_d, opp_d,
                                 horizon)
    if kind == K.FSM:
        if t == 0:
            st[0] = ints[io + 1]
            return 1.0 - ints[io + 2]
        row = io + 3 + 2 * (2 * st[0] + int(opp_bits & _ONE))
        st[0] = ints[row]
        return 1.0 - ints[row + 1]
    if kind == K.CYCLER:
        n = ints[io]
        return 1.0 - ints[io + 1 + t % n]
    if kind == K.DETECTIVE:
        if t < 4:
            return 0.0 if t == 1 else 1.0
        if t == 4:
            st[0] = 1 if opp_d > 0 else 0
        if st[0] == 1:
            return 1.0 - float(opp_bits & _ONE)
        return 0.0
    if kind == K.PROBER:
        if t < 3:
            return 0.0 if t == 0 else 1.0
        if t == 3:  # bits 0 and 1 are the opponent's moves on turns 3 and 2
            st[0] = 1 if (opp_bits & np.uint64(3)) == 0 else 0
        if st[0] == 1:
            return 0.0
        return 1.0 - float(opp_bits & _ONE)
    if kind == K.WINDOW_MAJORITY:
        w = ints[io]
        seen = min(t, w)
        mask = (_ONE << np.uint64(seen)) - _ONE if seen < 64 else ~np.uint64(0)
        d = _popcount(opp_bits & mask)
        c = seen - d
        if ints[io + 1] == 1:  # soft: cooperate on ties
            return 1.0 if c >= d else 0.0
        return 0.0 if d >= c else 1.0
    return -1.0  # unknown kind: the caller checks kinds before calling


@njit(cache=True)
def _first_tournament(kind: int, floats: np.ndarray, fo: int, st: np.ndarray, t: int,
                      own_bits: np.uint64, opp_bits: np.uint64, own_d: int, opp_d: int,
                      horizon: int) -> float:
    """The rules of Axelrod's first tournament that keep counters (see strategies.first_tournament for
    each rule in words; the Python reference there is checked against this, move by move)."""
    own_last = int(own_bits & _ONE)
    opp_last = int(opp_bits & _ONE)
    if kind == K.SHUBIK:
        # st[0]: k, st[1]: retaliations still owed
        if t == 0:
            return 1.0
        if st[1] > 0:
            st[1] -= 1
            return 0.0
        if opp_last == 1 and own_last == 0:
            st[0] += 1
            st[1] = st[0] - 1
            return 0.0
        return 1.0
    if kind == K.STEIN_RAPOPORT:
        # st[0]: the opponent looked random at the last test
        if t < 4:
            return 1.0
        if t >= 14 and (t + 1) % 15 == 0:
            c = t - opp_d
            st[0] = 1 if (c - opp_d) * (c - opp_d) / t <= K.CHI2_CRITICAL_05 else 0
        if st[0] == 1:
            return 0.0
        return 1.0 - opp_last
    if kind == K.GRAASKAMP:
        # st[0]: random (sticky); st[1]: not TFT-like; st[2]: not a twin;
        # st[3]: turn the random schedule last restarted (+1, 0 = not started)
        if t >= 2 and int((own_bits >> _ONE) & _ONE) != opp_last:
            st[1] = 1  # the opponent's move did not copy mine of the turn before
        if t >= 1 and own_last != opp_last:
            st[2] = 1
        if t == 0:
            return 1.0
        if t < 50:
            return 1.0 - opp_last
        if t == 50:
            return 0.0
        if t < 56:
            return 1.0 - opp_last
        c = t - opp_d
        if (c - opp_d) * (c - opp_d) / t <= K.CHI2_CRITICAL_05:
            st[0] = 1
        if st[0] == 1:
            return 0.0
        if st[1] == 0 or st[2] == 0:
            return 1.0 - opp_last
        if st[3] == 0:
            st[3] = t + 1
        elif own_last == 1 and t - 1 >= st[3] - 1 + 5:  # it defected on schedule: restart
            st[3] = t
        gap = t - (st[3] - 1)
        if gap < 5:
            return 1.0
        if gap >= 14:  # the defection is due (noise may have turned the last one into a C)
            return 0.0
        return 1.0 - 1.0 / (15 - gap)
    if kind == K.DOWNING:
        # st[0]: opponent C after my C; st[1]: opponent C after my D
        R, S, T, P = floats[fo], floats[fo + 1], floats[fo + 2], floats[fo + 3]
        if t == 0:
            return 0.0
        if t == 1:
            if opp_last == 0:
                st[0] += 1
            return 0.0
        before = int((own_bits >> _ONE) & _ONE)  # my move two turns ago
        if opp_last == 0:
            if before == 0:
                st[0] += 1
            else:
                st[1] += 1
        alpha = st[0] / (t - own_d + 1)
        beta = st[1] / max(own_d, 2)
        e_c = alpha * R + (1 - alpha) * S
        e_d = beta * T + (1 - beta) * P
        if e_c > e_d:
            return 1.0
        if e_c < e_d:
            return 0.0
        return float(own_last)  # a tie: the opposite of my last move
    if kind == K.FELD:
        if t == 0:
            return 1.0
        if opp_last == 1:
            return 0.0
        start, end, rounds = floats[fo], floats[fo + 1], floats[fo + 2]
        return max(start + (end - start) * t / rounds, end)
    if kind == K.TULLOCK:
        if t < 11:
            return 1.0
        c = 10 - _popcount(opp_bits & np.uint64(1023))
        return max(0.0, c / 10 - 0.1)
    if kind == K.TIDEMAN:
        return _tideman(floats, fo, st, t, own_last, opp_last, horizon)
    return -1.0  # unknown kind: the caller checks kinds before calling


@njit(cache=True, inline="always")
def _tideman(floats: np.ndarray, fo: int, st: np.ndarray, t: int, own_last: int, opp_last: int,
             horizon: int) -> float:
    # st[0] k, st[1] owed, st[2] last fresh start, st[3] second C pending,
    # st[4] remembered opponent defections, st[5..8] outcome counts CC, CD, DC, DD
    R, S, T, P = floats[fo], floats[fo + 1], floats[fo + 2], floats[fo + 3]
    if t == 0:
        return 1.0
    if opp_last == 1:
        st[4] += 1
    st[5 + 2 * own_last + opp_last] += 1
    if st[3] == 1:
        st[3] = 0
        return 1.0
    if st[2] == 0 or t + 1 - st[2] >= 20:
        mine = st[5] * R + st[6] * S + st[7] * T + st[8] * P
        theirs = st[5] * R + st[6] * T + st[7] * S + st[8] * P
        n = t
        sd = math.sqrt(n) / 2
        low = n / 2 - 3 * sd
        high = n / 2 + 3 * sd
        if (mine - theirs >= 10 and horizon >= 0 and horizon - (t + 1) >= 10
                and opp_last == 0 and (st[4] <= low or st[4] >= high)):
            st[2] = t + 1
            st[0] = 0
            st[1] = 0
            st[4] = 0
            st[3] = 1
            return 1.0
    if st[1] > 0:
        st[1] -= 1
        return 0.0
    if opp_last == 1:
        st[0] += 1
        st[1] = st[0] - 1
        return 0.0
    return 1.0


@njit(cache=True)
def _estimating(kind: int, ints: np.ndarray, floats: np.ndarray, io: int, fo: int,
                st: np.ndarray, t: int, own_bits: np.uint64, opp_bits: np.uint64) -> float:
    """Omega TFT, Adaptive TFT and Adaptive (see strategies.rules for the rules)."""
    own_last = int(own_bits & _ONE)
    opp_last = int(opp_bits & _ONE)
    sf = st.view(np.float64)  # float slots share the state's storage (zero bits = 0.0)
    if kind == K.OMEGA_TFT:
        # st[0]: deadlock counter, st[1]: randomness counter
        if t == 0:
            return 1.0
        if t == 1:
            return 1.0 - opp_last
        deadlock, randomness = floats[fo], floats[fo + 1]
        if st[0] >= deadlock:
            st[0] = deadlock + 1 if st[0] == deadlock else 0
            return 1.0
        before = int((opp_bits >> _ONE) & _ONE)
        if before == 0 and opp_last == 0:
            st[1] -= 1
        if before != opp_last:
            st[1] += 1
        if own_last != opp_last:
            st[1] += 1
        if st[1] >= randomness:
            return 0.0
        st[0] = st[0] + 1 if before != opp_last else 0
        return 1.0 - opp_last
    if kind == K.ADAPTIVE_TFT:
        rate = floats[fo]
        if t == 0:
            sf[0] = rate  # the estimate starts at the rate (Axelrod-Python's choice)
            return 1.0
        if opp_last == 0:
            sf[0] = sf[0] + rate * (1 - sf[0])
        else:
            sf[0] = sf[0] + rate * (0 - sf[0])
        return 1.0 if sf[0] >= 0.5 else 0.0
    if kind == K.ADAPTIVE:
        # ADAPTIVE: sf[0] total payoff after my Cs, sf[1] after my Ds
        n_open = ints[io]
        if t > 0:
            payoff = floats[fo + 2 * own_last + opp_last]
            sf[own_last] = sf[own_last] + payoff
        if t < n_open:
            return 1.0 - ints[io + 1 + t]
        return 1.0 if sf[0] > sf[1] else 0.0
    return -1.0  # unknown kind: the caller checks kinds before calling


@njit(cache=True, inline="always")
def _transform(floats: np.ndarray, xo: int, p: float, t: int, length: int,
               known: bool) -> float:
    """Apply a strategy's transforms (see strategies.transformers), innermost first.

    Layout at ``floats[xo]``: count, flip, then (code, a, b) per transform.
    """
    n = int(floats[xo])
    for q in range(n):
        code = int(floats[xo + 2 + 3 * q])
        a = floats[xo + 3 + 3 * q]
        if code == K.NOISY:
            p = p * (1.0 - a) + (1.0 - p) * a
        elif code == K.FORGIVING:
            p = p + (1.0 - p) * a
        elif code == K.INITIAL:  # a moves, b their D bits
            if t < a:
                p = 1.0 - float((int(floats[xo + 4 + 3 * q]) >> t) & 1)
        elif code == K.FINAL:
            if known and t >= length - a:
                p = 0.0
        elif code == K.DUAL:
            p = 1.0 - p
    return p


@njit(cache=True, inline="always")
def _own_view(bits: np.uint64, d: int, t: int, flip: bool) -> tuple[np.uint64, int]:
    """The own-move history a strategy sees: flipped for a dual."""
    if not flip:
        return bits, d
    if t >= 64:
        return ~bits, t - d
    return bits ^ ((_ONE << np.uint64(t)) - _ONE), t - d


@njit(cache=True, inline="always")
def _play(ka: int, kb: int, ints: np.ndarray, floats: np.ndarray, ioa: int, foa: int, iob: int,
          fob: int, key: np.uint64, length: int, noise: float, counts: np.ndarray,
          record: np.ndarray, st_a: np.ndarray, st_b: np.ndarray, xoa: int, xob: int,
          known: bool) -> None:
    """Play one match; add outcome counts (CC, CD, DC, DD from player 1's side) to ``counts``.

    When ``record`` has ``length`` rows, the moves are written there. ``st_a`` and ``st_b`` are
    the players' state slots, zeroed here. ``xoa``/``xob``: offsets of the players' transforms
    in ``floats`` (-1 for none); ``known``: the players know the match length.
    """
    st_a[:] = 0
    st_b[:] = 0
    bits_a = np.uint64(0)
    bits_b = np.uint64(0)
    d_a = 0
    d_b = 0
    d_ab = 0
    flip_a = xoa >= 0 and floats[xoa + 1] > 0.5
    flip_b = xob >= 0 and floats[xob + 1] > 0.5
    keep = record.shape[0] >= length
    horizon = length if known else -1
    for t in range(length):
        own_a, od_a = _own_view(bits_a, d_a, t, flip_a)
        own_b, od_b = _own_view(bits_b, d_b, t, flip_b)
        pa = _decide(ka, ints, floats, ioa, foa, st_a, t, own_a, bits_b, od_a, d_b, horizon)
        pb = _decide(kb, ints, floats, iob, fob, st_b, t, own_b, bits_a, od_b, d_a, horizon)
        if xoa >= 0:
            pa = _transform(floats, xoa, pa, t, length, known)
        if xob >= 0:
            pb = _transform(floats, xob, pb, t, length, known)
        x = _mix(key + np.uint64(t + 1) * _GOLDEN)
        ma = np.uint64((x & _LOW32) >= _threshold(pa, noise))  # 1 = D
        mb = np.uint64((x >> _S32) >= _threshold(pb, noise))
        bits_a = (bits_a << _ONE) | ma
        bits_b = (bits_b << _ONE) | mb
        d_a += int(ma)
        d_b += int(mb)
        d_ab += int(ma & mb)
        if keep:
            record[t, 0] = ma
            record[t, 1] = mb
    counts[0] += length - d_a - d_b + d_ab
    counts[1] += d_b - d_ab
    counts[2] += d_a - d_ab
    counts[3] += d_ab


@njit(cache=True, parallel=True)
def play_tournament(kinds: np.ndarray, ioff: np.ndarray, foff: np.ndarray, ints: np.ndarray,
                    floats: np.ndarray, xoff: np.ndarray, pi: np.ndarray, pj: np.ndarray,
                    ki: np.ndarray, kj: np.ndarray, base: np.uint64, reps: int, first_rep: int,
                    turns: int, lengths: np.ndarray, noise: float, out: np.ndarray,
                    record: np.ndarray) -> None:
    """Every pair (pi[k], pj[k]) for repetitions first_rep .. first_rep + reps - 1.

    ``out[k, r]`` receives the outcome counts; ``lengths[k, r]`` is used when ``turns`` is 0.
    Match keys use the line-up positions ``ki[k]``, ``kj[k]`` (the same as ``pi``, ``pj``
    unless a match is replayed out of a larger line-up). Each match has its own key, so the
    result does not depend on the number of threads. A single match writes its moves to
    ``record`` when that has room. (One kernel serves single matches too: numba's parallel
    pipeline also compiles the turn loop about three times faster than a plain ``njit``.)
    """
    n = pi.shape[0] * reps
    block = 64
    for blk in prange((n + block - 1) // block):
        st_a = np.zeros(N_STATE, np.int64)
        st_b = np.zeros(N_STATE, np.int64)
        for m in range(blk * block, min(n, (blk + 1) * block)):
            k = m // reps
            r = m - k * reps
            a = pi[k]
            b = pj[k]
            length = turns if turns > 0 else lengths[k, r]
            key = _match_key(base, ki[k], kj[k], first_rep + r)
            _play(kinds[a], kinds[b], ints, floats, ioff[a], foff[a], ioff[b], foff[b], key,
                  length, noise, out[k, r], record if n == 1 else record[:0], st_a, st_b,
                  xoff[a], xoff[b], turns > 0)


LANES = 16  # matches played side by side in one task, so that LLVM vectorises the turn loop
_ZERO = np.uint64(0)
_STATE_BITS = np.uint64(24)
_STATE_MASK = np.uint64((1 << 24) - 1)

# Lane state lives in one (fields, LANES) array per task: with a single array LLVM can prove
# that the fields do not overlap and vectorises the lane loop (with one array per field it gives
# up on the runtime alias checks and runs scalar code, 2-5x slower).


@njit(cache=True, inline="always")
def _lane_setup(S: np.ndarray, blk: int, n: int, reps: int, first_rep: int, turns: int,
                pi: np.ndarray, pj: np.ndarray, lengths: np.ndarray, order: np.ndarray,
                base: np.uint64) -> int:
    """Rows 0: key, 1: length; returns the longest length in the block."""
    longest = 0
    for lane in range(LANES):
        idx = min(blk * LANES + lane, n - 1)
        m = idx if turns > 0 else order[idx]
        k = m // reps
        r = m - k * reps
        S[0, lane] = _match_key(base, pi[k], pj[k], first_rep + r)
        length = turns if turns > 0 else lengths[k, r]
        S[1, lane] = np.uint64(length)
        longest = max(longest, length)
    return longest


@njit(cache=True, inline="always")
def _lane_store(S: np.ndarray, blk: int, n: int, reps: int, turns: int, order: np.ndarray,
                out: np.ndarray, da: int, db: int, dab: int) -> None:
    for lane in range(LANES):
        idx = blk * LANES + lane
        if idx < n:
            m = idx if turns > 0 else order[idx]
            k = m // reps
            r = m - k * reps
            both = np.int64(S[dab, lane])
            only_a = np.int64(S[da, lane]) - both
            only_b = np.int64(S[db, lane]) - both
            out[k, r, 0] += np.int64(S[1, lane]) - only_a - only_b - both
            out[k, r, 1] += only_b
            out[k, r, 2] += only_a
            out[k, r, 3] += both


@njit(cache=True, parallel=True)
def play_tournament_memory_one(thresholds: np.ndarray, pi: np.ndarray, pj: np.ndarray,
                               base: np.uint64, reps: int, first_rep: int, turns: int,
                               lengths: np.ndarray, order: np.ndarray, out: np.ndarray) -> None:
    """The same counts as :func:`play_tournament` for memory-one line-ups, 16 matches at a time.

    ``thresholds`` (strategies, 5): 32-bit cooperation thresholds (noise folded in) for the
    first move and after CC, CD, DC, DD (own move first). With ``turns > 0`` every match has
    that length; otherwise match ``m = k * reps + r`` has ``lengths[k, r]`` and ``order`` lists
    the matches sorted by length, so that a task's lanes end close together. Lanes past a
    match's end keep drawing but count nothing. The next threshold is picked with branch-free
    selects, no gathers.
    """
    n = pi.shape[0] * reps
    for blk in prange((n + LANES - 1) // LANES):
        # rows: 0 key, 1 length, 2/3 current thresholds of a/b, 4-7 a's table, 8-11 b's,
        # 12/13 defections of a/b, 14 mutual defections
        S = np.zeros((15, LANES), np.uint64)
        longest = _lane_setup(S, blk, n, reps, first_rep, turns, pi, pj, lengths, order, base)
        for lane in range(LANES):
            idx = min(blk * LANES + lane, n - 1)
            m = idx if turns > 0 else order[idx]
            k = m // reps
            a = pi[k]
            b = pj[k]
            S[2, lane] = thresholds[a, 0]
            S[3, lane] = thresholds[b, 0]
            for q in range(4):
                S[4 + q, lane] = thresholds[a, 1 + q]
                S[8 + q, lane] = thresholds[b, 1 + q]
        for t in range(longest):
            step = np.uint64(t + 1) * _GOLDEN
            tt = np.uint64(t)
            for lane in range(LANES):
                x = _mix(S[0, lane] + step)
                live = np.uint64(tt < S[1, lane])
                ma = np.uint64((x & _LOW32) >= S[2, lane])  # 1 = D
                mb = np.uint64((x >> _S32) >= S[3, lane])
                S[12, lane] += ma & live
                S[13, lane] += mb & live
                S[14, lane] += ma & mb & live
                am = _ZERO - ma
                bm = _ZERO - mb
                lo = S[4, lane] ^ ((S[4, lane] ^ S[5, lane]) & bm)  # a played C: CC or CD
                hi = S[6, lane] ^ ((S[6, lane] ^ S[7, lane]) & bm)  # a played D: DC or DD
                S[2, lane] = lo ^ ((lo ^ hi) & am)
                lo = S[8, lane] ^ ((S[8, lane] ^ S[9, lane]) & am)  # b's own side
                hi = S[10, lane] ^ ((S[10, lane] ^ S[11, lane]) & am)
                S[3, lane] = lo ^ ((lo ^ hi) & bm)
        _lane_store(S, blk, n, reps, turns, order, out, 12, 13, 14)


@njit(cache=True, parallel=True)
def play_tournament_automaton(table: np.ndarray, starts: np.ndarray, pi: np.ndarray,
                              pj: np.ndarray, base: np.uint64, reps: int, first_rep: int,
                              turns: int, lengths: np.ndarray, order: np.ndarray,
                              out: np.ndarray) -> None:
    """The same counts as :func:`play_tournament` for line-ups of finite automata.

    ``table[4 * g + o]`` packs, for global state g and outcome ``o = 2 * own + opponent``, the
    next state (low 24 bits) and that state's 32-bit cooperation threshold (the bits above);
    ``starts[s]`` packs strategy s's first state and threshold the same way. One gather per
    player and turn. Lanes, lengths and ``order`` as in :func:`play_tournament_memory_one`.
    """
    n = pi.shape[0] * reps
    for blk in prange((n + LANES - 1) // LANES):
        # rows: 0 key, 1 length, 2/3 packed state of a/b, 4/5 defections, 6 mutual
        S = np.zeros((7, LANES), np.uint64)
        longest = _lane_setup(S, blk, n, reps, first_rep, turns, pi, pj, lengths, order, base)
        for lane in range(LANES):
            idx = min(blk * LANES + lane, n - 1)
            m = idx if turns > 0 else order[idx]
            k = m // reps
            S[2, lane] = starts[pi[k]]
            S[3, lane] = starts[pj[k]]
        for t in range(longest):
            step = np.uint64(t + 1) * _GOLDEN
            tt = np.uint64(t)
            for lane in range(LANES):
                x = _mix(S[0, lane] + step)
                live = np.uint64(tt < S[1, lane])
                sa = S[2, lane]
                sb = S[3, lane]
                ma = np.uint64((x & _LOW32) >= (sa >> _STATE_BITS))  # 1 = D
                mb = np.uint64((x >> _S32) >= (sb >> _STATE_BITS))
                S[4, lane] += ma & live
                S[5, lane] += mb & live
                S[6, lane] += ma & mb & live
                S[2, lane] = table[((sa & _STATE_MASK) << np.uint64(2)) + np.uint64(2) * ma + mb]
                S[3, lane] = table[((sb & _STATE_MASK) << np.uint64(2)) + np.uint64(2) * mb + ma]
        _lane_store(S, blk, n, reps, turns, order, out, 4, 5, 6)


@njit(cache=True, parallel=True)
def record_tournament(kinds: np.ndarray, ioff: np.ndarray, foff: np.ndarray, ints: np.ndarray,
                      floats: np.ndarray, xoff: np.ndarray, pi: np.ndarray, pj: np.ndarray,
                      base: np.uint64,
                      reps: int, turns: int, lengths: np.ndarray, noise: float,
                      offsets: np.ndarray, packed: np.ndarray) -> None:
    """Every match's moves, two bits a turn (player 1's then player 2's, 1 = D), packed into
    ``packed[offsets[m]:offsets[m + 1]]`` for match ``m = k * reps + r``, first turn in the
    highest bits of the first byte."""
    n = pi.shape[0] * reps
    for m in prange(n):
        k = m // reps
        r = m - k * reps
        a = pi[k]
        b = pj[k]
        length = turns if turns > 0 else lengths[k, r]
        record = np.zeros((length, 2), np.uint8)
        counts = np.zeros(4, np.int64)
        st_a = np.zeros(N_STATE, np.int64)
        st_b = np.zeros(N_STATE, np.int64)
        key = _match_key(base, a, b, r)
        _play(kinds[a], kinds[b], ints, floats, ioff[a], foff[a], ioff[b], foff[b], key,
              length, noise, counts, record, st_a, st_b, xoff[a], xoff[b], turns > 0)
        o = offsets[m]
        for t in range(length):
            byte = o + (2 * t) // 8
            shift = 6 - (2 * t) % 8
            packed[byte] |= np.uint8((record[t, 0] << 1 | record[t, 1]) << shift)
