"""Forecasting: the one-call API, calibrated intervals, coherent paths, fusion, traps."""

import warnings

import numpy as np
import pandas as pd
import pytest
from scipy.stats import norm
from statsmodels.tsa.exponential_smoothing.ets import ETSModel

from floatpop.forecasting import backtest, backtest_errors, fit, forecast, methods, sample_paths
from floatpop.forecasting.calibration import learn, reference, series_class
from floatpop.forecasting.coupling import stock_paths
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
            table["median"], expected, rtol=0.01, err_msg=f"{method} should continue a 3% trend"
        )
    # naive (flat) and theta (half the trend) lag, but the median of five follows the three
    # members that continue the trend
    combo = forecast(y, 5, method="combo")["median"]
    np.testing.assert_allclose(combo, expected, rtol=0.01, err_msg="combo drifts off the trend")


def test_forecast_frame_has_the_promised_shape_and_ordered_bands():
    y = random_walks(1, 30, 0.02, 0.03, seed=1)["s0"]
    table = forecast(y, 6, levels=(80, 95))
    columns = ["median", "mean", "lower_80", "upper_80", "lower_95", "upper_95"]
    assert list(table.columns) == columns
    assert list(table.index) == list(pd.period_range("2020", periods=6, freq="Y"))
    assert (table.lower_95 <= table.lower_80).all() and (table.lower_80 < table.upper_80).all()
    assert (table.upper_80 <= table.upper_95).all(), "the 95% band contains the 80% band"
    assert (table.lower_95 > 0).all(), "positive series stay positive (log scale)"
    assert (table.lower_80 < table["median"]).all() and (table["median"] < table.upper_80).all()
    assert table.attrs == {}, "nothing travels in DataFrame.attrs: the fit has it"


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


def test_calibration_narrows_intervals_that_are_too_wide():
    """Naive's sd grows like sqrt(k), but on noise around a fixed level the error does not.

    Learnt factors fall below 1, and the narrower intervals still cover about 95% of
    held-out outcomes (tolerance [0.90, 0.99], as above).
    """
    rng = np.random.default_rng(4)
    noise = {f"s{i}": yearly(np.exp(4 + 0.05 * rng.standard_normal(30))) for i in range(80)}
    train = dict(list(noise.items())[:40])
    test = dict(list(noise.items())[40:])
    calibration = learn(backtest_errors(train, 4, methods=("naive",)))
    assert calibration.classes("naive") == {"rough"}, "noise is a rough series"
    with pytest.warns(UserWarning, match="no factors learnt for 'naive' on smooth series"):
        calibration.half_width("naive", np.ones(2), 95, "smooth")
    assert calibration.factor("naive", 95, 4, "rough")[-1] < 0.9, "too-wide intervals narrowed"
    scores = backtest(test, 4, methods=("naive",), calibration=calibration)
    naive = scores[scores.method == "naive"]
    assert naive.coverage_95.between(0.90, 0.99).all(), naive[["horizon", "coverage_95"]]


def test_backtest_scores_each_horizon_and_always_includes_naive_and_drift():
    y = random_walks(1, 30, 0.02, 0.03, seed=5)["s0"]
    scores = backtest(y, 4, methods=("ets",))
    assert set(scores.method) == {"ets", "naive", "drift"}
    assert sorted(scores.horizon.unique()) == [1, 2, 3, 4]
    for column in ("mase", "smape", "coverage_80", "coverage_95", "interval_score_95"):
        assert scores[column].notna().all() and (scores[column] >= 0).all(), column


@pytest.mark.parametrize("method", ["drift", "combo"])
def test_sample_paths_median_is_the_point_and_quantiles_are_the_intervals(method):
    """Monte Carlo tolerance: 20,000 paths; a quantile's share is off by at most 0.01
    (about 3 binomial sds at 95%) and the median by 2% of the 80% band's width."""
    y = random_walks(1, 30, 0.02, 0.03, seed=6)["s0"]
    fitted = fit(y, method)
    paths = fitted.sample_paths(8, 20_000, seed=11)
    table = fitted.forecast(8, levels=(80, 95))
    width = table.upper_80 - table.lower_80
    assert (np.abs(paths.median() - table["median"]) < 0.02 * width).all(), "median != point"
    for level in (80, 95):
        inside = ((paths >= table[f"lower_{level}"]) & (paths <= table[f"upper_{level}"])).mean()
        assert (np.abs(inside - level / 100) < 0.01).all(), f"{level}% quantiles: {inside}"
    neighbours = np.corrcoef(np.log(paths.iloc[:, -2]), np.log(paths.iloc[:, -1]))[0, 1]
    assert neighbours > 0.8, (
        f"a path is a trajectory: neighbouring years move together (corr {neighbours:.2f}); "
        "independent yearly quantiles would give 0"
    )
    assert (paths > 0).all().all()


def test_one_fit_serves_forecast_and_paths_and_the_wrappers_match_it():
    y = random_walks(1, 30, 0.02, 0.03, seed=8)["s0"]
    fitted = fit(y)
    assert (fitted.method, fitted.requested, fitted.calibration) == ("combo", "combo", reference())
    pd.testing.assert_frame_equal(forecast(y, 6), fitted.forecast(6), check_exact=True)
    paths = sample_paths(y, 6, 5, seed=3)
    pd.testing.assert_frame_equal(paths, fitted.sample_paths(6, 5, seed=3), check_exact=True)
    first = fitted.sample_paths(6, 2, seed=3)
    pd.testing.assert_frame_equal(first, paths.iloc[:2], check_exact=True)  # path r: (seed, r)


def test_the_point_stays_inside_the_naive_95_interval_on_short_volatile_series():
    """The old back-transformed mean exp(mu + s^2 / 2) exploded here; the median cannot."""
    for seed in range(5):
        steps = 0.35 * np.random.default_rng(seed).standard_normal(11)
        y = yearly(3537 * np.exp(np.cumsum(steps)))
        naive = forecast(y, 6, method="naive", calibration="native")
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            point = forecast(y, 6, method="combo")["median"]
        assert (point >= naive.lower_95).all() and (point <= naive.upper_95).all(), (
            f"seed {seed}: combo {point.round(0).tolist()} outside naive's 95% interval"
        )


def test_combo_drops_a_wild_member_and_names_it(monkeypatch):
    def exploding(x):
        return lambda h: (x.iloc[-1] + 5.0 * np.arange(1, h + 1), np.full(h, 0.1))

    y = random_walks(1, 25, 0.02, 0.05, seed=9)["s0"]
    tame = fit(y)
    monkeypatch.setitem(methods.FITTERS, "arima", exploding)
    with pytest.warns(UserWarning, match="dropped member 'arima'"):
        wild = fit(y)
    assert wild.dropped == ("arima",) and len(wild.members) == 4
    growth = np.log(wild.forecast(6)["median"].iloc[-1] / y.iloc[-1])
    assert growth < 6 * np.abs(np.diff(np.log(y))).max(), "the wild path does not reach the point"
    assert not tame.dropped, "a tame series keeps all five members"


def test_too_short_series_fall_back_with_a_warning():
    y = yearly([100.0, 104.0, 109.0, 113.0, 118.0])
    with pytest.warns(UserWarning, match="too short for 'combo'.*using 'drift'"):
        fitted = fit(y)
    assert fitted.method == "drift" and fitted.requested == "combo"


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


def test_stock_paths_start_at_the_initial_stock_and_keep_the_growth():
    history = pd.Series([100.0, 110.0, 121.0], index=[2019, 2020, 2021])
    paths = pd.DataFrame(
        [[133.1, 146.41], [121.0, 121.0]], columns=pd.period_range("2022", periods=2, freq="Y")
    )
    stock = stock_paths(history, paths, "2020-11", 24, initial_stock=1000)
    assert stock.shape == (2, 25), "a stock for months 0..24"
    np.testing.assert_allclose(stock[:, 0], 1000, err_msg="the scenario sets the level")
    # 2020-11 to 2022-11: the first path grows ~10% a year, the flat one only to 2021-12
    np.testing.assert_allclose(stock[0, -1] / stock[0, 0], 1.21, rtol=0.01)
    assert stock[1, -1] < stock[0, -1], "a flat path ends lower than a growing one"


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


@pytest.mark.parametrize("cls", ["smooth", "rough"])
def test_the_deviation_map_is_symmetric_monotone_and_hits_the_learnt_factors(cls):
    calibration = reference()
    assert calibration.classes("combo") == {"smooth", "rough"}, "factors by series class"
    sd = np.array([0.01, 0.02, 0.03])
    u = np.linspace(-4, 4, 81)[:, None] * np.ones(3)
    d = calibration.deviation("combo", sd, u, cls)
    np.testing.assert_allclose(d, -d[::-1], err_msg="symmetric: the median is the point")
    assert (np.diff(d, axis=0) > 0).all(), "monotone: a wider level is never narrower"
    for level in (80, 95):
        factors = calibration.factor("combo", level, 3, cls)
        assert not np.allclose(factors, 1), "learnt factors, not the identity"
        expected = factors * sd * norm.ppf(0.5 + level / 200)
        np.testing.assert_allclose(calibration.half_width("combo", sd, level, cls), expected)


def test_smooth_and_rough_series_are_told_apart():
    steady = np.log(1000 * 1.02 ** np.arange(30) * (1 + 0.001 * np.sin(np.arange(30))))
    walk = np.cumsum(np.random.default_rng(1).normal(0.02, 0.05, 30))
    assert (series_class(steady), series_class(walk)) == ("smooth", "rough")
