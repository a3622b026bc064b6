"""Per-horizon widening factors that make forecast intervals cover what they claim.

Native intervals of these models miss on yearly data: too narrow where trends change,
too wide where a model's residual variance overstates one-step noise. From
rolling-origin backtests we take the standardised errors z = (actual - point) / sd on
the modelled scale; the factor for level L at horizon k is q_L(k) / z_L, with q_L(k)
the (weighted) L% quantile of |z| at horizon k, so that intervals widened by it cover
L% of the backtest outcomes. A factor below 1 narrows a native interval that is too
wide (a random walk's sd grows like sqrt(k) even where errors do not).

The factors at the learnt levels are the knots of one symmetric, monotone map from a
standard normal draw u to a deviation: d_k(u) = sd_k Q_k(u), with Q_k piecewise linear
through (0, 0) and (z_L, f_L(k) z_L), and proportional beyond the last knot. The
interval at any level L is point -/+ d_k(z_L), and sample paths are point + d_k(u_k)
with u_k standard normal, so the paths' quantiles are the intervals by construction.

Factors are learnt by series class (`series_class`): a "smooth" series, whose steps
change little from one period to the next (a population's steady growth), has native
intervals that are too narrow at long horizons; a "rough" one (sales, tourist
arrivals) has intervals nearer right or too wide. One set of factors for both missed
on each: too narrow on the smooth, too wide on the rough.

The shipped factors (`forecasting/data/calibration.csv`) were learnt on three
collections of yearly series, each with equal weight: the World Bank population
series, and the M1 and Tourism yearly series (`benchmarks/forecast_accuracy.py
--write-calibration`).
"""

import warnings
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import numpy as np
import pandas as pd
from scipy.stats import norm

REFERENCE_FILE = Path(__file__).parent / "data" / "calibration.csv"
#: the levels at which factors are learnt: the knots of the deviation map
LEARNT_LEVELS = (50, 80, 90, 95)
#: a series is "smooth" when the RMS of its second differences is below this share of
#: the RMS of its first differences (on the modelled scale)
SMOOTH_BELOW = 0.5
SERIES_CLASSES = ("smooth", "rough")
ANY_CLASS = "all"  # the class of factors learnt without classes


def smoothness(x: np.ndarray) -> float:
    """Return RMS(second differences) / RMS(first differences) of x; 1 if undefined.

    About 1.4 for a random walk, 1 for a trending random walk, near 0 for steady growth.
    """
    first = np.diff(np.asarray(x, float))
    if len(first) < 2 or not np.any(first):
        return 1.0
    return float(np.sqrt(np.mean(np.diff(first) ** 2)) / np.sqrt(np.mean(first**2)))


def series_class(x: np.ndarray) -> str:
    """Return ``"smooth"`` or ``"rough"``: the class of factors for the modelled series x."""
    return "smooth" if smoothness(x) < SMOOTH_BELOW else "rough"


def z_of(level: float) -> float:
    """Return the standard normal quantile of a central interval of `level` percent."""
    return float(norm.ppf(0.5 + level / 200))


@dataclass(frozen=True)
class Calibration:
    """Widening factors by (method, series class, level) and horizon; 1 where none learnt."""

    factors: dict = field(default_factory=dict)  # (method, class, level) -> array over horizons
    source: str = "native (no widening)"

    def classes(self, method: str) -> set[str]:
        """Return the series classes learnt for `method`."""
        return {c for m, c, _ in self.factors if m == method}

    def resolve_class(self, method: str, cls: str) -> str | None:
        """Return the class whose factors serve `cls`: itself, else ``"all"``, else None.

        None (no widening) for a method learnt only on other classes comes with a
        warning: its intervals are then the native ones.
        """
        learnt = self.classes(method)
        if cls in learnt:
            return cls
        if ANY_CLASS in learnt:
            return ANY_CLASS
        if learnt and cls != ANY_CLASS:
            warnings.warn(
                f"no factors learnt for {method!r} on {cls} series (only "
                f"{', '.join(sorted(learnt))}); its intervals are not widened",
                stacklevel=4,
            )
        return None

    def factor(self, method: str, level: int, h: int, cls: str = ANY_CLASS) -> np.ndarray:
        """Return the learnt factors of `level` for horizons 1..h (the last carries on).

        A method (or class) not learnt gets 1 at every horizon.

        Raises
        ------
        KeyError
            If the method and class were learnt but not at `level`.
        """
        resolved = self.resolve_class(method, cls)
        if resolved is None:
            return np.ones(h)
        learnt = self.factors.get((method, resolved, level))
        if learnt is None:
            raise KeyError(f"no factors learnt for {method!r} ({resolved}) at level {level}")
        return np.array([learnt[min(k, len(learnt) - 1)] for k in range(h)])

    def knots(self, method: str, h: int, cls: str = ANY_CLASS) -> tuple[np.ndarray, np.ndarray]:
        """Return the knots (u_j, Q_k(u_j)) of the deviation map, horizons 1..h.

        The first array holds the normal quantiles u_j of the learnt levels (ascending);
        the second, shape (levels, h), the mapped values, increasing in u at every
        horizon. A method not learnt gets the identity (no widening).
        """
        resolved = self.resolve_class(method, cls)
        levels = sorted(lvl for m, c, lvl in self.factors if m == method and c == resolved)
        if not levels:
            return np.array([1.0]), np.ones((1, h))
        u = np.array([z_of(level) for level in levels])
        values = np.array(
            [self.factor(method, level, h, cls) * z for level, z in zip(levels, u, strict=True)]
        )
        return u, np.maximum.accumulate(values, axis=0)  # a wider level is never narrower

    def deviation(
        self, method: str, sd: np.ndarray, u: np.ndarray, cls: str = ANY_CLASS
    ) -> np.ndarray:
        """Return d_k(u) = sd_k Q_k(u) for normal draws u (last dimension: horizons 1..h)."""
        sd = np.asarray(sd, float)
        u = np.asarray(u, float)
        h = len(sd)
        knots_u, knots_q = self.knots(method, h, cls)
        xs = np.concatenate([[0.0], knots_u])
        magnitude = np.abs(u)
        mapped = np.empty(np.broadcast_shapes(u.shape, (h,)))
        for k in range(h):
            ys = np.concatenate([[0.0], knots_q[:, k]])
            slope = ys[-1] / xs[-1]  # proportional beyond the last knot
            inside = np.interp(magnitude[..., k], xs, ys)
            beyond = slope * magnitude[..., k]
            mapped[..., k] = np.where(magnitude[..., k] <= xs[-1], inside, beyond)
        return np.sign(u) * mapped * sd

    def half_width(
        self, method: str, sd: np.ndarray, level: float, cls: str = ANY_CLASS
    ) -> np.ndarray:
        """Return the half-width of the central `level`% interval, horizons 1..h."""
        return self.deviation(method, sd, np.full(len(sd), z_of(level)), cls)

    def to_frame(self) -> pd.DataFrame:
        """Return the factors as a table: method, series_class, level, horizon, factor."""
        rows = [
            {"method": m, "series_class": c, "level": lvl, "horizon": k + 1, "factor": f}
            for (m, c, lvl), values in sorted(self.factors.items())
            for k, f in enumerate(values)
        ]
        return pd.DataFrame(rows, columns=["method", "series_class", "level", "horizon", "factor"])


NATIVE = Calibration()


def weighted_quantile(values: np.ndarray, weights: np.ndarray, q: float) -> float:
    """Return the q-quantile (q in [0, 1]) of `values` with `weights` (inverse of the CDF)."""
    order = np.argsort(values, kind="stable")
    cumulative = np.cumsum(weights[order])
    position = np.searchsorted(cumulative, q * cumulative[-1])
    return float(values[order][min(position, len(values) - 1)])


def learn(
    errors: pd.DataFrame,
    levels: tuple[int, ...] = LEARNT_LEVELS,
    weights: pd.Series | None = None,
    source: str = "learnt from backtest errors",
) -> Calibration:
    """Learn factors from backtest errors (columns used, horizon, z), per method and level.

    With a ``series_class`` column, factors are learnt for each class; without one, for
    all series together (class ``"all"``). `weights` (aligned with `errors`; equal by
    default) let each collection of series count alike whatever its size. A factor may
    be below 1 where the native interval is too wide.
    """
    w = pd.Series(1.0, index=errors.index) if weights is None else weights.reindex(errors.index)
    classes = (
        errors.series_class if "series_class" in errors else pd.Series(ANY_CLASS, errors.index)
    )
    factors = {}
    # factors belong to the method that made the forecast (after any fallback)
    for (method, cls), rows in errors.groupby([errors.used, classes]):
        for level in levels:
            values = []
            for k in sorted(rows.horizon.unique()):
                at = rows[rows.horizon == k]
                quantile = weighted_quantile(
                    np.abs(at.z.to_numpy()), w[at.index].to_numpy(float), level / 100
                )
                values.append(quantile / z_of(level))
            factors[(method, cls, level)] = np.array(values)
    return Calibration(factors, source=source)


def from_frame(frame: pd.DataFrame, source: str) -> Calibration:
    """Return the Calibration of a table like `Calibration.to_frame`'s, from `source`."""
    if "series_class" not in frame:
        frame = frame.assign(series_class=ANY_CLASS)
    factors = {}
    for (method, cls, level), rows in frame.groupby(["method", "series_class", "level"]):
        factors[(method, cls, int(level))] = rows.sort_values("horizon").factor.to_numpy()
    return Calibration(factors, source=source)


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


@cache
def reference() -> Calibration:
    """Return the shipped factors, or native if the file is absent."""
    if not REFERENCE_FILE.exists():
        return NATIVE
    return from_frame(
        pd.read_csv(REFERENCE_FILE, comment="#"),
        source="World Bank population, M1 yearly and Tourism yearly series",
    )
