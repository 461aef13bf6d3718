"""Run a fixed list of CLI commands and keep, or compare, what they print.

Used to prove that a restructure changed no output: record before, record after, diff.

    python scripts/compare_outputs.py record DIR     # run every command, write DIR/NN.txt
    python scripts/compare_outputs.py diff OLD NEW   # exit 1 and show the first lines that differ

Every command names its seed, so each output is deterministic. Table outputs lose their timing
line ("(N turns in X s)"), the one thing in them that is allowed to change between runs.
"""

from __future__ import annotations

import difflib
import re
import subprocess
import sys
from pathlib import Path

SEED = "--seed 7"
COMMANDS = [
    f"tournament {SEED} --format json",
    f"tournament {SEED} --format csv",
    f"tournament {SEED} --quiet",
    f"tournament tft gtft 'random(p=0.3)' alld --noise 0.05 {SEED} --format json",
    f"tournament tft gtft wsls alld --prob-end 0.02 {SEED} --format json",
    f"tournament tft alld allc --no-self-play --game trust --turns 10 {SEED} --format csv",
    f"tournament tft alld grudger --game 3,0,5,1/2,0,3,1 --turns 20 {SEED} --format json",
    f"tournament --lineup first-tournament {SEED} --format json",
    f"tournament --lineup evolution-of-trust {SEED} --format csv",
    f"tournament --lineup all,nice,memory-depth<=1 --repetitions 3 {SEED} --format json",
    f"tournament tft gtft wsls alld extort-2 --exact --noise 0.01 {SEED} --format json",
    f"tournament tft gradual 'dual(tit-for-tat)' 'noisy(grudger,e=0.1)' --noise 0.01 {SEED} "
    "--backend python --turns 30 --repetitions 2 --format json",
    f"tournament tft detective alternator --game 'donation(b=3,c=1)' {SEED} --format csv",
    f"match tit-for-tat defector --turns 10 {SEED} --format json",
    f"match gtft wsls --turns 50 --noise 0.1 {SEED} --format csv",
    f"match gtft wsls --prob-end 0.1 --noise 0.1 {SEED} --format json",
    f"match extort-2 wsls --exact {SEED} --format json",
    "match extort-2 wsls --exact --turns 20 --format csv",
    f"match tft alld --turns 8 {SEED}",
    "strategies --format json",
    "strategies --format csv",
    "strategies --format markdown",
    "strategies gradual --format json",
    "strategies --nice --memory-depth 1",
    f"moran tft=10 alld=10 --w 0.1 --turns 10 {SEED} --format json",
    f"moran tft alld wsls --population 30 --mutation 0.01 --generations 20 --turns 10 {SEED} "
    "--format csv",
    f"moran tft alld wsls --population 20 --generations 5 --graph regular:4 --turns 10 {SEED} "
    "--format csv",
    f"fixation tft alld --population 10 --w 0.1 --turns 10 --runs 500 {SEED} --format json",
    f"fixation tft alld --population 10 --w 0.1 --turns 10 --runs 500 {SEED} --format csv",
    f"stationary tft alld wsls gtft extort-2 --w 0.01 {SEED} --format json",
    "stationary tft alld wsls --w 0.01 --format csv",
    "replicator tft=0.1 alld=0.9 --turns 10 --format json",
    f"replicator tft alld gradual --turns 10 --repetitions 5 {SEED} --format csv",
    "ecological tft alld allc --turns 10 --format csv",
    f"evolve always-cooperate=15 always-cheat=5 copycat=5 {SEED} --format json",
    f"evolve always-cooperate=15 always-cheat=5 copycat=5 --noise 0.05 {SEED} --format csv",
    f"evolve allc=10 alld=5 tft=5 --rounds 5 {SEED} --format csv",
    f"spatial --size 30 --b 1.9 --generations 10 {SEED} --format json",
    f"spatial tft alld --size 20 --generations 5 --turns 10 {SEED} --format csv",
    f"fingerprint win-stay-lose-shift --step 0.25 --turns 20 --repetitions 5 {SEED} --format json",
    f"fingerprint tft --kind transitive --turns 10 --repetitions 5 {SEED} --format csv",
    # bad input: exit code 2 and one line on stderr
    "tournament tft --turns 0",
    "tournament tft --noise 2",
    "tournament nosuchstrategy",
    "moran tft=3 alld --turns 5",
]

TIMING = re.compile(r"^\([\d,]+ turns in [\d.]+ s\)$", re.M)


def record(out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    for k, cmd in enumerate(COMMANDS):
        p = subprocess.run(f"{sys.executable} -m winwin {cmd}", shell=True, capture_output=True,
                           text=True)
        stdout = TIMING.sub("(timing)", p.stdout)
        (out / f"{k:02d}.txt").write_text(f"$ winwin {cmd}\nexit {p.returncode}\n{stdout}"
                                          f"--- stderr\n{p.stderr}")
        print(f"{k:02d} exit {p.returncode}  winwin {cmd}", file=sys.stderr)


def diff(old: Path, new: Path) -> int:
    bad = 0
    for k, cmd in enumerate(COMMANDS):
        a = (old / f"{k:02d}.txt").read_text().splitlines()
        b = (new / f"{k:02d}.txt").read_text().splitlines()
        if a != b:
            bad += 1
            print(f"DIFFERS: winwin {cmd}")
            for line in list(difflib.unified_diff(a, b, lineterm="", n=1))[:20]:
                print("   ", line)
    print(f"{len(COMMANDS) - bad} of {len(COMMANDS)} commands print the same")
    return 1 if bad else 0


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "record":
        record(Path(sys.argv[2]))
    elif len(sys.argv) == 4 and sys.argv[1] == "diff":
        sys.exit(diff(Path(sys.argv[2]), Path(sys.argv[3])))
    else:
        sys.exit(__doc__)
