"""Sweeps and big runs: parameter designs, executed in this process, in local processes or on a
Dask cluster, written as Parquet parts that make a rerun resume where it stopped.

>>> from winwin.distributed import load_design
>>> load_design({"experiment": "match", "fixed": {"player_1": "tft", "player_2": "alld"},
...              "sweep": {"noise": {"start": 0, "stop": 0.1, "num": 3}}, "seeds": 2}).n_cells
6
"""

from winwin.distributed.design import Cell, Design, load_design
from winwin.distributed.sweep import SweepSummary, load_sweep, sweep

__all__ = ["Cell", "Design", "SweepSummary", "load_design", "load_sweep", "sweep"]
