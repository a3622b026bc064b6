"""Fuse the floating-stock observations into one yearly series with its uncertainty.

A local-linear-trend state-space model (statsmodels `UnobservedComponents`) on the log
stock, 1990-2020, missing years allowed. Each observation has a known noise variance,
larger for weaker sources (`scenarios.derive.RELIABILITY_SD`); the model estimates only the
level and slope disturbance variances. The smoothed state gives the fused series.
"""

from functools import cache

import numpy as np
import pandas as pd
from scipy.stats import norm
from statsmodels.tsa.statespace.structural import UnobservedComponents
from threadpoolctl import threadpool_limits

from floatpop.forecasting.history import floating_observations

FIRST_YEAR = 1990  # the first census on current boundaries


class KnownNoiseTrend(UnobservedComponents):
    """Local linear trend whose observation variance is given, year by year."""

    def __init__(self, endog: pd.Series, obs_var: np.ndarray):
        super().__init__(
            endog,
            level=True,
            trend=True,
            stochastic_level=True,
            stochastic_trend=True,
            irregular=False,
        )
        # a tiny floor keeps the filter well defined in years with no observation
        self.ssm["obs_cov"] = np.maximum(obs_var, 1e-10).reshape(1, 1, -1)


def fit_fusion(obs: pd.DataFrame):
    """Return the fitted `KnownNoiseTrend` of the observations `obs`: (model, results)."""
    years = pd.period_range(str(FIRST_YEAR), str(obs.year.max()), freq="Y")
    endog = pd.Series(np.nan, index=years)
    obs_var = np.zeros(len(years))
    for row in obs.itertuples():
        i = row.year - FIRST_YEAR
        endog.iloc[i] = np.log(row.value)
        obs_var[i] = row.sd_log**2
    model = KnownNoiseTrend(endog, obs_var)
    with threadpool_limits(limits=1, user_api="blas"):  # a tiny fit: threads only cost
        fit = model.fit(disp=False)
    return model, fit


def fuse_floating(observations: pd.DataFrame | None = None) -> pd.DataFrame:
    """Return the fused yearly floating stock from FIRST_YEAR to the last observed year.

    The columns are the median, the log sd, the 90% band, and the observations used
    (persons), indexed by year; ``attrs`` holds the estimated disturbance variances.
    `observations` defaults to `history.floating_observations()`.
    """
    obs = floating_observations() if observations is None else observations
    years = pd.period_range(str(FIRST_YEAR), str(obs.year.max()), freq="Y")
    _, fit = fit_fusion(obs)
    smoothed = fit.smoothed_state[0]
    sd = np.sqrt(fit.smoothed_state_cov[0, 0])
    z = norm.ppf(0.95)
    fused = pd.DataFrame(
        {
            "median": np.exp(smoothed),
            "sd_log": sd,
            "lower_90": np.exp(smoothed - z * sd),
            "upper_90": np.exp(smoothed + z * sd),
        },
        index=years.year,
    )
    fused.index.name = "year"
    fused["observed"] = obs.set_index("year").value.reindex(fused.index)
    fused.attrs["disturbance_variances"] = dict(zip(fit.model.param_names, fit.params, strict=True))
    return fused


@cache
def floating_history() -> pd.Series:
    """Return the fused yearly floating stock (median), from the first observed year on.

    It is indexed by yearly periods.
    """
    fused = fuse_floating()
    first = int(fused.observed.first_valid_index())
    history = fused["median"].loc[first:]
    return pd.Series(
        history.to_numpy(), index=pd.period_range(str(first), periods=len(history), freq="Y")
    )


def history_before(year: int) -> pd.Series:
    """Return the fused floating stock (yearly periods) from what was observed before `year`."""
    obs = floating_observations(before=year)
    values = fuse_floating(obs)["median"].loc[int(obs.year.min()) :]
    return pd.Series(
        values.to_numpy(),
        index=pd.period_range(str(values.index[0]), periods=len(values), freq="Y"),
    )


def history_draws(n: int, seed: int, before: int | None = None) -> list[pd.Series]:
    """Return `n` draws of the floating-stock history from the fusion's posterior.

    Each is a whole trajectory from the simulation smoother (statsmodels), from the
    first observed year on, indexed by yearly periods; draw r depends only on
    (seed, r). With `before`, the history is what was observed before that year.
    """
    obs = floating_observations(before=before)
    model, fit = fit_fusion(obs)
    model.update(fit.params)
    simulator = model.simulation_smoother()
    first = int(obs.year.min())
    periods = pd.period_range(str(first), str(obs.year.max()), freq="Y")
    draws = []
    for r in range(n):
        simulator.simulate(rng=np.random.default_rng([seed, r]))
        level = np.exp(simulator.simulated_state[0][first - FIRST_YEAR :])
        draws.append(pd.Series(level, index=periods))
    return draws
