"""`floatpop forecast`: the forecast table, its backtest and a fan chart for one series."""

import warnings
from dataclasses import dataclass
from pathlib import Path

import matplotlib.pyplot as plt
import pandas as pd

from floatpop.experiments.runs.plan import SERIES, ForecastPlan
from floatpop.experiments.runs.plots import plot_fan
from floatpop.experiments.store.files import write_folder
from floatpop.forecasting import backtest, fit
from floatpop.forecasting.fusion import floating_history, fuse_floating
from floatpop.forecasting.history import floating_observations, observations
from floatpop.scenarios import ScenarioError

BACKTEST_HORIZON = 6  # the longest horizon the short yearly history can test


@dataclass(frozen=True)
class ForecastResult:
    """What `run_forecast` returns: the folder, the method used, the last year and its median.

    `notes` are the fit's warnings (a fallback, a dropped combo member), for the user.
    """

    out: Path
    method: str
    last_year: int
    end_median: float
    notes: tuple[str, ...] = ()


def resident_history() -> pd.Series:
    """Return the resident population on current boundaries: censuses and year-end estimates.

    Where a year has both, the census is kept.
    """
    obs = observations().query(
        "series == 'resident' and definition in ('census', 'year_end_estimate')"
    )
    yearly = obs.sort_values("definition").drop_duplicates("year").sort_values("year")
    return pd.Series(
        yearly.value.to_numpy(float), index=pd.PeriodIndex(yearly.year.astype(str), freq="Y")
    )


def series_and_points(series: str) -> tuple[pd.Series, pd.DataFrame, pd.DataFrame | None]:
    """Return the series to forecast, its observed points (year, value, kind), and a band.

    The band is the fused history's 90% band for the floating series, None for the
    resident one.

    Raises
    ------
    ScenarioError
        For a series not in `SERIES`.
    """
    if series == "floating":
        fused = fuse_floating()
        band = fused.loc[floating_history().index.year[0] :, ["lower_90", "upper_90"]]
        return floating_history(), floating_observations(), band
    if series == "resident":
        y = resident_history()
        points = pd.DataFrame({"year": y.index.year, "value": y.to_numpy(), "kind": "resident"})
        return y, points, None
    raise ScenarioError(f"series must be one of {', '.join(SERIES)}, got {series!r}")


def run_forecast(
    plan: ForecastPlan | None = None, out: Path = Path("results/forecast")
) -> ForecastResult:
    """Forecast `plan.series` `plan.h` years ahead and write the results into `out`.

    The files, forecast.csv, backtest.csv and fan_chart.png, are written atomically.

    Raises
    ------
    ScenarioError
        If `out` exists and is not a folder.
    """
    plan = plan or ForecastPlan()
    series, method, h = plan.series, plan.method, plan.h
    out = Path(out)
    if out.exists() and not out.is_dir():
        raise ScenarioError(f"{out}: exists and is not a folder")
    y, points, band = series_and_points(series)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        fitted = fit(y, method)
    table = fitted.forecast(h, levels=(80, 95))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # short early windows fall back, by design
        scores = backtest(y, min(h, BACKTEST_HORIZON), methods=(method,), calibration="reference")
    fig = plot_fan(
        y,
        table,
        points,
        band,
        title=f"Urumqi {series} population: {fitted.method} forecast, median with 80% and "
        f"95% bands\nintervals calibrated on: {fitted.calibration.source}",
    )
    write_folder(
        Path(out),
        {
            "forecast.csv": lambda p: table.rename_axis("year").to_csv(p),
            "backtest.csv": lambda p: scores.to_csv(p, index=False),
            "fan_chart.png": lambda p: fig.savefig(p, dpi=110),
        },
    )
    plt.close(fig)
    return ForecastResult(
        out,
        fitted.method,
        int(table.index[-1].year),
        float(table["median"].iloc[-1]),
        tuple(str(w.message) for w in caught),
    )
