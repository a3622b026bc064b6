"""Single runs and forecasts: their plans, seeds, outputs and plots."""
