"""A deterministic floating-stock path derived from the data (`--inflow trend`).

Rule: the floating stock S is taken to grow like the resident population did after
the start census (2010-2020: census to census; from 2020: to the latest year-end
estimate),

    S_t = S_0 (1 + g) ** (t / 12),

with S_0 the scenario's initial stock and t in months.
"""

import numpy as np

from floatpop.scenarios import Scenario
from floatpop.scenarios.dataset import read


def resident_growth_after(start: str) -> float:
    """Return the annual growth of the resident population after the census month `start`."""
    series = read("resident_series")
    census = series[series.definition == "census"].set_index("year").resident
    year = int(start[:4])
    if year == 2010:
        return (census[2020] / census[2010]) ** (1 / 10) - 1
    latest = series[(series.year > year) & (series.definition == "year_end_estimate")]
    last = latest.sort_values("year").iloc[-1]
    years = last.year - year + 1 / 6  # from November to the end of the year
    return (last.resident / census[year]) ** (1 / years) - 1


def baseline_stock(scenario: Scenario, n_months: int, initial_stock: float) -> np.ndarray:
    """Return the trend stock (persons) at months 0..n_months from the scenario's start."""
    growth = resident_growth_after(scenario.run.start)
    return initial_stock * (1 + growth) ** (np.arange(n_months + 1) / 12)
