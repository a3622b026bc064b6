"""The integration (citizenisation) index: a smoothed weighted mean of five parts."""

import numpy as np

from model.codes import Status, Tenure
from model.migrants import Migrants
from scenarios import Scenario

#: housing part by tenure: formal and own housing count fully (assumed scores)
HOUSING_SCORE = np.array([1.0, 0.3, 0.5, 1.0, 1.0], dtype=np.float32)  # codes.Tenure order


def integration_target(
    m: Migrants, local_wage: float, crowding: np.ndarray, scenario: Scenario
) -> np.ndarray:
    """Weighted mean of five parts, each in [0, 1]: economic (employed, wage against the
    local wage), housing (tenure, crowding), services (school places per child, health
    care, insurance), institutional (status) and social (participation, time in city).
    Computed in float32 (the index is stored in float32)."""
    p = scenario.integration
    weights = np.array(
        [
            p.weight_economic,
            p.weight_housing,
            p.weight_services,
            p.weight_institutional,
            p.weight_social,
        ],
        dtype=np.float32,
    )
    weights /= weights.sum()
    f32 = np.float32
    # economic: the wage is 0 for the unemployed
    total = np.minimum(m.wage * f32(1 / local_wage), f32(1)) * weights[0]
    housing = HOUSING_SCORE[m.tenure]
    informal = np.flatnonzero(m.tenure == Tenure.INFORMAL_RENTAL)
    housing[informal] /= np.maximum(crowding, 1.0).astype(f32)[m.district[informal]]
    total += weights[1] * housing
    parents = np.flatnonzero(m.children > 0)
    services = m.health_access.astype(f32) + m.insured
    services[parents] += m.children_enrolled[parents] / m.children[parents].astype(f32)
    services *= np.where(m.children > 0, f32(1 / 3), f32(1 / 2))
    total += weights[2] * services
    total += (weights[3] / Status.PERMIT) * m.status.astype(f32)
    years = np.minimum(m.months_in_city * f32(1 / p.full_social_months), f32(1))
    total += weights[4] * f32(0.5) * (years + m.participates)
    return total


def integrate(
    m: Migrants,
    local_wage: float,
    crowding: np.ndarray,
    scenario: Scenario,
    initial: bool = False,
) -> None:
    """Move each index a share of the way to its target (all the way when `initial`)."""
    target = integration_target(m, local_wage, crowding, scenario)
    step = 1.0 if initial else scenario.integration.smoothing
    m.integration += np.float32(step) * (target - m.integration)
