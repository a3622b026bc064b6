"""The app's model and levers: the pair it steps is a study's paired run, its inputs
come from the declared bounds, and bad input becomes a one-line message."""

import numpy as np
import pytest

from floatpop.app.levers import parse_setting, scenario_levers, slider, with_levers
from floatpop.app.paired import PairedCity
from floatpop.app.settings import AppSettings, from_environment
from floatpop.model.model import MigrationModel
from floatpop.scenarios import load
from floatpop.scenarios.errors import ScenarioError


def run_all(model: PairedCity) -> PairedCity:
    while model.running:
        model.step()
    return model


def test_the_pair_stepped_month_by_month_is_the_studys_paired_run():
    city = run_all(PairedCity("hukou_reform", seed=4, scale=0.0005, end_year=2026))
    reference = MigrationModel(city.reference.inputs, seed=4)
    reference.run()
    paired = MigrationModel(
        city.paired.inputs, seed=4, inflow=reference.inflow, reference_logsum=reference.logsum
    )
    paired.run()
    assert city.paired.records.frame().equals(paired.records.frame()), "bit for bit"
    assert np.array_equal(city.paired.inflow, paired.inflow), "the same induced arrivals"
    assert city.date() == "2026-12" and city.months_run == 73, "2020-11 to 2026-12"


def test_a_lever_moves_the_city_on_the_same_seed():
    closed = run_all(
        PairedCity(
            "hukou_reform",
            seed=2,
            scale=0.001,
            end_year=2027,
            hukou_reform__route_insurance=False,
            hukou_reform__route_education=False,
        )
    )
    opened = run_all(
        PairedCity(
            "hukou_reform", seed=2, scale=0.001, end_year=2027, hukou_reform__min_insured_months=0
        )
    )
    assert closed.reference.records.frame().equals(opened.reference.records.frame()), (
        "the reference is the same run whatever the levers"
    )
    settled = [c.city_series("settled_total").scenario.iloc[-1] for c in (closed, opened)]
    assert settled[1] > settled[0], f"opening routes settles more: {settled}"


def test_sliders_span_the_declared_bounds():
    scenario, reference = load("hukou_reform"), load("baseline")
    levers = {lever.name: lever for lever in scenario_levers(scenario, reference)}
    assert "start" not in levers and "description" not in levers
    months = slider(levers["min_insured_months"])
    assert (months["type"], months["min"], months["max"]) == ("SliderInt", 0, 240)
    assert months["value"] == 6, "the slider starts at the scenario's value"
    assert slider(levers["requires_permit"])["type"] == "Checkbox"
    p_apply = slider(levers["p_apply"])
    assert p_apply["type"] == "SliderFloat" and p_apply["min"] <= p_apply["value"] <= p_apply["max"]
    assert scenario_levers(reference, reference) == (), "the baseline adds no policy"


@pytest.mark.parametrize(
    ("levers", "message"),
    [
        (
            {"hukou_reform__min_insured_months": 500},
            r"^app: lever hukou_reform\.min_insured_"
            r"months must be an integer in \[0, 240\] \(months\), got 500$",
        ),
        ({"hukou_reform__p_apply": "often"}, r"^app: lever hukou_reform\.p_apply must be"),
        (
            {"service_first__hassle_cost": 0.1},
            r"service_first\.hassle_cost is no lever of "
            r"hukou_reform \(its levers: hukou_reform\.ramp_months",
        ),
    ],
)
def test_bad_levers_get_one_line(levers, message):
    with pytest.raises(ScenarioError, match=message):
        with_levers(load("hukou_reform"), load("baseline"), levers, "app")
    city = PairedCity("hukou_reform", scale=0.0005, end_year=2021, **levers)
    assert city.error and "\n" not in city.error and not city.running, "shown, not raised"
    city.step()
    assert city.months_run == 0, "a model with an error does not run"


def test_an_unknown_scenario_is_a_message_not_a_traceback():
    city = PairedCity("no_such_scenario", scale=0.0005, end_year=2021)
    assert city.error.startswith("no_such_scenario: no such scenario; shipped scenarios are")
    assert "\n" not in city.error and city.city_series("floating_stock").empty
    assert PairedCity("baseline", seed="x").error == "app: seed must be a whole number, got 'x'"


def test_settings_go_through_the_environment():
    settings = AppSettings(
        "public_housing",
        seed=9,
        scale=0.001,
        end_year=2024,
        levers=("public_housing.rent_factor=0.5", "x.y=true"),
    )
    back = from_environment(settings.environment())
    assert back == settings
    assert back.lever_values() == {"public_housing__rent_factor": 0.5, "x__y": True}
    assert parse_setting("a.b=7", "--set") == ("a__b", 7)
    with pytest.raises(ScenarioError, match=r"^--set: a lever is set as kind\.field=value"):
        parse_setting("rent_factor 0.5", "--set")
    with pytest.raises(ValueError, match="FLOATPOP_APP_SEED must be int"):
        from_environment({"FLOATPOP_APP_SEED": "one"})
