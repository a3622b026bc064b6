"""Forecasts of the migrant inflow: observed history, model menu, backtests, paths."""

from forecasting.backtest import backtest, backtest_errors
from forecasting.baseline import baseline_inflow
from forecasting.calibration import Calibration
from forecasting.forecast import forecast, sample_paths
from forecasting.methods import METHODS

__all__ = [
    "METHODS",
    "Calibration",
    "backtest",
    "backtest_errors",
    "baseline_inflow",
    "forecast",
    "sample_paths",
]
