"""Draw migrants' attributes: the initial census-month stock and each month's arrivals."""

import numpy as np

from floatpop.model.codes import N_DISTRICTS, N_SECTORS, Education, Origin, Status, Tenure
from floatpop.model.migrants import Migrants
from floatpop.scenarios import Scenario

MEAN_STAY_MONTHS = 63.6  # NHC 2010 report: mean stay 5.3 years (S47)
MAX_MONTHS_IN_CITY = 360


def draw_people(n: int, scenario: Scenario, rng: np.random.Generator) -> dict[str, np.ndarray]:
    """Personal attributes drawn from the migrant profile (age, sex, education, origin,
    children). Every arrival and every initial migrant starts from these."""
    city, arrivals = scenario.city, scenario.arrivals
    band = rng.choice(len(city.age_band_shares), size=n, p=city.age_band_shares)
    edges = np.array(city.age_band_edges) * 12
    age = edges[band] + rng.random(n) * (edges[band + 1] - edges[band])
    has_children = rng.random(n) < arrivals.share_with_children
    two = rng.random(n) < arrivals.share_two_children
    return {
        "age_months": age.astype(np.int16),
        "male": rng.random(n) < city.male_share,
        "education": rng.choice(len(Education), size=n, p=city.education_shares).astype(np.int8),
        "origin": np.where(
            rng.random(n) < arrivals.share_other_province,
            Origin.OTHER_PROVINCE,
            Origin.WITHIN_XINJIANG,
        ).astype(np.int8),
        "children": (has_children * (1 + two)).astype(np.int8),
    }


def draw_wage(
    sector: np.ndarray, education: np.ndarray, scenario: Scenario, rng: np.random.Generator
) -> np.ndarray:
    """Monthly wage: sector wage x exp(b_edu x (education - mean) + noise), noise mean-one."""
    work = scenario.work
    mean_education = np.dot(np.arange(len(Education)), scenario.city.education_shares)
    noise = rng.normal(-(work.wage_sd**2) / 2, work.wage_sd, size=len(sector))
    log_premium = work.beta_education_wage * (education - mean_education) + noise
    return (scenario.city.sector_wage_yuan_month[sector] * np.exp(log_premium)).astype(np.float32)


def draw_arrivals(
    n: int, district_weights: np.ndarray, scenario: Scenario, rng: np.random.Generator
) -> Migrants:
    """New arrivals: unregistered, searching for work, lodging informally in the district
    where their network is (drawn by current stock) until they choose housing."""
    people = draw_people(n, scenario, rng)
    district = rng.choice(N_DISTRICTS, size=n, p=district_weights / district_weights.sum())
    return Migrants(
        {
            **people,
            "district": district.astype(np.int8),
            "job_district": district.astype(np.int8),
            "tenure": np.full(n, Tenure.INFORMAL_RENTAL, dtype=np.int8),
            "status": np.full(n, Status.UNREGISTERED, dtype=np.int8),
            "integration": np.zeros(n, dtype=np.float32),
        }
    )


def draw_initial(n: int, scenario: Scenario, rng: np.random.Generator) -> Migrants:
    """The floating population at the census month the run starts from.

    Estimates, all documented in docs/data.md: employment 93%; tenure by the derived
    shares, with dormitories held only by employed migrants without children; a
    residence permit held by 90% of parents (public school needs one, and 90% of
    migrant children are in public school) and 30% of others, registration by a
    further 30%; time in city exponential with the 5.3-year mean stay.
    """
    city, work = scenario.city, scenario.work
    people = draw_people(n, scenario, rng)
    share = city.initial(scenario.run.start).district_share
    district = rng.choice(N_DISTRICTS, size=n, p=share).astype(np.int8)
    employed = rng.random(n) < city.initial_employment_rate
    sector = rng.choice(N_SECTORS, size=n, p=city.sector_shares).astype(np.int8)
    parents = people["children"] > 0
    tenure = rng.choice(len(Tenure), size=n, p=city.tenure_shares).astype(np.int8)
    # dormitory beds go to employed migrants without children; others rent instead
    misplaced = (tenure == Tenure.DORMITORY) & (parents | ~employed)
    tenure[misplaced] = np.where(
        rng.random(misplaced.sum()) < 0.5, Tenure.PRIVATE_RENTAL, Tenure.INFORMAL_RENTAL
    )
    formal = employed & (rng.random(n) < work.share_formal)
    insured = formal & (rng.random(n) < work.employer_compliance)
    months = np.clip(rng.exponential(MEAN_STAY_MONTHS, n), 1, MAX_MONTHS_IN_CITY).astype(np.int16)
    p_permit = np.where(parents, 0.9, 0.3)
    u = rng.random(n)
    status = np.select(
        [u < p_permit, u < p_permit + 0.3], [Status.PERMIT, Status.REGISTERED], Status.UNREGISTERED
    ).astype(np.int8)
    return Migrants(
        {
            **people,
            "months_in_city": months,
            "district": district,
            "job_district": district,
            "tenure": tenure,
            "employed": employed,
            "sector": np.where(employed, sector, 0).astype(np.int8),
            "formal": formal,
            "dorm_job": employed & (tenure == Tenure.DORMITORY),
            "wage": np.where(employed, draw_wage(sector, people["education"], scenario, rng), 0),
            "status": status,
            "months_in_status": (months * rng.random(n)).astype(np.int16),
            "insured": insured,
            "insured_months": np.where(insured, months * rng.random(n), 0).astype(np.int16),
        }
    )
