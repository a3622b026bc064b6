"""The tables of a results folder: one Parquet part per run, one dataset per folder.

Layout::

    <out>/manifest.json          what was run, statuses, checksums (`store.manifest`)
    <out>/parts/<key>.parquet    a run's tidy outcomes: scenario, replication, date,
                                 district, outcome, value
    <out>/snapshots/<key>.parquet   the migrants at the end of a run, where asked for
    <out>/arrivals/<key>.parquet    the monthly gross arrivals (persons) and newcomer
                                 logsum of a run that followed a stock path, which
                                 its paired runs take

Labels are stored as categorical (dictionary-encoded) columns, so each folder of parts
reads as one dataset: ``pd.read_parquet(out / "parts")`` or
``pyarrow.dataset.dataset(out / "parts")`` (docs/experiments.md).
"""

from pathlib import Path

import numpy as np
import pandas as pd

from floatpop.experiments.store.errors import StoreError
from floatpop.experiments.store.files import sha256, write_atomically
from floatpop.experiments.store.manifest import read_manifest

PARTS = "parts"
SNAPSHOTS = "snapshots"
ARRIVALS = "arrivals"
LABELS = ("scenario", "date", "district", "outcome")


def part_path(out: Path, key: str) -> Path:
    """Return where run `key` writes its outcomes."""
    return Path(out) / PARTS / f"{key}.parquet"


def snapshot_path(out: Path, key: str) -> Path:
    """Return where run `key` writes the migrants at its end."""
    return Path(out) / SNAPSHOTS / f"{key}.parquet"


def arrivals_path(out: Path, key: str) -> Path:
    """Return where run `key` writes the arrivals it drew (when it followed a stock path)."""
    return Path(out) / ARRIVALS / f"{key}.parquet"


def read_arrivals(out: Path, key: str) -> tuple[np.ndarray, np.ndarray]:
    """Return the monthly gross arrivals (persons) and newcomer logsum of finished run `key`.

    The file's checksum is checked.

    Raises
    ------
    StoreError
        If the run has none on record, or its file is missing or damaged.
    """
    wanted = arrivals_path(out, key)
    for path in done_files(out, ARRIVALS):
        if path == wanted:
            table = pd.read_parquet(path)
            return table.persons.to_numpy(float), table.logsum.to_numpy(float)
    raise StoreError(f"{wanted}: no arrivals on record for run {key}")


def write_table(frame: pd.DataFrame, path: Path) -> None:
    """Write `frame` atomically as Parquet, with its label columns categorical."""
    frame = frame.copy()
    for column in LABELS:
        if column in frame.columns:
            frame[column] = frame[column].astype("category")
    path.parent.mkdir(parents=True, exist_ok=True)
    write_atomically(path, lambda p: frame.to_parquet(p, index=False))


def done_files(out: Path, folder: str) -> list[Path]:
    """Return the files in `folder` of the runs the manifest records as done.

    They are checked against their checksums, and sorted by run key.

    Raises
    ------
    StoreError
        For a file that is missing or damaged.
    """
    manifest = read_manifest(out)
    found = []
    for _, run in sorted(manifest["runs"].items()):
        if run.get("status") != "done":
            continue
        for name, digest in run.get("files", {}).items():
            if Path(name).parts[0] != folder:
                continue
            path = Path(out) / name
            if not path.is_file() or sha256(path) != digest:
                raise StoreError(
                    f"{path}: missing or damaged (its checksum differs from the manifest's); "
                    "run the same command again to redo that run"
                )
            found.append(path)
    return found


def read_results(out: Path) -> pd.DataFrame:
    """Return the outcomes of every finished run of a results folder, as one tidy frame.

    Each part is checked against its checksum first (StoreError if one is damaged).
    """
    parts = done_files(out, PARTS)
    if not parts:
        raise StoreError(f"{out}: no finished runs ({PARTS}/*.parquet)")
    frame = pd.concat([pd.read_parquet(p) for p in parts], ignore_index=True)
    for column in LABELS:
        # few distinct labels over millions of rows: plain strings, not categories or
        # arrow-backed strings, for the analysis' group-bys
        frame[column] = frame[column].astype(object)
    return frame


def read_snapshots(out: Path) -> dict[str, pd.DataFrame]:
    """Return the end-of-run migrants of each finished run that kept them, by run key."""
    return {p.stem: pd.read_parquet(p) for p in done_files(out, SNAPSHOTS)}
