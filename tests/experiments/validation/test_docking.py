"""Object mode: the same model as array mode, one MigrantAgent at a time."""

from dataclasses import replace

import numpy as np
import pytest

from floatpop.experiments.cli import main
from floatpop.experiments.study.executors import ExecutorSpec
from floatpop.experiments.validation.docking import (
    AGENT_TOLERANCE,
    ALPHA,
    compare_agents,
    compare_runs,
    dock,
    run_mode,
)
from floatpop.model import MigrationModel
from floatpop.model.agents import MigrantAgent
from floatpop.model.inflow import default_stock_path
from floatpop.scenarios import load

SEEDS = range(12)


@pytest.fixture(scope="module")
def small():
    """About 1,200 migrants for a year: the work of a classroom example."""
    scenario = load("baseline", scale=0.001, end="2021-11")
    # both modes take the same arrivals: those of a run following the trend stock
    follower = MigrationModel(scenario, stock_path=default_stock_path(scenario, 0, "trend"), seed=0)
    follower.run()
    return scenario, follower.inflow


@pytest.mark.slow
def test_object_mode_docks_with_array_mode(small, tmp_path):
    runs, agents = dock(*small, SEEDS, tmp_path, ExecutorSpec("processes", workers=2))
    assert runs.same.all(), (
        f"outcomes whose distributions differ (KS p < {ALPHA}):\n{runs[~runs.same]}"
    )
    assert agents.same.all(), f"agent distributions differ by > {AGENT_TOLERANCE}:\n{agents}"


def test_the_docking_test_catches_a_different_model(small, tmp_path):
    """A registration intercept 0.7 higher must fail the same checks: they have power."""
    scenario, inflow = small
    shifted = replace(
        scenario,
        registration=replace(
            scenario.registration, intercept=scenario.registration.intercept + 0.7
        ),
    )
    serial = ExecutorSpec("serial")
    base = run_mode(scenario, inflow, SEEDS, "arrays", tmp_path / "base", serial)
    other = run_mode(shifted, inflow, SEEDS, "arrays", tmp_path / "shifted", serial)
    runs = compare_runs(base, other, MigrationModel.outcome_names)
    assert not runs.set_index("outcome").loc["residence_permit_coverage", "same"], runs
    assert not compare_agents(base, other).set_index("attribute").loc["status", "same"]


def test_each_agent_is_its_row_and_leaves_with_it(small):
    scenario, inflow = small
    model = MigrationModel(scenario, inflow=inflow, seed=3, mode="objects")
    for _ in range(3):
        model.step()
        agents = model.phases.agents
        assert len(agents) == len(model.migrants) == len(model.agents_by_type[MigrantAgent])
        i = len(agents) // 2
        assert agents[i].status == model.migrants.status[i]
        assert agents[i].wage == model.migrants.wage[i]
    first = agents[0]
    first.row.set("integration", 0.123)
    assert model.migrants.integration[0] == np.float32(0.123), "the agent writes its own row"
    model.leave(np.arange(len(agents)) == 0)
    assert first not in model.agents_by_type[MigrantAgent], "a migrant who leaves is removed"


def test_an_unknown_mode_is_refused(small):
    with pytest.raises(ValueError, match="mode must be one of arrays, objects"):
        MigrationModel(small[0], inflow=small[1], mode="agents")


def test_run_command_in_object_mode(tmp_path, capsys):
    out = tmp_path / "objects"
    args = ["run", "baseline", "--mode", "objects", "--scale", "0.0005", "--end", "2021-02"]
    assert main([*args, "--out", str(out)]) == 0, capsys.readouterr().err
    assert (out / "outcomes.parquet").exists()
