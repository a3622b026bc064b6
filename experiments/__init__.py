"""Experiments with the model: single runs, studies, calibration, sensitivity, validation."""
