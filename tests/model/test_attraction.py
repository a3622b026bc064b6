"""Induced migration: the newcomer logsum answers the levers, and arrivals answer it."""

from dataclasses import replace

import numpy as np
import pytest
from conftest import paired_run, small_run

from floatpop.model import MigrationModel
from floatpop.model.codes import Status
from floatpop.model.rules import attraction, housing
from floatpop.scenarios import load

HORIZON = dict(scale=0.003, end="2029-12")  # the shipped policies start in 2026


@pytest.fixture(scope="module")
def reference():
    """A baseline run that follows its stock path (the reference of the pairs)."""
    model, _ = small_run(load("baseline", **HORIZON), seed=3)
    return model


def test_with_eps_zero_the_arrivals_are_the_references_bit_for_bit(reference):
    scenario = load("hukou_reform", **HORIZON, eps=0.0)
    induced, _ = paired_run(scenario, reference, seed=3)
    plain = MigrationModel(scenario, inflow=reference.inflow, seed=3)
    plain.run()
    assert np.array_equal(induced.inflow, reference.inflow), "eps = 0 must change no arrival"
    assert induced.outcomes().equals(plain.outcomes()), (
        "eps = 0 must leave the run as it is without the mechanism"
    )


def test_a_policy_that_raises_the_logsum_raises_arrivals_on_the_same_seed(reference):
    """Settlement reform raises the newcomer logsum from 2026, so arrivals rise after it."""
    model, _ = paired_run(load("hukou_reform", **HORIZON), reference, seed=3)
    # 2026-01 is step 62 of a run from 2020-11; step k's arrivals are inflow[k - 1]
    start = 5 * 12 + 1
    gap = model.logsum[start:] - reference.logsum[start:]
    assert gap.mean() > 0.05, f"hukou reform should raise the logsum: mean gap {gap.mean():+.3f}"
    ratio = model.inflow[start:].sum() / reference.inflow[start:].sum()
    assert ratio > 1.01, f"a higher logsum should draw more arrivals: ratio {ratio:.4f}"
    before = model.inflow[:start] / reference.inflow[:start]
    assert np.allclose(before, 1.0), "before the policy the arrivals are the reference's"


def test_arrivals_follow_the_remembered_logsum_gap_exactly(reference):
    scenario = load("public_housing", **HORIZON)
    model, _ = paired_run(scenario, reference, seed=3)
    memory, eps = scenario.attraction.memory_months, scenario.attraction.eps
    month = model.n_months - 1
    gap = model.logsum[month - memory + 1 :].mean() - reference.logsum[month - memory + 1 :].mean()
    expected = reference.inflow[month] * np.exp(eps * gap)
    assert model.inflow[month] == pytest.approx(expected, rel=1e-12), "A = A_ref exp(eps dL)"


def test_entitlements_and_settlement_routes_raise_the_newcomer_logsum():
    model = MigrationModel("baseline", seed=2, scale=0.003, end="2022-06")
    for _ in range(6):
        model.step()
    m, city, scenario = model.migrants, model.city, model.inputs
    housed = housing.occupancy(m)
    nest = attraction.housing_logsum(
        model.newcomers, housing.market(m, city, housed), housed, city, scenario
    )
    city.levers.public_min_status = Status.UNREGISTERED
    city.levers.school_min_status = Status.UNREGISTERED
    opened = attraction.housing_logsum(
        model.newcomers, housing.market(m, city, housed), housed, city, scenario
    )
    unregistered = slice(0, 2)  # the classes of the unregistered (uninsured, insured)
    assert np.all(opened[:, unregistered] >= nest[:, unregistered] - 1e-12), "never lower"
    assert opened[:, unregistered].mean() > nest[:, unregistered].mean() + 0.01, (
        "opening public rental and schools to the unregistered should raise their logsum"
    )
    classes = attraction.recent_classes(m, scenario)
    closed = attraction.settlement_prospect(model.newcomers.profiles, classes, m, city, scenario)
    city.levers.route_education = True
    city.levers.requires_permit = False
    open_routes = attraction.settlement_prospect(
        model.newcomers.profiles, classes, m, city, scenario
    )
    assert np.all(open_routes >= closed), "opening a route never lowers the settlement chance"
    assert open_routes.mean() > closed.mean(), "the education route should raise it"


def test_the_logsum_draws_nothing_from_the_other_streams():
    """Adding the profiles' stream leaves every other stream's numbers as they were."""
    from floatpop.model.state import Streams

    streams = Streams.spawn(11)
    fresh = np.random.SeedSequence(11).spawn(7)
    assert streams.arrivals.random() == np.random.default_rng(fresh[1]).random(), (
        "the arrivals stream must be the second child of the seed, as before"
    )
    assert streams.departures.random() == np.random.default_rng(fresh[6]).random()


def test_a_reference_logsum_needs_the_arrivals_it_went_with(reference):
    with pytest.raises(ValueError, match="reference_logsum goes with inflow"):
        MigrationModel("baseline", seed=3, scale=0.003, reference_logsum=reference.logsum)
    with pytest.raises(ValueError, match="finite logsum for each"):
        MigrationModel(
            replace(load("baseline", **HORIZON)),
            seed=3,
            inflow=reference.inflow,
            reference_logsum=reference.logsum[:10],
        )
