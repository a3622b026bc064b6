import numpy as np
import pytest

from floatpop.model import MigrationModel
from floatpop.model.inflow import default_inflow
from floatpop.scenarios import load

SMALL_SCALE = 0.002  # about 2,500 agents: fast, yet every district is populated


def small_run(scenario=None, seed: int = 1, end: str = "2022-11", **run):
    """A short, small run of `scenario` (baseline by default): (model, outcomes)."""
    scenario = scenario or load("baseline", scale=run.pop("scale", SMALL_SCALE), end=end)
    model = MigrationModel(scenario, inflow=default_inflow(scenario, seed), seed=seed)
    return model, model.run()


def city_series(outcomes, name: str) -> np.ndarray:
    rows = outcomes[(outcomes.outcome == name) & (outcomes.district == "all")]
    return rows.value.to_numpy()


@pytest.fixture(scope="session")
def baseline_small():
    return small_run()
