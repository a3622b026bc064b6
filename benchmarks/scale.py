"""Benchmark: one replication of the baseline at 1:1 scale, 2020-11 to 2035-12.

Reports CPU seconds and peak memory (targets: at most 60 CPU-seconds and 1 GB), with
the time split into building the model and running it. Run with `make bench`, or:

    python benchmarks/scale.py [--scale 1.0] [--end 2035-12] [--seed 0]
"""

import argparse
import platform
import resource
import time

from floatpop.model import MigrationModel
from floatpop.model.inflow import default_stock_path
from floatpop.scenarios import load
from floatpop.scenarios.calendar import months_between

TARGET_CPU_SECONDS = 60.0
TARGET_PEAK_MB = 1024.0


def peak_rss_mb() -> float:
    """Return this process's peak resident memory, MB (`ru_maxrss` is in kB on Linux)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kB on Linux


def main() -> None:
    """Run the benchmark: one replication; print its CPU time, memory and throughput."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--end", default="2035-12")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()

    scenario = load("baseline", scale=args.scale, end=args.end)
    n_months = months_between(scenario.run.start, scenario.run.end)
    cpu0, wall0 = time.process_time(), time.perf_counter()
    path = default_stock_path(scenario, args.seed)
    model = MigrationModel(scenario, stock_path=path, seed=args.seed)
    cpu_build, agents_start = time.process_time() - cpu0, len(model.migrants)
    model.run()
    cpu_total, wall_total = time.process_time() - cpu0, time.perf_counter() - wall0
    # ~ persons x scale
    agent_months = model.records.city("floating_stock")[1:].sum() * args.scale
    print(f"machine: {platform.machine()}, Python {platform.python_version()}")
    print(
        f"scale {args.scale:g}, {n_months} months, seed {args.seed}: "
        f"{agents_start:,} agents at start, {len(model.migrants):,} at the end"
    )
    print(f"CPU seconds: {cpu_total:.1f} (build {cpu_build:.1f}); wall seconds: {wall_total:.1f}")
    print(f"peak memory: {peak_rss_mb():.0f} MB")
    print(f"throughput: {agent_months / cpu_total / 1e6:.2f} M person-months per CPU-second")
    cpu_ok = "meets" if cpu_total <= TARGET_CPU_SECONDS else "misses"
    mem_ok = "meets" if peak_rss_mb() <= TARGET_PEAK_MB else "misses"
    print(
        f"target {TARGET_CPU_SECONDS:.0f} CPU-s: {cpu_ok}; target {TARGET_PEAK_MB:.0f} MB: {mem_ok}"
    )


if __name__ == "__main__":
    main()
