"""Arrivals: how many come this month, and who they are."""

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


def arrive(
    inflow_persons: float,
    stock_by_district: np.ndarray,
    scenario: Scenario,
    rng: np.random.Generator,
) -> Migrants:
    """Draw the month's arrivals; they land where the floating population already lives."""
    n = n_arrivals(inflow_persons, scenario, rng)
    return draw_arrivals(n, stock_by_district + 1.0, scenario, rng)
