"""The calibrated parameter set: defaults estimated by `floatpop calibrate`.

`scenarios/calibrated_parameters.csv` holds one row per estimated parameter (value,
90% interval, prior range) and the provenance of the calibration that produced it
(date, method, runs, seed, the year before which its targets lie, the targets file's
hash, the code version). `scenarios.load` lays these values over the parameter
defaults, beneath anything a scenario file sets itself.
"""

from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pandas as pd

from floatpop.scenarios.errors import ScenarioError

CALIBRATED_PATH = Path(__file__).parent / "calibrated_parameters.csv"
#: the accepted draws of the same calibration, one column per ``section.name``: the
#: joint posterior sample that full-uncertainty studies draw from
POSTERIOR_PATH = Path(__file__).parent / "calibrated_posterior.csv"
COLUMNS = (
    "section",
    "parameter",
    "value",
    "lower_90",
    "upper_90",
    "prior_low",
    "prior_high",
    "calibrated_on",
    "method",
    "runs",
    "seed",
    "targets_before",
    "targets_sha256",
    "version",
)


@dataclass(frozen=True)
class Calibration:
    """Estimated values by section, and where they come from."""

    values: dict[str, dict[str, float]]
    table: pd.DataFrame
    path: Path

    @property
    def targets_before(self) -> int:
        """Every target the calibration used is dated before this year."""
        return int(self.table.targets_before.max())

    def describe(self, section: str, name: str) -> str:
        """Return one line of provenance for a calibrated parameter ('' when not calibrated)."""
        rows = self.table[(self.table.section == section) & (self.table.parameter == name)]
        if rows.empty:
            return ""
        r = rows.iloc[0]
        return (
            f"calibrated {r.calibrated_on} ({r.method}, {r.runs} runs, seed {r.seed}, targets "
            f"before {r.targets_before}): 90% {r.lower_90:.4g} to {r.upper_90:.4g}, "
            f"prior {r.prior_low:.4g} to {r.prior_high:.4g}"
        )


def read_calibration(path: Path | None = None) -> Calibration | None:
    """Return the calibrated set at `path` (default: the installed one), or None if none.

    Raises
    ------
    ScenarioError
        If the file lacks any of the columns of `COLUMNS`.
    """
    path = Path(CALIBRATED_PATH if path is None else path)
    if not path.exists():
        return None
    return _read(path.resolve(), path.stat().st_mtime_ns)


@cache
def _read(path: Path, _mtime: int) -> Calibration:
    table = pd.read_csv(path)
    missing = [c for c in COLUMNS if c not in table.columns]
    if missing:
        raise ScenarioError(
            f"{path}: missing columns {missing}; expected {', '.join(COLUMNS)} "
            "(write it with `floatpop calibrate --install`)"
        )
    values: dict[str, dict[str, float]] = {}
    for row in table.itertuples():
        values.setdefault(row.section, {})[row.parameter] = float(row.value)
    return Calibration(values, table, path)


def read_posterior(path: Path | None = None) -> pd.DataFrame | None:
    """Return the installed joint posterior sample (rows: draws, columns: ``section.name``).

    None when no calibration is installed.
    """
    path = Path(POSTERIOR_PATH if path is None else path)
    if not path.exists():
        return None
    return _read_posterior(path.resolve(), path.stat().st_mtime_ns).copy()


@cache
def _read_posterior(path: Path, _mtime: int) -> pd.DataFrame:
    return pd.read_csv(path)
