"""The forecasting methods, each reduced to one shape: a mean and a native sd per horizon.

The mean and the native standard deviation are on the scale the series is modelled on
(log for positive series).

Methods: naive, drift, ets (damped additive trend), arima (order by AICc over a small
grid, with drift), theta, and combo (equal-weight mean of ets, arima and theta). A
series too short for a method falls back to a simpler one, with a warning.
"""

import warnings
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy.stats import norm
from statsmodels.tsa.arima.model import ARIMA
from statsmodels.tsa.exponential_smoothing.ets import ETSModel
from statsmodels.tsa.forecasting.theta import ThetaModel
from threadpoolctl import threadpool_limits

from floatpop.scenarios.names import METHODS  # noqa: F401 (the menu, exported here too)

#: the shortest series each method is fitted to; shorter ones fall back
MIN_LENGTH = {"naive": 2, "drift": 3, "theta": 6, "arima": 8, "ets": 10, "combo": 10}
FALLBACK = {"combo": "drift", "ets": "drift", "arima": "drift", "theta": "drift", "drift": "naive"}
#: (p, d, q) orders tried by `arima`, each with a drift term
ARIMA_ORDERS = ((0, 1, 0), (1, 1, 0), (0, 1, 1), (1, 1, 1), (2, 1, 0))
Z95 = norm.ppf(0.975)


@dataclass(frozen=True)
class Prediction:
    """Forecast of the modelled (possibly log) values for horizons 1..h."""

    method: str  # the method that was actually used (after any fallback)
    mean: np.ndarray
    sd: np.ndarray  # native standard deviation of the forecast error


def usable_method(method: str, n: int) -> str:
    """Return `method`, or the simpler method it falls back to when n is too short.

    A fallback is announced with a warning.

    Raises
    ------
    ValueError
        If n is too short even for ``naive``.
    """
    chosen = method
    while n < MIN_LENGTH[chosen]:
        if chosen == "naive":
            raise ValueError(f"a series needs at least {MIN_LENGTH['naive']} values, got {n}")
        chosen = FALLBACK[chosen]
    if chosen != method:
        warnings.warn(
            f"series of {n} values is too short for {method!r} "
            f"(needs {MIN_LENGTH[method]}); using {chosen!r}",
            stacklevel=3,
        )
    return chosen


def predict(x: pd.Series, h: int, method: str) -> Prediction:
    """Fit `method` to the (modelled) series x and forecast h steps."""
    chosen = usable_method(method, len(x))
    # one BLAS thread: these fits are tiny, and threads fighting over busy cores (other
    # runs, other workers) made them twenty times slower
    with warnings.catch_warnings(), threadpool_limits(limits=1, user_api="blas"):
        warnings.simplefilter("ignore")  # optimiser chatter on short series
        mean, sd = FITTERS[chosen](x, h)
    return Prediction(chosen, np.asarray(mean, float), np.maximum(np.asarray(sd, float), 1e-12))


def naive(x: pd.Series, h: int):
    """Return the random walk's mean and sd for horizons 1..h.

    The mean is the last value; the sd is the root mean square of the differences
    times sqrt(horizon).
    """
    diffs = np.diff(x.to_numpy())
    sigma = np.sqrt(np.mean(diffs**2))
    steps = np.arange(1, h + 1)
    return np.full(h, x.iloc[-1]), sigma * np.sqrt(steps)


def drift(x: pd.Series, h: int):
    """Return the random walk with drift's mean and sd for horizons 1..h.

    The slope is (last - first) / (n - 1); the sd, from the residual differences, is
    sigma x sqrt(k (1 + k / (n - 1))) at horizon k, counting the slope's uncertainty.
    """
    values = x.to_numpy()
    n = len(values)
    slope = (values[-1] - values[0]) / (n - 1)
    residuals = np.diff(values) - slope
    sigma = np.sqrt(np.sum(residuals**2) / max(n - 2, 1))
    steps = np.arange(1, h + 1)
    return values[-1] + slope * steps, sigma * np.sqrt(steps * (1 + steps / (n - 1)))


def ets(x: pd.Series, h: int):
    """Return the mean and sd for horizons 1..h of ETS with additive errors, damped trend.

    The sd is read off the 95% prediction interval.
    """
    # get_prediction needs the model fitted on a pandas Series (not a numpy array)
    fit = ETSModel(x, error="add", trend="add", damped_trend=True).fit(disp=False)
    frame = fit.get_prediction(start=len(x), end=len(x) + h - 1).summary_frame(alpha=0.05)
    return frame["mean"], (frame["pi_upper"] - frame["pi_lower"]) / (2 * Z95)


def arima(x: pd.Series, h: int):
    """Return the mean and sd for horizons 1..h of the best ARIMA with drift.

    The orders of `ARIMA_ORDERS` are fitted and the one with the lowest AICc is kept.

    Raises
    ------
    ValueError
        If no order could be fitted.
    """
    fits = []
    for order in ARIMA_ORDERS:
        try:
            fits.append(ARIMA(x, order=order, trend="t").fit())
        except (ValueError, np.linalg.LinAlgError):
            continue
    if not fits:
        raise ValueError("no ARIMA order could be fitted to this series")
    best = min(fits, key=lambda f: f.aicc if np.isfinite(f.aicc) else np.inf)
    frame = best.get_forecast(h).summary_frame(alpha=0.05)
    return frame["mean"], frame["mean_se"]


def theta(x: pd.Series, h: int):
    """Return the Theta method's mean and sd for horizons 1..h (not deseasonalised).

    The sd is read off the 95% prediction interval.
    """
    fit = ThetaModel(x, period=1, deseasonalize=False).fit()
    bounds = fit.prediction_intervals(h, alpha=0.05)
    return fit.forecast(h), (bounds["upper"] - bounds["lower"]) / (2 * Z95)


def combo(x: pd.Series, h: int):
    """Return the equal-weight mean of ets, arima and theta, and the mean of their sds.

    Taking the mean of the sds treats the three errors as if they were perfectly
    correlated: the cautious choice.
    """
    parts = [np.asarray(f(x, h), float) for f in (ets, arima, theta)]
    return np.mean([p[0] for p in parts], axis=0), np.mean([p[1] for p in parts], axis=0)


FITTERS = {
    "naive": naive,
    "drift": drift,
    "ets": ets,
    "arima": arima,
    "theta": theta,
    "combo": combo,
}
