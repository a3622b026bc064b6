"""Run one scenario once and write its outcomes, provenance and headline plot."""

import json
from dataclasses import dataclass, replace
from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np
from tqdm import tqdm

from floatpop.experiments.runs.plan import RunPlan
from floatpop.experiments.runs.plots import plot_headline
from floatpop.experiments.store.files import write_folder
from floatpop.experiments.store.provenance import run_record
from floatpop.model import MigrationModel
from floatpop.model.inflow import default_stock_path
from floatpop.scenarios import Scenario, ScenarioError, load
from floatpop.scenarios.calendar import months_between

#: object mode decides one agent at a time: about 15,000 agents at the 2020 census
OBJECT_MODE_MAX_SCALE = 0.01

REFERENCE = "baseline"  # the scenario whose stock follows the path; the others pair with it

INFLOW_RULES = {
    "forecast": "the baseline follows path 0 (seeded by the run's seed) of the calibrated "
    "combination forecast of the fused floating-stock history; its arrivals make its stock "
    "follow the path, and any other scenario takes them as given",
    "trend": "the baseline follows a stock growing like residents after the start census; "
    "its arrivals make its stock follow it, and any other scenario takes them as given",
}


def reference_of(scenario: Scenario) -> Scenario:
    """Return the baseline with `scenario`'s run and inflow settings: the run it pairs with."""
    baseline = load(REFERENCE, scale=scenario.run.scale)
    return replace(baseline, run=scenario.run, inflow=scenario.inflow)


def paired_arrivals(scenario: Scenario, plan: RunPlan) -> np.ndarray | None:
    """Return the arrivals of the baseline run `scenario` pairs with (None for the baseline).

    The baseline, same seed and months, follows the stock path; its monthly arrivals
    (persons) are those of every other scenario, which then differ by their own exits.
    """
    if scenario.name == REFERENCE:
        return None
    reference = reference_of(scenario)
    path = default_stock_path(reference, plan.seed, plan.inflow)
    model = MigrationModel(reference, stock_path=path, seed=plan.seed)
    model.run()
    return model.inflow


@dataclass(frozen=True)
class RunResult:
    """What `run_scenario` returns: the folder, the months run, the final floating stock."""

    out: Path
    months: int
    final_stock: float


def simulate(scenario: Scenario, plan: RunPlan | None = None, progress: bool = False):
    """Run the model; return (model, outcomes frame).

    The baseline follows its stock path; any other scenario first runs the baseline it
    pairs with, for its arrivals (`paired_arrivals`).

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
    arrivals = paired_arrivals(scenario, plan)
    path = default_stock_path(scenario, plan.seed, plan.inflow) if arrivals is None else None
    model = MigrationModel(
        scenario, inflow=arrivals, stock_path=path, seed=plan.seed, mode=plan.mode
    )
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
        "paired_with": None if scenario.name == REFERENCE else REFERENCE,
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
