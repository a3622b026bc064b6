"""The arrival paths of runs: sample paths of the floating-stock forecast, turned into
monthly gross arrivals with the exit rate measured on a short probe run of the model.

`inflow="forecast"` (the default) draws path r of the combination forecast of the fused
floating-stock history for replication r; `inflow="trend"` is the deterministic
data-derived trend of `forecasting.baseline_inflow`.
"""

from dataclasses import replace
from functools import cache

import numpy as np
import pandas as pd

from floatpop.forecasting import baseline_inflow, sample_paths
from floatpop.forecasting.coupling import inflow_paths
from floatpop.forecasting.fusion import fuse_floating
from floatpop.forecasting.history import floating_observations
from floatpop.model import MigrationModel
from floatpop.scenarios import Scenario
from floatpop.scenarios.calendar import month_index, month_label, months_between

INFLOWS = ("forecast", "trend")
PROBE_MONTHS = 48
WARM_UP_MONTHS = 12  # newcomers' high early exit rate needs time to reach its share
PROBE_SCALE = 0.002  # about 2,500 agents: enough for a rate, and fast


@cache
def floating_history() -> pd.Series:
    """Fused yearly floating stock (median), from the first observed year on."""
    fused = fuse_floating()
    first = int(fused.observed.first_valid_index())
    history = fused["median"].loc[first:]
    return pd.Series(
        history.to_numpy(), index=pd.period_range(str(first), periods=len(history), freq="Y")
    )


def history_before(year: int) -> pd.Series:
    """Fused floating stock (yearly periods) from what was observed before `year` only."""
    obs = floating_observations(before=year)
    values = fuse_floating(obs)["median"].loc[int(obs.year.min()) :]
    return pd.Series(
        values.to_numpy(),
        index=pd.period_range(str(values.index[0]), periods=len(values), freq="Y"),
    )


def measured_exit_rate(scenario: Scenario, seed: int = 0) -> float:
    """Monthly (departures + hukou settlements) / stock over years 2-4 of a probe run
    whose arrivals replace departures at the base hazard."""
    run = replace(
        scenario.run,
        scale=min(scenario.run.scale, PROBE_SCALE),
        end=month_label(month_index(scenario.run.start) + PROBE_MONTHS),
    )
    probe_scenario = replace(scenario, run=run)
    stock_0 = scenario.city.initial(run.start).stock[run.initial_stock]
    inflow = np.full(PROBE_MONTHS, stock_0 * scenario.departures.base_hazard)
    probe = MigrationModel(probe_scenario, inflow, seed=seed)
    probe.run()
    city = np.stack(probe.records)[:, :, -1]  # [month, outcome], month 0 = start
    names = list(probe.outcome_names)
    exits = city[:, names.index("departures")] + city[:, names.index("hukou_settlements")]
    stock = city[:, names.index("floating_stock")]
    after = slice(WARM_UP_MONTHS + 1, None)
    return float(exits[after].sum() / stock[WARM_UP_MONTHS:-1].sum())


def forecast_inflows(
    scenario: Scenario,
    seed: int,
    n_paths: int,
    method: str = "combo",
    history: pd.Series | None = None,
) -> np.ndarray:
    """[path, month] arrivals; path r depends only on (seed, r), so replication r of
    every scenario gets the same path. `history` (yearly, period index) defaults to the
    fused floating stock; the hindcast passes what was known before 2020."""
    history = floating_history() if history is None else history
    n_months = months_between(scenario.run.start, scenario.run.end)
    last_year = int(scenario.run.end[:4])
    h = max(last_year - history.index[-1].year, 1)
    paths = sample_paths(history, h, n_paths, method=method, seed=seed)
    initial = scenario.city.initial(scenario.run.start).stock[scenario.run.initial_stock]
    history_years = pd.Series(history.to_numpy(), index=history.index.year)
    return inflow_paths(
        history_years,
        paths,
        scenario.run.start,
        n_months,
        measured_exit_rate(scenario, seed),
        initial,
    )


def default_inflow(scenario: Scenario, seed: int = 0, inflow: str = "forecast") -> np.ndarray:
    """Monthly gross arrivals (persons) for the whole run of `scenario`."""
    if inflow == "forecast":
        return forecast_inflows(scenario, seed, 1)[0]
    if inflow == "trend":
        n_months = months_between(scenario.run.start, scenario.run.end)
        return baseline_inflow(scenario, n_months, measured_exit_rate(scenario, seed))
    raise ValueError(f"inflow must be one of {', '.join(INFLOWS)}, got {inflow!r}")
