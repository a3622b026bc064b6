"""The model's parameters: one frozen dataclass per process, the single source of defaults.

Each field names its unit, bounds and source. "assumed" marks a value no source gives:
those are the uncertain behavioural parameters that calibration will estimate.

The rule parameters (permit, entitlements, settlement routes) describe the rules before
the reforms of 2011-2024; `scenarios/baseline.toml` adds those reforms as dated policies,
so a run starting in 2010 lives through them and one starting in 2020 starts with the
earlier ones in force.
"""

from dataclasses import dataclass

from floatpop.scenarios.fields import param

STATUS_NAMES = ("unregistered", "registered", "permit")
STOCK_VARIANTS = ("low", "central", "high")


@dataclass(frozen=True)
class RunSettings:
    start: str = param("2020-11", "YYYY-MM", "2020 census date (2020-11-01)")
    end: str = param("2035-12", "YYYY-MM", "end of the 15th-plan horizon used by the study")
    scale: float = param(
        0.05, "agents per person", "1.0 is one agent per migrant", bounds=(1e-4, 1.0)
    )
    initial_stock: str = param(
        "central",
        "variant",
        "scenarios/derive.py: 2020-11 floating stock estimate (low/central/high)",
        choices=STOCK_VARIANTS,
    )


@dataclass(frozen=True)
class Arrivals:
    share_with_children: float = param(
        0.15,
        "share of migrants",
        "assumed: whole-family out-migrants 21.3% (MWMS 2014, S11), of whom not all have "
        "school-age children",
        bounds=(0.0, 1.0),
    )
    share_two_children: float = param(0.3, "share of parents", "assumed", bounds=(0.0, 1.0))
    share_other_province: float = param(
        0.65,
        "share of arrivals",
        "2000: 28% of Urumqi's floating population were minorities from within Xinjiang, "
        "35.4% in 2009 (urumqi_data §4); assumed 35% from within Xinjiang",
        bounds=(0.0, 1.0),
    )


@dataclass(frozen=True)
class Work:
    p_job_loss: float = param(
        0.015,
        "probability per month",
        "assumed (no migrant job-loss hazard found)",
        bounds=(0.0, 0.2),
    )
    matching_efficiency: float = param(
        0.45, "hires per month at U = V", "assumed", bounds=(0.01, 1.0)
    )
    matching_elasticity: float = param(
        0.5,
        "elasticity of hires to searchers",
        "assumed: centre of the 0.5-0.7 range of matching-function estimates",
        bounds=(0.05, 0.95),
    )
    beta_commute_job: float = param(
        -0.03, "utility per commute minute (job search)", "assumed", bounds=(-1.0, 0.0)
    )
    beta_education_wage: float = param(
        0.12, "log wage per education level", "assumed", bounds=(0.0, 0.5)
    )
    wage_sd: float = param(0.3, "sd of log wage", "assumed", bounds=(0.0, 1.5))
    share_formal: float = param(
        0.44,
        "share of jobs",
        "labour contract signed by 43.9% of employed out-migrants (MWMS 2012, S13)",
        bounds=(0.0, 1.0),
    )
    employer_compliance: float = param(
        0.45,
        "share of formal jobs with employer insurance",
        "derived: medical insurance 17.6% (MWMS 2013) / formal share 0.44 = 0.40; "
        "8-city survey 2013 public health insurance 23.6% (S73) -> 0.54; midpoint",
        bounds=(0.0, 1.0),
    )
    share_jobs_with_dormitory: float = param(
        0.5,
        "share of jobs",
        "49.9% of employed out-migrants had free employer housing (MWMS 2011, S14)",
        bounds=(0.0, 1.0),
    )
    job_growth_per_year: float = param(
        0.0025,
        "growth of jobs open to migrants per year",
        "assumed equal to resident growth 2020-2023 (405.44 -> 408.48 万, 0.24% a year)",
        bounds=(-0.1, 0.2),
    )
    insurance_portability: float = param(
        0.3, "share keeping insurance after a job ends", "assumed", bounds=(0.0, 1.0)
    )
    unemployed_income_share: float = param(
        0.4, "income of a searcher / mean wage", "assumed", bounds=(0.05, 1.0)
    )


@dataclass(frozen=True)
class Housing:
    p_reconsider: float = param(
        0.02,
        "probability per month",
        "assumed: migrants move house more often than locals (Jia & Lei 2019)",
        bounds=(0.0, 1.0),
    )
    beta_rent_burden: float = param(
        -4.0, "utility per unit of rent/income", "assumed", bounds=(-50.0, 0.0)
    )
    beta_commute: float = param(-0.03, "utility per commute minute", "assumed", bounds=(-1.0, 0.0))
    beta_service: float = param(
        0.6, "utility per entitled service (0-1 access)", "assumed", bounds=(0.0, 10.0)
    )
    beta_network: float = param(
        1.0, "utility per log(1 + co-origin share)", "assumed", bounds=(0.0, 10.0)
    )
    beta_stay: float = param(2.0, "utility of staying put", "assumed", bounds=(0.0, 20.0))
    beta_crowding: float = param(
        -2.0,
        "utility per unit of informal occupancy above capacity",
        "assumed",
        bounds=(-50.0, 0.0),
    )
    asc_informal: float = param(0.3, "utility, vs private rental", "assumed", bounds=(-10, 10))
    asc_dormitory: float = param(1.0, "utility, vs private rental", "assumed", bounds=(-10, 10))
    asc_public: float = param(0.8, "utility, vs private rental", "assumed", bounds=(-10, 10))
    asc_owned: float = param(0.5, "utility, vs private rental", "assumed", bounds=(-10, 10))
    owned_min_wage_ratio: float = param(
        1.5, "wage / mean migrant wage to buy", "assumed", bounds=(0.0, 10.0)
    )
    owned_min_months: int = param(36, "months in city to buy", "assumed", bounds=(0, 600))
    rent_elasticity: float = param(
        0.05,
        "monthly rent change per log occupancy/target",
        "assumed",
        bounds=(0.0, 1.0),
    )
    target_occupancy: float = param(
        0.95,
        "occupied share of capacity at which rents are stable",
        "assumed",
        bounds=(0.5, 1.0),
    )
    supply_growth_per_year: float = param(
        0.01, "growth of rental capacity per year", "assumed", bounds=(-0.1, 0.2)
    )
    public_min_status: str = param(
        "permit",
        "status",
        "residence permit entitles to housing rights (Urumqi 2012, ecns.cn)",
        choices=STATUS_NAMES,
    )


@dataclass(frozen=True)
class Registration:
    intercept: float = param(
        -4.5,
        "log-odds per month",
        "assumed (calibrate to >110,000 permits by 2012-06)",
        bounds=(-20.0, 5.0),
    )
    beta_benefit: float = param(1.5, "log-odds per unlocked service", "assumed", bounds=(0.0, 10.0))
    hassle_cost: float = param(1.0, "log-odds", "assumed", bounds=(0.0, 10.0))
    outreach: float = param(
        0.0,
        "log-odds added by community/employer outreach",
        "baseline: none",
        bounds=(0.0, 10.0),
    )
    permit_available: bool = param(
        False, "flag", "before 2011-10-01 Xinjiang had temporary residence registration only"
    )
    permit_min_months: int = param(
        6,
        "months registered before a permit",
        "Xinjiang 2011 measures: 6-month permit after registration (ecns.cn 2012)",
        bounds=(0, 60),
    )
    school_min_status: str = param(
        "permit",
        "status",
        "permit gives compulsory education for children (Urumqi 2012; XJ regulation 2023)",
        choices=STATUS_NAMES,
    )
    health_min_status: str = param(
        "permit",
        "status",
        "permit is the basis for basic public services (XJ regulation 2023)",
        choices=STATUS_NAMES,
    )


@dataclass(frozen=True)
class Settlement:
    route_education: bool = param(
        False, "flag", "opened by the Urumqi 2022 settlement notice (中专 or above)"
    )
    route_insurance: bool = param(
        False, "flag", "opened by the XJ 2014 reform rules (stable job, insurance > 2 years)"
    )
    route_housing: bool = param(False, "flag", "opened by the Urumqi 2022 notice (安居)")
    route_family: bool = param(
        False,
        "flag",
        "Urumqi 2024 notice widened 投靠 (family); approximated as parents 3+ years in the city",
    )
    min_insured_months: int = param(
        24,
        "months of insurance contributions",
        "XJ reform detail rules (>2 years)",
        bounds=(0, 240),
    )
    requires_permit: bool = param(
        True, "flag", "XJ regulation 2023: the permit is the basis for applying for hukou"
    )
    willingness_intercept: float = param(
        -2.4,
        "log-odds",
        "assumed, calibrated so about 30% are willing (CMDS 2016: 29.7%)",
        bounds=(-20.0, 20.0),
    )
    beta_integration: float = param(
        2.5, "log-odds per integration index", "assumed", bounds=(0.0, 20.0)
    )
    beta_years: float = param(0.05, "log-odds per year in city", "assumed", bounds=(0.0, 2.0))
    beta_family: float = param(0.5, "log-odds with children", "assumed", bounds=(0.0, 5.0))
    p_apply: float = param(
        0.02,
        "probability per month that an eligible, willing migrant settles",
        "assumed",
        bounds=(0.0, 1.0),
    )


@dataclass(frozen=True)
class Services:
    p_voluntary_insurance: float = param(
        0.005,
        "probability per month (entitled, not insured at work)",
        "assumed",
        bounds=(0.0, 1.0),
    )
    participation_intercept: float = param(
        -1.6,
        "log-odds",
        "assumed, so about 30% participate (MWMS 2021: 30.4% joined community activities)",
        bounds=(-20.0, 20.0),
    )
    participation_status: float = param(
        0.3, "log-odds per status level", "assumed", bounds=(0.0, 5.0)
    )
    participation_years: float = param(
        0.05, "log-odds per year in city", "assumed", bounds=(0.0, 2.0)
    )
    participation_outreach: float = param(0.0, "log-odds", "baseline: none", bounds=(0.0, 10.0))
    school_places_scale: float = param(
        1.0, "multiplier on derived school places", "baseline", bounds=(0.0, 10.0)
    )
    school_places_growth_per_year: float = param(
        0.0,
        "growth of public school places for migrant children per year",
        "baseline: no expansion",
        bounds=(-0.1, 0.5),
    )
    health_capacity_scale: float = param(
        1.0, "multiplier on derived primary-care capacity", "baseline", bounds=(0.0, 10.0)
    )


@dataclass(frozen=True)
class Integration:
    weight_economic: float = param(0.2, "weight", "assumed: equal weights", bounds=(0, 1))
    weight_housing: float = param(0.2, "weight", "assumed: equal weights", bounds=(0, 1))
    weight_services: float = param(0.2, "weight", "assumed: equal weights", bounds=(0, 1))
    weight_institutional: float = param(0.2, "weight", "assumed: equal weights", bounds=(0, 1))
    weight_social: float = param(0.2, "weight", "assumed: equal weights", bounds=(0, 1))
    smoothing: float = param(0.1, "share of the gap closed per month", "assumed", bounds=(0.0, 1.0))
    full_social_months: int = param(
        120, "months in city at which time counts fully", "assumed", bounds=(1, 600)
    )


@dataclass(frozen=True)
class Departures:
    base_hazard: float = param(
        0.0157,
        "probability per month",
        "mean stay 5.3 years at destination (NHC 2010 report, S47): 1 / 63.6 months",
        bounds=(0.0, 0.5),
    )
    beta_integration: float = param(
        2.0, "log-hazard per integration index above 0.5", "assumed", bounds=(0.0, 20.0)
    )
    beta_unemployed: float = param(
        1.0, "log-hazard when unemployed 3+ months", "assumed", bounds=(0.0, 10.0)
    )
    beta_family: float = param(
        0.3, "log-hazard reduction with children in school", "assumed", bounds=(0.0, 10.0)
    )


@dataclass(frozen=True)
class Registered:
    """The registered (hukou) population, carried by accounting beside the migrants, so
    that residents = registered + floating can be compared with a census."""

    birth_rate_permille: float = param(
        5.3, "births per 1,000 per year", "Urumqi 2022 statistical bulletin", bounds=(0, 50)
    )
    death_rate_permille: float = param(
        5.03, "deaths per 1,000 per year", "Urumqi 2022 statistical bulletin", bounds=(0, 50)
    )
    net_migration_rate_per_year: float = param(
        0.0,
        "net registered migration / registered population per year",
        "assumed 0 until calibrated against the censuses",
        bounds=(-0.1, 0.1),
    )
