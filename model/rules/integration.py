"""The integration (citizenisation) index: a smoothed weighted mean of five parts."""

import numpy as np

from floatpop.model.codes import N_DISTRICTS, Status, Tenure
from floatpop.model.migrants import Migrants
from floatpop.model.rules.ageing import COUNTER_MAX
from floatpop.scenarios import Scenario


def housing_scores(scenario: Scenario) -> np.ndarray:
    """Return the housing part by tenure (codes.Tenure order), float32."""
    p = scenario.integration
    scores = (
        p.housing_score_private,
        p.housing_score_informal,
        p.housing_score_dormitory,
        p.housing_score_public,
        p.housing_score_owned,
    )
    return np.array(scores, dtype=np.float32)


def integration_target(
    m: Migrants, local_wage: float, crowding: np.ndarray, scenario: Scenario
) -> np.ndarray:
    """Return each migrant's target index, a weighted mean of five parts.

    Each part is in [0, 1]: economic (employed, wage against the local wage), housing
    (tenure, crowding), services (school places per child, health care, insurance),
    institutional (status) and social (participation, time in city). Computed in float32
    (the index is stored in float32).

    Parameters
    ----------
    m : Migrants
        The migrants.
    local_wage : float
        The local wage, yuan/month, at which the economic part reaches 1.
    crowding : np.ndarray
        Informal rental occupancy over its capacity, by district.
    scenario : Scenario
        The scenario, whose ``integration`` section gives the weights and scores.

    Returns
    -------
    np.ndarray
        The target index per migrant, float32.
    """
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
    total = np.minimum(m.wage * f32(1 / local_wage), f32(1))
    total *= weights[0]
    # the other parts take few values: look each agent's up in a small table (one pass)
    # housing by (district, tenure), informal rental lowered by crowding, and the
    # institutional part by status
    housing = np.tile(housing_scores(scenario), (N_DISTRICTS, 1))
    housing[:, Tenure.INFORMAL_RENTAL] /= np.maximum(crowding, 1.0).astype(f32)
    status = np.arange(len(Status), dtype=f32) / Status.PERMIT
    place = weights[1] * housing[:, :, None] + weights[3] * status[None, None, :]
    key = (m.district.astype(np.int16) * len(Tenure) + m.tenure) * len(Status) + m.status
    total += place.ravel()[key]
    # services by (health care, insured, school-age children, enrolled): school places per
    # school-age child, health care and insurance, a third each for their parents, a half
    # each otherwise
    h, i, c, e = np.meshgrid(*(np.arange(n, dtype=f32) for n in (2, 2, 4, 4)), indexing="ij")
    per_child = np.divide(e, c, out=np.zeros_like(e), where=c > 0)
    services = (h + i + per_child) * np.where(c > 0, f32(1 / 3), f32(1 / 2))
    key = ((m.health_access.astype(np.uint8) * 2 + m.insured) * 4 + m.school_children) * 4
    key += m.children_enrolled
    total += (weights[2] * services).ravel()[key]
    # social: time in the city (by month, up to the counters' cap) and participation
    months = np.arange(COUNTER_MAX + 1, dtype=f32)
    years = np.minimum(months * f32(1 / p.full_social_months), f32(1))
    total += (weights[4] * f32(0.5) * years)[m.months_in_city]
    total += (weights[4] * f32(0.5)) * m.participates
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
