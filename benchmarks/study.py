"""Benchmark: a study of 8 scenarios x 20 replications at scale 0.1 on 2 workers.

Reports the wall time of the whole study (`benchmarks/study_8x20.toml`: planning,
forecasts, 160 runs, parts and manifest), the CPU seconds of the worker processes, and
the parallel efficiency: the serial time of the runs (measured as the CPU seconds the
runs took, summed over workers) over workers x wall time. Run with `make bench`, or:

    python benchmarks/study.py [--out results/bench/study_8x20] [--workers 2]

A folder that already holds the study is removed first, so every run is timed.
"""

import argparse
import platform
import resource
import shutil
import time
from pathlib import Path

from floatpop.experiments.study.executors import ExecutorSpec
from floatpop.experiments.study.runner import run_study
from floatpop.experiments.study.study_file import load_study

STUDY = Path(__file__).with_name("study_8x20.toml")


def children_cpu_seconds() -> float:
    """Return the user + system CPU seconds of this process's finished child processes."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def main() -> None:
    """Run the benchmark: the study, afresh; print its wall time, CPU and efficiency."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=Path("results/bench/study_8x20"))
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()

    study = load_study(STUDY)
    shutil.rmtree(args.out, ignore_errors=True)
    wall0, cpu0 = time.perf_counter(), time.process_time()
    executor = ExecutorSpec("processes", workers=args.workers)
    statuses = run_study(study, args.out, executor, progress=False)
    wall = time.perf_counter() - wall0
    parent_cpu = time.process_time() - cpu0
    worker_cpu = children_cpu_seconds()
    runs = len(statuses)
    done = sum(status == "done" for status in statuses.values())
    efficiency = worker_cpu / (args.workers * wall)
    print(f"machine: {platform.machine()}, Python {platform.python_version()}")
    print(
        f"{study.name}: {len(study.scenarios)} scenarios x {study.replications} replications "
        f"at scale {study.scale:g} = {runs} runs ({done} done) on {args.workers} workers"
    )
    print(
        f"wall {wall:.0f} s; worker CPU {worker_cpu:.0f} s ({worker_cpu / runs:.1f} s a run); "
        f"main process CPU {parent_cpu:.0f} s (planning and forecasts)"
    )
    print(
        f"parallel efficiency {efficiency:.0%} (worker CPU / ({args.workers} x wall)); "
        f"{runs / wall * 3600:,.0f} runs an hour"
    )


if __name__ == "__main__":
    main()
