"""Forecasts of the migrant inflow; for now the data-derived default arrival path."""

from forecasting.baseline import baseline_inflow

__all__ = ["baseline_inflow"]
