"""A default gross-arrival path derived from the data, used until sample paths are drawn.

Rule: the floating stock S is taken to grow like the resident population did after
the start census (2010-2020: census to census; from 2020: to the latest year-end
estimate), and arrivals replace the expected exits and add that growth:

    A_t = S_t x e + (S_{t+1} - S_t),    S_t = S_0 (1 + g) ** (t / 12)

with S_0 the scenario's initial stock and e the monthly exit rate (departures plus
hukou settlements per person of the stock) of the baseline model, which the caller
measures (`floatpop.model.inflow.default_inflow`).
"""

import numpy as np

from floatpop.forecasting.coupling import arrivals_from_stock
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


def baseline_inflow(scenario: Scenario, n_months: int, exit_rate: float) -> np.ndarray:
    """Return monthly gross arrivals (persons) for `n_months` months from the scenario's start.

    `exit_rate` is the monthly exit rate (departures and settlements per person).
    """
    run = scenario.run
    stock_0 = scenario.city.initial(run.start).stock[run.initial_stock]
    growth = resident_growth_after(run.start)
    stock = stock_0 * (1 + growth) ** (np.arange(n_months + 1) / 12)
    return arrivals_from_stock(stock, exit_rate)
