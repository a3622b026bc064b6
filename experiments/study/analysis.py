"""Analysis of a study's results.

It gives bands across replications, paired differences against the reference scenario,
and how much of the spread comes from the forecast paths.

All functions take the tidy results (`store.results.read_results`: scenario, replication,
date, district, outcome, value) and return tidy frames.
"""

import numpy as np
import pandas as pd

from floatpop.model.costs import COST_PARTS

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

    Paired runs share seeds and arrivals. The frame has the columns of `results`,
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


#: the sources a full-uncertainty replication draws and records, and the variables of each
SOURCE_VARIABLES = {
    "history_and_forecast": lambda d: [np.log(d["final_stock"] / d["initial_stock"])],
    "initial_stock": lambda d: [np.log(d["initial_stock"])],
    "parameters": lambda d: list(d["parameters"].values()),
    "literature": lambda d: list(d.get("spreads", {}).values()),
}
UNEXPLAINED = "rest"
#: replications per fitted variable below which a source's share is left empty: about
#: ten observations per predictor for a stable regression (Harrell, Regression
#: Modeling Strategies, 2015, section 4.4); fewer and chance correlations pass for shares
ROWS_PER_VARIABLE = 10


def adjusted_r2(y: np.ndarray, X: np.ndarray) -> float:
    """Return the adjusted R^2 of a least-squares fit of `y` on `X` and a constant.

    NaN with fewer than `ROWS_PER_VARIABLE` rows per column, or when `y` does not vary.
    """
    n, k = X.shape
    if n < ROWS_PER_VARIABLE * k or n < k + 3 or np.var(y) == 0:
        return float("nan")
    design = np.column_stack([np.ones(n), X])
    fitted = design @ np.linalg.lstsq(design, y, rcond=None)[0]
    r2 = 1 - np.sum((y - fitted) ** 2) / np.sum((y - y.mean()) ** 2)
    return float(1 - (1 - r2) * (n - 1) / (n - k - 1))


def source_split(results: pd.DataFrame, draws: dict[str, dict], date: str) -> pd.DataFrame:
    """Return the share of the spread across replications that each drawn source explains.

    For full-uncertainty studies (`study.uncertainty`): for each scenario and outcome at
    `date`, city-wide, the adjusted R^2 of a linear fit of the replications' values on
    each source's drawn variables alone (`SOURCE_VARIABLES`: the path's growth, the
    initial stock, the posterior parameters, the literature's spreads). A source's
    share is empty (NaN) with fewer than `ROWS_PER_VARIABLE` replications per variable:
    the parameters, ten of them, need 100. The sources are drawn nearly independently
    (the path's level and growth come from one history), so the shares roughly add up.
    `UNEXPLAINED` is 1 minus the fit on the sources with a share, together (or their
    sum, with too few replications to fit them together): behaviour and the district
    split (both drawn inside the run from its seed), the sources without a share, and
    what a linear fit misses.
    """
    city = at_date(results, date)
    replications = sorted(int(r) for r in draws)
    variables = {
        source: np.array([get(draws[str(r)]) for r in replications], dtype=float)
        for source, get in SOURCE_VARIABLES.items()
    }
    # a source a record does not hold (an older study's) has no share to give
    variables = {s: X for s, X in variables.items() if X.ndim == 2 and X.shape[1] > 0}
    rows = []
    for (scenario, outcome), group in city.groupby(["scenario", "outcome"]):
        values = group.set_index("replication").value.reindex(replications).to_numpy(float)
        if np.isnan(values).any():
            continue
        shares = {s: adjusted_r2(values, X) for s, X in variables.items()}
        fitted = [s for s, share in shares.items() if not np.isnan(share)]
        together = adjusted_r2(values, np.hstack([variables[s] for s in fitted])) if fitted else 0.0
        if np.isnan(together):  # too few replications to fit them together: they add up
            together = min(sum(max(shares[s], 0.0) for s in fitted), 1.0)
        shares[UNEXPLAINED] = 1 - together
        for source, share in shares.items():
            rows.append((scenario, outcome, source, float(np.clip(share, 0, 1))))
    return pd.DataFrame(rows, columns=["scenario", "outcome", "source", "share"])


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


def sign_robustness(results: pd.DataFrame, reference: str, months: int = 12) -> pd.DataFrame:
    """Return, per scenario and outcome (city-wide), how robust its effect's sign is.

    The effect is the paired difference against `reference`, replication by replication,
    averaged over the last `months` months (a flow such as monthly settlements is noisy
    month by month); each replication has its own parameter draws under full
    uncertainty (the posterior, the spreads of the literature's parameters, the
    uncertain levers). `robustness` is the share of replications whose effect has the
    sign of the median effect (1: every draw agrees; about 0.5: the sign is a coin
    toss); where the median is 0 there is no sign to keep (NaN). Columns: scenario,
    outcome, median, lower_90, upper_90, sign (-1, 0, +1), robustness, n.
    """
    last = np.sort(results.date.unique())[-months:]
    diffs = paired(results[results.date.isin(last) & (results.district == "all")], reference)
    effects = diffs.groupby(["scenario", "outcome", "replication"]).value.mean().dropna()
    rows = []
    for (scenario, outcome), values in effects.groupby(level=["scenario", "outcome"]):
        values = values.to_numpy(float)
        median = float(np.median(values))
        sign = int(np.sign(median))
        agree = float(np.mean(np.sign(values) == sign)) if sign else float("nan")
        low, high = np.quantile(values, [0.05, 0.95])
        rows.append((scenario, outcome, median, low, high, sign, agree, len(values)))
    columns = ["scenario", "outcome", "median", "lower_90", "upper_90", "sign", "robustness", "n"]
    return pd.DataFrame(rows, columns=columns)


def yearly_costs(results: pd.DataFrame) -> pd.DataFrame:
    """Return each scenario's policy cost by year and part: mean across replications.

    Yuan of 2020 (the unit costs are in 2020 yuan). Columns: scenario, year, part (the
    `cost_<part>` outcomes, and ``total`` for `policy_cost`), yuan (the year's sum of
    months), cumulative (from the first year of the run).
    """
    names = ["policy_cost", *(f"cost_{part}" for part in COST_PARTS)]
    city = results[results.outcome.isin(names)]
    city = city[city.district == "all"]
    city = city.assign(
        year=city.date.str[:4].astype(int),
        part=np.where(city.outcome == "policy_cost", "total", city.outcome.str[5:]),
    )
    by_run = city.groupby(["scenario", "replication", "part", "year"]).value.sum()
    mean = by_run.groupby(["scenario", "part", "year"]).mean().rename("yuan").reset_index()
    mean["cumulative"] = mean.groupby(["scenario", "part"]).yuan.cumsum()
    return mean[["scenario", "year", "part", "yuan", "cumulative"]]


def years_differing(monthly: pd.DataFrame) -> float:
    """Return the years from the first month a paired difference is not 0 to the last.

    `monthly` holds one scenario's paired differences by replication and date; NaN if
    they never differ.
    """
    differing = monthly.date[monthly.value != 0]
    if differing.empty:
        return float("nan")
    return monthly.date[monthly.date >= differing.min()].nunique() / 12


def cost_per_effect(
    results: pd.DataFrame, reference: str, outcomes: str | list[str], date: str
) -> pd.DataFrame:
    """Return each scenario's extra cost per unit of its effect on each of `outcomes`.

    Both paired against `reference` replication by replication: the extra cost is the
    difference of the cumulative policy cost to `date` (2020 yuan), the effect the
    difference of `outcome` at `date`. The ratio is of their means across replications
    (a ratio per replication explodes where an effect is near zero). The cost per year
    is over the years from the first month the costs differ (when the policy starts).
    Columns: scenario, outcome, extra_cost (yuan, to `date`), extra_cost_per_year,
    effect (mean), cost_per_unit (yuan per unit of the outcome).
    """
    outcomes = [outcomes] if isinstance(outcomes, str) else list(outcomes)
    cost = results[results.outcome == "policy_cost"]
    cost = cost[(cost.district == "all") & (cost.date <= date)]
    extra_by_month = paired(cost, reference)
    cumulative = extra_by_month.groupby(["scenario", "replication"]).value.sum()
    chosen = results[results.outcome.isin(outcomes)]
    effects = paired(at_date(chosen, date), reference)
    rows = []
    for (outcome, scenario), group in effects.groupby(["outcome", "scenario"], observed=True):
        years = years_differing(extra_by_month[extra_by_month.scenario == scenario])
        mean_extra = float(cumulative.xs(scenario, level="scenario").mean())
        effect = float(group.value.mean())
        per_unit = mean_extra / effect if effect else float("nan")
        rows.append((scenario, outcome, mean_extra, mean_extra / years, effect, per_unit))
    columns = [
        "scenario",
        "outcome",
        "extra_cost",
        "extra_cost_per_year",
        "effect",
        "cost_per_unit",
    ]
    return pd.DataFrame(rows, columns=columns)
