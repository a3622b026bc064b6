"""Housing: a multinomial-logit choice over district x tenure, rationed by capacity.

Alternative a = district * N_TENURES + tenure. Utility (per chooser, per alternative):
    b_rent x rent/income + b_commute x commute(job district, home) + b_service x access
    + b_net x log(1 + share of the chooser's origin group living there)
    + b_stay x [current home] + tenure constant + b_crowd x informal overcrowding.
Alternatives a chooser is not eligible for (a dormitory without such a job, public
rental below the required status, a purchase they cannot afford) are excluded. Each
chooser keeps one Gumbel draw: those turned away by the lottery take their next best
alternative that still has room; after a few rounds the rest go to informal rental,
which is never refused (it crowds instead).
"""

from dataclasses import dataclass

import numpy as np

from floatpop.model.city import CityState
from floatpop.model.codes import N_DISTRICTS, N_TENURES, Origin, Tenure
from floatpop.model.migrants import Migrants
from floatpop.model.rules import rents
from floatpop.model.rules.choice import draw_rows, gumbel, lottery
from floatpop.scenarios import Scenario

N_ALTERNATIVES = N_DISTRICTS * N_TENURES


def occupancy(m: Migrants) -> np.ndarray:
    """Return agents housed by [district, tenure]."""
    key = m.district.astype(np.int64) * N_TENURES + m.tenure
    return np.bincount(key, minlength=N_ALTERNATIVES).reshape(N_DISTRICTS, N_TENURES)


def informal_crowding(m: Migrants, city: CityState) -> np.ndarray:
    """Return informal rental occupants over its capacity, by district (1 = full)."""
    informal = m.by_district(m.tenure == Tenure.INFORMAL_RENTAL)
    return informal / np.maximum(city.housing_capacity[:, Tenure.INFORMAL_RENTAL], 1.0)


def who_chooses(
    m: Migrants, hired: np.ndarray, scenario: Scenario, rng: np.random.Generator
) -> np.ndarray:
    """Return the mask of who chooses a home this month.

    They are the arrivals, the newly hired (`hired`), those who lost a dormitory bed, and
    a random share (`p_reconsider`).
    """
    lost_dorm = (m.tenure == Tenure.DORMITORY) & ~m.dorm_job
    who = (m.months_in_city == 0) | hired | lost_dorm
    who[draw_rows(scenario.housing.p_reconsider, len(m), rng)] = True
    return who


@dataclass(frozen=True)
class Market:
    """What choosers see of the housing market this month (last month's state)."""

    rent: np.ndarray  # [district, tenure], yuan/month
    informal_crowding: np.ndarray  # [district], informal occupants / capacity
    origin_share: np.ndarray  # [origin, district], where each origin group lives
    access: np.ndarray  # [service (school, health), district], chance of being served
    mean_wage: float


def market(m: Migrants, city: CityState, housed: np.ndarray | None = None) -> Market:
    """Return the market choosers see; pass `housed` (occupancy by [district, tenure]) if known."""
    housed = occupancy(m) if housed is None else housed
    crowding = housed[:, Tenure.INFORMAL_RENTAL] / np.maximum(
        city.housing_capacity[:, Tenure.INFORMAL_RENTAL], 1.0
    )
    return Market(city.rent_in_force(), crowding, origin_shares(m), city.access, city.mean_wage)


def origin_shares(m: Migrants) -> np.ndarray:
    """Return where each origin group lives: its agents' shares by [origin, district]."""
    key = m.origin.astype(np.intp) * N_DISTRICTS + m.district
    counts = np.bincount(key, minlength=len(Origin) * N_DISTRICTS).reshape(len(Origin), -1)
    return counts / np.maximum(counts.sum(axis=1, keepdims=True), 1.0)


def service_term(c: Migrants, city: CityState, access: np.ndarray) -> np.ndarray:
    """Return entitled access to services by district, [chooser, district], in [0, 2].

    It is a school place (parents entitled by status) plus primary care (entitled by
    status or insurance), each weighted by last month's chance of getting one there.
    """
    school = (c.school_children > 0) & (c.status >= city.levers.school_min_status)
    health = (c.status >= city.levers.health_min_status) | c.insured
    # four kinds of chooser (school yes/no x health yes/no): look their row up
    table = np.stack([0 * access[0], access[1], access[0], access[0] + access[1]])
    return table[2 * school + health]


def utility(c: Migrants, mk: Market, city: CityState, scenario: Scenario) -> np.ndarray:
    """Return the systematic utility of the choosers `c` (a store of their rows).

    The utility is by [chooser, district, tenure], float32.
    """
    h = scenario.housing
    wage_if_unemployed = scenario.work.unemployed_income_share * mk.mean_wage
    income = np.maximum(np.where(c.employed, c.wage, wage_if_unemployed), 1.0)
    inv_income = (1.0 / income).astype(np.float32)
    rent_term = (h.beta_rent_burden * mk.rent).astype(np.float32)
    v = inv_income[:, None, None] * rent_term[None, :, :]
    by_district = (
        h.beta_commute * city.commute_minutes[c.job_district]
        + h.beta_service * service_term(c, city, mk.access)
        + h.beta_network * np.log1p(mk.origin_share)[c.origin]
    )
    v += by_district.astype(np.float32)[:, :, None]
    constant = np.array(
        [0.0, h.asc_informal, h.asc_dormitory, h.asc_public, h.asc_owned]
    ) * np.ones((N_DISTRICTS, 1))
    constant[:, Tenure.INFORMAL_RENTAL] += h.beta_crowding * np.maximum(
        mk.informal_crowding - 1.0, 0.0
    )
    v += constant.astype(np.float32)[None, :, :]
    settled = np.flatnonzero(c.months_in_city > 0)
    v[settled, c.district[settled], c.tenure[settled]] += np.float32(h.beta_stay)
    return v


def eligibility(c: Migrants, city: CityState, mk: Market, scenario: Scenario) -> np.ndarray:
    """Return which alternatives each chooser may take, [chooser, district, tenure]."""
    h = scenario.housing
    ok = np.ones((len(c), N_DISTRICTS, N_TENURES), dtype=bool)
    ok[:, :, Tenure.DORMITORY] = False
    rows = np.flatnonzero(c.dorm_job)
    ok[rows, c.job_district[rows], Tenure.DORMITORY] = True
    ok[:, :, Tenure.PUBLIC_RENTAL] = (c.status >= city.levers.public_min_status)[:, None]
    can_buy = (
        (c.wage >= h.owned_min_wage_ratio * mk.mean_wage) & (c.months_in_city >= h.owned_min_months)
    ) | (c.tenure == Tenure.OWNED)
    ok[:, :, Tenure.OWNED] = can_buy[:, None]
    return ok


def room_left(housed: np.ndarray, choosers: Migrants, city: CityState) -> np.ndarray:
    """Return the places free to the choosers by alternative.

    They are the capacity in force less the places of those who keep theirs (all housed
    less the choosers, who give theirs up); informal rental and purchase never run out.
    """
    kept = housed - occupancy(choosers)
    room = (city.housing_capacity_in_force() - kept).ravel().astype(float)
    room[Tenure.INFORMAL_RENTAL :: N_TENURES] = np.inf
    room[Tenure.OWNED :: N_TENURES] = np.inf
    return room


def preferences(
    choosers: Migrants, mk: Market, city: CityState, scenario: Scenario, rng: np.random.Generator
) -> np.ndarray:
    """Draw each chooser's total utility (systematic + one Gumbel draw) by alternative.

    The utility is by [chooser, alternative], -inf where not eligible.
    """
    total = utility(choosers, mk, city, scenario).reshape(len(choosers), N_ALTERNATIVES)
    total += gumbel(total.shape, rng)  # one draw each: later rounds take the next best
    total[~eligibility(choosers, city, mk, scenario).reshape(total.shape)] = -np.inf
    return total


def allocate(
    total: np.ndarray, room: np.ndarray, rounds: int, rng: np.random.Generator
) -> np.ndarray:
    """Return the alternative placed for each chooser (-1: none), in `rounds` rounds.

    In each round every chooser asks for its best alternative with room; a lottery
    rations the full ones; the refused ask again. Consumes `total` and `room`.

    Parameters
    ----------
    total : np.ndarray
        Total utility by [chooser, alternative] (`preferences`); overwritten.
    room : np.ndarray
        Places free by alternative (`room_left`); overwritten.
    rounds : int
        The most rounds to run.
    rng : np.random.Generator
        The run's random generator.

    Returns
    -------
    np.ndarray
        The alternative (district * N_TENURES + tenure) placed for each chooser, -1 for
        none.
    """
    placed = np.full(len(total), -1)
    pending = np.arange(len(total))
    for _ in range(rounds):
        # room only shrinks, so a full alternative is out of reach for good
        total[:, room < 1] = -np.inf
        options = total if len(pending) == len(total) else total[pending]
        choice = options.argmax(axis=1)
        choice[~np.isfinite(options[np.arange(len(pending)), choice])] = -1
        got = lottery(choice, room, rng)
        placed[pending[got]] = choice[got]
        room -= np.bincount(choice[got], minlength=len(room))
        refused = ~got & (choice >= 0)
        total[pending[refused], choice[refused]] = -np.inf
        pending = pending[refused]
        if len(pending) == 0:
            break
    return placed


def move(m: Migrants, rows: np.ndarray, placed: np.ndarray) -> bool | np.ndarray:
    """Move the rows into their placed alternatives and return who changed district.

    The unplaced rent informally where they live now. A school place stays in its
    district.

    Returns
    -------
    np.ndarray
        Mask over `rows` of those who changed district.
    """
    fallback = m.district[rows].astype(np.int64) * N_TENURES + Tenure.INFORMAL_RENTAL
    placed = np.where(placed < 0, fallback, placed)
    new_district = (placed // N_TENURES).astype(np.int8)
    moved = new_district != m.district[rows]
    m.set("children_enrolled", 0, rows[moved])
    m.set("district", new_district, rows)
    m.set("tenure", (placed % N_TENURES).astype(np.int8), rows)
    return moved


def choose_housing(
    m: Migrants, who: np.ndarray, city: CityState, scenario: Scenario, rng: np.random.Generator
) -> int:
    """Re-house the choosers in `who` under capacity; return how many changed district."""
    idx = np.flatnonzero(who)
    if len(idx) == 0:
        return 0
    housed = occupancy(m)
    mk = market(m, city, housed)
    choosers = m.select(idx)
    total = preferences(choosers, mk, city, scenario, rng)
    room = room_left(housed, choosers, city)
    placed = allocate(total, room, scenario.housing.allocation_rounds, rng)
    return int(move(m, idx, placed).sum())


def clear_market(m: Migrants, city: CityState, scenario: Scenario) -> None:
    """Move the market rents toward clearing and capacity toward supply, for a month.

    Private and informal rental clear by `rules.rents`; demolition by the month's
    redevelopment takes informal stock first; supply never falls below the units
    occupied (demolition aside); dormitory, public and owned housing are then priced
    off the private rent.
    """
    demolished = city.redevelopment[city.month]
    for array in (city.housing_capacity, city.trend_capacity):
        array[:, Tenure.INFORMAL_RENTAL] *= 1 - demolished
    occupied = occupancy(m)
    reference = rents.reference_rent(city.base_rent, city.wage_index, scenario)
    build = (1 + scenario.housing.private_construction_per_year) ** (1 / 12)
    city.trend_capacity[:, Tenure.PRIVATE_RENTAL] *= build
    for t in rents.MARKET:
        clearing = rents.clearing_rent(
            occupied[:, t], city.housing_capacity[:, t], reference[:, t], scenario
        )
        city.rent[:, t] = rents.adjust_rent(city.rent[:, t], clearing, scenario)
        target = rents.supply_target(
            city.trend_capacity[:, t], city.rent[:, t], reference[:, t], scenario
        )
        # supply shrinks by its empty units only: no tenant loses a home to a falling
        # rent (demolition, above, is what displaces)
        floor = np.minimum(occupied[:, t], city.housing_capacity[:, t])
        city.housing_capacity[:, t] = np.maximum(
            rents.adjust_capacity(city.housing_capacity[:, t], target, scenario), floor
        )
    rents.price_off_private(city.rent, scenario)
