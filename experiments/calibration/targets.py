"""The calibration targets and the distance of a run from them.

The targets are observed figures, with their standard deviations and weights.

Each target has a standard deviation, sd = relative error of its reliability grade x
observed value, combined with a mapping sd where the source measures something a
little different from the model; targets sharing a group (a series of estimates from
one source, the units of one census) share one unit of weight, since their errors are
correlated. A target of kind `at_least` (a lower bound) adds distance only when the
model falls short of it; one of kind `between` (a band from `observed` to `upper`) only
when the model leaves the band, measured from its nearer edge.
"""

from pathlib import Path

import numpy as np
import pandas as pd

from floatpop.model.outcomes import OUTCOME_NAMES
from floatpop.scenarios import ScenarioError
from floatpop.scenarios.dataset import DATA_DIR
from floatpop.scenarios.names import DISTRICTS

TARGETS_PATH = DATA_DIR / "calibration_targets.csv"
TARGET_COLUMNS = ("target", "outcome", "date", "district", "kind", "observed", "mapping_sd")
KINDS = ("value", "at_least", "between")
#: relative error of an observation by reliability grade (docs/data.md)
RELATIVE_SD = {
    "A": 0.02,
    "A/B": 0.035,
    "A/C": 0.05,
    "B": 0.05,
    "B/C": 0.075,
    "C": 0.10,
    "derived": 0.10,
    "estimate": 0.15,
}


def read_targets(before: int, path: Path = TARGETS_PATH) -> pd.DataFrame:
    """Return the targets dated before `before`, with their sd and weight.

    Raises
    ------
    ScenarioError
        For a malformed file (naming file, row and allowed values), or when no target
        is dated before `before`.
    """
    table = pd.read_csv(path, dtype={"date": str})
    missing = [c for c in (*TARGET_COLUMNS, "group", "reliability") if c not in table.columns]
    if missing:
        raise ScenarioError(f"{path}: missing columns {missing}")
    for i, row in table.iterrows():
        where = f"{path}: row {i + 2} ({row.target})"
        checks = (
            ("outcome", row.outcome, OUTCOME_NAMES),
            ("kind", row.kind, KINDS),
            ("district", row.district, (*DISTRICTS, "all")),
            ("reliability", row.reliability, tuple(RELATIVE_SD)),
        )
        for key, value, allowed in checks:
            if value not in allowed:
                raise ScenarioError(f"{where}: {key} {value!r} is not one of {', '.join(allowed)}")
    if "upper" not in table.columns:
        table["upper"] = np.nan
    band = table.kind == "between"
    bad = band & ~(table.upper >= table.observed)
    if bad.any():
        i = int(np.flatnonzero(bad)[0])
        raise ScenarioError(
            f"{path}: row {i + 2} ({table.target[i]}): a target of kind 'between' needs an"
            f" upper bound at least its observed value, got {table.upper[i]!r}"
        )
    table = table[table.date.str[:4].astype(int) < before].reset_index(drop=True)
    if table.empty:
        raise ScenarioError(f"{path}: no targets dated before {before}")
    relative = table.reliability.map(RELATIVE_SD) * table.observed.abs()
    table["sd"] = np.hypot(relative, table.mapping_sd.fillna(0.0))
    table["weight"] = 1.0 / table.groupby("group").target.transform("count")
    return table


def moments(frame: pd.DataFrame, targets: pd.DataFrame) -> np.ndarray:
    """Return the simulated value of each target (outcome, date, district) in one run.

    `frame` is the run's tidy outcomes.

    Raises
    ------
    ValueError
        If the run does not reach a target.
    """
    values = frame.set_index(["outcome", "date", "district"]).value
    keys = list(zip(targets.outcome, targets.date, targets.district, strict=True))
    missing = [k for k in keys if k not in values.index]
    if missing:
        raise ValueError(f"the runs do not reach the targets {missing}; extend the run's end")
    return values.loc[keys].to_numpy(dtype=float)


def standardised(simulated: np.ndarray, targets: pd.DataFrame) -> np.ndarray:
    """Return (simulated - observed) / sd; zero where a bound is met or a band holds it."""
    sd = targets.sd.to_numpy()
    z = (simulated - targets.observed.to_numpy()) / sd
    kind = targets.kind.to_numpy()
    upper = targets.upper.to_numpy(dtype=float) if "upper" in targets else np.nan
    above = (simulated - upper) / sd
    z = np.where(kind == "at_least", np.minimum(z, 0.0), z)
    return np.where(kind == "between", np.minimum(z, 0.0) + np.maximum(above, 0.0), z)


def distance(simulated: np.ndarray, targets: pd.DataFrame) -> np.ndarray:
    """Return the weighted root-mean-square standardised error, per run (rows of `simulated`)."""
    z = standardised(np.atleast_2d(simulated), targets)
    w = targets.weight.to_numpy()
    return np.sqrt((z**2 * w).sum(axis=1) / w.sum())
