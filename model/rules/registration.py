"""Registration and hukou settlement.

Status moves one step at a time, unregistered -> registered residence -> residence
permit; local hukou (settlement) takes the migrant out of the floating population.
Monthly take-up is a logit of the benefit the next status unlocks against the hassle.
"""

import numpy as np

from floatpop.model.city import CityState
from floatpop.model.codes import Education, Status, Tenure
from floatpop.model.levers import Levers
from floatpop.model.migrants import Migrants
from floatpop.model.rules.ageing import COUNTER_MAX
from floatpop.model.rules.choice import draw, draw_rows, logistic
from floatpop.scenarios import Scenario


def unlocked_benefits(
    has_children: np.ndarray, city: CityState, scenario: Scenario, level: Status
) -> np.ndarray:
    """Return the services a migrant gains by reaching status `level`.

    School counts for parents (`has_children`); registering also counts its compulsory
    benefit and, at the `foresight` weight, what the permit after it would unlock; a
    permit counts the settlement path it opens.
    """
    lv, r = city.levers, scenario.registration
    gain = has_children * (lv.school_min_status == level) * r.benefit_school
    gain += lv.health_min_status == level
    gain += lv.public_min_status == level
    if level == Status.REGISTERED:
        gain += r.benefit_compulsory
        gain += r.foresight * unlocked_benefits(has_children, city, scenario, Status.PERMIT)
    if level == Status.PERMIT and lv.requires_permit:
        gain += r.benefit_settlement_path
    return gain


#: tenures that come with a lease (or a deed), by tenure code
LEASED = (Tenure.PRIVATE_RENTAL, Tenure.PUBLIC_RENTAL, Tenure.OWNED)
HAS_LEASE = np.isin(np.arange(len(Tenure)), LEASED)


def permit_conditions(m: Migrants, levers: Levers) -> np.ndarray:
    """Return the mask of migrants who may apply for a permit.

    They are registered long enough, with a job or a lease (the conditions of the 2011
    rules), while permits are issued.
    """
    allowed = np.zeros(len(m), dtype=bool)
    if not levers.permit_available:
        return allowed
    waited = (m.status == Status.REGISTERED) & (m.months_in_status >= levers.permit_min_months)
    rows = np.flatnonzero(waited)  # the job-or-lease test only where it can matter
    allowed[rows] = m.employed[rows] | HAS_LEASE[m.tenure[rows]]
    return allowed


def take_up_probability(benefit: np.ndarray, levers: Levers, scenario: Scenario) -> np.ndarray:
    """Return the monthly take-up of the next status, a logit of `benefit` against the hassle.

    logistic(intercept + beta_benefit x benefit - hassle cost + registration outreach).
    """
    r = scenario.registration
    return logistic(
        r.intercept + r.beta_benefit * benefit - levers.hassle_cost + levers.registration_outreach
    )


def register(m: Migrants, city: CityState, scenario: Scenario, rng: np.random.Generator) -> None:
    """Advance registration status by one step where the migrant applies."""
    levers = city.levers
    # take-up depends on the next status and on having school-age children: a 2 x 2 table
    both = np.array([False, True])
    table = np.stack(
        [
            take_up_probability(unlocked_benefits(both, city, scenario, level), levers, scenario)
            for level in (Status.REGISTERED, Status.PERMIT)
        ]
    )
    parents = m.school_children > 0
    groups = ((Status.UNREGISTERED, m.status == Status.UNREGISTERED),)
    groups += ((Status.REGISTERED, permit_conditions(m, levers)),)
    moves = []
    for status, group in groups:
        for parent, cell in ((True, group & parents), (False, group & ~parents)):
            # take-up is rare: draw each cell's movers as a count, then rows (`draw_rows`)
            rows = np.flatnonzero(cell)
            moves.append(rows[draw_rows(table[status, int(parent)], len(rows), rng)])
    moves = np.concatenate(moves)
    m.months_in_status += m.months_in_status < COUNTER_MAX
    m.set("status", m.status[moves] + 1, moves)
    m.set("months_in_status", 0, moves)


def initial_status(
    m: Migrants,
    city: CityState,
    scenario: Scenario,
    rng: np.random.Generator,
    permit_months: int,
) -> None:
    """Draw the status of the migrants at the start from the take-up process itself.

    Each migrant has spent `months_in_city` under this month's levers: registration
    after a geometric wait with the monthly take-up of `register`; then, for those
    with a job or a lease, a permit after `permit_min_months` and a second geometric
    wait, within the `permit_months` the permit has existed. So the start sits where
    the process would have brought it, and coverage does not jump in the first months.
    """
    levers = city.levers
    parents = (m.school_children > 0).astype(np.intp)
    both = np.array([False, True])
    p_register = take_up_probability(
        unlocked_benefits(both, city, scenario, Status.REGISTERED), levers, scenario
    )[parents]
    months = m.months_in_city.astype(np.int64)
    wait = rng.geometric(p_register)
    status = np.where(wait <= months, Status.REGISTERED, Status.UNREGISTERED).astype(np.int8)
    in_status = np.where(wait <= months, months - wait, months)
    if levers.permit_available:
        p_permit = take_up_probability(
            unlocked_benefits(both, city, scenario, Status.PERMIT), levers, scenario
        )[parents]
        window = np.minimum(months - wait, permit_months) - levers.permit_min_months
        wait_permit = rng.geometric(p_permit)
        conditions = m.employed | HAS_LEASE[m.tenure]
        permit = (status == Status.REGISTERED) & conditions & (wait_permit <= window)
        status[permit] = Status.PERMIT
        in_status[permit] = (window - wait_permit)[permit]
    m.set("status", status)
    m.set("months_in_status", np.minimum(in_status, COUNTER_MAX))


def settlement_eligible(m: Migrants, levers: Levers) -> np.ndarray:
    """Return the mask of migrants meeting a settlement route in force.

    The routes are education, insurance, home and family; where settlement requires a
    permit, only permit holders qualify.
    """
    s = levers
    eligible = np.zeros(len(m), dtype=bool)
    if s.route_education:
        eligible |= m.education >= Education.SENIOR_HIGH
    if s.route_insurance:
        eligible |= (m.insured_months >= s.min_insured_months) & m.employed
    if s.route_housing:
        eligible |= m.tenure == Tenure.OWNED
    if s.route_family:
        eligible |= (m.children > 0) & (m.months_in_city >= s.family_route_months)
    if s.requires_permit and eligible.any():
        eligible &= m.status == Status.PERMIT
    return eligible


def willingness(m: Migrants, scenario: Scenario, rows: np.ndarray | slice = slice(None)):
    """Return the probability of being willing to transfer hukou here (CMDS 2016: about 30%).

    It is computed in float32 for the migrants in `rows` (all by default).
    """
    s = scenario.settlement
    f32 = np.float32  # as the integration index: half the memory traffic of float64
    return logistic(
        f32(s.willingness_intercept)
        + f32(s.beta_integration) * m.integration[rows]
        + f32(s.beta_years / 12) * m.months_in_city[rows]
        + f32(s.beta_family) * (m.children[rows] > 0)
    )


def settle(m: Migrants, levers: Levers, scenario: Scenario, rng: np.random.Generator) -> np.ndarray:
    """Draw the mask of migrants who obtain local hukou this month."""
    eligible = np.flatnonzero(settlement_eligible(m, levers))
    p = levers.p_apply * willingness(m, scenario, eligible)
    settled = np.zeros(len(m), dtype=bool)
    settled[eligible[draw(p, rng)]] = True
    return settled
