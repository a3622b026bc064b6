"""`forecast` and `sample_paths`: one call each, thin wrappers over `fit`."""

import pandas as pd

from floatpop.forecasting.calibration import Calibration
from floatpop.forecasting.fit import fit
from floatpop.forecasting.transform import check_horizon, check_levels
from floatpop.scenarios.names import DEFAULT_METHOD
from floatpop.scenarios.parameters import Inflow


def forecast(
    y: pd.Series,
    h: int,
    method: str = DEFAULT_METHOD,
    levels: tuple[int, ...] = (80, 95),
    calibration: Calibration | str = "reference",
) -> pd.DataFrame:
    """Forecast the next `h` periods of `y`: ``fit(y, method, calibration).forecast(h, levels)``.

    Parameters
    ----------
    y : pd.Series
        The series, with a yearly or monthly index (`check_series`).
    h : int
        The number of periods to forecast, at least 1.
    method : str
        One of `METHODS`; a series too short for it falls back to a simpler one.
    levels : tuple of int
        The interval levels, percentages in (0, 100).
    calibration : Calibration or str
        ``"reference"`` (the shipped factors), ``"native"`` (no widening) or a
        `Calibration`.

    Returns
    -------
    pd.DataFrame
        Indexed by period, with columns ``median`` (the point forecast), ``mean`` (the
        bias-adjusted mean from the model's native variance) and ``lower_L``,
        ``upper_L`` for each level L. The method used and the calibration are on the
        `ForecastFit` (`fit`).

    Raises
    ------
    ValueError
        For an unknown method or calibration, an `h` that is not a positive integer, or a
        level outside (0, 100).
    """
    check_horizon(h)  # before fitting: a bad call fails at once
    check_levels(levels)
    return fit(y, method, calibration).forecast(h, levels)


def sample_paths(
    y: pd.Series,
    h: int,
    n: int,
    method: str = DEFAULT_METHOD,
    seed: int = 0,
    calibration: Calibration | str = "reference",
    trend_share: float = Inflow.trend_share,
) -> pd.DataFrame:
    """Draw `n` coherent sample paths: ``fit(y, method, calibration).sample_paths(...)``.

    See `ForecastFit.sample_paths`: one row per path (index ``path``), one column per
    future period, on the scale of `y`; their median is the point forecast and their
    quantiles the calibrated intervals. Path r depends only on (seed, r).

    Raises
    ------
    ValueError
        For an unknown method or calibration, or a `trend_share` outside [0, 1].
    """
    check_horizon(h)
    return fit(y, method, calibration).sample_paths(h, n, seed, trend_share)
