"""Attraction: the logsum a newcomer faces, and the arrivals a policy's pull induces.

A run paired with a reference run takes the reference's arrivals A_ref and multiplies
them by exp(eps x (L - L_ref)), where L is the newcomer logsum in the run and L_ref the
reference's, each a trailing mean over the last `memory_months` (docs/ODD.md §7.11).
L is the expected best utility of a fixed set of newcomer profiles (drawn once per run
from their own stream):

    L = mean_i [ sum_c pi_c LS_ic + V_h P_i ]
    LS_ic = log sum_d exp( U_o(i)d + log sum_(h,k) exp(v_ic(job d; home h, tenure k)) )

- U_od is the landing logit's utility of district d (`arrivals.landing_utility`: open
  jobs and the origin network), the upper nest: where the newcomer looks for work;
- v is the housing choice's utility (`housing.utility`: rent burden at the city's mean
  wage, commute from the job district, entitled access to school and primary care,
  network, tenure constants, crowding) over the alternatives the newcomer may take and
  that have room;
- c runs over the entitlement classes (status x insured), weighted by the classes of
  the recent newcomers (those 1 to `memory_months` months in the city);
- P_i is the chance of settling (local hukou) within the horizon, by the routes in force
  (`settlement_prospect`), and V_h its value in utility.

The logsum draws no random numbers, so it never moves the run's other draws.
"""

from dataclasses import dataclass

import numpy as np

from floatpop.model.city import CityState
from floatpop.model.codes import N_DISTRICTS, Education, Origin, Status, Tenure
from floatpop.model.migrants import Migrants
from floatpop.model.population import draw_people
from floatpop.model.rules import housing, registration
from floatpop.scenarios import Scenario

#: newcomer profiles the logsum averages over: enough that their sampling error (common to
#: paired runs, which draw the same profiles) is small against policy differences
N_PROFILES = 256
#: entitlement classes: status (unregistered, registered, permit) x insured (no, yes)
N_CLASSES = len(Status) * 2
#: what the housing utility reads of a profile: origin x school-age children (no, yes)
N_TYPES = len(Origin) * 2


@dataclass(frozen=True)
class Newcomers:
    """The newcomer profiles a run's logsum is taken over.

    `profiles` has one row per profile and `kind` its type (origin x school-age
    children), all the housing utility reads of it at the city's mean wage. `choosers`
    has one row per [type, class, job district]: employed in that job district with the
    class's status and insurance, housed nowhere yet.
    """

    profiles: Migrants
    kind: np.ndarray
    choosers: Migrants


def newcomer_profiles(scenario: Scenario, rng: np.random.Generator) -> Newcomers:
    """Draw the run's newcomer profiles (`N_PROFILES`) from the migrant profile."""
    profiles = Migrants(draw_people(N_PROFILES, scenario, rng))
    kind = profiles.origin.astype(np.intp) * 2 + (profiles.school_children > 0)
    row = np.arange(N_TYPES * N_CLASSES * N_DISTRICTS)
    of_type, entitlement = row // (N_CLASSES * N_DISTRICTS), row // N_DISTRICTS % N_CLASSES
    job = row % N_DISTRICTS
    choosers = Migrants(
        {
            "origin": of_type // 2,
            "children": of_type % 2,
            "school_children": of_type % 2,
            "status": entitlement // 2,
            "insured": entitlement % 2 == 1,
            "employed": np.ones(len(row), dtype=bool),
            "job_district": job,
            "district": job,
            "tenure": np.full(len(row), Tenure.INFORMAL_RENTAL),
        }
    )
    return Newcomers(profiles, kind, choosers)


def recent_classes(m: Migrants, scenario: Scenario) -> np.ndarray:
    """Return the shares of recent newcomers by entitlement class (status x insured).

    Recent: 1 to `memory_months` months in the city. With no such newcomers, every share
    is on the first class (unregistered, uninsured).
    """
    memory = scenario.attraction.memory_months
    recent = np.flatnonzero((m.months_in_city >= 1) & (m.months_in_city <= memory))
    key = m.status[recent] * np.int8(2) + m.insured[recent]
    counts = np.bincount(key, minlength=N_CLASSES).astype(float)
    if counts.sum() == 0:
        counts[0] = 1.0
    return counts / counts.sum()


def logsumexp(v: np.ndarray, axis: int, where: np.ndarray | None = None) -> np.ndarray:
    """Return log sum exp of `v` along `axis`, over the entries `where` is True (all).

    The entries are shifted by their largest along `axis`, so none overflows.
    """
    top = np.max(v, axis=axis, keepdims=True)
    e = np.exp(v - top)
    if where is not None:
        e *= where
    return np.log(e.sum(axis=axis)) + np.squeeze(top, axis=axis)


def housing_logsum(
    newcomers: Newcomers,
    mk: housing.Market,
    housed: np.ndarray,
    city: CityState,
    scenario: Scenario,
) -> np.ndarray:
    """Return the housing logsum of each chooser row, by [type, class, job district].

    `mk` is the market choosers see this month (`housing.market`), `housed` the
    occupancy it was taken from (`housing.occupancy`). Alternatives count where the
    newcomer is eligible and a place is free (informal rental is never full).
    """
    c = newcomers.choosers
    c.set("wage", mk.mean_wage)
    v = housing.utility(c, mk, city, scenario)
    free = housing.room_left(housed, Migrants(), city).reshape(N_DISTRICTS, -1) >= 1
    open_to = housing.eligibility(c, city, mk, scenario) & free[None]
    flat = (len(c), -1)
    nest = logsumexp(v.reshape(flat).astype(np.float64), 1, open_to.reshape(flat))
    return nest.reshape(N_TYPES, N_CLASSES, N_DISTRICTS)


def settlement_prospect(
    profiles: Migrants, classes: np.ndarray, m: Migrants, city: CityState, scenario: Scenario
) -> np.ndarray:
    """Return each profile's chance of settling within the horizon, by the routes in force.

    P = 1 - (1 - q)^max(0, H - w): q is the monthly settlement chance once eligible
    (p_apply x willingness, at half the horizon in the city and the migrants' mean
    integration), H the horizon and w the months until the earliest route is met
    (`classes`: the recent newcomers by entitlement class, `recent_classes`):
    0 by education, `family_route_months` for parents by the family route, the
    insurance months required over the share of recent newcomers insured by the
    insurance route; where a permit is required, w is at least the expected wait for
    one (registration, the months required, the permit's take-up). The home route is
    left out: newcomers rarely buy.
    """
    lv, horizon = city.levers, scenario.attraction.horizon_months
    n = len(profiles)
    wait = np.full(n, np.inf)
    if lv.route_education:
        wait[profiles.education >= Education.SENIOR_HIGH] = 0.0
    if lv.route_family:
        wait = np.where(profiles.children > 0, np.minimum(wait, lv.family_route_months), wait)
    if lv.route_insurance:
        insured = classes.reshape(-1, 2)[:, 1].sum()
        if insured > 0:
            wait = np.minimum(wait, lv.min_insured_months / insured)
    if lv.requires_permit:
        if not lv.permit_available:
            return np.zeros(n)
        parent = (profiles.school_children > 0).astype(np.intp)
        both = np.array([False, True])
        take_up = [
            registration.take_up_probability(
                registration.unlocked_benefits(both, city, scenario, level), lv, scenario
            )[parent]
            for level in (Status.REGISTERED, Status.PERMIT)
        ]
        permit_wait = 1 / take_up[0] + lv.permit_min_months + 1 / take_up[1]
        wait = np.maximum(wait, permit_wait)
    profiles.set("months_in_city", horizon // 2)
    profiles.set("integration", float(m.integration.mean()) if len(m) else 0.0)
    q = lv.p_apply * registration.willingness(profiles, scenario).astype(np.float64)
    months = np.clip(horizon - wait, 0.0, None)
    return 1.0 - (1.0 - q) ** months


def newcomer_logsum(
    newcomers: Newcomers,
    landing_utility: np.ndarray,
    mk: housing.Market,
    housed: np.ndarray,
    m: Migrants,
    city: CityState,
    scenario: Scenario,
) -> float:
    """Return L, the expected best utility a newcomer faces this month (module docstring).

    `landing_utility` is the landing logit's utility by [origin, district]; `mk` and
    `housed` are this month's market and occupancy (`housing_logsum`).
    """
    nest = housing_logsum(newcomers, mk, housed, city, scenario)
    origin = np.arange(N_TYPES) // 2
    by_class = logsumexp(nest + landing_utility[origin][:, None, :], axis=2)
    classes = recent_classes(m, scenario)
    prospect = settlement_prospect(newcomers.profiles, classes, m, city, scenario)
    expected = (by_class @ classes)[newcomers.kind]
    return float(np.mean(expected + scenario.attraction.settlement_value * prospect))


def remembered(logsum: np.ndarray, month: int, memory: int) -> float:
    """Return the mean of `logsum` over the `memory` months up to `month` (fewer at first)."""
    return float(np.mean(logsum[max(0, month - memory + 1) : month + 1]))


def induced_factor(
    logsum: np.ndarray, reference_logsum: np.ndarray, month: int, scenario: Scenario
) -> float:
    """Return month `month`'s arrivals multiplier, exp(eps x (L - L_ref)).

    L and L_ref are the trailing means over `memory_months` of the run's and the
    reference's logsum; the multiplier is exactly 1 when eps is 0.
    """
    a = scenario.attraction
    gap = remembered(logsum, month, a.memory_months) - remembered(
        reference_logsum, month, a.memory_months
    )
    return float(np.exp(a.eps * gap))
