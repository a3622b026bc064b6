"""Run many runs on any executor, resumable, bit for bit.

The runs are every (scenario, replication) of a study, or any list of tasks.

Each run writes its own Parquet part (temporary file, then rename), and the manifest
records it with the part's checksum (`store.manifest`). Running the same tasks again in
the same folder redoes only the runs without an intact part: a missing or damaged part
is redone; a changed study is refused; a second writer on the same folder is refused
(`store.lock`). A run that raises, or whose worker dies, is tried once more (alone, in a
fresh executor), then recorded as failed with its error; the others go on.
"""

from collections.abc import Callable
from concurrent.futures import FIRST_COMPLETED, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import asdict, dataclass
from pathlib import Path

import numpy as np
import pandas as pd
from tqdm import tqdm

from floatpop.experiments.store.lock import locked
from floatpop.experiments.store.manifest import Manifest
from floatpop.experiments.store.results import (
    PARTS,
    SNAPSHOTS,
    part_path,
    snapshot_path,
    write_table,
)
from floatpop.experiments.study.executors import ExecutorSpec
from floatpop.experiments.study.study_file import Study
from floatpop.model import MigrationModel
from floatpop.model.inflow import forecast_inflows
from floatpop.scenarios import Scenario, load
from floatpop.scenarios.errors import FloatpopError


class RunsFailed(FloatpopError):
    """Some runs of a batch failed twice; their errors are in the manifest."""


@dataclass(frozen=True)
class RunTask:
    """Everything one run needs; its results depend on nothing else.

    `snapshot` names migrant attributes (`model.migrants.SCHEMA`) to keep, one row per
    migrant, at the end of the run.
    """

    scenario_name: str
    scenario: Scenario
    replication: int
    seed: int
    inflow: np.ndarray
    outcomes: tuple[str, ...]
    mode: str = "arrays"
    snapshot: tuple[str, ...] = ()

    @property
    def key(self) -> str:
        """The run's name in the store: ``<scenario>__r<replication, 4 digits>``."""
        return f"{self.scenario_name}__r{self.replication:04d}"


@dataclass(frozen=True)
class RunOutput:
    """What one run gives: its tidy outcomes, and the migrants at its end if asked."""

    outcomes: pd.DataFrame
    snapshot: pd.DataFrame | None = None


def run_task(task: RunTask) -> RunOutput:
    """Run the model once for `task`.

    Returns
    -------
    RunOutput
        A tidy frame (scenario, replication, date, district, outcome, value) of the
        task's outcomes, and the snapshot the task asks for.
    """
    model = MigrationModel(task.scenario, inflow=task.inflow, seed=task.seed, mode=task.mode)
    frame = model.run()
    frame = frame[frame.outcome.isin(task.outcomes)].reset_index(drop=True)
    frame.insert(0, "replication", task.replication)
    frame.insert(0, "scenario", task.scenario_name)
    snapshot = None
    if task.snapshot:
        snapshot = pd.DataFrame({name: model.migrants.get(name) for name in task.snapshot})
        snapshot.insert(0, "replication", task.replication)
        snapshot.insert(0, "scenario", task.scenario_name)
    return RunOutput(frame, snapshot)


@dataclass(frozen=True)
class Batch:
    """Runs that write into one results folder.

    `header` is what the manifest records of them (JSON-ready: the study, its seeds,
    the resolved scenarios); `config_hash` identifies what determines their results, so
    that a folder is never resumed by different runs.
    """

    tasks: tuple[RunTask, ...]
    out: Path
    header: dict
    config_hash: str
    label: str = "runs"


def plan(study: Study) -> list[RunTask]:
    """Return all runs of `study`, replication by replication.

    Replication r of every scenario has seed `study.run_seed(r)` and arrival path
    r % paths (from the reference scenario's exit rate), so differences are paired.
    """
    scenarios = {
        name: load(study.scenario_file(name), scale=study.scale, end=study.end)
        for name in study.scenarios
    }
    inflows = forecast_inflows(scenarios[study.reference], study.seed, study.paths)
    return [
        RunTask(name, scenario, r, study.run_seed(r), inflows[r % study.paths], study.outcomes)
        for r in range(study.replications)
        for name, scenario in scenarios.items()
    ]


def run_study(
    study: Study,
    out: Path,
    executor: ExecutorSpec | None = None,
    progress: bool = True,
    task_fn: Callable[[RunTask], RunOutput] = run_task,
) -> dict[str, str]:
    """Run (or resume) `study` into `out`; return each run's status.

    The runs go on the study's executor unless `executor` is given; `task_fn` runs one
    task (`run_task` by default).
    """
    tasks = plan(study)
    header = {
        "study": asdict(study),
        "seeds": {str(r): study.run_seed(r) for r in range(study.replications)},
        "scenarios": {
            t.scenario_name: t.scenario.parameters() for t in tasks if t.replication == 0
        },
    }
    batch = Batch(tuple(tasks), Path(out), header, study.config_hash(), f"study {study.name}")
    return run_tasks(batch, executor or study.executor, progress, task_fn)


def run_tasks(
    batch: Batch,
    executor: ExecutorSpec,
    progress: bool = True,
    task_fn: Callable[[RunTask], RunOutput] = run_task,
) -> dict[str, str]:
    """Run (or resume) the tasks of `batch` into its folder; return each run's status."""
    out = batch.out
    with locked(out):
        (out / PARTS).mkdir(parents=True, exist_ok=True)  # snapshots/ only when a run keeps one
        for folder in (PARTS, SNAPSHOTS):
            for stale in (out / folder).glob(".*"):  # half-written by a run that was killed
                stale.unlink()
        manifest = Manifest(out, batch.header, batch.config_hash, [t.key for t in batch.tasks])
        todo = []
        for task in batch.tasks:
            if manifest.intact(task.key):
                manifest.runs[task.key]["status"] = "done"
            else:  # never run, interrupted, or its files are missing or damaged
                manifest.reset(task.key)
                todo.append(task)
        manifest.save()
        with tqdm(
            total=len(batch.tasks),
            initial=len(batch.tasks) - len(todo),
            unit="run",
            desc=batch.label,
            disable=None if progress else True,
        ) as bar:
            retry = execute(todo, executor, manifest, task_fn, bar)
            # second attempts, each alone in a fresh executor: a worker that dies takes
            # only its own run with it
            for task in retry:
                if execute([task], executor.given(workers=1), manifest, task_fn, bar):
                    manifest.record_failed(task.key)
                    bar.update(1)
        return manifest.statuses()


def write_output(out: Path, task: RunTask, output: RunOutput) -> list[Path]:
    """Write a run's tables into `out`; return the files written."""
    written = [part_path(out, task.key)]
    write_table(output.outcomes, written[0])
    if output.snapshot is not None:
        written.append(snapshot_path(out, task.key))
        write_table(output.snapshot, written[1])
    return written


def execute(
    tasks: list[RunTask], executor: ExecutorSpec, manifest: Manifest, task_fn, bar
) -> list[RunTask]:
    """Run `tasks`, a window of them in flight; return the tasks that failed.

    Each result is written as it arrives, so an interrupted batch keeps what it
    finished; errors are recorded in `manifest`.
    """
    if not tasks:
        return []
    pool, resource = executor.make()
    failures = []
    queue = list(tasks)
    in_flight = {}
    try:
        while queue or in_flight:
            while queue and len(in_flight) < executor.window:
                task = queue.pop(0)
                try:
                    in_flight[pool.submit(task_fn, task)] = task
                except BrokenProcessPool:  # a worker died: carry on with a fresh pool
                    pool.shutdown(wait=True)
                    pool, _ = executor.make()
                    in_flight[pool.submit(task_fn, task)] = task
            finished, _ = wait(in_flight, return_when=FIRST_COMPLETED)
            for future in finished:
                task = in_flight.pop(future)
                try:
                    output = future.result()
                except (Exception, BrokenProcessPool) as err:  # noqa: B014 (named for clarity)
                    manifest.record_error(task.key, f"{type(err).__name__}: {err}")
                    failures.append(task)
                    continue
                manifest.record_done(task.key, write_output(manifest.out, task, output))
                bar.update(1)
    finally:
        pool.shutdown(wait=True)
        if resource is not None:
            resource.close()
    manifest.save()
    return failures


def raise_if_failed(statuses: dict[str, str], out: Path) -> None:
    """Raise RunsFailed, naming the first failed run, if any run of `statuses` did not finish."""
    failed = [key for key, status in statuses.items() if status != "done"]
    if failed:
        raise RunsFailed(
            f"{out}: {len(failed)} runs failed (first: {failed[0]}); their errors are in "
            f"{out}/manifest.json; run the command again to retry them"
        )
