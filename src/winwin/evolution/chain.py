"""The full Markov chain of a finite population with mutation, and its stationary distribution.

With k strategies in a well-mixed population of Z, the population's state is its counts
``(n_1, ..., n_k)``: ``C(Z + k - 1, k - 1)`` states (5,151 for 3 strategies at Z = 100,
176,851 for 4). One elementary step of the birth-death, death-birth or pairwise-comparison
process turns one individual into another strategy (:func:`step_probabilities` states the
rules; they are the Moran kernels' rules, so simulation and chain are the same process). With
mutation every state can reach every other and the chain has one stationary distribution:
the share of time the population spends in each state, at any mutation rate, not only in the
small-mutation limit (:func:`winwin.evolution.small_mutation_limit`, which this one recovers
as ``mutation -> 0``).

The transition matrix is sparse (at most ``k (k - 1) + 1`` entries a row). The stationary
vector solves ``pi (T - I) = 0``, ``sum(pi) = 1``: one state's equation is dropped and its
probability fixed, and the rest is a sparse linear system, solved directly (SuperLU) or, when
the factors would not fit or the direct answer is not accurate enough, iteratively (GMRES
with an incomplete-LU preconditioner, then power steps). The result states the solver used
and its residual ``||pi T - pi||_1``. EGTtools instead builds the dense matrix and runs a full
eigendecomposition (294 s for 3 strategies at Z = 100 on our machine).
"""

from __future__ import annotations

import json
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from winwin._errors import ParameterError, WinwinError, check_float, check_int
from winwin.evolution._population import (
    PROCESSES,
    PopulationGame,
    as_game,
    check_dynamics,
    check_mutation,
    state_codes,
    state_count,
    states_of,
    step_probabilities,
)

__all__ = ["Chain", "StationaryResult", "chain_memory", "fixation_probabilities",
           "small_mutation", "stationary_distribution", "transition_matrix"]

SOLVERS = ("auto", "direct", "iterative", "dense")
#: Residual ||pi T - pi||_1 that a solve must reach; the iterative solver stops there.
TOLERANCE = 1e-10


def chain_memory(k: int, population: int, solver: str = "auto") -> dict[str, float]:
    """Bytes a chain and its solve are expected to need: ``states``, ``entries`` (non-zeros),
    ``chain`` (the matrix while it is built), ``direct`` (SuperLU's factors on top, measured
    measured fill in nested-dissection order: about ``18 n^(4/3)`` entries for 4 strategies,
    ``60 n`` for 3) and ``iterative`` (the preconditioner and Krylov vectors on top)."""
    n = state_count(k, population)
    nnz = n * (k * (k - 1) + 1)
    build = n * k * k * 8 * 3 + nnz * (8 + 8 + 8) * 3  # step probabilities; COO, CSR, CSC
    d = k - 1  # the lattice's dimension; nested dissection fills about n^(2 (d - 1) / d)
    fill = 12.0 * nnz if d <= 2 else 18.0 * n ** (2 * (d - 1) / d) + 2.0 * nnz
    direct = build + fill * (8 + 4) * 1.3
    iterative = build + nnz * (8 + 4) * 3 + n * 8 * 40
    return {"states": float(n), "entries": float(nnz), "chain": float(build),
            "direct": float(direct), "iterative": float(iterative), "dense": float(n * n * 8 * 3)}


def _check_size(k: int, population: int, solver: str) -> dict[str, float]:
    from winwin._system import available_memory

    need = chain_memory(k, population, solver)
    free = float(available_memory())
    least = need["dense"] if solver == "dense" else need["iterative"]
    if solver == "direct":
        least = need["direct"]
    if solver == "dense" and need["states"] > 20_000:
        raise ParameterError("solver", solver, f"direct, iterative or auto for "
                             f"{need['states']:,.0f} states (dense is for small chains)")
    if least > 0.6 * free or need["states"] > 50_000_000:
        raise ParameterError("population", population, f"a smaller population for {k} "
                             f"strategies: the chain has {need['states']:,.0f} states and "
                             f"needs about {least / 2**30:.1f} GiB ({free / 2**30:.1f} GiB "
                             "free)")
    return need


@dataclass(frozen=True)
class Chain:
    """The transition matrix over all population states: ``matrix[a, b]`` is the probability
    of one elementary step from ``states[a]`` to ``states[b]`` (a scipy CSR matrix)."""

    players: tuple[str, ...]
    population: int
    states: np.ndarray
    matrix: Any
    params: dict[str, Any] = field(default_factory=dict)

    def index(self, state: Sequence[int]) -> int:
        """The row of a state given as counts."""
        s = np.asarray(state, np.int64)
        if s.shape != (len(self.players),) or s.sum() != self.population or np.any(s < 0):
            raise ParameterError("state", list(s.tolist()), f"{len(self.players)} counts "
                                 f"adding up to {self.population}")
        codes = state_codes(self.states, self.population)
        return int(np.flatnonzero(codes == state_codes(s[None, :], self.population)[0])[0])

    def dense(self) -> np.ndarray:
        return np.asarray(self.matrix.toarray())


def _prepare(game: Any, population: int, process: str, selection: str, w: float | None,
             beta: float | None, mutation: float, payoffs: str | None, solver: str,
             payoff_kw: dict[str, Any]) -> tuple[PopulationGame, int, tuple[int, int, float],
                                                float, dict[str, float]]:
    if solver not in SOLVERS:
        raise ParameterError("solver", solver, ", ".join(SOLVERS))
    dyn = check_dynamics(process, selection, w, beta)
    mu = check_mutation(mutation)
    g = as_game(game, payoffs, **payoff_kw)
    z = g.check_population(population)
    need = _check_size(g.k, z, solver)
    return g, z, dyn, mu, need


def transition_matrix(game: Any, population: int, *, mutation: float = 0.0,
                      process: str = "birth-death", selection: str = "linear",
                      w: float | None = None, beta: float | None = None,
                      payoffs: str | None = None, **payoff_kw: Any) -> Chain:
    """The sparse transition matrix of one elementary step (see the module text).

    ``game``: a :class:`PayoffTable`, a square payoff matrix, an N-player game
    (:mod:`winwin.evolution.nplayer`) or strategy names (with ``game=``, ``turns=`` ... for
    :func:`payoff_table`).

    >>> c = transition_matrix([[1, 0], [0, 1]], 4, mutation=0.1, w=0.0)
    >>> c.states.tolist()
    [[4, 0], [3, 1], [2, 2], [1, 3], [0, 4]]
    >>> bool(np.allclose(c.matrix.sum(axis=1), 1.0))
    True
    """
    g, z, dyn, mu, _ = _prepare(game, population, process, selection, w, beta, mutation,
                                payoffs, "auto", payoff_kw)
    return _build(g, z, dyn, mu, process, selection)


def _build(g: PopulationGame, z: int, dyn: tuple[int, int, float], mu: float, process: str,
           selection: str) -> Chain:
    from scipy import sparse

    proc, sel, intensity = dyn
    states = states_of(g.k, z)
    n, k = states.shape
    codes = state_codes(states, z)
    order = np.argsort(codes)
    sorted_codes = codes[order]
    step = step_probabilities(g, states, z, proc, sel, intensity, mu)
    weights = (z + 1) ** np.arange(k - 1, dtype=np.int64)
    unit = np.zeros(k, np.int64)
    unit[:-1] = weights
    rows, cols, vals = [np.arange(n)], [np.arange(n)], [1.0 - step.sum(axis=(1, 2))]
    for j in range(k):
        has = np.flatnonzero(states[:, j] > 0)
        for i in range(k):
            if i == j:
                continue
            target = codes[has] - unit[j] + unit[i]
            rows.append(has)
            cols.append(order[np.searchsorted(sorted_codes, target)])
            vals.append(step[has, j, i])
    r, c, v = np.concatenate(rows), np.concatenate(cols), np.concatenate(vals)
    keep = v != 0.0
    matrix = sparse.csr_matrix((v[keep], (r[keep], c[keep])), shape=(n, n))
    params = {"process": process, "selection": selection,
              "w": None if proc == PROCESSES["pairwise"] else intensity,
              "beta": intensity if proc == PROCESSES["pairwise"] else None, "mutation": mu,
              **g.describe()}
    return Chain(g.players, z, states, matrix, params)


# -- the stationary distribution ---------------------------------------------------------------


@dataclass(frozen=True)
class StationaryResult:
    """The stationary distribution of the full chain: ``distribution[a]`` is the long-run
    share of time in ``states[a]``."""

    players: tuple[str, ...]
    population: int
    states: np.ndarray
    distribution: np.ndarray
    solver: str
    residual: float
    seconds: float
    params: dict[str, Any]

    @property
    def marginals(self) -> np.ndarray:
        """Each strategy's expected share of the population (time-averaged)."""
        return np.asarray(self.distribution @ self.states / self.population)

    @property
    def monomorphic(self) -> np.ndarray:
        """The share of time each strategy is the whole population."""
        k = len(self.players)
        out = np.zeros(k)
        for i in range(k):
            out[i] = self.distribution[self.states[:, i] == self.population].sum()
        return out

    def top(self, n: int = 10) -> list[dict[str, Any]]:
        """The ``n`` most visited states, most visited first."""
        n = check_int("top", n, low=1)
        order = np.argsort(-self.distribution, kind="stable")[:n]
        return [{"state": {p: int(c) for p, c in zip(self.players, self.states[a], strict=True)},
                 "probability": float(self.distribution[a])} for a in order]

    def probability(self, state: Sequence[int]) -> float:
        s = np.asarray(state, np.int64)
        hit = np.flatnonzero(np.all(self.states == s[None, :], axis=1))
        if len(hit) != 1:
            raise ParameterError("state", list(s.tolist()), f"{len(self.players)} counts adding "
                                 f"up to {self.population}")
        return float(self.distribution[hit[0]])

    def to_dict(self, states: bool = False, top: int = 10) -> dict[str, Any]:
        d: dict[str, Any] = {
            "players": list(self.players), "population": self.population,
            "n_states": int(len(self.states)),
            "marginals": {p: float(x) for p, x in zip(self.players, self.marginals, strict=True)},
            "monomorphic": {p: float(x) for p, x in
                            zip(self.players, self.monomorphic, strict=True)},
            "most_visited": self.top(min(top, len(self.states))), "solver": self.solver,
            "residual": self.residual, "seconds": self.seconds, "params": self.params}
        if states:
            d["states"] = self.states.tolist()
            d["distribution"] = self.distribution.tolist()
        return d

    def to_json(self, **kw: Any) -> str:
        return json.dumps(self.to_dict(), **kw)

    def to_frame(self) -> Any:
        import pandas as pd

        df = pd.DataFrame(self.states, columns=list(self.players))
        df["probability"] = self.distribution
        return df

    def plot_simplex(self, path: Any = None, **kw: Any) -> Any:
        """Three strategies: the simplex coloured by the distribution, gradient arrows on it."""
        from winwin.plots import egt

        return egt.simplex(self, path, **kw)


def stationary_distribution(game: Any, population: int, *, mutation: float,
                            process: str = "birth-death", selection: str = "linear",
                            w: float | None = None, beta: float | None = None,
                            payoffs: str | None = None, solver: str = "auto",
                            tolerance: float = TOLERANCE, **payoff_kw: Any
                            ) -> StationaryResult:
    """The stationary distribution over all states of the chain at mutation rate ``mutation``
    (0 < mutation <= 1; use :func:`small_mutation_limit` for the limit mutation -> 0).

    ``solver``: "direct" (sparse LU), "iterative" (GMRES + ILU, then power steps), "dense"
    (numpy, small chains: the oracle) or "auto" (direct when its factors fit in memory,
    iterative otherwise or when the direct residual misses ``tolerance``). A population whose
    chain would not fit is refused before any work, with the estimate.

    >>> r = stationary_distribution([[1, 0], [0, 1]], 10, mutation=0.05, w=0.0)
    >>> [round(float(x), 12) for x in r.marginals]  # neutral: symmetric
    [0.5, 0.5]
    """
    g, z, dyn, mu, need = _prepare(game, population, process, selection, w, beta, mutation,
                                   payoffs, solver, payoff_kw)
    if mu == 0.0:
        raise ParameterError("mutation", mu, "a rate with 0 < mutation <= 1 (without mutation "
                             "the chain ends in one monomorphic state; see "
                             "small_mutation_limit for the limit)")
    tol = check_float("tolerance", tolerance, low=0.0, low_open=True, high=1e-3)
    start = time.perf_counter()
    chain = _build(g, z, dyn, mu, process, selection)
    pi, used, residual = solve_stationary(chain.matrix, solver, tol, need, chain.states)
    seconds = time.perf_counter() - start
    params = {**chain.params, "population": z, "solver": used, "tolerance": tol}
    return StationaryResult(g.players, z, chain.states, pi, used, residual, seconds, params)


def residual_of(matrix: Any, pi: np.ndarray) -> float:
    return float(np.abs(matrix.T @ pi - pi).sum())


def solve_stationary(matrix: Any, solver: str = "auto", tolerance: float = TOLERANCE,
                     need: dict[str, float] | None = None, states: np.ndarray | None = None
                     ) -> tuple[np.ndarray, str, float]:
    """(pi, the solver that gave it, its residual) for a row-stochastic sparse ``matrix``;
    ``states`` (the lattice points of the rows) lets the direct solver order by dissection."""
    from winwin._system import available_memory

    n = matrix.shape[0]
    if solver == "dense" or n == 1:
        pi = _dense(matrix)
        return pi, "dense", residual_of(matrix, pi)
    fits = need is None or need["direct"] < 0.5 * available_memory()
    if solver == "direct" or (solver == "auto" and fits):
        try:
            pi = _direct(matrix, states)
            res = residual_of(matrix, pi)
            if solver == "direct" or res <= tolerance:
                return pi, "direct", res
        except (MemoryError, RuntimeError):  # SuperLU out of memory or a singular factor
            if solver == "direct":
                raise WinwinError("the direct solve failed (out of memory or singular); use "
                                  "solver='iterative'") from None
    pi = _iterative(matrix, tolerance)
    return pi, "iterative", residual_of(matrix, pi)


def _reference(matrix: Any) -> int:
    """The state whose equation is dropped: the stickiest one (largest staying probability),
    in practice one of the most visited."""
    return int(np.argmax(matrix.diagonal()))


def _reduced(matrix: Any) -> tuple[Any, np.ndarray, int, np.ndarray]:
    from scipy import sparse

    n = matrix.shape[0]
    a = (matrix.T - sparse.identity(n, format="csr")).tocsc()
    r = _reference(matrix)
    keep = np.flatnonzero(np.arange(n) != r)
    sub = a[keep][:, keep].tocsc()
    rhs = -np.asarray(a[keep][:, [r]].toarray()).ravel()
    return sub, rhs, r, keep


def _assemble(x: np.ndarray, r: int, keep: np.ndarray, n: int) -> np.ndarray:
    pi = np.empty(n)
    pi[r] = 1.0
    pi[keep] = x
    pi = np.clip(pi, 0.0, None)
    return np.asarray(pi / pi.sum())


def dissection_order(coords: np.ndarray, leaf: int = 64) -> np.ndarray:
    """A nested-dissection order of lattice points: split the points by the plane
    ``coords[:, d] == median`` with the fewest points (over every coordinate d), order the two halves (recursively)
    before the plane. One step changes every count by at most one, so the plane separates the
    halves, and the factors of the chain stay sparse (fill about ``n^(4/3)`` for 4 strategies,
    against ``n^(5/3)`` and more for the generic orderings)."""
    out: list[np.ndarray] = []
    todo: list[tuple[np.ndarray, int]] = [(np.arange(len(coords)), 0)]
    # an explicit stack: (points, 0) splits them, (points, 1) emits them (a separator or leaf)
    while todo:
        idx, emit = todo.pop()
        if emit or len(idx) <= leaf:
            out.append(idx)
            continue
        c = coords[idx]
        best: tuple[int, int, int] | None = None  # (separator size, axis, cut)
        for d in range(c.shape[1]):
            lo, hi = int(c[:, d].min()), int(c[:, d].max())
            if hi - lo < 2:
                continue
            cut = min(max(int(np.median(c[:, d])), lo + 1), hi - 1)
            size = int(np.count_nonzero(c[:, d] == cut))
            if best is None or size < best[0]:
                best = (size, d, cut)
        if best is None:
            out.append(idx)
            continue
        _, d, cut = best
        # pushed in reverse: the lower half first, then the upper, then the plane
        todo.append((idx[c[:, d] == cut], 1))
        todo.append((idx[c[:, d] > cut], 0))
        todo.append((idx[c[:, d] < cut], 0))
    return np.concatenate(out)


def _direct(matrix: Any, states: np.ndarray | None = None) -> np.ndarray:
    """Sparse LU (SuperLU) of the reduced system in nested-dissection order. The system is
    column diagonally dominant (each column of T^T - I adds up to 0 or less), so elimination
    needs no pivoting and keeps the order."""
    from scipy.sparse.linalg import splu

    n = matrix.shape[0]
    sub, rhs, r, keep = _reduced(matrix)
    if states is None:
        lu = splu(sub, permc_spec="MMD_AT_PLUS_A")
        return _assemble(lu.solve(rhs), r, keep, n)
    p = dissection_order(np.asarray(states)[keep])
    lu = splu(sub[p][:, p].tocsc(), permc_spec="NATURAL", diag_pivot_thresh=0.0,
              options={"SymmetricMode": True})
    x = np.empty(len(p))
    x[p] = lu.solve(rhs[p])
    return _assemble(x, r, keep, n)


def _iterative(matrix: Any, tolerance: float) -> np.ndarray:
    import warnings

    from scipy.sparse.linalg import LinearOperator, gmres, spilu

    n = matrix.shape[0]
    sub, rhs, r, keep = _reduced(matrix)
    x = None
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            ilu = spilu(sub, drop_tol=1e-5, fill_factor=20)
        m = LinearOperator(sub.shape, ilu.solve)
        x, _info = gmres(sub, rhs, M=m, rtol=1e-14, atol=0.0, restart=60, maxiter=200)
    except RuntimeError:  # the incomplete factorisation broke down
        x = None
    pi = _assemble(x, r, keep, n) if x is not None and np.all(np.isfinite(x)) \
        else np.full(n, 1.0 / n)
    # polish (or, without a usable Krylov answer, converge) by power steps of the lazy chain
    mt = matrix.T.tocsr()
    for _ in range(100_000):
        if residual_of(matrix, pi) <= tolerance:
            break
        pi = 0.5 * (pi + mt @ pi)
        pi /= pi.sum()
    return pi


def _dense(matrix: Any) -> np.ndarray:
    """The eigenvector of T^T for eigenvalue 1 (numpy's dense eigendecomposition)."""
    t = matrix.toarray() if hasattr(matrix, "toarray") else np.asarray(matrix)
    vals, vecs = np.linalg.eig(t.T)
    v = np.real(vecs[:, int(np.argmin(np.abs(vals - 1.0)))])
    v = np.abs(v) if v.sum() >= 0 else np.abs(-v)
    return np.asarray(v / v.sum())


# -- fixation along the edges and the small-mutation limit, for any population game ----------


def fixation_probabilities(game: Any, population: int, *, process: str = "birth-death",
                           selection: str = "linear", w: float | None = None,
                           beta: float | None = None, payoffs: str | None = None,
                           **payoff_kw: Any) -> np.ndarray:
    """``rho[i, j]``: probability that one i mutant takes over a population of j (diagonal
    NaN), from the chain's own steps along the edge between i and j: ``rho = 1 / (1 +
    sum_k prod_{m<=k} T-(m) / T+(m))``. Any process (death-birth too) and any population game
    (N-player dilemmas too).

    >>> float(fixation_probabilities([[1, 1], [1, 1]], 10)[0, 1])  # neutral drift: 1/Z
    0.1
    """
    from winwin.evolution.exact import rho_from_log_ratios

    g = as_game(game, payoffs, **payoff_kw)
    z = g.check_population(population)
    proc, sel, intensity = check_dynamics(process, selection, w, beta)
    k = g.k
    rho = np.full((k, k), np.nan)
    m = np.arange(1, z)
    for i in range(k):
        for j in range(k):
            if i == j:
                continue
            states = np.zeros((z - 1, k), np.int64)
            states[:, i] = m
            states[:, j] = z - m
            step = step_probabilities(g, states, z, proc, sel, intensity, 0.0)
            up, down = step[:, j, i], step[:, i, j]
            if np.any(up <= 0):
                rho[i, j] = 0.0
                continue
            with np.errstate(divide="ignore"):
                rho[i, j] = rho_from_log_ratios(np.log(down) - np.log(up))
    return rho


def small_mutation(game: Any, population: int, *, process: str = "birth-death",
                   selection: str = "linear", w: float | None = None,
                   beta: float | None = None, payoffs: str | None = None,
                   **payoff_kw: Any) -> Any:
    """The small-mutation limit of any population game and process: the chain between the
    monomorphic states with rates ``rho[i, j] / (k - 1)`` (as
    :func:`winwin.evolution.small_mutation_limit` for pairwise games)."""
    from winwin.evolution.exact import SmallMutationResult

    g = as_game(game, payoffs, **payoff_kw)
    rho = fixation_probabilities(g, population, process=process, selection=selection, w=w,
                                 beta=beta)
    k = g.k
    p = np.nan_to_num(rho.T) / (k - 1)
    np.fill_diagonal(p, 0.0)
    np.fill_diagonal(p, 1.0 - p.sum(axis=1))
    from scipy import sparse

    pi, _, _ = solve_stationary(sparse.csr_matrix(p), "dense" if k <= 200 else "direct")
    params = {"process": process, "selection": selection, "w": w, "beta": beta,
              **g.describe()}
    return SmallMutationResult(g.players, int(population), rho, pi, params)
