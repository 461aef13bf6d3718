"""N-player social dilemmas in finite and infinite populations.

Groups of N are drawn from the population: hypergeometrically from the other Z - 1 in a finite
population of Z (an individual's fitness is its expected payoff over all groups it can be in),
binomially in an infinite one. Each game gives the payoff of a cooperator (``cooperator[j]``)
and of a defector (``defector[j]``) when j of the other N - 1 group members cooperate.

- Linear public goods game: everyone's contribution c is multiplied by r and shared by all
  N; defection dominates when r < N, cooperation when r > N (in a finite population of Z the
  threshold is ``r = N (Z - 1) / (Z - N)``).
- N-player stag hunt (Pacheco, Santos, Souza & Skyrms 2009, Proc. R. Soc. B 276:315): the
  public good (``F c k / N`` for k cooperators) is produced only when at least M cooperate.
- Volunteer's dilemma (Diekmann 1985): everyone gets b when at least one volunteers; a
  volunteer pays c. In an infinite population volunteers settle at ``1 - (c / b)^(1/(N-1))``.
- Collective-risk dilemma (Santos & Pacheco 2011, PNAS 108:10421): everyone holds b,
  cooperators give c b; if fewer than M cooperate, all lose everything with probability r.
  Cooperation rises with the risk.

The analyses of every game run here through :mod:`winwin.evolution.gradient`,
:mod:`winwin.evolution.chain` and :func:`fixation_probabilities`; :func:`replicator_game`
integrates the infinite population's dynamics.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from winwin._errors import ParameterError, check_float, check_int
from winwin.evolution._population import (
    PopulationGame,
    binomial_pmf,
    hypergeometric_pmf,
)

__all__ = ["NPlayerAnalysis", "NPlayerGame", "analyse", "collective_risk", "nplayer_game", "parse_nplayer",
           "public_goods", "replicator_game", "stag_hunt", "volunteer"]

MAX_GROUP = 10_000


@dataclass(frozen=True, eq=False)
class NPlayerGame(PopulationGame):
    """A two-strategy N-player game: payoffs by the number j of cooperators among the other
    ``group - 1`` members."""

    name: str
    group: int
    cooperator: np.ndarray
    defector: np.ndarray
    settings: dict[str, Any] = field(default_factory=dict)
    players: tuple[str, ...] = ("C", "D")

    def __post_init__(self) -> None:
        for label in ("cooperator", "defector"):
            v = np.array(getattr(self, label), np.float64)
            if v.shape != (self.group,) or not np.all(np.isfinite(v)):
                raise ParameterError(label, v.shape, f"{self.group} finite payoffs (j = 0 .. "
                                     f"{self.group - 1} cooperating others)")
            v.flags.writeable = False
            object.__setattr__(self, label, v)

    def check_population(self, population: int) -> int:
        z = check_int("population", population, low=2)
        if self.group > z:
            raise ParameterError("group", self.group, f"a group size of at most the "
                                 f"population ({z})")
        return z

    def state_payoffs(self, states: np.ndarray, population: int) -> np.ndarray:
        s = np.asarray(states, np.int64)
        i = s[:, 0]
        draws = self.group - 1
        hc = hypergeometric_pmf(population - 1, np.maximum(i - 1, 0), draws)
        hd = hypergeometric_pmf(population - 1, np.minimum(i, population - 1), draws)
        out = np.column_stack([hc @ self.cooperator, hd @ self.defector])
        out[s == 0] = 0.0
        return np.asarray(out)

    def share_payoffs(self, shares: np.ndarray) -> np.ndarray:
        x = np.atleast_2d(shares)[:, 0]
        b = binomial_pmf(self.group - 1, np.clip(x, 0.0, 1.0))
        return np.asarray(np.column_stack([b @ self.cooperator, b @ self.defector]))

    def describe(self) -> dict[str, Any]:
        return {"game": self.name, "group": self.group, **self.settings}

    def spec(self) -> str:
        inner = ",".join(f"{k}={v:g}" if isinstance(v, float) else f"{k}={v}"
                         for k, v in {"N": self.group, **self.settings}.items())
        return f"{self.name}({inner})"


def _group(group: int) -> int:
    return check_int("group", group, low=2, high=MAX_GROUP)


def _threshold(threshold: int, n: int) -> int:
    return check_int("threshold", threshold, low=1, high=n)


def nplayer_game(cooperator: Sequence[float], defector: Sequence[float], name: str = "custom"
                 ) -> NPlayerGame:
    """A game from its payoff lists (index j: cooperating others, 0 .. N - 1)."""
    c = np.asarray(cooperator, np.float64)
    return NPlayerGame(name, _group(len(c)), c, np.asarray(defector, np.float64))


def public_goods(group: int, r: float, c: float = 1.0) -> NPlayerGame:
    """The linear public goods game.

    >>> g = public_goods(5, 3.0)
    >>> g.cooperator.tolist()[:2], g.defector.tolist()[:2]
    ([-0.4, 0.19999999999999996], [0.0, 0.6])
    """
    n = _group(group)
    r = check_float("r", r, low=0.0)
    c = check_float("c", c, low=0.0)
    j = np.arange(n)
    return NPlayerGame("public-goods", n, r * c * (j + 1) / n - c, r * c * j / n,
                       {"r": r, "c": c})


def stag_hunt(group: int, threshold: int, F: float, c: float = 1.0) -> NPlayerGame:  # noqa: N803
    """The N-player stag hunt: ``F c k / N`` for all when k >= M cooperate, 0 otherwise; a
    cooperator pays c."""
    n = _group(group)
    m = _threshold(threshold, n)
    f = check_float("F", F, low=0.0)
    c = check_float("c", c, low=0.0)
    j = np.arange(n)
    good_c = np.where(j + 1 >= m, f * c * (j + 1) / n, 0.0)
    good_d = np.where(j >= m, f * c * j / n, 0.0)
    return NPlayerGame("stag-hunt", n, good_c - c, good_d, {"M": m, "F": f, "c": c})


def volunteer(group: int, b: float = 1.0, c: float = 0.5) -> NPlayerGame:
    """The volunteer's dilemma: b for all when at least one volunteers, who pays c."""
    n = _group(group)
    b = check_float("b", b, low=0.0)
    c = check_float("c", c, low=0.0)
    j = np.arange(n)
    return NPlayerGame("volunteer", n, np.full(n, b - c), np.where(j >= 1, b, 0.0),
                       {"b": b, "c": c})


def collective_risk(group: int, threshold: int, risk: float, c: float = 0.1, b: float = 1.0
                    ) -> NPlayerGame:
    """The collective-risk dilemma: endowment b, cooperators give ``c b``; with fewer than M
    cooperators everything is lost with probability ``risk``."""
    n = _group(group)
    m = _threshold(threshold, n)
    r = check_float("risk", risk, low=0.0, high=1.0)
    c = check_float("c", c, low=0.0, high=1.0)
    b = check_float("b", b, low=0.0)
    j = np.arange(n)

    def kept(k: np.ndarray) -> np.ndarray:
        return np.where(k >= m, b, (1 - r) * b)

    return NPlayerGame("collective-risk", n, kept(j + 1) - c * b, kept(j),
                       {"M": m, "risk": r, "c": c, "b": b})


GAMES = {"public-goods": public_goods, "pgg": public_goods, "stag-hunt": stag_hunt,
         "volunteer": volunteer, "collective-risk": collective_risk, "crd": collective_risk}


def parse_nplayer(text: str) -> NPlayerGame:
    """A game from the spec language: ``public-goods(N=5,r=3)``, ``stag-hunt(N=10,M=5,F=8)``,
    ``volunteer(N=5,b=1,c=0.5)``, ``collective-risk(N=6,M=3,risk=0.5)``.

    >>> parse_nplayer("public-goods(N=4,r=2.5)").describe()
    {'game': 'public-goods', 'group': 4, 'r': 2.5, 'c': 1.0}
    """
    from winwin.spec import parse

    call = parse(text, field="game")
    name = call.name
    if name not in GAMES:
        raise ParameterError("game", text, "public-goods, stag-hunt, volunteer or "
                             "collective-risk, e.g. 'public-goods(N=5,r=3)'")
    if call.positional:
        raise ParameterError("game", text, "named parameters only, e.g. 'public-goods(N=5,r=3)'")
    kw = dict(call.keywords)
    if "N" not in kw:
        raise ParameterError("game", text, "the group size N=..., e.g. 'public-goods(N=5,r=3)'")
    kw["group"] = kw.pop("N")
    if "M" in kw:
        kw["threshold"] = kw.pop("M")
    try:
        return GAMES[name](**kw)  # type: ignore[operator]
    except TypeError:
        import inspect

        maker: Any = GAMES[name]
        allowed = [p for p in inspect.signature(maker).parameters if p != "group"]
        names = ["M" if p == "threshold" else p for p in allowed]
        raise ParameterError("game", text, f"N and {', '.join(names)} for {name}") from None


def replicator_game(game: PopulationGame, *, shares: Sequence[float] | None = None,
                    time: float = 100.0, points: int = 201) -> Any:
    """The replicator dynamics ``dx_i/dt = x_i (f_i - f_mean)`` of any population game in an
    infinite population (groups drawn binomially)."""
    from scipy.integrate import solve_ivp

    from winwin.evolution.replicator import DynamicsResult

    k = game.k
    x0 = np.full(k, 1.0 / k) if shares is None else np.asarray(shares, np.float64)
    if x0.shape != (k,) or np.any(~np.isfinite(x0)) or np.any(x0 < 0) or x0.sum() <= 0:
        raise ParameterError("shares", None if shares is None else list(shares),
                             f"{k} non-negative numbers with a positive sum")
    x0 = x0 / x0.sum()
    t_end = check_float("time", time, low=0.0, low_open=True)
    n = check_int("points", points, low=2, high=100_000)

    def rhs(_t: float, x: np.ndarray) -> np.ndarray:
        f = game.share_payoffs(x[None, :])[0]
        return np.asarray(x * (f - x @ f))

    t = np.linspace(0.0, t_end, n)
    sol = solve_ivp(rhs, (0.0, t_end), x0, t_eval=t, rtol=1e-10, atol=1e-12)
    x = np.clip(sol.y.T, 0.0, None)
    x /= x.sum(axis=1, keepdims=True)
    return DynamicsResult(game.players, t, x, {"time": t_end, "points": n, "kind": "replicator",
                                               **game.describe()})


@dataclass(frozen=True)
class NPlayerAnalysis:
    """Everything about one N-player dilemma in one population: the replicator limit's and
    the finite population's gradients and rest points, fixation of one cooperator among
    defectors and the reverse (next to neutral 1/Z), the small-mutation limit and, with
    mutation, the full stationary distribution."""

    game: NPlayerGame
    population: int
    infinite: Any  # GradientResult
    finite: Any  # GradientResult
    fixation: np.ndarray  # rho[i, j]
    small_mutation: Any  # SmallMutationResult
    stationary: Any  # StationaryResult or None
    params: dict[str, Any]

    @property
    def players(self) -> tuple[str, ...]:
        return self.game.players

    def to_dict(self) -> dict[str, Any]:
        return {"game": self.game.spec(), "population": self.population,
                "rest_points_infinite": self.infinite.rest_points,
                "rest_points_finite": self.finite.rest_points,
                "fixation": {"C_in_D": float(self.fixation[0, 1]),
                             "D_in_C": float(self.fixation[1, 0]),
                             "neutral": 1 / self.population},
                "small_mutation": {p: float(x) for p, x in
                                   zip(self.players, self.small_mutation.stationary,
                                       strict=True)},
                "stationary": None if self.stationary is None else
                self.stationary.to_dict(top=5),
                "params": self.params}

    def to_frame(self) -> Any:
        df = self.finite.to_frame()
        if self.stationary is not None:
            df["stationary"] = _by_count(self.stationary, self.finite)
        return df


def _by_count(stationary: Any, finite: Any) -> np.ndarray:
    """The stationary probabilities in the order of the finite gradient's points."""
    z = stationary.population
    where = {int(s[0]): p for s, p in zip(stationary.states, stationary.distribution,
                                          strict=True)}
    return np.array([where[int(round(x * z))] for x in finite.points[:, 0]])


def analyse(game: NPlayerGame | str, population: int, *, mutation: float = 0.0,
            process: str = "pairwise", selection: str = "linear", w: float | None = None,
            beta: float | None = None) -> NPlayerAnalysis:
    """Gradients, rest points, fixation, the small-mutation limit and (with ``mutation``) the
    stationary distribution of an N-player dilemma; ``game`` may be a spec such as
    ``"collective-risk(N=6,M=3,risk=0.5)"``."""
    from winwin.evolution._population import check_mutation
    from winwin.evolution.chain import (
        fixation_probabilities,
        small_mutation,
        stationary_distribution,
    )
    from winwin.evolution.gradient import gradient_of_selection

    g = parse_nplayer(game) if isinstance(game, str) else game
    if not isinstance(g, NPlayerGame):
        raise ParameterError("game", type(g).__name__, "an N-player game")
    z = g.check_population(population)
    mu = check_mutation(mutation)
    dyn: dict[str, Any] = {"process": process, "selection": selection, "w": w, "beta": beta}
    finite = gradient_of_selection(g, z, mutation=mu, **dyn)
    infinite = gradient_of_selection(g, None)
    rho = fixation_probabilities(g, z, **dyn)
    sml = small_mutation(g, z, **dyn)
    stat = stationary_distribution(g, z, mutation=mu, **dyn) if mu > 0 else None
    params = {**finite.params, "population": z}
    return NPlayerAnalysis(g, z, infinite, finite, rho, sml, stat, params)
