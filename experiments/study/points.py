"""Model runs at sampled parameter values, through the experiment runner.

Sensitivity analysis and calibration both evaluate the model at many points of a
parameter space. Each point is one run (parallel, resumable, Dask-ready like a study);
the caller chooses the seeds and the arrival path, so differences between points come
from the parameters alone when they share both.
"""

import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np
import pandas as pd

from floatpop.experiments.study.runner import RunTask, part_path, run_tasks
from floatpop.scenarios import Scenario


@dataclass(frozen=True)
class Parameter:
    """A numeric scenario parameter and the range it is sampled over."""

    section: str
    name: str
    low: float
    high: float

    @property
    def label(self) -> str:
        return f"{self.section}.{self.name}"


def problem(parameters: Sequence[Parameter]) -> dict:
    """The parameter space as SALib describes it."""
    return {
        "num_vars": len(parameters),
        "names": [p.label for p in parameters],
        "bounds": [[p.low, p.high] for p in parameters],
    }


def with_values(scenario: Scenario, parameters: Sequence[Parameter], row) -> Scenario:
    """`scenario` with each parameter set to its value in `row`."""
    changes: dict[str, dict] = {}
    for p, value in zip(parameters, row, strict=True):
        changes.setdefault(p.section, {})[p.name] = float(value)
    return replace(scenario, **{s: replace(getattr(scenario, s), **v) for s, v in changes.items()})


def run_points(
    X: np.ndarray,
    parameters: Sequence[Parameter],
    scenario: Scenario,
    inflows: np.ndarray,
    seeds: Sequence[int],
    outcomes: tuple[str, ...],
    out: Path,
    header: dict,
    executor: str,
    workers: int,
    address: str = "",
    label: str = "samples",
    progress: bool = True,
) -> list[pd.DataFrame]:
    """One run per row of X (row i with arrivals `inflows[i]` and seed `seeds[i]`);
    returns each run's tidy outcomes. Resumes in `out`; a different X, scenario, seeds
    or arrivals in the same folder is refused."""
    X = np.atleast_2d(X)
    inflows = np.broadcast_to(inflows, (len(X), np.shape(inflows)[-1]))
    tasks = [
        RunTask(
            f"sample{i:05d}",
            with_values(scenario, parameters, row),
            0,
            int(seeds[i]),
            np.asarray(inflows[i]),
            outcomes,
        )
        for i, row in enumerate(X)
    ]
    config = json.dumps(
        {
            "X": X.round(12).tolist(),
            "seeds": [int(s) for s in seeds],
            "inflows": hashlib.sha256(np.ascontiguousarray(inflows).tobytes()).hexdigest(),
            "scenario": scenario.parameters(),
            "outcomes": outcomes,
        },
        sort_keys=True,
        default=str,
    )
    statuses = run_tasks(
        tasks,
        out,
        {**header, "parameters": problem(parameters)},
        hashlib.sha256(config.encode()).hexdigest()[:16],
        executor,
        workers,
        address,
        progress,
        label=label,
    )
    failed = [key for key, status in statuses.items() if status != "done"]
    if failed:
        raise RuntimeError(
            f"{out}: {len(failed)} runs failed (first: {failed[0]}); their errors are in "
            f"{out}/manifest.json; run the command again to retry them"
        )
    return [pd.read_parquet(part_path(out, t)) for t in tasks]
