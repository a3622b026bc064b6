"""Forecasting: the one-call API, calibrated intervals, coherent paths, fusion, traps."""

import numpy as np
import pandas as pd
import pytest
from statsmodels.tsa.exponential_smoothing.ets import ETSModel

from floatpop.forecasting import backtest, backtest_errors, forecast, sample_paths
from floatpop.forecasting.calibration import learn
from floatpop.forecasting.coupling import arrivals_from_stock, inflow_paths
from floatpop.forecasting.fusion import fuse_floating
from floatpop.forecasting.history import floating_observations


def yearly(values, start=1990) -> pd.Series:
    return pd.Series(values, index=pd.period_range(str(start), periods=len(values), freq="Y"))


def random_walks(n_series: int, length: int, drift: float, sd: float, seed: int):
    rng = np.random.default_rng(seed)
    steps = drift + sd * rng.standard_normal((n_series, length))
    return {f"s{i}": yearly(100 * np.exp(np.cumsum(row))) for i, row in enumerate(steps)}


def test_forecast_recovers_a_known_exponential_trend():
    y = yearly(1000 * 1.03 ** np.arange(30))  # exactly 3% a year
    expected = 1000 * 1.03 ** np.arange(30, 35)
    for method in ("drift", "ets", "arima"):
        table = forecast(y, 5, method=method)
        np.testing.assert_allclose(
            table["mean"], expected, rtol=0.01, err_msg=f"{method} should continue a clean 3% trend"
        )
    # Theta extrapolates half the trend by design, so the combination lags a little
    combo = forecast(y, 5, method="combo")["mean"]
    np.testing.assert_allclose(combo, expected, rtol=0.04, err_msg="combo drifts off the trend")
    assert (np.diff(combo) > 0).all(), "combo keeps the growth going"


def test_forecast_frame_has_the_promised_shape_and_ordered_bands():
    y = random_walks(1, 30, 0.02, 0.03, seed=1)["s0"]
    table = forecast(y, 6, levels=(80, 95))
    assert list(table.columns) == ["mean", "lower_80", "upper_80", "lower_95", "upper_95"]
    assert list(table.index) == list(pd.period_range("2020", periods=6, freq="Y"))
    assert (table.lower_95 <= table.lower_80).all() and (table.lower_80 < table.upper_80).all()
    assert (table.upper_80 <= table.upper_95).all(), "the 95% band contains the 80% band"
    assert (table.lower_95 > 0).all(), "positive series stay positive (log scale)"
    assert {"method", "calibration", "factors"} <= set(table.attrs), "the fit keeps its factors"


def test_calibration_brings_coverage_near_nominal_on_held_out_series():
    """Learn factors on 40 simulated random walks, check coverage on 40 others.

    Tolerance: 95% intervals within [0.90, 0.99] and 80% within [0.70, 0.90] at each
    horizon (about 200 outcomes per horizon: a binomial sd near 0.015 and 0.03).
    """
    train = random_walks(40, 30, 0.02, 0.04, seed=2)
    test = random_walks(40, 30, 0.02, 0.04, seed=3)
    calibration = learn(backtest_errors(train, 3, methods=("naive",)))
    scores = backtest(test, 3, methods=("naive",), calibration=calibration)
    naive = scores[scores.method == "naive"]
    assert naive.coverage_95.between(0.90, 0.99).all(), naive[["horizon", "coverage_95"]]
    assert naive.coverage_80.between(0.70, 0.90).all(), naive[["horizon", "coverage_80"]]


def test_native_intervals_of_short_window_fits_under_cover_and_calibration_widens_them():
    series = random_walks(30, 25, 0.03, 0.05, seed=4)
    errors = backtest_errors(series, 3, methods=("drift",))
    calibration = learn(errors)
    native = backtest(series, 3, methods=("drift",), calibration="native")
    calibrated = backtest(series, 3, methods=("drift",), calibration=calibration)
    n95 = native.query("method == 'drift'").coverage_95.mean()
    c95 = calibrated.query("method == 'drift'").coverage_95.mean()
    assert c95 >= n95, f"widening can only add coverage: {n95:.2f} -> {c95:.2f}"
    assert calibration.factor("drift", 95, 3).min() >= 1, "factors never narrow an interval"


def test_backtest_scores_each_horizon_and_always_includes_naive_and_drift():
    y = random_walks(1, 30, 0.02, 0.03, seed=5)["s0"]
    scores = backtest(y, 4, methods=("ets",))
    assert set(scores.method) == {"ets", "naive", "drift"}
    assert sorted(scores.horizon.unique()) == [1, 2, 3, 4]
    for column in ("mase", "smape", "coverage_80", "coverage_95", "interval_score_95"):
        assert scores[column].notna().all() and (scores[column] >= 0).all(), column


def test_sample_paths_are_coherent_deterministic_and_match_the_forecast_mean():
    y = random_walks(1, 30, 0.02, 0.03, seed=6)["s0"]
    paths = sample_paths(y, 8, 20_000, method="drift", seed=11)
    table = forecast(y, 8, method="drift")
    # Monte Carlo tolerance: 4 standard errors of the mean of 20,000 log-normal draws
    se = paths.std() / np.sqrt(len(paths))
    assert (np.abs(paths.mean() - table["mean"]) < 4 * se).all(), "path mean != forecast mean"
    inside = ((paths >= table.lower_95) & (paths <= table.upper_95)).mean()
    assert inside.between(0.94, 0.96).all(), "paths spread like the 95% interval"
    log_steps = np.diff(np.log(paths.to_numpy()), axis=1)
    neighbours = np.corrcoef(np.log(paths.iloc[:, -2]), np.log(paths.iloc[:, -1]))[0, 1]
    assert neighbours > 0.8, (
        f"a path is a trajectory: neighbouring years move together (corr {neighbours:.2f}); "
        "independent yearly quantiles would give 0"
    )
    assert np.isfinite(log_steps).all() and (paths > 0).all().all()
    again = sample_paths(y, 8, 5, method="drift", seed=11)
    pd.testing.assert_frame_equal(again, paths.iloc[:5], check_exact=True)


def test_too_short_series_fall_back_with_a_warning():
    y = yearly([100.0, 104.0, 109.0, 113.0, 118.0])
    with pytest.warns(UserWarning, match="too short for 'combo'.*using 'drift'"):
        table = forecast(y, 3)
    assert table.attrs["method"] == "drift"


@pytest.mark.parametrize(
    ("y", "kwargs", "error", "message"),
    [
        (yearly([1.0, np.nan, 3.0]), {}, ValueError, "non-finite"),
        (yearly([5.0]), {}, ValueError, "at least 2"),
        (np.arange(10.0), {}, TypeError, "pandas Series"),
        (yearly(np.arange(1.0, 20.0)), {"method": "prophet"}, ValueError, "unknown method"),
        (yearly(np.arange(1.0, 20.0)), {"h": 0}, ValueError, "positive integer"),
        (yearly(np.arange(1.0, 20.0)), {"levels": (80, 120)}, ValueError, "percentages"),
    ],
)
def test_bad_input_is_a_clear_error(y, kwargs, error, message):
    with pytest.raises(error, match=message):
        forecast(y, kwargs.pop("h", 3), **kwargs)


def test_fusion_passes_close_to_the_census_anchored_observations():
    fused = fuse_floating()
    obs = floating_observations().set_index("year")
    for year in (2010, 2020):  # census-based: the strongest anchors
        gap = abs(np.log(fused.loc[year, "median"] / obs.loc[year, "value"]))
        assert gap < 2 * obs.loc[year, "sd_log"], f"fused {year} strays from its census anchor"
    assert fused.loc[2010, "sd_log"] < fused.loc[2005, "sd_log"], "more certain at a census"
    assert fused.loc[1990, "sd_log"] > fused.loc[2000, "sd_log"], "less certain before data"
    assert (fused.lower_90 < fused["median"]).all() and (fused["median"] < fused.upper_90).all()


def test_inflow_paths_replace_exits_and_follow_growth():
    history = pd.Series([100.0, 110.0, 121.0], index=[2019, 2020, 2021])
    paths = pd.DataFrame(
        [[133.1, 146.41], [121.0, 121.0]], columns=pd.period_range("2022", periods=2, freq="Y")
    )
    arrivals = inflow_paths(history, paths, "2020-11", 24, exit_rate=0.01, initial_stock=1000)
    assert arrivals.shape == (2, 24) and (arrivals >= 0).all()
    steady = np.full(3, 1000.0)  # no growth: arrivals just replace the exits
    np.testing.assert_allclose(arrivals_from_stock(steady, 0.02), [20, 20])
    assert arrivals[0, -1] > arrivals[1, -1], "a growing path brings more arrivals"


def test_statsmodels_ets_traps_are_pinned():
    """statsmodels 0.15 renamed ETSResults.simulate(random_state=) to rng=, and
    ETSModel.get_prediction needs the model fitted on a pandas Series."""
    y = random_walks(1, 30, 0.02, 0.03, seed=7)["s0"]
    fit = ETSModel(np.log(y), error="add", trend="add", damped_trend=True).fit(disp=False)
    a = fit.simulate(5, repetitions=3, anchor="end", rng=np.random.default_rng(1))
    b = fit.simulate(5, repetitions=3, anchor="end", rng=np.random.default_rng(1))
    np.testing.assert_array_equal(np.asarray(a), np.asarray(b))
    with pytest.raises(TypeError):
        fit.simulate(5, anchor="end", random_state=1)
    frame = fit.get_prediction(start=len(y), end=len(y) + 2).summary_frame()
    assert list(frame.index) == list(pd.period_range("2020", periods=3, freq="Y"))


def test_a_gap_in_the_years_is_a_clear_error():
    y = pd.Series(
        [1.0, 2.0, 3.0, 4.0], index=pd.PeriodIndex(["1990", "1991", "1993", "1994"], freq="Y")
    )
    with pytest.raises(ValueError, match="gap in its periods"):
        forecast(y, 2)
