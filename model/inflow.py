"""The arrival paths of runs.

They are sample paths of the floating-stock forecast, turned into monthly gross arrivals
with the exit rate measured on a short probe run of the model.

`kind="forecast"` (the default) draws path r of the forecast of the fused
floating-stock history for replication r; `kind="trend"` is the deterministic
data-derived trend of `forecasting.baseline_inflow`. How the paths are made (method,
trend share, the probe) is the scenario's `[inflow]` section.
"""

import warnings
from dataclasses import replace

import numpy as np
import pandas as pd

from floatpop.forecasting import baseline_inflow, sample_paths
from floatpop.forecasting.coupling import inflow_paths
from floatpop.forecasting.fusion import floating_history
from floatpop.scenarios import Scenario
from floatpop.scenarios.calendar import month_index, month_label, months_between
from floatpop.scenarios.names import INFLOWS


def measured_exit_rate(scenario: Scenario, seed: int = 0) -> float:
    """Return the monthly exit rate measured on a probe run of the model.

    The rate is (departures + hukou settlements) / stock after the warm-up of a probe
    run whose arrivals replace departures at the base hazard (`[inflow]` probe
    settings).
    """
    # the probe is a run of the model, which imports this module for its own arrivals
    from floatpop.model.model import MigrationModel

    settings = scenario.inflow
    run = replace(
        scenario.run,
        scale=min(scenario.run.scale, settings.probe_scale),
        end=month_label(month_index(scenario.run.start) + settings.probe_months),
    )
    probe_scenario = replace(scenario, run=run)
    stock_0 = scenario.city.initial(run.start).stock[run.initial_stock]
    inflow = np.full(settings.probe_months, stock_0 * scenario.departures.base_hazard)
    probe = MigrationModel(probe_scenario, inflow=inflow, seed=seed)
    probe.run()
    records = probe.records  # month 0 = start
    exits = records.city("departures") + records.city("hukou_settlements")
    stock = records.city("floating_stock")
    warm_up = settings.probe_warm_up_months
    return float(exits[warm_up + 1 :].sum() / stock[warm_up:-1].sum())


def forecast_inflows(
    scenario: Scenario, seed: int, n_paths: int, history: pd.Series | None = None
) -> np.ndarray:
    """Return gross arrivals by [path, month], persons per month.

    Path r depends only on (seed, r), so replication r of every scenario gets the same
    path.

    Parameters
    ----------
    scenario : Scenario
        The scenario whose run the paths cover.
    seed : int
        The seed of the paths (and of the probe run, `measured_exit_rate`).
    n_paths : int
        How many paths.
    history : pd.Series, optional
        The yearly floating stock (period index); defaults to the fused floating stock.
        The hindcast passes what was known before 2020.
    """
    history = floating_history() if history is None else history
    n_months = months_between(scenario.run.start, scenario.run.end)
    last_year = int(scenario.run.end[:4])
    h = max(last_year - history.index[-1].year, 1)
    settings = scenario.inflow
    with warnings.catch_warnings():
        # which combo members the history drops is a fact of the data, not of this run:
        # `floatpop forecast` and `forecasting.fit(history).dropped` show it
        warnings.filterwarnings("ignore", message="combo: dropped member")
        paths = sample_paths(
            history, h, n_paths, settings.method, seed, trend_share=settings.trend_share
        )
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


def default_inflow(scenario: Scenario, seed: int = 0, kind: str = "forecast") -> np.ndarray:
    """Return monthly gross arrivals (persons) for the whole run of `scenario`.

    They are path 0 of the forecast for `seed`, or the data trend (`kind`, one of
    `INFLOWS`).

    Raises
    ------
    ValueError
        For an unknown `kind`.
    """
    if kind == "forecast":
        return forecast_inflows(scenario, seed, 1)[0]
    if kind == "trend":
        n_months = months_between(scenario.run.start, scenario.run.end)
        return baseline_inflow(scenario, n_months, measured_exit_rate(scenario, seed))
    raise ValueError(f"inflow must be one of {', '.join(INFLOWS)}, got {kind!r}")
