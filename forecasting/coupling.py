"""From yearly floating-stock paths to the monthly stock paths runs follow.

A yearly stock path (history up to its last observed year, then a sample path) is
read as year-end values, interpolated to months (a shape-preserving cubic on the log
scale, so growth has no jumps at year ends), and rescaled so that it starts at the
run's initial stock: the forecast supplies growth, the scenario the level. The model
sets the arrivals that make its stock follow the path (`model.rules.arrivals`).
"""

import numpy as np
import pandas as pd
from scipy.interpolate import PchipInterpolator

from floatpop.scenarios.calendar import month_index


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


def stock_paths(
    history: pd.Series,
    paths: pd.DataFrame,
    start: str,
    n_months: int,
    initial_stock: float | None,
) -> np.ndarray:
    """Return the stock by [path, month 0..n_months] (persons) for a run from `start`.

    `history` is the yearly fused stock (index: years); `paths` the sample paths of the
    years after it (rows: paths, columns: yearly periods), from `sample_paths`. Each
    path is rescaled to start at `initial_stock` (None: each keeps its own level).

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
    return stock if initial_stock is None else stock * (initial_stock / stock[:, :1])
