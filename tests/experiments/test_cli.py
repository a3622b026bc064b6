"""The `floatpop` command: one clear line and nothing written on bad input; the scenario
commands; a study folder of an earlier version moved aside, not overwritten."""

import subprocess
import sys

import pytest

from floatpop.experiments.cli import main
from floatpop.experiments.store.manifest import move_aside_if_changed


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["run", "no_such"], "no such scenario"),
        (["run", "baseline", "--scale", "7"], "scale must be a number in"),
        (["run", "baseline", "--end", "2019-05"], "must come after start"),
        (["run", "baseline", "--end", "2020-13"], "must be a month written YYYY-MM"),
        (["run", "baseline", "--seed", "-1"], "seed must be an integer of at least 0"),
        (["run", "baseline", "--set", "work.p_job_los=0.1"], "did you mean 'work.p_job_loss'"),
        (["run", "baseline", "--set", "beta_family=0.1"], "several sections"),
        (["run", "baseline", "--mode", "objects", "--scale", "0.05"], "0.01 or less"),
        (["hindcast", "--scale", "3"], "scale must be a number in"),
        (["calibrate", "--budget", "20"], "budget 20 is too small for"),
        (["sensitivity", "--only", "work.nothing"], "not uncertain parameters"),
        (["experiment", "no_such_study.toml"], "no such study file"),
        (["report", "no_such_folder"], "no manifest.json"),
        (["forecast", "--h", "0"], "h (years ahead) must be an integer of at least 1"),
        (["run", "baseline", "--executor", "dask"], "unrecognized arguments"),
    ],
)
def test_bad_input_is_one_line_nonzero_and_writes_nothing(tmp_path, capsys, args, expected):
    out = tmp_path / "never"
    try:
        code = main([*args, "--out", str(out)] if args[0] != "report" else args)
    except SystemExit as stop:  # argparse's own usage errors
        code = stop.code
    err = capsys.readouterr().err
    assert code == 2, "bad input must exit with status 2"
    assert expected in err, err
    assert len([line for line in err.strip().splitlines() if "error" in line]) == 1, err
    assert "Traceback" not in err
    assert not out.exists(), "no partial output"


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
    assert "min_insured_months = 6  [months]" in shown, "the scenario's own reform"
    assert shown.count("[[policies]]") == 7, "six timeline events and the reform"


def test_an_earlier_version_of_a_study_is_moved_aside_not_overwritten(tmp_path):
    out = tmp_path / "demo"
    out.mkdir()
    (out / "manifest.json").write_text('{"config_hash": "old"}')
    assert move_aside_if_changed(out, "old") is None, "the same study resumes in place"
    moved = move_aside_if_changed(out, "new")
    assert moved == tmp_path / "demo.old" and (moved / "manifest.json").exists()
    assert not out.exists(), "the study starts afresh in --out"


HEAVY = ("numpy", "pandas", "mesa", "matplotlib", "statsmodels", "scipy", "pyarrow")


@pytest.mark.parametrize("command", [["--help"], ["scenarios", "list"]])
def test_help_and_listing_import_no_numerical_library(command, tmp_path):
    """`floatpop --help` and `floatpop scenarios list` load only the standard library and
    floatpop's light modules (their time is measured in benchmarks/cli_startup.py)."""
    code = (
        "import sys\nfrom floatpop.experiments.cli import main\n"
        f"try:\n    main({command!r})\nexcept SystemExit:\n    pass\n"
        f"print(sorted(m for m in {HEAVY!r} if m in sys.modules))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "[]", result.stdout
