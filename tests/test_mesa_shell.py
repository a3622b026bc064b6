"""The model behaves as Mesa users expect: run_for, DataCollector, district agents on a
network."""

from floatpop.model import OUTCOME_NAMES, MigrationModel
from floatpop.model.city import District
from floatpop.model.inflow import default_inflow
from floatpop.scenarios import load


def test_mesa_run_for_datacollector_and_district_agents():
    scenario = load("baseline", scale=0.001, end="2021-11")
    model = MigrationModel(scenario, inflow=default_inflow(scenario, 2), seed=2)
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
