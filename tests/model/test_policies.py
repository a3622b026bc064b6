"""Policies: every registered kind conforms; each shipped scenario moves the outcome it
exists to move, against baseline on the same seeds; the historical timeline is lived."""

from dataclasses import fields, replace

import numpy as np
import pytest
from conftest import city_series, paired_run, small_run

from floatpop.model import MigrationModel
from floatpop.model import policies as acting
from floatpop.model.inflow import default_stock_path
from floatpop.model.levers import Levers
from floatpop.scenarios import list_scenarios, load
from floatpop.scenarios.policies import REGISTRY

CHANGED_PARAMETERS = {  # values away from the baseline's, so every lever visibly moves
    "service_first": {"hassle_cost": 0.2},
    "hukou_reform": {
        "route_family": True,
        "min_insured_months": 6,
        "p_apply": 0.05,
    },
    "residence_permit": {"permit_min_months": 1, "cost_per_permit_yuan_month": 1.0},
}


def context(**overrides) -> acting.PolicyContext:
    ones = np.ones(8)
    values = dict(
        scale=0.01,
        agents=1000.0,
        registered_agents=500.0,
        permit_agents=300.0,
        insured_agents=200.0,
        initial_agents=1000.0,
        school_places=10 * ones,
        health_capacity=100 * ones,
        employment_service=5 * ones,
        community_places=30 * ones,
    )
    return acting.PolicyContext(**{**values, **overrides})


def lever_values(levers: Levers) -> dict:
    return {f.name: np.copy(getattr(levers, f.name)) for f in fields(levers)}


@pytest.mark.parametrize("kind", sorted(REGISTRY))
def test_every_policy_validates_acts_and_changes_only_what_it_declares(kind):
    cls = REGISTRY[kind]
    for f in fields(cls):
        assert f.metadata.get("unit") and f.metadata.get("source") is not None, (
            f"{kind}.{f.name} needs a unit and a source"
        )
    assert kind in acting.ACTS, f"no action registered for {kind}"
    policy = cls(**CHANGED_PARAMETERS.get(kind, {}))
    # pre-2011 rules: no permit, no routes; entitlements at the permit
    levers = Levers.from_scenario(replace(load("baseline"), policies=()))
    before = lever_values(levers)
    acting.act(policy, levers, 1.0, context())
    after = lever_values(levers)
    changed = {name for name in before if not np.array_equal(before[name], after[name])}
    assert changed, f"{kind} at full force changed no lever"
    assert changed <= set(cls.LEVERS), (
        f"{kind} changed undeclared levers {changed - set(cls.LEVERS)}"
    )
    untouched = lever_values(Levers.from_scenario(load("baseline")))
    acting.act(policy, levers := Levers.from_scenario(load("baseline")), 0.0, context())
    assert all(np.array_equal(untouched[k], v) for k, v in lever_values(levers).items()), (
        f"{kind} acted before its start"
    )


def test_ramp_share_rises_linearly_to_full_force():
    policy = REGISTRY["co_governance"](start="2026-01", ramp_months=4)
    shares = [
        acting.share_in_force(policy, acting.month_index(m))
        for m in ("2025-12", "2026-01", "2026-02", "2026-04", "2027-01")
    ]
    assert shares == [0.0, 0.25, 0.5, 1.0, 1.0], shares


@pytest.mark.parametrize("name", list_scenarios())
def test_every_shipped_scenario_loads_and_runs_a_short_horizon(name):
    scenario = load(name, scale=0.001, end="2021-04")
    assert scenario.description.strip(), f"{name} needs a description for policy staff"
    model, outcomes = small_run(scenario, seed=1)
    assert model.steps == 5 and outcomes.value.notna().any()


DIRECTIONS = {  # scenario: (outcome, sign of the change against baseline)
    "service_first": ("registration_coverage", +1),
    "co_governance": ("registration_coverage", +1),
    "hukou_reform": ("hukou_settlements", +1),
    "residence_permit": ("residence_permit_coverage", +1),
    "social_security": ("social_insurance_coverage", +1),
    "participation": ("integration_index", +1),
    "public_housing": ("informal_housing_share", -1),
    "information_platform": ("registration_coverage", +1),
    "integrated_reform": ("integration_index", +1),
}
SEEDS = (1, 2)
HORIZON = dict(scale=0.003, end="2029-12")  # policies start in 2026


@pytest.fixture(scope="module")
def baseline_runs():
    """The baseline of each seed, (model, outcomes): it follows the path, the scenarios pair."""
    return {seed: small_run(load("baseline", **HORIZON), seed=seed) for seed in SEEDS}


def change(outcomes, base, name):
    """Mean difference over the last two years (2028-2029)."""
    return city_series(outcomes, name)[-24:].mean() - city_series(base, name)[-24:].mean()


@pytest.mark.parametrize("name", sorted(DIRECTIONS))
def test_each_scenario_moves_its_outcome_against_baseline_on_the_same_seeds(name, baseline_runs):
    outcome, sign = DIRECTIONS[name]
    for seed in SEEDS:
        base_model, base = baseline_runs[seed]
        _, outcomes = paired_run(load(name, **HORIZON), base_model, seed)
        delta = change(outcomes, base, outcome)
        assert sign * delta > 0, f"{name} should move {outcome} by sign {sign}: {delta:+.4f}"
        assert city_series(outcomes, "policy_cost")[-1] > 0, f"{name} must account its cost"


def test_education_expansion_raises_enrolment_and_lowers_service_pressure():
    """Pressure falls on every seed; enrolment rises on average and falls on none.

    By 2029 the baseline has more public places city-wide than enrolled migrant
    children (seeds 1-2 at scale 0.01: 2,014 and 2,122 places for 1,337 and 1,298
    enrolled): the permit that entitles a child binds, and places only in some
    districts. So the enrolment gain is small, measured +0.021 and -0.0003 on seeds 1
    and 2 (paired), and a seed may show none; a fall of more than 0.005 would be a
    policy that harms.
    """
    horizon = dict(scale=0.01, end="2029-12")
    gains = []
    for seed in SEEDS:
        base_model, base = small_run(load("baseline", **horizon), seed=seed)
        _, outcomes = paired_run(load("service_expansion", **horizon), base_model, seed)
        gains.append(change(outcomes, base, "school_enrolment_rate"))
        assert gains[-1] > -0.005, f"seed {seed}: more places lower enrolment ({gains[-1]:+.4f})"
        assert change(outcomes, base, "service_pressure") < 0, "pressure should fall"
    assert np.mean(gains) > 0, f"enrolment should rise on average, got {gains}"


def test_a_run_from_2010_lives_through_the_policy_timeline():
    scenario = load("baseline", scale=0.001, start="2010-11", end="2012-06")
    model = MigrationModel(scenario, stock_path=default_stock_path(scenario, 1, "trend"), seed=1)
    permits = {}
    while model.steps < model.n_months:
        model.step()
        permits[model.date] = model.city.levers.permit_available
    assert not permits["2011-09"] and permits["2011-10"], "the permit arrives in 2011-10"
    coverage = city_series(model.outcomes(), "residence_permit_coverage")
    assert coverage[0] == 0 and coverage[-1] > 0, "no permits before 2011, some after"


@pytest.mark.parametrize("kind", sorted(REGISTRY))
def test_every_policy_is_switched_on_by_an_event_in_its_start_month(kind):
    base = load("baseline", scale=0.0005, end="2021-05")
    policy = REGISTRY[kind](start="2021-03", ramp_months=0, **CHANGED_PARAMETERS.get(kind, {}))
    scenario = replace(base, policies=(*base.policies, policy))
    model = MigrationModel(scenario, inflow=np.full(6, 30_000.0), seed=3)
    in_force = {}
    while model.steps < model.n_months:
        model.step()
        in_force[model.date] = policy in model.policies_in_force
    assert in_force == {
        "2020-12": False,
        "2021-01": False,
        "2021-02": False,
        "2021-03": True,
        "2021-04": True,
        "2021-05": True,
    }, in_force
