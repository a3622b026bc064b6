"""Departures: return or onward migration, a monthly hazard."""

import numpy as np

from floatpop.model.migrants import Migrants
from floatpop.model.rules.choice import draw
from floatpop.scenarios import Scenario


def departure_hazard(m: Migrants, scenario: Scenario) -> np.ndarray:
    """Return each migrant's monthly departure hazard, capped at 1 (float32).

    h0 x exp(-b_int (integration - pivot) + b_unemp [unemployed long]
    - b_family [children in school]).
    """
    d = scenario.departures
    f32 = np.float32
    long_unemployed = ~m.employed & (m.months_unemployed >= d.long_unemployed_months)
    # float32, as the index
    log_h = f32(-d.beta_integration) * (m.integration - f32(d.integration_pivot))
    log_h += f32(d.beta_unemployed) * long_unemployed
    log_h -= f32(d.beta_family) * (m.children_enrolled > 0)
    return np.minimum(f32(d.base_hazard) * np.exp(log_h), f32(1))


def depart(m: Migrants, scenario: Scenario, rng: np.random.Generator) -> np.ndarray:
    """Draw the mask of migrants leaving Urumqi this month."""
    return draw(departure_hazard(m, scenario), rng)
