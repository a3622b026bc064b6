"""`fit`: one fitted forecast, serving point forecasts, intervals and sample paths alike.

The point forecast is the median: exp(mu) for a series modelled on the log scale,
where mu is the method's point on that scale. The ``mean`` column is the log-normal
mean exp(mu + sd^2 / 2) from the model's own (native) sd, never from the widened
one: widening belongs to the intervals. Intervals are mu -/+ d_k(z_L), with d the
calibrated deviation map (`forecasting.calibration`), back on the series' scale.
"""

from dataclasses import dataclass

import numpy as np
import pandas as pd

from floatpop.forecasting.calibration import Calibration, resolve_calibration, series_class
from floatpop.forecasting.combination import combine, screen
from floatpop.forecasting.methods import COMBO_MEMBERS, Member, fit_member, usable_method
from floatpop.forecasting.transform import (
    check_horizon,
    check_levels,
    check_method,
    check_series,
    future_index,
    is_positive,
    to_model_scale,
)
from floatpop.scenarios.names import DEFAULT_METHOD
from floatpop.scenarios.parameters import Inflow


@dataclass(frozen=True)
class ForecastFit:
    """A method fitted to one series: forecasts, intervals and sample paths from one fit.

    Attributes
    ----------
    y : pd.Series
        The series as checked (floats).
    requested : str
        The method asked for.
    method : str
        The method used: `requested`, or what a too-short series fell back to.
    members : tuple of Member
        The fitted models: one, or the kept members of ``combo``.
    dropped : tuple of str
        The ``combo`` members dropped for leaving the envelope (with a warning).
    calibration : Calibration
        The widening factors of the intervals and paths.
    """

    y: pd.Series
    requested: str
    method: str
    members: tuple[Member, ...]
    dropped: tuple[str, ...]
    calibration: Calibration

    @property
    def series_class(self) -> str:
        """The class of calibration factors the series belongs to (``smooth`` or ``rough``)."""
        return series_class(to_model_scale(self.y).to_numpy())

    @property
    def log_scale(self) -> bool:
        """Whether the series is modelled on the log scale (every value positive)."""
        return is_positive(self.y)

    def predict(self, h: int) -> tuple[np.ndarray, np.ndarray]:
        """Return the point and the native sd for horizons 1..h, on the modelled scale."""
        check_horizon(h)
        if self.method == "combo":
            return combine(self.members, h)
        return self.members[0].predict(h)

    def to_data_scale(self, values: np.ndarray) -> np.ndarray:
        """Return modelled-scale values back on the series' scale."""
        return np.exp(values) if self.log_scale else np.asarray(values)

    def forecast(self, h: int, levels: tuple[int, ...] = (80, 95)) -> pd.DataFrame:
        """Return the next `h` periods: ``median``, ``mean``, ``lower_L`` and ``upper_L``.

        Raises
        ------
        ValueError
            For an `h` that is not a positive integer or a level outside (0, 100).
        """
        check_horizon(h)
        check_levels(levels)
        point, sd = self.predict(h)
        frame = pd.DataFrame(index=future_index(self.y, h))
        frame["median"] = self.to_data_scale(point)
        frame["mean"] = np.exp(point + sd**2 / 2) if self.log_scale else point
        for level in levels:
            half = self.calibration.half_width(self.method, sd, level, self.series_class)
            frame[f"lower_{level}"] = self.to_data_scale(point - half)
            frame[f"upper_{level}"] = self.to_data_scale(point + half)
        return frame

    def sample_paths(
        self, h: int, n: int, seed: int = 0, trend_share: float = Inflow.trend_share
    ) -> pd.DataFrame:
        """Draw `n` coherent sample paths of the next `h` periods (rows: path, columns: period).

        Path r at horizon k is point_k + d_k(u_rk) on the modelled scale, with d the
        calibrated deviation map and u_rk = sqrt(t) z_r + sqrt(1 - t) w_rk standard
        normal: t the `trend_share` (the ``[inflow]`` parameter of that name), z_r one
        shock held for the whole path (uncertainty about the trend) and w_rk a random
        walk of independent normal steps, scaled to unit variance at each horizon
        (year-to-year noise). So the paths' median is the point forecast and their
        quantiles are the calibrated intervals, while each path is a whole trajectory.
        Path r depends only on (seed, r).

        Raises
        ------
        ValueError
            For an `h` or `n` that is not a positive integer, or a `trend_share` outside
            [0, 1].
        """
        check_horizon(h)
        check_horizon(n)
        if not 0 <= trend_share <= 1:
            raise ValueError(f"trend_share must be in [0, 1], got {trend_share!r}")
        point, sd = self.predict(h)
        # the walk's steps follow the native variance's growth (never negative)
        variance = np.maximum.accumulate(sd**2)
        step_sd = np.sqrt(np.diff(np.concatenate([[0.0], variance])))
        draws = np.random.default_rng(seed).standard_normal((n, h + 1))  # row r: path r only
        walk = np.cumsum(draws[:, 1:] * step_sd, axis=1) / np.sqrt(variance)
        u = np.sqrt(trend_share) * draws[:, :1] + np.sqrt(1 - trend_share) * walk
        paths = point + self.calibration.deviation(self.method, sd, u, self.series_class)
        frame = pd.DataFrame(self.to_data_scale(paths), columns=future_index(self.y, h))
        frame.index.name = "path"
        return frame


def fit(
    y: pd.Series,
    method: str = DEFAULT_METHOD,
    calibration: Calibration | str = "reference",
) -> ForecastFit:
    """Fit `method` to the series `y` once; forecast and draw paths from the result.

    Parameters
    ----------
    y : pd.Series
        The series, with a yearly or monthly index (`check_series`). A positive series
        is modelled on the log scale.
    method : str
        One of `METHODS`; a series too short for it falls back to a simpler one, with a
        warning.
    calibration : Calibration or str
        ``"reference"`` (the shipped factors), ``"native"`` (no widening) or a
        `Calibration`.

    Returns
    -------
    ForecastFit
        With ``forecast(h, levels)`` and ``sample_paths(h, n, seed)``.

    Raises
    ------
    ValueError
        For an unknown method or calibration, or a series that `check_series` refuses.
    TypeError
        If `y` is not a pandas Series.
    """
    return fit_methods(y, (method,), calibration)[method]


def fit_methods(
    y: pd.Series, methods: tuple[str, ...], calibration: Calibration | str = "reference"
) -> dict[str, ForecastFit]:
    """Fit several methods to `y`, each model fitted once and shared (combo and its members).

    Returns a `ForecastFit` by method; see `fit` for the arguments and errors.
    """
    y = check_series(y)
    for method in methods:
        check_method(method)
    calibration = resolve_calibration(calibration)
    x = to_model_scale(y)
    fitted: dict[str, Member | Exception] = {}

    def member(name: str) -> Member | Exception:
        if name not in fitted:
            try:
                fitted[name] = fit_member(x, name)
            except (ValueError, np.linalg.LinAlgError) as error:
                fitted[name] = error
        return fitted[name]

    fits = {}
    for method in methods:
        used = usable_method(method, len(x))
        if used == "combo":
            members, dropped = screen(x, {name: member(name) for name in COMBO_MEMBERS})
        else:
            single = member(used)
            if isinstance(single, Exception):
                raise single
            members, dropped = (single,), ()
        fits[method] = ForecastFit(y, method, used, members, dropped, calibration)
    return fits
