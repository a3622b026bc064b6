"""`forecast` and `sample_paths`: one call for every method, calibrated intervals."""

import numpy as np
import pandas as pd
from scipy.stats import norm

from floatpop.forecasting.calibration import NATIVE, Calibration, reference
from floatpop.forecasting.methods import METHODS, Prediction, predict
from floatpop.forecasting.transform import check_series, future_index, is_positive, to_model_scale
from floatpop.scenarios.names import DEFAULT_METHOD
from floatpop.scenarios.parameters import Inflow


def resolve_calibration(calibration: Calibration | str | None) -> Calibration:
    """Return the Calibration that `calibration` names.

    ``None`` or ``"native"`` is no widening, ``"reference"`` the shipped factors, and a
    `Calibration` is returned as it is.

    Raises
    ------
    ValueError
        For anything else.
    """
    if calibration is None or calibration == "native":
        return NATIVE
    if calibration == "reference":
        return reference()
    if isinstance(calibration, Calibration):
        return calibration
    raise ValueError(
        f"calibration must be 'reference', 'native' or a Calibration, got {calibration!r}"
    )


def check_method(method: str) -> None:
    """Raise a ValueError naming the methods if `method` is not one of `METHODS`."""
    if method not in METHODS:
        raise ValueError(f"unknown method {method!r}; choose one of {', '.join(METHODS)}")


def calibrated_sd(prediction: Prediction, calibration: Calibration, level: int) -> np.ndarray:
    """Return the native sd x the calibration factor, never shrinking with the horizon."""
    h = len(prediction.sd)
    return np.maximum.accumulate(prediction.sd * calibration.factor(prediction.method, level, h))


def forecast(
    y: pd.Series,
    h: int,
    method: str = DEFAULT_METHOD,
    levels: tuple[int, ...] = (80, 95),
    calibration: Calibration | str = "reference",
) -> pd.DataFrame:
    """Forecast the next `h` periods of `y`.

    Positive series are modelled on the log scale: the bounds are exp(mu -/+ z_L f_L sd)
    and the mean exp(mu + s^2 / 2), the mean of that log-normal (s the 95% calibrated
    sd). Intervals are widened by the calibration factors f (the shipped reference by
    default); they and the method actually used are stored in ``frame.attrs``.

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
        Indexed by period, with columns ``mean`` and ``lower_L``, ``upper_L`` for each
        level L.

    Raises
    ------
    ValueError
        For an unknown method or calibration, an `h` that is not a positive integer, or a
        level outside (0, 100).
    """
    y = check_series(y)
    check_method(method)
    if not (isinstance(h, int | np.integer) and h >= 1):
        raise ValueError(f"h must be a positive integer, got {h!r}")
    for level in levels:
        if not 0 < level < 100:
            raise ValueError(f"levels are percentages in (0, 100), got {level!r}")
    calibration = resolve_calibration(calibration)
    log = is_positive(y)
    prediction = predict(to_model_scale(y), h, method)
    frame = pd.DataFrame(index=future_index(y, h))
    s = calibrated_sd(prediction, calibration, 95)
    frame["mean"] = np.exp(prediction.mean + s**2 / 2) if log else prediction.mean
    back = np.exp if log else (lambda v: v)
    for level in levels:
        half = norm.ppf(0.5 + level / 200) * calibrated_sd(prediction, calibration, level)
        frame[f"lower_{level}"] = back(prediction.mean - half)
        frame[f"upper_{level}"] = back(prediction.mean + half)
    frame.attrs.update(
        method=prediction.method,
        log_scale=log,
        calibration=calibration.source,
        factors={lvl: calibration.factor(prediction.method, lvl, h).tolist() for lvl in levels},
    )
    return frame


def sample_paths(
    y: pd.Series,
    h: int,
    n: int,
    method: str = DEFAULT_METHOD,
    seed: int = 0,
    calibration: Calibration | str = "reference",
    trend_share: float = Inflow.trend_share,
) -> pd.DataFrame:
    """Draw `n` coherent sample paths of the next `h` periods (rows: path, columns: period).

    Each path is the forecast mean plus s_k (sqrt(t) z + sqrt(1 - t) w_k) on the
    modelled scale, with t the `trend_share` (the `[inflow]` parameter of that name),
    s_k the calibrated sd at horizon k, z one normal shock held for the whole path
    (uncertainty about the trend) and w_k a random walk of independent normal steps
    scaled to unit variance at each horizon (year-to-year noise). Every path is a whole
    trajectory (never independent yearly quantiles), and the paths' spread at each
    horizon matches the calibrated 95% interval. Path r depends only on (seed, r).

    Parameters
    ----------
    y : pd.Series
        The series, with a yearly or monthly index (`check_series`).
    h : int
        The number of periods of each path.
    n : int
        The number of paths.
    method : str
        One of `METHODS`.
    seed : int
        The seed of the normal draws.
    calibration : Calibration or str
        ``"reference"`` (the shipped factors), ``"native"`` (no widening) or a
        `Calibration`.
    trend_share : float
        The share t in [0, 1] of each horizon's variance held along a path.

    Returns
    -------
    pd.DataFrame
        One row per path (index ``path``), one column per future period, on the scale
        of `y`.

    Raises
    ------
    ValueError
        For an unknown method or calibration, or a `trend_share` outside [0, 1].
    """
    y = check_series(y)
    check_method(method)
    calibration = resolve_calibration(calibration)
    prediction = predict(to_model_scale(y), h, method)
    s = calibrated_sd(prediction, calibration, 95)
    step_sd = np.sqrt(np.diff(np.concatenate([[0.0], s**2])))
    draws = np.random.default_rng(seed).standard_normal((n, h + 1))  # row r: path r only
    walk = np.cumsum(draws[:, 1:] * step_sd, axis=1) / s  # unit variance at each horizon
    if not 0 <= trend_share <= 1:
        raise ValueError(f"trend_share must be in [0, 1], got {trend_share!r}")
    shock = np.sqrt(trend_share) * draws[:, :1] + np.sqrt(1 - trend_share) * walk
    paths = prediction.mean + s * shock
    values = np.exp(paths) if is_positive(y) else paths
    frame = pd.DataFrame(values, columns=future_index(y, h))
    frame.index.name = "path"
    frame.attrs.update(method=prediction.method, calibration=calibration.source, seed=seed)
    return frame
