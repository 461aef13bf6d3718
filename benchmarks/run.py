"""winwin against Axelrod-Python, case by case, in one process run.

    python benchmarks/run.py [--json results.json] [--quick]

Each case runs winwin and, when it is importable, Axelrod-Python (an optional benchmark
dependency: ``pip install axelrod==4.14.0``; it pulls in torch and takes ~20 s to import) on
the same work in this process, prints both times and the ratio, and checks that both give the
same numbers where the line-up is deterministic. Where Axelrod-Python would take minutes, it
runs a smaller size and the table says so; rates (turns per second) are then compared.
winwin's times are warm (kernels compiled or loaded from the disk cache first) and the best of
several runs (short cases are repeated for half a second); Axelrod-Python's are single serial runs with ``build_results=False``
(serial, engine time only). Cold compile times are measured in a subprocess with an empty cache.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from typing import Any

import numpy as np

import winwin as ww

PY = sys.executable


@dataclass
class Row:
    case: str
    winwin_s: float | None
    axelrod_s: float | None
    work: str
    winwin_rate: str = ""
    note: str = ""

    @property
    def ratio(self) -> float | None:
        if self.winwin_s and self.axelrod_s:
            return self.axelrod_s / self.winwin_s
        return None


def best(fn: Callable[[], Any], repeat: int = 3, budget: float = 0.5) -> float:
    """The fastest of at least ``repeat`` runs, repeating short cases (up to 500 runs) until
    ``budget`` seconds have gone: sub-millisecond timings need many tries on a noisy machine."""
    times: list[float] = []
    start = time.perf_counter()
    while len(times) < repeat or (time.perf_counter() - start < budget and len(times) < 500):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return min(times)


def once(fn: Callable[[], Any]) -> float:
    t = time.perf_counter()
    fn()
    return time.perf_counter() - t


def subprocess_time(code: str, env: dict[str, str] | None = None) -> float:
    out = subprocess.run([PY, "-c", f"import time; t = time.perf_counter(); {code}; "
                          "print(time.perf_counter() - t)"], capture_output=True, text=True,
                         check=True, env=env)
    return float(out.stdout.strip().splitlines()[-1])


# -- the line-ups, named the same in both libraries ------------------------------------------------

CLASSIC = [  # (winwin, Axelrod-Python class name)
    ("tit-for-tat", "TitForTat"), ("cooperator", "Cooperator"), ("defector", "Defector"),
    ("grudger", "Grudger"), ("tit-for-two-tats", "TitFor2Tats"),
    ("win-stay-lose-shift", "WinStayLoseShift"), ("alternator", "Alternator"),
    ("suspicious-tit-for-tat", "SuspiciousTitForTat"), ("two-tits-for-tat", "TwoTitsForTat"),
    ("bully", "Bully"),
]
DETERMINISTIC_EXTRA = [("hard-tit-for-tat", "HardTitForTat"), ("gradual", "Gradual"),
                       ("prober", "Prober"), ("cycler(pattern=CCD)", "CyclerCCD"),
                       ("anti-tit-for-tat", "AntiTitForTat")]


def memory_one_vectors(n: int, seed: int = 0) -> np.ndarray:
    """n random memory-one strategies (first move C, as Axelrod's MemoryOnePlayer has it)."""
    v = np.round(np.random.default_rng(seed).random((n, 5)), 4)
    v[:, 0] = 1.0
    return v


def lookup_tables(n: int, seed: int = 0) -> list[list[int]]:
    rng = np.random.default_rng(seed)
    return [list(map(int, rng.integers(0, 2, 64))) for _ in range(n)]


def machines(n: int, states: int = 16, seed: int = 0) -> list[list[list[Any]]]:
    rng = np.random.default_rng(seed)
    return [[[s, m, int(rng.integers(0, states)), str(rng.choice(["C", "D"]))]
             for s in range(states) for m in "CD"] for _ in range(n)]


def ww_memory_one(v: np.ndarray) -> list[ww.Strategy]:
    return [ww.get_strategy("memory-one(p=[{},{},{},{}],first={})".format(*row[1:], row[0]))
            for row in v]


def ww_lookup(tables: list[list[int]]) -> list[ww.Strategy]:
    return [ww.get_strategy(f"lookup-table(own_depth=3,opp_depth=3,table={t},initial=CCC)")
            for t in tables]


def ww_fsm(ms: list[list[list[Any]]]) -> list[ww.Strategy]:
    return [ww.get_strategy(f"fsm(transitions={m},initial_state=0,initial_move=C)") for m in ms]


class Axelrod:
    """Builds the same line-ups in Axelrod-Python."""

    def __init__(self) -> None:
        import warnings

        import axelrod as axl

        warnings.filterwarnings("ignore", module="axelrod")

        self.axl = axl
        C, D = axl.Action.C, axl.Action.D
        self.C, self.D = C, D

    def classic(self, pairs: list[tuple[str, str]]) -> list[Any]:
        axl = self.axl
        out = []
        for _, name in pairs:
            if name == "CyclerCCD":
                out.append(axl.Cycler("CCD"))
            else:
                out.append(getattr(axl, name)())
        return out

    def memory_one(self, v: np.ndarray) -> list[Any]:
        return [self.axl.MemoryOnePlayer(tuple(row[1:]), initial=self.C) for row in v]

    def lookup(self, tables: list[list[int]]) -> list[Any]:
        axl = self.axl
        from axelrod.strategies.lookerup import Plays, create_lookup_table_keys

        keys = create_lookup_table_keys(player_depth=3, op_depth=3, op_openings_depth=0)
        players = []
        for t in tables:
            table = {}
            for key in keys:
                own = sum((1 if a == self.D else 0) << k
                          for k, a in enumerate(reversed(key.self_plays)))
                opp = sum((1 if a == self.D else 0) << k
                          for k, a in enumerate(reversed(key.op_plays)))
                table[key] = self.C if t[(own << 3) | opp] == 1 else self.D
            players.append(axl.LookerUp(lookup_dict=table, initial_actions=(self.C,) * 3,
                                        parameters=Plays(3, 3, 0)))
        return players

    def fsm(self, ms: list[list[list[Any]]]) -> list[Any]:
        act = {"C": self.C, "D": self.D}
        return [self.axl.FSMPlayer(transitions=tuple((s, act[m], n, act[a]) for s, m, n, a in t),
                                   initial_state=0, initial_action=self.C) for t in ms]

    def tournament(self, players: list[Any], turns: int | None = 200, repetitions: int = 10,
                   noise: float = 0.0, prob_end: float | None = None) -> float:
        axl = self.axl
        t = axl.Tournament(players, turns=turns, repetitions=repetitions, noise=noise,
                           prob_end=prob_end, seed=1)
        return once(lambda: t.play(build_results=False, processes=None, progress_bar=False))

    def payoff_matrix(self, players: list[Any], turns: int) -> np.ndarray:
        t = self.axl.Tournament(players, turns=turns, repetitions=1, seed=1)
        r = t.play(processes=None, progress_bar=False)
        return np.array(r.payoff_matrix)


def rate(turns: float, seconds: float) -> str:
    return f"{turns / seconds / 1e6:,.1f} M turns/s"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--json", help="write the table here as JSON too")
    ap.add_argument("--quick", action="store_true", help="skip Axelrod-Python and cold compile")
    args = ap.parse_args()
    rows: list[Row] = []
    checks: list[str] = []
    ax: Axelrod | None = None
    if not args.quick:
        try:
            ax = Axelrod()
        except ImportError:
            print("Axelrod-Python is not installed (pip install axelrod==4.14.0): winwin only.",
                  file=sys.stderr)

    # import --------------------------------------------------------------------------------
    t_ww = min(subprocess_time("import winwin") for _ in range(5))
    t_ax = subprocess_time("import axelrod") if ax else None
    rows.append(Row("import", t_ww, t_ax, "a fresh interpreter"))

    # start-up: cold compile and warm CLI -------------------------------------------------------
    if not args.quick:
        with tempfile.TemporaryDirectory() as cache:
            env = {**os.environ, "NUMBA_CACHE_DIR": cache, "WINWIN_NO_WARMUP": "1"}
            cold = subprocess_time("import winwin.cli as c; c.main(['tournament', '--seed', "
                                   "'1', '--quiet', '--output', '/dev/null'])", env)
            rows.append(Row("cold first `winwin tournament` (Python path)", cold, None,
                            "default line-up, empty numba cache"))
        with tempfile.TemporaryDirectory() as cache:
            env = {**os.environ, "NUMBA_CACHE_DIR": cache}
            warmup = subprocess_time("import winwin.cli as c; c.main(['warmup'])", env)
            rows.append(Row("`winwin warmup` from an empty cache", warmup, None,
                            "every kernel"))
    cli = [PY, "-m", "winwin", "tournament", "--seed", "1", "--quiet"]
    subprocess.run(cli, capture_output=True, check=True)
    t_cli = best(lambda: subprocess.run(cli, capture_output=True, check=True))
    rows.append(Row("warm `winwin tournament`, end to end", t_cli, None,
                    "default line-up, 14 x 200 turns x 10 reps"))

    # every kernel loaded in this process, so that `auto` below always takes the compiled path
    # (in a fresh process small work would take the numpy lanes: benchmarks/cold_start.py)
    from winwin.cli.warmup import _steps

    for _, step in _steps():
        step()

    # the classic line-up --------------------------------------------------------------------------
    names = [a for a, _ in CLASSIC]
    for noise in (0.0, 0.05):
        ww.tournament(names, turns=5, repetitions=1, seed=1, noise=noise)
        t_ww = best(lambda n=noise: ww.tournament(names, turns=200, repetitions=10, seed=1,
                                                  noise=n, progress=False))
        t_ax = ax.tournament(ax.classic(CLASSIC), noise=noise) if ax else None
        turns = 200 * 10 * (10 * 11 // 2)
        rows.append(Row(f"10 classic strategies, noise {noise:g}", t_ww, t_ax,
                        "200 turns x 10 reps", rate(turns, t_ww)))
    first = ww.lineup("first-tournament")
    ww.tournament(first, seed=1, progress=False)
    t_ww = best(lambda: ww.tournament(first, seed=1, progress=False))
    t_ax = None
    if ax:
        axl = ax.axl
        t_ax = ax.tournament([s() for s in axl.axelrod_first_strategies], turns=200,
                             repetitions=5)
    rows.append(Row("Axelrod's first tournament line-up (15)", t_ww, t_ax,
                    "200 turns x 5 reps, self-play", rate(200 * 5 * 120, t_ww)))

    # one long match --------------------------------------------------------------------------------
    n = 1_000_000
    for noise in (0.0, 0.05):
        ww.match("tit-for-tat", "win-stay-lose-shift", turns=10, noise=noise, seed=1)
        t_ww = best(lambda e=noise: ww.match("tit-for-tat", "win-stay-lose-shift", turns=n,
                                             noise=e, seed=1))
        t_ax = None
        if ax:
            axl = ax.axl
            match = axl.Match((axl.TitForTat(), axl.WinStayLoseShift()), turns=n, noise=noise,
                              seed=1)
            t_ax = once(match.play)
        rows.append(Row(f"one match, 1 M turns, noise {noise:g}", t_ww, t_ax,
                        "tit-for-tat vs win-stay-lose-shift", rate(n, t_ww)))

    # big table tournaments ------------------------------------------------------------------------
    small_n, small_reps = 20, 2  # what Axelrod-Python plays in a few seconds
    big_turns = 200 * 10 * (200 * 201 // 2)
    small_turns = 200 * small_reps * (small_n * (small_n + 1) // 2)
    families = [
        ("memory-one", memory_one_vectors(200), ww_memory_one,
         (lambda v: ax.memory_one(v)) if ax else None),
        ("memory-3 lookup table", lookup_tables(200), ww_lookup,
         (lambda v: ax.lookup(v)) if ax else None),
        ("16-state machine", machines(200), ww_fsm, (lambda v: ax.fsm(v)) if ax else None),
    ]
    for label, data, make_ww, make_ax in families:
        line_up = make_ww(data)
        ww.tournament(line_up[:2], turns=5, repetitions=1, seed=1)
        deterministic = not any(s.traits.stochastic for s in line_up)
        for threads, noise in ((1, 0.0), (1, 0.05), (2, 0.0), (2, 0.05)):
            t_ww = best(lambda th=threads, e=noise, lu=line_up: ww.tournament(
                lu, turns=200, repetitions=10, seed=1, threads=th, noise=e, progress=False))
            note = ("deterministic without noise: each pair played once and repeated"
                    if deterministic and noise == 0.0 else "")
            rows.append(Row(f"{label} tournament, 200 strategies, {threads} thread(s), "
                            f"noise {noise:g}", t_ww, None, "200 turns x 10 reps",
                            f"{big_turns / t_ww / 1e6 / threads:,.0f} M turns/s per core",
                            note=note))
        t_ww = best(lambda lu=line_up: ww.tournament(lu, prob_end=0.005, repetitions=10,
                                                     seed=1, threads=1, progress=False))
        r = ww.tournament(line_up, prob_end=0.005, repetitions=10, seed=1, progress=False)
        rows.append(Row(f"{label} tournament, 200 strategies, 1 thread, prob_end 0.005",
                        t_ww, None, f"10 reps, {r.total_turns:,} turns (mean 200 a match)",
                        f"{r.total_turns / t_ww / 1e6:,.0f} M turns/s per core"))
        if make_ax:
            small_ww = line_up[:small_n]
            t_ww = best(lambda s=small_ww: ww.tournament(s, turns=200, repetitions=small_reps,
                                                         seed=1, threads=1, progress=False))
            t_ax = ax.tournament(make_ax(data[:small_n]), repetitions=small_reps)
            rows.append(Row(f"{label} tournament, {small_n} strategies (Axelrod-sized)", t_ww,
                            t_ax, f"200 turns x {small_reps} reps", rate(small_turns, t_ww),
                            note="smaller size: Axelrod-Python would take minutes at 200"))

    # rule strategies and mixed line-ups --------------------------------------------------------
    rules = ["gradual", "soft-majority", "hard-majority"] * 10 + list(ww.DEFAULT_LINEUP) * 3
    ww.tournament(rules[:4], turns=5, repetitions=1, seed=1)
    n_r = len(rules)
    for threads in (1, 2):
        t_ww = best(lambda th=threads: ww.tournament(rules, turns=200, repetitions=10, seed=1,
                                                     threads=th, noise=0.01, progress=False))
        turns = 200 * 10 * (n_r * (n_r + 1) // 2)
        rows.append(Row(f"mixed rules and tables, {n_r} players, {threads} thread(s), noise 0.01",
                        t_ww,
                        None, "200 turns x 10 reps",
                        f"{turns / t_ww / 1e6 / threads:,.0f} M turns/s per core"))
    only_rules = ["gradual", "soft-majority", "hard-majority"] * 20
    ww.tournament(only_rules[:3], turns=5, repetitions=1, seed=1)
    t_ww = best(lambda: ww.tournament(only_rules, turns=200, repetitions=10, seed=1, threads=1,
                                      noise=0.01, progress=False))
    turns = 200 * 10 * (60 * 61 // 2)
    rows.append(Row("rule strategies only (gradual, majorities), 60 players, 1 thread, noise "
                    "0.01", t_ww,
                    None, "200 turns x 10 reps", f"{turns / t_ww / 1e6:,.0f} M turns/s per core"))

    # exact analysis --------------------------------------------------------------------------------
    from winwin.analysis import expected_outcomes

    v = memory_one_vectors(20100, seed=1)
    w = memory_one_vectors(20100, seed=2)
    for kw, label in ((dict(turns=200), "200 turns"), (dict(prob_end=0.01), "prob_end 0.01"),
                      (dict(noise=0.01), "long run, noise 0.01")):
        expected_outcomes(v[:2], w[:2], **kw)
        t_ww = best(lambda k=kw: expected_outcomes(v, w, **k))
        rows.append(Row(f"exact memory-one payoffs, {label}", t_ww, None, "20,100 pairs",
                        f"{t_ww / 20100 * 1e9:,.0f} ns per pair"))
    # evolution ---------------------------------------------------------------------------------
    import winwin.evolution as ev

    four = ["tit-for-tat", "defector", "cooperator", "grudger"]
    table4 = ev.payoff_table(four, turns=200)
    ev.moran(table4, 20, w=0.1, generations=1, seed=1)
    steps = 20_000
    t_ww = best(lambda: ev.moran(table4, 20, w=0.1, mutation=0.01, generations=steps / 20,
                                 seed=1))
    t_ax = None
    if ax:
        axl = ax.axl
        players = [axl.TitForTat(), axl.Defector(), axl.Cooperator(), axl.Grudger()] * 5
        mp = axl.MoranProcess(players, turns=200, mutation_rate=0.01, seed=1)
        ax_steps = 30
        t_ax = once(lambda: [next(mp) for _ in range(ax_steps)]) / ax_steps * steps
    rows.append(Row("Moran process, population 20, 4 strategies, 20,000 birth-death steps",
                    t_ww, t_ax, "Axelrod-Python plays every match anew each step; winwin uses "
                    "the exact payoff table", f"{steps / t_ww / 1e6:,.2f} M steps/s",
                    note="Axelrod time extrapolated from 30 steps"))
    ten = ["tit-for-tat", "defector", "win-stay-lose-shift", "generous-tit-for-tat",
           "cooperator", "random", "extort-2", "zd-gtft-2", "suspicious-tit-for-tat", "joss"]
    table10 = ev.payoff_table(ten, turns=200)
    ev.moran(table10, 100, w=0.01, mutation=0.01, generations=1, seed=1)
    t_ww = best(lambda: ev.moran(table10, 100, w=0.01, mutation=0.01, generations=10_000,
                                 seed=1))
    rows.append(Row("Moran process, population 100, 10 strategies, 10,000 generations", t_ww,
                    None, "generation = 100 steps", f"{10_000 / t_ww:,.0f} generations/s"))
    fifty = ww_memory_one(memory_one_vectors(50, seed=3))
    table50 = ev.payoff_table(fifty, turns=200)
    ev.small_mutation_limit(ev.payoff_table(fifty[:3], turns=200), 100, w=0.01)
    t_ww = best(lambda: ev.small_mutation_limit(table50, 100, w=0.01))
    rows.append(Row("exact small-mutation stationary distribution, 50 strategies", t_ww, None,
                    "population 100, 2,450 fixation probabilities"))
    import numba

    ev.nowak_may(50, 1.9, generations=2, seed=1)
    previous = numba.get_num_threads()
    numba.set_num_threads(1)
    t_ww = best(lambda: ev.nowak_may(1000, 1.9, generations=20, seed=1, max_frames=2), 2)
    numba.set_num_threads(previous)
    rows.append(Row("Nowak-May lattice 1000 x 1000, 20 generations, 1 thread", t_ww, None,
                    "Moore, self-interaction, synchronous", f"{20 / t_ww:,.1f} generations/s"))

    # the same numbers ---------------------------------------------------------------------------
    if ax:
        pairs = CLASSIC + DETERMINISTIC_EXTRA
        mine = ww.tournament([a for a, _ in pairs], turns=200, repetitions=1, seed=1)
        theirs = ax.payoff_matrix(ax.classic(pairs), turns=200)
        same = np.allclose(mine.payoff_matrix, theirs, rtol=0, atol=1e-12)
        bad = [f"{pairs[i][0]} vs {pairs[j][0]}" for i, j in
               zip(*np.nonzero(~np.isclose(mine.payoff_matrix, theirs, rtol=0, atol=1e-12)),
                   strict=True)]
        checks.append(f"deterministic payoff matrix ({len(pairs)} strategies, 200 turns): "
                      + ("identical to Axelrod-Python" if same else f"DIFFERS for {bad[:6]}"))
        for label, data, make_ww, make_ax in families[1:]:
            sample = data[:8]
            m_ww = ww.tournament(make_ww(sample), turns=200, repetitions=1, seed=1).payoff_matrix
            m_ax = ax.payoff_matrix(make_ax(sample), turns=200)
            checks.append(f"{label}s (8 random, deterministic): " + (
                "identical to Axelrod-Python" if np.allclose(m_ww, m_ax, atol=1e-12) else
                "DIFFER from Axelrod-Python"))

    # print -----------------------------------------------------------------------------------------
    w = max(len(r.case) for r in rows)
    print(f"{'case':<{w}}  {'winwin':>10}  {'Axelrod':>10}  {'ratio':>9}  rate / note")
    for r in rows:
        a = f"{r.winwin_s:.4f} s" if r.winwin_s is not None else "-"
        b = f"{r.axelrod_s:.3f} s" if r.axelrod_s is not None else "-"
        ratio = f"{r.ratio:,.0f}x" if r.ratio else "-"
        extra = "; ".join(x for x in (r.winwin_rate, r.work, r.note) if x)
        print(f"{r.case:<{w}}  {a:>10}  {b:>10}  {ratio:>9}  {extra}")
    for c in checks:
        print("check:", c)
    if args.json:
        with open(args.json, "w") as fh:
            json.dump({"rows": [{**asdict(r), "ratio": r.ratio} for r in rows],
                       "checks": checks, "machine": os.uname().machine,
                       "cpus": os.cpu_count()}, fh, indent=2)


if __name__ == "__main__":
    main()
