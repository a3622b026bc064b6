"""Read the sourced CSV tables of `scenarios/data/` (each row has a source and reliability)."""

from functools import cache
from pathlib import Path

import pandas as pd

DATA_DIR = Path(__file__).parent / "data"


@cache
def read(name: str) -> pd.DataFrame:
    """Return the table `scenarios/data/<name>.csv` (cached; treat it as read-only)."""
    return pd.read_csv(DATA_DIR / f"{name}.csv", dtype={"date": str, "unit": str})


def profile(indicator: str, category: str, year: int, geography: str = "China") -> float:
    """Return one value of `migrant_profiles.csv`; a KeyError names the missing row."""
    table = read("migrant_profiles")
    rows = table[
        (table.indicator == indicator)
        & (table.category == category)
        & (table.year == year)
        & (table.geography == geography)
    ]
    if rows.empty or pd.isna(rows.value.iloc[0]):
        raise KeyError(
            f"migrant_profiles.csv has no value for {indicator}/{category}/{year}/{geography}"
        )
    return float(rows.value.iloc[0])


def shares(
    indicator: str, categories: tuple[str, ...], year: int, geography: str = "China"
) -> dict[str, float]:
    """Return percent values of several categories of one indicator, as fractions."""
    return {c: profile(indicator, c, year, geography) / 100 for c in categories}
