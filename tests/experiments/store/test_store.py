"""The results store: parts checked against their checksums and redone when damaged,
one writer per folder, and a folder of parts that reads as one dataset."""

import json
import shutil
import subprocess
import sys
import time

import pandas as pd
import pyarrow.dataset as ds
import pytest
from conftest import part_files, study_file

from floatpop.experiments.store.errors import StoreError, StoreLocked
from floatpop.experiments.store.lock import locked
from floatpop.experiments.store.results import read_results
from floatpop.experiments.study.report import write_report
from floatpop.experiments.study.runner import run_study
from floatpop.experiments.study.study_file import load_study


@pytest.fixture(scope="module")
def finished(tmp_path_factory):
    """A finished tiny study: (its study, its folder, the bytes of its parts)."""
    folder = tmp_path_factory.mktemp("finished")
    study = load_study(study_file(folder))
    run_study(study, folder / "out", progress=False)
    return study, folder / "out", part_files(folder / "out")


def copy_of(finished, tmp_path):
    study, out, parts = finished
    shutil.copytree(out, tmp_path / "out")
    return study, tmp_path / "out", parts


@pytest.mark.parametrize("damage", ["truncate", "delete"])
def test_a_damaged_part_is_refused_by_readers_and_redone_on_resume(finished, tmp_path, damage):
    study, out, parts = copy_of(finished, tmp_path)
    victim = out / "parts" / "hukou_reform__r0001.parquet"
    if damage == "truncate":
        victim.write_bytes(victim.read_bytes()[:1000])
    else:
        victim.unlink()
    with pytest.raises(StoreError, match="hukou_reform__r0001.parquet: missing or damaged"):
        write_report(out)
    before = {p.name: p.stat().st_mtime_ns for p in (out / "parts").glob("*.parquet")}
    statuses = run_study(study, out, progress=False)
    assert set(statuses.values()) == {"done"}, statuses
    assert part_files(out) == parts, "the redone part is the part an intact run wrote"
    redone = {
        p.name
        for p in (out / "parts").glob("*.parquet")
        if p.stat().st_mtime_ns != before.get(p.name)
    }
    assert redone == {victim.name}, f"only the damaged run is redone, not {redone}"
    manifest = json.loads((out / "manifest.json").read_text())
    assert "parts/hukou_reform__r0001.parquet" in manifest["runs"]["hukou_reform__r0001"]["files"]


def test_a_second_writer_is_refused_while_the_first_holds_the_folder(finished, tmp_path):
    study, out, _ = copy_of(finished, tmp_path)
    with locked(out):
        with pytest.raises(StoreLocked, match="another study is writing here"):
            run_study(study, out, progress=False)
    assert set(run_study(study, out, progress=False).values()) == {"done"}, "free again"


def test_a_lock_left_by_a_killed_writer_is_stale(finished, tmp_path):
    """Another process holds the folder (refused), is killed with SIGKILL, and its lock
    file, left behind, no longer stops anyone."""
    study, out, _ = copy_of(finished, tmp_path)
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys, time; from floatpop.experiments.store.lock import locked\n"
            "with locked(sys.argv[1]):\n    print('held', flush=True); time.sleep(600)",
            str(out),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "held"
        with pytest.raises(StoreLocked, match=f"process {holder.pid}"):
            run_study(study, out, progress=False)
    finally:
        holder.kill()
        holder.wait()
    assert (out / ".lock").exists(), "kill -9 leaves the lock file behind"
    started = time.time()
    assert set(run_study(study, out, progress=False).values()) == {"done"}
    assert time.time() - started < 60, "the stale lock is taken over at once"


def test_a_study_folder_reads_as_one_dataset_with_categorical_labels(finished):
    _, out, _ = finished
    frame = pd.read_parquet(out / "parts")
    for column in ("scenario", "date", "district", "outcome"):
        assert isinstance(frame[column].dtype, pd.CategoricalDtype), column
    assert set(frame.scenario) == {"baseline", "hukou_reform"} and frame.replication.nunique() == 3
    expected = read_results(out)
    assert len(frame) == len(expected)
    assert frame.value.sum() == pytest.approx(expected.value.sum(), rel=1e-12)
    # the pyarrow query of docs/experiments.md: one outcome, city-wide, filtered on disk
    dataset = ds.dataset(out / "parts", format="parquet")
    table = dataset.to_table(
        columns=["scenario", "replication", "date", "value"],
        filter=(ds.field("outcome") == "floating_stock") & (ds.field("district") == "all"),
    ).to_pandas()
    assert len(table) == 2 * 3 * frame.date.nunique(), "one row per scenario, replication, month"
