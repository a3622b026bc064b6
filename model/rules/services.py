"""Services: school places, primary health care, social insurance, participation.

Entitlement follows registration status; places are rationed by lottery within each
district's capacity. Each function also reports demand and capacity, from which the
`service_pressure` outcome and next month's expected access are computed.
"""

from dataclasses import dataclass

import numpy as np

from floatpop.model.city import CityState
from floatpop.model.codes import N_DISTRICTS, Status
from floatpop.model.migrants import Migrants
from floatpop.model.rules.ageing import COUNTER_MAX
from floatpop.model.rules.choice import draw, logistic, lottery
from floatpop.scenarios import Scenario


@dataclass(frozen=True)
class ServiceLoad:
    """Demand and capacity by [service, district], in agents (children for schools).

    Services are in the order of `scenarios.names.SERVICES`.
    """

    demand: np.ndarray
    capacity: np.ndarray

    def access(self) -> np.ndarray:
        """Return the chance an entitled applicant is served, [service, district], capped at 1."""
        ratio = np.divide(
            self.capacity, self.demand, out=np.ones_like(self.capacity), where=self.demand > 0
        )
        return np.minimum(ratio, 1.0)


def enrol_children(m: Migrants, city: CityState, rng: np.random.Generator) -> np.ndarray:
    """Enrol children in school places and return the demand for places by district.

    Entitled households without places apply; places go by lottery within the capacity
    the settled do not hold (`CityState.settled_places`). The demand is the school-age
    children of entitled households, and the places the settled hold.
    """
    entitled = (m.school_children > 0) & (m.status >= city.levers.school_min_status)
    m.set("children_enrolled", 0, ~entitled)
    # one count by (district, entitled, school children, enrolled): places held and demand
    key = m.district.astype(np.uint16) << 5
    key |= entitled.view(np.uint8).astype(np.uint16) << 4
    key |= m.school_children.astype(np.uint16) << 2
    key |= m.children_enrolled.astype(np.uint16)
    table = np.bincount(key.astype(np.intp), minlength=N_DISTRICTS << 5)
    table = table.reshape(N_DISTRICTS, 2, 4, 4).astype(float)
    held = table.sum(axis=(1, 2)) @ np.arange(4.0)
    demand = table[:, 1].sum(axis=2) @ np.arange(4.0)
    applying = entitled & (m.children_enrolled < m.school_children)
    idx = np.flatnonzero(applying)
    room = city.school_places_in_force() - held - city.settled_places[0]
    got = lottery(m.district[idx].astype(np.int64), room, rng, size=m.school_children[idx])
    m.set("children_enrolled", m.school_children[idx[got]], idx[got])
    return demand + city.settled_places[0]


def give_health_access(m: Migrants, city: CityState, rng: np.random.Generator) -> np.ndarray:
    """Give primary care to the entitled (by status, or insured), within capacity.

    The capacity is what the settled, who keep their clinic, leave. Returns the demand
    (the entitled, and the settled) by district.
    """
    entitled = (m.status >= city.levers.health_min_status) | m.insured
    demand = m.by_district(entitled)
    capacity = city.health_capacity_in_force() - city.settled_places[1]
    if np.all(demand <= np.floor(np.maximum(capacity, 0))):  # room for all: no lottery
        m.set("health_access", entitled)
        return demand + city.settled_places[1]
    rows = np.flatnonzero(entitled)
    got = lottery(m.district[rows].astype(np.int64), capacity, rng)
    access = np.zeros(len(m), dtype=bool)
    access[rows[got]] = True
    m.set("health_access", access)
    return demand + city.settled_places[1]


def enrol_insurance(
    m: Migrants, city: CityState, scenario: Scenario, rng: np.random.Generator
) -> None:
    """Enrol permit holders voluntarily in insurance; contributions accumulate monthly."""
    eligible = np.flatnonzero(~m.insured & (m.status >= Status.PERMIT))
    joins = draw(city.levers.p_voluntary_insurance, rng, len(eligible))
    m.set("insured", True, eligible[joins])
    m.insured_months += m.insured & (m.insured_months < COUNTER_MAX)


def participation_wish(
    m: Migrants, city: CityState, scenario: Scenario, rng: np.random.Generator
) -> np.ndarray:
    """Draw who wishes to take part in community activities.

    The wish is a logit of status, time in city and outreach, for a share reconsidering
    each month (and every newcomer); the others keep their participation.
    """
    s = scenario.services
    reconsider = np.flatnonzero(
        draw(s.p_reconsider_participation, rng, len(m)) | (m.months_in_city == 0)
    )
    wish_p = logistic(
        s.participation_intercept
        + s.participation_status * m.status[reconsider]
        + s.participation_years * m.months_in_city[reconsider] / 12
        + city.levers.participation_outreach
    )
    wish = m.participates.copy()
    wish[reconsider] = draw(wish_p, rng)
    return wish


def admit_participants(
    m: Migrants, wish: np.ndarray, city: CityState, rng: np.random.Generator
) -> np.ndarray:
    """Admit to community activities and return the demand by district.

    Participants who still wish to keep their place; newcomers to activities get one by
    lottery within community-centre places.
    """
    keep = wish & m.participates
    # one count by (district, wish, participates) gives places kept and demand
    key = m.district.astype(np.uint8) << 2
    key |= wish.view(np.uint8) << 1
    key |= m.participates.view(np.uint8)
    table = np.bincount(key.astype(np.intp), minlength=N_DISTRICTS << 2)
    table = table.reshape(N_DISTRICTS, 2, 2).astype(float)
    room = city.community_places_in_force() - table[:, 1, 1]
    rows = np.flatnonzero(wish & ~m.participates)
    got = lottery(m.district[rows].astype(np.int64), room, rng)
    joined = keep.copy()
    joined[rows[got]] = True
    m.set("participates", joined)
    return table[:, 1].sum(axis=1)


def participate(
    m: Migrants, city: CityState, scenario: Scenario, rng: np.random.Generator
) -> np.ndarray:
    """Run community participation within community-centre places; return the demand."""
    return admit_participants(m, participation_wish(m, city, scenario, rng), city, rng)


def load_of(
    m: Migrants, city: CityState, school: np.ndarray, health: np.ndarray, community: np.ndarray
) -> ServiceLoad:
    """Return the demand (school, health, employment services, community) against capacity."""
    searching = m.by_district(~m.employed)
    demand = np.stack([school, health, searching, community])
    capacity = np.stack(
        [
            city.school_places_in_force(),
            city.health_capacity_in_force(),
            city.employment_service_in_force(),
            city.community_places_in_force(),
        ]
    )
    return ServiceLoad(demand=demand, capacity=capacity.astype(float))


def serve(
    m: Migrants, city: CityState, scenario: Scenario, rng: np.random.Generator
) -> ServiceLoad:
    """Run the four services for the month; return their demand and capacity."""
    school = enrol_children(m, city, rng)
    health = give_health_access(m, city, rng)
    enrol_insurance(m, city, scenario, rng)
    community = participate(m, city, scenario, rng)
    return load_of(m, city, school, health, community)


def grow_capacities(city: CityState, residents: float, scenario: Scenario) -> None:
    """Grow the city's own service capacities for a month, to plan.

    Capacities are planned per resident (the planning standards count places per 1,000
    residents), and the model's capacities are the share planned for residents of
    migrant origin: each grows with them (floating, and settled since the start,
    persons), and school places and primary care by their declared growth per resident
    as well. The registered-born's places lie outside the model. Capacities are planned
    for the most such residents so far (`city.residents`): no school or clinic closes
    when they dip, and settlement, which moves no one out of them, changes nothing.
    Called once a month after the month's services. Places that policies add (levers)
    follow their own schedule.
    """
    s = scenario.services
    planned = max(residents, city.residents)
    with_residents = planned / city.residents if city.residents > 0 else 1.0
    city.school_places *= with_residents * (1 + s.school_places_growth_per_year) ** (1 / 12)
    city.health_capacity *= with_residents * (1 + s.health_capacity_growth_per_year) ** (1 / 12)
    city.employment_service *= with_residents
    city.community_places *= with_residents
    city.residents = planned


def settled_places(settled: Migrants) -> np.ndarray:
    """Return the places the settled hold, [school, health; district].

    A migrant who obtains hukou keeps the school places their children held (until the
    children leave school age) and the clinic they had.
    """
    school = settled.by_district(weights=settled.children_enrolled)
    return np.stack([school, settled.by_district(settled.health_access)])
