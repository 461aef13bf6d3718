"""Checkpoints that cannot lose or corrupt work: one run per prefix, atomic state, the seed
kept so the same command resumes without --seed, damage reported in one line."""

from __future__ import annotations

import fcntl
import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest

import winwin as ww
import winwin.evolution as ev

ARGS = ["moran", "tft", "alld", "wsls", "gtft", "--population", "60", "--mutation", "0.01",
        "--generations", "1500000", "--record-every", "100", "--turns", "10"]


def cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "winwin", *args], capture_output=True,
                          text=True, timeout=300)


def test_a_second_run_on_the_same_prefix_is_refused(tmp_path: Path) -> None:
    prefix = str(tmp_path / "ck")
    table = ev.payoff_table(["tft", "alld"], turns=10)
    with open(prefix + ".lock", "a+") as fh:  # another run holds the prefix
        fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
        fh.write("4242")
        fh.flush()
        with pytest.raises(ww.WinwinError, match=r"in use by a run still going \(pid 4242\)"):
            ev.moran(table, [5, 5], w=0.1, seed=1, checkpoint=prefix)
    r = ev.moran(table, [5, 5], w=0.1, seed=1, checkpoint=prefix)  # free again
    assert r.winner is not None


def _step(prefix: str) -> int:
    """The step a checkpoint has reached (0 before the first one); atomic writes mean a
    file that exists is whole."""
    try:
        return int(json.loads(Path(prefix + ".json").read_text())["step"])
    except (OSError, ValueError, KeyError):
        return 0


def test_resume_without_a_seed_after_kill_9_at_random_moments(tmp_path: Path) -> None:
    prefix = str(tmp_path / "ck")
    rng = random.Random(7)
    for _ in range(4):  # start (no seed), kill -9 at a random moment, again and again
        before = _step(prefix)
        p = subprocess.Popen([sys.executable, "-m", "winwin", *ARGS, "--checkpoint", prefix,
                              "--format", "csv"], stdout=subprocess.DEVNULL,
                             stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 120  # a loaded machine may take long to start
        while _step(prefix) <= before and p.poll() is None and time.monotonic() < deadline:
            time.sleep(0.05)  # until this run has made progress of its own
        time.sleep(rng.uniform(0.0, 1.5))  # then a random moment of the run
        p.send_signal(signal.SIGKILL)
        p.wait()
    state = json.loads(Path(prefix + ".json").read_text())
    assert state["seed"] is not None and state["step"] > 0
    done = cli(*ARGS, "--checkpoint", prefix, "--format", "json")
    assert done.returncode == 0, done.stderr
    whole = cli(*ARGS, "--seed", str(state["seed"]), "--format", "json")
    a, b = json.loads(done.stdout), json.loads(whole.stdout)
    assert a["trajectory"] == b["trajectory"] and a["generations"] == b["generations"]
    gens = np.array(a["generations"])
    assert (np.diff(gens) > 0).all()  # no generation twice, none going backwards
    assert not list(tmp_path.glob("*.tmp"))


def test_two_concurrent_runs_cannot_both_write(tmp_path: Path) -> None:
    prefix = str(tmp_path / "ck")
    cmd = [sys.executable, "-m", "winwin", *ARGS, "--seed", "3", "--checkpoint", prefix,
           "--format", "json"]
    first = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 60
    while not os.path.exists(prefix + ".json") and time.monotonic() < deadline:
        time.sleep(0.05)
    second = subprocess.run(cmd, capture_output=True, text=True, timeout=120)
    out, _ = first.communicate(timeout=300)
    assert first.returncode == 0
    assert second.returncode == 2 and "in use by a run still going" in second.stderr
    whole = cli(*ARGS, "--seed", "3", "--format", "json")
    assert json.loads(out)["trajectory"] == json.loads(whole.stdout)["trajectory"]


@pytest.mark.parametrize("damage", ["json", "csv", "rows"])
def test_a_damaged_checkpoint_is_reported_in_one_line(tmp_path: Path, damage: str) -> None:
    prefix = str(tmp_path / "ck")
    short = ["moran", "tft", "alld", "--population", "20", "--mutation", "0.01",
             "--generations", "50", "--turns", "10", "--seed", "1"]
    assert cli(*short, "--checkpoint", prefix).returncode == 0
    if damage == "json":
        Path(prefix + ".json").write_text('{"digest": "ab')
    elif damage == "csv":
        os.remove(prefix + ".csv")
    else:
        lines = Path(prefix + ".csv").read_text().splitlines(keepends=True)
        Path(prefix + ".csv").write_text("".join(lines[:5]))
    p = cli(*short, "--checkpoint", prefix)
    assert p.returncode == 2 and "Traceback" not in p.stderr
    lines = p.stderr.strip().splitlines()
    assert len(lines) == 1 and "delete" in lines[0], p.stderr
