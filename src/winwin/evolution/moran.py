"""The Moran process in finite populations, well-mixed or on a graph, and simulated fixation.

One *generation* is N elementary steps (N = population size). In each step of the
birth-death process one individual reproduces with probability proportional to its fitness and
its offspring replaces a random individual (a random neighbour on a graph); in death-birth a
random individual dies and the others (its neighbours) compete by fitness; in the pairwise
comparison process a random individual imitates a random other (neighbour) with probability
``1 / (1 + exp(-beta (pi_other - pi_self)))``. Payoffs are expected per-match payoffs from a
:class:`PayoffTable`; an individual's payoff is its mean against the rest of the population
(against its neighbours on a graph). Fitness is ``1 - w + w * payoff`` (linear) or
``exp(w * payoff)`` (exponential).
"""

from __future__ import annotations

import hashlib
import json
import math
import os
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from winwin import _budget
from winwin._errors import ParameterError, TooLargeError, WinwinError, check_float, check_int
from winwin._keep import Kept
from winwin.engine import _rng
from winwin.evolution._payoffs import PayoffTable, PopulationPictures, payoff_table, scale_params
from winwin.strategies import Strategy

__all__ = ["FixationResult", "MoranResult", "fixation", "moran"]

PROCESSES = {"birth-death": 0, "death-birth": 1, "pairwise": 2}
SELECTIONS = {"linear": 0, "exponential": 1}
MAX_GENERATIONS = 10_000_000


@dataclass(frozen=True, eq=False, repr=False)
class MoranResult(Kept, PopulationPictures):
    """Counts of each strategy over generations; ``winner`` once one strategy fixed."""

    players: tuple[str, ...]
    population: int
    generations: np.ndarray  # the generation of each trajectory row
    trajectory: np.ndarray  # (rows, strategies) counts
    steps: int
    winner: str | None
    params: dict[str, Any]

    @property
    def final(self) -> dict[str, int]:
        return {p: int(x) for p, x in zip(self.players, self.trajectory[-1], strict=True)}

    def to_dict(self) -> dict[str, Any]:
        return {"players": list(self.players), "population": self.population,
                "generations": self.generations.tolist(),
                "trajectory": self.trajectory.tolist(), "steps": self.steps,
                "generations_run": self.steps / self.population, "winner": self.winner,
                "final": self.final, "params": self.params}

    _REPR = ("players", "population", "steps", "winner")

    def to_frame(self) -> Any:
        """One row per kept generation: the count of each strategy."""
        import pandas as pd

        df = pd.DataFrame(self.trajectory, columns=list(self.players))
        df.insert(0, "generation", self.generations)
        return df


def _setup(players: Sequence[str | Strategy] | PayoffTable, payoff_kw: dict[str, Any]
           ) -> PayoffTable:
    return payoff_table(players, **payoff_kw)


def _selection(process: str, selection: str, w: float | None, beta: float | None
               ) -> tuple[int, int, float]:
    if process not in PROCESSES:
        raise ParameterError("process", process, ", ".join(PROCESSES))
    if selection not in SELECTIONS:
        raise ParameterError("selection", selection, ", ".join(SELECTIONS))
    if process == "pairwise":
        b = 1.0 if beta is None else check_float("beta", beta, low=0.0)
        return PROCESSES[process], SELECTIONS[selection], b
    if beta is not None:
        raise ParameterError("beta", beta, "only with process='pairwise' (use w)")
    ww_ = 1.0 if w is None else check_float(
        "w", w, low=0.0, high=1.0 if selection == "linear" else None)
    return PROCESSES[process], SELECTIONS[selection], ww_


def _check_fitness(table: PayoffTable, selection: int, intensity: float, process: int) -> None:
    if process == PROCESSES["pairwise"] or selection == SELECTIONS["exponential"]:
        return
    low = float(table.fitness.min())
    if 1 - intensity + intensity * low <= 0:
        raise ParameterError("w", intensity, f"a value keeping fitness 1 - w + w * payoff "
                             f"positive (the lowest payoff is {low:g}): use a smaller w or "
                             "selection='exponential'")


def _counts(table: Any, population: int | Sequence[int]) -> np.ndarray:
    """Starting counts for ``table.players`` (a table or any population game)."""
    k = len(table.players)
    if isinstance(population, (int, np.integer)) and not isinstance(population, bool):
        n = check_int("population", population, low=2, high=10**8)
        c = np.full(k, n // k, np.int64)
        c[: n % k] += 1
        return c
    c = np.asarray(population)
    if c.shape != (k,) or not np.issubdtype(c.dtype, np.integer) or np.any(c < 0) \
            or c.sum() < 2:
        raise ParameterError("population", list(np.asarray(population).tolist()),
                             f"a size (>= 2) or {k} non-negative counts adding up to >= 2")
    return c.astype(np.int64)


def moran(players: Sequence[str | Strategy] | PayoffTable,
          population: int | Sequence[int] = 100, *, process: str = "birth-death",
          selection: str = "linear", w: float | None = None, beta: float | None = None,
          mutation: float = 0.0, generations: float | None = None, graph: Any = None,
          seed: int | None = None, record_every: int = 1, checkpoint: str | None = None,
          game: str = "pd", turns: int | None = None, prob_end: float | None = None,
          noise: float = 0.0, exact: bool | None = None, repetitions: int = 200,
          payoffs: str | None = None) -> MoranResult:
    """Run a Moran process; see the module text for the rules.

    ``population``: a size (split evenly over the players) or counts per player.
    ``generations=None`` runs until one strategy has taken over (needs ``mutation=0``).
    ``graph``: a networkx graph (nodes 0..N-1, or any labels) or a graph spec such as
    ``"regular:4"`` (:func:`winwin.spec.parse_graph`) for a structured population.
    ``checkpoint``: a path prefix; the trajectory streams to ``PREFIX.csv`` and the state to
    ``PREFIX.json`` as the run goes, and a run started again with the same arguments resumes
    from there to the same result. ``payoffs``: fitness from per-match totals ("total", the
    default) or per-turn means ("per-turn", as EGTtools).
    """
    table = _setup(players, dict(game=game, turns=turns, prob_end=prob_end, noise=noise,
                                 exact=exact, repetitions=repetitions, seed=seed,
                                 payoffs=payoffs))
    proc, sel, intensity = _selection(process, selection, w, beta)
    _check_fitness(table, sel, intensity, proc)
    mu = check_float("mutation", mutation, low=0.0, high=1.0)
    if mu > 0 and len(table.players) < 2:  # pragma: no cover - tables have >= 2 players
        raise ParameterError("mutation", mu, "0 with a single strategy")
    counts = _counts(table, population)
    n = int(counts.sum())
    if generations is None:
        if mu > 0:
            raise ParameterError("generations", None, "a number of generations when "
                                 "mutation > 0 (there is no fixation to wait for)")
        limit = float(MAX_GENERATIONS)
    else:
        limit = check_float("generations", generations, low=0.0, high=MAX_GENERATIONS)
    every = check_int("record_every", record_every, low=1)
    if generations is not None:  # to fixation it stops when it stops
        _budget.check(_budget.Cost(
            f"a Moran process of {_budget.count(limit)} generations of {n:,} individuals",
            limit * n / (2e7 if graph is None else 5e6)))
    if checkpoint is None:
        from winwin._system import available_memory as _available_memory

        need = (limit / every + 2) * len(table.players) * 8 * 2  # rows, and a copy at the end
        if need > 0.5 * _available_memory():
            raise TooLargeError(f"keeping {limit / every:,.0f} trajectory rows needs about "
                                f"{need / 2**30:.1f} GiB; record fewer (record_every) or stream "
                                "them to disk (checkpoint=PREFIX)")
    lock = None
    if checkpoint is not None:
        lock = _lock(checkpoint)  # refused while another run holds this prefix
        if seed is None:  # a run started without a seed resumes with the one it drew
            seed = _stored_seed(checkpoint)
    try:
        return _moran(table, counts, n, proc, sel, intensity, mu, generations, limit, every,
                      graph, seed, checkpoint, process, selection)
    finally:
        if lock is not None:
            lock.close()


def _moran(table: PayoffTable, counts: np.ndarray, n: int, proc: int, sel: int,
           intensity: float, mu: float, generations: Any, limit: float, every: int, graph: Any,
           seed: Any, checkpoint: str | None, process: str, selection: str) -> MoranResult:
    seed = _rng.check_seed(seed)
    key = np.uint64(_rng.stream_key(seed, "moran"))
    if isinstance(graph, str):
        from winwin.evolution.graphs import from_spec

        graph = from_spec(graph, n)
    adjacency = _adjacency(graph, n) if graph is not None else None
    types = None
    if adjacency is not None:
        types = _place(counts, seed)
    total_steps = int(round(limit * n))
    params = {"process": process, "selection": selection, "w": None if proc == 2 else intensity,
              "beta": intensity if proc == 2 else None, "mutation": mu,
              "generations": generations, "seed": seed, "record_every": every,
              "graph": None if graph is None else {"nodes": n, "edges": int(len(adjacency[1]) // 2)},  # type: ignore[index]
              "payoffs": scale_params(table), "exact_payoffs": table.exact}
    runner = _Runner(table, counts, types, adjacency, proc, sel, intensity, mu, key, n, every,
                     stop=generations is None)
    if checkpoint is not None:
        runner.attach(checkpoint, params)
    runner.run(total_steps)
    traj, gens = runner.trajectory()
    final = traj[-1]
    winner = None
    if int(np.count_nonzero(final)) == 1:
        winner = table.players[int(np.argmax(final))]
    return MoranResult(table.players, n, gens, traj, runner.step, winner, params)


def _lock(prefix: str) -> Any:
    """An exclusive lock on ``PREFIX.lock`` (released by the system if the process dies)."""
    import fcntl

    try:
        fh = open(prefix + ".lock", "a+", encoding="utf-8")  # noqa: SIM115 - held until the end
    except OSError as exc:
        raise ParameterError("checkpoint", prefix, f"a writable path ({exc.strerror})") from None
    try:
        fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        fh.seek(0)
        holder = fh.read().strip() or "another process"
        fh.close()
        raise WinwinError(f"checkpoint {prefix!r} is in use by a run still going (pid "
                          f"{holder}); wait for it, or use another prefix") from None
    fh.seek(0)
    fh.truncate()
    fh.write(str(os.getpid()))
    fh.flush()
    import glob

    for tmp in glob.glob(glob.escape(prefix) + ".*.tmp"):  # left by a run killed mid-write;
        os.remove(tmp)  # we hold the lock, so nobody is writing them now
    return fh


def _atomic_write(path: str, text: str) -> None:
    tmp = f"{path}.{os.getpid()}.tmp"
    with open(tmp, "w", encoding="utf-8") as fh:
        fh.write(text)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)


def _read_state(prefix: str) -> dict[str, Any] | None:
    path = prefix + ".json"
    if not os.path.exists(path):
        return None
    try:
        with open(path, encoding="utf-8") as fh:
            state = json.load(fh)
        if not isinstance(state, dict) or not {"digest", "step", "counts", "rows"} <= set(state):
            raise ValueError("keys missing")
    except (OSError, ValueError) as exc:
        raise WinwinError(f"delete its .json and .csv to start again: checkpoint {prefix!r} is "
                          f"damaged ({str(exc)[:40]})") from None
    if not os.path.exists(prefix + ".csv"):
        raise WinwinError(f"delete its .json to start again: checkpoint {prefix!r} lost its "
                          f".csv ({state['rows']} rows)")
    return state


def _stored_seed(prefix: str) -> int | None:
    state = _read_state(prefix)
    return None if state is None or state.get("seed") is None else int(state["seed"])


class _Runner:
    """Runs the kernel in chunks, recording every ``every`` generations, optionally streaming
    to a checkpoint so that an interrupted run resumes exactly (the random stream is indexed
    by step, so a resumed run draws what the uninterrupted one would have)."""

    CHUNK_STEPS = 2_000_000

    def __init__(self, table: PayoffTable, counts: np.ndarray, types: np.ndarray | None,
                 adjacency: tuple[np.ndarray, np.ndarray] | None, proc: int, sel: int,
                 intensity: float, mu: float, key: np.uint64, n: int, every: int,
                 stop: bool) -> None:
        self.a = np.ascontiguousarray(table.fitness)
        self.k = len(table.players)
        self.counts = counts.copy()
        self.types = types
        self.adjacency = adjacency
        self.proc, self.sel, self.intensity, self.mu, self.key = proc, sel, intensity, mu, key
        self.n, self.every, self.stop = n, every, stop
        self.step = 0
        self.rows: list[np.ndarray] = [self.counts.copy()]
        self.gens: list[float] = [0.0]
        self.recorded = 1  # rows so far, the initial state included
        self.path: str | None = None
        self.digest = ""
        self.seed: Any = None

    # -- checkpoints ---------------------------------------------------------------------------
    def attach(self, prefix: str, params: dict[str, Any]) -> None:
        self.path = prefix
        payoffs = dict(params.get("payoffs") or {})
        if params.get("exact_payoffs"):
            payoffs.pop("seed", None)  # exact payoffs draw nothing: their seed is no part of them
        self.digest = hashlib.sha256(json.dumps(
            {**params, "payoffs": payoffs, "table": self.a.tolist(),
             "start": self.counts.tolist()},
            sort_keys=True, default=str).encode()).hexdigest()
        self.rows, self.gens = [], []
        state_file = prefix + ".json"
        self.seed = params.get("seed")
        state = _read_state(prefix)
        if state is not None:
            if state.get("digest") != self.digest:
                raise WinwinError(f"checkpoint {state_file!r} belongs to a different run "
                                  "(other arguments or seed); use another path or delete it")
            self.step = int(state["step"])
            self.counts = np.array(state["counts"], np.int64)
            if self.types is not None:
                self.types = np.array(state["types"], np.int64)
            self.recorded = int(state["rows"])
            # a crash after writing rows but before saving the state leaves extra rows: drop
            with open(prefix + ".csv", encoding="utf-8") as fh:
                lines = fh.readlines()[: self.recorded + 1]
            if len(lines) < self.recorded + 1:
                raise WinwinError(f"delete its .json and .csv to start again: checkpoint "
                                  f"{prefix!r} has {len(lines) - 1} of {self.recorded} rows")
            _atomic_write(prefix + ".csv", "".join(lines))
        else:
            with open(prefix + ".csv", "w", encoding="utf-8") as fh:
                fh.write("generation," + ",".join(f"s{i}" for i in range(self.k)) + "\n")
                fh.write("0," + ",".join(str(int(x)) for x in self.counts) + "\n")
            self._save()

    def _save(self) -> None:
        state: dict[str, Any] = {"digest": self.digest, "step": self.step,
                                 "counts": self.counts.tolist(), "rows": self.recorded,
                                 "seed": self.seed}
        if self.types is not None:
            state["types"] = self.types.tolist()
        _atomic_write(f"{self.path}.json", json.dumps(state))

    # -- running -------------------------------------------------------------------------------
    def run(self, total_steps: int) -> None:
        from winwin._progress import Progress
        from winwin.engine import _evolution as E
        from winwin.engine import _warm

        _warm.before(E.moran_well_mixed if self.adjacency is None else E.moran_graph)
        record = self.every * self.n
        bar = Progress(total_steps - self.step, label="generations", expected_rate=2e7)
        while self.step < total_steps:
            if self.stop and self.mu == 0.0 and np.count_nonzero(self.counts) <= 1:
                break
            todo = min(self.CHUNK_STEPS, total_steps - self.step)
            rows = np.zeros(((self.step + todo) // record - self.step // record, self.k),
                            np.int64)
            if self.adjacency is None:
                taken = E.moran_well_mixed(self.a, self.counts, self.proc, self.sel,
                                           self.intensity, self.mu, self.key, self.step, todo,
                                           record, self.stop, rows)
            else:
                assert self.types is not None
                taken = E.moran_graph(self.a, self.types, self.adjacency[0], self.adjacency[1],
                                      self.proc, self.sel, self.intensity, self.mu, self.k,
                                      self.key, self.step, todo, record, self.stop, rows)
                self.counts = np.bincount(self.types, minlength=self.k).astype(np.int64)
            filled = (self.step + taken) // record - self.step // record
            self.step += taken
            new = [(float((self.recorded + q) * self.every), rows[q]) for q in range(filled)]
            ended = taken < todo or self.step >= total_steps
            if ended and self.step % record:  # stopped between records: keep the last state
                new.append((self.step / self.n, self.counts.copy()))
            self._emit(new)
            bar.update(taken)
            if taken < todo:
                break
        bar.close()

    def _emit(self, new: list[tuple[float, np.ndarray]]) -> None:
        self.recorded += len(new)
        if self.path is None:
            for g, r in new:
                self.gens.append(g)
                self.rows.append(r)
            return
        with open(f"{self.path}.csv", "a", encoding="utf-8") as fh:
            for g, r in new:
                fh.write(f"{g:.12g}," + ",".join(str(int(x)) for x in r) + "\n")
        self._save()

    def trajectory(self) -> tuple[np.ndarray, np.ndarray]:
        if self.path is not None:
            data = np.loadtxt(f"{self.path}.csv", delimiter=",", skiprows=1, ndmin=2)
            return data[:, 1:].astype(np.int64), data[:, 0]
        return np.array(self.rows, np.int64), np.array(self.gens, np.float64)


def _adjacency(graph: Any, n: int) -> tuple[np.ndarray, np.ndarray]:
    """CSR arrays (indptr, indices) of an undirected graph on n nodes without isolated nodes."""
    try:
        nodes = list(graph.nodes())
        edges = list(graph.edges())
    except AttributeError:
        raise ParameterError("graph", type(graph).__name__, "a networkx graph") from None
    if len(nodes) != n:
        raise ParameterError("graph", f"{len(nodes)} nodes", f"as many nodes as the "
                             f"population ({n})")
    index = {v: i for i, v in enumerate(nodes)}
    nbrs: list[set[int]] = [set() for _ in range(n)]
    for u, v in edges:
        if u != v:
            nbrs[index[u]].add(index[v])
            nbrs[index[v]].add(index[u])
    if any(not s for s in nbrs):
        raise ParameterError("graph", "isolated nodes", "a graph where every node has a "
                             "neighbour")
    indptr = np.zeros(n + 1, np.int64)
    indptr[1:] = np.cumsum([len(s) for s in nbrs])
    indices = np.array([j for s in nbrs for j in sorted(s)], np.int64)
    return indptr, indices


def _place(counts: np.ndarray, seed: int) -> np.ndarray:
    """Node types: the counts in a seeded random arrangement."""
    types = np.repeat(np.arange(len(counts)), counts).astype(np.int64)
    order = np.argsort(_rng.match_keys(_rng.stream_key(seed, "moran", 1),
                                       np.arange(len(types)), np.zeros(len(types), np.int64),
                                       np.zeros(len(types), np.int64)))
    return types[order]


@dataclass(frozen=True, eq=False, repr=False)
class FixationResult(Kept):
    """How often one mutant took over, over many independent runs."""

    mutant: str
    resident: str
    population: int
    runs: int
    fixed: int
    mean_steps: float
    exact: float | None
    params: dict[str, Any]

    @property
    def probability(self) -> float:
        return self.fixed / self.runs

    @property
    def standard_error(self) -> float:
        p = self.probability
        return float(np.sqrt(max(p * (1 - p), 1.0 / self.runs) / self.runs))

    @property
    def z_score(self) -> float | None:
        """(simulated - exact) / standard error, where an exact value exists."""
        return None if self.exact is None else (self.probability - self.exact) / \
            self.standard_error

    def to_dict(self) -> dict[str, Any]:
        return {"mutant": self.mutant, "resident": self.resident,
                "population": self.population, "runs": self.runs, "fixed": self.fixed,
                "probability": self.probability, "standard_error": self.standard_error,
                "exact": self.exact, "z_score": self.z_score, "neutral": 1.0 / self.population,
                "mean_generations": self.mean_steps / self.population, "params": self.params}

    _REPR = ("mutant", "resident", "population", "runs", "fixed", "exact")

    def to_frame(self) -> Any:
        """One row: the simulated probability, its standard error, the exact value."""
        import pandas as pd

        d = self.to_dict()
        return pd.DataFrame([{k: v for k, v in d.items() if k != "params"}])


def fixation(players: Sequence[str | Strategy] | PayoffTable, population: int = 10, *,
             mutant: int = 0, runs: int = 1000, process: str = "birth-death",
             selection: str = "linear", w: float | None = None, beta: float | None = None,
             seed: int | None = None, max_generations: float = 100_000, game: str = "pd",
             turns: int | None = None, prob_end: float | None = None, noise: float = 0.0,
             exact: bool | None = None, repetitions: int = 200,
             payoffs: str | None = None) -> FixationResult:
    """Simulated fixation probability of one ``players[mutant]`` among residents
    ``players[1 - mutant]`` (two players), with the exact value where a formula exists.
    ``payoffs``: "total" (per-match, the default) or "per-turn"."""
    table = _setup(players, dict(game=game, turns=turns, prob_end=prob_end, noise=noise,
                                 exact=exact, repetitions=repetitions, seed=seed,
                                 payoffs=payoffs))
    if len(table.players) != 2:
        raise ParameterError("players", list(table.players), "exactly 2 strategies (mutant "
                             "and resident)")
    m = check_int("mutant", mutant, low=0, high=1)
    n = check_int("population", population, low=2, high=10**7)
    r = check_int("runs", runs, low=1, high=10**8)
    _budget.check(_budget.Cost(  # a run lasts about N (ln N + 1) steps (most mutants die out)
        f"{r:,} fixation runs in a population of {n:,}", r * n * (math.log(n) + 2) / 2e7,
        16.0 * r))
    proc, sel, intensity = _selection(process, selection, w, beta)
    _check_fitness(table, sel, intensity, proc)
    seed = _rng.check_seed(seed)
    start = np.zeros(2, np.int64)
    start[m] = 1
    start[1 - m] = n - 1
    keys = np.array([_rng.stream_key(seed, "fixation", i) for i in range(r)], np.uint64)
    winners = np.zeros(r, np.int64)
    steps = np.zeros(r, np.int64)
    from winwin.engine import _evolution as E
    from winwin.engine import _warm

    _warm.before(E.fixation_runs)
    max_steps = int(check_float("max_generations", max_generations, low=1.0) * n)
    E.fixation_runs(np.ascontiguousarray(table.fitness), start, proc, sel, intensity, keys,
                    max_steps, winners, steps)
    if np.any(winners < 0):
        raise WinwinError(f"{int(np.sum(winners < 0))} runs did not fix within "
                          f"{max_generations:g} generations; raise max_generations")
    exact_value = None
    if process in ("birth-death", "pairwise"):
        from winwin.evolution.exact import fixation_probability

        a = table.fitness
        i, j = m, 1 - m
        exact_value = fixation_probability((a[i, i], a[i, j], a[j, i], a[j, j]), n,
                                           w=None if proc == 2 else intensity,
                                           beta=intensity if proc == 2 else None,
                                           process="moran" if proc == 0 else "pairwise",
                                           selection=selection)
    params = {"process": process, "selection": selection, "w": None if proc == 2 else intensity,
              "beta": intensity if proc == 2 else None, "seed": seed,
              "payoffs": scale_params(table)}
    return FixationResult(table.players[m], table.players[1 - m], n, r,
                          int(np.sum(winners == m)), float(steps.mean()), exact_value, params)
