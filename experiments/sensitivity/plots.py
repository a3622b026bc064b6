"""The tornado plot of a sensitivity table."""

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd


def plot_tornado(table: pd.DataFrame, value: str = "mu_star", top: int = 12) -> plt.Figure:
    """Plot horizontal bars of the most influential parameters, one panel per outcome."""
    outcomes = list(dict.fromkeys(table.outcome))
    fig, axes = plt.subplots(
        1, len(outcomes), figsize=(4.2 * len(outcomes), 5), layout="constrained"
    )
    for ax, outcome in zip(np.atleast_1d(axes), outcomes, strict=True):
        rows = table[table.outcome == outcome].nlargest(top, value)[::-1]
        ax.barh(rows.parameter, rows[value], color="tab:blue")
        ax.set_title(outcome.replace("_", " "), fontsize=10)
        ax.tick_params(axis="y", labelsize=7)
        ax.grid(alpha=0.3, axis="x")
    fig.suptitle(f"Sensitivity ({value}); outcomes: mean of the last 12 months")
    return fig
