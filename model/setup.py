"""Build a run's initial state: the migrants at the census month and the city around them."""

import numpy as np

from floatpop.model.city import UNLIMITED, CityState
from floatpop.model.codes import N_DISTRICTS, N_SECTORS, Tenure
from floatpop.model.levers import Levers
from floatpop.model.migrants import Migrants
from floatpop.model.population import draw_initial
from floatpop.model.rules.housing import occupancy
from floatpop.model.rules.labour_market import unemployment_rate
from floatpop.model.rules.registered import monthly_growth as registered_growth
from floatpop.scenarios import Scenario
from floatpop.scenarios.calendar import month_index, month_label, months_between
from floatpop.scenarios.derive import non_floating_residents


def initial_migrants(scenario: Scenario, rng: np.random.Generator) -> Migrants:
    """Draw the agents of the initial stock (persons x scale, at the chosen variant)."""
    state = scenario.city.initial(scenario.run.start)
    persons = state.stock[scenario.run.initial_stock] * scenario.run.initial_stock_factor
    persons *= scenario.run.scale
    persons_per_agent = 1 + scenario.arrivals.share_with_children * (
        1 + scenario.arrivals.share_two_children
    )
    return draw_initial(max(int(round(persons / persons_per_agent)), 1), scenario, rng)


def initial_city(m: Migrants, scenario: Scenario) -> CityState:
    """Return the city state, its district capacities sized on the initial population.

    Capacities follow the rules of docs/data.md: rental housing at occupancy / target
    occupancy (so rents start at rest), jobs at employment / (1 - vacancy rate), school
    places at the public-school share of school-age children, primary care, employment
    services and community places per migrant. The paths of real output and of redevelopment
    are laid out month by month for the run.
    """
    city, h = scenario.city, scenario.housing
    housed = occupancy(m).astype(float)
    capacity = housed / h.target_occupancy
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
    n_months = months_between(scenario.run.start, scenario.run.end)
    agents = np.bincount(m.district, minlength=N_DISTRICTS).astype(float)
    children = np.bincount(m.district, weights=m.school_children, minlength=N_DISTRICTS)
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
        other_residents=other_residents(scenario),
        base_rent=rent.copy(),
        trend_capacity=capacity.copy(),
        start_jobs=jobs.astype(float),
        output_index=output_index(scenario, n_months),
        registered_growth=registered_growth(scenario, n_months),
        redevelopment=redevelopment_shares(scenario, n_months),
        start_unemployment=unemployment_rate(m),
    )


def output_index(scenario: Scenario, n_months: int) -> np.ndarray:
    """Return real output relative to the start, for months 0..n_months of the run.

    Each month grows by a twelfth (geometrically) of its calendar year's real GDP growth
    (`CityData.gdp_growth`), or of `work.gdp_growth_beyond_data` in years without one.
    """
    growth = dict(scenario.city.gdp_growth)
    first = month_index(scenario.run.start)
    years = [int(month_label(first + t)[:4]) for t in range(1, n_months + 1)]
    default = scenario.work.gdp_growth_beyond_data
    monthly = [(1 + growth.get(year, default)) ** (1 / 12) for year in years]
    return np.concatenate([[1.0], np.cumprod(monthly)])


def redevelopment_shares(scenario: Scenario, n_months: int) -> np.ndarray:
    """Return the share of informal stock demolished, by [month 0..n_months, district].

    A programme demolishing a share s over its n months takes 1 - (1 - s)^(1/n) of what
    stands each month; programmes that overlap multiply.
    """
    first = month_index(scenario.run.start)
    kept = np.ones((n_months + 1, N_DISTRICTS))
    for start, end, district, share in scenario.city.redevelopment:
        lo, hi = month_index(start), month_index(end)
        monthly = (1 - share) ** (1 / (hi - lo + 1))
        months = [t for t in range(1, n_months + 1) if lo <= first + t <= hi]
        columns = slice(None) if district < 0 else district
        for t in months:
            kept[t, columns] *= monthly
    return 1 - kept


def other_residents(scenario: Scenario) -> np.ndarray:
    """Return the residents neither registered nor floating, by district (persons).

    They are the university students (`scenarios.derive.non_floating_residents`),
    split like the census residents and held constant: the same account as the
    floating-stock history's.
    """
    state = scenario.city.initial(scenario.run.start)
    return non_floating_residents() * state.district_share


def initial_registered(m: Migrants, scenario: Scenario) -> np.ndarray:
    """Return the registered population by district at the start (persons).

    It is the census residents less the floating population drawn there and the other
    residents (`other_residents`), floored at zero.
    """
    residents = scenario.city.initial(scenario.run.start).resident
    floating = m.persons_by_district() / scenario.run.scale
    return np.maximum(residents - floating - other_residents(scenario), 0.0)
