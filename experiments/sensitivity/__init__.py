"""Sensitivity analysis: Morris screening and Sobol' indices of the uncertain parameters."""
