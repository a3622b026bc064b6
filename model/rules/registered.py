"""The registered (hukou) population by district: plain accounting, no agents.

Each month: R <- R x (1 + (births - deaths) / 1000 / 12 + net migration / 12) plus the
month's hukou settlements (persons), so residents = registered + floating at all dates.
"""

import numpy as np

from floatpop.scenarios import Scenario


def monthly_growth(scenario: Scenario) -> float:
    """Return the registered population's monthly growth rate (natural plus net migration)."""
    r = scenario.registered
    natural = (r.birth_rate_permille - r.death_rate_permille) / 1000
    return (natural + r.net_migration_rate_per_year) / 12


def update_registered(
    registered: np.ndarray, settled_persons: np.ndarray, scenario: Scenario
) -> np.ndarray:
    """Return next month's registered population by district (persons)."""
    return registered * (1 + monthly_growth(scenario)) + settled_persons
