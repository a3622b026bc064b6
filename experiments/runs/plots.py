"""Plots of one run's outcomes (functions that return a matplotlib Figure)."""

import matplotlib

matplotlib.use("Agg")  # files only: the library never opens windows
import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402
from matplotlib.ticker import FuncFormatter  # noqa: E402

HEADLINE_PANELS = (
    ("Floating population (persons)", ("floating_stock",)),
    ("Flows (persons/month)", ("arrivals", "departures", "hukou_settlements")),
    ("Registration (share)", ("registration_coverage", "residence_permit_coverage")),
    (
        "Work and insurance (share)",
        ("employment_rate", "social_insurance_coverage", "informal_housing_share"),
    ),
    ("Services (share)", ("school_enrolment_rate", "health_access_rate")),
    ("Integration and pressure", ("integration_index", "service_pressure")),
)


def thousands(value: float, _position) -> str:
    """Return an axis label: millions as ``1.23M``, smaller values with thousands separators."""
    return f"{value / 1e6:.2f}M" if abs(value) >= 1e6 else f"{value:,.0f}"


def plot_headline(outcomes: pd.DataFrame, title: str = "") -> plt.Figure:
    """Plot the city-wide outcomes over time, six panels."""
    city = outcomes[outcomes.district == "all"].pivot(
        index="date", columns="outcome", values="value"
    )
    city.index = pd.PeriodIndex(city.index, freq="M").to_timestamp()
    fig, axes = plt.subplots(2, 3, figsize=(14, 7.5), sharex=True, layout="constrained")
    for ax, (label, names) in zip(axes.flat, HEADLINE_PANELS, strict=True):
        for name in names:
            ax.plot(city.index, city[name], label=name.replace("_", " "))
        ax.set_title(label, fontsize=10)
        if "persons" in label:
            ax.yaxis.set_major_formatter(FuncFormatter(thousands))
        ax.grid(alpha=0.3)
        if len(names) > 1:
            ax.legend(fontsize=8, frameon=False)
    fig.suptitle(title or "floatpop: Urumqi floating population, city-wide")
    return fig


POINT_STYLES = {  # observed points on fan charts, by kind of observation
    "count": ("o", "floating-population count"),
    "non_hukou_proxy": ("s", "residents without hukou (proxy)"),
    "resident": ("o", "census or year-end estimate"),
}


def plot_fan(
    history: pd.Series,
    table: pd.DataFrame,
    points: pd.DataFrame,
    band: pd.DataFrame | None = None,
    title: str = "",
    ax=None,
) -> plt.Figure:
    """Plot a fan chart: history, forecast median, 80% and 95% bands.

    The history has its own band and observed points by kind. `table` is a
    `forecasting.forecast` frame with levels 80 and 95.
    """
    fig, ax = (
        (ax.figure, ax) if ax is not None else plt.subplots(figsize=(10, 5.5), layout="constrained")
    )
    years = history.index.year
    ax.plot(years, history.to_numpy(), color="black", lw=1.5, label="history (fused)")
    if band is not None:
        ax.fill_between(
            band.index,
            band.lower_90,
            band.upper_90,
            color="grey",
            alpha=0.25,
            label="history 90% band",
        )
    for kind, rows in points.groupby("kind"):
        marker, label = POINT_STYLES.get(kind, ("x", kind))
        ax.scatter(rows.year, rows.value, marker=marker, zorder=3, label=label)
    # start the fan at the last historical value, so history and forecast join
    last = pd.DataFrame({c: [history.iloc[-1]] for c in table.columns}, index=[years[-1]])
    fan = pd.concat([last, table.set_axis(table.index.year)])
    ax.fill_between(
        fan.index, fan.lower_95, fan.upper_95, color="tab:blue", alpha=0.18, label="95% band"
    )
    ax.fill_between(
        fan.index, fan.lower_80, fan.upper_80, color="tab:blue", alpha=0.32, label="80% band"
    )
    ax.plot(fan.index, fan["median"], color="tab:blue", lw=2, label="median (point forecast)")
    ax.yaxis.set_major_formatter(FuncFormatter(thousands))
    ax.set_ylabel("persons")
    ax.grid(alpha=0.3)
    ax.legend(fontsize=8, frameon=False, loc="upper left")
    ax.set_title(title, fontsize=10)
    return fig
