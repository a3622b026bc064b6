"""Housing: a multinomial-logit choice over district x tenure, rationed by capacity.

Alternative a = district * N_TENURES + tenure. Utility (per chooser, per alternative):
    b_rent x rent/income + b_commute x commute(job district, home) + b_service x access
    + b_net x log(1 + share of the chooser's origin group living there)
    + b_stay x [current home] + tenure constant + b_crowd x informal overcrowding.
Alternatives a chooser is not eligible for (a dormitory without such a job, public
rental below the required status, a purchase they cannot afford) are excluded. Each
chooser keeps one Gumbel draw: those turned away by the lottery take their next best
alternative; after a few rounds the rest go to informal rental, which is never
refused (it crowds instead).
"""

import numpy as np

from model.city import CityState
from model.codes import N_DISTRICTS, N_TENURES, Origin, Tenure
from model.migrants import Migrants
from model.rules.choice import TINY, draw, lottery
from scenarios import Scenario

N_ALTERNATIVES = N_DISTRICTS * N_TENURES
ROUNDS = 3


def occupancy(m: Migrants, mask: np.ndarray | None = None) -> np.ndarray:
    """Agents housed by [district, tenure] (only the rows of `mask` if given)."""
    key = m.district.astype(np.int64) * N_TENURES + m.tenure
    if mask is not None:
        key = key[mask]
    return np.bincount(key, minlength=N_ALTERNATIVES).reshape(N_DISTRICTS, N_TENURES)


def who_chooses(
    m: Migrants, hired: np.ndarray, scenario: Scenario, rng: np.random.Generator
) -> np.ndarray:
    """Arrivals, the newly hired, those who lost a dormitory bed, and a random share."""
    lost_dorm = (m.tenure == Tenure.DORMITORY) & ~m.dorm_job
    return (
        (m.months_in_city == 0)
        | hired
        | lost_dorm
        | draw(scenario.housing.p_reconsider, rng, len(m))
    )


def service_term(m: Migrants, who: np.ndarray, city: CityState, access: np.ndarray) -> np.ndarray:
    """Entitled access to services by district, [chooser, district], in [0, 2]:
    a school place (parents entitled by status) plus primary care (entitled by status or
    insurance), each weighted by last month's chance of getting one there."""
    status = m.status[who]
    school = (m.children[who] > 0) & (status >= city.school_min_status)
    health = (status >= city.health_min_status) | m.insured[who]
    return school[:, None] * access[0][None, :] + health[:, None] * access[1][None, :]


def utility(
    m: Migrants, who: np.ndarray, city: CityState, access: np.ndarray, scenario: Scenario
) -> tuple[np.ndarray, np.ndarray]:
    """Systematic utility and eligibility, each [chooser, alternative]."""
    h = scenario.housing
    income = np.where(
        m.employed[who], m.wage[who], scenario.work.unemployed_income_share * city.mean_wage
    )
    income = np.maximum(income, 1.0)
    k = len(income)
    v = h.beta_rent_burden * city.rent.ravel()[None, :] / income[:, None]
    commute = city.commute_minutes[m.job_district[who]]  # [k, district]
    v += np.repeat(h.beta_commute * commute, N_TENURES, axis=1)
    v += np.repeat(h.beta_service * service_term(m, who, city, access), N_TENURES, axis=1)
    by_origin = np.stack(
        [np.bincount(m.district[m.origin == o], minlength=N_DISTRICTS) for o in Origin]
    ).astype(float)
    by_origin /= np.maximum(by_origin.sum(axis=1, keepdims=True), 1.0)
    v += np.repeat(h.beta_network * np.log1p(by_origin[m.origin[who]]), N_TENURES, axis=1)
    asc = np.array([0.0, h.asc_informal, h.asc_dormitory, h.asc_public, h.asc_owned])
    occupied = occupancy(m)
    crowding = occupied[:, Tenure.INFORMAL_RENTAL] / np.maximum(
        city.housing_capacity[:, Tenure.INFORMAL_RENTAL], 1.0
    )
    constant = np.tile(asc, N_DISTRICTS).reshape(N_DISTRICTS, N_TENURES).copy()
    constant[:, Tenure.INFORMAL_RENTAL] += h.beta_crowding * np.maximum(crowding - 1.0, 0.0)
    v += constant.ravel()[None, :]
    current = m.district[who].astype(np.int64) * N_TENURES + m.tenure[who]
    v[np.arange(k), current] += h.beta_stay * (m.months_in_city[who] > 0)
    return v, eligibility(m, who, city, scenario)


def eligibility(m: Migrants, who: np.ndarray, city: CityState, scenario: Scenario) -> np.ndarray:
    h = scenario.housing
    k = int(np.count_nonzero(who)) if who.dtype == bool else len(who)
    ok = np.ones((k, N_DISTRICTS, N_TENURES), dtype=bool)
    dorm = np.zeros((k, N_DISTRICTS), dtype=bool)
    rows = np.flatnonzero(m.dorm_job[who])
    dorm[rows, m.job_district[who][rows]] = True
    ok[:, :, Tenure.DORMITORY] = dorm
    ok[:, :, Tenure.PUBLIC_RENTAL] = (m.status[who] >= city.public_min_status)[:, None]
    can_buy = (
        (m.wage[who] >= h.owned_min_wage_ratio * city.mean_wage)
        & (m.months_in_city[who] >= h.owned_min_months)
    ) | (m.tenure[who] == Tenure.OWNED)
    ok[:, :, Tenure.OWNED] = can_buy[:, None]
    return ok.reshape(k, N_ALTERNATIVES)


def choose_housing(
    m: Migrants,
    who: np.ndarray,
    city: CityState,
    access: np.ndarray,
    scenario: Scenario,
    rng: np.random.Generator,
) -> int:
    """Re-house the choosers in `who` under capacity; returns how many changed district."""
    idx = np.flatnonzero(who)
    if len(idx) == 0:
        return 0
    v, ok = utility(m, who, city, access, scenario)
    u = rng.random(v.shape)
    np.maximum(u, TINY, out=u)
    total = v - np.log(-np.log(u))  # one Gumbel draw each: later rounds take the next best
    total[~ok] = -np.inf
    stayers = ~who  # choosers give up their current place; others keep theirs
    room = (city.housing_capacity - occupancy(m, stayers)).ravel().astype(float)
    room[Tenure.INFORMAL_RENTAL :: N_TENURES] = np.inf
    room[Tenure.OWNED :: N_TENURES] = np.inf
    placed = np.full(len(idx), -1)
    for _ in range(ROUNDS):
        pending = np.flatnonzero(placed < 0)
        if len(pending) == 0:
            break
        choice = total[pending].argmax(axis=1)
        choice[~np.isfinite(total[pending, choice])] = -1
        got = lottery(choice, room, rng)
        placed[pending[got]] = choice[got]
        np.subtract.at(room, choice[got], 1)
        refused = pending[~got & (choice >= 0)]
        total[refused, choice[~got & (choice >= 0)]] = -np.inf
    # whoever is still unplaced rents informally where they live now
    fallback = m.district[idx].astype(np.int64) * N_TENURES + Tenure.INFORMAL_RENTAL
    placed = np.where(placed < 0, fallback, placed)
    new_district = (placed // N_TENURES).astype(np.int8)
    moved = new_district != m.district[idx]
    m.set("children_enrolled", 0, idx[moved])  # a school place stays in its district
    m.set("district", new_district, idx)
    m.set("tenure", (placed % N_TENURES).astype(np.int8), idx)
    return int(moved.sum())


def adjust_rents(m: Migrants, city: CityState, scenario: Scenario) -> None:
    """Rents follow occupancy: rent x (occupied / (target x capacity)) ** eta, monthly,
    for private, informal and public rental; capacity grows with new supply."""
    h = scenario.housing
    occupied = occupancy(m)
    for tenure in (Tenure.PRIVATE_RENTAL, Tenure.INFORMAL_RENTAL, Tenure.PUBLIC_RENTAL):
        cap = city.housing_capacity[:, tenure]
        ratio = np.where(
            cap > 0, occupied[:, tenure] / np.maximum(h.target_occupancy * cap, 1e-9), 1.0
        )
        city.rent[:, tenure] *= np.clip(ratio, 0.5, 2.0) ** h.rent_elasticity
    growth = (1 + h.supply_growth_per_year) ** (1 / 12)
    for tenure in (Tenure.PRIVATE_RENTAL, Tenure.INFORMAL_RENTAL):
        city.housing_capacity[:, tenure] *= growth
