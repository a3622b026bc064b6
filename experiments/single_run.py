"""Run one scenario once and write its outcomes, provenance and headline plot."""

import json
import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from tqdm import tqdm

from experiments.inflow import default_inflow
from experiments.plots import plot_headline
from experiments.provenance import run_record
from model import MigrationModel
from scenarios import Scenario
from scenarios.calendar import months_between

OUTPUT_FILES = ("outcomes.parquet", "run.json", "headline.png")
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


def simulate(scenario: Scenario, seed: int, progress: bool = False, inflow: str = "forecast"):
    """Run the model; returns (model, outcomes frame)."""
    n_months = months_between(scenario.run.start, scenario.run.end)
    model = MigrationModel(scenario, default_inflow(scenario, seed, inflow), seed=seed)
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
    scenario: Scenario, seed: int, out: Path, progress: bool = False, inflow: str = "forecast"
) -> RunResult:
    """Simulate and write `outcomes.parquet`, `run.json` and `headline.png` into `out`.

    Files are written to a temporary folder first and moved into `out` only when all
    three exist, so a failed run leaves no partial output.
    """
    model, outcomes = simulate(scenario, seed, progress, inflow)
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out.name}.", dir=out.parent))
    try:
        outcomes.to_parquet(staging / "outcomes.parquet", index=False)
        record = run_record(
            scenario,
            seed,
            {
                "kind": inflow,
                "rule": INFLOW_RULES[inflow],
                "persons_per_month": model.inflow.tolist(),
            },
        )
        (staging / "run.json").write_text(json.dumps(record, indent=2) + "\n")
        fig = plot_headline(
            outcomes,
            f"{scenario.name}: Urumqi floating population "
            f"(scale {scenario.run.scale:g}, seed {seed})",
        )
        fig.savefig(staging / "headline.png", dpi=110)
        out.mkdir(exist_ok=True)
        for name in OUTPUT_FILES:
            os.replace(staging / name, out / name)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    stock = outcomes[(outcomes.outcome == "floating_stock") & (outcomes.district == "all")]
    return RunResult(out=out, months=model.n_months, final_stock=float(np.asarray(stock.value)[-1]))
