from pathlib import Path

import numpy as np
import pytest

from floatpop.model import MigrationModel
from floatpop.model.inflow import default_stock_path
from floatpop.scenarios import load

SMALL_SCALE = 0.002  # about 2,500 agents: fast, yet every district is populated


def small_run(scenario=None, seed: int = 1, end: str = "2022-11", **run):
    """A short, small run of `scenario` (baseline by default): (model, outcomes)."""
    scenario = scenario or load("baseline", scale=run.pop("scale", SMALL_SCALE), end=end)
    model = MigrationModel(scenario, stock_path=default_stock_path(scenario, seed), seed=seed)
    return model, model.run()


def paired_run(scenario, reference, seed: int):
    """A run of `scenario` with the arrivals of `reference`, a model already run: (model, outcomes).

    As in a study: the reference follows the stock path, the scenario takes its arrivals
    times the pull it induces (`rules.attraction`).
    """
    model = MigrationModel(
        scenario, inflow=reference.inflow, reference_logsum=reference.logsum, seed=seed
    )
    return model, model.run()


def city_series(outcomes, name: str) -> np.ndarray:
    rows = outcomes[(outcomes.outcome == name) & (outcomes.district == "all")]
    return rows.value.to_numpy()


@pytest.fixture(scope="session")
def baseline_small():
    return small_run()


STUDY = """
name = "tiny"
scenarios = ["baseline", "hukou_reform"]
replications = 3
paths = 3
end = "{end}"
scale = 0.001
seed = 5
outcomes = ["floating_stock", "hukou_settlements", "integration_index", "policy_cost"]
executor = "serial"
"""


def study_file(folder: Path, end: str = "2022-06", **extra) -> Path:
    """A tiny study file (2 scenarios x 3 replications at scale 0.001) in `folder`."""
    path = folder / "tiny.toml"
    text = STUDY.format(end=end) + "".join(f"{k} = {v!r}\n" for k, v in extra.items())
    path.write_text(text.replace("'", '"'))
    return path


def part_files(folder: Path) -> dict[str, bytes]:
    """The bytes of every part of a results folder, by file name."""
    return {p.name: p.read_bytes() for p in sorted((folder / "parts").glob("*.parquet"))}
