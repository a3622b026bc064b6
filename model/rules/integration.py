"""The integration (citizenisation) index: a smoothed weighted mean of five parts."""

import numpy as np

from model.city import CityState
from model.codes import Status, Tenure
from model.migrants import Migrants
from scenarios import Scenario

#: housing part by tenure: formal and own housing count fully (assumed scores)
HOUSING_SCORE = np.array([1.0, 0.3, 0.5, 1.0, 1.0])  # codes.Tenure order


def integration_parts(
    m: Migrants, city: CityState, local_wage: float, crowding: np.ndarray, scenario: Scenario
) -> np.ndarray:
    """[part, migrant]: economic, housing, services, institutional, social, each in [0, 1]."""
    economic = m.employed * np.minimum(m.wage / local_wage, 1.0)
    housing = HOUSING_SCORE[m.tenure]
    informal = m.tenure == Tenure.INFORMAL_RENTAL
    housing = np.where(informal, housing / np.maximum(crowding[m.district], 1.0), housing)
    has_children = m.children > 0
    schooling = np.divide(m.children_enrolled, m.children, out=np.zeros(len(m)), where=has_children)
    services = (schooling + m.health_access + m.insured) / (2 + has_children)
    institutional = m.status / Status.PERMIT
    years = np.minimum(m.months_in_city / scenario.integration.full_social_months, 1.0)
    social = 0.5 * m.participates + 0.5 * years
    return np.stack([economic, housing, services, institutional, social])


def integrate(
    m: Migrants,
    city: CityState,
    local_wage: float,
    crowding: np.ndarray,
    scenario: Scenario,
    initial: bool = False,
) -> None:
    """Move each index a share of the way to its target (all the way when `initial`)."""
    p = scenario.integration
    weights = np.array(
        [
            p.weight_economic,
            p.weight_housing,
            p.weight_services,
            p.weight_institutional,
            p.weight_social,
        ]
    )
    target = weights @ integration_parts(m, city, local_wage, crowding, scenario) / weights.sum()
    step = 1.0 if initial else p.smoothing
    m.set("integration", (m.integration + step * (target - m.integration)).astype(np.float32))
