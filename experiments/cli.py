"""The `floatpop` command: thin wrappers over the package's public functions."""

import argparse
import json
import re
import sys
from pathlib import Path

import pandas as pd

from floatpop.experiments.calibration.calibrate import calibrate, install, read_targets
from floatpop.experiments.runs.forecast import SERIES, run_forecast
from floatpop.experiments.runs.single import run_scenario
from floatpop.experiments.sensitivity.screening import run_sensitivity
from floatpop.experiments.study.report import write_report
from floatpop.experiments.study.runner import run_study
from floatpop.experiments.study.study_file import EXECUTORS, load_study
from floatpop.experiments.validation.hindcast import run_hindcast
from floatpop.forecasting import METHODS
from floatpop.model.inflow import INFLOWS
from floatpop.model.model import MODES
from floatpop.scenarios import ScenarioError, load
from floatpop.scenarios.describe import list_text, show_text, validate_text

OBJECT_MODE_MAX_SCALE = 0.01  # about 15,000 agents at the 2020 census


def month(text: str) -> str:
    if not re.fullmatch(r"\d{4}-(0[1-9]|1[0-2])", text):
        raise argparse.ArgumentTypeError(f"expected a month written YYYY-MM, got {text!r}")
    return text


def seed(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = -1
    if value < 0:
        raise argparse.ArgumentTypeError(f"expected a non-negative integer, got {text!r}")
    return value


def positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(f"expected a positive integer, got {text!r}")
    return value


def scale(text: str) -> float:
    try:
        return float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a number, got {text!r}") from None


def parser() -> argparse.ArgumentParser:
    main = argparse.ArgumentParser(
        prog="floatpop",
        description="Simulate Urumqi's floating population and compare policies.",
    )
    commands = main.add_subparsers(dest="command", required=True)
    run = commands.add_parser("run", help="run one scenario and write its outcomes and plot")
    run.add_argument("scenario", help="a shipped scenario name (baseline) or a .toml file")
    run.add_argument("--scale", type=scale, help="agents per person (default: the scenario's)")
    run.add_argument("--seed", type=seed, default=0, help="random seed (default 0)")
    run.add_argument("--end", type=month, help="last month, YYYY-MM (default: the scenario's)")
    run.add_argument(
        "--out", type=Path, default=None, help="output folder (default results/<scenario>)"
    )
    run.add_argument(
        "--inflow",
        choices=INFLOWS,
        default="forecast",
        help="arrivals: a forecast sample path (default) or the data trend",
    )
    run.add_argument(
        "--mode",
        choices=MODES,
        default="arrays",
        help="arrays (fast, default) or objects: one MigrantAgent at a time, for a few "
        "thousand agents (use a small --scale)",
    )
    fc = commands.add_parser("forecast", help="forecast a series: table, backtest, fan chart")
    fc.add_argument("--series", choices=SERIES, default="floating")
    fc.add_argument("--method", choices=METHODS, default="combo")
    fc.add_argument("--h", type=positive_int, default=15, help="years ahead (default 15)")
    fc.add_argument("--out", type=Path, default=Path("results/forecast"))
    ex = commands.add_parser("experiment", help="run (or resume) a study of many runs")
    ex.add_argument("study", help="a study .toml file")
    ex.add_argument("--out", type=Path, help="results folder (default results/<study>)")
    ex.add_argument("--workers", type=positive_int, help="parallel workers")
    ex.add_argument("--executor", choices=EXECUTORS, help="default: the study's")
    ex.add_argument("--address", help="an existing Dask scheduler, tcp://host:port")
    ex.add_argument(
        "--keep-changed",
        action="store_true",
        help="if --out holds an earlier version of the study, move it aside to "
        "<out>.<its hash> and start afresh (instead of refusing)",
    )
    hc = commands.add_parser("hindcast", help="2010 census to 2020 census, against the census")
    hc.add_argument("--out", type=Path, default=Path("results/hindcast"))
    hc.add_argument("--replications", type=positive_int, default=10)
    hc.add_argument("--scale", type=scale, default=0.005)
    hc.add_argument("--seed", type=seed, default=2010)
    se = commands.add_parser("sensitivity", help="Morris screening, then Sobol' indices")
    se.add_argument("--method", choices=("morris", "sobol"), default="morris")
    se.add_argument("--trajectories", type=positive_int, default=10)
    se.add_argument("--samples", type=positive_int, default=32, help="Sobol' base samples")
    se.add_argument("--top", type=positive_int, default=4, help="parameters for Sobol'")
    se.add_argument("--scale", type=scale, default=0.002)
    se.add_argument("--end", type=month, default="2035-12")
    se.add_argument("--seed", type=seed, default=7)
    se.add_argument("--only", nargs="*", default=(), help="parameters to screen")
    se.add_argument("--executor", choices=EXECUTORS, default="processes")
    se.add_argument("--workers", type=positive_int, default=2)
    se.add_argument("--address", default="")
    se.add_argument("--out", type=Path, default=Path("results/sensitivity"))
    ca = commands.add_parser(
        "calibrate", help="estimate the uncertain parameters from the observed targets (ABC)"
    )
    ca.add_argument("--budget", type=positive_int, default=400, help="model runs in all")
    ca.add_argument("--out", type=Path, default=Path("results/calibration"))
    ca.add_argument(
        "--before", type=positive_int, default=2020, help="use targets dated before this year"
    )
    ca.add_argument("--scale", type=scale, default=0.005)
    ca.add_argument("--seed", type=seed, default=11)
    ca.add_argument("--executor", choices=EXECUTORS, default="processes")
    ca.add_argument("--workers", type=positive_int, default=2)
    ca.add_argument("--address", default="")
    ca.add_argument(
        "--install",
        action="store_true",
        help="make the result the default parameter set of every scenario",
    )
    rep = commands.add_parser("report", help="write report.html for a study's results")
    rep.add_argument("results", type=Path, help="the study's results folder")
    sc = commands.add_parser("scenarios", help="list, show or validate scenarios")
    sc_commands = sc.add_subparsers(dest="action", required=True)
    sc_commands.add_parser("list", help="the shipped scenarios")
    show = sc_commands.add_parser("show", help="a resolved scenario, every parameter")
    show.add_argument("name", help="a shipped scenario name or a .toml file")
    check = sc_commands.add_parser("validate", help="check a scenario file")
    check.add_argument("file")
    return main


def command_scenarios(args: argparse.Namespace) -> None:
    if args.action == "list":
        print(list_text())
    elif args.action == "show":
        print(show_text(args.name))
    else:
        print(validate_text(args.file))


def command_run(args: argparse.Namespace) -> None:
    scenario = load(args.scenario, scale=args.scale, end=args.end)
    out = args.out or Path("results") / scenario.name
    if out.exists() and not out.is_dir():
        raise ScenarioError(f"--out {out}: exists and is not a folder")
    if args.mode == "objects" and scenario.run.scale > OBJECT_MODE_MAX_SCALE:
        raise ValueError(
            f"--mode objects at scale {scenario.run.scale:g} would mean hundreds of thousands"
            f" of agents, one at a time; give --scale {OBJECT_MODE_MAX_SCALE:g} or less"
        )
    result = run_scenario(
        scenario, args.seed, out, progress=True, inflow=args.inflow, mode=args.mode
    )
    print(
        f"wrote {result.out}/outcomes.parquet, run.json, headline.png "
        f"({result.months} months; floating stock at the end {result.final_stock:,.0f})"
    )


def command_forecast(args: argparse.Namespace) -> None:
    if args.out.exists() and not args.out.is_dir():
        raise ValueError(f"--out {args.out}: exists and is not a folder")
    result = run_forecast(args.series, args.method, args.h, args.out)
    print(
        f"wrote {result.out}/forecast.csv, backtest.csv, fan_chart.png ({result.method}; "
        f"mean in {result.last_year}: {result.end_mean:,.0f})"
    )


def command_experiment(args: argparse.Namespace) -> None:
    study = load_study(args.study)
    out = args.out or Path("results") / study.name
    if args.keep_changed:
        moved = move_aside_if_changed(out, study.config_hash())
        if moved:
            print(f"{out} held an earlier version of the study: moved to {moved}")
    statuses = run_study(study, out, args.executor, args.workers, args.address)
    counts = pd.Series(statuses).value_counts()
    print(
        f"wrote {out}/parts/ and manifest.json: "
        + ", ".join(f"{n} runs {s}" for s, n in counts.items())
    )
    if "failed" in counts:
        raise SystemExit(1)


def move_aside_if_changed(out: Path, config_hash: str) -> Path | None:
    """Rename `out` to `<out>.<its hash>` when it holds a study with another hash."""
    manifest = out / "manifest.json"
    if not manifest.exists():
        return None
    previous = json.loads(manifest.read_text()).get("config_hash", "unknown")
    if previous == config_hash:
        return None
    target = out.with_name(f"{out.name}.{previous}")
    if target.exists():
        raise ValueError(f"{out}: cannot move it aside, {target} exists; remove one of them")
    out.rename(target)
    return target


def command_hindcast(args: argparse.Namespace) -> None:
    if not 1e-4 <= args.scale <= 1:
        raise ValueError(f"--scale must be in [0.0001, 1], got {args.scale}")
    result = run_hindcast(args.out, args.replications, args.scale, args.seed)
    city = result.table.iloc[0]
    error = city.simulated_median_2020 / city.observed_2020 - 1
    print(
        f"wrote {result.out}/hindcast.csv and hindcast.png (city: simulated "
        f"{city.simulated_median_2020:,.0f} against the census {city.observed_2020:,.0f}, "
        f"{error:+.1%})"
    )


def command_sensitivity(args: argparse.Namespace) -> None:
    table = run_sensitivity(
        args.out,
        args.method,
        args.trajectories,
        args.top,
        args.samples,
        args.scale,
        args.end,
        args.seed,
        args.executor,
        args.workers,
        args.address,
        tuple(args.only),
    )
    value = "ST" if args.method == "sobol" else "mu_star"
    top = table.sort_values(value, ascending=False).drop_duplicates("outcome")
    print(
        f"wrote {args.out}/sensitivity_{args.method}.csv and .png; most influential: "
        + "; ".join(f"{r.outcome}: {r.parameter}" for r in top.itertuples())
    )


def command_calibrate(args: argparse.Namespace) -> None:
    if not 1e-4 <= args.scale <= 1:
        raise ValueError(f"--scale must be in [0.0001, 1], got {args.scale}")
    result = calibrate(
        args.out,
        read_targets(args.before),
        budget=args.budget,
        scale=args.scale,
        before=args.before,
        seed=args.seed,
        executor=args.executor,
        workers=args.workers,
        address=args.address,
    )
    within = (result.fit.z.abs() <= 2).mean()
    print(
        f"wrote {result.out}/calibrated.csv, fit.csv, runs.csv, posterior.png, fit.png "
        f"({result.provenance['runs']} runs; {within:.0%} of targets within 2 sd)"
    )
    if args.install:
        print(f"installed {install(result.out)}: the default of every scenario from now on")


def command_report(args: argparse.Namespace) -> None:
    print(f"wrote {write_report(args.results)}")


COMMANDS = {
    "run": command_run,
    "forecast": command_forecast,
    "scenarios": command_scenarios,
    "experiment": command_experiment,
    "report": command_report,
    "hindcast": command_hindcast,
    "sensitivity": command_sensitivity,
    "calibrate": command_calibrate,
}


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        COMMANDS[args.command](args)
    except BrokenPipeError:  # output piped into `head` and the like
        return 0
    except (ScenarioError, ValueError, OSError) as err:
        print(f"floatpop: error: {err}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
