"""The floating-stock paths runs follow.

They are sample paths of the floating-stock forecast, by month, rescaled to start at
the run's initial stock: the forecast supplies the growth, the scenario the level. A
run that follows a path sets each month's gross arrivals to bring its stock to the path
(`rules.arrivals.follow_path`); the runs paired with it take those arrivals as given.

`kind="forecast"` (the default) draws path r of the forecast of the fused
floating-stock history for replication r; `kind="trend"` is the deterministic
data-derived trend of `forecasting.baseline_stock`. How the paths are made (method,
trend share) is the scenario's `[inflow]` section.
"""

import warnings

import numpy as np
import pandas as pd

from floatpop.forecasting import baseline_stock, sample_paths
from floatpop.forecasting.coupling import stock_paths
from floatpop.forecasting.fusion import floating_history, history_draws
from floatpop.scenarios import Scenario
from floatpop.scenarios.calendar import months_between
from floatpop.scenarios.names import INFLOWS


def initial_stock(scenario: Scenario) -> float:
    """Return the run's initial floating stock, persons (the chosen estimate x its factor)."""
    run = scenario.run
    return scenario.city.initial(run.start).stock[run.initial_stock] * run.initial_stock_factor


def forecast_stock_paths(
    scenario: Scenario, seed: int, n_paths: int, history: pd.Series | None = None
) -> np.ndarray:
    """Return floating-stock paths by [path, month 0..n], persons.

    Path r depends only on (seed, r), so replication r of every scenario gets the same
    path.

    Parameters
    ----------
    scenario : Scenario
        The scenario whose run the paths cover.
    seed : int
        The seed of the paths.
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
    history_years = pd.Series(history.to_numpy(), index=history.index.year)
    return stock_paths(history_years, paths, scenario.run.start, n_months, initial_stock(scenario))


def drawn_stock_paths(
    scenario: Scenario, seed: int, n_paths: int, before: int | None = None
) -> np.ndarray:
    """Return stock paths by [path, month 0..n], each continuing its own drawn history.

    Path r draws a history from the fusion's posterior (`fusion.history_draws`, what
    was observed before `before` if given) and a forecast path from a fit to that
    history; it keeps the drawn history's level, so it starts where that history puts
    the start month. Path r depends only on (seed, r).
    """
    n_months = months_between(scenario.run.start, scenario.run.end)
    settings = scenario.inflow
    rows = []
    for r, history in enumerate(history_draws(n_paths, seed, before)):
        h = max(int(scenario.run.end[:4]) - history.index[-1].year, 1)
        path_seed = int(np.random.SeedSequence([seed, r]).generate_state(1)[0])
        with warnings.catch_warnings():
            warnings.filterwarnings("ignore", message="combo: dropped member")
            path = sample_paths(
                history, h, 1, settings.method, path_seed, trend_share=settings.trend_share
            )
        years = pd.Series(history.to_numpy(), index=history.index.year)
        rows.append(stock_paths(years, path, scenario.run.start, n_months, None)[0])
    return np.array(rows)


def default_stock_path(scenario: Scenario, seed: int = 0, kind: str = "forecast") -> np.ndarray:
    """Return the floating stock (persons, months 0..n) a run of `scenario` follows.

    It is path 0 of the forecast for `seed`, or the data trend (`kind`, one of
    `INFLOWS`).

    Raises
    ------
    ValueError
        For an unknown `kind`.
    """
    if kind == "forecast":
        return forecast_stock_paths(scenario, seed, 1)[0]
    if kind == "trend":
        n_months = months_between(scenario.run.start, scenario.run.end)
        return baseline_stock(scenario, n_months, initial_stock(scenario))
    raise ValueError(f"inflow must be one of {', '.join(INFLOWS)}, got {kind!r}")
