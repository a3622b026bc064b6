"""Build a run's initial state: the migrants at the census month and the city around them."""

import numpy as np

from floatpop.model.city import UNLIMITED, CityState
from floatpop.model.codes import HARD_CAPACITY, N_DISTRICTS, N_SECTORS, Tenure
from floatpop.model.levers import Levers
from floatpop.model.migrants import Migrants
from floatpop.model.population import draw_initial
from floatpop.model.rules.housing import occupancy
from floatpop.scenarios import Scenario


def initial_migrants(scenario: Scenario, rng: np.random.Generator) -> Migrants:
    """Draw the agents of the initial stock (persons x scale, at the chosen variant)."""
    state = scenario.city.initial(scenario.run.start)
    persons = state.stock[scenario.run.initial_stock] * scenario.run.scale
    persons_per_agent = 1 + scenario.arrivals.share_with_children * (
        1 + scenario.arrivals.share_two_children
    )
    return draw_initial(max(int(round(persons / persons_per_agent)), 1), scenario, rng)


def initial_city(m: Migrants, scenario: Scenario) -> CityState:
    """Return the city state, its district capacities sized on the initial population.

    Capacities follow the rules of docs/data.md: hard housing at occupancy / target
    occupancy, informal rental at its occupancy, jobs at employment / (1 - vacancy
    rate), school places at the public-school share of children, primary care,
    employment services and community places per migrant.
    """
    city, h = scenario.city, scenario.housing
    housed = occupancy(m).astype(float)
    capacity = housed.copy()
    hard = list(HARD_CAPACITY)
    capacity[:, hard] = housed[:, hard] / h.target_occupancy
    capacity[:, Tenure.OWNED] = UNLIMITED
    ratio = np.array(  # rent by tenure, relative to private rental (codes.Tenure order)
        [
            1.0,
            h.rent_ratio_informal,
            h.rent_ratio_dormitory,
            h.rent_ratio_public,
            h.rent_ratio_owned,
        ]
    )
    rent = city.private_rent_yuan_month * city.rent_index[:, None] * ratio[None, :]
    key = m.district.astype(np.int64) * N_SECTORS + m.sector
    employed = np.bincount(key[m.employed], minlength=N_DISTRICTS * N_SECTORS)
    jobs = employed.reshape(N_DISTRICTS, N_SECTORS) / (1 - scenario.initial.vacancy_rate)
    agents = np.bincount(m.district, minlength=N_DISTRICTS).astype(float)
    children = np.bincount(m.district, weights=m.children, minlength=N_DISTRICTS)
    services = scenario.services
    return CityState(
        housing_capacity=capacity,
        rent=rent,
        jobs=jobs.astype(float),
        sector_wage=np.array(city.sector_wage_yuan_month),
        school_places=city.public_school_share * children * services.school_places_scale,
        health_capacity=city.health_capacity_per_migrant * agents * services.health_capacity_scale,
        employment_service=services.employment_service_per_migrant * agents,
        community_places=services.community_places_per_migrant * agents,
        commute_minutes=np.array(city.commute_minutes),
        levers=Levers.from_scenario(scenario),
        registered=initial_registered(m, scenario),
    )


def initial_registered(m: Migrants, scenario: Scenario) -> np.ndarray:
    """Return the registered population by district at the start (persons).

    It is the census residents less the floating population drawn there, floored at
    zero.
    """
    residents = scenario.city.initial(scenario.run.start).resident
    floating = m.persons_by_district() / scenario.run.scale
    return np.maximum(residents - floating, 0.0)
