"""The labour market: a real wage that grows and moves with tightness, and labour demand.

Every month, before job search:

- the wage index is W_t = (1 + g_w)^(t/12) x (u_t / u_0)^(-phi): real wage growth g_w
  (`real_wage_growth_per_year`), times a wage curve in the migrants' unemployment
  rate u (last month's), against the start's u_0, with elasticity phi
  (`wage_curve_elasticity`);
- labour demand is J_t = J_0 x (Y_t / Y_0) / (W_t / W_0) by district and sector: jobs
  grow with real output Y (the city's GDP series) and a constant labour share, so a
  dearer wage buys fewer jobs (a demand elasticity of -1);
- the wages of those in work move with the index, and new hires are paid at it.
"""

import numpy as np

from floatpop.model.city import CityState
from floatpop.model.migrants import Migrants
from floatpop.scenarios import Scenario


def unemployment_rate(m: Migrants) -> float:
    """Return the share of migrants without a job (0 for an empty store)."""
    return 1.0 - np.count_nonzero(m.employed) / max(len(m), 1)


def wage_index(months: int, unemployment: float, start_unemployment: float, scenario: Scenario):
    """Return the real wage index `months` after the start, at `unemployment`.

    It is (1 + g_w)^(months / 12) x (u / u_0)^(-phi), the rates floored at 0.5% so a
    run without unemployment has a finite wage.
    """
    w = scenario.work
    trend = (1 + w.real_wage_growth_per_year) ** (months / 12)
    floor = 0.005
    tightness = max(unemployment, floor) / max(start_unemployment, floor)
    return trend * tightness ** (-w.wage_curve_elasticity)


def update_labour_market(
    m: Migrants, city: CityState, scenario: Scenario, settled: Migrants | None = None
) -> None:
    """Move the wage index, the wages of those in work, and labour demand, for a month.

    The wages of the `settled` (who keep their jobs) move with the index too.
    """
    new_index = wage_index(city.month, unemployment_rate(m), city.start_unemployment, scenario)
    change = np.float32(new_index / city.wage_index)
    m.wage *= change
    if settled is not None:
        settled.wage *= change
    city.wage_index = new_index
    city.jobs = city.start_jobs * city.output_index[city.month] / new_index
