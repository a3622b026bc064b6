"""The model's outcomes: each defined once, with its name, unit and meaning.

Every outcome is computed by district and for the whole city from the state at the
end of a month. Counts are in persons (agents' persons / scale), whatever the scale.
Rates are over adult migrants (agents), except school enrolment (over school-age
children). Rates over the floating population are joined by the same rates over every
resident of migrant origin (the `_all` outcomes: floating, and settled since the start),
so a policy that moves the best integrated out of the floating population cannot read
as worse integration.
`OutcomeRecords` keeps every month's values, gives the latest and the tidy frame.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property

import numpy as np
import pandas as pd

from floatpop.model.city import CityState
from floatpop.model.codes import DISTRICTS, N_DISTRICTS, Status, Tenure
from floatpop.model.costs import COST_PARTS
from floatpop.model.migrants import Migrants
from floatpop.model.rules.services import ServiceLoad
from floatpop.scenarios.calendar import month_label

#: where outcomes are reported: each district, then the whole city
PLACES = (*DISTRICTS, "all")


def no_flow() -> np.ndarray:
    """Return a zero flow for every district."""
    return np.zeros(N_DISTRICTS)


@dataclass
class Flows:
    """The month's flows by district, in agents' persons (migrants and children)."""

    arrivals: np.ndarray = field(default_factory=no_flow)
    departures: np.ndarray = field(default_factory=no_flow)
    settlements: np.ndarray = field(default_factory=no_flow)


@dataclass(frozen=True)
class MonthState:
    """What the outcome functions read at the end of a month."""

    migrants: Migrants
    city: CityState
    scale: float
    arrivals: np.ndarray  # persons by district, this month
    departures: np.ndarray
    settlements: np.ndarray
    load: ServiceLoad
    willingness: Callable[[Migrants], np.ndarray]  # probability, per migrant
    unemployed_income_share: float  # income without a job, as a share of the mean wage
    settled: Migrants  # migrants who obtained hukou since the start, still in the city

    @cached_property
    def willing(self) -> np.ndarray:
        """Probability, per migrant, of being willing to settle (`willingness`), computed once."""
        return self.willingness(self.migrants)

    @cached_property
    def joint(self) -> np.ndarray:
        """Agents by [district, employed, health access, insured, status, tenure, ...].

        The axes are [district, employed, health access, insured, status, tenure,
        school-age children, children enrolled], counted in one pass over a packed 15-bit
        key (status in 2 bits, tenure in 3, school-age and enrolled children in 2 each).

        Raises
        ------
        ValueError
            If a migrant has more than 3 school-age children (they would not fit in 2 bits).
        """
        m = self.migrants
        if len(m) and m.school_children.max() > 3:  # households bring at most two
            raise ValueError("the outcome key packs school-age children into 2 bits: at most 3")
        key = m.district.astype(np.uint16) << 12
        key |= m.employed.view(np.uint8).astype(np.uint16) << 11
        key |= m.health_access.view(np.uint8).astype(np.uint16) << 10
        key |= m.insured.view(np.uint8).astype(np.uint16) << 9
        key |= m.status.astype(np.uint16) << 7
        key |= m.tenure.astype(np.uint16) << 4
        key |= m.school_children.astype(np.uint16) << 2
        key |= m.children_enrolled.astype(np.uint16)
        counts = np.bincount(key.astype(np.intp), minlength=N_DISTRICTS << 12)
        return counts.reshape(N_DISTRICTS, 2, 2, 2, 4, 8, 4, 4).astype(float)

    def margin(self, axis: int) -> np.ndarray:
        """Return agents by [district, value on `joint` axis]."""
        others = tuple(a for a in range(1, 8) if a != axis)
        return self.joint.sum(axis=others)

    @cached_property
    def agents(self) -> np.ndarray:
        """Agents by district (the denominator of most rates), counted once."""
        return self.margin(1).sum(axis=1)

    def flag(self, axis: int) -> np.ndarray:
        """Return agents by district with the flag of a `joint` axis set.

        The axis is 1 (employed), 2 (health access) or 3 (insured).
        """
        return self.margin(axis)[:, 1]

    @cached_property
    def persons(self) -> np.ndarray:
        """Persons (migrants and their children) by district, counted once."""
        return (self.agents + self.children) / self.scale

    @cached_property
    def children(self) -> np.ndarray:
        """Accompanying children (of any age) by district."""
        return self.migrants.persons_by_district() - self.agents

    @cached_property
    def integration(self) -> np.ndarray:
        """The sum of the integration index by district."""
        return self.count(weights=self.migrants.integration)

    @cached_property
    def school_children(self) -> np.ndarray:
        """Accompanying children of compulsory-school age by district."""
        return self.margin(6) @ np.arange(4.0)

    @cached_property
    def enrolled(self) -> np.ndarray:
        """Children holding a public school place, by district."""
        return self.margin(7) @ np.arange(4.0)

    @cached_property
    def by_status(self) -> np.ndarray:
        """Agents by [district, status]."""
        return self.margin(4)[:, : len(Status)]

    @cached_property
    def by_tenure(self) -> np.ndarray:
        """Agents by [district, tenure]."""
        return self.margin(5)[:, : len(Tenure)]

    @cached_property
    def housing_cost(self) -> np.ndarray:
        """Housing costs paid by the agents, yuan/month by district (2020 prices).

        Each pays the rent of their tenure in their district (for owners, the cost of a
        mortgage and upkeep; public rent at the price a policy sets).
        """
        return (self.by_tenure * self.city.rent_in_force()).sum(axis=1)

    @cached_property
    def income(self) -> np.ndarray:
        """Incomes of the agents, yuan/month by district: wages, or the income of the jobless.

        The jobless have `unemployed_income_share` of last month's mean wage, as in the
        housing choice.
        """
        jobless_income = self.unemployed_income_share * self.city.mean_wage
        return self.wages + (self.agents - self.flag(1)) * jobless_income

    @cached_property
    def wages(self) -> np.ndarray:
        """Wages paid to the agents, yuan/month by district (0 for those without a job)."""
        return self.count(weights=self.migrants.wage)

    @cached_property
    def settled_agents(self) -> np.ndarray:
        """Migrants settled since the start, agents by district."""
        return self.settled.by_district()

    @cached_property
    def settled_persons(self) -> np.ndarray:
        """Migrants settled since the start and their children, persons by district."""
        return self.settled.persons_by_district() / self.scale

    def everyone(self, floating: np.ndarray, settled_column: str) -> np.ndarray:
        """Return a floating count by district plus the settled's sum of `settled_column`."""
        return floating + self.settled.by_district(weights=self.settled.get(settled_column))

    def count(self, mask: np.ndarray | None = None, weights: np.ndarray | None = None):
        """Return agents (or the sum of `weights`) by district, over the rows of `mask`.

        With neither, this is `agents`, counted once.
        """
        if mask is None and weights is None:
            return self.agents
        return self.migrants.by_district(mask, weights)


Values = tuple[np.ndarray, float]  # (by district, city)


def persons(values: np.ndarray) -> Values:
    """Return a count by district and its sum, the city's."""
    return values, float(values.sum())


def ratio(numerator: np.ndarray, denominator: np.ndarray) -> Values:
    """Return `numerator` / `denominator` by district and for the city.

    Parameters
    ----------
    numerator, denominator : np.ndarray
        Values by district.

    Returns
    -------
    by_district : np.ndarray
        The ratio in each district, NaN where the denominator is not positive.
    city : float
        The ratio of the sums, NaN if the denominator sums to 0 or less.
    """
    by_district = np.divide(
        numerator, denominator, out=np.full(N_DISTRICTS, np.nan), where=denominator > 0
    )
    total = denominator.sum()
    return by_district, float(numerator.sum() / total) if total > 0 else float("nan")


def floating_stock(s: MonthState) -> Values:
    """Return the migrants and accompanying children living in the city, in persons."""
    return persons(s.persons)


def arrivals(s: MonthState) -> Values:
    """Return the month's gross arrivals, with their children, in persons."""
    return persons(s.arrivals / s.scale)


def departures(s: MonthState) -> Values:
    """Return the month's departures (return or onward migration), in persons."""
    return persons(s.departures / s.scale)


def hukou_settlements(s: MonthState) -> Values:
    """Return the persons who obtained local hukou this month, leaving the floating population."""
    return persons(s.settlements / s.scale)


def registration_coverage(s: MonthState) -> Values:
    """Return the share of migrants with registered residence or a residence permit."""
    return ratio(s.by_status[:, Status.REGISTERED :].sum(axis=1), s.count())


def residence_permit_coverage(s: MonthState) -> Values:
    """Return the share of migrants holding a residence permit."""
    return ratio(s.by_status[:, Status.PERMIT], s.count())


def permit_holders(s: MonthState) -> Values:
    """Return the adult migrants holding a residence permit (children are not counted)."""
    return persons(s.by_status[:, Status.PERMIT] / s.scale)


def employment_rate(s: MonthState) -> Values:
    """Return the share of migrants who are employed."""
    return ratio(s.flag(1), s.count())


def mean_wage(s: MonthState) -> Values:
    """Return the mean wage of the employed, in yuan/month (2020 prices)."""
    return ratio(s.wages, s.flag(1))  # the wage is 0 when not employed


def mean_rent(s: MonthState) -> Values:
    """Return the mean housing cost per migrant, in yuan/month (2020 prices)."""
    return ratio(s.housing_cost, s.agents)


def rent_burden(s: MonthState) -> Values:
    """Return housing costs over incomes: the share of migrants' income spent on housing."""
    return ratio(s.housing_cost, s.income)


def informal_housing_share(s: MonthState) -> Values:
    """Return the share living in informal (urban-village or shared) rental."""
    return ratio(s.by_tenure[:, Tenure.INFORMAL_RENTAL], s.count())


def dormitory_share(s: MonthState) -> Values:
    """Return the share living in employer dormitories or work-site housing."""
    return ratio(s.by_tenure[:, Tenure.DORMITORY], s.count())


def crowding(s: MonthState) -> Values:
    """Return informal rental occupancy over its capacity (occupants / capacity)."""
    return ratio(
        s.by_tenure[:, Tenure.INFORMAL_RENTAL],
        s.city.housing_capacity[:, Tenure.INFORMAL_RENTAL].astype(float),
    )


def school_enrolment_rate(s: MonthState) -> Values:
    """Return the share of migrant children of compulsory-school age holding a public place."""
    return ratio(s.enrolled, s.school_children)


def health_access_rate(s: MonthState) -> Values:
    """Return the share of migrants with primary health care access."""
    return ratio(s.flag(2), s.count())


def social_insurance_coverage(s: MonthState) -> Values:
    """Return the share of migrants enrolled in social insurance."""
    return ratio(s.flag(3), s.count())


def service_pressure(s: MonthState) -> Values:
    """Return the mean over the four services of demand / capacity (1 = exactly full)."""
    demand, capacity = s.load.demand, s.load.capacity
    by_district = np.nanmean(
        np.divide(demand, capacity, out=np.full_like(demand, np.nan), where=capacity > 0), axis=0
    )
    city = np.mean(demand.sum(axis=1) / np.maximum(capacity.sum(axis=1), 1e-12))
    return by_district, float(city)


def integration_index(s: MonthState) -> Values:
    """Return the migrants' mean citizenisation index (0 to 1)."""
    return ratio(s.integration, s.count())


def settlement_willingness(s: MonthState) -> Values:
    """Return the expected share willing to transfer their hukou here (as the CMDS asks it)."""
    return ratio(s.count(weights=s.willing), s.count())


def mean_years_in_city(s: MonthState) -> Values:
    """Return the mean time the migrants living here have spent in the city so far, in years.

    This is the time as a survey of current migrants measures it.
    """
    m = s.migrants
    return ratio(s.count(weights=m.months_in_city / 12.0), s.count())


def registered_population(s: MonthState) -> Values:
    """Return the residents with local hukou.

    They are kept by accounting: natural increase, settlements, migration.
    """
    return persons(s.city.registered.copy())


def resident_population(s: MonthState) -> Values:
    """Return the registered, floating and other residents: what a census counts."""
    return persons(s.city.registered + s.persons + s.city.other_residents)


def settled_total(s: MonthState) -> Values:
    """Return the migrants who obtained hukou since the start, with their children, persons."""
    return persons(s.settled_persons.copy())


def migrant_origin_population(s: MonthState) -> Values:
    """Return the floating population plus the migrants settled since the start, persons."""
    return persons(s.persons + s.settled_persons)


def over_everyone(s: MonthState, floating: np.ndarray, column: str) -> Values:
    """Return a rate over every adult of migrant origin: floating and settled since the start.

    `floating` is the floating numerator by district, `column` the settled's.
    """
    return ratio(s.everyone(floating, column), s.agents + s.settled_agents)


def employment_rate_all(s: MonthState) -> Values:
    """Return the share employed among all adults of migrant origin (settled keep their job)."""
    return over_everyone(s, s.flag(1), "employed")


def health_access_rate_all(s: MonthState) -> Values:
    """Return the share with primary care among all adults of migrant origin."""
    return over_everyone(s, s.flag(2), "health_access")


def integration_index_all(s: MonthState) -> Values:
    """Return the mean citizenisation index of all adults of migrant origin.

    The settled keep the index they had when they settled.
    """
    return over_everyone(s, s.integration, "integration")


def school_enrolment_rate_all(s: MonthState) -> Values:
    """Return the share in a public place among all school-age children of migrant origin."""
    return ratio(
        s.everyone(s.enrolled, "children_enrolled"),
        s.everyone(s.school_children, "school_children"),
    )


def policy_cost(s: MonthState) -> Values:
    """Return the yuan per month the policies cost (city-wide only; NaN by district).

    It is the sum of the parts of `model.costs` (the `cost_<part>` outcomes).
    """
    return np.full(N_DISTRICTS, np.nan), float(s.city.costs.sum())


def cost_part(part: int) -> Callable[[MonthState], Values]:
    """Return the outcome function of one part of the policy cost (`costs.COST_PARTS`)."""

    def compute(s: MonthState) -> Values:
        return np.full(N_DISTRICTS, np.nan), float(s.city.costs[part])

    return compute


@dataclass(frozen=True)
class Outcome:
    """One outcome: its name, unit and meaning, and the function that computes it.

    `compute` returns the outcome's values by district and for the city from a
    `MonthState`.
    """

    name: str
    unit: str
    description: str
    compute: Callable[[MonthState], Values]


OUTCOMES = (
    Outcome(
        "floating_stock",
        "persons",
        "migrants and accompanying children living in the city",
        floating_stock,
    ),
    Outcome("arrivals", "persons/month", "gross arrivals, with their children", arrivals),
    Outcome("departures", "persons/month", "return or onward migration", departures),
    Outcome(
        "hukou_settlements",
        "persons/month",
        "obtained local hukou, leaving the floating population",
        hukou_settlements,
    ),
    Outcome(
        "registration_coverage", "share", "registered residence or a permit", registration_coverage
    ),
    Outcome(
        "residence_permit_coverage",
        "share",
        "holding a residence permit",
        residence_permit_coverage,
    ),
    Outcome("permit_holders", "persons", "adults holding a residence permit", permit_holders),
    Outcome("employment_rate", "share", "employed migrants", employment_rate),
    Outcome("mean_wage", "yuan/month (2020 prices)", "mean wage of the employed", mean_wage),
    Outcome(
        "mean_rent",
        "yuan/month (2020 prices)",
        "mean housing cost per migrant: rent, or an owner's mortgage and upkeep",
        mean_rent,
    ),
    Outcome(
        "rent_burden",
        "share of income",
        "housing costs over incomes (wages, or the income of the jobless)",
        rent_burden,
    ),
    Outcome(
        "informal_housing_share",
        "share",
        "living in urban-village or shared rental",
        informal_housing_share,
    ),
    Outcome(
        "dormitory_share",
        "share",
        "living in employer dormitories or work-site housing",
        dormitory_share,
    ),
    Outcome(
        "crowding", "occupants/capacity", "informal rental occupancy over its capacity", crowding
    ),
    Outcome(
        "school_enrolment_rate",
        "share of school-age children",
        "migrant children holding a public school place",
        school_enrolment_rate,
    ),
    Outcome("health_access_rate", "share", "with primary health care access", health_access_rate),
    Outcome(
        "social_insurance_coverage",
        "share",
        "enrolled in social insurance",
        social_insurance_coverage,
    ),
    Outcome(
        "service_pressure",
        "demand/capacity",
        "mean over school, health, employment and community services",
        service_pressure,
    ),
    Outcome("integration_index", "index 0-1", "mean citizenisation index", integration_index),
    Outcome(
        "settlement_willingness",
        "share",
        "willing to transfer their hukou here (expected share)",
        settlement_willingness,
    ),
    Outcome(
        "mean_years_in_city",
        "years",
        "time spent in the city so far by those living here",
        mean_years_in_city,
    ),
    Outcome(
        "registered_population",
        "persons",
        "residents with local hukou (accounting)",
        registered_population,
    ),
    Outcome(
        "resident_population",
        "persons",
        "registered plus floating (as a census counts)",
        resident_population,
    ),
    Outcome(
        "policy_cost", "yuan/month", "public cost of the policies in force (2020 yuan)", policy_cost
    ),
    *(
        Outcome(f"cost_{part}", "yuan/month", f"policy cost: {part} (2020 yuan)", cost_part(i))
        for i, part in enumerate(COST_PARTS)
    ),
    Outcome(
        "settled_total",
        "persons",
        "migrants (with children) who obtained hukou since the start, living in the city",
        settled_total,
    ),
    Outcome(
        "migrant_origin_population",
        "persons",
        "floating population plus those settled since the start",
        migrant_origin_population,
    ),
    Outcome(
        "employment_rate_all",
        "share",
        "employed, over all adults of migrant origin (floating and settled)",
        employment_rate_all,
    ),
    Outcome(
        "health_access_rate_all",
        "share",
        "with primary care, over all adults of migrant origin",
        health_access_rate_all,
    ),
    Outcome(
        "integration_index_all",
        "index 0-1",
        "mean citizenisation index, over all adults of migrant origin",
        integration_index_all,
    ),
    Outcome(
        "school_enrolment_rate_all",
        "share of school-age children",
        "in a public school place, over all school-age children of migrant origin",
        school_enrolment_rate_all,
    ),
)
OUTCOME_NAMES = tuple(o.name for o in OUTCOMES)


def compute_outcomes(state: MonthState) -> np.ndarray:
    """Return [outcome, district + city] values for one month (the city in the last column)."""
    values = np.empty((len(OUTCOMES), N_DISTRICTS + 1))
    for i, outcome in enumerate(OUTCOMES):
        by_district, city = outcome.compute(state)
        values[i, :N_DISTRICTS] = by_district
        values[i, N_DISTRICTS] = city
    return values


OUTCOME_INDEX = {name: i for i, name in enumerate(OUTCOME_NAMES)}


def outcome_index(name: str) -> int:
    """Return the row of outcome `name` in a month's values.

    Raises
    ------
    KeyError
        For an unknown name, listing the outcomes.
    """
    try:
        return OUTCOME_INDEX[name]
    except KeyError:
        raise KeyError(f"no outcome {name!r}; outcomes: {', '.join(OUTCOME_NAMES)}") from None


class OutcomeRecords:
    """Every month's outcome values so far, [month][outcome, district + city].

    Month 0 is the start month (the initial state); each step adds one.
    """

    def __init__(self, start_month: int):
        self.start_month = start_month  # months since year 0 (`scenarios.calendar`)
        self.months: list[np.ndarray] = []

    def __len__(self) -> int:
        """Return the number of months recorded."""
        return len(self.months)

    def append(self, values: np.ndarray) -> None:
        """Add a month's values, [outcome, district + city] (`compute_outcomes`)."""
        self.months.append(values)

    def latest(self, outcome: str, place: str | None = None) -> pd.Series | float:
        """Return the last month's value of `outcome`.

        Parameters
        ----------
        outcome : str
            An outcome's name.
        place : str, optional
            A district or ``all`` (the city).

        Returns
        -------
        pd.Series or float
            The value by place (the districts and ``all``) as a Series, or at one
            `place` as a number.
        """
        values = self.months[-1][outcome_index(outcome)]
        if place is None:
            return pd.Series(values, index=PLACES, name=outcome)
        return float(values[PLACES.index(place)])

    def city(self, outcome: str) -> np.ndarray:
        """Return the city-wide values of `outcome`, one per month."""
        i = outcome_index(outcome)
        return np.array([values[i, N_DISTRICTS] for values in self.months])

    def frame(self) -> pd.DataFrame:
        """Return tidy outcomes: date, district (``all`` for the city), outcome, value."""
        values = np.stack(self.months)  # [month, outcome, district + city]
        dates = [month_label(self.start_month + t) for t in range(len(self.months))]
        index = pd.MultiIndex.from_product(
            [dates, OUTCOME_NAMES, PLACES], names=["date", "outcome", "district"]
        )
        frame = pd.DataFrame({"value": values.ravel()}, index=index).reset_index()
        return frame[["date", "district", "outcome", "value"]]
