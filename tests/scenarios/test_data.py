"""The dataset: every row sourced, unknowns kept unknown, derived values by their rules."""

import numpy as np
import pandas as pd
import pytest

from floatpop.forecasting.fusion import fuse_floating
from floatpop.scenarios import derive, load
from floatpop.scenarios.dataset import DATA_DIR, read
from floatpop.scenarios.loading import city_data
from floatpop.scenarios.names import DISTRICTS

TABLES = sorted(p.stem for p in DATA_DIR.glob("*.csv"))
RELIABILITY = {"A", "B", "C", "A/B", "B/C", "A/C", "derived", "estimate"}


@pytest.mark.parametrize("name", [t for t in TABLES if t not in ("sources",)])
def test_every_row_has_a_known_source_and_reliability(name):
    table = read(name)
    source_cols = [c for c in table.columns if c.startswith("source")]
    assert source_cols and "reliability" in table.columns, f"{name}.csv lacks source/reliability"
    known = set(read("sources").source_id) | {"assumed"}
    for col in source_cols:
        for cell in table[col].dropna():
            ids = {s.strip() for s in str(cell).split(";")}
            assert ids <= known, f"{name}.csv: unknown source ids {ids - known}"
    assert set(table.reliability.dropna()) <= RELIABILITY, f"{name}.csv reliability codes"
    assert table.reliability.notna().all(), f"{name}.csv: a row without reliability"


def test_unknown_2020_units_stay_unknown_and_the_known_sum_holds():
    units = read("census_units").set_index("unit")
    unknown = units.census_2020.isna()
    assert set(units.index[unknown]) == {"saybag", "xinshi", "toutunhe"}
    assert units.census_2010.sum() == 3_112_559, "2010 units sum to the census total"
    group = read("census_unit_constraints").population.iloc[0]
    assert units.census_2020.sum() + group == 4_054_369, "known units + group = 2020 total"
    filled = derive.census_units(2020)
    assert filled.sum() == pytest.approx(4_054_369), "the estimated split keeps the total"


def test_initial_stock_range_is_ordered_and_plausible():
    stock = derive.floating_stock_2020()
    assert stock["low"] < stock["central"] < stock["high"], stock
    # the 2020 census less the registered population (the 2018 register carried at the
    # 2018 natural increase, the latest known for 2019-2020) and the students
    assert stock["central"] == pytest.approx(
        4_054_369 - 2_222_600 * 1.00336 ** (1 + 10 / 12) - 124_900
    )
    fused = fuse_floating().loc[2020]
    assert fused.lower_90 < stock["central"] < fused.upper_90, (
        "the run starts inside the band of the history its paths continue"
    )


def test_derived_city_shares_sum_to_one_and_wages_are_positive():
    city = city_data()
    for name in ("tenure_shares", "sector_shares", "education_shares", "age_band_shares"):
        assert getattr(city, name).sum() == pytest.approx(1.0), name
        assert (getattr(city, name) >= 0).all(), name
    assert (city.sector_wage_yuan_month > 2000).all(), city.sector_wage_yuan_month
    assert np.allclose(np.diag(city.commute_minutes), derive.WALK_MINUTES_WITHIN_DISTRICT)
    assert (city.commute_minutes >= 0).all()
    rent_burden = city.private_rent_yuan_month / city.sector_wage_yuan_month.mean()
    assert 0.1 < rent_burden < 0.3, "rent near the 16-17% burden of MWMS 2011/2013"


NUMERIC = {
    "census_totals": "population",
    "census_unit_constraints": "population",
    "resident_series": "resident",
    "floating_counts": "floating",
    "registered_population": "registered",
    "migrant_profiles": "value",
    "xinjiang_sector_wages": "annual_wage_yuan",
    "calibration_targets": "observed",
}


@pytest.mark.parametrize(("name", "column"), NUMERIC.items())
def test_numeric_columns_hold_numbers_not_unit_strings(name, column):
    table = read(name)
    cells = table[column].dropna()
    numbers = pd.to_numeric(cells, errors="coerce")
    assert numbers.notna().all(), f"{name}.csv {column}: {list(cells[numbers.isna()])[:3]}"


def test_declared_real_wage_growth_is_the_one_the_dataset_gives():
    """The default is written as a number; it must stay the derivation's (to 0.1 point)."""
    from floatpop.scenarios.parameters import Work

    derived = derive.real_wage_growth()
    assert 0.02 < derived < 0.05, f"MWMS 2019-2024 deflated by CPI: {derived:.4f} a year"
    assert Work().real_wage_growth_per_year == pytest.approx(derived, abs=0.001)


def test_the_2010_floating_split_keeps_the_units_own_counts():
    """Tianshan keeps its 231,000 floating of about 2010 and Urumqi County the 2% of
    2005 (1,706 of its 85,409 registered); the other units share the rest of the city's
    850,000 in proportion to their residents."""
    state = load("baseline", start="2010-11", end="2011-11").city.initial("2010-11")
    floating = state.floating_split * 850_000
    tianshan, county = DISTRICTS.index("tianshan"), DISTRICTS.index("urumqi_county")
    assert floating[tianshan] == pytest.approx(231_000)
    assert floating[county] == pytest.approx(83_187 * 1_706 / 85_409)
    rest = np.delete(floating / state.resident, [tianshan, county])
    np.testing.assert_allclose(rest, rest[0], rtol=1e-12, err_msg="the rest by residents")
    assert state.floating_split.sum() == pytest.approx(1.0)
    start_2020 = load("baseline").city.initial("2020-11")
    np.testing.assert_array_equal(start_2020.floating_split, start_2020.district_share)
