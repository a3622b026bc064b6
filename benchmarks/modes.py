"""Benchmark: array mode against object mode on the same work, and their throughput.

Both modes run the baseline with the same seed and arrivals from the 2020 census for
`--months` months at the scale that gives `--agents` agents at the start (default:
20,000 agents, 5 years). Reports CPU seconds of each run (`time.process_time`), the
speed ratio (target: array mode at least 50 times faster) and the throughput of each
mode in agent-steps (agents alive x months) per CPU-second. Run with `make bench`, or:

    python benchmarks/modes.py [--agents 20000] [--months 60] [--seed 0]
"""

import argparse
import json
import platform
import time

from floatpop.model import MigrationModel
from floatpop.model.inflow import default_stock_path
from floatpop.model.rules.arrivals import mean_persons_per_agent
from floatpop.scenarios import load
from floatpop.scenarios.calendar import month_index, month_label

TARGET_RATIO = 50.0


def timed_run(scenario, inflow, seed: int, mode: str) -> tuple[float, float]:
    """Run the model once; return (CPU seconds, agent-steps), set-up included."""
    start = time.process_time()
    model = MigrationModel(scenario, inflow=inflow, seed=seed, mode=mode)
    agent_steps = 0
    while model.steps < model.n_months:
        agent_steps += len(model.migrants)
        model.step()
    return time.process_time() - start, float(agent_steps)


def main() -> None:
    """Run the benchmark: both modes on the same work; print their times and ratio."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--agents", type=int, default=20_000)
    parser.add_argument("--months", type=int, default=60)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--json", action="store_true", help="also print the figures as JSON")
    args = parser.parse_args()

    probe = load("baseline")
    stock = probe.city.initial(probe.run.start).stock[probe.run.initial_stock]
    scale = args.agents * mean_persons_per_agent(probe) / stock
    end = month_label(month_index(probe.run.start) + args.months)
    scenario = load("baseline", scale=scale, end=end)
    # one series of arrivals for both modes: those of an array run following the trend
    follower = MigrationModel(scenario, stock_path=default_stock_path(scenario, args.seed, "trend"))
    follower.run()
    inflow = follower.inflow
    figures = {"agents": args.agents, "months": args.months, "scale": scale}
    for mode in ("arrays", "objects"):
        cpu, steps = timed_run(scenario, inflow, args.seed, mode)
        figures[mode] = {"cpu_seconds": cpu, "agent_steps_per_cpu_second": steps / cpu}
        print(
            f"{mode:8s} {cpu:8.2f} CPU-s  {steps / cpu:12,.0f} agent-steps per CPU-second",
            flush=True,
        )
    ratio = figures["objects"]["cpu_seconds"] / figures["arrays"]["cpu_seconds"]
    figures["ratio"] = ratio
    verdict = "meets" if ratio >= TARGET_RATIO else "misses"
    print(f"machine: {platform.machine()}, Python {platform.python_version()}")
    print(
        f"scale {scale:.4g} (~{args.agents:,} agents), {args.months} months: array mode "
        f"{ratio:,.0f} times faster than object mode (target {TARGET_RATIO:.0f}: {verdict})"
    )
    if args.json:
        print(json.dumps(figures))


if __name__ == "__main__":
    main()
