"""Run one scenario once and write its outcomes, provenance and headline plot."""

import json
from dataclasses import dataclass
from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np
from tqdm import tqdm

from floatpop.experiments.runs.plan import RunPlan
from floatpop.experiments.runs.plots import plot_headline
from floatpop.experiments.store.files import write_folder
from floatpop.experiments.store.provenance import run_record
from floatpop.model import MigrationModel
from floatpop.model.inflow import default_inflow
from floatpop.scenarios import Scenario, ScenarioError
from floatpop.scenarios.calendar import months_between

#: object mode decides one agent at a time: about 15,000 agents at the 2020 census
OBJECT_MODE_MAX_SCALE = 0.01

INFLOW_RULES = {
    "forecast": "path 0 (seeded by the run's seed) of the calibrated combination forecast of "
    "the fused floating-stock history; arrivals replace the exits measured on a probe run",
    "trend": "stock grows like residents after the start census; arrivals replace the exits "
    "measured on a probe run",
}


@dataclass(frozen=True)
class RunResult:
    """What `run_scenario` returns: the folder, the months run, the final floating stock."""

    out: Path
    months: int
    final_stock: float


def simulate(scenario: Scenario, plan: RunPlan | None = None, progress: bool = False):
    """Run the model; return (model, outcomes frame).

    Raises
    ------
    ScenarioError
        For object mode at a scale that would take hours (above
        `OBJECT_MODE_MAX_SCALE`).
    """
    plan = plan or RunPlan()
    if plan.mode == "objects" and scenario.run.scale > OBJECT_MODE_MAX_SCALE:
        raise ScenarioError(
            f"object mode at scale {scenario.run.scale:g} would mean hundreds of thousands of "
            f"agents, one at a time; give a scale of {OBJECT_MODE_MAX_SCALE:g} or less"
        )
    n_months = months_between(scenario.run.start, scenario.run.end)
    arrivals = default_inflow(scenario, plan.seed, plan.inflow)
    model = MigrationModel(scenario, inflow=arrivals, seed=plan.seed, mode=plan.mode)
    with tqdm(
        total=n_months,
        desc=f"{scenario.name} (seed {plan.seed})",
        unit="month",
        disable=None if progress else True,
        leave=False,
    ) as bar:
        outcomes = model.run(progress=bar.update)
    return model, outcomes


def run_scenario(
    scenario: Scenario,
    plan: RunPlan | None = None,
    out: Path | None = None,
    progress: bool = False,
) -> RunResult:
    """Simulate and write `outcomes.parquet`, `run.json` and `headline.png` into `out`.

    `out` defaults to ``results/<scenario name>``. Files are written to a temporary
    folder first and moved into `out` only when all three exist, so a failed run leaves
    no partial output.

    Raises
    ------
    ScenarioError
        If `out` exists and is not a folder, or as `simulate` does.
    """
    plan = plan or RunPlan()
    out = Path("results") / scenario.name if out is None else Path(out)
    if out.exists() and not out.is_dir():
        raise ScenarioError(f"{out}: exists and is not a folder")
    model, outcomes = simulate(scenario, plan, progress)
    inflow_record = {
        "kind": plan.inflow,
        "rule": INFLOW_RULES[plan.inflow],
        "persons_per_month": model.inflow.tolist(),
    }
    record = {**run_record(scenario, plan.seed, inflow_record), "mode": plan.mode}
    title = (
        f"{scenario.name}: Urumqi floating population "
        f"(scale {scenario.run.scale:g}, seed {plan.seed})"
    )
    fig = plot_headline(outcomes, title)
    write_folder(
        out,
        {
            "outcomes.parquet": lambda p: outcomes.to_parquet(p, index=False),
            "run.json": lambda p: p.write_text(json.dumps(record, indent=2) + "\n"),
            "headline.png": lambda p: fig.savefig(p, dpi=110),
        },
    )
    plt.close(fig)
    stock = outcomes[(outcomes.outcome == "floating_stock") & (outcomes.district == "all")]
    return RunResult(out=out, months=model.n_months, final_stock=float(np.asarray(stock.value)[-1]))
