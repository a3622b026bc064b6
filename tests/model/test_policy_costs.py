"""Policy costs: the parts add up, capital is paid once, every settlement is costed."""

import numpy as np
import pytest
from conftest import city_series, paired_run, small_run

from floatpop.model import costs
from floatpop.model.costs import COST_PARTS
from floatpop.scenarios import load

HORIZON = dict(scale=0.003, end="2028-12")


@pytest.fixture(scope="module")
def pair():
    base_model, base = small_run(load("baseline", **HORIZON), seed=4)
    model, outcomes = paired_run(load("integrated_reform", **HORIZON), base_model, seed=4)
    return base_model, base, model, outcomes


def test_the_policy_cost_is_the_sum_of_its_parts_every_month(pair):
    _, _, _, outcomes = pair
    total = city_series(outcomes, "policy_cost")
    parts = sum(city_series(outcomes, f"cost_{part}") for part in COST_PARTS)
    assert np.allclose(total, parts, rtol=1e-12), "policy_cost must equal its parts"
    assert np.all(city_series(outcomes, "cost_settlement") >= 0), "no cost is negative"


def test_every_settlement_costs_the_citizenisation_cost(pair):
    base_model, base, _, _ = pair
    settled = city_series(base, "hukou_settlements")
    cost = city_series(base, "cost_settlement")
    unit = base_model.inputs.costs.citizenisation_yuan
    assert cost == pytest.approx(settled * unit, rel=1e-9), "settlement cost = persons x unit"


def test_the_reform_costs_more_than_the_baseline_in_every_part_it_touches(pair):
    _, base, _, outcomes = pair
    for part in ("schooling", "health", "employment", "community", "housing", "insurance"):
        extra = city_series(outcomes, f"cost_{part}")[-12:].sum()
        own = city_series(base, f"cost_{part}")[-12:].sum()
        assert extra > own, f"integrated reform should cost more in {part}: {extra} vs {own}"


def test_capital_is_paid_once_for_capacity_built(pair):
    _, _, model, _ = pair
    built = costs.Built()
    first = costs.month_costs(model.city, 0.0, model.scale, model.inputs, built)
    again = costs.month_costs(model.city, 0.0, model.scale, model.inputs, built)
    unit = model.inputs.costs.school_place_capital_yuan
    places = model.city.levers.school_places.sum() / model.scale
    schooling = COST_PARTS.index("schooling")
    assert first[schooling] - again[schooling] == pytest.approx(places * unit, rel=1e-9), (
        "the first month pays the places' capital, the next only their running cost"
    )
