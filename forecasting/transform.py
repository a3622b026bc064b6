"""Checks on the input (series, method, horizon, levels) and the log transform."""

import numpy as np
import pandas as pd

from floatpop.scenarios.names import METHODS


def check_series(y: pd.Series, name: str = "y") -> pd.Series:
    """Return `y` as a float Series, checked: finite values, at least 2 of them.

    The index should be yearly or monthly; a period index must have consecutive
    periods.

    Raises
    ------
    TypeError
        If `y` is not a pandas Series.
    ValueError
        For fewer than 2 values, missing or non-finite values, or a gap in the periods.
    """
    if not isinstance(y, pd.Series):
        raise TypeError(f"{name} must be a pandas Series with a yearly or monthly index")
    values = pd.to_numeric(y, errors="coerce").astype(float)
    if len(values) < 2:
        raise ValueError(f"{name} has {len(values)} values; forecasting needs at least 2")
    if not np.all(np.isfinite(values.to_numpy())):
        bad = list(values.index[~np.isfinite(values.to_numpy())][:3])
        raise ValueError(
            f"{name} has missing or non-finite values (at {bad}); fill or drop them first"
        )
    if isinstance(values.index, pd.PeriodIndex) and len(values) > 1:
        steps = np.diff(values.index.asi8)
        if np.any(steps != 1):
            gap = values.index[1:][steps != 1][0]
            raise ValueError(
                f"{name} has a gap in its periods (before {gap}); forecasting "
                "needs consecutive periods"
            )
    return values


def is_positive(y: pd.Series) -> bool:
    """Return whether every value of `y` is positive."""
    return bool((y > 0).all())


def to_model_scale(y: pd.Series) -> pd.Series:
    """Return `y` on the scale it is modelled on: log for a positive series, else as it is."""
    return np.log(y) if is_positive(y) else y


def future_index(y: pd.Series, h: int) -> pd.Index:
    """Return the h periods after the end of y (periods, timestamps or integers)."""
    index = y.index
    if isinstance(index, pd.PeriodIndex):
        return pd.period_range(index[-1] + 1, periods=h, freq=index.freq)
    if isinstance(index, pd.DatetimeIndex):
        freq = index.freq or pd.infer_freq(index)
        return pd.date_range(index[-1], periods=h + 1, freq=freq)[1:]
    step = index[-1] - index[-2] if len(index) > 1 else 1
    return pd.Index([index[-1] + step * (i + 1) for i in range(h)])


def check_method(method: str) -> None:
    """Raise a ValueError naming the methods if `method` is not one of `METHODS`."""
    if method not in METHODS:
        raise ValueError(f"unknown method {method!r}; choose one of {', '.join(METHODS)}")


def check_horizon(h) -> None:
    """Raise a ValueError unless `h` is a positive integer."""
    if not (isinstance(h, int | np.integer) and not isinstance(h, bool) and h >= 1):
        raise ValueError(f"h must be a positive integer, got {h!r}")


def check_levels(levels) -> None:
    """Raise a ValueError unless every level is a percentage in (0, 100)."""
    for level in levels:
        if not 0 < level < 100:
            raise ValueError(f"levels are percentages in (0, 100), got {level!r}")
