"""The model behaves as Mesa users expect: keyword defaults, run_for, DataCollector,
batch_run, district agents on a network."""

import mesa
import pandas as pd
import pytest

from floatpop.model import OUTCOME_NAMES, MigrationModel
from floatpop.model.city import District
from floatpop.model.inflow import default_stock_path
from floatpop.scenarios import ScenarioError, load


def test_mesa_run_for_datacollector_and_district_agents():
    scenario = load("baseline", scale=0.001, end="2021-11")
    model = MigrationModel(scenario, stock_path=default_stock_path(scenario, 2), seed=2)
    model.run_for(3)
    assert model.steps == 3 and model.date == "2021-02", (model.steps, model.date)
    frame = model.datacollector.get_model_vars_dataframe()
    assert list(frame.columns) == list(OUTCOME_NAMES)
    assert len(frame) == 4, "one row for the start month and one per step"
    assert (
        frame.floating_stock.iloc[-1]
        == model.outcomes()
        .query("outcome == 'floating_stock' and district == 'all'")
        .value.iloc[-1]
    )
    districts = list(model.agents_by_type[District])
    assert [d.name for d in districts][:2] == ["tianshan", "saybag"] and len(districts) == 8
    assert len(model.space.all_cells) == 8
    graph = model.space.G
    assert graph.number_of_edges() == 28, "every pair of districts is linked"
    assert graph.edges[0, 5]["commute_minutes"] > graph.edges[0, 1]["commute_minutes"], (
        "Dabancheng is farther from Tianshan than Saybag is"
    )
    assert districts[0].rent.shape == (5,), "a district agent reads its row of the city state"


def test_keyword_defaults_a_name_and_overrides_make_a_model():
    model = MigrationModel("baseline", seed=4, scale=0.001, end="2021-02", p_job_loss=0.03)
    assert model.inputs.work.p_job_loss == 0.03, "a parameter given by name reaches the model"
    assert model.inputs.run.end == "2021-02" and model.n_months == 3
    assert len(model.inflow) == 3, "a run given no arrivals follows the default stock path"
    same = MigrationModel(load("baseline", scale=0.001, end="2021-02"), seed=4, p_job_loss=0.03)
    pd.testing.assert_frame_equal(model.run(), same.run(), check_exact=True)
    unseeded = MigrationModel(scale=0.001, end="2020-12")
    assert isinstance(unseeded.seed, int), "a run without a seed keeps the one it drew"
    with pytest.raises(ScenarioError, match="several sections"):
        MigrationModel(scale=0.001, end="2020-12", beta_family=0.1)


def test_mesa_batch_run_varies_a_parameter_and_collects_the_city_outcomes():
    """Higher job loss, lower employment, on the same seeds; each row is the last month's
    city-wide outcomes of one run, as the DataCollector gives them."""
    results = pd.DataFrame(
        mesa.batch_run(
            MigrationModel,
            parameters={"scale": 0.001, "end": "2021-05", "p_job_loss": [0.01, 0.06]},
            rng=[1, 2],
            max_steps=100,
            display_progress=False,
        )
    )
    assert len(results) == 4, "2 values x 2 seeds, one row each (the last step)"
    assert set(OUTCOME_NAMES) <= set(results.columns)
    assert (results.Step == 6).all(), "every run stops at the scenario's end (running=False)"
    by = results.set_index(["seed", "p_job_loss"]).employment_rate
    for seed in (1, 2):
        assert by[(seed, 0.06)] < by[(seed, 0.01)], f"seed {seed}: {by}"
    direct = MigrationModel(seed=2, scale=0.001, end="2021-05", p_job_loss=0.06)
    direct.run()
    assert by[(2, 0.06)] == direct.records.latest("employment_rate", "all"), (
        "batch_run gives what a direct run of the same seed and parameters gives"
    )
