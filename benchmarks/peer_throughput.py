"""Throughput of a peer array-based ABM framework (Starsim), in agent-steps per CPU-second.

Builds a simple monthly Starsim simulation (SIS disease on a dynamic random contact network,
plus births and deaths), runs it three times and reports the median CPU time
(``time.process_time``) and wall time (``time.perf_counter``) of ``sim.run()`` alone: the import,
the construction of the sim and the creation of the agents (``sim.init()``) are not timed.
Agent-steps are nominal: N agents x T steps (births and deaths change the population a little).

Run from the repository root::

    python benchmarks/peer_throughput.py [--agents N] [--steps T] [--json]

It needs Starsim, which is not a dependency of this package (``pip install starsim``, ideally in
a throwaway virtual environment). Without it the script says so and exits with status 0.
Set OMP_NUM_THREADS=1 (and the OpenBLAS/MKL equivalents) so BLAS threads do not inflate CPU time.
"""

import argparse
import json
import statistics
import sys
import time

SEED = 1


def build_sim(ss, n_agents, n_steps):
    """Return a monthly sim with n_steps time steps.

    It starts in 2000; dur counts the steps after the first.
    """
    return ss.Sim(
        n_agents=n_agents,
        diseases="sis",
        networks="random",
        birth_rate=20,  # per 1000 per year
        death_rate=15,  # per 1000 per year
        start=2000,
        dur=n_steps - 1,
        dt=ss.month,
        rand_seed=SEED,
        verbose=0,
    )


def time_run(ss, n_agents, n_steps):
    """Return the CPU and wall seconds of one sim.run(), after an untimed sim.init()."""
    sim = build_sim(ss, n_agents, n_steps)
    sim.init()
    assert sim.t.npts == n_steps
    cpu0, wall0 = time.process_time(), time.perf_counter()
    sim.run()
    return time.process_time() - cpu0, time.perf_counter() - wall0


def main(argv=None):
    """Run the benchmark (if Starsim is installed) and print its throughput; return 0."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--agents", type=int, default=100_000, help="number of agents N")
    parser.add_argument("--steps", type=int, default=181, help="monthly time steps T")
    parser.add_argument("--repeats", type=int, default=3, help="timed runs (median is reported)")
    parser.add_argument("--json", action="store_true", help="also print the numbers as JSON")
    args = parser.parse_args(argv)

    try:
        import starsim as ss
    except ImportError:
        print("starsim not installed: peer throughput skipped (pip install starsim)")
        return 0

    time_run(ss, 1_000, 3)  # untimed warm-up: first-call costs (numba JIT, caches)
    runs = [time_run(ss, args.agents, args.steps) for _ in range(args.repeats)]
    cpu = statistics.median(r[0] for r in runs)
    wall = statistics.median(r[1] for r in runs)
    rate = args.agents * args.steps / cpu
    print(
        f"starsim {ss.__version__}: {args.agents} agents x {args.steps} steps: "
        f"{cpu:.2f} CPU-s, {wall:.2f} wall-s, {rate:,.0f} agent-steps per CPU-second"
    )
    if args.json:
        record = {
            "framework": "starsim",
            "version": ss.__version__,
            "python": sys.version.split()[0],
            "model": "SIS + random network + births + deaths, monthly",
            "agents": args.agents,
            "steps": args.steps,
            "repeats": args.repeats,
            "cpu_s_runs": [r[0] for r in runs],
            "wall_s_runs": [r[1] for r in runs],
            "cpu_s": cpu,
            "wall_s": wall,
            "agent_steps_per_cpu_s": rate,
        }
        print(json.dumps(record, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
