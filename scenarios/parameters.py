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
from floatpop.scenarios.names import DEFAULT_METHOD, METHODS, STATUS_NAMES, STOCK_VARIANTS

#: mean time at the destination of the migrants living there, 5.3 years (NHC 2010
#: report, S47): the one home of this figure, which sets both the initial stock's time in
#: the city and the departure hazard's default
MEAN_STAY_MONTHS = 63.6


@dataclass(frozen=True)
class RunSettings:
    """The run (``[run]``): its start and end months, scale and initial stock variant."""

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
    initial_stock_factor: float = param(
        1.0,
        "multiplier on the chosen initial stock",
        "method: 1 keeps the estimate; a full-uncertainty study sets it so that each "
        "replication starts where its drawn history does (experiments.study.uncertainty)",
        bounds=(0.2, 5.0),
    )


@dataclass(frozen=True)
class Arrivals:
    """Who arrives (``[arrivals]``): children, and the province of origin."""

    share_with_children: float = param(
        0.15,
        "share of migrants with accompanying children (minors)",
        "assumed: whole-family out-migrants 21.3% (MWMS 2014, S11), of whom not all bring children",
        bounds=(0.0, 1.0),
    )
    share_two_children: float = param(0.3, "share of parents", "assumed", bounds=(0.0, 1.0))
    eldest_child_max_age_years: float = param(
        18.0,
        "years: the eldest accompanying child's age on arrival is uniform below this",
        "assumed: accompanying children are minors, of any age alike",
        bounds=(1.0, 30.0),
    )
    sibling_gap_years: float = param(
        3.0, "years between the two children of a two-child family", "assumed", bounds=(0, 15)
    )
    school_entry_age_years: float = param(
        6.0,
        "years: age at which compulsory schooling starts",
        "Compulsory Education Law, art. 11: children start school at 6",
        bounds=(3.0, 10.0),
    )
    compulsory_school_years: float = param(
        9.0,
        "years of compulsory schooling (primary and junior secondary)",
        "Compulsory Education Law, art. 2: nine years",
        bounds=(1.0, 15.0),
    )
    share_other_province: float = param(
        0.65,
        "share of arrivals",
        "2000: 28% of Urumqi's floating population were minorities from within Xinjiang, "
        "35.4% in 2009 (urumqi_data §4); assumed 35% from within Xinjiang",
        bounds=(0.0, 1.0),
    )


@dataclass(frozen=True)
class Initial:
    """The floating population at the census month a run starts from (docs/data.md)."""

    employment_rate: float = param(0.93, "share of migrants employed", "assumed", bounds=(0, 1))
    district_split_sd: float = param(
        0.0,
        "log sd of each district's share of the initial floating stock about the residents' split",
        "method: 0 splits in proportion to residents; a full-uncertainty study draws the "
        "split with experiments.study.uncertainty.SPLIT_SD",
        bounds=(0.0, 2.0),
    )
    vacancy_rate: float = param(
        0.04, "open jobs / jobs", "assumed: jobs = employment / (1 - rate)", bounds=(0, 0.9)
    )
    misplaced_dormitory_private_share: float = param(
        0.5,
        "share of those drawn to a dormitory without a dormitory job who rent privately "
        "(the rest rent informally)",
        "assumed",
        bounds=(0, 1),
    )
    mean_months_in_city: float = param(
        MEAN_STAY_MONTHS,
        "months (mean of an exponential)",
        "mean stay 5.3 years at destination (NHC 2010 report, S47)",
        bounds=(1, 600),
    )
    max_months_in_city: int = param(
        360, "months (the longest initial time in the city)", "assumed", bounds=(1, 32_000)
    )


@dataclass(frozen=True)
class Work:
    """Work (``[work]``): job loss, matching, wages, formality, insurance, dormitories, growth."""

    p_job_loss: float = param(
        0.015,
        "probability per month",
        "assumed (no migrant job-loss hazard found)",
        bounds=(0.0, 0.2),
    )
    matching_efficiency: float = param(
        0.45, "hires per month at U = V", "assumed", bounds=(0.01, 1.0)
    )
    matching_service_effect: float = param(
        0.2,
        "relative change of matching efficiency where employment services serve every "
        "searcher (+) or none (-)",
        "assumed",
        bounds=(0.0, 1.0),
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
    real_wage_growth_per_year: float = param(
        0.034,
        "growth of the real wage index per year",
        "derived: MWMS monthly income 3,962 (2019) -> 4,961 yuan (2024), deflated by the "
        "national CPI of 2020-2024 (derive.real_wage_growth)",
        bounds=(-0.1, 0.2),
    )
    wage_curve_elasticity: float = param(
        0.1,
        "minus the elasticity of the wage to the migrants' unemployment rate",
        "wage curve, about -0.1 (Blanchflower & Oswald 1995); -0.07 corrected for "
        "publication bias (Nijkamp & Poot 2005); no number for China",
        bounds=(0.0, 1.0),
    )
    gdp_growth_beyond_data: float = param(
        0.0575,
        "real GDP growth per year in the years the city's series does not cover",
        "Xinjiang's proposed 15th Five-Year Plan target, 5.5-6% a year (midpoint); the 14th "
        "plan period averaged 5.9%",
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
    """Housing (``[housing]``): the tenure choice, its eligibility, rents and supply."""

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
    asc_informal: float = param(
        0.3, "utility, vs private rental", "assumed", bounds=(-10, 10), prior=(-1.5, 1.5)
    )
    asc_dormitory: float = param(
        1.0, "utility, vs private rental", "assumed", bounds=(-10, 10), prior=(-1.0, 3.0)
    )
    asc_public: float = param(0.8, "utility, vs private rental", "assumed", bounds=(-10, 10))
    asc_owned: float = param(0.5, "utility, vs private rental", "assumed", bounds=(-10, 10))
    owned_min_wage_ratio: float = param(
        1.5, "wage / mean migrant wage to buy", "assumed", bounds=(0.0, 10.0)
    )
    owned_min_months: int = param(36, "months in city to buy", "assumed", bounds=(0, 600))
    allocation_rounds: int = param(
        3,
        "rounds of the housing lottery before the refused rent informally",
        "assumed",
        bounds=(1, 40),
    )
    rent_ratio_informal: float = param(
        0.6, "rent / private rent", "assumed (urban-village rooms)", bounds=(0.0, 10.0)
    )
    rent_ratio_dormitory: float = param(
        0.15, "rent / private rent", "assumed (employer-subsidised beds)", bounds=(0.0, 10.0)
    )
    rent_ratio_public: float = param(
        0.5, "rent / private rent", "assumed (public rental housing)", bounds=(0.0, 10.0)
    )
    rent_ratio_owned: float = param(
        1.5, "housing cost / private rent", "assumed (mortgage and upkeep)", bounds=(0.0, 10.0)
    )
    rent_elasticity: float = param(
        1.5,
        "elasticity of the clearing rent to occupancy / target",
        "assumed: the inverse of a rental demand price elasticity of about -0.67 (-0.5 to "
        "-1 in the housing-demand literature)",
        bounds=(0.0, 10.0),
    )
    rent_adjustment_per_month: float = param(
        1 / 12,
        "share of the gap to the clearing rent closed per month (in logs)",
        "one-year leases are the norm in China (ExpatFocus; Angloinfo): a twelfth a month",
        bounds=(0.0, 1.0),
    )
    rent_income_elasticity: float = param(
        1.0,
        "elasticity of the rent at target occupancy to the real wage index",
        "migrants' housing spend held a steady share of income: 16.0% (MWMS 2011) and "
        "17.4% (MWMS 2013)",
        bounds=(0.0, 3.0),
    )
    target_occupancy: float = param(
        0.95,
        "occupied share of capacity at which rents are stable",
        "assumed",
        bounds=(0.5, 1.0),
    )
    occupancy_ratio_cap: float = param(
        2.0,
        "largest occupancy / target ratio the clearing rent counts (1 / cap the smallest)",
        "assumed",
        bounds=(1.0, 100.0),
    )
    supply_elasticity: float = param(
        0.5,
        "long-run elasticity of rental capacity to rent / its reference",
        "elasticity of the housing stock about 0.5 (Chow & Niu 2015); estimates for new "
        "supply run 2.65-5.6 (Wang, Chan & Xu 2012)",
        bounds=(0.0, 20.0),
    )
    supply_lag_months: float = param(
        24.0,
        "months for rental capacity to close its gap to the supply target (1 / rate)",
        "assumed: about two years of planning and building",
        bounds=(1.0, 600.0),
    )
    private_construction_per_year: float = param(
        0.0024,
        "growth of the private rental stock per year from construction, before rents",
        "estimate: keeps pace with residents 2020-2023 (405.44 -> 408.48 万, 0.24% a year); "
        "completions not found",
        bounds=(-0.1, 0.2),
    )
    public_min_status: str = param(
        "permit",
        "status",
        "residence permit entitles to housing rights (Urumqi 2012, ecns.cn)",
        choices=STATUS_NAMES,
    )


@dataclass(frozen=True)
class Registration:
    """Registration (``[registration]``): take-up, the permit and the entitlements."""

    intercept: float = param(
        -4.5,
        "log-odds per month",
        "assumed (calibrate to >110,000 permits by 2012-06)",
        bounds=(-20.0, 5.0),
        prior=(-7.0, -2.0),
    )
    beta_benefit: float = param(
        1.5, "log-odds per unlocked service", "assumed", bounds=(0.0, 10.0), prior=(0.5, 3.0)
    )
    benefit_school: float = param(
        1.0,
        "benefit units of a public school place, for parents of school-age children",
        "assumed; calibrated on the share of migrant children in public schools (MWMS 2017)",
        bounds=(0.0, 20.0),
        prior=(0.0, 6.0),
    )
    benefit_compulsory: float = param(
        1.0,
        "benefit units of registering (compulsory after 30 days, XJ 2011 measures)",
        "assumed weight",
        bounds=(0.0, 10.0),
    )
    benefit_settlement_path: float = param(
        0.5,
        "benefit units of a permit where settlement requires one",
        "assumed",
        bounds=(0.0, 10.0),
    )
    foresight: float = param(
        0.5,
        "share of the permit's benefits that registering counts",
        "assumed",
        bounds=(0.0, 1.0),
    )
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
    """Hukou settlement (``[settlement]``): the routes, thresholds and willingness."""

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
    family_route_months: int = param(
        36,
        "months in the city for parents to settle by the family route",
        "assumed approximation of the Urumqi 2024 notice's family (投靠) route",
        bounds=(0, 600),
    )
    requires_permit: bool = param(
        True, "flag", "XJ regulation 2023: the permit is the basis for applying for hukou"
    )
    willingness_intercept: float = param(
        -2.4,
        "log-odds",
        "assumed, calibrated so about 30% are willing (CMDS 2016: 29.7%)",
        bounds=(-20.0, 20.0),
        prior=(-4.0, -1.0),
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
    """Services (``[services]``): insurance, participation and service capacities."""

    p_voluntary_insurance: float = param(
        0.005,
        "probability per month (entitled, not insured at work)",
        "assumed",
        bounds=(0.0, 1.0),
        prior=(0.0, 0.02),
    )
    p_reconsider_participation: float = param(
        1 / 6,
        "probability per month of reconsidering community participation",
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
        0.008,
        "growth of public school places per resident per year (they also grow with residents)",
        "estimate: the pace of the 2012-2020 school plan carried on (no later plan found): "
        "126,000 new places on 430,000 pupils in 8 years, 3.25% a year, over residents' "
        "2.4% a year (2012 estimate to 2020 census)",
        bounds=(-0.1, 0.5),
    )
    health_capacity_scale: float = param(
        1.0, "multiplier on derived primary-care capacity", "baseline", bounds=(0.0, 10.0)
    )
    health_capacity_growth_per_year: float = param(
        0.039,
        "growth of primary-care capacity per resident per year (it also grows with residents)",
        "national beds per 1,000 residents 6.70 (2021) -> 7.23 (2023), NHC bulletins",
        bounds=(-0.1, 0.5),
    )
    employment_service_per_migrant: float = param(
        0.05,
        "employment-service places per month, per migrant at the start",
        "assumed",
        bounds=(0.0, 10.0),
    )
    community_places_per_migrant: float = param(
        0.35,
        "places in community and cultural centres' activities, per migrant at the start",
        "assumed",
        bounds=(0.0, 10.0),
    )


@dataclass(frozen=True)
class Integration:
    """The integration index (``[integration]``): weights, smoothing and housing scores."""

    weight_economic: float = param(0.2, "weight", "assumed: equal weights", bounds=(0, 1))
    weight_housing: float = param(0.2, "weight", "assumed: equal weights", bounds=(0, 1))
    weight_services: float = param(0.2, "weight", "assumed: equal weights", bounds=(0, 1))
    weight_institutional: float = param(0.2, "weight", "assumed: equal weights", bounds=(0, 1))
    weight_social: float = param(0.2, "weight", "assumed: equal weights", bounds=(0, 1))
    smoothing: float = param(
        0.1, "share of the gap closed per month", "assumed", bounds=(0.0, 1.0), prior=(0.03, 0.3)
    )
    full_social_months: int = param(
        120, "months in city at which time counts fully", "assumed", bounds=(1, 600)
    )
    housing_score_private: float = param(1.0, "housing part", "assumed", bounds=(0, 1))
    housing_score_informal: float = param(
        0.3, "housing part (divided by crowding above 1)", "assumed", bounds=(0, 1)
    )
    housing_score_dormitory: float = param(0.5, "housing part", "assumed", bounds=(0, 1))
    housing_score_public: float = param(1.0, "housing part", "assumed", bounds=(0, 1))
    housing_score_owned: float = param(1.0, "housing part", "assumed", bounds=(0, 1))


@dataclass(frozen=True)
class Departures:
    """Departures (``[departures]``): the monthly hazard and what moves it."""

    base_hazard: float = param(
        round(1 / MEAN_STAY_MONTHS, 4),
        "probability per month",
        "1 / the mean stay of 5.3 years at destination (NHC 2010 report, S47), to the "
        "three figures the source supports",
        bounds=(0.0, 0.5),
    )
    beta_integration: float = param(
        2.0,
        "log-hazard per integration index above the pivot",
        "assumed",
        bounds=(0.0, 20.0),
        prior=(0.0, 4.0),
    )
    integration_pivot: float = param(
        0.5, "integration index at which the hazard is base_hazard", "assumed", bounds=(0, 1)
    )
    beta_unemployed: float = param(
        1.0, "log-hazard when unemployed long", "assumed", bounds=(0.0, 10.0)
    )
    long_unemployed_months: int = param(
        3, "months unemployed from which the hazard rises", "assumed", bounds=(0, 600)
    )
    beta_family: float = param(
        0.3, "log-hazard reduction with children in school", "assumed", bounds=(0.0, 10.0)
    )


@dataclass(frozen=True)
class Registered:
    """The registered (hukou) population, carried by accounting beside the migrants.

    It is carried so that residents = registered + floating can be compared with a
    census. Its natural increase by year is data (`vital_rates.csv`, via
    `CityData.natural_increase`); net registered migration is a parameter.
    """

    net_migration_rate_per_year: float = param(
        0.0,
        "net registered migration / registered population per year",
        "assumed 0 until calibrated against the censuses",
        bounds=(-0.1, 0.1),
        prior=(-0.02, 0.01),
    )


@dataclass(frozen=True)
class Costs:
    """Unit public costs (``[costs]``), 2020 yuan (the national CPI, `derive.yuan_of_2020`).

    Each is derived from a row of `policy_costs.csv`; `tests/scenarios/test_unit_costs.py`
    holds every default to its row.
    """

    citizenisation_yuan: float = param(
        122350.0,
        "yuan per person settled (one-off public cost of a full urban resident)",
        "CASS 2013, western region: 106,000 yuan (B); spread from DRC 2010 80,000 (B) "
        "to CASS 2013 national 130,000 (B)",
        bounds=(0.0, 1e7),
        spread=(102452.0, 150051.0),
    )
    school_place_yuan_year: float = param(
        12429.0,
        "yuan per added school place per year",
        "public budget per primary pupil 2022, 12,791.64 yuan (MoE, B)",
        bounds=(0.0, 1e6),
    )
    school_place_capital_yuan: float = param(
        19037.0,
        "yuan per school place built",
        "Tianshan No. 44 Primary rebuilt, 2016, 17,400 yuan a place (C); spread to a new "
        "school for migrants' children in Artux, 2024, 70,000 (derived)",
        bounds=(0.0, 1e7),
        spread=(19037.0, 67744.0),
    )
    clinic_place_yuan_year: float = param(
        82.0,
        "yuan per added primary-care place (person served) per year",
        "basic public health subsidy per resident 2022, 84 yuan (NHC, B)",
        bounds=(0.0, 1e6),
    )
    clinic_place_capital_yuan: float = param(
        484.0,
        "yuan per primary-care place (person served) built",
        "a township health centre in Yining, 2025, 500 yuan per resident served (derived)",
        bounds=(0.0, 1e6),
    )
    public_unit_capital_yuan: float = param(
        105709.0,
        "yuan per public rental unit built",
        "Urumqi 2011, 11,500 affordable units for about 1 bn yuan: 87,000 a unit (derived)",
        bounds=(0.0, 1e7),
    )
    employment_place_yuan_year: float = param(
        1200.0,
        "yuan per added employment-service place per year",
        "assumed (100 yuan a month of a counsellor's time per searcher served)",
        bounds=(0.0, 1e6),
    )
    community_place_yuan_year: float = param(
        240.0,
        "yuan per added community place per year",
        "assumed (20 yuan a month)",
        bounds=(0.0, 1e6),
    )


@dataclass(frozen=True)
class Attraction:
    """Induced migration (``[attraction]``): how a policy's pull changes the arrivals.

    A paired run's arrivals are the reference run's times exp(eps x (L - L_ref)), L the
    logsum a newcomer faces over the last `memory_months` (`model.rules.attraction`,
    docs/ODD.md §7.11).
    """

    eps: float = param(
        0.45,
        "log change of arrivals per unit of the newcomer logsum",
        "literature: nested-logit inclusive-value coefficients 0.51-0.62 for Chinese "
        "migrants' destination choice (Liu, Zhuo & Wang 2020), 0.3 in a practitioner "
        "destination model, kappa/|b_rent| = 1.5/4 ~ 0.38 (Tombe & Zhu 2019); "
        "calibration_literature.csv",
        bounds=(0.0, 1.0),
        spread=(0.25, 0.75),
    )
    settlement_value: float = param(
        0.27,
        "utility of local hukou to a newcomer, per unit chance of settling in the horizon",
        "|b_rent| x the hukou's worth as a share of income: 3,200 yuan a year net (CMDS, "
        "C) of 47,544 earned (MWMS 2019, 3,962 a month), 6.7%; the range from 0 "
        "(Changsha) to 14% (Beijing) in a contingent valuation (B); "
        "calibration_literature.csv",
        bounds=(0.0, 5.0),
        spread=(0.0, 0.56),
    )
    memory_months: int = param(
        12,
        "months of logsum a newcomer's decision weighs (a trailing mean)",
        "assumed: word of a city reaches origins through the migrants there, as the "
        "recent newcomers whose entitlements the logsum weighs (12 months)",
        bounds=(1, 120),
    )
    horizon_months: int = param(
        round(MEAN_STAY_MONTHS),
        "months over which a newcomer weighs settling",
        "the mean stay at destination, 5.3 years (NHC 2010 report, S47)",
        bounds=(1, 600),
    )


@dataclass(frozen=True)
class Inflow:
    """How the floating-stock paths a run follows are forecast (docs/forecasting.md).

    The section gives the method and the paths' structure.
    """

    method: str = param(
        DEFAULT_METHOD,
        "forecast method",
        "equal-weight combination of ETS, ARIMA and Theta (M3/M4 evidence, DESIGN §4)",
        choices=METHODS,
    )
    trend_share: float = param(
        0.8,
        "share of each horizon's forecast variance held along a path (trend uncertainty)",
        "assumed (docs/forecasting.md)",
        bounds=(0.0, 1.0),
    )
