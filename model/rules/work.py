"""Work: job loss, and job search with a Cobb-Douglas matching function by district."""

import numpy as np

from floatpop.model.city import CityState
from floatpop.model.codes import N_DISTRICTS, N_SECTORS
from floatpop.model.levers import Levers
from floatpop.model.migrants import Migrants
from floatpop.model.population import draw_wage
from floatpop.model.rules.choice import choose_logit, draw, draw_rows, lottery
from floatpop.scenarios import Scenario


def lose_jobs(
    m: Migrants, levers: Levers, scenario: Scenario, rng: np.random.Generator
) -> np.ndarray:
    """Draw the month's job losses and return their mask.

    Insurance is kept after a job ends only with portability.
    """
    work = scenario.work
    candidates = draw_rows(work.p_job_loss, len(m), rng)
    losers = candidates[m.employed[candidates]]
    lost = np.zeros(len(m), dtype=bool)
    lost[losers] = True
    keeps_insurance = draw(levers.insurance_portability, rng, len(losers))
    m.set("insured", False, losers[~keeps_insurance])
    for name, value in (
        ("employed", False),
        ("formal", False),
        ("dorm_job", False),
        ("wage", 0.0),
        ("months_unemployed", 0),
    ):
        m.set(name, value, losers)
    return lost


assert N_DISTRICTS * N_SECTORS <= 256, "vacancies packs (district, sector) in a byte"


def vacancies(m: Migrants, city: CityState) -> np.ndarray:
    """Return open jobs by [district, sector]: jobs minus those held by migrants."""
    # (district, sector) packed in a byte: a quarter of the memory traffic of int64
    key = m.job_district.astype(np.uint8) * np.uint8(N_SECTORS) + m.sector.astype(np.uint8)
    filled = np.bincount(key[m.employed], minlength=N_DISTRICTS * N_SECTORS)
    return np.maximum(city.jobs - filled.reshape(N_DISTRICTS, N_SECTORS), 0.0)


def matching_probability(
    searchers: np.ndarray,
    open_jobs: np.ndarray,
    service_room: np.ndarray,
    multiplier: float,
    scenario: Scenario,
) -> np.ndarray:
    """Return the chance a searcher in each job district is hired this month.

    Hires M = mu x U^a x V^(1-a), at most U and V; mu is raised by up to
    `matching_service_effect` where employment services can serve every searcher and
    lowered by as much where they serve none, and multiplied by the information
    platform's matching gain (`multiplier`).
    """
    work = scenario.work
    served = np.divide(service_room, searchers, out=np.ones_like(service_room), where=searchers > 0)
    low, span = 1 - work.matching_service_effect, 2 * work.matching_service_effect
    mu = multiplier * work.matching_efficiency * (low + span * np.minimum(served, 1.0))
    hires = mu * searchers**work.matching_elasticity * open_jobs ** (1 - work.matching_elasticity)
    hires = np.minimum(hires, np.minimum(searchers, open_jobs))
    return np.divide(hires, searchers, out=np.zeros_like(hires), where=searchers > 0)


def search_district(
    m: Migrants,
    seekers: np.ndarray,
    open_by_district: np.ndarray,
    city: CityState,
    scenario: Scenario,
    rng: np.random.Generator,
) -> np.ndarray:
    """Draw the district each of the rows `seekers` looks in.

    The choice is a logit of vacancies against commute; it is -1 for every seeker where
    no district has vacancies.
    """
    if not np.any(open_by_district > 0):
        return np.full(len(seekers), -1)
    utility = (
        np.log1p(open_by_district)[None, :]
        + scenario.work.beta_commute_job * city.commute_minutes[m.district[seekers]]
    )
    utility[:, open_by_district <= 0] = -np.inf  # districts without vacancies
    return choose_logit(utility, rng)


def hire_probability(
    searchers: np.ndarray, open_by_district: np.ndarray, city: CityState, scenario: Scenario
) -> np.ndarray:
    """Return the chance a searcher is hired, by the district searched (`searchers` by district)."""
    return matching_probability(
        searchers,
        open_by_district,
        city.employment_service_in_force(),
        city.levers.matching_multiplier,
        scenario,
    )


def apply_for_jobs(
    target: np.ndarray, p_hire: np.ndarray, open_jobs: np.ndarray, rng: np.random.Generator
) -> tuple[np.ndarray, np.ndarray]:
    """Draw which searchers are matched, and the sector each matched one applies to.

    The sector is drawn in proportion to the open jobs of the searcher's district.

    Parameters
    ----------
    target : np.ndarray
        The district each searcher looks in.
    p_hire : np.ndarray
        The chance of being hired, by district (`hire_probability`).
    open_jobs : np.ndarray
        Open jobs by [district, sector] (`vacancies`).
    rng : np.random.Generator
        The run's random generator.

    Returns
    -------
    matched : np.ndarray
        Mask of the searchers matched.
    sector : np.ndarray
        The sector each matched searcher applies to (one per True of `matched`).
    """
    matched = draw(p_hire[target], rng)
    cum = np.cumsum(open_jobs[target[matched]], axis=1)
    sector = (rng.random(len(cum))[:, None] * cum[:, -1:] >= cum).sum(axis=1)
    return matched, np.minimum(sector, N_SECTORS - 1)


def take_jobs(
    m: Migrants,
    new: np.ndarray,
    district: np.ndarray,
    sector: np.ndarray,
    city: CityState,
    scenario: Scenario,
    rng: np.random.Generator,
) -> None:
    """Start the rows `new` in a job in `district` and `sector`.

    Formality, a dormitory place, the wage and employer insurance are drawn.
    """
    work = scenario.work
    n = len(new)
    formal = draw(work.share_formal, rng, n)
    m.set("employed", True, new)
    m.set("job_district", district, new)
    m.set("sector", sector, new)
    m.set("formal", formal, new)
    m.set("dorm_job", draw(work.share_jobs_with_dormitory, rng, n), new)
    wage = draw_wage(sector, m.education[new], scenario, rng) * np.float32(city.wage_index)
    m.set("wage", wage, new)
    m.set("months_unemployed", 0, new)
    insured_now = m.insured[new] | (formal & draw(city.levers.employer_compliance, rng, n))
    m.set("insured", insured_now, new)


def seekers_of(m: Migrants, just_lost: np.ndarray | None) -> np.ndarray:
    """Return the rows searching this month: the unemployed, except those who just lost a job."""
    return np.flatnonzero(~m.employed if just_lost is None else ~m.employed & ~just_lost)


def search_jobs(
    m: Migrants,
    city: CityState,
    scenario: Scenario,
    rng: np.random.Generator,
    just_lost: np.ndarray | None = None,
) -> np.ndarray:
    """Run the month's job search and return the mask of the newly hired.

    Searchers pick a district to look in (vacancies vs commute), are matched, and hired
    into a sector with room. Those who lost their job this month (`just_lost`) start
    searching next month.
    """
    seekers = seekers_of(m, just_lost)
    hired = np.zeros(len(m), dtype=bool)
    if len(seekers) == 0:
        return hired
    open_jobs = vacancies(m, city)
    v_district = open_jobs.sum(axis=1)
    target = search_district(m, seekers, v_district, city, scenario, rng)
    looking = target >= 0
    seekers, target = seekers[looking], target[looking]
    searchers = np.bincount(target, minlength=N_DISTRICTS).astype(float)
    p_hire = hire_probability(searchers, v_district, city, scenario)
    matched, sector = apply_for_jobs(target, p_hire, open_jobs, rng)
    seekers, target = seekers[matched], target[matched]
    ok = lottery(target * N_SECTORS + sector, open_jobs.ravel(), rng)
    new = seekers[ok]
    hired[new] = True
    take_jobs(m, new, target[ok], sector[ok], city, scenario, rng)
    return hired
