"""Run many runs on any executor, resumable, bit for bit.

The runs are every (scenario, replication) of a study, or any list of tasks.

Each run writes its own Parquet part (temporary file, then rename), and the manifest
records it with the part's checksum (`store.manifest`). Running the same tasks again in
the same folder redoes only the runs without an intact part: a missing or damaged part
is redone; a changed study is refused; a second writer on the same folder is refused
(`store.lock`). A run that raises, or whose worker dies, is tried once more (alone, in a
fresh executor), then recorded as failed with its error; the others go on.

A run that follows a stock path writes the arrivals it drew and its newcomer logsum; a
run paired with it (`RunTask.paired_with`) takes both (its arrivals are those times the
pull its own logsum induces, `rules.attraction`), so it runs after it, in a second
wave. A paired run whose partner failed fails too, with that reason.
"""

from collections.abc import Callable
from concurrent.futures import FIRST_COMPLETED, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import asdict, dataclass, fields, replace
from pathlib import Path

import numpy as np
import pandas as pd
from tqdm import tqdm

from floatpop.experiments.store.errors import StoreError
from floatpop.experiments.store.lock import locked
from floatpop.experiments.store.manifest import Manifest
from floatpop.experiments.store.results import (
    ARRIVALS,
    PARTS,
    SNAPSHOTS,
    arrivals_path,
    part_path,
    read_arrivals,
    snapshot_path,
    write_table,
)
from floatpop.experiments.study.executors import ExecutorSpec
from floatpop.experiments.study.study_file import Study
from floatpop.experiments.study.uncertainty import apply, declared_spreads, full_draws
from floatpop.model import MigrationModel
from floatpop.model.inflow import forecast_stock_paths
from floatpop.scenarios import Scenario, load
from floatpop.scenarios.calibrated import read_posterior
from floatpop.scenarios.errors import FloatpopError


class RunsFailed(FloatpopError):
    """Some runs of a batch failed twice; their errors are in the manifest."""


@dataclass(frozen=True)
class RunTask:
    """Everything one run needs; its results depend on nothing else.

    Its arrivals come from exactly one of: `inflow` (persons per month), `stock_path`
    (the floating stock to follow, persons at months 0..n) or `paired_with` (the key of
    the run, in the same batch, whose arrivals it takes; the runner fills `inflow` and
    `reference_logsum`).
    `snapshot` names migrant attributes (`model.migrants.SCHEMA`) to keep, one row per
    migrant, at the end of the run.

    Raises
    ------
    ValueError
        If not exactly one source of arrivals is given.
    """

    scenario_name: str
    scenario: Scenario
    replication: int
    seed: int
    inflow: np.ndarray | None
    outcomes: tuple[str, ...]
    mode: str = "arrays"
    snapshot: tuple[str, ...] = ()
    stock_path: np.ndarray | None = None
    paired_with: str | None = None
    reference_logsum: np.ndarray | None = None

    def __post_init__(self):
        """Check that the task has exactly one source of arrivals."""
        given = [self.inflow is not None, self.stock_path is not None]
        if self.paired_with is None and sum(given) != 1:
            raise ValueError(f"{self.key}: give exactly one of inflow, stock_path, paired_with")
        if self.paired_with is not None and given[1]:
            raise ValueError(f"{self.key}: a paired run takes arrivals, not a stock path")

    @property
    def key(self) -> str:
        """The run's name in the store: ``<scenario>__r<replication, 4 digits>``."""
        return f"{self.scenario_name}__r{self.replication:04d}"


@dataclass(frozen=True)
class RunOutput:
    """What one run gives: its outcomes, its migrants at the end, its arrivals.

    The tidy outcomes always; the migrants at its end if asked; the arrivals it drew
    and its newcomer logsum, by month, if it followed a stock path.
    """

    outcomes: pd.DataFrame
    snapshot: pd.DataFrame | None = None
    arrivals: np.ndarray | None = None
    logsum: np.ndarray | None = None


def run_task(task: RunTask) -> RunOutput:
    """Run the model once for `task`.

    Returns
    -------
    RunOutput
        A tidy frame (scenario, replication, date, district, outcome, value) of the
        task's outcomes, and the snapshot the task asks for.
    """
    model = MigrationModel(
        task.scenario,
        inflow=task.inflow,
        stock_path=task.stock_path,
        reference_logsum=task.reference_logsum,
        seed=task.seed,
        mode=task.mode,
    )
    frame = model.run()
    frame = frame[frame.outcome.isin(task.outcomes)].reset_index(drop=True)
    frame.insert(0, "replication", task.replication)
    frame.insert(0, "scenario", task.scenario_name)
    snapshot = None
    if task.snapshot:
        snapshot = pd.DataFrame({name: model.migrants.get(name) for name in task.snapshot})
        snapshot.insert(0, "replication", task.replication)
        snapshot.insert(0, "scenario", task.scenario_name)
    if task.stock_path is None:
        return RunOutput(frame, snapshot)
    return RunOutput(frame, snapshot, model.inflow.copy(), model.logsum.copy())


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

    Replication r of every scenario has seed `study.run_seed(r)`. The reference
    scenario follows stock path r % paths (under full uncertainty, its own drawn path,
    with the replication's draws applied to every scenario: `study.uncertainty`); every
    other scenario of the replication takes its arrivals, so differences are paired.
    """
    scenarios = {
        name: load(study.scenario_file(name), scale=study.scale, end=study.end)
        for name in study.scenarios
    }
    base = scenarios[study.reference]
    if study.uncertainty == "full":
        draws = full_draws(base, study.seed, study.replications)
        drawn = [{n: apply(s, d, base) for n, s in scenarios.items()} for d in draws]
        paths = [d.stock_path for d in draws]
    else:
        drawn = [scenarios] * study.replications
        forecast = forecast_stock_paths(base, study.seed, study.paths)
        paths = [forecast[r % study.paths] for r in range(study.replications)]
    tasks = []
    for r in range(study.replications):
        reference = RunTask(
            study.reference,
            drawn[r][study.reference],
            r,
            study.run_seed(r),
            None,
            study.outcomes,
            stock_path=paths[r],
        )
        for name, scenario in drawn[r].items():
            if name == study.reference:
                tasks.append(reference)
            else:
                tasks.append(
                    RunTask(
                        name,
                        scenario,
                        r,
                        study.run_seed(r),
                        None,
                        study.outcomes,
                        paired_with=reference.key,
                    )
                )
    return tasks


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
    if study.uncertainty == "full":
        header["draws"] = draws_record(tasks, study.reference)
    batch = Batch(tuple(tasks), Path(out), header, study.config_hash(), f"study {study.name}")
    return run_tasks(batch, executor or study.executor, progress, task_fn)


def draws_record(tasks: list[RunTask], reference: str) -> dict[str, dict]:
    """Return what each replication drew (full uncertainty).

    From its reference task: the initial and final stock, the posterior's parameters
    and those drawn from a spread; from the others, the levers drawn for the policies
    each adds to the reference (``kind.name``).
    """
    references = {t.replication: t.scenario for t in tasks if t.scenario_name == reference}
    record = {}
    for task in tasks:
        if task.scenario_name == reference:
            s = task.scenario
            record[str(task.replication)] = {
                "initial_stock_factor": s.run.initial_stock_factor,
                "initial_stock": float(task.stock_path[0]),
                "final_stock": float(task.stock_path[-1]),
                "parameters": values_of(s, calibrated_labels()),
                "spreads": values_of(s, [tuple(p.label.split(".")) for p in declared_spreads()]),
                "levers": {},
            }
    for task in tasks:
        base = references.get(task.replication)
        if task.scenario_name == reference or base is None:
            continue
        for policy in (p for p in task.scenario.policies if p not in base.policies):
            for f in fields(policy):
                if f.metadata.get("spread"):
                    levers = record[str(task.replication)]["levers"]
                    levers[f"{policy.kind}.{f.name}"] = getattr(policy, f.name)
    return record


def values_of(scenario: Scenario, labels: list[tuple[str, str]]) -> dict[str, float]:
    """Return the scenario's value of each (section, name), keyed ``section.name``."""
    return {f"{sec}.{name}": getattr(getattr(scenario, sec), name) for sec, name in labels}


def calibrated_labels() -> list[tuple[str, str]]:
    """Return (section, name) of each parameter of the installed posterior sample."""
    posterior = read_posterior()
    labels = [] if posterior is None else list(posterior.columns)
    return [tuple(label.split(".")) for label in labels]


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
        for folder in (PARTS, SNAPSHOTS, ARRIVALS):
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
            # the runs that draw their own arrivals first, then the runs paired with them
            first = [t for t in todo if t.paired_with is None]
            execute_with_retry(first, executor, manifest, task_fn, bar)
            second = []
            for task in (t for t in todo if t.paired_with is not None):
                try:
                    persons, logsum = read_arrivals(out, task.paired_with)
                    second.append(replace(task, inflow=persons, reference_logsum=logsum))
                except StoreError as err:
                    manifest.record_error(task.key, f"its paired run did not finish: {err}")
                    manifest.record_failed(task.key)
                    bar.update(1)
            execute_with_retry(second, executor, manifest, task_fn, bar)
        return manifest.statuses()


def execute_with_retry(
    tasks: list[RunTask], executor: ExecutorSpec, manifest: Manifest, task_fn, bar
) -> None:
    """Run `tasks`; try each failed one once more, alone in a fresh executor."""
    retry = execute(tasks, executor, manifest, task_fn, bar)
    # second attempts, each alone in a fresh executor: a worker that dies takes only its
    # own run with it
    for task in retry:
        if execute([task], executor.given(workers=1), manifest, task_fn, bar):
            manifest.record_failed(task.key)
            bar.update(1)


def write_output(out: Path, task: RunTask, output: RunOutput) -> list[Path]:
    """Write a run's tables into `out`; return the files written."""
    written = [part_path(out, task.key)]
    write_table(output.outcomes, written[0])
    if output.snapshot is not None:
        written.append(snapshot_path(out, task.key))
        write_table(output.snapshot, written[-1])
    if output.arrivals is not None:
        written.append(arrivals_path(out, task.key))
        table = pd.DataFrame({"persons": output.arrivals, "logsum": output.logsum})
        write_table(table, written[-1])
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
