"""Kernel family ids shared by the strategy library and the compiled engine.

Each compiled strategy is ``(kind, ints, floats)``; the layouts are:

- ``MEMORY_ONE``: floats ``(first, p_CC, p_CD, p_DC, p_DD)``.
- ``LOOKUP``: ints ``(own_depth, opp_depth, n_initial, openings)``; floats: ``n_initial``
  first-move probabilities, then ``2 ** (own_depth + opp_depth + openings)`` probabilities
  indexed by ``(own_bits << opp_depth | opp_bits) << openings | first`` where bit ``k`` is the
  move ``k + 1`` turns ago (1 = D), turns before the start count as C, and ``first`` holds the
  opponent's first ``openings`` moves (its first move highest).
- ``FSM``: ints ``(n_states, initial_state, initial_move)`` then, for each state ``s`` and the
  opponent's last move ``m``, ``next_state`` and ``move`` at ``3 + 2 * (2 * s + m)``.
- ``CYCLER``: ints: the pattern's moves.
- ``AUTOMATON``: ints ``(n_states, start)`` then ``next[4 * s + o]`` for outcome
  ``o = 2 * own + opponent``; floats: the probability to cooperate in each state.
- ``SHARE``: defect when the opponent's share of defections so far exceeds ``threshold``
  (reaches it with ``tie defects``), optionally only right after an opponent's D, after
  ``opening`` cooperative turns.
- ``WINDOW_MAJORITY``: compare the opponent's C and D counts over its last ``window`` moves.
- The rest are rules without data.
"""

MEMORY_ONE = 0
LOOKUP = 1
FSM = 2
CYCLER = 3
GRUDGER = 4
DETECTIVE = 5
PROBER = 6
SOFT_MAJORITY = 7
HARD_MAJORITY = 8
GRADUAL = 9
AUTOMATON = 10  # ints: n_states, start, next[4 * state + outcome]...; floats: probs per state
SHARE = 11  # ints: (opening C count, needs last D, tie defects); floats: (threshold,)
WINDOW_MAJORITY = 12  # ints: (window, soft)
# Axelrod's first tournament (floats: the game's R, S, T, P where a rule needs payoffs)
TIDEMAN = 13
SHUBIK = 14
STEIN_RAPOPORT = 15
GRAASKAMP = 16
DOWNING = 17
FELD = 18  # floats: (start, end, rounds)
TULLOCK = 19
# classics with counters or running estimates (floats: parameters, then payoffs if needed)
OMEGA_TFT = 20  # floats: (deadlock threshold, randomness threshold)
ADAPTIVE_TFT = 21  # floats: (rate,)
ADAPTIVE = 22  # floats: (R, S, T, P); ints: the opening (0 = C, 1 = D)

N_KINDS = 23

# How the compiled kernels dispatch, by explicit sets (never by ranges of ids): a kind in none
# of them is refused when a line-up is packed, and a test checks that each kind the library
# declares reaches a branch of its own.
#: Table kinds and cheap rules, inline in every kernel (where the speed matters).
INLINE = (MEMORY_ONE, LOOKUP, AUTOMATON, GRUDGER, SOFT_MAJORITY, HARD_MAJORITY, GRADUAL, SHARE)
#: Rules compiled once in a function of their own (``_rules``).
RULES = (FSM, CYCLER, DETECTIVE, PROBER, WINDOW_MAJORITY)
#: Axelrod's first tournament (``_first_tournament``).
FIRST_TOURNAMENT = (TIDEMAN, SHUBIK, STEIN_RAPOPORT, GRAASKAMP, DOWNING, FELD, TULLOCK)
#: Classics with running estimates (``_estimating``).
ESTIMATING = (OMEGA_TFT, ADAPTIVE_TFT, ADAPTIVE)
DISPATCH = {"inline": INLINE, "rules": RULES, "first_tournament": FIRST_TOURNAMENT,
            "estimating": ESTIMATING}
KINDS = tuple(sorted(k for group in DISPATCH.values() for k in group))

# Transform codes, applied innermost first (layout: count, flip, then (code, a, b) each).
NOISY = 1  # a: the probability to flip the intended move
FORGIVING = 2  # a: the probability to cooperate instead of defecting
INITIAL = 3  # a: the number of opening moves, b: their D bits
FINAL = 4  # a: the number of last turns to defect (when the length is known)
DUAL = 5  # cooperate with the probability the inner strategy defects
TRANSFORMS = (NOISY, FORGIVING, INITIAL, FINAL, DUAL)

#: Pearson's chi-squared critical value, 1 degree of freedom, alpha = 0.05 (the "is the
#: opponent random" tests of Stein & Rapoport and Graaskamp).
CHI2_CRITICAL_05 = 3.841458820694124
