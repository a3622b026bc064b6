"""The `floatpop` command: a thin layer over the package's public functions.

Defaults and checks live in the library (the plans of each job); the command line
shows them and passes on only what it was given. Each command imports its library
when it runs, so `floatpop --help` costs little more than starting Python.
"""

import argparse
import sys
from pathlib import Path

from floatpop.experiments.calibration.plan import CalibrationPlan
from floatpop.experiments.runs.plan import SERIES, ForecastPlan, RunPlan
from floatpop.experiments.sensitivity.plan import METHODS as SENSITIVITY_METHODS
from floatpop.experiments.sensitivity.plan import SensitivityPlan
from floatpop.experiments.study.executors import EXECUTORS, ExecutorSpec
from floatpop.experiments.validation.plan import HindcastPlan
from floatpop.scenarios.errors import FloatpopError
from floatpop.scenarios.names import INFLOWS, METHODS, MODES, UNCERTAINTIES


def given(args: argparse.Namespace, *names: str) -> dict:
    """Return the options among `names` that were given (not None), for a plan to take."""
    return {name: getattr(args, name) for name in names if getattr(args, name) is not None}


def add_executor(command: argparse.ArgumentParser, default: str) -> None:
    """Add the --executor, --workers and --address options to `command`."""
    command.add_argument("--executor", choices=EXECUTORS, help=f"default: {default}")
    command.add_argument("--workers", type=int, help="parallel workers")
    command.add_argument("--address", help="an existing Dask scheduler, tcp://host:port")


def executor_of(args: argparse.Namespace, base: ExecutorSpec | None = None) -> ExecutorSpec:
    """Return `base` (default: `ExecutorSpec()`) with the executor options that were given."""
    return (base or ExecutorSpec()).given(args.executor, args.workers, args.address)


def parser() -> argparse.ArgumentParser:
    """Return the parser of the `floatpop` command and its subcommands."""
    main = argparse.ArgumentParser(
        prog="floatpop",
        description="Simulate Urumqi's floating population and compare policies.",
    )
    commands = main.add_subparsers(dest="command", required=True)
    run = commands.add_parser("run", help="run one scenario and write its outcomes and plot")
    run.add_argument("scenario", help="a shipped scenario name (baseline) or a .toml file")
    run.add_argument("--scale", type=float, help="agents per person (default: the scenario's)")
    run.add_argument("--seed", type=int, help=f"random seed (default {RunPlan.seed})")
    run.add_argument("--end", help="last month, YYYY-MM (default: the scenario's)")
    run.add_argument(
        "--set",
        action="append",
        default=[],
        metavar="SECTION.NAME=VALUE",
        help="a parameter's value for this run (repeatable), e.g. work.p_job_loss=0.02",
    )
    run.add_argument("--out", type=Path, help="output folder (default results/<scenario>)")
    run.add_argument(
        "--inflow",
        choices=INFLOWS,
        help=f"arrivals: a forecast sample path or the data trend (default {RunPlan.inflow})",
    )
    run.add_argument(
        "--mode",
        choices=MODES,
        help=f"{RunPlan.mode} (fast, default) or objects: one MigrantAgent at a time, for a "
        "few thousand agents (use a small --scale)",
    )
    fc = commands.add_parser("forecast", help="forecast a series: table, backtest, fan chart")
    fc.add_argument("--series", choices=SERIES, help=f"default {ForecastPlan.series}")
    fc.add_argument("--method", choices=METHODS, help=f"default {ForecastPlan.method}")
    fc.add_argument("--h", type=int, help=f"years ahead (default {ForecastPlan.h})")
    fc.add_argument("--out", type=Path, help="output folder (default results/forecast)")
    ex = commands.add_parser("experiment", help="run (or resume) a study of many runs")
    ex.add_argument("study", help="a study .toml file")
    ex.add_argument("--out", type=Path, help="results folder (default results/<study>)")
    add_executor(ex, "the study's")
    ex.add_argument(
        "--keep-changed",
        action="store_true",
        help="if --out holds an earlier version of the study, move it aside to "
        "<out>.<its hash> and start afresh (instead of refusing)",
    )
    hc = commands.add_parser("hindcast", help="2010 census to 2020 census, against the census")
    hc.add_argument("--out", type=Path, help="output folder (default results/hindcast)")
    hc.add_argument("--replications", type=int, help=f"default {HindcastPlan.replications}")
    hc.add_argument("--scale", type=float, help=f"default {HindcastPlan.scale}")
    hc.add_argument("--seed", type=int, help=f"default {HindcastPlan.seed}")
    hc.add_argument(
        "--uncertainty",
        choices=UNCERTAINTIES,
        help=f"what each replication draws (default {HindcastPlan.uncertainty})",
    )
    add_executor(hc, ExecutorSpec.kind)
    se = commands.add_parser("sensitivity", help="Morris screening, then Sobol' indices")
    se.add_argument("--method", choices=SENSITIVITY_METHODS, help="default morris")
    se.add_argument("--trajectories", type=int, help=f"default {SensitivityPlan.trajectories}")
    se.add_argument("--samples", type=int, help=f"Sobol' base samples ({SensitivityPlan.samples})")
    se.add_argument("--top", type=int, help=f"parameters for Sobol' ({SensitivityPlan.top})")
    se.add_argument("--scale", type=float, help=f"default {SensitivityPlan.scale}")
    se.add_argument("--end", help=f"last month (default {SensitivityPlan.end})")
    se.add_argument("--seed", type=int, help=f"default {SensitivityPlan.seed}")
    se.add_argument("--only", nargs="*", help="parameters to screen, section.name")
    se.add_argument("--scenario", help="screen this scenario's paired difference from the baseline")
    se.add_argument("--out", type=Path, help="output folder (default results/sensitivity)")
    add_executor(se, ExecutorSpec.kind)
    ca = commands.add_parser(
        "calibrate", help="estimate the uncertain parameters from the observed targets (ABC)"
    )
    ca.add_argument("--budget", type=int, help=f"model runs in all ({CalibrationPlan.budget})")
    ca.add_argument("--out", type=Path, help="output folder (default results/calibration)")
    ca.add_argument(
        "--before", type=int, help=f"use targets dated before this year ({CalibrationPlan.before})"
    )
    ca.add_argument("--scale", type=float, help=f"default {CalibrationPlan.scale}")
    ca.add_argument("--seed", type=int, help=f"default {CalibrationPlan.seed}")
    add_executor(ca, ExecutorSpec.kind)
    ca.add_argument(
        "--install",
        action="store_true",
        help="make the result the default parameter set of every scenario",
    )
    rep = commands.add_parser("report", help="write report.html for a study's results")
    rep.add_argument("results", type=Path, help="the study's results folder")
    rep.add_argument(
        "--sensitivity",
        type=Path,
        nargs="*",
        default=(),
        help="folders of `floatpop sensitivity --scenario` to add to the report",
    )
    app = commands.add_parser(
        "app", help="start the interactive page: a scenario's levers against the baseline"
    )
    app.add_argument("--scenario", help="the scenario to start with (default hukou_reform)")
    app.add_argument("--reference", help="the scenario to compare with (default baseline)")
    app.add_argument("--seed", type=int, help="the seed of both runs (default 1)")
    app.add_argument("--scale", type=float, help="agents per person (default 0.002)")
    app.add_argument("--end-year", type=int, help="the last year (default 2030)")
    app.add_argument(
        "--set",
        action="append",
        default=[],
        metavar="KIND.FIELD=VALUE",
        help="a lever's starting value (repeatable), e.g. hukou_reform.min_insured_months=0",
    )
    app.add_argument("--host", default="127.0.0.1", help="default 127.0.0.1 (this machine)")
    app.add_argument("--port", type=int, default=8765, help="default 8765")
    app.add_argument("--open", action="store_true", help="open it in the default browser")
    sc = commands.add_parser("scenarios", help="list, show or validate scenarios")
    sc_commands = sc.add_subparsers(dest="action", required=True)
    sc_commands.add_parser("list", help="the shipped scenarios")
    show = sc_commands.add_parser("show", help="a resolved scenario, every parameter")
    show.add_argument("name", help="a shipped scenario name or a .toml file")
    check = sc_commands.add_parser("validate", help="check a scenario file")
    check.add_argument("file")
    return main


def command_scenarios(args: argparse.Namespace) -> None:
    """Run `floatpop scenarios list | show NAME | validate FILE`."""
    if args.action == "list":
        from floatpop.scenarios.files import list_text

        print(list_text())
        return
    from floatpop.scenarios import describe

    if args.action == "show":
        print(describe.show_text(args.name))
    else:
        print(describe.validate_text(args.file))


def parse_settings(settings: list[str]) -> dict:
    """Return parameter overrides from ``SECTION.NAME=VALUE`` options (values read as TOML).

    A value that is not valid TOML is taken as a string.

    Raises
    ------
    ScenarioError
        For an option without ``=`` or without a name.
    """
    import tomllib

    from floatpop.scenarios.errors import ScenarioError

    found = {}
    for setting in settings:
        key, sep, text = setting.partition("=")
        if not sep or not key.strip():
            raise ScenarioError(f"--set {setting!r}: write SECTION.NAME=VALUE")
        try:
            value = tomllib.loads(f"v = {text.strip()}")["v"]
        except tomllib.TOMLDecodeError:
            value = text.strip()  # an unquoted word: a string
        found[key.strip()] = value
    return found


def command_run(args: argparse.Namespace) -> None:
    """Run `floatpop run`: one scenario, its outcomes and plot."""
    from floatpop.experiments.runs.single import run_scenario
    from floatpop.scenarios import load

    plan = RunPlan(**given(args, "seed", "inflow", "mode"))
    scenario = load(args.scenario, scale=args.scale, end=args.end, **parse_settings(args.set))
    result = run_scenario(scenario, plan, args.out, progress=True)
    print(
        f"wrote {result.out}/outcomes.parquet, run.json, headline.png "
        f"({result.months} months; floating stock at the end {result.final_stock:,.0f})"
    )


def command_forecast(args: argparse.Namespace) -> None:
    """Run `floatpop forecast`: a series' forecast table, backtest and fan chart."""
    from floatpop.experiments.runs.forecast import run_forecast

    plan = ForecastPlan(**given(args, "series", "method", "h"))
    result = run_forecast(plan, **given(args, "out"))
    for note in result.notes:
        print(f"note: {note}")
    print(
        f"wrote {result.out}/forecast.csv, backtest.csv, fan_chart.png ({result.method}; "
        f"median in {result.last_year}: {result.end_median:,.0f})"
    )


def command_experiment(args: argparse.Namespace) -> None:
    """Run (or resume) `floatpop experiment`, a study; exit with status 1 if a run failed."""
    import pandas as pd

    from floatpop.experiments.store.manifest import move_aside_if_changed
    from floatpop.experiments.study.runner import run_study
    from floatpop.experiments.study.study_file import load_study

    study = load_study(args.study)
    out = args.out or study.default_out
    if args.keep_changed:
        moved = move_aside_if_changed(out, study.config_hash())
        if moved:
            print(f"{out} held an earlier version of the study: moved to {moved}")
    statuses = run_study(study, out, executor_of(args, study.executor))
    counts = pd.Series(statuses).value_counts()
    print(
        f"wrote {out}/parts/ and manifest.json: "
        + ", ".join(f"{n} runs {s}" for s, n in counts.items())
    )
    if "failed" in counts:
        raise SystemExit(1)


def command_hindcast(args: argparse.Namespace) -> None:
    """Run `floatpop hindcast`: 2010 census to 2020 census, against the census."""
    from floatpop.experiments.validation.hindcast import run_hindcast

    plan = HindcastPlan(**given(args, "replications", "scale", "seed", "uncertainty"))
    result = run_hindcast(plan=plan, executor=executor_of(args), **given(args, "out"))
    city, trend = result.table.iloc[0], result.table.iloc[-1]
    error = city.simulated_median_2020 / city.observed_2020 - 1
    trend_error = trend.simulated_median_2020 / trend.observed_2020 - 1
    print(
        f"wrote {result.out}/hindcast.csv and hindcast.png (city: simulated "
        f"{city.simulated_median_2020:,.0f} against the census {city.observed_2020:,.0f}, "
        f"{error:+.1%}; the 2000-2010 census trend gives {trend_error:+.1%})"
    )


def command_sensitivity(args: argparse.Namespace) -> None:
    """Run `floatpop sensitivity`: Morris screening or Sobol' indices."""
    from floatpop.experiments.sensitivity.screening import run_sensitivity

    options = given(
        args, "method", "trajectories", "top", "samples", "scale", "end", "seed", "scenario"
    )
    plan = SensitivityPlan(**options, only=tuple(args.only or ()))
    table = run_sensitivity(plan=plan, executor=executor_of(args), **given(args, "out"))
    value = "ST" if plan.method == "sobol" else "mu_star"
    top = table.sort_values(value, ascending=False).drop_duplicates("outcome")
    out = args.out or "results/sensitivity"
    print(
        f"wrote {out}/sensitivity_{plan.method}.csv and .png; most influential: "
        + "; ".join(f"{r.outcome}: {r.parameter}" for r in top.itertuples())
    )


def command_calibrate(args: argparse.Namespace) -> None:
    """Run `floatpop calibrate` (ABC), and install the result with --install."""
    from floatpop.experiments.calibration.calibrate import calibrate, install

    plan = CalibrationPlan(**given(args, "budget", "before", "scale", "seed"))
    result = calibrate(plan=plan, executor=executor_of(args), **given(args, "out"))
    within = (result.fit.z.abs() <= 2).mean()
    print(
        f"wrote {result.out}/calibrated.csv, fit.csv, runs.csv, posterior.csv, posterior.png,"
        f" fit.png ({result.provenance['runs']} runs; {within:.0%} of targets within 2 sd)"
    )
    if args.install:
        print(f"installed {install(result.out)}: the default of every scenario from now on")


def command_report(args: argparse.Namespace) -> None:
    """Run `floatpop report`: write report.html for a study's results."""
    from floatpop.experiments.study.report import write_report

    print(f"wrote {write_report(args.results, tuple(args.sensitivity))}")


def command_app(args: argparse.Namespace) -> None:
    """Run `floatpop app`: serve the SolaraViz page until interrupted."""
    import importlib.util

    from floatpop.app.server import serve
    from floatpop.app.settings import AppSettings

    if importlib.util.find_spec("solara") is None:
        raise ValueError("the app needs the app extra (no solara): pip install 'floatpop[app]'")
    chosen = given(args, "scenario", "reference", "seed", "scale", "end_year")
    settings = AppSettings(**chosen, levers=tuple(args.set))
    status = serve(settings, args.host, args.port, args.open)
    if status not in (0, -2, 130):
        raise OSError(f"the app's server stopped with status {status}")


COMMANDS = {
    "app": command_app,
    "run": command_run,
    "forecast": command_forecast,
    "scenarios": command_scenarios,
    "experiment": command_experiment,
    "report": command_report,
    "hindcast": command_hindcast,
    "sensitivity": command_sensitivity,
    "calibrate": command_calibrate,
}


def one_line(err: BaseException) -> str:
    """Return the message of `err` on one line (its type's name if it has none)."""
    return " ".join(str(err).split()) or type(err).__name__


def main(argv: list[str] | None = None) -> int:
    """Run the `floatpop` command; return its exit status (2: a user error)."""
    args = parser().parse_args(argv)
    try:
        COMMANDS[args.command](args)
    except BrokenPipeError:  # output piped into `head` and the like
        return 0
    except KeyboardInterrupt:
        print("floatpop: interrupted; the same command resumes what was done", file=sys.stderr)
        return 130
    except (FloatpopError, ValueError, OSError) as err:
        print(f"floatpop: error: {one_line(err)}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
