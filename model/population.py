"""Draw migrants' attributes: the initial census-month stock and each month's arrivals."""

import numpy as np

from floatpop.model.codes import N_DISTRICTS, N_SECTORS, Education, Origin, Status, Tenure
from floatpop.model.migrants import Migrants
from floatpop.model.rules.ageing import school_children
from floatpop.scenarios import Scenario


def draw_people(n: int, scenario: Scenario, rng: np.random.Generator) -> dict[str, np.ndarray]:
    """Draw `n` migrants' personal attributes from the migrant profile.

    The attributes are age, sex, education, origin and children, as columns of the
    migrant store. Every arrival and every initial migrant starts from these.
    """
    city, arrivals = scenario.city, scenario.arrivals
    band = rng.choice(len(city.age_band_shares), size=n, p=city.age_band_shares)
    edges = np.array(city.age_band_edges) * 12
    age = edges[band] + rng.random(n) * (edges[band + 1] - edges[band])
    has_children = rng.random(n) < arrivals.share_with_children
    two = rng.random(n) < arrivals.share_two_children
    children = (has_children * (1 + two)).astype(np.int8)
    # the eldest child's age, uniform over the ages of accompanying children
    span = 12 * arrivals.eldest_child_max_age_years
    eldest = np.where(children > 0, rng.random(n) * span, 0).astype(np.int16)
    return {
        "age_months": age.astype(np.int16),
        "male": rng.random(n) < city.male_share,
        "education": rng.choice(len(Education), size=n, p=city.education_shares).astype(np.int8),
        "origin": np.where(
            rng.random(n) < arrivals.share_other_province,
            Origin.OTHER_PROVINCE,
            Origin.WITHIN_XINJIANG,
        ).astype(np.int8),
        "children": children,
        "child_age_months": eldest,
        "school_children": school_children(children, eldest, scenario),
    }


def draw_wage(
    sector: np.ndarray, education: np.ndarray, scenario: Scenario, rng: np.random.Generator
) -> np.ndarray:
    """Draw monthly wages (yuan/month, float32).

    The wage is sector wage x exp(b_edu x (education - mean) + noise), with the noise
    normal and exp(noise) mean-one.
    """
    work = scenario.work
    mean_education = np.dot(np.arange(len(Education)), scenario.city.education_shares)
    noise = rng.normal(-(work.wage_sd**2) / 2, work.wage_sd, size=len(sector))
    log_premium = work.beta_education_wage * (education - mean_education) + noise
    return (scenario.city.sector_wage_yuan_month[sector] * np.exp(log_premium)).astype(np.float32)


def draw_arrivals(
    n: int, landing: np.ndarray, scenario: Scenario, rng: np.random.Generator
) -> Migrants:
    """Draw `n` new arrivals.

    They are unregistered, searching for work, lodging informally in a district drawn
    by `landing[origin]` (chances by district for their origin group) until they choose
    housing.
    """
    people = draw_people(n, scenario, rng)
    cumulative = np.cumsum(landing, axis=1)
    cumulative /= cumulative[:, -1:]
    u = rng.random(n)[:, None]
    district = np.minimum((u >= cumulative[people["origin"]]).sum(axis=1), N_DISTRICTS - 1)
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


def initial_split(scenario: Scenario, rng: np.random.Generator) -> np.ndarray:
    """Return the shares of the initial floating stock by district.

    By the initial state's split (`InitialState.floating_split`: in 2010 the units with
    a floating count of their own keep its share, the rest in proportion to residents;
    in 2020 in proportion to residents); with `initial.district_split_sd` s > 0, each
    share is multiplied by exp(s z), z standard normal, and the shares renormalised (no
    draw is made when s = 0, so such runs are unchanged).
    """
    share = scenario.city.initial(scenario.run.start).floating_split
    sd = scenario.initial.district_split_sd
    if sd == 0:
        return share
    weights = share * np.exp(sd * rng.standard_normal(len(share)))
    return weights / weights.sum()


def draw_initial(n: int, scenario: Scenario, rng: np.random.Generator) -> Migrants:
    """Draw the floating population, `n` agents, at the census month the run starts from.

    The rates are the `[initial]` parameters, documented in docs/data.md: employment;
    tenure by the derived shares, with dormitories held only by employed migrants
    without children (the others rent privately or informally); time in city
    exponential with the mean stay, capped. They start unregistered: the model draws
    their status from the take-up process (`registration.initial_status`).
    """
    city, work, initial = scenario.city, scenario.work, scenario.initial
    people = draw_people(n, scenario, rng)
    share = initial_split(scenario, rng)
    district = rng.choice(N_DISTRICTS, size=n, p=share).astype(np.int8)
    employed = rng.random(n) < initial.employment_rate
    sector = rng.choice(N_SECTORS, size=n, p=city.sector_shares).astype(np.int8)
    parents = people["children"] > 0
    tenure = rng.choice(len(Tenure), size=n, p=city.tenure_shares).astype(np.int8)
    # dormitory beds go to employed migrants without children; others rent instead
    misplaced = (tenure == Tenure.DORMITORY) & (parents | ~employed)
    to_private = rng.random(misplaced.sum()) < initial.misplaced_dormitory_private_share
    tenure[misplaced] = np.where(to_private, Tenure.PRIVATE_RENTAL, Tenure.INFORMAL_RENTAL)
    formal = employed & (rng.random(n) < work.share_formal)
    insured = formal & (rng.random(n) < work.employer_compliance)
    stay = rng.exponential(initial.mean_months_in_city, n)
    months = np.clip(stay, 1, initial.max_months_in_city).astype(np.int16)
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
            "insured": insured,
            "insured_months": np.where(insured, months * rng.random(n), 0).astype(np.int16),
        }
    )
