"""Policies: small registered records of a lever change, with a start date and a ramp.

A policy never chooses for agents: it changes rules, entitlements, prices and
capacities, which the model reads as its levers (`model/policies.py` says how each
kind acts). Each kind is a frozen dataclass registered under its `kind` name; its
fields are `param`s with unit, bounds and source, so scenario files are validated
like every other parameter, and `LEVERS` names what the kind may change.
"""

from dataclasses import dataclass
from typing import ClassVar

from floatpop.scenarios.fields import param
from floatpop.scenarios.names import SERVICES, STATUS_NAMES

REGISTRY: dict[str, type["Policy"]] = {}


def register(kind: str):
    """Register the decorated policy class under `kind` (in `REGISTRY`)."""

    def decorate(cls):
        cls.kind = kind
        REGISTRY[kind] = cls
        return cls

    return decorate


@dataclass(frozen=True, kw_only=True)
class Policy:
    """Common to every policy: when it starts and how long it takes to reach full force."""

    kind: ClassVar[str]
    LEVERS: ClassVar[tuple[str, ...]] = ()
    start: str = param("2026-01", "YYYY-MM", "scenario choice")
    ramp_months: int = param(12, "months to full force", "scenario choice", bounds=(0, 240))
    description: str = param("", "text", "scenario file")


@register("service_first")
@dataclass(frozen=True, kw_only=True)
class ServiceFirst(Policy):
    """People-oriented management: services follow residence, registering is easy."""

    LEVERS = (
        "school_min_status",
        "health_min_status",
        "public_min_status",
        "hassle_cost",
        "administration_cost",
    )
    school_min_status: str = param("registered", "status", "policy choice", choices=STATUS_NAMES)
    health_min_status: str = param("registered", "status", "policy choice", choices=STATUS_NAMES)
    public_min_status: str = param("permit", "status", "policy choice", choices=STATUS_NAMES)
    hassle_cost: float = param(
        0.3,
        "log-odds (new value)",
        "assumed: one-stop service (spread +-50%)",
        bounds=(0.0, 10.0),
        spread=(0.15, 0.45),
    )
    cost_per_registered_yuan_month: float = param(
        10.0,
        "yuan per registered migrant per month",
        "assumed (spread +-50%)",
        bounds=(0.0, 1e4),
        spread=(5.0, 15.0),
    )


@register("co_governance")
@dataclass(frozen=True, kw_only=True)
class CoGovernance(Policy):
    """Community and employer outreach: more registration and participation."""

    LEVERS = ("registration_outreach", "participation_outreach", "administration_cost")
    registration_outreach: float = param(
        0.8,
        "log-odds added to take-up",
        "assumed (spread +-50%)",
        bounds=(0.0, 10.0),
        spread=(0.4, 1.2),
    )
    participation_outreach: float = param(
        0.6,
        "log-odds added to participation",
        "assumed (spread +-50%)",
        bounds=(0.0, 10.0),
        spread=(0.3, 0.9),
    )
    cost_per_migrant_yuan_month: float = param(
        3.0,
        "yuan per migrant per month",
        "assumed (spread +-50%)",
        bounds=(0.0, 1e4),
        spread=(1.5, 4.5),
    )


@register("hukou_reform")
@dataclass(frozen=True, kw_only=True)
class HukouReform(Policy):
    """Settlement routes and thresholds.

    The routes are of the kinds of Urumqi's 2022 and 2024 notices: education, insurance
    with a stable job, a home, family.
    """

    LEVERS = (
        "route_education",
        "route_insurance",
        "route_housing",
        "route_family",
        "min_insured_months",
        "requires_permit",
        "p_apply",
    )
    route_education: bool = param(True, "flag", "Urumqi 2022 notice: 中专 or above")
    route_insurance: bool = param(True, "flag", "XJ reform detail rules: insurance > 2 years")
    route_housing: bool = param(True, "flag", "Urumqi 2022 notice: 安居")
    route_family: bool = param(False, "flag", "Urumqi 2024 notice: family (投靠) widened")
    min_insured_months: int = param(24, "months", "XJ reform detail rules", bounds=(0, 240))
    requires_permit: bool = param(True, "flag", "XJ regulation 2023")
    p_apply: float = param(0.02, "probability per month", "assumed", bounds=(0.0, 1.0))


@register("residence_permit")
@dataclass(frozen=True, kw_only=True)
class ResidencePermit(Policy):
    """The permit: its availability, entitlements and conditions."""

    LEVERS = (
        "permit_available",
        "permit_min_months",
        "school_min_status",
        "health_min_status",
        "public_min_status",
        "administration_cost",
    )
    available: bool = param(True, "flag", "XJ measures in force 2011-10-01")
    permit_min_months: int = param(6, "months registered", "XJ 2011 measures", bounds=(0, 60))
    schooling: bool = param(True, "flag: entitles to public schooling", "Urumqi 2012")
    health_care: bool = param(True, "flag: entitles to primary care", "Urumqi 2012")
    public_housing: bool = param(True, "flag: entitles to public rental", "Urumqi 2012")
    cost_per_permit_yuan_month: float = param(
        0.0, "yuan per permit holder per month", "assumed", bounds=(0.0, 1e4)
    )


@register("social_security")
@dataclass(frozen=True, kw_only=True)
class SocialSecurity(Policy):
    """Employer compliance, portability, subsidised voluntary enrolment."""

    LEVERS = (
        "employer_compliance",
        "insurance_portability",
        "p_voluntary_insurance",
        "insurance_cost",
    )
    employer_compliance: float = param(
        0.7, "share of formal jobs insured", "assumed target", bounds=(0.0, 1.0)
    )
    insurance_portability: float = param(
        0.8, "share keeping insurance between jobs", "assumed target", bounds=(0.0, 1.0)
    )
    p_voluntary_insurance: float = param(
        0.02,
        "probability per month",
        "assumed (spread +-50%)",
        bounds=(0.0, 1.0),
        spread=(0.01, 0.03),
    )
    subsidy_yuan_month: float = param(
        49.39,
        "yuan per insured migrant per month (2020 yuan)",
        "public subsidy per insured resident of the resident medical insurance 2022, 610 "
        "yuan a year (NHSA, B), in 2020 yuan / 12",
        bounds=(0.0, 1e4),
    )


@register("participation")
@dataclass(frozen=True, kw_only=True)
class Participation(Policy):
    """Channels of democratic participation, with incentives."""

    LEVERS = ("participation_outreach", "community_places")
    participation_outreach: float = param(
        0.8, "log-odds", "assumed (spread +-50%)", bounds=(0.0, 10.0), spread=(0.4, 1.2)
    )
    added_places_share: float = param(
        0.2, "community places added / current", "assumed", bounds=(0.0, 10.0)
    )


@register("service_expansion")
@dataclass(frozen=True, kw_only=True)
class ServiceExpansion(Policy):
    """Capacity added to one service, in all districts or the ones listed."""

    LEVERS = ("school_places", "health_capacity", "employment_service", "community_places")
    service: str = param("education", "service", "scenario choice", choices=SERVICES)
    added_share: float = param(
        0.3, "capacity added / current capacity", "scenario choice", bounds=(0.0, 10.0)
    )
    districts: str = param("all", "'all' or ids separated by ','", "scenario choice")


@register("public_housing")
@dataclass(frozen=True, kw_only=True)
class PublicHousing(Policy):
    """Public rental units opened to migrants."""

    LEVERS = ("public_units", "public_min_status", "public_rent_factor")
    added_units_share: float = param(
        0.03, "units / floating stock at the start", "assumed", bounds=(0.0, 1.0)
    )
    min_status: str = param(
        "permit", "status", "Urumqi 2012: permit gives housing rights", choices=STATUS_NAMES
    )
    rent_factor: float = param(
        0.8, "public rent x this (a subsidy below 1)", "assumed", bounds=(0.0, 2.0)
    )


@register("information_platform")
@dataclass(frozen=True, kw_only=True)
class InformationPlatform(Policy):
    """A data platform: easier registration, better job matching and service targeting."""

    LEVERS = ("hassle_cost", "matching_multiplier", "targeting", "administration_cost")
    hassle_reduction: float = param(
        0.5,
        "log-odds off the hassle cost",
        "assumed (spread +-50%)",
        bounds=(0.0, 10.0),
        spread=(0.25, 0.75),
    )
    matching_gain: float = param(
        0.15,
        "relative gain in matching efficiency",
        "assumed (spread +-50%)",
        bounds=(0.0, 5.0),
        spread=(0.075, 0.225),
    )
    targeting_gain: float = param(
        0.05,
        "share of school/health capacity freed",
        "assumed (spread +-50%)",
        bounds=(0.0, 1.0),
        spread=(0.025, 0.075),
    )
    cost_yuan_month: float = param(
        2e6, "yuan per month", "assumed (spread +-50%)", bounds=(0.0, 1e9), spread=(1e6, 3e6)
    )
