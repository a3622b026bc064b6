"""Model runs at sampled parameter values, through the runner.

Sensitivity analysis and calibration both evaluate the model at many points of a
parameter space. Each point is one run (parallel, resumable, Dask-ready like a study);
the caller chooses the seeds and the stock path, so differences between points come
from the parameters alone when they share both.
"""

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass, fields, replace
from pathlib import Path

import numpy as np
import pandas as pd

from floatpop.experiments.store.provenance import config_digest
from floatpop.experiments.store.results import part_path
from floatpop.experiments.study.executors import ExecutorSpec
from floatpop.experiments.study.runner import Batch, RunTask, raise_if_failed, run_tasks
from floatpop.scenarios import Scenario
from floatpop.scenarios.scenario import SECTIONS


@dataclass(frozen=True)
class Parameter:
    """A numeric scenario parameter and the range it is sampled over."""

    section: str
    name: str
    low: float
    high: float

    @property
    def label(self) -> str:
        """The parameter's name as ``section.name``."""
        return f"{self.section}.{self.name}"


def declared_priors(sections: Sequence[str] = tuple(SECTIONS)) -> tuple[Parameter, ...]:
    """Return every parameter declared with a prior (`scenarios.fields.param`).

    Each ranges over its prior, in the order of the sections and of their fields.
    """
    return tuple(
        Parameter(section, f.name, *f.metadata["prior"])
        for section in sections
        for f in fields(SECTIONS[section])
        if f.metadata.get("prior")
    )


def problem(parameters: Sequence[Parameter]) -> dict:
    """Return the parameter space as SALib describes it."""
    return {
        "num_vars": len(parameters),
        "names": [p.label for p in parameters],
        "bounds": [[p.low, p.high] for p in parameters],
    }


#: the section prefix of a policy lever: ``policy:<kind>``, its field the name
POLICY = "policy:"


def with_values(
    scenario: Scenario,
    parameters: Sequence[Parameter],
    row,
    reference: Scenario | None = None,
) -> Scenario:
    """Return `scenario` with each parameter set to its value in `row`.

    A policy lever (section ``policy:<kind>``) is set in the policies of that kind the
    scenario adds to `reference` (all of them without one).
    """
    changes: dict[str, dict] = {}
    for p, value in zip(parameters, row, strict=True):
        changes.setdefault(p.section, {})[p.name] = float(value)
    levers = {s[len(POLICY) :]: v for s, v in changes.items() if s.startswith(POLICY)}
    kept = () if reference is None else reference.policies
    policies = tuple(
        p if p in kept or p.kind not in levers else replace(p, **levers[p.kind])
        for p in scenario.policies
    )
    sections = {s: replace(getattr(scenario, s), **v) for s, v in changes.items() if s in SECTIONS}
    return replace(scenario, **sections, policies=policies)


@dataclass(frozen=True)
class Points:
    """Runs of one scenario at the points of a design.

    Row i of `X` follows the floating-stock path `stock_paths[i]` (or the one row of
    `stock_paths`, for all) with seed `seeds[i]`; each run keeps `outcomes`. `header`
    is what the manifest records of the caller, `label` what the progress bar says.
    With `paired`, each row also runs that scenario at the same values, paired with the
    row's run (its arrivals and logsum), for paired differences.
    """

    X: np.ndarray
    parameters: tuple[Parameter, ...]
    scenario: Scenario
    stock_paths: np.ndarray
    seeds: tuple[int, ...]
    outcomes: tuple[str, ...]
    header: dict
    label: str = "samples"
    paired: Scenario | None = None

    def rows(self) -> tuple[np.ndarray, np.ndarray]:
        """Return the design as rows, and the stock path of each row, [point, month]."""
        X = np.atleast_2d(self.X)
        paths = self.stock_paths
        return X, np.broadcast_to(paths, (len(X), np.shape(paths)[-1]))

    def tasks(self) -> tuple[RunTask, ...]:
        """Return one run task per row of `X`, keyed ``sample00000``, ``sample00001``, ...

        With `paired`, the rows' paired runs follow, keyed ``paired00000``, ...
        """
        X, paths = self.rows()
        samples = tuple(
            RunTask(
                f"sample{i:05d}",
                with_values(self.scenario, self.parameters, row, self.scenario),
                0,
                int(self.seeds[i]),
                None,
                self.outcomes,
                stock_path=np.asarray(paths[i]),
            )
            for i, row in enumerate(X)
        )
        if self.paired is None:
            return samples
        return samples + tuple(
            RunTask(
                f"paired{i:05d}",
                with_values(self.paired, self.parameters, row, self.scenario),
                0,
                int(self.seeds[i]),
                None,
                self.outcomes,
                paired_with=samples[i].key,
            )
            for i, row in enumerate(X)
        )

    def config_hash(self) -> str:
        """Return the hash of what determines the runs.

        That is the design, seeds, stock paths, scenario and outcomes.
        """
        X, paths = self.rows()
        config = {
            "X": X.round(12).tolist(),
            "seeds": [int(s) for s in self.seeds],
            "stock_paths": hashlib.sha256(np.ascontiguousarray(paths).tobytes()).hexdigest(),
            "scenario": self.scenario.parameters(),
            "outcomes": self.outcomes,
        }
        if self.paired is not None:
            config["paired"] = self.paired.parameters()
        return config_digest(config)


def run_points(
    points: Points, out: Path, executor: ExecutorSpec, progress: bool = True
) -> list[pd.DataFrame]:
    """Run every point (resumable in `out`); return each run's tidy outcomes, in task order.

    That is design order, then (with `Points.paired`) the paired runs in design order.

    Raises
    ------
    RunsFailed
        If a run failed twice (the others are kept; run again to retry it).
    StoreError
        If `out` holds runs of another design.
    """
    tasks = points.tasks()
    header = {**points.header, "parameters": problem(points.parameters)}
    batch = Batch(tasks, Path(out), header, points.config_hash(), points.label)
    raise_if_failed(run_tasks(batch, executor, progress), out)
    return [pd.read_parquet(part_path(out, t.key)) for t in tasks]
