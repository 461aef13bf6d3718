"""A sweep on a batch cluster (SLURM shown; PBS is the same with PBSCluster), a worked example.

Needs `pip install dask-jobqueue` on the login node and winwin installed where the jobs run,
and a --output directory on a file system that every node mounts. Not run by the tests (no
cluster here); the same code with `LocalCluster` is (tests/test_sweep.py).

    python examples/cluster.py examples/noise-prob-end.toml /shared/plane
"""

import sys

import winwin as ww

if __name__ == "__main__":
    from dask.distributed import Client
    from dask_jobqueue import SLURMCluster  # Kubernetes: dask_kubernetes.operator.KubeCluster

    design, output = sys.argv[1], sys.argv[2]
    # one single-threaded worker per job: winwin's engine uses one core per worker in sweeps
    cluster = SLURMCluster(cores=1, processes=1, memory="2GB", walltime="02:00:00",
                           job_extra_directives=["--partition=short"])
    cluster.scale(jobs=40)
    with Client(cluster) as client:
        summary = ww.sweep(design, output, executor="dask", dask=client)
        print(f"{summary.computed} cells computed, {summary.skipped} already on disk")
    # Killed or timed out? Run the same command again: finished cells are skipped.
