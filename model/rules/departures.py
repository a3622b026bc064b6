"""Departures: return or onward migration, a monthly hazard."""

import numpy as np

from floatpop.model.migrants import Migrants
from floatpop.model.rules.choice import draw
from floatpop.scenarios import Scenario

LONG_UNEMPLOYED_MONTHS = 3


def departure_hazard(m: Migrants, scenario: Scenario) -> np.ndarray:
    """h0 x exp(-b_int (integration - 0.5) + b_unemp [unemployed 3+ months]
    - b_family [children in school])."""
    d = scenario.departures
    f32 = np.float32
    long_unemployed = ~m.employed & (m.months_unemployed >= LONG_UNEMPLOYED_MONTHS)
    log_h = f32(-d.beta_integration) * (m.integration - f32(0.5))  # float32, as the index
    log_h += f32(d.beta_unemployed) * long_unemployed
    log_h -= f32(d.beta_family) * (m.children_enrolled > 0)
    return np.minimum(f32(d.base_hazard) * np.exp(log_h), f32(1))


def depart(m: Migrants, scenario: Scenario, rng: np.random.Generator) -> np.ndarray:
    """Mask of migrants leaving Urumqi this month."""
    return draw(departure_hazard(m, scenario), rng)
