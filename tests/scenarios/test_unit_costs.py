"""Unit costs: each default is its row of policy_costs.csv in 2020 yuan."""

import pytest

from floatpop.scenarios import derive
from floatpop.scenarios.parameters import Costs

ROWS = {  # parameter: (item, place, year) of policy_costs.csv
    "citizenisation_yuan": ("citizenisation_public_cost", "west", 2013),
    "school_place_yuan_year": ("school_place_recurrent_primary", "china", 2022),
    "school_place_capital_yuan": ("school_place_capital", "urumqi", 2016),
    "clinic_place_yuan_year": ("basic_public_health_subsidy", "china", 2022),
    "clinic_place_capital_yuan": ("primary_care_capital", "xinjiang", 2025),
    "public_unit_capital_yuan": ("public_rental_unit_capital", "urumqi", 2011),
}
SPREADS = {  # parameter: the rows its spread runs between
    "citizenisation_yuan": (
        ("citizenisation_public_cost", "china", 2010),
        ("citizenisation_public_cost", "china", 2013),
    ),
    "school_place_capital_yuan": (
        ("school_place_capital", "urumqi", 2016),
        ("school_place_capital", "xinjiang", 2024),
    ),
}


@pytest.mark.parametrize("name", sorted(ROWS))
def test_each_unit_cost_is_its_row_in_2020_yuan(name):
    default = getattr(Costs(), name)
    derived = derive.policy_cost(*ROWS[name])
    assert default == pytest.approx(derived, abs=0.5), f"{name}: {default} vs {derived:.2f}"


@pytest.mark.parametrize("name", sorted(SPREADS))
def test_each_spread_runs_between_its_rows(name):
    from dataclasses import fields

    spread = next(f for f in fields(Costs) if f.name == name).metadata["spread"]
    low, high = (derive.policy_cost(*row) for row in SPREADS[name])
    assert spread == pytest.approx((low, high), abs=0.5), f"{name}: {spread} vs {(low, high)}"


def test_prices_move_by_the_cpi_both_ways():
    assert derive.yuan_of_2020(100.0, 2020) == 100.0, "2020 yuan are 2020 yuan"
    assert derive.yuan_of_2020(100.0, 2019) == pytest.approx(102.5), "2020 CPI +2.5%"
    assert derive.yuan_of_2020(100.0, 2021) == pytest.approx(100 / 1.009), "2021 CPI +0.9%"
    with pytest.raises(ValueError, match="no cpi_change"):
        derive.yuan_of_2020(100.0, 1990)
