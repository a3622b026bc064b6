"""Analysis of a study's results.

It gives bands across replications, paired differences against the reference scenario,
and how much of the spread comes from the forecast paths.

All functions take the tidy results (`store.results.read_results`: scenario, replication,
date, district, outcome, value) and return tidy frames.
"""

import numpy as np
import pandas as pd

LEVELS = (50, 80, 90)
KEYS = ["scenario", "outcome", "date", "district"]


def quantile_columns(values: pd.core.groupby.SeriesGroupBy, levels=LEVELS) -> pd.DataFrame:
    """Return each group's median, central bands (``lower_L``, ``upper_L``) and count ``n``."""
    frame = values.median().rename("median").to_frame()
    for level in levels:
        tail = (100 - level) / 200
        frame[f"lower_{level}"] = values.quantile(tail)
        frame[f"upper_{level}"] = values.quantile(1 - tail)
    frame["n"] = values.count()
    return frame


def bands(results: pd.DataFrame, levels=LEVELS) -> pd.DataFrame:
    """Return the median and central bands (50/80/90% by default) across replications."""
    return quantile_columns(results.groupby(KEYS).value, levels).reset_index()


def paired(results: pd.DataFrame, reference: str) -> pd.DataFrame:
    """Return, per replication, each scenario's value minus the reference scenario's.

    Paired runs share seeds and arrival path. The frame has the columns of `results`,
    with `value` replaced by the difference; the reference's own rows are left out.
    """
    ref = results[results.scenario == reference].drop(columns="scenario")
    others = results[results.scenario != reference]
    merged = others.merge(
        ref, on=["replication", "date", "district", "outcome"], suffixes=("", "_reference")
    )
    merged["value"] = merged["value"] - merged.pop("value_reference")
    return merged


def paired_differences(results: pd.DataFrame, reference: str, levels=LEVELS) -> pd.DataFrame:
    """Return bands of the paired difference of each scenario against `reference`, with the mean."""
    diffs = paired(results, reference).groupby(KEYS).value
    frame = quantile_columns(diffs, levels)
    frame.insert(0, "mean", diffs.mean())
    return frame.reset_index()


def variance_split(results: pd.DataFrame, paths: int) -> pd.DataFrame:
    """Return the share of the variance across replications that comes from the forecast paths.

    Replication r uses path r % paths, so replications sharing a path differ only in
    behaviour. One-way analysis of variance: forecast share = variance of the path means
    / total variance (both across replications). NaN when every replication has its own
    path (the two sources cannot be told apart) or the values do not vary.
    """
    frame = results.assign(path=results.replication % paths)
    total = frame.groupby(KEYS).value.var(ddof=0)
    path_means = frame.groupby([*KEYS, "path"]).value.mean()
    between = path_means.groupby(level=KEYS).var(ddof=0)
    per_path = frame.groupby([*KEYS, "path"]).value.count().groupby(level=KEYS).min()
    share = (between / total).where((total > 0) & (per_path > 1))
    return share.clip(0, 1).rename("forecast_share").reset_index()


def at_date(frame: pd.DataFrame, date: str, district: str = "all") -> pd.DataFrame:
    """Return the rows of a tidy frame at one date and district."""
    return frame[(frame.date == date) & (frame.district == district)]


def mean_cost(results: pd.DataFrame) -> pd.Series:
    """Return the mean monthly policy cost (yuan) by scenario over the whole run, city-wide."""
    cost = results[(results.outcome == "policy_cost") & (results.district == "all")]
    return cost.groupby("scenario").value.mean()


def last_date(results: pd.DataFrame) -> str:
    """Return the last date ('YYYY-MM') of the results."""
    return str(np.sort(results.date.unique())[-1])
