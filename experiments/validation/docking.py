"""Docking: array mode and object mode are the same model.

Both modes run the same scenario with the same seeds and arrivals; their random
numbers are assigned to migrants in a different order (object mode shuffles its agents),
so single runs differ, but the distributions of every outcome must not. Two checks:

- run level: for every outcome (city-wide, at the last month), a two-sample
  Kolmogorov-Smirnov test across replications, rejecting at p < `ALPHA`;
- agent level: the migrants pooled over replications at the last month, compared by
  the KS distance of their integration index, wage (of the employed) and time in the
  city, and by the largest difference in tenure and status shares, each within
  `AGENT_TOLERANCE`.

The runs go through the runner (one folder per mode, with the migrants' end state as a
snapshot): parallel, resumable, Dask-ready.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
from scipy.stats import ks_2samp

from floatpop.experiments.store.provenance import config_digest
from floatpop.experiments.store.results import read_results, read_snapshots
from floatpop.experiments.study.executors import ExecutorSpec
from floatpop.experiments.study.runner import Batch, RunTask, raise_if_failed, run_tasks
from floatpop.model.codes import Status, Tenure
from floatpop.model.outcomes import OUTCOME_NAMES
from floatpop.scenarios import Scenario

ALPHA = 0.001  # per outcome; over 22 outcomes a false alarm rate of about 2%
AGENT_TOLERANCE = 0.02  # KS distance, or absolute difference of shares
CONTINUOUS = ("integration", "wage", "months_in_city")
CATEGORICAL = {"tenure": len(Tenure), "status": len(Status)}
SNAPSHOT = (*CONTINUOUS, *CATEGORICAL, "employed")


@dataclass(frozen=True)
class RunSummary:
    """What docking compares of one run: city-wide outcomes and migrants at the end."""

    city: np.ndarray  # [outcome], the last month's city-wide values
    agents: dict[str, np.ndarray]  # attribute -> values over the migrants at the end


def run_mode(
    scenario: Scenario,
    inflow: np.ndarray,
    seeds: Sequence[int],
    mode: str,
    out: Path,
    executor: ExecutorSpec | None = None,
) -> list[RunSummary]:
    """Run `scenario` in `mode` once per seed (resumable in `out`); return a summary per run.

    The wages kept are those of the employed.
    """
    tasks = tuple(
        RunTask(mode, scenario, r, int(seed), inflow, OUTCOME_NAMES, mode, SNAPSHOT)
        for r, seed in enumerate(seeds)
    )
    header = {"docking": {"mode": mode, "seeds": [int(s) for s in seeds]}}
    config = {**header, "scenario": scenario.parameters(), "inflow": np.asarray(inflow).tolist()}
    batch = Batch(tasks, Path(out), header, config_digest(config), f"docking, {mode}")
    raise_if_failed(run_tasks(batch, executor or ExecutorSpec()), out)
    results, snapshots = read_results(out), read_snapshots(out)
    last = results[(results.date == results.date.max()) & (results.district == "all")]
    summaries = []
    for task in tasks:
        city = last[last.replication == task.replication].set_index("outcome").value
        agents = snapshots[task.key]
        values = {name: agents[name].to_numpy() for name in (*CONTINUOUS, *CATEGORICAL)}
        values["wage"] = values["wage"][agents["employed"].to_numpy()]
        summaries.append(RunSummary(city.loc[list(OUTCOME_NAMES)].to_numpy(), values))
    return summaries


def compare_runs(a: list[RunSummary], b: list[RunSummary], names) -> pd.DataFrame:
    """Return, per outcome, the means, the KS statistic and p-value across replications.

    ``same`` is True where the test does not reject at `ALPHA`.
    """
    A = np.array([r.city for r in a])
    B = np.array([r.city for r in b])
    rows = []
    for k, name in enumerate(names):
        x, y = A[:, k], B[:, k]
        if np.allclose(x, x[0]) and np.allclose(y, x[0]):  # constant in both (e.g. 0 cost)
            statistic, p = 0.0, 1.0
        else:
            statistic, p = ks_2samp(x, y)
        rows.append((name, x.mean(), y.mean(), statistic, p))
    table = pd.DataFrame(rows, columns=["outcome", "mean_a", "mean_b", "ks", "p"])
    table["same"] = table.p >= ALPHA
    return table


def compare_agents(a: list[RunSummary], b: list[RunSummary]) -> pd.DataFrame:
    """Compare the pooled migrants of the two modes.

    The measures are the KS distance of continuous attributes and the largest share
    difference of categorical ones; ``same`` is True where it is within
    `AGENT_TOLERANCE`.
    """
    rows = []
    for name in CONTINUOUS:
        x = np.concatenate([r.agents[name] for r in a]).astype(float)
        y = np.concatenate([r.agents[name] for r in b]).astype(float)
        rows.append((name, "ks distance", ks_2samp(x, y).statistic))
    for name, n in CATEGORICAL.items():
        shares = [
            np.bincount(np.concatenate([r.agents[name] for r in runs]), minlength=n)
            for runs in (a, b)
        ]
        diff = np.abs(shares[0] / shares[0].sum() - shares[1] / shares[1].sum()).max()
        rows.append((name, "largest share difference", diff))
    table = pd.DataFrame(rows, columns=["attribute", "measure", "value"])
    table["same"] = table.value <= AGENT_TOLERANCE
    return table


def dock(
    scenario: Scenario,
    inflow: np.ndarray,
    seeds: Sequence[int],
    out: Path,
    executor: ExecutorSpec | None = None,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Run both modes on `seeds` and return the run-level and agent-level comparisons.

    The runs go into `out/arrays` and `out/objects`.
    """
    arrays = run_mode(scenario, inflow, seeds, "arrays", Path(out) / "arrays", executor)
    objects = run_mode(scenario, inflow, seeds, "objects", Path(out) / "objects", executor)
    return compare_runs(arrays, objects, OUTCOME_NAMES), compare_agents(arrays, objects)
