"""The ``combo`` method: a median of members on the modelled scale that survives wild ones.

The members are naive, drift, ets, arima and theta (`COMBO_MEMBERS`). Each is checked
against a sane envelope before it is combined: its average pace away from the last
observation must not exceed the series' recent pace, the mean absolute step of its
last `RECENT` periods,

    max_k |mu_k - x_n| / k  <=  ENVELOPE x mean(|x_t - x_{t-1}|, last RECENT steps),

for k = 1..ENVELOPE_HORIZON. A member that moves faster, whose forecast is not finite,
or which could not be fitted, is dropped with a warning that names it. This is what
stops old growth being carried into the future: drift, arima with drift and theta all
extrapolate a slope learnt over the whole history, and after a boom that has ended (a
tourism series that grew several hundredfold, then flattened) they agree with each
other and outvote the rest. Naive never moves, so at least one member remains. The kept
members' points and native sds are combined by their median at each horizon (the mean
of the middle two for an even count).

The envelope's form (the mean step, not the largest; three periods; factor 1) was
chosen on the development collections of `benchmarks/forecast_accuracy.py` among a
few candidates (the largest or the mean step, over 2 to 5 periods, factors 1 to 1.5),
as the one that kept combo ahead of naive, drift and theta on all three; see
`docs/forecasting.md`.
"""

import warnings

import numpy as np
import pandas as pd

from floatpop.forecasting.methods import Member

#: a member may move, on average per period, at most this many times the recent pace
ENVELOPE = 1.0
#: the recent pace is the mean absolute step over this many last periods
RECENT = 3
#: the horizons 1..ENVELOPE_HORIZON over which each member is checked
ENVELOPE_HORIZON = 6


def breach(x: pd.Series, member: Member) -> str | None:
    """Return why `member`'s forecast of x leaves the envelope, or None if it stays inside."""
    point, sd = member.predict(ENVELOPE_HORIZON)
    if not (np.isfinite(point).all() and np.isfinite(sd).all()):
        return "its forecast is not finite"
    recent = np.mean(np.abs(np.diff(x.to_numpy()))[-RECENT:])
    pace = np.max(np.abs(point - x.iloc[-1]) / np.arange(1, ENVELOPE_HORIZON + 1))
    if pace > ENVELOPE * recent * (1 + 1e-9):
        return (
            f"it moves {pace:.3g} per period on average, faster than the series' recent "
            f"pace ({recent:.3g}, the mean step of the last {RECENT} periods)"
        )
    return None


def screen(
    x: pd.Series, candidates: dict[str, Member | Exception]
) -> tuple[tuple[Member, ...], tuple[str, ...]]:
    """Return the members of x that stay inside the envelope, and the names dropped.

    `candidates` maps each member's name to its fit, or to the error that fitting
    raised. Each dropped member is announced with a warning naming it and the reason.
    """
    kept, dropped = [], []
    for name, candidate in candidates.items():
        if isinstance(candidate, Exception):
            reason = f"it could not be fitted ({candidate})"
        else:
            reason = breach(x, candidate)
        if reason is None:
            kept.append(candidate)
            continue
        dropped.append(name)
        warnings.warn(f"combo: dropped member {name!r}: {reason}", stacklevel=5)
    return tuple(kept), tuple(dropped)


def combine(members: tuple[Member, ...], h: int) -> tuple[np.ndarray, np.ndarray]:
    """Return the median of the members' points and of their native sds, horizons 1..h."""
    predictions = [member.predict(h) for member in members]
    points = np.median([p for p, _ in predictions], axis=0)
    sds = np.median([s for _, s in predictions], axis=0)
    return points, sds
