"""Arrivals: how many come this month, who they are, and where they first lodge."""

import numpy as np

from floatpop.model.migrants import Migrants
from floatpop.model.population import draw_arrivals
from floatpop.scenarios import Scenario


def mean_persons_per_agent(scenario: Scenario) -> float:
    """Return the expected persons an arriving agent stands for (the migrant plus children)."""
    a = scenario.arrivals
    return 1 + a.share_with_children * (1 + a.share_two_children)


def n_arrivals(inflow_persons: float, scenario: Scenario, rng: np.random.Generator) -> int:
    """Draw the agents arriving: Poisson(scale x A_t / persons per agent), A_t in persons/month."""
    expected = scenario.run.scale * inflow_persons / mean_persons_per_agent(scenario)
    return int(rng.poisson(expected))


def follow_path(target: float, stock: float, other_change: float) -> float:
    """Return the month's gross arrivals (persons) that bring the floating stock to `target`.

    Rule: A_t = max(0, S*_t - S_(t-1) - D_(t-1)), with S* the path, S the stock before
    the month, and D the stock change other than arrivals (exits, settlements, births)
    of the month before, the best guess of this month's. A miss is corrected the month
    after, so it never accumulates.
    """
    return max(0.0, target - stock - other_change)


def landing_utility(
    open_by_district: np.ndarray, origin_share: np.ndarray, scenario: Scenario
) -> np.ndarray:
    """Return the utility of first lodging in each district, by [origin, district].

    A logit of opportunity: U_od = log(1 + V_d) + b_net x log(1 + s_od), with V_d the
    open jobs of district d (the job-search logit's term, `work.search_district`, with
    no commute yet: a newcomer has no home) and s_od the share of origin group o living
    in d (the housing choice's network term, `housing.beta_network`). Rents and services
    enter in the same month, when the newcomer chooses a home (`rules.housing`).
    """
    return np.log1p(open_by_district)[None, :] + scenario.housing.beta_network * np.log1p(
        origin_share
    )


def landing_probabilities(utility: np.ndarray) -> np.ndarray:
    """Return the chance a newcomer first lodges in each district, by [origin, district].

    The logit of `landing_utility`.
    """
    e = np.exp(utility - utility.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)


def arrive(
    inflow_persons: float,
    landing: np.ndarray,
    scenario: Scenario,
    rng: np.random.Generator,
) -> Migrants:
    """Draw the month's arrivals; each first lodges by `landing` [origin, district]."""
    n = n_arrivals(inflow_persons, scenario, rng)
    return draw_arrivals(n, landing, scenario, rng)
