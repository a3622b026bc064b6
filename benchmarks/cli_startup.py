"""Benchmark: how long the `floatpop` command takes to start.

`floatpop --help` and `floatpop scenarios list` import no numerical library (the
command imports each job's library only when that job runs; a test checks the
imports). This measures the CPU time of each command, as child processes, against
`python -c "import pandas"` and an empty `python -c pass`, and reports the medians of
`--repeats` runs. Target: each command costs about what importing pandas costs. Run
with `make bench`, or:

    python benchmarks/cli_startup.py [--repeats 15]
"""

import argparse
import json
import platform
import resource
import shutil
import statistics
import subprocess
import sys
from pathlib import Path

TARGET_RATIO = 1.25  # command CPU / `import pandas` CPU, at most


def commands() -> dict[str, list[str]]:
    """Return the commands timed, by label: the two baselines and the two floatpop commands."""
    floatpop = shutil.which("floatpop") or str(Path(sys.executable).parent / "floatpop")
    return {
        "python -c pass": [sys.executable, "-c", "pass"],
        "python -c 'import pandas'": [sys.executable, "-c", "import pandas"],
        "floatpop --help": [floatpop, "--help"],
        "floatpop scenarios list": [floatpop, "scenarios", "list"],
    }


def cpu_seconds(command: list[str]) -> float:
    """Return the user + system CPU seconds of one run of `command` as a child process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def main() -> None:
    """Run the benchmark: time each command; print the medians against the target."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=15)
    args = parser.parse_args()
    medians = {}
    for label, command in commands().items():
        cpu_seconds(command)  # warm the file cache
        medians[label] = statistics.median(cpu_seconds(command) for _ in range(args.repeats))
    pandas = medians["python -c 'import pandas'"]
    print(
        f"CPU seconds, median of {args.repeats} runs ({platform.machine()}, "
        f"Python {platform.python_version()}):"
    )
    for label, seconds in medians.items():
        print(f"  {label:28s} {seconds:6.3f}   {seconds / pandas:5.2f} x import pandas")
    worst = max(medians["floatpop --help"], medians["floatpop scenarios list"]) / pandas
    verdict = "met" if worst <= TARGET_RATIO else "MISSED"
    print(f"target: at most {TARGET_RATIO} x import pandas: {verdict} ({worst:.2f})")
    print(json.dumps({"repeats": args.repeats, "median_cpu_seconds": medians}))


if __name__ == "__main__":
    main()
