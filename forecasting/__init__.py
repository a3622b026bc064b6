"""Forecasts of the migrant inflow: observed history, model menu, backtests, paths."""

from floatpop.forecasting.backtest import backtest, backtest_errors
from floatpop.forecasting.baseline import baseline_stock
from floatpop.forecasting.calibration import Calibration
from floatpop.forecasting.fit import ForecastFit, fit
from floatpop.forecasting.forecast import forecast, sample_paths
from floatpop.forecasting.methods import METHODS

__all__ = [
    "METHODS",
    "Calibration",
    "ForecastFit",
    "backtest",
    "backtest_errors",
    "baseline_stock",
    "fit",
    "forecast",
    "sample_paths",
]
