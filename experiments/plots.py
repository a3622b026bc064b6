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
    return f"{value / 1e6:.2f}M" if abs(value) >= 1e6 else f"{value:,.0f}"


def plot_headline(outcomes: pd.DataFrame, title: str = "") -> plt.Figure:
    """City-wide outcomes over time, six panels."""
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
