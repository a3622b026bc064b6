"""A long baseline behaves like a city: its vital signs stay in plausible bands."""

import pytest
from conftest import city_series

from floatpop.model import MigrationModel
from floatpop.model.inflow import forecast_stock_paths
from floatpop.scenarios import load

#: outcome: (low, high, why); the bands of the project's vital signs, each with its source
BANDS = {
    "employment_rate": (0.88, 0.98, "migrant unemployment about 4.5-6% (NBS surveyed rate)"),
    "rent_burden": (0.10, 0.30, "rent about a sixth of income (MWMS 2011, 2013)"),
    "service_pressure": (0.5, 1.3, "demand / capacity with services growing to plan"),
}
#: largest plausible change of a coverage rate from one month to the next
STEP_LIMIT = 0.03


@pytest.fixture(scope="module")
def long_baseline():
    """The baseline to 2035 on the central stock path (the mean of 32 forecast paths).

    Single paths range from a shrinking to a fast-growing floating population; the
    bands are for the city the forecast expects.
    """
    scenario = load("baseline", scale=0.002, end="2035-12")
    central = forecast_stock_paths(scenario, 4, 32).mean(axis=0)
    return MigrationModel(scenario, stock_path=central, seed=4).run()


@pytest.mark.parametrize("outcome", list(BANDS))
def test_a_long_baseline_keeps_its_vital_signs_in_their_bands(long_baseline, outcome):
    low, high, why = BANDS[outcome]
    series = city_series(long_baseline, outcome)[12:]  # from a year after the start
    assert low <= series.min() and series.max() <= high, (
        f"{outcome} leaves [{low}, {high}] ({why}): {series.min():.3f} to {series.max():.3f}"
    )


@pytest.mark.parametrize("outcome", ["registration_coverage", "residence_permit_coverage"])
def test_coverage_moves_by_points_a_year_not_tens_a_month(long_baseline, outcome):
    series = city_series(long_baseline, outcome)
    jump = abs(series[1:] - series[:-1]).max()
    assert jump <= STEP_LIMIT, f"{outcome} jumps {jump:.3f} in a month"
