"""Calibration: recovers parameters from data the model made; targets are checked; the
installed set becomes every scenario's default; the hindcast refuses 2020 data."""

import json

import numpy as np
import pandas as pd
import pytest

from floatpop.experiments.calibration.abc import condition_on_account
from floatpop.experiments.calibration.calibrate import calibrate, central_stock_path, install
from floatpop.experiments.calibration.plan import CalibrationPlan
from floatpop.experiments.calibration.targets import distance, read_targets
from floatpop.experiments.study.executors import ExecutorSpec
from floatpop.experiments.study.points import Parameter, declared_priors, with_values
from floatpop.experiments.validation.hindcast import run_hindcast
from floatpop.experiments.validation.plan import HindcastPlan
from floatpop.model import MigrationModel
from floatpop.scenarios import ScenarioError, calibrated, load

START, END, SCALE, SEED = "2010-11", "2014-12", 0.002, 11
PRIORS = (
    Parameter("registration", "intercept", -7.0, -2.0),
    Parameter("settlement", "willingness_intercept", -4.0, -1.0),
)
TRUTH = np.array([-3.5, -2.0])


def synthetic_targets() -> pd.DataFrame:
    """What the model says at TRUTH, as targets with a 0.02 sd.

    The mean of four runs (seeds 999-1002), so the data's own run noise (about 0.02 in
    a coverage at this scale) does not decide where the truth falls in the interval.
    """
    scenario = load("baseline", scale=SCALE, start=START, end=END, calibrated=False)
    truth = with_values(scenario, PRIORS, TRUTH)
    path = central_stock_path(scenario, SEED, 2020)
    frames = [MigrationModel(truth, stock_path=path, seed=s).run() for s in range(999, 1003)]
    city = pd.concat(frames).query("district == 'all'").groupby(["outcome", "date"]).value.mean()
    rows = [
        ("coverage_2012", "residence_permit_coverage", "2012-06"),
        ("coverage_2014", "residence_permit_coverage", "2014-06"),
        ("willingness_2013", "settlement_willingness", "2013-06"),
    ]
    return pd.DataFrame(
        [
            {
                "target": name,
                "outcome": outcome,
                "date": date,
                "district": "all",
                "kind": "value",
                "observed": city[(outcome, date)],
                "sd": 0.02,
                "weight": 1.0,
            }
            for name, outcome, date in rows
        ]
    )


def test_calibration_recovers_known_parameters_from_model_simulated_data(tmp_path):
    targets = synthetic_targets()
    plan = CalibrationPlan(
        PRIORS, budget=68, accept=0.2, check_runs=4, scale=SCALE, start=START, end=END, seed=SEED
    )
    result = calibrate(tmp_path / "cal", targets, plan, ExecutorSpec(workers=2), progress=False)
    est = result.estimates.set_index("parameter")
    width = np.array([p.high - p.low for p in PRIORS])
    error = np.abs(est.value.to_numpy() - TRUTH) / width
    assert np.all(error <= 0.1), f"estimates {est.value.tolist()} vs truth {TRUTH}: {error}"
    inside = (est.lower_90.to_numpy() <= TRUTH) & (TRUTH <= est.upper_90.to_numpy())
    assert inside.all(), f"truth outside the 90% interval:\n{est}"
    assert (result.fit.z.abs() < 2).all(), f"the calibrated model misses its targets:\n{result.fit}"
    for name in ("calibrated.csv", "fit.csv", "runs.csv", "posterior.csv", "posterior.png"):
        assert (tmp_path / "cal" / name).stat().st_size > 100, name
    assert result.provenance["runs"] == 68, "the budget counts every run"


def test_an_account_rate_is_solved_so_each_run_meets_its_target_within_its_error():
    """Runs that simulated 2.0 M and 2.4 M registered at rates 0 and +0.01 over 8 years,
    against 2.2 M (sd 5%), get rates that would meet 2.2 M x exp(e): e's sd 0.05 over 8
    years is 0.00625 in the rate, so 2,000 draws centre within 0.0005 of the exact rate
    and spread by that sd (10%); the other parameter is untouched."""
    targets = pd.DataFrame(
        {
            "outcome": ["permit_holders", "registered_population"],
            "observed": [1.0, 2.2e6],
            "sd": [0.1, 0.11e6],
        }
    )
    labels = ["registration.intercept", "registered.net_migration_rate_per_year"]
    points = np.tile([[-3.0, 0.0], [-4.0, 0.01]], (1000, 1))
    simulated = np.tile([[1.0, 2.0e6], [1.0, 2.4e6]], (1000, 1))
    rng = np.random.default_rng(3)
    low, high = np.array([-7.0, -0.1]), np.array([-2.0, 0.1])
    out = condition_on_account(
        points, simulated, targets, labels, np.array([8.0, 8.0]), rng, low, high
    )
    np.testing.assert_array_equal(out[:, 0], points[:, 0], err_msg="only the account's rate moves")
    exact = [np.log(2.2 / 2.0) / 8, 0.01 + np.log(2.2 / 2.4) / 8]
    for row, want in enumerate(exact):
        rates = out[row::2, 1]
        assert abs(rates.mean() - want) < 0.0005, (row, rates.mean(), want)
        assert rates.std() == pytest.approx(0.05 / 8, rel=0.1)


def test_a_lower_bound_adds_distance_only_when_the_model_falls_short():
    targets = pd.DataFrame(
        {"observed": [100.0], "sd": [10.0], "weight": [1.0], "kind": ["at_least"]}
    )
    assert distance(np.array([[150.0], [100.0]]), targets).tolist() == [0.0, 0.0]
    assert distance(np.array([[80.0]]), targets)[0] == pytest.approx(2.0)


def test_a_band_adds_distance_only_outside_it_from_its_nearer_edge():
    targets = pd.DataFrame(
        {"observed": [100.0], "upper": [120.0], "sd": [10.0], "weight": [1.0], "kind": ["between"]}
    )
    inside = distance(np.array([[100.0], [110.0], [120.0]]), targets)
    assert inside.tolist() == [0.0, 0.0, 0.0], "the band holds its edges"
    assert distance(np.array([[80.0]]), targets)[0] == pytest.approx(2.0), "2 sd below"
    assert distance(np.array([[150.0]]), targets)[0] == pytest.approx(3.0), "3 sd above"


def test_shipped_targets_are_sourced_weighted_and_cut_by_year():
    targets = read_targets(2020)
    assert (targets.date.str[:4].astype(int) < 2020).all(), "no target from 2020 on"
    assert (targets.sd > 0).all() and targets.sd.notna().all()
    by_group = targets.groupby("group").weight.sum()
    assert np.allclose(by_group, 1.0), f"each group carries one unit of weight: {by_group}"
    assert len(read_targets(2013)) < len(targets), "a cut-off year drops later targets"


def test_a_malformed_target_names_file_row_key_and_allowed_values(tmp_path):
    bad = tmp_path / "targets.csv"
    table = pd.read_csv(read_targets.__defaults__[0], dtype={"date": str})
    table.loc[3, "outcome"] = "floating_stok"
    table.to_csv(bad, index=False)
    with pytest.raises(ScenarioError) as err:
        read_targets(2020, bad)
    message = str(err.value)
    assert str(bad) in message and "row 5" in message and "'floating_stok'" in message
    assert "floating_stock" in message, "lists the allowed outcomes"


def fake_calibration(folder, before: int):
    """A calibration folder as `calibrate` writes it, with chosen values."""
    folder.mkdir()
    pd.DataFrame(
        {
            "section": ["registration", "registered"],
            "parameter": ["intercept", "net_migration_rate_per_year"],
            "value": [-3.25, -0.004],
            "lower_90": [-3.5, -0.006],
            "upper_90": [-3.0, -0.002],
            "prior_low": [-7.0, -0.02],
            "prior_high": [-2.0, 0.01],
            "region_low": [-4.0, -0.01],
            "region_high": [-2.5, 0.0],
        }
    ).to_csv(folder / "calibrated.csv", index=False)
    provenance = {
        "method": "abc-rejection, two waves",
        "date": "2026-01-01",
        "runs": 100,
        "seed": 1,
        "targets_before": before,
        "targets_sha256": "0" * 64,
        "versions": {"floatpop": "test"},
    }
    (folder / "provenance.json").write_text(json.dumps(provenance))
    pd.DataFrame(
        {
            "wave": [1, 2, 2],
            "registration.intercept": [-5.0, -3.2, -3.3],
            "registered.net_migration_rate_per_year": [0.0, -0.004, -0.005],
            "distance": [3.0, 0.5, 0.6],
            "accepted": [False, True, True],
        }
    ).to_csv(folder / "runs.csv", index=False)
    pd.DataFrame(
        {
            "registration.intercept": [-3.2, -3.3],
            "registered.net_migration_rate_per_year": [-0.004, -0.005],
        }
    ).to_csv(folder / "posterior.csv", index=False)
    return folder


def test_an_installed_calibration_is_every_scenarios_default_with_provenance(tmp_path, monkeypatch):
    monkeypatch.setattr(calibrated, "CALIBRATED_PATH", tmp_path / "calibrated_parameters.csv")
    install(fake_calibration(tmp_path / "cal", 2020))
    posterior = pd.read_csv(tmp_path / "calibrated_posterior.csv")
    assert list(posterior["registration.intercept"]) == [-3.2, -3.3], (
        "the posterior sample, jointly"
    )
    scenario = load("service_first")
    assert scenario.registration.intercept == -3.25
    assert scenario.registered.net_migration_rate_per_year == -0.004
    assert "calibrated_parameters.csv" in scenario.parameters()["calibration"]
    bare = load("service_first", calibrated=False)
    assert bare.registration.intercept != -3.25 and bare.calibration == ""


def test_the_hindcast_refuses_a_calibration_that_used_2020_data(tmp_path, monkeypatch):
    monkeypatch.setattr(calibrated, "CALIBRATED_PATH", tmp_path / "calibrated_parameters.csv")
    install(fake_calibration(tmp_path / "cal", 2021))
    with pytest.raises(ValueError, match="only data from before 2020"):
        run_hindcast(tmp_path / "hindcast", HindcastPlan(replications=1, scale=0.001))
    assert not (tmp_path / "hindcast").exists(), "nothing written"


def test_calibrate_command_refuses_a_budget_too_small_for_its_parameters(tmp_path, capsys):
    from floatpop.experiments.cli import main

    assert main(["calibrate", "--budget", "20", "--out", str(tmp_path / "c")]) == 2
    err = capsys.readouterr().err
    n = len(declared_priors())
    minimum = 8 * n + CalibrationPlan().check_runs
    assert f"budget 20 is too small for {n} parameters" in err, err
    assert f"at least {minimum}" in err, err
    assert not (tmp_path / "c").exists(), "nothing written"


def test_calibration_estimates_the_parameters_declared_with_a_prior():
    """The priors come from the parameters' metadata, and the installed calibration
    estimated exactly those, over the same ranges."""
    declared = {p.label: (p.low, p.high) for p in declared_priors()}
    table = calibrated.read_calibration().table
    installed = {
        f"{r.section}.{r.parameter}": (r.prior_low, r.prior_high) for r in table.itertuples()
    }
    assert declared == installed, f"declared {declared}\ninstalled {installed}"
    assert CalibrationPlan().priors == declared_priors(), "the default plan estimates them"
