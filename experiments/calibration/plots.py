"""Diagnostic plots of a calibration.

They show where the posterior lies within the prior, and how well the calibrated model
meets each target.
"""

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd


def plot_posterior(runs: pd.DataFrame, estimates: pd.DataFrame) -> plt.Figure:
    """Plot each run's value of each parameter against its distance to the targets.

    One panel per parameter: every run's value against its distance to the targets
    (accepted runs highlighted), the calibrated value and its 90% interval. A posterior
    that fills the prior range means the targets do not inform that parameter.
    """
    n = len(estimates)
    cols = 3
    rows = int(np.ceil(n / cols))
    fig, axes = plt.subplots(rows, cols, figsize=(4 * cols, 2.8 * rows), layout="constrained")
    for ax, est in zip(axes.ravel(), estimates.itertuples(), strict=False):
        label = f"{est.section}.{est.parameter}"
        rejected = runs[~runs.accepted]
        kept = runs[runs.accepted]
        ax.scatter(rejected[label], rejected.distance, s=6, color="0.7", label="run")
        ax.scatter(kept[label], kept.distance, s=10, color="tab:red", label="accepted")
        ax.axvspan(est.lower_90, est.upper_90, color="tab:red", alpha=0.12, label="90%")
        ax.axvline(est.value, color="tab:red", lw=1.5)
        ax.set_xlim(est.prior_low, est.prior_high)
        ax.set_yscale("log")
        ax.set_title(label, fontsize=9)
        ax.tick_params(labelsize=7)
    for ax in axes.ravel()[n:]:
        ax.axis("off")
    axes.ravel()[0].legend(fontsize=7, frameon=False)
    axes.ravel()[0].set_ylabel("distance to targets")
    fig.suptitle("Calibration: each run's distance to the targets, by parameter (x = prior range)")
    return fig


def plot_fit(fit: pd.DataFrame) -> plt.Figure:
    """Plot each observed target against the calibrated model (median and 90% band).

    Values are in units of the target's standard deviation, so targets of any size share
    one axis.
    """
    fig, ax = plt.subplots(figsize=(8, 0.32 * len(fit) + 1.5), layout="constrained")
    y = np.arange(len(fit))
    sd = fit.sd.to_numpy()
    centre = (fit.simulated - fit.observed) / sd
    lower = (fit.lower_90 - fit.observed) / sd
    upper = (fit.upper_90 - fit.observed) / sd
    ax.errorbar(centre, y, xerr=[centre - lower, upper - centre], fmt="o", capsize=3,
                label="simulated: median, 90% band")  # fmt: skip
    bound, band = fit.kind == "at_least", fit.kind == "between"
    value = ~bound & ~band
    ax.plot(np.zeros(len(fit))[value], y[value], "kx", ms=8, label="observed")
    ax.plot(np.zeros(len(fit))[bound], y[bound], "k>", ms=7, label="observed lower bound")
    top = ((fit.upper - fit.observed) / sd)[band]
    ax.hlines(y[band], 0, top, colors="k", lw=3, label="observed band")
    ax.axvspan(-2, 2, color="0.9", zorder=0, label="within 2 sd")
    ax.set_yticks(y, [f"{t} ({d})" for t, d in zip(fit.target, fit.date, strict=True)])
    ax.tick_params(axis="y", labelsize=7)
    ax.invert_yaxis()
    ax.set_xlabel("(simulated - observed) / sd of the target")
    ax.set_title("Calibrated model against its targets", fontsize=10)
    ax.legend(fontsize=7, frameon=False, loc="lower right")
    ax.grid(alpha=0.3, axis="x")
    return fig
