"""The housing and labour markets: levels that clear, supply and demand that answer them."""

import numpy as np
import pytest

from floatpop.model.codes import Tenure
from floatpop.model.rules import labour_market, rents
from floatpop.model.setup import output_index, redevelopment_shares
from floatpop.scenarios import load
from floatpop.scenarios.names import DISTRICTS

BASELINE = load("baseline", scale=0.002)


def test_rents_stay_put_when_occupancy_sits_at_its_target():
    capacity = np.array([100.0, 250.0, 40.0])
    occupied = BASELINE.housing.target_occupancy * capacity
    reference = np.array([900.0, 500.0, 700.0])
    rent = reference.copy()
    for _ in range(120):
        clearing = rents.clearing_rent(occupied, capacity, reference, BASELINE)
        rent = rents.adjust_rent(rent, clearing, BASELINE)
        target = rents.supply_target(capacity, rent, reference, BASELINE)
        capacity = rents.adjust_capacity(capacity, target, BASELINE)
    np.testing.assert_allclose(rent, reference, rtol=1e-12, err_msg="rent moved at target")
    np.testing.assert_allclose(capacity, [100.0, 250.0, 40.0], rtol=1e-12)


def test_a_lasting_excess_raises_the_rent_to_a_level_and_no_further():
    capacity, reference = np.array([100.0]), np.array([1000.0])
    occupied = 1.2 * BASELINE.housing.target_occupancy * capacity  # 20% too many, for good
    rent, path = reference.copy(), []
    for _ in range(240):
        clearing = rents.clearing_rent(occupied, capacity, reference, BASELINE)
        rent = rents.adjust_rent(rent, clearing, BASELINE)
        path.append(rent[0])
    level = 1000.0 * 1.2**BASELINE.housing.rent_elasticity
    assert path[-1] == pytest.approx(level, rel=1e-6), "the rent converges to the clearing level"
    assert np.all(np.diff(path) >= 0) and max(path) <= level * (1 + 1e-9), "it never overshoots"


def test_supply_answers_a_rent_above_its_reference():
    capacity, trend, reference = np.array([100.0]), np.array([100.0]), np.array([1000.0])
    rent = 1.1 * reference
    for _ in range(600):
        target = rents.supply_target(trend, rent, reference, BASELINE)
        capacity = rents.adjust_capacity(capacity, target, BASELINE)
    expected = 100 * 1.1**BASELINE.housing.supply_elasticity
    assert capacity[0] == pytest.approx(expected, rel=1e-6), "capacity reaches its target"


def test_other_tenures_are_priced_off_the_private_rent():
    rent = np.ones((8, 5)) * 100.0
    rent[:, Tenure.PRIVATE_RENTAL] = np.arange(1, 9) * 300.0
    rents.price_off_private(rent, BASELINE)
    h = BASELINE.housing
    np.testing.assert_allclose(rent[:, Tenure.OWNED], h.rent_ratio_owned * rent[:, 0])
    np.testing.assert_allclose(rent[:, Tenure.PUBLIC_RENTAL], h.rent_ratio_public * rent[:, 0])
    np.testing.assert_allclose(rent[:, Tenure.INFORMAL_RENTAL], 100.0, err_msg="own market")


def test_the_wage_index_grows_with_its_trend_and_rises_when_labour_is_scarce():
    growth = BASELINE.work.real_wage_growth_per_year
    at_start = labour_market.wage_index(120, 0.07, 0.07, BASELINE)
    assert at_start == pytest.approx((1 + growth) ** 10, rel=1e-12), "ten years of trend"
    tight = labour_market.wage_index(120, 0.035, 0.07, BASELINE)
    slack = labour_market.wage_index(120, 0.14, 0.07, BASELINE)
    assert slack < at_start < tight, "a wage curve: lower unemployment, higher wage"
    assert tight / at_start == pytest.approx(2**BASELINE.work.wage_curve_elasticity, rel=1e-12)


def test_output_follows_the_city_series_and_redevelopment_demolishes_its_share():
    scenario = load("baseline", scale=0.002, end="2030-12")
    n = 121
    index = output_index(scenario, n)
    growth = dict(scenario.city.gdp_growth)
    # 2022 (months 14..25 of a run from 2020-11) grows by the year's figure, 0.3%
    assert index[25] / index[13] == pytest.approx(1 + growth[2022], rel=1e-9)
    shares = redevelopment_shares(scenario, n)
    kept = np.prod(1 - shares, axis=0)
    (_, _, _, share), *_ = [p for p in scenario.city.redevelopment if p[0] == "2025-06"]
    np.testing.assert_allclose(kept, 1 - share, rtol=1e-9, err_msg="the whole programme, once")
    assert shares[:55].sum() == 0, "nothing is demolished before the programme starts"


def test_a_programme_demolishes_only_in_the_districts_it_names():
    scenario = load("baseline", scale=0.002, start="2010-11", end="2020-11")
    kept = np.prod(1 - redevelopment_shares(scenario, 120), axis=0)
    named = [(d, s) for start, _, d, s in scenario.city.redevelopment if start == "2017-01"]
    assert -1 not in [d for d, _ in named], "the 2017-2018 programme names its districts"
    share = named[0][1]
    tianshan, dabancheng = DISTRICTS.index("tianshan"), DISTRICTS.index("dabancheng")
    assert dabancheng not in [d for d, _ in named], "Dabancheng lay outside the programme"
    assert kept[tianshan] == pytest.approx(kept[dabancheng] * (1 - share), rel=1e-9), (
        "the core keeps what the rural unit keeps, less the 2017-2018 programme's share"
    )
