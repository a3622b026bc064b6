"""From floating-stock paths to the model's monthly gross-arrival paths.

A yearly stock path (history up to its last observed year, then a sample path) is
read as year-end values, interpolated to months (a shape-preserving cubic on the log
scale, so growth has no jumps at year ends), and rescaled so that it
starts at the run's initial stock: the forecast supplies growth, the scenario the
level. Gross arrivals then replace the exits and add the growth,

    A_m = S_m x e + (S_{m+1} - S_m),   floored at 0,

with e the monthly exit rate (departures plus settlements per person) of the baseline.
"""

import numpy as np
import pandas as pd
from scipy.interpolate import PchipInterpolator

from floatpop.scenarios.calendar import month_index


def arrivals_from_stock(stock: np.ndarray, exit_rate: float) -> np.ndarray:
    """Return monthly arrivals for stock values at months 0..n (the last dimension).

    Raises
    ------
    ValueError
        If `exit_rate` is not a monthly rate in [0, 1).
    """
    if not 0 <= exit_rate < 1:
        raise ValueError(f"exit_rate must be a monthly rate in [0, 1), got {exit_rate}")
    return np.maximum(stock[..., :-1] * exit_rate + np.diff(stock, axis=-1), 0.0)


def monthly_stock(yearly: pd.DataFrame, start: str, n_months: int) -> np.ndarray:
    """Return the stock by [path, month 0..n_months], from yearly year-end values (columns: years).

    Raises
    ------
    ValueError
        If the years do not cover the run's months.
    """
    years = np.array([int(str(c)) for c in yearly.columns])
    at = (years - 0) * 12 + 11  # December of each year, in months since year 0
    months = month_index(start) + np.arange(n_months + 1)
    if months[0] < at[0] or months[-1] > at[-1]:
        raise ValueError(
            f"the stock paths cover {years[0]}-{years[-1]}; the run needs "
            f"{start} plus {n_months} months"
        )
    logs = np.log(yearly.to_numpy(float))
    # shape-preserving cubic in time: the growth rate has no jumps at year ends
    return np.exp(PchipInterpolator(at, logs, axis=1)(months))


def inflow_paths(
    history: pd.Series,
    paths: pd.DataFrame,
    start: str,
    n_months: int,
    exit_rate: float,
    initial_stock: float,
) -> np.ndarray:
    """Return gross arrivals by [path, month] (persons/month) for a run of `n_months` from `start`.

    `history` is the yearly fused stock (index: years); `paths` the sample paths of the
    years after it (rows: paths, columns: yearly periods), from `sample_paths`. Each
    path is rescaled to start at `initial_stock`.

    Raises
    ------
    ValueError
        If the paths do not start the year after the history ends, or the years do not
        cover the run.
    """
    years = [int(str(c)) for c in paths.columns]
    if years[0] != int(history.index[-1]) + 1:
        raise ValueError("sample paths must start the year after the history ends")
    past = np.tile(history.to_numpy(float), (len(paths), 1))
    yearly = pd.DataFrame(
        np.hstack([past, paths.to_numpy(float)]), columns=[*history.index.astype(int), *years]
    )
    stock = monthly_stock(yearly, start, n_months)
    stock *= initial_stock / stock[:, :1]
    return arrivals_from_stock(stock, exit_rate)
