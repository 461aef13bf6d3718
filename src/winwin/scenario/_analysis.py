"""From the answers to numbers: the game's family, the shadow of the future, short run against
long run, forgiveness, a tournament and an evolution in this game, what the advice hangs on, and
which strategies fit the moves so far. Every number is computed here; the words are in
:mod:`winwin.brief`.

Side 0 is "me", side 1 "the other side"; each side's payoffs are ``(R, S, T, P)`` from its own
point of view (own move first: CC, CD, DC, DD).

- Thresholds (Friedman 1971; Axelrod 1984): grim trigger holds when
  ``delta >= (T - R) / (T - P)``; tit-for-tat is collectively stable when
  ``delta >= max((T - R) / (T - P), (T - R) / (R - S))``; ``delta = 1 - 1 / rounds``.
- Crossover: a reciprocator (tit-for-tat) on the other side; the exact expected payoff of
  exploiting it (always defect) and of reciprocating (tit-for-tat) on turns 1..n, with noise;
  the first n at which the cumulative total of reciprocating is at least that of exploiting.
- Forgiveness: against generous tit-for-tat with generosity q the best reply is a small Markov
  decision problem (state: the deviator's last move as played); q* is the largest q for which
  cooperating throughout is still a best reply, found by bisection on exact values. Without
  noise it is ``min(1 - (T - R) / (delta (R - S)), 1 - (T - R) / (delta (T - P)))``, which for
  delta -> 1 is Nowak & Sigmund's (1992) ``min(1 - (T - R) / (R - S), (R - P) / (T - P))``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from winwin._keep import jsonable
from winwin.game import Game, OrdinalFamily, ordinal_family
from winwin.scenario._answers import Answers, Side, answers_from_dict
from winwin.scenario._chain import chain, payoffs

__all__ = ["Analysis", "LINEUP", "analyse", "best_reply_value", "crossover",
           "forgiveness", "thresholds"]

#: The curated line-up (generous tit-for-tat gets the generosity found for this situation).
LINEUP = ("tit-for-tat", "generous-tit-for-tat", "win-stay-lose-shift", "grudger",
          "always-defect", "always-cooperate", "extort-2")
CROSSOVER_TURNS = 5000
POPULATION = 100
SELECTION = 10.0  # exponential selection on per-round payoffs scaled to 0..1
EVOLUTION_TIME = 200.0


def game_of(answers: Answers) -> Game:
    return Game(answers.me.payoffs, answers.other.payoffs,
                name=f"{answers.me.name} / {answers.other.name}")


def _sides(answers: Answers) -> tuple[Side, Side]:
    return answers.me, answers.other


def _length(answers: Answers) -> dict[str, Any]:
    return {"turns": answers.turns, "prob_end": answers.prob_end}


def _expected_length(answers: Answers) -> float:
    return float(answers.turns) if answers.turns is not None else answers.rounds


# -- thresholds --------------------------------------------------------------------------------


def thresholds(R: float, S: float, T: float, P: float) -> dict[str, float | None]:
    """The continuation probability needed for cooperation (None: nothing to sustain)."""
    if R <= P:
        return {"grim": None, "tit_for_tat": None}
    if T <= R:
        return {"grim": 0.0, "tit_for_tat": 0.0}
    grim = (T - R) / (T - P)
    tft = None if R <= S else max(grim, (T - R) / (R - S))
    return {"grim": grim, "tit_for_tat": tft}


# -- two strategies on the pair chain ----------------------------------------------------------


def _role_game(game: Game, side: int) -> Game:
    """The game with ``side`` as player 1."""
    return game if side == 0 else Game(game.payoffs_2, game.payoffs_1)


def pair_totals(a: str, b: str, game: Game, noise: float, **length: Any) -> tuple[float, float]:
    """Expected total payoffs of ``a`` (player 1) and ``b`` over the length."""
    return payoffs(chain(a, b, game, noise).counts(**length), game)


def crossover(game: Game, side: int, noise: float, *, turns: int = CROSSOVER_TURNS
              ) -> dict[str, Any]:
    """Exploiting a reciprocator against reciprocating, for ``side``, turn by turn (exact).

    ``cumulative_exploit``/``cumulative_reciprocate``: expected totals after 1..turns;
    ``crossover``: the first number of interactions from which exploiting no longer pays more
    (None if it always pays); ``stays``: it never pays again later (the long-run per-turn
    difference is positive).
    """
    g = _role_game(game, side)
    u = np.asarray(g.payoffs_1)
    ex = chain("always-defect", "tit-for-tat", g, noise)
    co = chain("tit-for-tat", "tit-for-tat", g, noise)
    ce = np.cumsum(ex.per_turn(turns) @ u)
    cc = np.cumsum(co.per_turn(turns) @ u)
    diff = cc - ce
    tail = float(co.long_run() @ u - ex.long_run() @ u)
    tol = 1e-9 * float(np.max(np.abs(u))) * np.arange(1, turns + 1)
    ok = diff >= -tol
    first = int(np.argmax(ok)) + 1 if ok.any() else None
    stays = bool(tail > 0 and ok[-1] and (first is None or ok[first - 1:].all()))
    return {"crossover": first, "stays": stays, "long_run_gain": tail,
            "cumulative_exploit": ce, "cumulative_reciprocate": cc}


def pays_at_horizon(game: Game, side: int, noise: float, answers: Answers) -> float:
    """Expected total of reciprocating minus exploiting a reciprocator over the user's
    horizon (positive: cooperation pays)."""
    g = _role_game(game, side)
    length = _length(answers)
    co = pair_totals("tit-for-tat", "tit-for-tat", g, noise, **length)[0]
    ex = pair_totals("always-defect", "tit-for-tat", g, noise, **length)[0]
    return co - ex


# -- forgiveness -------------------------------------------------------------------------------


def _policy_value(policy: tuple[int, int, int], pay: tuple[float, float, float, float],
                  q: float, noise: float, delta: float) -> float:
    """Expected total of a deviator playing ``policy`` = (first move, move after its own C,
    move after its own D) (0 = C) against generous tit-for-tat(q), geometric length: the two
    Bellman equations V(s) = r(s) + delta * sum_m P(m | s) V(m), solved by Cramer's rule."""
    R, S, T, P = pay
    e = noise
    g_after_c, g_after_d = 1 - e, q * (1 - e) + (1 - q) * e  # GTFT plays C

    def step(gc: float, action: int) -> tuple[float, float]:
        mc = (1 - e) if action == 0 else e  # the deviator's move comes out C
        return mc * (gc * R + (1 - gc) * S) + (1 - mc) * (gc * T + (1 - gc) * P), mc

    r0, c0 = step(g_after_c, policy[1])
    r1, c1 = step(g_after_d, policy[2])
    # (1 - d c0) V0 - d (1 - c0) V1 = r0 ;  -d c1 V0 + (1 - d (1 - c1)) V1 = r1
    a11, a12, a21, a22 = 1 - delta * c0, -delta * (1 - c0), -delta * c1, 1 - delta * (1 - c1)
    det = a11 * a22 - a12 * a21
    v0 = (r0 * a22 - a12 * r1) / det
    v1 = (a11 * r1 - a21 * r0) / det
    rs, cs = step(1 - e, policy[0])
    return rs + delta * (cs * v0 + (1 - cs) * v1)


def best_reply_value(pay: tuple[float, float, float, float], q: float, noise: float,
                     delta: float) -> tuple[float, float]:
    """(best reply's value, always-cooperate's value) against generous tit-for-tat(q)."""
    values = {(a, b, c): _policy_value((a, b, c), pay, q, noise, delta)
              for a in (0, 1) for b in (0, 1) for c in (0, 1)}
    return max(values.values()), values[(0, 0, 0)]


def forgiveness(pay: tuple[float, float, float, float], noise: float, delta: float
                ) -> float | None:
    """The largest generosity q for which cooperating throughout is a best reply to generous
    tit-for-tat(q), for a deviator with payoffs ``pay``; None when even q = 0 is exploitable."""
    scale = 1e-12 * max(abs(x) for x in pay) / max(1e-12, 1 - delta)

    def exploitable(q: float) -> bool:
        best, allc = best_reply_value(pay, q, noise, delta)
        return best - allc > scale

    if exploitable(0.0):
        return None
    if not exploitable(1.0):
        return 1.0
    lo, hi = 0.0, 1.0
    for _ in range(60):
        mid = (lo + hi) / 2
        if exploitable(mid):
            hi = mid
        else:
            lo = mid
    return lo


def noiseless_forgiveness(R: float, S: float, T: float, P: float, delta: float = 1.0
                          ) -> float:
    """The closed form without noise (may be negative: no generosity is safe)."""
    return min(1 - (T - R) / (delta * (R - S)), 1 - (T - R) / (delta * (T - P)))


# -- the analysis ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Analysis:
    """Every number the brief states, and the answers they came from."""

    answers: Answers
    game: Game
    families: tuple[OrdinalFamily, OrdinalFamily]
    continuation: float
    thresholds: tuple[dict[str, float | None], dict[str, float | None]]
    crossovers: tuple[dict[str, Any], dict[str, Any]]
    horizon_gain: tuple[float, float]
    forgiveness: tuple[float | None, float | None]
    lineup: tuple[str, ...]
    tournament: dict[str, Any]
    evolution: dict[str, Any]
    grudge: dict[str, Any]
    sensitivity: list[dict[str, Any]]
    past: dict[str, Any] | None
    extras: dict[str, Any] = field(default_factory=dict)

    @property
    def dilemma(self) -> bool:
        return self.families[0].dilemma or self.families[1].dilemma

    def cooperation_pays(self, side: int) -> bool:
        return self.horizon_gain[side] > 0

    def to_dict(self) -> dict[str, Any]:
        cross = [{k: v for k, v in c.items() if not k.startswith("cumulative")}
                 for c in self.crossovers]
        return jsonable({
            "answers": self.answers.to_dict(), "game": self.game.to_dict(),
            "families": [f.to_dict() for f in self.families],
            "continuation": self.continuation, "thresholds": list(self.thresholds),
            "crossovers": cross, "horizon_gain": list(self.horizon_gain),
            "cooperation_pays": [self.cooperation_pays(0), self.cooperation_pays(1)],
            "forgiveness": list(self.forgiveness), "lineup": list(self.lineup),
            "tournament": self.tournament, "evolution": self.evolution, "grudge": self.grudge,
            "sensitivity": self.sensitivity, "past": self.past, **self.extras})


def lineup_for(q: float | None) -> tuple[str, ...]:
    """The line-up, with generous tit-for-tat at the generosity found (rounded to 0.01), or at
    Nowak & Sigmund's 1/3 when no generosity is safe here."""
    q = 0.33 if q is None or round(q, 2) <= 0 else round(q, 2)
    gtft = f"generous-tit-for-tat(q={q:g})"
    return tuple(gtft if s == "generous-tit-for-tat" else s for s in LINEUP)


def tournament_table(lineup: tuple[str, ...], game: Game, noise: float, answers: Answers
                     ) -> dict[str, Any]:
    """Exact expected per-round payoffs: ``mine[i][j]`` to me playing i against them playing
    j, ``theirs[i][j]`` to them; ``per_round[i][j]``: i's payoff against j averaged over the
    two roles (how a tournament of people in both roles scores it)."""
    k = len(lineup)
    length = _length(answers)
    n = _expected_length(answers)
    mine, theirs = np.zeros((k, k)), np.zeros((k, k))
    for i, a in enumerate(lineup):
        for j, b in enumerate(lineup):
            x, y = pair_totals(a, b, game, noise, **length)
            mine[i, j], theirs[j, i] = x / n, y / n
    per_round = (mine + theirs) / 2
    scores = per_round.mean(axis=1)
    order = [int(i) for i in np.argsort(-scores, kind="stable")]
    return {"players": list(lineup), "mine": mine, "theirs": theirs, "per_round": per_round,
            "scores": {lineup[i]: float(scores[i]) for i in range(k)},
            "ranking": [lineup[i] for i in order]}


def evolution_of(table: dict[str, Any], game: Game, recommended: str) -> dict[str, Any]:
    from winwin.evolution import PayoffTable, replicator, small_mutation_limit

    m = np.asarray(table["per_round"])
    values = [*game.payoffs_1, *game.payoffs_2]
    lo, hi = min(values), max(values)
    scaled = (m - lo) / (hi - lo)
    players = tuple(table["players"])
    pt = PayoffTable(players, scaled, 1.0, True, {"scaled": [lo, hi]})
    rep = replicator(pt, time=EVOLUTION_TIME, points=201)
    sml = small_mutation_limit(pt, POPULATION, w=SELECTION, selection="exponential")
    final = rep.shares[-1]
    order = [int(i) for i in np.argsort(-final, kind="stable")]
    i, j = players.index(recommended), players.index("always-defect")
    return {"players": list(players), "times": rep.times, "shares": rep.shares,
            "final": {players[k]: float(final[k]) for k in range(len(players))},
            "leader": players[order[0]], "order": [players[k] for k in order],
            "stationary": {players[k]: float(sml.stationary[k]) for k in range(len(players))},
            "population": POPULATION, "selection": SELECTION, "time": EVOLUTION_TIME,
            "invade_defectors": float(sml.fixation[i, j]),
            "defector_invades": float(sml.fixation[j, i]), "neutral": 1.0 / POPULATION}


def grudge_cost(game: Game, noise: float, forgiving: str, answers: Answers) -> dict[str, Any]:
    length = _length(answers)
    n = _expected_length(answers)
    fo = pair_totals(forgiving, forgiving, game, noise, **length)
    gr = pair_totals("grudger", "grudger", game, noise, **length)
    first = None if noise == 0 else 1.0 / (1.0 - (1.0 - noise) ** 2)
    return {"forgiving": forgiving, "forgiving_per_round": [fo[0] / n, fo[1] / n],
            "grudger_per_round": [gr[0] / n, gr[1] / n],
            "cost_per_round": [(fo[0] - gr[0]) / n, (fo[1] - gr[1]) / n],
            "cost_total": [fo[0] - gr[0], fo[1] - gr[1]], "first_mistake_after": first}


def _root(f: Callable[[float], float], lo: float, hi: float, iters: int = 60) -> float:
    """A sign change of ``f`` between lo and hi (f(lo) and f(hi) of different signs)."""
    flo = f(lo) > 0
    for _ in range(iters):
        mid = (lo + hi) / 2
        if (f(mid) > 0) == flo:
            lo = mid
        else:
            hi = mid
    return (lo + hi) / 2


def _with(answers: Answers, **change: Any) -> Answers:
    import dataclasses

    return dataclasses.replace(answers, **change)


def sensitivity(answers: Answers, game: Game, gains: tuple[float, float],
                crossovers: tuple[dict[str, Any], dict[str, Any]]) -> list[dict[str, Any]]:
    """Each single answer that, changed enough, flips whether cooperation pays for a side."""
    out: list[dict[str, Any]] = []
    for side, side_answers in enumerate(_sides(answers)):
        pays = gains[side] > 0
        # the horizon
        if answers.known_end or answers.rounds == 1:
            c = crossovers[side]["crossover"]
            if c is not None and crossovers[side]["stays"]:
                out.append({"side": side, "answer": "rounds", "value": answers.rounds,
                            "flip": float(c), "pays_now": pays,
                            "relative": abs(c - answers.rounds) / answers.rounds})
        else:
            def gain(n: float, s: int = side) -> float:
                return pays_at_horizon(game, s, answers.mistakes,
                                       _with(answers, rounds=n))
            hi = 1e5
            g1, ghi = gain(1.0), gain(hi)
            if (g1 > 0) != (ghi > 0):
                flip = _root(gain, 1.0, hi, 50)
                out.append({"side": side, "answer": "rounds", "value": answers.rounds,
                            "flip": flip, "pays_now": pays,
                            "relative": abs(flip - answers.rounds) / answers.rounds})
        # the mistakes

        def at_noise(e: float, s: int = side) -> float:
            return pays_at_horizon(game, s, e, answers)
        grid = np.linspace(0.0, 0.49, 50)
        signs = [at_noise(float(e)) > 0 for e in grid]
        here = pays
        for k in range(1, len(grid)):
            if signs[k] != signs[k - 1]:
                flip = _root(at_noise, float(grid[k - 1]), float(grid[k]), 40)
                if (answers.mistakes < flip) == (signs[k - 1] == here):
                    out.append({"side": side, "answer": "mistakes", "value": answers.mistakes,
                                "flip": flip, "pays_now": pays,
                                "relative": abs(flip - answers.mistakes) /
                                max(answers.mistakes, 0.01)})
                    break
        # the temptation (win-lose): totals are linear in each payoff
        g = _role_game(game, side)
        length = _length(answers)
        co = chain("tit-for-tat", "tit-for-tat", g, answers.mistakes).counts(**length)
        ex = chain("always-defect", "tit-for-tat", g, answers.mistakes).counts(**length)
        dc = co[2] - ex[2]
        if dc < 0:  # exploiting spends more turns on win-lose
            R, S, T, P = side_answers.payoffs
            flip = T - gains[side] / dc
            spread = max(side_answers.payoffs) - min(side_answers.payoffs)
            out.append({"side": side, "answer": "win-lose", "value": T, "flip": float(flip),
                        "pays_now": pays, "relative": abs(flip - T) / spread})
    out.sort(key=lambda d: d["relative"])
    return out


def ranking_swaps(side: Side) -> list[dict[str, Any]]:
    """For a ranked side: each swap of two neighbouring outcomes and the family it makes."""
    codes = ("CC", "CD", "DC", "DD")
    order = sorted(codes, key=lambda c: -side.payoffs[codes.index(c)])
    now = ordinal_family(*side.payoffs)
    out = []
    for k in range(3):
        new = list(order)
        new[k], new[k + 1] = new[k + 1], new[k]
        pts = {c: float(4 - i) for i, c in enumerate(new)}
        fam = ordinal_family(pts["CC"], pts["CD"], pts["DC"], pts["DD"])
        if fam.slug != now.slug or fam.reversed != now.reversed:
            out.append({"above": order[k + 1], "below": order[k], "family": fam.to_dict()})
    return out


def past_fit(answers: Answers, game: Game, lineup: tuple[str, ...]) -> dict[str, Any] | None:
    """How well each line-up strategy, played by the other side, explains its moves so far."""
    if answers.past is None:
        return None
    from winwin.strategies import get_strategy

    mine, theirs = answers.past
    e = answers.mistakes
    g = Game(game.payoffs_2, game.payoffs_1)  # the other side as player 1
    rows: list[dict[str, Any]] = []
    for slug in lineup:
        auto = get_strategy(slug).automaton(g)
        assert auto is not None
        state, like, mistakes = auto.start, 1.0, 0
        for me_move, their_move in zip(mine, theirs, strict=True):
            x = float(auto.probs[state])
            p_c = x * (1 - e) + (1 - x) * e
            played = 0 if their_move == "C" else 1
            like *= p_c if played == 0 else 1 - p_c
            if x in (0.0, 1.0) and played != (0 if x == 1.0 else 1):
                mistakes += 1
            o = 2 * played + (0 if me_move == "C" else 1)
            state = int(auto.next[4 * state + o])
        rows.append({"strategy": slug, "likelihood": like, "mistakes": mistakes,
                     "deterministic": bool(np.all(np.isin(auto.probs, (0.0, 1.0))))})
    total = sum(r["likelihood"] for r in rows)
    for r in rows:
        r["posterior"] = r["likelihood"] / total if total > 0 else 0.0
    rows.sort(key=lambda r: -r["likelihood"])
    return {"me": mine, "other": theirs, "fits": rows,
            "my_cooperation": mine.count("C") / len(mine),
            "their_cooperation": theirs.count("C") / len(theirs)}


def analyse(answers: Answers | dict[str, Any]) -> Analysis:
    """Every number of the brief, from checked answers (or a dict of answers)."""
    if not isinstance(answers, Answers):
        answers = answers_from_dict(answers)
    game = game_of(answers)
    e = answers.mistakes
    families = (ordinal_family(*answers.me.payoffs), ordinal_family(*answers.other.payoffs))
    delta = answers.continuation
    ths = (thresholds(*answers.me.payoffs), thresholds(*answers.other.payoffs))
    crosses = (crossover(game, 0, e), crossover(game, 1, e))
    gains = (pays_at_horizon(game, 0, e, answers), pays_at_horizon(game, 1, e, answers))
    # my generosity must not let the other side exploit me: their payoffs decide it
    q_me = forgiveness(answers.other.payoffs, e, delta)
    q_other = forgiveness(answers.me.payoffs, e, delta)
    lineup = lineup_for(q_me)
    table = tournament_table(lineup, game, e, answers)
    recommended = lineup[1]
    evo = evolution_of(table, game, recommended)
    grudge = grudge_cost(game, e, recommended, answers)
    sens = sensitivity(answers, game, gains, crosses)
    swaps = [ranking_swaps(s) if s.ranked else [] for s in _sides(answers)]
    closed = [noiseless_forgiveness(*s.payoffs) if f.greed and s.payoffs[0] > s.payoffs[3]
              and s.payoffs[0] > s.payoffs[1] else None
              for s, f in zip((answers.other, answers.me), (families[1], families[0]),
                              strict=True)]
    return Analysis(answers, game, families, delta, ths, crosses, gains, (q_me, q_other),
                    lineup, table, evo, grudge, sens, past_fit(answers, game, lineup),
                    {"ranking_swaps": swaps, "closed_form_forgiveness": closed})
