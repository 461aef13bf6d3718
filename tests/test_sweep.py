"""Sweeps on real executors: serial, local processes and a real Dask LocalCluster give the same
rows; a cell equals the plain API with its seed; resuming after kill -9 loses and duplicates
nothing; a repeated task writes no duplicate row; bad designs fail before any work."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest

import winwin as ww
from winwin.distributed import load_design, load_sweep, sweep
from winwin.distributed.design import Cell
from winwin.distributed.sweep import batches, run_batch

PLANE = {"experiment": "tournament", "seeds": 2, "seed": 3,
         "fixed": {"players": ["tft", "gtft", "alld", "wsls", "random"], "repetitions": 2},
         "sweep": {"noise": {"start": 0.0, "stop": 0.1, "num": 3},
                   "prob_end": [0.02, 0.1]}}
MATCHES = {"experiment": "match", "seeds": 40, "seed": 5,
           "fixed": {"player_1": "gtft", "player_2": "random", "turns": 50},
           "sweep": {"noise": [0.0, 0.05, 0.1]}}


def test_a_cell_is_the_plain_api_with_its_seed(tmp_path: Path) -> None:
    sweep(PLANE, tmp_path, executor="serial", progress=False)
    rows = load_sweep(tmp_path)
    assert len(rows) == 3 * 2 * 2 and rows["cell_id"].is_unique
    for _, row in rows.sample(4, random_state=1).iterrows():
        r = ww.tournament(["tft", "gtft", "alld", "wsls", "random"], prob_end=row["prob_end"],
                          noise=row["noise"], repetitions=2, seed=int(row["seed"]))
        assert row["winner"] == r.ranking[0]
        assert row["winner_score"] == r.scores[r.ranking[0]]  # bit for bit
        by_player = {s["player"]: s["score"] for s in row["scores"]}
        assert by_player == r.scores
        assert row["win_win"] == r.outcomes["win_win"]
    # seeds differ between repetitions of a point and are reproducible
    first = rows[(rows.noise == 0.0) & (rows.prob_end == 0.02)]["seed"].tolist()
    assert len(set(first)) == 2
    assert [c.seed for c in load_design(PLANE).cells()] == rows["seed"].tolist()


def test_serial_processes_and_a_local_dask_cluster_agree(tmp_path: Path) -> None:
    from distributed import Client, LocalCluster

    sweep(MATCHES, tmp_path / "serial", executor="serial", progress=False, task_seconds=1e-4)
    sweep(MATCHES, tmp_path / "procs", executor="processes", workers=2, progress=False,
          task_seconds=1e-4)
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                      dashboard_address=":0") as cluster, Client(cluster) as client:
        s = sweep(MATCHES, tmp_path / "dask", executor="dask", dask=client, progress=False,
                  task_seconds=1e-4)
    assert s.cells == 120 and s.computed == 120
    a, b, c = (load_sweep(tmp_path / x) for x in ("serial", "procs", "dask"))
    assert a.equals(b) and a.equals(c)
    m = ww.match("gtft", "random", turns=50, noise=0.05, seed=int(a["seed"][45]))
    assert a["score_1"][45] == m.mean_scores[0] and a["noise"][45] == 0.05


def test_a_repeated_task_writes_no_duplicate_row(tmp_path: Path) -> None:
    d = load_design(MATCHES)
    sweep(MATCHES, tmp_path, executor="serial", progress=False)
    parts = sorted(tmp_path.glob("part-*.parquet"))
    batch = batches(d.cells())[0]
    run_batch(batch, str(tmp_path))  # as Dask may run a task a second time
    run_batch(batch, str(tmp_path))
    assert sorted(tmp_path.glob("part-*.parquet")) == parts
    assert len(load_sweep(tmp_path)) == 120 and load_sweep(tmp_path)["cell_id"].is_unique
    again = sweep(MATCHES, tmp_path, executor="serial", progress=False)
    assert (again.computed, again.skipped) == (0, 120)


SCRIPT = """
import sys, winwin.distributed as d
design = {"experiment": "match", "seeds": 300, "seed": 9,
          "fixed": {"player_1": "gradual", "player_2": "random", "turns": 2000},
          "sweep": {"noise": [0.0, 0.02]}}
if __name__ == "__main__":  # local processes start by spawning: guard the script
    d.sweep(design, sys.argv[1], executor=sys.argv[2], workers=2, progress=False,
            task_seconds=1e-9)
"""


@pytest.mark.parametrize("executor,sig", [("processes", signal.SIGKILL),
                                          ("serial", signal.SIGKILL),
                                          ("serial", signal.SIGINT)])
def test_resume_after_kill_9_loses_and_duplicates_nothing(tmp_path: Path, executor: str,
                                                          sig: int) -> None:
    """kill -9 of the driver and its workers, or Ctrl-C, then the same command again."""
    script = tmp_path / "run.py"
    script.write_text(SCRIPT)
    out = tmp_path / "killed"
    p = subprocess.Popen([sys.executable, str(script), str(out), executor],
                         start_new_session=True)
    deadline = time.monotonic() + 120
    while len(list(out.glob("part-*.parquet"))) < 40 and time.monotonic() < deadline:
        time.sleep(0.05)
        assert p.poll() is None, "the sweep finished before it could be killed"
    os.killpg(p.pid, sig)  # the driver and its workers, at once
    p.wait()
    time.sleep(0.2)
    partial = len(list(out.glob("part-*.parquet")))
    assert 40 <= partial < 600
    subprocess.run([sys.executable, str(script), str(out), executor], check=True, timeout=300)
    whole = tmp_path / "whole"
    subprocess.run([sys.executable, str(script), str(whole), "serial"], check=True, timeout=300)
    a, b = load_sweep(out), load_sweep(whole)
    assert len(a) == 600 and a["cell_id"].is_unique
    assert a.equals(b)
    assert not list(out.glob(".*.tmp"))
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["cells"] == 600 and "finished" in manifest


@pytest.mark.parametrize("change,key", [
    ({"sweep": {"nosie": [0.1]}}, "sweep.nosie"),
    ({"fixed": {"turns": "many"}}, "fixed.turns"),
    ({"sweep": {"noise": []}}, "sweep.noise"),
    ({"sweep": {"noise": {"start": 0, "stop": 1}}}, "sweep.noise"),
    ({"sweep": {"game": {"start": 0, "stop": 1, "num": 3}}}, "sweep.game"),
    ({"sweep": {"noise": [0.1, 2.0]}}, "noise"),
    ({"experiment": "party"}, "experiment"),
    ({"seeds": 0}, "seeds"),
    ({"colour": "red"}, "colour"),
    ({"sweep": {"prob_end": [0.1]}, "fixed": {"player_1": "tft", "player_2": "alld",
                                              "turns": 5}}, "sweep.prob_end"),
    ({"sweep": {"noise": {"start": 0, "stop": 1, "num": 2000}}, "seeds": 1000}, "sweep"),
])
def test_bad_designs_fail_before_any_work(tmp_path: Path, change: dict, key: str) -> None:
    design = {**MATCHES, **change}
    if key == "noise":  # out of range values are caught by the run's own checks, cell one
        with pytest.raises(ww.ParameterError):
            sweep(design, tmp_path / "x", executor="serial", progress=False)
        return
    with pytest.raises(ww.ParameterError) as info:
        sweep(design, tmp_path / "x", executor="serial", progress=False)
    assert info.value.field == key
    assert not (tmp_path / "x").exists()


def test_the_cap_can_be_lifted_and_a_dir_of_another_sweep_is_refused(tmp_path: Path) -> None:
    big = {**MATCHES, "sweep": {"noise": {"start": 0, "stop": 1, "num": 2000}}, "seeds": 1000}
    assert load_design(big, yes=True).n_cells == 2_000_000
    sweep(MATCHES, tmp_path, executor="serial", progress=False)
    with pytest.raises(ww.ParameterError, match="another sweep"):
        sweep({**MATCHES, "seed": 6}, tmp_path, executor="serial", progress=False)


def test_cli_sweep_and_its_bad_input(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from winwin.cli import main

    cfg = tmp_path / "plane.toml"
    cfg.write_text('experiment = "match"\nseeds = 3\n[fixed]\nplayer_1 = "tft"\n'
                   'player_2 = "random"\nturns = 20\n[sweep]\nnoise = [0.0, 0.1]\n')
    assert main(["sweep", str(cfg), "--executor", "serial", "--quiet"]) == 0
    out = capsys.readouterr().out
    assert "6 cells" in out and "6 computed" in out
    assert len(load_sweep(tmp_path / "plane")) == 6
    cfg.write_text('experiment = "match"\n[sweep]\nnoize = [0.1]\n')
    assert main(["sweep", str(cfg), "--executor", "serial"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "sweep.noize" in err[0]


def test_random_and_latin_hypercube_designs_are_seeded() -> None:
    for kind in ("random", "latin-hypercube"):
        d = {**MATCHES, "design": kind, "samples": 8, "seeds": 1,
             "sweep": {"noise": [0.0, 0.2], "turns": [10, 50]}}
        d["fixed"] = {"player_1": "tft", "player_2": "alld"}
        a, b = load_design(d).cells(), load_design(d).cells()
        assert [c.params for c in a] == [c.params for c in b] and len(a) == 8
        noise = np.array([c.params["noise"] for c in a])
        assert noise.min() >= 0 and noise.max() <= 0.2
        assert all(isinstance(c.params["turns"], int) for c in a)
    cell = Cell("match", {"player_1": "tft"}, 1)
    assert cell.id == Cell("match", {"player_1": "tft"}, 1).id != Cell("match", {}, 1).id


def test_evolution_cells_are_the_plain_api(tmp_path: Path) -> None:
    from winwin import evolution as ev

    moran = {"experiment": "moran", "seeds": 2, "seed": 1,
             "fixed": {"players": ["tft", "alld", "wsls"], "population": 12, "turns": 10},
             "sweep": {"w": [0.1, 0.9]}}
    sweep(moran, tmp_path / "m", executor="serial", progress=False)
    rows = load_sweep(tmp_path / "m")
    for _, row in rows.iterrows():
        table = ev.payoff_table(["tft", "alld", "wsls"], turns=10, seed=int(row["seed"]))
        r = ev.moran(table, 12, w=row["w"], seed=int(row["seed"]))
        assert row["winner"] == r.winner and row["generations_run"] == r.steps / 12
        assert [f["count"] for f in row["final"]] == r.trajectory[-1].tolist()
    fixation = {"experiment": "fixation", "seeds": 1, "seed": 2,
                "fixed": {"mutant": "tft", "resident": "alld", "population": 8, "turns": 10,
                          "runs": 300}, "sweep": {"w": [0.2, 0.5]}}
    sweep(fixation, tmp_path / "f", executor="serial", progress=False)
    for _, row in load_sweep(tmp_path / "f").iterrows():
        table = ev.payoff_table(["tft", "alld"], turns=10, seed=int(row["seed"]))
        f = ev.fixation(table, 8, runs=300, w=row["w"], seed=int(row["seed"]))
        assert row["probability"] == f.probability and row["exact"] == f.exact


def test_a_big_tournament_runs_in_blocks_on_a_cluster() -> None:
    from concurrent.futures import ThreadPoolExecutor

    from distributed import Client, LocalCluster

    rng = np.random.default_rng(3)
    players = [f"memory-one(p=[{a:.3f},{b:.3f},{c:.3f},{d:.3f}],first=1)"
               for a, b, c, d in rng.random((60, 4))] + ["gradual", "detective", "tullock"]
    local = ww.tournament(players, turns=50, repetitions=3, noise=0.02, seed=8)
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                      dashboard_address=":0") as cluster, Client(cluster) as client:
        remote = ww.tournament(players, turns=50, repetitions=3, noise=0.02, seed=8,
                               executor=client, block_rows=97)
    assert np.array_equal(remote.counts, local.counts)
    assert np.array_equal(remote.payoff_matrix, local.payoff_matrix, equal_nan=True)
    assert remote.ranking == local.ranking
    with ThreadPoolExecutor(2) as pool:
        threads = ww.tournament(players, turns=50, repetitions=3, noise=0.02, seed=8,
                                executor=pool, block_rows=500)
    assert np.array_equal(threads.counts, local.counts)
    with pytest.raises(ww.ParameterError, match="executor"):
        ww.tournament(players[:3], executor="local")


def test_replicator_generational_and_spatial_cells(tmp_path: Path) -> None:
    from winwin import evolution as ev

    designs = {
        "replicator": {"experiment": "replicator", "fixed": {"players": ["tft", "alld", "allc"],
                                                             "turns": 10},
                       "sweep": {"noise": [0.0, 0.1]}},
        "generational": {"experiment": "generational", "seeds": 2,
                         "fixed": {"population": "allc=15 alld=5 tft=5", "generations": 10},
                         "sweep": {"turns": [3, 10]}},
        "spatial": {"experiment": "spatial", "seeds": 2,
                    "fixed": {"size": 20, "generations": 10}, "sweep": {"b": [1.5, 1.9]}},
    }
    for name, d in designs.items():
        sweep(d, tmp_path / name, executor="serial", progress=False)
    rep = load_sweep(tmp_path / "replicator")
    direct = ev.replicator(ev.payoff_table(["tft", "alld", "allc"], turns=10, noise=0.1))
    assert [f["share"] for f in rep["final"][1]] == direct.shares[-1].tolist()
    gen = load_sweep(tmp_path / "generational")
    for _, row in gen.iterrows():
        g = ev.evolve({"allc": 15, "alld": 5, "tft": 5}, generations=10, turns=int(row["turns"]),
                      seed=int(row["seed"]))
        assert row["winner"] == g.winner
        assert [f["count"] for f in row["final"]] == g.trajectory[-1].tolist()
    sp = load_sweep(tmp_path / "spatial")
    for _, row in sp.iterrows():
        s = ev.nowak_may(20, row["b"], generations=10, seed=int(row["seed"]))
        assert row["cooperators"] == s.shares[-1][0]
    with pytest.raises(ww.ParameterError, match="fixed.population"):
        load_design({"experiment": "generational", "fixed": {"population": "allc alld"}})


def test_a_killed_dask_worker_loses_nothing(tmp_path: Path) -> None:
    import threading

    from distributed import Client, LocalCluster

    design = {"experiment": "match", "seeds": 200, "seed": 4,
              "fixed": {"player_1": "gradual", "player_2": "random", "turns": 3000},
              "sweep": {"noise": [0.0, 0.05]}}
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                      dashboard_address=":0") as cluster, Client(cluster) as client:
        pids = list(client.run(os.getpid).values())
        out = tmp_path / "dask"
        done: dict[str, object] = {}

        def go() -> None:
            try:
                done["summary"] = sweep(design, out, executor="dask", dask=client,
                                        progress=False, task_seconds=1e-9)
            except BaseException as exc:  # noqa: BLE001 - reported below
                done["error"] = exc

        t = threading.Thread(target=go)
        t.start()
        deadline = time.monotonic() + 60
        while len(list(out.glob("part-*.parquet"))) < 20 and time.monotonic() < deadline:
            time.sleep(0.02)
        at_kill = len(list(out.glob("part-*.parquet")))
        os.kill(pids[0], signal.SIGKILL)  # the nanny starts a new worker; its tasks are retried
        t.join(timeout=240)
        assert 20 <= at_kill < 400, at_kill
        assert "error" not in done, done.get("error")
        assert len(list(out.glob("part-*.parquet"))) == 400
    sweep(design, tmp_path / "serial", executor="serial", progress=False, task_seconds=1e-9)
    a, b = load_sweep(out), load_sweep(tmp_path / "serial")
    assert len(a) == 400 and a["cell_id"].is_unique and a.equals(b)


def test_sweep_pictures_and_report(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from winwin import plots
    from winwin.cli import main

    sweep(PLANE, tmp_path / "s", executor="serial", progress=False)
    f = load_sweep(tmp_path / "s")
    for fig in (plots.sweep_map(f, "noise", "prob_end", "winner"),
                plots.sweep_map(f, "noise", "prob_end", "cooperation"),
                plots.sweep_line(f, "noise", "winner"),
                plots.sweep_line(f, "prob_end", "winner_score")):
        assert fig.axes and fig.axes[0].get_title()
    with pytest.raises(ww.ParameterError, match="a column of the sweep"):
        plots.sweep_map(f, "nosie", "prob_end", "winner")
    page = tmp_path / "s.html"
    assert main(["sweep-plot", str(tmp_path / "s"), "--x", "noise", "--y", "prob-end",
                 "--measure", "winner,win_win", "--report", str(page), "--plot",
                 str(tmp_path / "w.png")]) == 0
    text = page.read_text()
    assert text.count("<img") == 2 and "12 cells" in text and "http" not in text.split("<img")[0]
    assert (tmp_path / "w.png").stat().st_size > 1000
    assert main(["sweep-plot", str(tmp_path / "s"), "--x", "noise"]) == 2
    assert "--plot" in capsys.readouterr().err


def test_a_damaged_part_is_computed_again(tmp_path: Path) -> None:
    sweep(MATCHES, tmp_path, executor="serial", progress=False, task_seconds=1e-4)
    parts = sorted(tmp_path.glob("part-*.parquet"))
    parts[0].write_bytes(b"not parquet")
    again = sweep(MATCHES, tmp_path, executor="serial", progress=False, task_seconds=1e-4)
    assert 0 < again.computed < 120
    fresh = tmp_path.parent / "fresh"
    sweep(MATCHES, fresh, executor="serial", progress=False)
    assert load_sweep(tmp_path).equals(load_sweep(fresh))
