"""Plots of a study (functions that take tidy frames and return a matplotlib Figure).

Each figure fits the report's column (at most 10.5 inches at 100 dpi: 1,050 px) and
keeps every title and label inside its canvas.
"""

import math
import textwrap

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.ticker import FuncFormatter

from floatpop.experiments.runs.plots import (
    thousands,  # (importing plots also selects the Agg backend)
)
from floatpop.experiments.study import numbers
from floatpop.experiments.study.summary import UNITS, label
from floatpop.experiments.study.tiles import draw_tiles
from floatpop.scenarios.names import DISTRICTS

WIDTH = 10.5  # inches: the report's column at 100 dpi


def timestamps(dates) -> pd.DatetimeIndex:
    """Return 'YYYY-MM' dates as timestamps (the start of each month), for plotting."""
    return pd.PeriodIndex(dates, freq="M").to_timestamp()


def axis_formatter(unit: str) -> FuncFormatter:
    """Return tick labels for a unit: shares as percentages, persons as 1.2M or 12,000."""
    if numbers.is_share(unit):
        return FuncFormatter(lambda v, _: f"{100 * v:.0f}%")
    if numbers.is_persons(unit) or numbers.is_yuan(unit):
        return FuncFormatter(thousands)
    return FuncFormatter(lambda v, _: f"{v:.3g}")


def wrapped(text: str, width: int) -> str:
    """Return `text` broken into lines of at most `width` characters, for a title."""
    return "\n".join(textwrap.wrap(text, width))


def grid(
    n: int, columns: int = 3, height: float = 2.6, share: bool = True
) -> tuple[plt.Figure, np.ndarray]:
    """Return a figure of `n` panels in rows of `columns`, spare panels hidden.

    The panels share their axes if `share`.
    """
    rows = math.ceil(n / columns)
    fig, axes = plt.subplots(
        rows,
        columns,
        figsize=(WIDTH, 0.9 + height * rows),
        sharex=share,
        sharey=share,
        squeeze=False,
        layout="constrained",
    )
    for ax in axes.flat[n:]:
        ax.set_visible(False)
    return fig, axes


def plot_against_reference(
    band: pd.DataFrame, outcome: str, reference: str, level: int = 80
) -> plt.Figure:
    """Plot small multiples: one panel per scenario, its band over the reference's (grey).

    City-wide median and `level`% band across replications, month by month.
    """
    rows = band[(band.outcome == outcome) & (band.district == "all")]
    base = rows[rows.scenario == reference]
    scenarios = [s for s in dict.fromkeys(rows.scenario) if s != reference] or [reference]
    fig, axes = grid(len(scenarios))
    unit = UNITS.get(outcome, "")
    for ax, scenario in zip(axes.flat, scenarios, strict=False):
        for frame, colour, name in (
            (base, "grey", reference),
            (rows[rows.scenario == scenario], "tab:blue", scenario),
        ):
            x = timestamps(frame.date)
            ax.fill_between(
                x, frame[f"lower_{level}"], frame[f"upper_{level}"], color=colour, alpha=0.25, lw=0
            )
            ax.plot(x, frame["median"], color=colour, lw=1.5, label=name)
        ax.set_title(scenario, fontsize=9)
        ax.grid(alpha=0.3)
        ax.yaxis.set_major_formatter(axis_formatter(unit))
        ax.tick_params(labelsize=7)
        if ax is axes.flat[0]:
            ax.legend(fontsize=7, frameon=False, loc="best")
    fig.suptitle(
        wrapped(
            f"{label(outcome)} ({unit}): each scenario (blue) against {reference} (grey), "
            f"median and {level}% band",
            110,
        ),
        fontsize=10,
    )
    return fig


def plot_district_tiles(
    band: pd.DataFrame, diffs: pd.DataFrame, outcome: str, reference: str, date: str
) -> plt.Figure:
    """Plot the eight units as tiles: the reference's level, then each scenario's effect.

    The first panel colours the reference's median at `date`; each other panel the
    scenario's paired median difference from it, on one diverging scale.
    """
    unit = UNITS.get(outcome, "")
    level = band[(band.outcome == outcome) & (band.date == date) & (band.scenario == reference)]
    effect = diffs[(diffs.outcome == outcome) & (diffs.date == date)]
    effect = effect[effect.district.isin(DISTRICTS)]
    scenarios = list(dict.fromkeys(effect.scenario))
    fig, axes = grid(1 + len(scenarios), columns=4, height=2.5, share=False)
    values = dict(zip(level.district, level["median"], strict=True))
    mapping = draw_tiles(
        axes.flat[0], values, {d: numbers.level(v, unit) for d, v in values.items()}, False
    )
    axes.flat[0].set_title(f"{reference}: level", fontsize=9)
    fig.colorbar(mapping, ax=axes.flat[0], shrink=0.6, format=axis_formatter(unit))
    limit = float(np.nanmax(np.abs(effect["median"]))) if len(effect) else None
    for ax, scenario in zip(axes.flat[1:], scenarios, strict=False):
        rows = effect[effect.scenario == scenario]
        values = dict(zip(rows.district, rows["median"], strict=True))
        text = {d: numbers.change(v, unit) for d, v in values.items()}
        draw_tiles(ax, values, text, True, limit=limit)
        ax.set_title(f"{scenario}: change", fontsize=9)
    fig.suptitle(
        wrapped(
            f"{label(outcome)} by district in {date}: the level under {reference}, and each "
            "scenario's paired median change (red lower, blue higher)",
            110,
        ),
        fontsize=10,
    )
    return fig


def plot_cost_effect(summary: pd.DataFrame, outcomes: list[str]) -> plt.Figure:
    """Plot each policy's extra cost a year against its effect, one panel per outcome.

    `summary` is `summary.summary_table`: the effect is the paired median with its 90%
    interval, the cost the mean paired extra cost per year (2020 yuan). Each scenario
    keeps its colour across the panels, named in one legend.
    """
    fig, axes = grid(len(outcomes), columns=min(3, len(outcomes)), height=2.9, share=False)
    scenarios = list(dict.fromkeys(summary.scenario))
    colours = dict(zip(scenarios, plt.get_cmap("tab10").colors, strict=False))
    for ax, outcome in zip(axes.flat, outcomes, strict=False):
        rows = summary[summary.outcome == outcome]
        unit = UNITS.get(outcome, "")
        for row in rows.itertuples():
            ax.errorbar(
                row.median,
                row.extra_cost_per_year / 1e9,
                xerr=[[row.median - row.lower_90], [row.upper_90 - row.median]],
                fmt="o",
                capsize=3,
                ms=5,
                color=colours[row.scenario],
                label=row.scenario,
            )
        ax.axvline(0, color="grey", lw=1)
        ax.axhline(0, color="grey", lw=0.5)
        ax.set_title(wrapped(label(outcome), 40), fontsize=9)
        ax.set_xlabel(f"change ({'pp' if numbers.is_share(unit) else unit})", fontsize=8)
        ax.xaxis.set_major_formatter(
            FuncFormatter(lambda v, _: f"{100 * v:+.0f}")
            if numbers.is_share(unit)
            else axis_formatter(unit)
        )
        ax.tick_params(labelsize=7)
        ax.grid(alpha=0.3)
        ax.margins(x=0.1, y=0.15)
    for ax in axes[:, 0]:
        ax.set_ylabel("extra cost, bn yuan a year", fontsize=8)
    handles = [plt.Line2D([], [], color=colours[s], marker="o", ls="", label=s) for s in scenarios]
    fig.legend(
        handles=handles,
        loc="outside lower center",
        ncols=min(4, len(scenarios)),
        fontsize=8,
        frameon=False,
    )
    fig.suptitle(
        "Extra public cost a year against the effect (paired median, 90% interval)", fontsize=10
    )
    return fig
