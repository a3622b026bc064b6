"""The hindcast plot: the 2020 census against the simulated residents, by unit."""

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd


def plot_hindcast(table: pd.DataFrame) -> plt.Figure:
    """Plot the 2020 census against the simulated median and 90% interval, by unit.

    A row without an interval (the census-trend benchmark) shows its point alone.
    """
    fig, ax = plt.subplots(figsize=(9, 4.5), layout="constrained")
    y = np.arange(len(table))
    ax.errorbar(
        table.simulated_median_2020,
        y,
        xerr=[  # a benchmark row without an interval gets none
            (table.simulated_median_2020 - table.lower_90).fillna(0),
            (table.upper_90 - table.simulated_median_2020).fillna(0),
        ],
        fmt="o",
        capsize=3,
        label="simulated (median, 90%)",
    )
    ax.plot(table.observed_2020, y, "kx", ms=9, label="2020 census")
    ax.set_yticks(y, [u.replace(";", " + ") for u in table.unit])
    ax.set_xscale("log")
    ax.invert_yaxis()
    ax.set_xlabel("resident population, 2020-11 (log scale)")
    ax.set_title(
        "Hindcast from the 2010 census: simulated residents against the 2020 census", fontsize=10
    )
    ax.legend(frameon=False, fontsize=8)
    ax.grid(alpha=0.3)
    return fig
