"""Monte Carlo estimators at compiled speed, with standard errors, next to the exact values.

- :func:`estimate_fixation`: the share of independent runs in which one mutant takes over;
  standard error ``sqrt(p (1 - p) / runs)``.
- :func:`estimate_stationary`: one long run with mutation; the share of time in every state
  and each strategy's mean share, with standard errors from batch means (the run is cut into
  ``batches`` consecutive pieces, whose means are nearly independent when each piece is much
  longer than the chain's memory).

Both simulate the process step by step (:mod:`winwin.evolution._kernels`), for any
population game (pairwise tables and N-player dilemmas), and report the exact value from
the chain (:mod:`winwin.evolution.chain`) where it is affordable, so that every estimate can
be read against it: agreement means within a few standard errors.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

import numpy as np

from winwin._errors import ParameterError, check_int
from winwin.engine import _rng
from winwin.evolution._population import (
    MatrixGame,
    PopulationGame,
    as_game,
    check_dynamics,
    check_mutation,
    state_codes,
    states_of,
)
from winwin.evolution.moran import FixationResult

__all__ = ["StationaryEstimate", "estimate_fixation", "estimate_stationary"]

MAX_TABLE = 20_000_000  # codes of a payoff lookup table
#: Salts of this module's random streams (as :data:`winwin.engine._rng.STREAMS`).
STREAMS = {"estimate-fixation": 0x3C6EF372FE94F82B, "estimate-stationary": 0xA54FF53A5F1D36F1,
           "wright-fisher": 0x510E527FADE682D1}


def stream_key(seed: int, stream: str, index: int = 0) -> int:
    """The key of run ``index`` of one of this module's streams."""
    return _rng.mix(_rng.mix(_rng.base_key(seed) ^ STREAMS[stream]) + (index + 1) * _rng.GOLDEN)


def kernel_inputs(g: PopulationGame, z: int) -> tuple[int, np.ndarray, np.ndarray]:
    """(mode, matrix, table) for the kernels: pairwise matrices are computed in the kernel,
    any other game is looked up by state code."""
    k = g.k
    if isinstance(g, MatrixGame):
        return 0, g.matrix, np.zeros((1, k))
    size = (z + 1) ** (k - 1)
    if size > MAX_TABLE:
        raise ParameterError("population", z, f"at most a lookup table of {MAX_TABLE:,} "
                             f"states for this game ({size:,} asked)")
    states = states_of(k, z)
    table = np.zeros((size, k))
    table[state_codes(states, z)] = g.state_payoffs(states, z)
    return 1, np.zeros((k, k)), table


def estimate_fixation(game: Any, population: int, *, mutant: int = 0, resident: int = 1,
                      runs: int = 10_000, process: str = "pairwise", selection: str = "linear",
                      w: float | None = None, beta: float | None = None,
                      payoffs: str | None = None, seed: int | None = None,
                      max_generations: float = 1e6, **payoff_kw: Any) -> FixationResult:
    """Simulated fixation of one ``mutant`` among ``population - 1`` residents, next to the
    exact value (any process, any game); a :class:`FixationResult`."""
    from winwin.evolution import _kernels as K
    from winwin.evolution.chain import fixation_probabilities

    g = as_game(game, payoffs, **payoff_kw)
    z = g.check_population(population)
    proc, sel, intensity = check_dynamics(process, selection, w, beta)
    m = check_int("mutant", mutant, low=0, high=g.k - 1)
    r = check_int("resident", resident, low=0, high=g.k - 1)
    if m == r:
        raise ParameterError("resident", r, f"a strategy other than the mutant ({m})")
    n_runs = check_int("runs", runs, low=1, high=10**8)
    seed = _rng.check_seed(seed)
    mode, a, table = kernel_inputs(g, z)
    start = np.zeros(g.k, np.int64)
    start[m], start[r] = 1, z - 1
    keys = np.array([stream_key(seed, "estimate-fixation", i) for i in range(n_runs)],
                    np.uint64)
    winners = np.zeros(n_runs, np.int64)
    taken = np.zeros(n_runs, np.int64)
    K.fixations(mode, a, table, start, z, proc, sel, intensity, keys,
                int(max_generations * z), winners, taken)
    if np.any(winners < 0):
        raise ParameterError("max_generations", max_generations, "enough generations for "
                             f"every run to fix ({int(np.sum(winners < 0))} did not)")
    exact = float(fixation_probabilities(g, z, process=process, selection=selection, w=w,
                                         beta=beta)[m, r])
    params = {"process": process, "selection": selection, "intensity": intensity,
              "seed": seed, **g.describe()}
    return FixationResult(g.players[m], g.players[r], z, n_runs, int(np.sum(winners == m)),
                          float(taken.mean()), exact, params)


@dataclass(frozen=True)
class StationaryEstimate:
    """Time shares of every state and mean strategy shares from one long run."""

    players: tuple[str, ...]
    population: int
    states: np.ndarray
    visits: np.ndarray  # steps spent in each state (after the burn-in)
    batch_means: np.ndarray  # (batches, k) mean shares per batch
    exact: Any  # StationaryResult, or None when not asked
    params: dict[str, Any]

    @property
    def distribution(self) -> np.ndarray:
        return np.asarray(self.visits / self.visits.sum())

    @property
    def marginals(self) -> np.ndarray:
        return np.asarray(self.batch_means.mean(axis=0))

    @property
    def standard_errors(self) -> np.ndarray:
        b = len(self.batch_means)
        return np.asarray(self.batch_means.std(axis=0, ddof=1) / np.sqrt(b))

    def z_scores(self) -> np.ndarray:
        """(estimate - exact) / standard error of each strategy's mean share."""
        if self.exact is None:
            raise ParameterError("exact", None, "an estimate made with exact=True")
        se = np.maximum(self.standard_errors, 1e-300)
        return np.asarray((self.marginals - self.exact.marginals) / se)

    def to_dict(self) -> dict[str, Any]:
        d = {"players": list(self.players), "population": self.population,
             "marginals": {p: float(x) for p, x in zip(self.players, self.marginals,
                                                        strict=True)},
             "standard_errors": {p: float(x) for p, x in
                                 zip(self.players, self.standard_errors, strict=True)},
             "params": self.params}
        if self.exact is not None:
            d["exact_marginals"] = {p: float(x) for p, x in
                                    zip(self.players, self.exact.marginals, strict=True)}
            d["z_scores"] = {p: float(x) for p, x in zip(self.players, self.z_scores(),
                                                          strict=True)}
        return d

    def to_json(self, **kw: Any) -> str:
        return json.dumps(self.to_dict(), **kw)


def estimate_stationary(game: Any, population: int, *, mutation: float,
                        generations: float = 10_000, burn_in: float = 100,
                        batches: int = 20, process: str = "pairwise",
                        selection: str = "linear", w: float | None = None,
                        beta: float | None = None, payoffs: str | None = None,
                        seed: int | None = None, exact: bool = True,
                        **payoff_kw: Any) -> StationaryEstimate:
    """One run of ``generations`` (of Z steps) after ``burn_in`` generations, from an even
    split; ``exact=True`` adds the chain's exact distribution for comparison."""
    from winwin.evolution import _kernels as K

    g = as_game(game, payoffs, **payoff_kw)
    z = g.check_population(population)
    proc, sel, intensity = check_dynamics(process, selection, w, beta)
    mu = check_mutation(mutation)
    if mu == 0.0:
        raise ParameterError("mutation", mu, "a rate with 0 < mutation <= 1")
    from winwin._errors import check_float

    steps = int(check_float("generations", generations, low=1.0, high=1e9) * z)
    burn = int(check_float("burn_in", burn_in, low=0.0, high=1e9) * z)
    nb = check_int("batches", batches, low=2, high=10_000)
    seed = _rng.check_seed(seed)
    mode, a, table = kernel_inputs(g, z)
    states = states_of(g.k, z)
    codes = state_codes(states, z)
    size = (z + 1) ** (g.k - 1)
    if size > MAX_TABLE:
        raise ParameterError("population", z, f"at most {MAX_TABLE:,} state codes")
    counts = np.full(g.k, z // g.k, np.int64)
    counts[: z % g.k] += 1
    seen = np.zeros(size, np.int64)
    sums = np.zeros((nb, g.k))
    key = np.uint64(stream_key(seed, "estimate-stationary"))
    K.visits(mode, a, table, counts, z, proc, sel, intensity, mu, key, 0, steps, nb, burn,
             seen, sums)
    per = max(1, steps // nb)
    lengths = np.full(nb, per, np.float64)
    lengths[-1] = steps - per * (nb - 1)
    means = sums / lengths[:, None] / z
    ref = None
    if exact:
        from winwin.evolution.chain import stationary_distribution

        ref = stationary_distribution(g, z, mutation=mu, process=process, selection=selection,
                                      w=w, beta=beta)
    params = {"process": process, "selection": selection, "intensity": intensity,
              "mutation": mu, "generations": steps / z, "burn_in": burn / z, "batches": nb,
              "seed": seed, **g.describe()}
    return StationaryEstimate(g.players, z, states, seen[codes].astype(np.float64), means,
                              ref, params)
