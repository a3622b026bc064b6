"""Levers: the rules, entitlements and capacities in force this month.

The scenario's parameters give their values before any policy; each month the model
rebuilds the levers from those values and lets every policy in force act on them, in
proportion to how far its ramp has gone (`model/policies.py`). Rules read levers, never
policies, so a policy can only change what a lever exposes.
"""

from dataclasses import dataclass, field

import numpy as np

from floatpop.model.codes import N_DISTRICTS, Status, status_code
from floatpop.scenarios import Scenario


def zeros() -> np.ndarray:
    """Return zero added capacity for every district."""
    return np.zeros(N_DISTRICTS)


@dataclass
class Levers:
    """Lever values in force (capacities are additions to the city's own, in agents)."""

    hassle_cost: float
    registration_outreach: float
    permit_available: bool
    permit_min_months: int
    school_min_status: Status
    health_min_status: Status
    public_min_status: Status
    route_education: bool
    route_insurance: bool
    route_housing: bool
    route_family: bool
    min_insured_months: int
    family_route_months: int
    requires_permit: bool
    p_apply: float
    employer_compliance: float
    insurance_portability: float
    p_voluntary_insurance: float
    participation_outreach: float
    matching_multiplier: float = 1.0
    targeting: float = 0.0  # share of school and health capacity freed by targeting
    public_rent_factor: float = 1.0  # public rental rent x this (a subsidy below 1)
    school_places: np.ndarray = field(default_factory=zeros)
    health_capacity: np.ndarray = field(default_factory=zeros)
    employment_service: np.ndarray = field(default_factory=zeros)
    community_places: np.ndarray = field(default_factory=zeros)
    public_units: np.ndarray = field(default_factory=zeros)
    administration_cost: float = 0.0  # yuan per month, what policies spend running
    insurance_cost: float = 0.0  # yuan per month, social-insurance subsidies

    @classmethod
    def from_scenario(cls, scenario: Scenario) -> "Levers":
        """Return the levers of `scenario` before any policy acts."""
        r, s, w = scenario.registration, scenario.settlement, scenario.work
        return cls(
            hassle_cost=r.hassle_cost,
            registration_outreach=r.outreach,
            permit_available=r.permit_available,
            permit_min_months=r.permit_min_months,
            school_min_status=status_code(r.school_min_status),
            health_min_status=status_code(r.health_min_status),
            public_min_status=status_code(scenario.housing.public_min_status),
            route_education=s.route_education,
            route_insurance=s.route_insurance,
            route_housing=s.route_housing,
            route_family=s.route_family,
            min_insured_months=s.min_insured_months,
            family_route_months=s.family_route_months,
            requires_permit=s.requires_permit,
            p_apply=s.p_apply,
            employer_compliance=w.employer_compliance,
            insurance_portability=w.insurance_portability,
            p_voluntary_insurance=scenario.services.p_voluntary_insurance,
            participation_outreach=scenario.services.participation_outreach,
        )
