"""What the playground computes, as plain functions over the public API.

Every function takes checked plain values (the API models in :mod:`winwin.web.api` check types
and ranges; :mod:`winwin.web._caps` the sizes) and returns JSON-ready data. The numbers are the
library's own: ``tournament(...)`` here is ``ww.tournament(...).to_dict()`` plus views for the
page, so the same settings and seed give the same numbers as the Python API and the CLI.

>>> d = tournament(["tit-for-tat", "defector"], turns=10, repetitions=1, seed=1)
>>> d["ranking"]
['tit-for-tat', 'defector']
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from functools import lru_cache
from typing import Any

import numpy as np

import winwin as ww
from winwin import outcomes as vocabulary
from winwin.strategies import Param
from winwin.web import _caps, _words

#: "The Evolution of Trust"'s eight characters, by the names ``winwin evolve`` takes.
TRUST_CHARACTERS = ("copycat", "always-cheat", "always-cooperate", "grudger", "detective",
                    "copykitten", "simpleton", "random")
#: The hidden opponents of the Play page, in the order they are met (as in that piece).
PLAY_SERIES = ("copycat", "always-cheat", "always-cooperate", "grudger", "detective")


# -- plain data ------------------------------------------------------------------------------------


def plain(value: Any) -> Any:
    """JSON-ready: numpy to Python, NaN and infinities to ``None``."""
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    if isinstance(value, np.ndarray):
        return plain(value.tolist())
    if isinstance(value, (np.integer,)):
        return int(value)
    if isinstance(value, (float, np.floating)):
        x = float(value)
        return x if math.isfinite(x) else None
    return value


# -- strategies and games --------------------------------------------------------------------------


def strategy(spec: str) -> ww.Strategy:
    if len(spec) > _caps.MAX_SPEC:
        raise _caps.CapError("strategy", spec[:40] + "...", f"at most {_caps.MAX_SPEC} characters")
    return ww.get_strategy(spec)


@lru_cache(maxsize=1)
def strategies() -> list[dict[str, Any]]:
    """The built-in library: each strategy's slug, name, rule, traits, parameters, citation."""
    pd = ww.parse_game("pd")
    rows = []
    for cls in ww.registry().builtins():
        s = cls()
        d = s.describe()
        d["memory_one"] = s.memory_one(pd) is not None
        rows.append(plain(d))
    rows.sort(key=lambda d: d["slug"])
    return rows


def describe(spec: str) -> dict[str, Any]:
    s = strategy(spec)
    d = s.describe()
    d["memory_one"] = s.memory_one(ww.parse_game("pd")) is not None
    return plain(d)


def game(spec: str) -> ww.Game:
    """A game from the spec language without warnings: a game that is not a Prisoner's
    Dilemma is allowed on the web, and said so in :func:`game_info`."""
    from winwin import spec as language

    if len(spec) > _caps.MAX_GAME_SPEC:
        raise _caps.CapError("game", spec[:40] + "...", f"at most {_caps.MAX_GAME_SPEC} characters")
    parsed = language.parse_game(spec)
    if isinstance(parsed, tuple):
        first = tuple(float(x) for x in parsed[0])
        second = first if len(parsed) == 1 else tuple(float(x) for x in parsed[1])
        return ww.Game(first, second, name=spec.replace(" ", ""))  # type: ignore[arg-type]
    return ww.parse_game(spec)


def game_info(g: ww.Game) -> dict[str, Any]:
    """The game's payoffs, its family (per player when it is unbalanced) and what keeps it
    from being a Prisoner's Dilemma."""
    from winwin.game import FAMILIES, classify

    fam1, fam2 = classify(*_rstp(g.payoffs_1)), classify(*_rstp(g.payoffs_2))
    return {"spec": g.spec(), "name": g.name, "symmetric": g.is_symmetric,
            "payoffs_1": list(g.payoffs_1), "payoffs_2": list(g.payoffs_2),
            "family": fam1, "family_2": fam2,
            "family_words": _words.family_name(fam1), "family_2_words": _words.family_name(fam2),
            "description": FAMILIES.get(fam1, ""), "is_pd": g.is_prisoners_dilemma,
            "problems": g.pd_problems()}


def _rstp(v: Sequence[float]) -> tuple[float, float, float, float]:
    # (CC, CD, DC, DD) from one's own side is (R, S, T, P)
    return (v[0], v[1], v[2], v[3])


def games() -> list[dict[str, Any]]:
    from winwin.game import PRESETS

    out = []
    for name, preset in PRESETS.items():
        info = game_info(ww.parse_game(name))
        info.update({"preset": name, "parameters": dict(preset.params),
                     "about": preset.description})
        out.append(info)
    return out


# -- matches and tournaments -----------------------------------------------------------------------


def length_work(turns: int | None, prob_end: float | None) -> float:
    return _caps.mean_length(turns, prob_end)


def match(player_1: str, player_2: str, *, turns: int | None = None,
          prob_end: float | None = None, noise: float = 0.0, seed: int | None = None,
          game_spec: str = "pd") -> dict[str, Any]:
    g = game(game_spec)
    m = ww.match(strategy(player_1), strategy(player_2), turns=turns, prob_end=prob_end,
                 noise=noise, seed=seed, game=g)
    d = m.to_dict()
    d["game"] = game_info(g)
    d["cumulative"] = _cumulative(m)
    return plain(d)


def _cumulative(m: Any) -> list[list[float]]:
    """Both players' running totals, turn by turn."""
    if m.actions is None:
        return [[], []]
    g = m.game
    idx = m.actions[:, 0] * 2 + m.actions[:, 1]  # CC, CD, DC, DD from player 1's side
    u1 = np.asarray(g.payoffs_1)[idx]
    mirror = np.array([0, 2, 1, 3])
    u2 = np.asarray(g.payoffs_2)[mirror[idx]]
    return [np.cumsum(u1).tolist(), np.cumsum(u2).tolist()]


def _tournament(players: Sequence[str], *, turns: int | None, prob_end: float | None,
                repetitions: int, noise: float, seed: int | None, game_spec: str,
                self_play: bool, exact: bool = False) -> ww.TournamentResult:
    if not 2 <= len(players) <= _caps.MAX_STRATEGIES:
        raise _caps.CapError("strategies", len(players),
                             f"from 2 to {_caps.MAX_STRATEGIES} strategies")
    line_up = [strategy(p) for p in players]
    n = len(line_up)
    pairs = n * (n + 1) // 2 if self_play else n * (n - 1) // 2
    if not exact:
        _caps.check_work(pairs=pairs, turns=length_work(turns, prob_end), repetitions=repetitions)
    return ww.tournament(line_up, turns=turns, prob_end=prob_end, repetitions=repetitions,
                         noise=noise, seed=seed, game=game(game_spec), self_play=self_play,
                         exact=exact, progress=False, threads=1)


def tournament(players: Sequence[str], *, turns: int | None = None, prob_end: float | None = None,
               repetitions: int = 10, noise: float = 0.0, seed: int | None = None,
               game_spec: str = "pd", self_play: bool = True, exact: bool = False
               ) -> dict[str, Any]:
    """``ww.tournament(...).to_dict()`` and, for the page: the game, each pair's outcome
    shares (from the row's side, in :data:`winwin.outcomes.ORDER`) and the seed used."""
    r = _tournament(players, turns=turns, prob_end=prob_end, repetitions=repetitions,
                    noise=noise, seed=seed, game_spec=game_spec, self_play=self_play,
                    exact=exact)
    d = r.to_dict()
    counts = r.pair_outcome_counts.astype(float)
    total = counts.sum(axis=2, keepdims=True)
    with np.errstate(invalid="ignore", divide="ignore"):
        shares = counts / total
    order = [vocabulary.COLUMN[k] for k in vocabulary.ORDER]
    d["pair_outcomes"] = shares[:, :, order]
    d["game"] = game_info(r.game)
    d["order"] = list(vocabulary.ORDER)
    return plain(d)


def replay(players: Sequence[str], player: int, opponent: int, repetition: int = 0, *,
           turns: int | None = None, prob_end: float | None = None, repetitions: int = 10,
           noise: float = 0.0, seed: int | None = None, game_spec: str = "pd",
           self_play: bool = True) -> dict[str, Any]:
    """One match of a tournament, move by move (``TournamentResult.match``)."""
    r = _tournament(players, turns=turns, prob_end=prob_end, repetitions=repetitions,
                    noise=noise, seed=seed, game_spec=game_spec, self_play=self_play)
    if not 0 <= player < len(players) or not 0 <= opponent < len(players):
        raise ww.ParameterError("player", (player, opponent),
                                f"indices from 0 to {len(players) - 1}")
    m = r.match(player, opponent, repetition)
    d = m.to_dict()
    d["game"] = game_info(r.game)
    d["cumulative"] = _cumulative(m)
    return plain(d)


def payoffs(players: Sequence[str], *, turns: int | None = None, prob_end: float | None = None,
            noise: float = 0.0, game_spec: str = "pd") -> dict[str, Any]:
    """Exact expected per-turn payoffs of memory-one strategies (the Markov chain), for a
    number of turns, a probability of ending or, with neither, the long run."""
    from winwin.analysis import expected_payoffs

    if not 1 <= len(players) <= _caps.MAX_STRATEGIES:
        raise _caps.CapError("strategies", len(players),
                             f"from 1 to {_caps.MAX_STRATEGIES} strategies")
    g = game(game_spec)
    line_up = [strategy(p) for p in players]
    vecs = []
    for s in line_up:
        v = s.memory_one(g)
        if v is None:
            raise ww.ParameterError("strategies", s.spec, "memory-one strategies (exact payoffs "
                                    "need the four-state Markov chain)")
        vecs.append(v)
    n = len(vecs)
    i, j = np.meshgrid(np.arange(n), np.arange(n), indexing="ij")
    p = np.array([vecs[k] for k in i.ravel()], float)
    q = np.array([vecs[k] for k in j.ravel()], float)
    pay = expected_payoffs(p, q, game=g, turns=turns, prob_end=prob_end, noise=noise)
    return plain({"players": [s.spec for s in line_up], "payoff_matrix": pay[:, 0].reshape(n, n),
                  "game": game_info(g), "turns": turns, "prob_end": prob_end, "noise": noise})


# -- evolution -------------------------------------------------------------------------------------


def _population(population: Mapping[str, float], field: str = "population"
                ) -> tuple[list[ww.Strategy], list[Any]]:
    if not 2 <= len(population) <= _caps.MAX_STRATEGIES:
        raise _caps.CapError(field, len(population),
                             f"from 2 to {_caps.MAX_STRATEGIES} strategies")
    return [strategy(k) for k in population], list(population.values())


def evolve(population: dict[str, int], *, generations: int = 50, turns: int = 10,
           replace: int = 5, noise: float = 0.05, seed: int | None = None,
           game_spec: str = "trust") -> dict[str, Any]:
    """"The Evolution of Trust"'s generational tournament (:func:`winwin.evolution.evolve`):
    the counts of every generation, for the page to animate."""
    from winwin.evolution import evolve as run

    line_up, counts = _population(population)
    size = int(sum(counts))
    if size > _caps.MAX_POPULATION:
        raise _caps.CapError("population", size, f"at most {_caps.MAX_POPULATION} individuals")
    _caps.check_evolution_work(population=size, turns=turns, generations=generations)
    r = run(list(zip(line_up, counts, strict=True)), generations=generations, turns=turns,
            replace=replace, game=game(game_spec), noise=noise, seed=seed)
    d = r.to_dict()
    d["names"] = [s.name for s in line_up]
    return plain(d)


def _table(line_up: list[ww.Strategy], *, turns: int | None, prob_end: float | None,
           noise: float, seed: int | None, game_spec: str, exact: bool | None) -> Any:
    from winwin.evolution import payoff_table

    g = game(game_spec)
    if exact is None or exact:
        everyone = all(s.memory_one(g) is not None for s in line_up)
        if exact and not everyone:
            raise ww.ParameterError("exact", True, "memory-one strategies only (or exact off)")
        exact = everyone
    if not exact:
        _caps.check_work(pairs=len(line_up) * (len(line_up) + 1) // 2,
                         turns=length_work(turns, prob_end), repetitions=200)
    return payoff_table(line_up, game=g, turns=turns, prob_end=prob_end, noise=noise,
                        exact=exact, seed=seed, repetitions=200)


def moran(population: dict[str, int], *, w: float = 0.1, generations: int = 100,
          mutation: float = 0.0, turns: int | None = 10, prob_end: float | None = None,
          noise: float = 0.0, seed: int | None = None, game_spec: str = "pd",
          exact: bool | None = None) -> dict[str, Any]:
    """A Moran process (birth-death, linear fitness ``1 - w + w * payoff``) for a number of
    generations, on a payoff table that is exact for memory-one line-ups."""
    from winwin.evolution import moran as run

    line_up, counts = _population(population)
    size = int(sum(counts))
    if not 2 <= size <= _caps.MAX_MORAN_POPULATION:
        raise _caps.CapError("population", size,
                             f"from 2 to {_caps.MAX_MORAN_POPULATION} individuals")
    table = _table(line_up, turns=turns, prob_end=prob_end, noise=noise, seed=seed,
                   game_spec=game_spec, exact=exact)
    r = run(table, [int(c) for c in counts], w=w, mutation=mutation, generations=generations,
            seed=seed)
    d = r.to_dict()
    d["exact"] = table.exact
    d["names"] = [s.name for s in line_up]
    return plain(d)


def replicator(shares: dict[str, float], *, time: float = 100.0, points: int = 101,
               turns: int | None = 10, prob_end: float | None = None, noise: float = 0.0,
               seed: int | None = None, game_spec: str = "pd", exact: bool | None = None
               ) -> dict[str, Any]:
    from winwin.evolution import replicator as run

    line_up, values = _population(shares, "shares")
    table = _table(line_up, turns=turns, prob_end=prob_end, noise=noise, seed=seed,
                   game_spec=game_spec, exact=exact)
    a = np.asarray(table.per_match)
    stiff = float(time) * float(a.max() - a.min())
    if stiff > _caps.MAX_REPLICATOR_STIFFNESS:
        raise _caps.CapError("time*payoff_spread", round(stiff), f"at most "
                             f"{_caps.MAX_REPLICATOR_STIFFNESS:,}: a shorter time or shorter "
                             "matches (per-match payoffs set the speed)")
    r = run(table, shares=[float(v) for v in values], time=time, points=points)
    d = r.to_dict()
    d["exact"] = table.exact
    d["names"] = [s.name for s in line_up]
    return plain(d)


# -- play ------------------------------------------------------------------------------------------


class _Scripted(ww.Strategy, register=False):
    """The person at the page: plays the moves given, in order (data, not code)."""

    slug = "person"
    name = "You"
    rule = "Plays the moves the person chose."
    traits = ww.Traits(memory_depth=0, stochastic=False)
    params = (Param("moves", "moves", "C", "the person's moves, in order"),)
    moves: str

    def decide(self, view: Any) -> str:
        return self.moves[view.turn] if view.turn < len(self.moves) else "C"


def game_seed(seed: int, game_number: int) -> int:
    """The seed of the series' ``game_number``-th game: one seed drives the whole series."""
    return int(np.random.SeedSequence([seed, game_number]).generate_state(1, np.uint64)[0] >> 1)


def play(moves: str, *, game_number: int = 0, turns: int | None = 10,
         prob_end: float | None = None, noise: float = 0.0, seed: int = 0,
         game_spec: str = "trust") -> dict[str, Any]:
    """One game of the Play page so far: the person's chosen moves against the hidden opponent
    ``PLAY_SERIES[game_number]``, replayed from the seed (stateless: the page sends all its
    moves). Moves as played (mistakes flip them), the outcomes in words, running totals, what
    the opponent may be thinking; at the end who it was and how the library would have done."""
    if not 0 <= game_number < len(PLAY_SERIES):
        raise ww.ParameterError("game_number", game_number,
                                f"an integer from 0 to {len(PLAY_SERIES) - 1}")
    if any(m not in "CD" for m in moves):
        raise ww.ParameterError("moves", moves, "a string of C and D")
    g = game(game_spec)
    opponent = strategy(PLAY_SERIES[game_number])
    s = game_seed(seed, game_number)
    length = turns if turns is not None else _drawn_length(s, prob_end)  # type: ignore[arg-type]
    if len(moves) > length:
        raise ww.ParameterError("moves", len(moves), f"at most the game's {length} turns")
    played = len(moves)
    out: dict[str, Any] = {"game_number": game_number, "games": len(PLAY_SERIES),
                           "turn": played, "over": played == length,
                           "known_horizon": turns is not None, "game": game_info(g)}
    if played:
        m = ww.match(_Scripted(moves=moves), opponent, turns=played, noise=noise, seed=s, game=g,
                     backend="python")
        actions = m.actions_text()
        you, them = _cumulative(m)
        out.update(actions=actions, chosen=moves,
                   outcomes=[vocabulary.BY_MOVES[a] for a in actions],
                   totals=[you[-1], them[-1]], cumulative=[you, them],
                   thinking=_words.opponent_thinking(actions, moves))
    else:
        out.update(actions=[], chosen="", outcomes=[], totals=[0.0, 0.0], cumulative=[[], []],
                   thinking=_words.opponent_thinking([], ""))
    if out["over"]:
        shares = {k: out["outcomes"].count(k) / played for k in vocabulary.ORDER}
        out["reveal"] = {"opponent": describe(opponent.spec), "shares": shares,
                         "library": _against(opponent, length, noise, s, g)}
    return plain(out)


@lru_cache(maxsize=4096)
def _drawn_length(seed: int, prob_end: float) -> int:
    """The length the seed draws for a game with a random end (the match's own stream: the
    same whoever plays), at most :data:`~winwin.web._caps.MAX_PLAY_TURNS` turns by hand."""
    drawn = ww.match("cooperator", "cooperator", prob_end=prob_end, seed=seed).turns
    return min(drawn, _caps.MAX_PLAY_TURNS)


def _against(opponent: ww.Strategy, turns: int, noise: float, seed: int, g: ww.Game
             ) -> list[dict[str, Any]]:
    """How every library strategy does against ``opponent`` over the same number of turns,
    with the same mistakes and seed: each one's per-turn score and outcome shares, best
    first (computed by a tournament, not scripted)."""
    names = [d["spec"] for d in strategies() if d["spec"] != opponent.spec]
    players = [opponent, *[strategy(n) for n in names]]
    n = len(players)
    pairs = np.array([(0, k) for k in range(1, n)], np.int64)
    plan = ww.Plan.build(players, turns=turns, repetitions=1, noise=noise, seed=seed, game=g,
                         self_play=False, pairs=pairs)
    from winwin.tournament import run

    r = run(plan, threads=1, progress=False)
    pay = r.payoff_matrix
    shares = r.pair_outcome_counts.astype(float)
    rows: list[dict[str, Any]] = []
    for k in range(1, n):
        c = shares[k, 0] / shares[k, 0].sum()
        rows.append({"spec": players[k].spec, "name": players[k].name,
                     "score": float(pay[k, 0]), "opponent_score": float(pay[0, k]),
                     "win_win": float(c[vocabulary.COLUMN["win_win"]]),
                     "lose_lose": float(c[vocabulary.COLUMN["lose_lose"]])})
    rows.sort(key=lambda d: -d["score"])
    return rows


# -- short run, long run ---------------------------------------------------------------------------


def horizon(*, exploiter: str = "always-cheat", reciprocator: str = "tit-for-tat",
            power: float = 2.0, turns: int | None = 50, prob_end: float | None = None,
            noise: float = 0.0, seed: int | None = None) -> dict[str, Any]:
    """The short run and the long run, for the stronger side of an unbalanced relationship.

    The game: the stronger side (player 1) gains ``power`` times the usual temptation from
    exploiting, the weaker loses ``power`` times the sucker's loss (PD 3, 0, 5, 1 otherwise).
    Against a reciprocator, the exploiter's expected running total is compared with a
    reciprocator's own (exact, from the Markov chain, turn by turn); the turn where exploiting
    stops paying is the first after which cooperating stays ahead. One seeded match of each
    pair shows the same with the dice thrown.
    """
    from winwin.analysis import transition_matrices

    if prob_end is not None:
        turns = None
    strong = (3.0, 0.0, 3.0 + 2.0 * power, 1.0)
    weak = (3.0, 1.0 - power, 5.0, 1.0)
    g = ww.Game(strong, weak, name=",".join(f"{x:g}" for x in strong) + "/"
                + ",".join(f"{x:g}" for x in weak))
    a, b = strategy(exploiter), strategy(reciprocator)
    va, vb = a.memory_one(g), b.memory_one(g)
    for field, s, v in (("exploiter", a, va), ("reciprocator", b, vb)):
        if v is None:
            raise ww.ParameterError(field, s.spec, "a memory-one strategy (the curve is exact)")
    horizon_turns = turns if turns is not None else int(min(_caps.MAX_PLAY_TURNS * 5,
                                                            math.ceil(3.0 / prob_end)))  # type: ignore[operator]
    n = horizon_turns
    # the outcome distribution turn by turn from the Markov chain's transition matrices
    dist, m = transition_matrices(np.array([va, vb], float), np.array([vb, vb], float), noise)
    u = np.asarray(g.payoffs_1)
    ts = np.arange(1, n + 1)
    per_turn = np.empty((n, 2))
    for k in range(n):
        per_turn[k] = dist @ u
        dist = np.einsum("ps,pst->pt", dist, m)
    exploit, cooperate = np.cumsum(per_turn[:, 0]), np.cumsum(per_turn[:, 1])
    ahead = cooperate >= exploit
    stops = None
    if ahead[-1]:
        behind = np.nonzero(~ahead)[0]
        stops = int(behind[-1] + 2) if len(behind) else 1
    mean = float(turns) if turns is not None else 1.0 / prob_end  # type: ignore[operator]
    m1 = ww.match(a, b, turns=turns, prob_end=prob_end, noise=noise, seed=seed, game=g)
    m2 = ww.match(b, b, turns=turns, prob_end=prob_end, noise=noise, seed=seed, game=g)
    return plain({"game": game_info(g), "exploiter": a.spec, "reciprocator": b.spec,
                  "exploiter_name": a.name, "reciprocator_name": b.name,
                  "turns": ts, "exploit": exploit, "cooperate": cooperate,
                  "stops_paying": stops, "mean_length": mean,
                  "verdict": _words.horizon_verdict(a.name, b.name, stops, mean),
                  "seed": m1.params["seed"],
                  "sample": {"exploit": _cumulative(m1)[0], "cooperate": _cumulative(m2)[0],
                             "actions_exploit": m1.actions_text(),
                             "actions_cooperate": m2.actions_text()}})


# -- your situation as a game ----------------------------------------------------------------------


def scenario_examples() -> list[dict[str, Any]]:
    """The shipped examples: name, title and answers (the layout :func:`scenario` takes)."""
    from winwin import scenario as sc

    return [{"name": name, "title": title, "answers": plain(sc.example(name).to_dict())}
            for name, title in sc.examples().items()]


def scenario(answers: Mapping[str, Any], *, format: str = "json") -> Any:
    """The brief for a dict of answers (checked by :func:`winwin.scenario.answers_from_dict`,
    whose errors name the question): ``Brief.to_dict()`` and its Markdown, or the brief alone
    as Markdown or a self-contained HTML page.

    >>> d = scenario({"rounds": 10, "mistakes": 0})
    >>> d["analysis"]["families"][0]["name"], d["analysis"]["crossovers"][0]["crossover"]
    ("Prisoner's Dilemma", 2)
    """
    from fastapi import Response

    from winwin import scenario as sc

    brief = sc.brief(sc.answers_from_dict(answers))
    if format == "html":
        return Response(brief.html(), media_type="text/html; charset=utf-8")
    if format == "markdown":
        return Response(brief.markdown(), media_type="text/markdown; charset=utf-8")
    return plain({**brief.to_dict(), "markdown": brief.markdown()})
