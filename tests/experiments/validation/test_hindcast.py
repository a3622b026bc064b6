"""The hindcast: 2010 census to 2020 census, with nothing known from 2020 on."""

import numpy as np
import pandas as pd

import floatpop.scenarios.dataset as dataset
from floatpop.experiments.cli import main
from floatpop.experiments.validation import hindcast
from floatpop.forecasting.history import floating_observations
from floatpop.scenarios import load


def test_hindcast_writes_the_promised_table(tmp_path, capsys):
    out = tmp_path / "hc"
    assert main(["hindcast", "--out", str(out), "--replications", "3", "--scale", "0.002"]) == 0, (
        capsys.readouterr().err
    )
    table = pd.read_csv(out / "hindcast.csv")
    assert list(table.columns) == [
        "unit",
        "observed_2020",
        "simulated_median_2020",
        "lower_90",
        "upper_90",
    ]
    assert list(table.unit) == [
        "all",
        "tianshan",
        "shuimogou",
        "dabancheng",
        "midong",
        "urumqi_county",
        "saybag;xinshi;toutunhe",
        hindcast.TREND_UNIT,
    ]
    assert table.observed_2020.iloc[0] == 4_054_369
    assert table.observed_2020.iloc[1:-1].sum() == 4_054_369, "units and group add up"
    model = table.iloc[:-1]
    assert (model.lower_90 <= model.simulated_median_2020).all()
    assert table.iloc[-1][["lower_90", "upper_90"]].isna().all(), "the benchmark is a point"
    assert (out / "hindcast.png").stat().st_size > 10_000
    assert len(list((out / "runs" / "parts").glob("*.parquet"))) == 3, "runs kept, to resume"


def test_the_hindcast_refuses_to_use_2020_data(monkeypatch):
    """Its stock paths are the same whatever the 2020 census and later figures say."""
    assert floating_observations(before=2020).year.max() < 2020
    scenario = load("baseline", scale=0.001, start="2010-11", end="2020-11")
    before = hindcast.hindcast_stock_paths(scenario, 2, seed=3)
    original = dataset.read

    def doubled_after_2019(name):
        table = original(name).copy()
        column = {
            "resident_series": "resident",
            "registered_population": "registered",
            "vital_rates": "natural_increase_permille",
            "floating_counts": "floating",
        }
        if name in column:
            table.loc[table.year >= 2020, column[name]] *= 2
        if name == "census_totals":
            table.loc[table.date.str.startswith("2020"), "population"] *= 2
        return table

    monkeypatch.setattr(dataset, "read", doubled_after_2019)
    for module in ("floatpop.forecasting.history", "floatpop.experiments.validation.hindcast"):
        monkeypatch.setattr(f"{module}.read", doubled_after_2019, raising=False)
    after = hindcast.hindcast_stock_paths(scenario, 2, seed=3)
    np.testing.assert_array_equal(before, after, err_msg="2020+ data leaked into the hindcast")


def test_the_census_trend_carries_the_2000_2010_growth_to_2020():
    """3,112,559 (2010) x (3,112,559 / 2,262,786 (2000)) gives 4,281,000 in 2020-11, +5.6%
    on the census (to 1,000 persons); half the decade gives half the growth, compounded
    (to 1 person)."""
    assert abs(hindcast.census_trend() - 4_281_000) < 1_000
    half = 3_112_559 * (3_112_559 / 2_262_786) ** 0.5
    assert abs(hindcast.census_trend("2015-11") - half) < 1, "geometric, by months"
