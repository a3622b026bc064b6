"""Where newcomers first lodge: by open jobs and by their origin group's network."""

import numpy as np

from floatpop.model.codes import N_DISTRICTS, Origin
from floatpop.model.population import draw_arrivals
from floatpop.model.rules.arrivals import landing_probabilities, landing_utility
from floatpop.scenarios import load

BASELINE = load("baseline", scale=0.002)
EVEN_NETWORK = np.full((len(Origin), N_DISTRICTS), 1 / N_DISTRICTS)


def test_newcomers_land_where_the_jobs_are():
    open_jobs = np.full(N_DISTRICTS, 100.0)
    richer = open_jobs.copy()
    richer[6] = 400.0  # Midong has four times the open jobs of every other district
    even = landing_probabilities(landing_utility(open_jobs, EVEN_NETWORK, BASELINE))
    skewed = landing_probabilities(landing_utility(richer, EVEN_NETWORK, BASELINE))
    assert np.allclose(even, 1 / N_DISTRICTS), "equal jobs and networks: every district alike"
    assert np.allclose(skewed.sum(axis=1), 1.0), "each origin's chances sum to one"
    # log(1 + V) with weight 1: the odds against another district are 401 / 101
    odds = skewed[:, 6] / skewed[:, 0]
    assert np.allclose(odds, 401 / 101), f"odds {odds} are the vacancy term's, 3.97"


def test_newcomers_follow_their_own_origin_group():
    open_jobs = np.full(N_DISTRICTS, 100.0)
    network = EVEN_NETWORK.copy()
    network[Origin.OTHER_PROVINCE] = 0.0
    network[Origin.OTHER_PROVINCE, 2] = 1.0  # every other-province migrant lives in Xinshi
    p = landing_probabilities(landing_utility(open_jobs, network, BASELINE))
    assert p[Origin.OTHER_PROVINCE, 2] > 1 / N_DISTRICTS, "their network pulls them to Xinshi"
    assert np.allclose(p[Origin.WITHIN_XINJIANG], 1 / N_DISTRICTS), "the others are not pulled"


def test_arrivals_are_drawn_by_their_origin_groups_chances():
    rng = np.random.default_rng(5)
    landing = np.array([np.eye(N_DISTRICTS)[1], np.eye(N_DISTRICTS)[4]])  # a sure district each
    arrivals = draw_arrivals(4000, landing, BASELINE, rng)
    within = arrivals.origin == Origin.WITHIN_XINJIANG
    assert np.all(arrivals.district[within] == 1), "within-Xinjiang arrivals all land in 1"
    assert np.all(arrivals.district[~within] == 4), "other-province arrivals all land in 4"
    assert np.all(arrivals.job_district == arrivals.district), "they search from where they lodge"
