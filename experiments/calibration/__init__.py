"""Calibration: ABC estimates of the uncertain parameters from observed targets."""
