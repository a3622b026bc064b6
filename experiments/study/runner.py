"""Run a study: every (scenario, replication), on any executor, resumable, bit for bit.

Each run is written as its own Parquet part (temporary file, then rename) and recorded
in `manifest.json` (resolved scenarios, seeds, versions, configuration hash, the status
of every run). Running the same study again in the same folder redoes only the runs
without a part; a changed study is refused. A run that raises, or whose worker dies, is
tried once more (alone, in a fresh process, if its worker died), then recorded as
failed with its error; the study goes on.
"""

import json
from collections.abc import Callable
from concurrent.futures import FIRST_COMPLETED, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import asdict, dataclass
from pathlib import Path

import numpy as np
import pandas as pd
from tqdm import tqdm

from floatpop.experiments.store.files import write_atomically
from floatpop.experiments.store.provenance import versions
from floatpop.experiments.study.executors import make_executor
from floatpop.experiments.study.study_file import Study
from floatpop.model import MigrationModel
from floatpop.model.inflow import forecast_inflows
from floatpop.scenarios import Scenario, ScenarioError, load

ATTEMPTS = 2


@dataclass(frozen=True)
class RunTask:
    """Everything one run needs; results depend on nothing else."""

    scenario_name: str
    scenario: Scenario
    replication: int
    seed: int
    inflow: np.ndarray
    outcomes: tuple[str, ...]

    @property
    def key(self) -> str:
        return f"{self.scenario_name}__r{self.replication:04d}"


def run_task(task: RunTask) -> pd.DataFrame:
    """One model run as a tidy frame: scenario, replication, date, district, outcome, value."""
    model = MigrationModel(task.scenario, inflow=task.inflow, seed=task.seed)
    frame = model.run()
    frame = frame[frame.outcome.isin(task.outcomes)].reset_index(drop=True)
    frame.insert(0, "replication", task.replication)
    frame.insert(0, "scenario", task.scenario_name)
    return frame


def plan(study: Study) -> list[RunTask]:
    """All runs: replication r of every scenario has seed `study.run_seed(r)` and arrival
    path r % paths (from the reference scenario's exit rate), so differences are paired."""
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


class Manifest:
    """`manifest.json`: what was run (a header: study, seeds, scenarios), its hash,
    versions and the status of each run."""

    def __init__(self, out: Path, header: dict, config_hash: str, tasks: list[RunTask]):
        self.path = out / "manifest.json"
        previous = json.loads(self.path.read_text()) if self.path.exists() else None
        if previous and previous["config_hash"] != config_hash:
            raise ScenarioError(
                f"{out}: holds results of a different study (configuration "
                f"{previous['config_hash']}, this one {config_hash}); use another --out"
            )
        self.data = previous or {
            **header,
            "config_hash": config_hash,
            "versions": versions(),
            "runs": {},
        }
        for task in tasks:
            self.data["runs"].setdefault(task.key, {"status": "pending", "attempts": 0})

    def record(self, key: str, status: str, error: str = "", attempt: bool = True) -> None:
        run = self.data["runs"][key]
        run["status"] = status
        run["attempts"] += attempt
        if error:
            run["error"] = error
        self.save()

    def save(self) -> None:
        text = json.dumps(self.data, indent=2, default=str) + "\n"
        write_atomically(self.path, lambda p: p.write_text(text))


def part_path(out: Path, task: RunTask) -> Path:
    return out / "parts" / f"{task.key}.parquet"


def run_study(
    study: Study,
    out: Path,
    executor: str | None = None,
    workers: int | None = None,
    address: str | None = None,
    progress: bool = True,
    task_fn: Callable[[RunTask], pd.DataFrame] = run_task,
) -> dict:
    """Run (or resume) `study` into `out`; returns the manifest's run statuses."""
    tasks = plan(study)
    header = {
        "study": asdict(study),
        "seeds": {str(r): study.run_seed(r) for r in range(study.replications)},
        "scenarios": {
            t.scenario_name: t.scenario.parameters() for t in tasks if t.replication == 0
        },
    }
    return run_tasks(
        tasks,
        out,
        header,
        study.config_hash(),
        executor or study.executor,
        workers or study.workers,
        address or study.address,
        progress,
        task_fn,
        label=f"study {study.name}",
    )


def run_tasks(
    tasks: list[RunTask],
    out: Path,
    header: dict,
    config_hash: str,
    executor: str,
    workers: int,
    address: str = "",
    progress: bool = True,
    task_fn: Callable[[RunTask], pd.DataFrame] = run_task,
    label: str = "runs",
) -> dict:
    """Run (or resume) any list of tasks into `out` (parts and manifest), as studies do."""
    out = Path(out)
    (out / "parts").mkdir(parents=True, exist_ok=True)
    for stale in (out / "parts").glob(".*"):  # half-written by a run that was killed
        stale.unlink()
    manifest = Manifest(out, header, config_hash, tasks)
    todo = [t for t in tasks if not part_path(out, t).exists()]
    for task in tasks:
        if part_path(out, task).exists():
            manifest.data["runs"][task.key]["status"] = "done"
    manifest.save()
    with tqdm(
        total=len(tasks),
        initial=len(tasks) - len(todo),
        unit="run",
        desc=label,
        disable=None if progress else True,
    ) as bar:
        retry = execute(todo, executor, workers, address, out, manifest, task_fn, bar)
        # second attempts, each alone in a fresh executor: a worker that dies takes only
        # its own run with it
        for task, _ in retry:
            single = execute([task], executor, 1, address, out, manifest, task_fn, bar)
            for failed_task, error in single:
                manifest.record(failed_task.key, "failed", error, attempt=False)
                bar.update(1)
    return {key: run["status"] for key, run in manifest.data["runs"].items()}


def execute(tasks, kind, workers, address, out, manifest, task_fn, bar) -> list:
    """Run `tasks`, at most two per worker in flight, writing each result as it arrives
    (so an interrupted study keeps what it finished); return (task, error) of failures."""
    if not tasks:
        return []
    pool, resource = make_executor(kind, workers, address)
    failures = []
    queue = list(tasks)
    in_flight = {}
    window = 1 if kind == "serial" else 2 * workers
    try:
        while queue or in_flight:
            while queue and len(in_flight) < window:
                task = queue.pop(0)
                try:
                    in_flight[pool.submit(task_fn, task)] = task
                except BrokenProcessPool:  # a worker died: carry on with a fresh pool
                    pool.shutdown(wait=True)
                    pool, _ = make_executor(kind, workers, address)
                    in_flight[pool.submit(task_fn, task)] = task
            finished, _ = wait(in_flight, return_when=FIRST_COMPLETED)
            for future in finished:
                task = in_flight.pop(future)
                try:
                    frame = future.result()
                except (Exception, BrokenProcessPool) as err:  # noqa: B014 (named for clarity)
                    error = f"{type(err).__name__}: {err}"
                    manifest.data["runs"][task.key]["error"] = error
                    manifest.data["runs"][task.key]["attempts"] += 1
                    failures.append((task, error))
                    continue
                write_atomically(
                    part_path(out, task), lambda p, f=frame: f.to_parquet(p, index=False)
                )
                manifest.record(task.key, "done")
                bar.update(1)
    finally:
        pool.shutdown(wait=True)
        if resource is not None:
            resource.close()
    manifest.save()
    return failures


def read_results(out: Path) -> pd.DataFrame:
    """All parts of a study folder as one tidy frame."""
    parts = sorted((Path(out) / "parts").glob("*.parquet"))
    if not parts:
        raise ValueError(f"{out}: no results (parts/*.parquet)")
    frame = pd.concat([pd.read_parquet(p) for p in parts], ignore_index=True)
    for column in ("scenario", "date", "district", "outcome"):
        # few distinct labels over millions of rows: plain strings, not arrow-backed ones,
        # which are slow to iterate
        frame[column] = frame[column].astype(object)
    return frame
