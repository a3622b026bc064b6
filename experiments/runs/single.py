"""Run one scenario once and write its outcomes, provenance and headline plot."""

import json
from dataclasses import dataclass
from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np
from tqdm import tqdm

from floatpop.experiments.runs.plots import plot_headline
from floatpop.experiments.store.files import write_folder
from floatpop.experiments.store.provenance import run_record
from floatpop.model import MigrationModel
from floatpop.model.inflow import default_inflow
from floatpop.scenarios import Scenario
from floatpop.scenarios.calendar import months_between

INFLOW_RULES = {
    "forecast": "path 0 (seeded by the run's seed) of the calibrated combination forecast of "
    "the fused floating-stock history; arrivals replace the exits measured on a probe run",
    "trend": "stock grows like residents after the start census; arrivals replace the exits "
    "measured on a probe run",
}


@dataclass(frozen=True)
class RunResult:
    out: Path
    months: int
    final_stock: float


def simulate(
    scenario: Scenario,
    seed: int,
    progress: bool = False,
    inflow: str = "forecast",
    mode: str = "arrays",
):
    """Run the model; returns (model, outcomes frame)."""
    n_months = months_between(scenario.run.start, scenario.run.end)
    arrivals = default_inflow(scenario, seed, inflow)
    model = MigrationModel(scenario, inflow=arrivals, seed=seed, mode=mode)
    with tqdm(
        total=n_months,
        desc=f"{scenario.name} (seed {seed})",
        unit="month",
        disable=None if progress else True,
        leave=False,
    ) as bar:
        outcomes = model.run(progress=bar.update)
    return model, outcomes


def run_scenario(
    scenario: Scenario,
    seed: int,
    out: Path,
    progress: bool = False,
    inflow: str = "forecast",
    mode: str = "arrays",
) -> RunResult:
    """Simulate and write `outcomes.parquet`, `run.json` and `headline.png` into `out`.

    Files are written to a temporary folder first and moved into `out` only when all
    three exist, so a failed run leaves no partial output.
    """
    model, outcomes = simulate(scenario, seed, progress, inflow, mode)
    out = Path(out)
    inflow_record = {
        "kind": inflow,
        "rule": INFLOW_RULES[inflow],
        "persons_per_month": model.inflow.tolist(),
    }
    record = {**run_record(scenario, seed, inflow_record), "mode": mode}
    fig = plot_headline(
        outcomes,
        f"{scenario.name}: Urumqi floating population (scale {scenario.run.scale:g}, seed {seed})",
    )
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
