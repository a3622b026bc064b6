"""Studies: identical results on every executor, resume after kill -9, retries, the
report, and the analysis on a hand-made table."""

import json
import signal
import subprocess
import sys
import time

import failing_tasks
import numpy as np
import pandas as pd
import pytest
from conftest import part_files as files
from conftest import study_file

from floatpop.experiments.cli import main
from floatpop.experiments.store.errors import StoreError
from floatpop.experiments.store.results import read_results
from floatpop.experiments.study import analysis
from floatpop.experiments.study.executors import ExecutorSpec
from floatpop.experiments.study.report import write_report
from floatpop.experiments.study.runner import run_study
from floatpop.experiments.study.study_file import load_study


@pytest.fixture(scope="module")
def serial_results(tmp_path_factory):
    folder = tmp_path_factory.mktemp("serial")
    study = load_study(study_file(folder))
    statuses = run_study(study, folder / "out", progress=False)
    assert set(statuses.values()) == {"done"} and len(statuses) == 6
    return folder / "out"


@pytest.mark.parametrize("executor", ["processes", "dask"])
def test_every_executor_writes_the_same_files(serial_results, tmp_path, executor):
    study = load_study(study_file(tmp_path))
    run_study(study, tmp_path / "out", ExecutorSpec(executor, workers=2), progress=False)
    assert files(tmp_path / "out") == files(serial_results), f"{executor} differs from serial"


def test_replication_r_shares_seed_and_path_across_scenarios(serial_results):
    manifest = json.loads((serial_results / "manifest.json").read_text())
    assert len(set(manifest["seeds"].values())) == 3, "each replication its own seed"
    results = read_results(serial_results)
    start = results[
        (results.date == "2020-11")
        & (results.outcome == "floating_stock")
        & (results.district == "all")
    ]
    by_rep = start.groupby("replication").value.nunique()
    assert (by_rep == 1).all(), "replication r starts identically in every scenario"


def test_a_killed_study_resumes_and_equals_an_uninterrupted_run(tmp_path):
    path = study_file(tmp_path, end="2026-12")  # long enough runs to be caught mid-study
    whole = tmp_path / "whole"
    run_study(load_study(path), whole, progress=False)
    out = tmp_path / "out"
    command = [
        sys.executable,
        "-m",
        "floatpop",
        "experiment",
        str(path),
        "--out",
        str(out),
        "--executor",
        "serial",
    ]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.time() + 120
    while time.time() < deadline and len(list((out / "parts").glob("*.parquet"))) < 2:
        time.sleep(0.05)
    process.send_signal(signal.SIGKILL)
    process.wait()
    done_before = len(files(out))
    assert 0 < done_before < 6, f"the kill should land mid-study ({done_before} parts)"
    assert main(["experiment", str(path), "--out", str(out), "--executor", "serial"]) == 0
    assert files(out) == files(whole), "resumed results differ from an uninterrupted run"
    assert not [p for p in (out / "parts").iterdir() if p.name.startswith(".")], "temp left"


def test_a_changed_study_is_refused_in_the_same_folder(serial_results, tmp_path):
    changed = load_study(study_file(tmp_path, end="2022-08"))
    with pytest.raises(StoreError, match="different study"):
        run_study(changed, serial_results, progress=False)


def test_a_failing_run_is_retried_then_recorded_and_the_study_completes(tmp_path, monkeypatch):
    monkeypatch.setenv("FLOATPOP_TEST_MARKERS", str(tmp_path))
    monkeypatch.setattr(failing_tasks, "MARKER_DIR", str(tmp_path))
    study = load_study(study_file(tmp_path))
    statuses = run_study(study, tmp_path / "once", progress=False, task_fn=failing_tasks.fails_once)
    assert set(statuses.values()) == {"done"}, "a run failing once succeeds on retry"
    runs = json.loads((tmp_path / "once" / "manifest.json").read_text())["runs"]
    assert runs["hukou_reform__r0001"]["attempts"] == 2
    statuses = run_study(
        study, tmp_path / "always", progress=False, task_fn=failing_tasks.always_fails
    )
    failed = {k for k, v in statuses.items() if v == "failed"}
    assert failed == {"baseline__r0002", "hukou_reform__r0002"}, statuses
    runs = json.loads((tmp_path / "always" / "manifest.json").read_text())["runs"]
    assert runs["baseline__r0002"]["attempts"] == 2
    assert "always fails" in runs["baseline__r0002"]["error"]
    assert len(files(tmp_path / "always")) == 4, "the other runs completed"


def test_a_dead_worker_costs_only_its_own_run(tmp_path):
    study = load_study(study_file(tmp_path))
    statuses = run_study(
        study,
        tmp_path / "out",
        ExecutorSpec("processes", workers=2),
        progress=False,
        task_fn=failing_tasks.worker_dies,
    )
    failed = {k for k, v in statuses.items() if v == "failed"}
    assert failed == {"hukou_reform__r0000"}, statuses
    assert len(files(tmp_path / "out")) == 5


def test_report_is_one_self_contained_page_with_every_figure(serial_results):
    path = write_report(serial_results)
    page = path.read_text()
    # 3 headline outcomes (policy_cost is none): small multiples each, and district tiles
    # for the floating stock and integration; no cost chart, as the reform starts after
    # the study's end and so costs nothing extra
    expected = 3 + 2
    assert page.count("<img") == expected, page.count("<img")
    assert "data:image/png;base64," in page, "figures are embedded"
    assert 'src="http' not in page and "<link" not in page and "<script" not in page, (
        "nothing is fetched: the page opens offline"
    )
    assert "hukou_reform" in page and "Versions" in page


def test_the_reports_policy_data_are_the_analysis_of_its_results(serial_results, tmp_path):
    write_report(serial_results)
    results = read_results(serial_results)
    robust = pd.read_csv(serial_results / "robustness.csv")
    expected = analysis.sign_robustness(results, "baseline")
    assert np.allclose(robust["robustness"], expected["robustness"], equal_nan=True)
    assert np.allclose(robust["median"], expected["median"]), "robustness.csv is the analysis"
    costs = pd.read_csv(serial_results / "costs.csv")
    assert np.allclose(costs.cumulative, analysis.yearly_costs(results).cumulative)
    page = (serial_results / "report.html").read_text()
    assert "How robust each effect is" in page and "Cumulative public cost" in page
    with pytest.raises(StoreError, match="no sensitivity_"):
        write_report(serial_results, (tmp_path,))


def test_analysis_on_a_hand_made_table():
    rows = []
    for rep, (base, reform) in enumerate([(10.0, 12.0), (20.0, 21.0), (30.0, 36.0), (40.0, 41.0)]):
        rows += [
            ("baseline", rep, "2030-01", "all", "x", base),
            ("reform", rep, "2030-01", "all", "x", reform),
        ]
    results = pd.DataFrame(
        rows, columns=["scenario", "replication", "date", "district", "outcome", "value"]
    )
    band = analysis.bands(results).set_index("scenario")
    assert band.loc["baseline", "median"] == 25.0 and band.loc["reform", "median"] == 28.5
    assert band.loc["baseline", "lower_50"] == pytest.approx(17.5), "25th percentile"
    diffs = analysis.paired_differences(results, "baseline").iloc[0]
    assert diffs["mean"] == 2.5 and diffs["median"] == 1.5, "paired by replication"
    assert diffs["lower_90"] == pytest.approx(1.0) and diffs["upper_90"] == pytest.approx(5.4)
    split = analysis.variance_split(results, paths=2).set_index("scenario")
    # paths: reps 0 and 2 share path 0 (10, 30), reps 1 and 3 path 1 (20, 40):
    # path means 20 and 30, between variance 25, total variance 125
    assert split.loc["baseline", "forecast_share"] == pytest.approx(25 / 125)
    assert np.isnan(analysis.variance_split(results, paths=4).forecast_share).all(), (
        "one replication per path: the sources cannot be told apart"
    )
