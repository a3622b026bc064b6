"""Plots of a study (functions that take tidy frames and return a matplotlib Figure)."""

import matplotlib.pyplot as plt
import pandas as pd
from matplotlib.ticker import FuncFormatter

from floatpop.experiments.runs.plots import (
    thousands,  # (importing plots also selects the Agg backend)
)
from floatpop.scenarios.names import DISTRICTS


def timestamps(dates) -> pd.DatetimeIndex:
    """Return 'YYYY-MM' dates as timestamps (the start of each month), for plotting."""
    return pd.PeriodIndex(dates, freq="M").to_timestamp()


def plot_fans(
    band: pd.DataFrame, outcome: str, district: str = "all", level: int = 80, ax=None
) -> plt.Figure:
    """Plot the median and `level`% band over time, one colour per scenario (on `ax` if given)."""
    fig, ax = (
        (ax.figure, ax) if ax is not None else plt.subplots(figsize=(9, 4.8), layout="constrained")
    )
    rows = band[(band.outcome == outcome) & (band.district == district)]
    for scenario, group in rows.groupby("scenario", sort=False):
        x = timestamps(group.date)
        (line,) = ax.plot(x, group["median"], lw=1.6, label=scenario)
        ax.fill_between(
            x, group[f"lower_{level}"], group[f"upper_{level}"], color=line.get_color(), alpha=0.15
        )
    ax.set_title(
        f"{outcome.replace('_', ' ')} ({district}): median and {level}% band across replications",
        fontsize=10,
    )
    ax.grid(alpha=0.3)
    ax.legend(fontsize=8, frameon=False)
    if outcome in ("floating_stock", "arrivals", "departures", "hukou_settlements"):
        ax.yaxis.set_major_formatter(FuncFormatter(thousands))
    return fig


def plot_differences(
    diffs: pd.DataFrame, outcome: str, dates: list[str], district: str = "all"
) -> plt.Figure:
    """Plot the paired difference against the reference at chosen dates.

    The median is shown with 50% and 90% intervals, one row of bars per scenario and
    date.
    """
    rows = diffs[(diffs.outcome == outcome) & (diffs.district == district) & diffs.date.isin(dates)]
    scenarios = list(dict.fromkeys(rows.scenario))
    fig, ax = plt.subplots(
        figsize=(9, 0.6 + 0.45 * len(scenarios) * len(dates)), layout="constrained"
    )
    y = 0
    ticks, labels = [], []
    for scenario in scenarios:
        for date in dates:
            r = rows[(rows.scenario == scenario) & (rows.date == date)]
            if r.empty:
                continue
            r = r.iloc[0]
            ax.plot([r.lower_90, r.upper_90], [y, y], color="tab:blue", lw=1.2)
            ax.plot([r.lower_50, r.upper_50], [y, y], color="tab:blue", lw=5, alpha=0.6)
            ax.plot(r["median"], y, "o", color="black", ms=4)
            ticks.append(y)
            labels.append(f"{scenario}, {date}")
            y += 1
    ax.axvline(0, color="grey", lw=1)
    ax.set_yticks(ticks, labels, fontsize=8)
    ax.invert_yaxis()
    ax.set_title(
        f"Difference from the reference in {outcome.replace('_', ' ')}: median, "
        "50% and 90% intervals (paired by replication)",
        fontsize=10,
    )
    ax.grid(alpha=0.3, axis="x")
    return fig


def plot_districts(band: pd.DataFrame, outcome: str, level: int = 80) -> plt.Figure:
    """Plot small multiples: one panel per district, scenarios overlaid."""
    fig, axes = plt.subplots(2, 4, figsize=(14, 6.5), sharex=True, layout="constrained")
    for ax, district in zip(axes.flat, DISTRICTS, strict=True):
        plot_fans(band, outcome, district, level, ax=ax)
        ax.set_title(district, fontsize=9)
        if ax is not axes.flat[0]:
            legend = ax.get_legend()
            if legend:
                legend.remove()
    fig.suptitle(f"{outcome.replace('_', ' ')} by district (median, {level}% band)")
    return fig


def plot_cost_effect(cost: pd.Series, effect: pd.DataFrame, outcome: str) -> plt.Figure:
    """Plot the mean monthly cost against the paired effect (median, 90% interval) at one date."""
    fig, ax = plt.subplots(figsize=(8, 5), layout="constrained")
    for row in effect.itertuples():
        c = cost.get(row.scenario, 0.0) / 1e6
        ax.errorbar(
            c,
            row.median,
            yerr=[[row.median - row.lower_90], [row.upper_90 - row.median]],
            fmt="o",
            capsize=3,
        )
        ax.annotate(
            row.scenario, (c, row.median), fontsize=8, xytext=(4, 4), textcoords="offset points"
        )
    ax.axhline(0, color="grey", lw=1)
    ax.set_xlabel("mean policy cost, million yuan per month")
    ax.set_ylabel(f"change in {outcome.replace('_', ' ')}")
    ax.set_title(
        f"Cost against effect on {outcome.replace('_', ' ')} (paired, 90% interval)", fontsize=10
    )
    ax.grid(alpha=0.3)
    return fig
