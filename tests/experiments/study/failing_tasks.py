"""Task functions that fail on purpose, importable by worker processes (runner tests)."""

import os
from pathlib import Path

from floatpop.experiments.study.runner import RunTask, run_task

MARKER_DIR = os.environ.get("FLOATPOP_TEST_MARKERS", ".")


def fails_once(task: RunTask):
    """Raises on the first attempt of replication 1 of the second scenario, then works."""
    marker = Path(MARKER_DIR) / f"{task.key}.tried"
    if task.replication == 1 and task.scenario_name != "baseline" and not marker.exists():
        marker.write_text("tried")
        raise RuntimeError("a deliberate failure")
    return run_task(task)


def always_fails(task: RunTask):
    if task.replication == 2:
        raise RuntimeError("this run always fails")
    return run_task(task)


def worker_dies(task: RunTask):
    if task.replication == 0 and task.scenario_name != "baseline":
        os._exit(1)  # the worker process dies without a word
    return run_task(task)
