"""Rolling-origin backtests: forecast errors per horizon, and the usual scores.

Origins are expanding training windows: for origin t the model sees the first t
values and forecasts the next h (fewer near the end of the series). At each origin
every method is fitted once, the combination sharing its members' fits. The point
scored is the median forecast. Scores per method and horizon: MASE (scaled by the
in-sample mean absolute one-step change of the training window), sMAPE (percent),
coverage of the 80% and 95% intervals, and the interval (Winkler) score scaled like
MASE. Naive and drift are always scored, as the benchmarks to beat.
"""

import warnings
from collections.abc import Iterable, Mapping

import numpy as np
import pandas as pd

from floatpop.forecasting.calibration import Calibration, resolve_calibration, series_class
from floatpop.forecasting.fit import fit_methods
from floatpop.forecasting.transform import check_method, check_series, is_positive, to_model_scale
from floatpop.scenarios.names import DEFAULT_METHOD

BENCHMARKS = ("naive", "drift")


def default_origins(n: int, max_origins: int = 10) -> list[int]:
    """Return the last `max_origins` training lengths t (from n // 2, at least 2) below n.

    From origin t the horizons 1..min(h, n - t) are scored, so that the latest
    origins, and short series, still count.
    """
    first = max(n // 2, 2, n - max_origins)
    return list(range(first, n))


def backtest_errors(
    y: pd.Series | Mapping[str, pd.Series],
    h: int,
    methods: Iterable[str] = (DEFAULT_METHOD,),
    origins: Iterable[int] | None = None,
) -> pd.DataFrame:
    """Return the backtest errors: one row per (series, method, origin, horizon).

    Each row has the actual value, the point (median) and the native sd on the modelled
    scale, z = (actual - point) / sd, the MASE scale and the ``series_class`` of the
    training window; ``used`` is the method that made the forecast (after any fallback).

    Parameters
    ----------
    y : pd.Series or mapping of str to pd.Series
        One series, or named series.
    h : int
        The longest horizon forecast from each origin.
    methods : iterable of str
        The methods to backtest.
    origins : iterable of int, optional
        The training lengths; by default `default_origins` for each series.
    """
    collection = {"y": y} if isinstance(y, pd.Series) else dict(y)
    methods = tuple(methods)
    for method in methods:
        check_method(method)
    rows = []
    for name, series in collection.items():
        series = check_series(series, name)
        x = to_model_scale(series)
        log = is_positive(series)
        for t in origins if origins is not None else default_origins(len(x)):
            horizon = min(h, len(x) - t)
            if t < 2 or horizon < 1:
                continue
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")  # fallbacks and dropped members, by the thousand
                fits = fit_methods(series.iloc[:t], methods, "native")
            train = series.to_numpy()[:t]
            cls = series_class(x.to_numpy()[:t])
            scale = np.mean(np.abs(np.diff(train))) or np.finfo(float).eps
            for method, fitted in fits.items():
                point, sd = fitted.predict(horizon)
                for k in range(horizon):
                    rows.append(
                        (
                            name,
                            method,
                            fitted.method,
                            t,
                            k + 1,
                            x.iloc[t + k],
                            point[k],
                            sd[k],
                            scale,
                            log,
                            cls,
                        )
                    )
    columns = [
        "series",
        "method",
        "used",
        "origin",
        "horizon",
        "actual",
        "point",
        "sd",
        "scale",
        "log",
        "series_class",
    ]
    errors = pd.DataFrame(rows, columns=columns)
    errors["z"] = (errors.actual - errors.point) / errors.sd
    return errors


def score(
    errors: pd.DataFrame,
    calibration: Calibration | str = "native",
    levels: tuple[int, ...] = (80, 95),
) -> pd.DataFrame:
    """Return scores by method and horizon from `backtest_errors` rows.

    The scores are MASE, sMAPE (percent), and for each of `levels` the coverage and the
    interval score of intervals widened by `calibration`; ``n`` counts the errors.
    """
    calibration = resolve_calibration(calibration)
    e = errors.reset_index(drop=True)

    def to_data(values):  # back from the modelled scale
        return np.where(e.log, np.exp(values), values)

    actual = to_data(e.actual)
    point = to_data(e.point)
    e["ase"] = np.abs(actual - point) / e.scale
    e["sape"] = 200 * np.abs(actual - point) / (np.abs(actual) + np.abs(point))
    for level in levels:
        half = np.empty(len(e))
        for (used, cls, k), rows in e.groupby(["used", "series_class", "horizon"]).groups.items():
            # the calibrated half-width at horizon k, as `ForecastFit.forecast` makes it
            unit = calibration.half_width(used, np.ones(k), level, cls)[-1]
            half[e.index.get_indexer(rows)] = unit * e.loc[rows, "sd"].to_numpy()
        lower, upper = to_data(e.point - half), to_data(e.point + half)
        alpha = 1 - level / 100
        e[f"coverage_{level}"] = (actual >= lower) & (actual <= upper)
        e[f"interval_score_{level}"] = (
            (upper - lower)
            + 2 / alpha * np.maximum(lower - actual, 0)
            + 2 / alpha * np.maximum(actual - upper, 0)
        ) / e.scale
    metrics = {"mase": ("ase", "mean"), "smape": ("sape", "mean"), "n": ("ase", "size")}
    for level in levels:
        metrics[f"coverage_{level}"] = (f"coverage_{level}", "mean")
        metrics[f"interval_score_{level}"] = (f"interval_score_{level}", "mean")
    return e.groupby(["method", "horizon"]).agg(**metrics).reset_index()


def backtest(
    y: pd.Series | Mapping[str, pd.Series],
    h: int,
    methods: Iterable[str] = (DEFAULT_METHOD,),
    origins: Iterable[int] | None = None,
    calibration: Calibration | str = "native",
    levels: tuple[int, ...] = (80, 95),
) -> pd.DataFrame:
    """Return the per-horizon MASE, sMAPE, coverage and interval score of `methods`.

    Naive and drift are always included. `y` is one series or a mapping of named
    series; `origins` are the training lengths (`backtest_errors`), `calibration` widens
    the intervals (`score`) at `levels`.
    """
    methods = list(dict.fromkeys([*methods, *BENCHMARKS]))
    return score(backtest_errors(y, h, methods, origins), calibration, levels)
