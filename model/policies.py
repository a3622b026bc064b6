"""How each kind of policy acts on the levers, at a share of its full force.

`act(policy, levers, share, context)` is called every month for each policy in force,
on levers freshly rebuilt from the scenario: a policy's effect is a function of its
ramp share, never an accumulation. Each function changes only the levers its kind
declares in `LEVERS` (the conformance test holds every kind to that).
"""

from dataclasses import dataclass

import numpy as np

from floatpop.model.city import CityState
from floatpop.model.codes import DISTRICTS, Status, status_code
from floatpop.model.levers import Levers
from floatpop.model.migrants import Migrants
from floatpop.scenarios import policies as p
from floatpop.scenarios.calendar import month_index
from floatpop.scenarios.names import SERVICES

ACTS = {}


@dataclass(frozen=True)
class PolicyContext:
    """What policies size themselves on: the month's population and base capacities."""

    scale: float
    agents: float  # migrants (agents) in the city
    registered_agents: float
    permit_agents: float
    insured_agents: float
    initial_agents: float  # at the start of the run
    school_places: np.ndarray
    health_capacity: np.ndarray
    employment_service: np.ndarray
    community_places: np.ndarray

    @classmethod
    def of(
        cls,
        m: Migrants,
        city: CityState,
        scale: float,
        initial_agents: int,
    ) -> "PolicyContext":
        """Return this month's context: counts from the migrants, capacities of the city."""
        return cls(
            scale=scale,
            agents=len(m),
            registered_agents=float(np.count_nonzero(m.status >= Status.REGISTERED)),
            permit_agents=float(np.count_nonzero(m.status >= Status.PERMIT)),
            insured_agents=float(np.count_nonzero(m.insured)),
            initial_agents=initial_agents,
            school_places=city.school_places,
            health_capacity=city.health_capacity,
            employment_service=city.employment_service,
            community_places=city.community_places,
        )


def acts(cls):
    """Register the decorated function (in `ACTS`) as how policies of kind `cls` act."""

    def decorate(fn):
        ACTS[cls.kind] = fn
        return fn

    return decorate


def share_in_force(policy: p.Policy, month: int) -> float:
    """Return the share of its full force `policy` has at `month`.

    It is 0 before the start month, rising linearly to 1 over `ramp_months`; `month`
    counts months since year 0 (`scenarios.calendar.month_index`).
    """
    elapsed = month - month_index(policy.start)
    if elapsed < 0:
        return 0.0
    if policy.ramp_months == 0:
        return 1.0
    return min(1.0, (elapsed + 1) / policy.ramp_months)


def blend(old, new, share: float):
    """Return a numeric lever part of the way from its old value to the policy's."""
    return old + share * (new - old)


def switch(old, new, share: float):
    """Return a rule's (flag, status) value: it changes once the policy is half in force."""
    return new if share >= 0.5 else old


def district_mask(districts: str) -> np.ndarray:
    """Return 1.0 for each district listed in `districts`, 0.0 for the others.

    Parameters
    ----------
    districts : str
        ``all``, or district ids separated by ','.

    Raises
    ------
    ValueError
        For an unknown district.
    """
    if districts.strip() == "all":
        return np.ones(len(DISTRICTS))
    names = [d.strip() for d in districts.split(",")]
    unknown = set(names) - set(DISTRICTS)
    if unknown:
        raise ValueError(f"unknown districts {sorted(unknown)}; allowed: {', '.join(DISTRICTS)}")
    return np.array([d in names for d in DISTRICTS], dtype=float)


def act(policy: p.Policy, levers: Levers, share: float, ctx: PolicyContext) -> None:
    """Let `policy` act on `levers` at `share` of its full force (not at all at 0)."""
    if share > 0:
        ACTS[policy.kind](policy, levers, share, ctx)


@acts(p.ServiceFirst)
def service_first(pol: p.ServiceFirst, lv: Levers, share: float, ctx: PolicyContext) -> None:
    """Switch the statuses services require and blend the hassle cost.

    The cost is per registered migrant (in persons) per month.
    """
    lv.school_min_status = switch(lv.school_min_status, status_code(pol.school_min_status), share)
    lv.health_min_status = switch(lv.health_min_status, status_code(pol.health_min_status), share)
    lv.public_min_status = switch(lv.public_min_status, status_code(pol.public_min_status), share)
    lv.hassle_cost = blend(lv.hassle_cost, pol.hassle_cost, share)
    lv.administration_cost += (
        share * pol.cost_per_registered_yuan_month * ctx.registered_agents / ctx.scale
    )


@acts(p.CoGovernance)
def co_governance(pol: p.CoGovernance, lv: Levers, share: float, ctx: PolicyContext) -> None:
    """Add registration and participation outreach; the cost is per migrant per month."""
    lv.registration_outreach += share * pol.registration_outreach
    lv.participation_outreach += share * pol.participation_outreach
    lv.administration_cost += share * pol.cost_per_migrant_yuan_month * ctx.agents / ctx.scale


@acts(p.HukouReform)
def hukou_reform(pol: p.HukouReform, lv: Levers, share: float, ctx: PolicyContext) -> None:
    """Switch the settlement routes and the permit requirement; blend the thresholds.

    The insured months required (rounded) and the chance of applying are blended. The
    public cost of each person settled is counted by `model.costs`, under every policy.
    """
    for route in (
        "route_education",
        "route_insurance",
        "route_housing",
        "route_family",
        "requires_permit",
    ):
        setattr(lv, route, switch(getattr(lv, route), getattr(pol, route), share))
    lv.min_insured_months = round(blend(lv.min_insured_months, pol.min_insured_months, share))
    lv.p_apply = blend(lv.p_apply, pol.p_apply, share)


@acts(p.ResidencePermit)
def residence_permit(pol: p.ResidencePermit, lv: Levers, share: float, ctx: PolicyContext) -> None:
    """Switch the permit's availability and entitlements; blend its months registered.

    Each entitlement the policy grants (schooling, health care, public housing) lowers
    the status it requires to at most the permit. The cost is per permit holder per
    month.
    """
    lv.permit_available = switch(lv.permit_available, pol.available, share)
    lv.permit_min_months = round(blend(lv.permit_min_months, pol.permit_min_months, share))
    for flag, lever in (
        ("schooling", "school_min_status"),
        ("health_care", "health_min_status"),
        ("public_housing", "public_min_status"),
    ):
        if getattr(pol, flag):
            setattr(
                lv, lever, switch(getattr(lv, lever), min(getattr(lv, lever), Status.PERMIT), share)
            )
    lv.administration_cost += share * pol.cost_per_permit_yuan_month * ctx.permit_agents / ctx.scale


@acts(p.SocialSecurity)
def social_security(pol: p.SocialSecurity, lv: Levers, share: float, ctx: PolicyContext) -> None:
    """Blend employer compliance, portability and voluntary enrolment.

    The cost is the subsidy per insured migrant per month.
    """
    lv.employer_compliance = blend(lv.employer_compliance, pol.employer_compliance, share)
    lv.insurance_portability = blend(lv.insurance_portability, pol.insurance_portability, share)
    lv.p_voluntary_insurance = blend(lv.p_voluntary_insurance, pol.p_voluntary_insurance, share)
    lv.insurance_cost += share * pol.subsidy_yuan_month * ctx.insured_agents / ctx.scale


@acts(p.Participation)
def participation(pol: p.Participation, lv: Levers, share: float, ctx: PolicyContext) -> None:
    """Add participation outreach and community places (a share of the city's own).

    The places are costed by `model.costs`.
    """
    lv.participation_outreach += share * pol.participation_outreach
    added = share * pol.added_places_share * ctx.community_places
    lv.community_places = lv.community_places + added


#: the capacity lever of each service, in the order of `scenarios.names.SERVICES`
SERVICE_LEVER = dict(
    zip(
        SERVICES,
        ("school_places", "health_capacity", "employment_service", "community_places"),
        strict=True,
    )
)


@acts(p.ServiceExpansion)
def service_expansion(
    pol: p.ServiceExpansion, lv: Levers, share: float, ctx: PolicyContext
) -> None:
    """Add capacity to one service, a share of the city's own, in the districts listed.

    The places are costed by `model.costs` (capital and running).
    """
    lever = SERVICE_LEVER[pol.service]
    added = share * pol.added_share * getattr(ctx, lever) * district_mask(pol.districts)
    setattr(lv, lever, getattr(lv, lever) + added)


@acts(p.PublicHousing)
def public_housing(pol: p.PublicHousing, lv: Levers, share: float, ctx: PolicyContext) -> None:
    """Open public rental units to migrants; switch the status required, blend the rent.

    The units are a share of the agents at the start of the run. The units are costed
    by `model.costs` (capital and the rent forgone).
    """
    # units spread over districts in proportion to their migrants (the share of each
    # district in the city's employment-service places, which follow migrants)
    weights = ctx.employment_service / max(ctx.employment_service.sum(), 1e-12)
    added = share * pol.added_units_share * ctx.initial_agents * weights
    lv.public_units = lv.public_units + added
    lv.public_min_status = switch(lv.public_min_status, status_code(pol.min_status), share)
    lv.public_rent_factor = blend(lv.public_rent_factor, pol.rent_factor, share)


@acts(p.InformationPlatform)
def information_platform(
    pol: p.InformationPlatform, lv: Levers, share: float, ctx: PolicyContext
) -> None:
    """Lower the hassle cost (not below 0), raise job matching and service targeting.

    The cost is a fixed sum per month, at the share in force.
    """
    lv.hassle_cost = max(lv.hassle_cost - share * pol.hassle_reduction, 0.0)
    lv.matching_multiplier *= 1 + share * pol.matching_gain
    lv.targeting += share * pol.targeting_gain
    lv.administration_cost += share * pol.cost_yuan_month
