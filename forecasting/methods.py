"""The forecasting methods, each fitted once into a `Member` that forecasts any horizon.

A member gives, for horizons 1..h, a point (the median on the scale the series is
modelled on: log for positive series) and the model's native standard deviation of the
forecast error on that scale.

Methods: naive, drift, ets (damped additive trend), arima (order by AICc over a small
grid, with drift), theta, and combo (the median of all five,
`forecasting.combination`). A series too short for a method falls back to a simpler one,
with a warning.
"""

import warnings
from collections.abc import Callable
from contextlib import contextmanager
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
#: the smallest native sd kept, so that standardised errors stay finite
MIN_SD = 1e-12


@contextmanager
def quiet_fitting():
    """Silence optimiser chatter and hold BLAS to one thread while statsmodels works.

    One BLAS thread: these fits are tiny, and threads fighting over busy cores (other
    runs, other workers) made them twenty times slower.
    """
    with warnings.catch_warnings(), threadpool_limits(limits=1, user_api="blas"):
        warnings.simplefilter("ignore")
        yield


@dataclass(frozen=True)
class Member:
    """One fitted model; `predict(h)` returns (point, native sd) for horizons 1..h."""

    name: str
    forecaster: Callable[[int], tuple]

    def predict(self, h: int) -> tuple[np.ndarray, np.ndarray]:
        """Return the point and the native sd for horizons 1..h, on the modelled scale."""
        with quiet_fitting():
            point, sd = self.forecaster(h)
        return np.asarray(point, float), np.maximum(np.asarray(sd, float), MIN_SD)


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
            stacklevel=4,
        )
    return chosen


def fit_member(x: pd.Series, name: str) -> Member:
    """Fit the single method `name` (not ``combo``) to the modelled series x."""
    with quiet_fitting():
        return Member(name, FITTERS[name](x))


def naive(x: pd.Series):
    """Fit the random walk: the last value, sd the root mean square step x sqrt(horizon)."""
    last = x.iloc[-1]
    sigma = np.sqrt(np.mean(np.diff(x.to_numpy()) ** 2))

    def forecaster(h):
        steps = np.arange(1, h + 1)
        return np.full(h, last), sigma * np.sqrt(steps)

    return forecaster


def drift(x: pd.Series):
    """Fit the random walk with drift.

    The slope is (last - first) / (n - 1); the sd, from the residual differences, is
    sigma x sqrt(k (1 + k / (n - 1))) at horizon k, counting the slope's uncertainty.
    """
    values = x.to_numpy()
    n = len(values)
    slope = (values[-1] - values[0]) / (n - 1)
    residuals = np.diff(values) - slope
    sigma = np.sqrt(np.sum(residuals**2) / max(n - 2, 1))

    def forecaster(h):
        steps = np.arange(1, h + 1)
        return values[-1] + slope * steps, sigma * np.sqrt(steps * (1 + steps / (n - 1)))

    return forecaster


def ets(x: pd.Series):
    """Fit ETS with additive errors and a damped additive trend; sd from its 95% interval."""
    # get_prediction needs the model fitted on a pandas Series (not a numpy array)
    fit = ETSModel(x, error="add", trend="add", damped_trend=True).fit(disp=False)
    n = len(x)

    def forecaster(h):
        frame = fit.get_prediction(start=n, end=n + h - 1).summary_frame(alpha=0.05)
        return frame["mean"], (frame["pi_upper"] - frame["pi_lower"]) / (2 * Z95)

    return forecaster


def arima(x: pd.Series):
    """Fit the orders of `ARIMA_ORDERS` with drift and keep the one with the lowest AICc.

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

    def forecaster(h):
        frame = best.get_forecast(h).summary_frame(alpha=0.05)
        return frame["mean"], frame["mean_se"]

    return forecaster


def theta(x: pd.Series):
    """Fit the Theta method (not deseasonalised); sd from its 95% interval."""
    fit = ThetaModel(x, period=1, deseasonalize=False).fit()

    def forecaster(h):
        bounds = fit.prediction_intervals(h, alpha=0.05)
        return fit.forecast(h), (bounds["upper"] - bounds["lower"]) / (2 * Z95)

    return forecaster


FITTERS = {"naive": naive, "drift": drift, "ets": ets, "arima": arima, "theta": theta}
#: the members that ``combo`` combines
COMBO_MEMBERS = ("naive", "drift", "ets", "arima", "theta")
