"""`floatpop run`: its outputs, and one clear line with nothing written on bad input."""

import json

import pandas as pd
import pytest

from floatpop.experiments.cli import main


def test_run_writes_outcomes_provenance_and_plot(tmp_path, capsys):
    out = tmp_path / "run"
    code = main(
        [
            "run",
            "baseline",
            "--scale",
            "0.001",
            "--seed",
            "3",
            "--end",
            "2021-05",
            "--out",
            str(out),
        ]
    )
    assert code == 0, capsys.readouterr().err
    outcomes = pd.read_parquet(out / "outcomes.parquet")
    assert list(outcomes.columns) == ["date", "district", "outcome", "value"]
    assert outcomes.date.max() == "2021-05" and "all" in set(outcomes.district)
    record = json.loads((out / "run.json").read_text())
    assert record["seed"] == 3 and record["parameters"]["run"]["scale"] == 0.001
    assert {"mesa", "numpy", "python"} <= set(record["versions"])
    assert (out / "headline.png").stat().st_size > 10_000, "the plot should have content"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["run"], "no staging folder left"


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["run", "no_such"], "no such scenario"),
        (["run", "baseline", "--scale", "7"], "scale must be a number in"),
        (["run", "baseline", "--end", "2019-05"], "must come after start"),
    ],
)
def test_bad_input_is_one_line_nonzero_and_writes_nothing(tmp_path, capsys, args, expected):
    out = tmp_path / "never"
    code = main([*args, "--out", str(out)])
    err = capsys.readouterr().err
    assert code == 2, "bad input must exit non-zero"
    assert expected in err and len(err.strip().splitlines()) == 1, err
    assert "Traceback" not in err
    assert not out.exists(), "no partial output"


def test_malformed_arguments_exit_with_usage(capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(["run", "baseline", "--end", "2020-13"])
    assert exit_info.value.code == 2
    assert "expected a month written YYYY-MM" in capsys.readouterr().err


def test_forecast_writes_table_backtest_and_fan_chart(tmp_path, capsys):
    out = tmp_path / "fc"
    code = main(
        ["forecast", "--series", "floating", "--method", "drift", "--h", "5", "--out", str(out)]
    )
    assert code == 0, capsys.readouterr().err
    table = pd.read_csv(out / "forecast.csv")
    assert list(table.columns) == ["year", "mean", "lower_80", "upper_80", "lower_95", "upper_95"]
    assert len(table) == 5 and (table.lower_95 < table["mean"]).all()
    scores = pd.read_csv(out / "backtest.csv")
    assert {"drift", "naive"} <= set(scores.method) and scores.horizon.max() == 5
    assert (out / "fan_chart.png").stat().st_size > 10_000


def test_run_records_the_forecast_arrival_path(tmp_path):
    out = tmp_path / "run"
    assert main(["run", "baseline", "--scale", "0.001", "--end", "2021-02", "--out", str(out)]) == 0
    record = json.loads((out / "run.json").read_text())
    assert record["inflow"]["kind"] == "forecast"
    assert len(record["inflow"]["persons_per_month"]) == 3


def test_scenarios_list_show_and_validate(tmp_path, capsys):
    assert main(["scenarios", "list"]) == 0
    assert "baseline" in capsys.readouterr().out
    assert main(["scenarios", "show", "baseline"]) == 0
    shown = capsys.readouterr().out
    assert "p_job_loss = 0.015  [probability per month]" in shown, "value, unit and source"
    bad = tmp_path / "bad.toml"
    bad.write_text("[work]\np_job_los = 0.1\n")
    assert main(["scenarios", "validate", str(bad)]) == 2
    assert "did you mean 'p_job_loss'" in capsys.readouterr().err


def test_scenarios_show_lists_each_policy_with_units(capsys):
    assert main(["scenarios", "show", "hukou_reform"]) == 0
    shown = capsys.readouterr().out
    assert "[[policies]] hukou_reform: Further" not in shown  # descriptions come per policy
    assert "min_insured_months = 12  [months]" in shown, "the scenario's own reform"
    assert shown.count("[[policies]]") == 7, "six timeline events and the reform"


def test_an_earlier_version_of_a_study_is_moved_aside_not_overwritten(tmp_path):
    from floatpop.experiments.cli import move_aside_if_changed

    out = tmp_path / "demo"
    out.mkdir()
    (out / "manifest.json").write_text('{"config_hash": "old"}')
    assert move_aside_if_changed(out, "old") is None, "the same study resumes in place"
    moved = move_aside_if_changed(out, "new")
    assert moved == tmp_path / "demo.old" and (moved / "manifest.json").exists()
    assert not out.exists(), "the study starts afresh in --out"
