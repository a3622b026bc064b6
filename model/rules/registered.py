"""The registered (hukou) population by district: plain accounting, no agents.

Each month: R <- R x (1 + (natural increase of the month's year + net migration) / 12)
plus the month's hukou settlements (persons), so residents = registered + floating at
all dates. The natural increase of a year is the latest bulletin's up to it
(`CityData.natural_increase`; the first known before it).
"""

import numpy as np

from floatpop.scenarios import Scenario
from floatpop.scenarios.calendar import month_index, month_label
from floatpop.scenarios.derive import natural_increase_in


def monthly_growth(scenario: Scenario, n_months: int) -> np.ndarray:
    """Return the registered population's growth rate in months 0..n_months of the run.

    Month t's is (natural increase of its calendar year + net registered migration) / 12;
    month 0, the start, does not grow.
    """
    by_year = dict(scenario.city.natural_increase)
    first = month_index(scenario.run.start)
    net = scenario.registered.net_migration_rate_per_year
    years = [int(month_label(first + t)[:4]) for t in range(1, n_months + 1)]
    return np.array([0.0] + [(natural_increase_in(y, by_year) + net) / 12 for y in years])


def update_registered(registered: np.ndarray, settled_persons: np.ndarray, growth: float):
    """Return next month's registered population by district (persons), at monthly `growth`."""
    return registered * (1 + growth) + settled_persons
