"""The public cost of the policies in force, by part, yuan per month (2020 yuan).

Each part is priced from the scenario's unit costs (`[costs]`, each from a row of
`policy_costs.csv`) or from a policy's own cost parameter (administration, subsidies):

- settlement: the one-off public cost of each person settled this month (every
  settlement, so the baseline's too: a paired difference is the cost of the extra);
- schooling, health, employment, community: each place a policy adds, at its yearly
  unit cost / 12, plus for school and clinic places the capital cost of each place
  built (the first time the added capacity reaches it);
- housing: each public rental unit a policy adds at its capital cost when built, and
  the rent forgone each month: on added units, private rent less the public rent in
  force; on the city's own units, a policy's cut of the public rent;
- insurance: the subsidies of social-security policies;
- administration: what the policies spend on running themselves.

Capital is paid when capacity is first reached, so a capacity that shrinks and grows
again is not paid twice (`Built`).
"""

from dataclasses import dataclass, field

import numpy as np

from floatpop.model.city import CityState
from floatpop.model.codes import Tenure
from floatpop.scenarios import Scenario

COST_PARTS = (
    "settlement",
    "schooling",
    "health",
    "employment",
    "community",
    "housing",
    "insurance",
    "administration",
)
#: the capacities whose building is paid once: school places, clinic places, public units
BUILT = ("school_places", "health_capacity", "public_units")


@dataclass
class Built:
    """The most capacity the policies have added so far, persons (school, clinic, public)."""

    peak: np.ndarray = field(default_factory=lambda: np.zeros(len(BUILT)))


def month_costs(
    city: CityState, settled_persons: float, scale: float, scenario: Scenario, built: Built
) -> np.ndarray:
    """Return this month's costs by `COST_PARTS`, yuan, and record what was built.

    Parameters
    ----------
    city : CityState
        The city, with this month's levers.
    settled_persons : float
        Persons settled this month.
    scale : float
        Agents per person (levers count agents).
    scenario : Scenario
        Its `[costs]` are the unit costs.
    built : Built
        The capacity built so far; updated.
    """
    c, lv = scenario.costs, city.levers
    added = np.array([getattr(lv, name).sum() for name in BUILT]) / scale
    new = np.maximum(added - built.peak, 0.0)
    built.peak = np.maximum(built.peak, added)
    capital = new * np.array(
        [c.school_place_capital_yuan, c.clinic_place_capital_yuan, c.public_unit_capital_yuan]
    )
    rent = city.rent_in_force()
    forgone = (
        lv.public_units
        / scale
        * np.maximum(rent[:, Tenure.PRIVATE_RENTAL] - rent[:, Tenure.PUBLIC_RENTAL], 0.0)
    )
    own_units = city.housing_capacity[:, Tenure.PUBLIC_RENTAL] / scale
    cut = own_units * city.rent[:, Tenure.PUBLIC_RENTAL] * max(1.0 - lv.public_rent_factor, 0.0)
    return np.array(
        [
            c.citizenisation_yuan * settled_persons,
            added[0] * c.school_place_yuan_year / 12 + capital[0],
            added[1] * c.clinic_place_yuan_year / 12 + capital[1],
            lv.employment_service.sum() / scale * c.employment_place_yuan_year / 12,
            lv.community_places.sum() / scale * c.community_place_yuan_year / 12,
            capital[2] + forgone.sum() + cut.sum(),
            lv.insurance_cost,
            lv.administration_cost,
        ]
    )
