"""Single runs and forecasts: what they write, and the provenance they record."""

import json

import pandas as pd
import pytest

from floatpop.experiments.cli import main
from floatpop.experiments.runs.plan import RunPlan
from floatpop.experiments.runs.single import run_scenario
from floatpop.scenarios import ScenarioError, load


def test_run_writes_outcomes_provenance_and_plot(tmp_path, capsys):
    out = tmp_path / "run"
    args = ["run", "baseline", "--scale", "0.001", "--seed", "3", "--end", "2021-05"]
    code = main([*args, "--out", str(out)])
    assert code == 0, capsys.readouterr().err
    outcomes = pd.read_parquet(out / "outcomes.parquet")
    assert list(outcomes.columns) == ["date", "district", "outcome", "value"]
    assert outcomes.date.max() == "2021-05" and "all" in set(outcomes.district)
    record = json.loads((out / "run.json").read_text())
    assert record["seed"] == 3 and record["parameters"]["run"]["scale"] == 0.001
    assert {"mesa", "numpy", "python"} <= set(record["versions"])
    assert (out / "headline.png").stat().st_size > 10_000, "the plot should have content"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["run"], "no staging folder left"


def test_run_records_the_forecast_arrival_path(tmp_path):
    out = tmp_path / "run"
    assert main(["run", "baseline", "--scale", "0.001", "--end", "2021-02", "--out", str(out)]) == 0
    record = json.loads((out / "run.json").read_text())
    assert record["inflow"]["kind"] == "forecast"
    assert len(record["inflow"]["persons_per_month"]) == 3


def test_a_policy_run_takes_the_arrivals_of_the_baseline_it_pairs_with(tmp_path):
    """`floatpop run <scenario>` runs the baseline first: same seed, same arrivals."""
    args = ["--scale", "0.001", "--end", "2021-06", "--seed", "3"]
    assert main(["run", "baseline", *args, "--out", str(tmp_path / "b")]) == 0
    assert main(["run", "hukou_reform", *args, "--out", str(tmp_path / "h")]) == 0
    base, policy = (json.loads((tmp_path / f / "run.json").read_text()) for f in "bh")
    assert base["inflow"]["paired_with"] is None, "the baseline follows the path itself"
    assert policy["inflow"]["paired_with"] == "baseline"
    assert policy["inflow"]["persons_per_month"] == base["inflow"]["persons_per_month"], (
        "the policy run takes the baseline's arrivals, month by month"
    )


def test_a_set_parameter_reaches_the_run_and_its_record(tmp_path):
    out = tmp_path / "run"
    args = ["run", "baseline", "--scale", "0.001", "--end", "2021-02", "--out", str(out)]
    assert (
        main([*args, "--set", "work.p_job_loss=0.05", "--set", "housing.allocation_rounds=5"]) == 0
    )
    parameters = json.loads((out / "run.json").read_text())["parameters"]
    assert parameters["work"]["p_job_loss"] == 0.05, "the value given on the command line"
    assert parameters["housing"]["allocation_rounds"] == 5


def test_object_mode_is_refused_at_a_scale_that_would_take_hours(tmp_path):
    scenario = load("baseline", scale=0.05, end="2021-02")
    with pytest.raises(ScenarioError, match="give a scale of 0.01 or less"):
        run_scenario(scenario, RunPlan(mode="objects"), tmp_path / "never")
    assert not (tmp_path / "never").exists(), "nothing written"


def test_forecast_writes_table_backtest_and_fan_chart(tmp_path, capsys):
    out = tmp_path / "fc"
    code = main(
        ["forecast", "--series", "floating", "--method", "drift", "--h", "5", "--out", str(out)]
    )
    assert code == 0, capsys.readouterr().err
    table = pd.read_csv(out / "forecast.csv")
    columns = ["year", "median", "mean", "lower_80", "upper_80", "lower_95", "upper_95"]
    assert list(table.columns) == columns
    assert len(table) == 5 and (table.lower_80 < table["median"]).all()
    printed = capsys.readouterr()
    assert "median in 2028" in printed.out, "the point forecast is the median"
    assert "Warning" not in printed.err, "notes are printed as lines, not Python warnings"
    scores = pd.read_csv(out / "backtest.csv")
    assert {"drift", "naive"} <= set(scores.method) and scores.horizon.max() == 5
    assert (out / "fan_chart.png").stat().st_size > 10_000
