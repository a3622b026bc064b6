"""Robustness of an effect's sign, yearly costs and cost per unit of effect, by hand."""

import numpy as np
import pandas as pd
import pytest

from floatpop.experiments.study import analysis

COLUMNS = ["scenario", "replication", "date", "district", "outcome", "value"]


def hand_made() -> pd.DataFrame:
    """Two replications, two years of months; the reform costs 10 a month more."""
    rows = []
    effects = {0: 2.0, 1: -1.0, 2: 3.0, 3: 1.0}  # reform - baseline of outcome x at the end
    for rep, effect in effects.items():
        for year in (2030, 2031):
            for month in range(1, 13):
                date = f"{year}-{month:02d}"
                for scenario, cost, x in (("baseline", 5.0, 10.0), ("reform", 15.0, 10 + effect)):
                    rows += [
                        (scenario, rep, date, "all", "x", x),
                        (scenario, rep, date, "all", "policy_cost", cost),
                        (scenario, rep, date, "all", "cost_schooling", cost - 1),
                        (scenario, rep, date, "all", "cost_settlement", 1.0),
                    ]
    return pd.DataFrame(rows, columns=COLUMNS)


def test_robustness_is_the_share_of_draws_agreeing_with_the_median_sign():
    table = analysis.sign_robustness(hand_made(), "baseline").set_index("outcome")
    row = table.loc["x"]
    assert row["sign"] == 1 and row["median"] == pytest.approx(1.5), "median of 2, -1, 3, 1"
    assert row["n"] == 4, "one effect per replication, the mean of its last 12 months"
    assert row["robustness"] == pytest.approx(0.75), "three of four draws keep the sign"
    assert np.isnan(table.loc["cost_settlement", "robustness"]), "no effect, no sign to keep"


def test_yearly_costs_add_up_by_year_and_over_the_years():
    costs = analysis.yearly_costs(hand_made()).set_index(["scenario", "part", "year"])
    assert costs.loc[("reform", "total", 2030), "yuan"] == pytest.approx(180.0), "12 x 15"
    assert costs.loc[("reform", "total", 2031), "cumulative"] == pytest.approx(360.0)
    parts = costs.xs(2031, level="year").loc["reform"]
    assert parts.loc["schooling", "yuan"] + parts.loc["settlement", "yuan"] == pytest.approx(
        parts.loc["total", "yuan"]
    ), "the parts add up to the total"


def test_cost_per_unit_of_effect_is_a_ratio_of_mean_paired_differences():
    table = analysis.cost_per_effect(hand_made(), "baseline", "x", "2031-12").iloc[0]
    assert table["extra_cost"] == pytest.approx(240.0), "10 a month for 24 months"
    assert table["extra_cost_per_year"] == pytest.approx(120.0)
    assert table["effect"] == pytest.approx(1.25), "mean of 2, -1, 3, 1"
    assert table["cost_per_unit"] == pytest.approx(240.0 / 1.25)
