"""`floatpop calibrate`: estimate the uncertain behavioural parameters from observed targets.

The parameters estimated are those declared with a prior (`scenarios.fields.param`),
sampled uniformly over it. The method is two-wave ABC rejection (`calibration.abc`)
against the targets (`calibration.targets`), with the rate of a pure account solved
exactly for each accepted run; the calibrated value of each parameter is its posterior
median, with a 90% interval. The calibrated set is then run again with
different seeds and stock paths: the fit table compares each target with the
simulated median and 90% band.

All runs of the two waves share one seed and follow the central stock path (the mean
of the forecast paths from the floating stock observed before the targets' cut-off
year).
Runs go through the runner: parallel, resumable (`--out` keeps every run), Dask-ready.
"""

import datetime
import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from floatpop.experiments.calibration.abc import Evaluator, Posterior, two_waves
from floatpop.experiments.calibration.plan import CalibrationPlan
from floatpop.experiments.calibration.plots import plot_fit, plot_posterior
from floatpop.experiments.calibration.targets import read_targets, standardised
from floatpop.experiments.runs.seeds import derive_seed
from floatpop.experiments.store.files import write_atomically, write_folder
from floatpop.experiments.store.provenance import versions
from floatpop.experiments.study.executors import ExecutorSpec
from floatpop.experiments.study.points import Parameter, with_values
from floatpop.forecasting.fusion import history_before
from floatpop.model.inflow import forecast_stock_paths
from floatpop.scenarios import Scenario, ScenarioError, calibrated, load
from floatpop.scenarios.calendar import month_index

CENTRAL_PATHS = 32  # forecast paths averaged into the central stock path


@dataclass(frozen=True)
class CalibrationResult:
    """What `calibrate` returns: the estimates, the fit, every run, provenance, the folder."""

    estimates: pd.DataFrame  # section, parameter, value, lower_90, upper_90, prior_low/high
    fit: pd.DataFrame  # target, observed, simulated, lower_90, upper_90, z
    runs: pd.DataFrame  # every sampled point: wave, parameter values, distance, accepted
    sample: pd.DataFrame  # the joint posterior sample, columns section.name
    provenance: dict
    out: Path


def central_stock_path(scenario: Scenario, seed: int, before: int) -> np.ndarray:
    """Return the mean of the forecast stock paths from the stock observed before `before`."""
    paths = forecast_stock_paths(scenario, seed, CENTRAL_PATHS, history=history_before(before))
    return paths.mean(axis=0)


def check_fit(
    evaluate: Evaluator, estimate: np.ndarray, n: int, before: int, seed: int
) -> pd.DataFrame:
    """Return the fit table: the calibrated set run `n` times against every target.

    Each run has its own seed and forecast stock path; the table gives each target's
    simulated median, 90% band and z.
    """
    fitted = with_values(evaluate.scenario, evaluate.priors, estimate)
    paths = forecast_stock_paths(fitted, seed, n, history=history_before(before))
    seeds = [derive_seed(seed, 1, r) for r in range(n)]
    S = evaluate.moments(np.tile(estimate, (n, 1)), paths, seeds, "check")
    targets = evaluate.targets
    simulated = np.median(S, axis=0)
    columns = ["target", "outcome", "date", "district", "kind", "observed", "upper", "sd"]
    fit = targets.reindex(columns=[*columns, "weight"])  # `upper` only where a band has one
    return fit.assign(
        simulated=simulated,
        lower_90=np.quantile(S, 0.05, axis=0),
        upper_90=np.quantile(S, 0.95, axis=0),
        z=standardised(simulated[None, :], targets)[0],
    )


def estimates_table(posterior: Posterior, priors: tuple[Parameter, ...]) -> pd.DataFrame:
    """Return the posterior median and 90% interval of each parameter, with its prior and region.

    `interval_over_prior` is the 90% interval's width over the prior's: a uniform
    prior's own is 0.9, so near 0.9 the targets inform the parameter not at all.
    """
    sample = posterior.sample
    low, high = posterior.region
    lower, upper = np.quantile(sample, 0.05, axis=0), np.quantile(sample, 0.95, axis=0)
    width = np.array([p.high - p.low for p in priors])
    return pd.DataFrame(
        {
            "section": [p.section for p in priors],
            "parameter": [p.name for p in priors],
            "value": np.median(sample, axis=0),
            "lower_90": lower,
            "upper_90": upper,
            "interval_over_prior": (upper - lower) / width,
            "prior_low": [p.low for p in priors],
            "prior_high": [p.high for p in priors],
            "region_low": low,
            "region_high": high,
        }
    )


def runs_table(posterior: Posterior, priors: tuple[Parameter, ...]) -> pd.DataFrame:
    """Return every run of the two waves: wave, parameter values, distance, accepted."""
    runs = pd.DataFrame(posterior.X, columns=[p.label for p in priors])
    runs.insert(0, "wave", posterior.wave)
    return runs.assign(distance=posterior.distance, accepted=posterior.accepted)


def calibrate(
    out: Path = Path("results/calibration"),
    targets: pd.DataFrame | None = None,
    plan: CalibrationPlan | None = None,
    executor: ExecutorSpec | None = None,
    progress: bool = True,
) -> CalibrationResult:
    """Estimate `plan.priors` from `targets` and write the results into `out`.

    `targets` defaults to the shipped targets dated before `plan.before`
    (`read_targets`); the results are calibrated.csv, fit.csv, runs.csv,
    posterior.csv, posterior.png, fit.png and provenance.json.

    Raises
    ------
    ScenarioError
        For a target dated after the runs' end.
    RunsFailed
        For runs that failed twice (rerun the command to retry them).
    """
    plan = plan or CalibrationPlan()
    executor = executor or ExecutorSpec()
    targets = read_targets(plan.before) if targets is None else targets
    out = Path(out)
    late = targets[targets.date.map(month_index) > month_index(plan.end)]
    if not late.empty:
        raise ScenarioError(f"targets after the run's end {plan.end}: {list(late.target)}")
    # the bare defaults: a new calibration owes nothing to an installed one
    scenario = load("baseline", calibrated=False, scale=plan.scale, start=plan.start, end=plan.end)
    header = {"calibration": {"seed": plan.seed, "budget": plan.budget, "before": plan.before}}
    evaluate = Evaluator(scenario, plan.priors, targets, out, header, executor, progress)
    path = central_stock_path(scenario, plan.seed, plan.before)
    posterior = two_waves(evaluate, plan.n_wave, plan.accept, path, plan.seed)
    estimates = estimates_table(posterior, plan.priors)
    fit = check_fit(evaluate, estimates.value.to_numpy(), plan.check_runs, plan.before, plan.seed)
    provenance = {
        "method": "abc-rejection, two waves, accounts solved",
        "date": datetime.date.today().isoformat(),
        "budget": plan.budget,
        "runs": len(posterior.X) + plan.check_runs,
        "accepted": int(posterior.accepted.sum()),
        "seed": plan.seed,
        "scale": plan.scale,
        "start": plan.start,
        "end": plan.end,
        "targets_before": plan.before,
        "targets": list(targets.target),
        "targets_sha256": hashlib.sha256(targets.to_csv(index=False).encode()).hexdigest(),
        "parameters": [p.label for p in plan.priors],
        "versions": versions(),
    }
    sample = pd.DataFrame(posterior.sample, columns=[p.label for p in plan.priors])
    runs = runs_table(posterior, plan.priors)
    result = CalibrationResult(estimates, fit, runs, sample, provenance, out)
    write_outputs(result)
    return result


def write_outputs(result: CalibrationResult) -> None:
    """Write the tables, plots and provenance of `result` into `result.out`, as one folder."""
    figures = {
        "posterior.png": plot_posterior(result.runs, result.estimates),
        "fit.png": plot_fit(result.fit),
    }
    files = {
        "calibrated.csv": lambda p: result.estimates.to_csv(p, index=False),
        "fit.csv": lambda p: result.fit.to_csv(p, index=False),
        "runs.csv": lambda p: result.runs.to_csv(p, index=False),
        "posterior.csv": lambda p: result.sample.to_csv(p, index=False),
        "provenance.json": lambda p: p.write_text(
            json.dumps(result.provenance, indent=2, default=str) + "\n"
        ),
    }
    for name, fig in figures.items():
        files[name] = lambda p, f=fig: f.savefig(p, dpi=110)
    write_folder(result.out, files)
    for fig in figures.values():
        plt.close(fig)


def install(out: Path, path: Path | None = None) -> Path:
    """Make the calibration in `out` the default parameter set of every scenario.

    The posterior medians go to `path` (default `calibrated.CALIBRATED_PATH`), the joint
    posterior sample (`posterior.csv`) beside it (`calibrated.POSTERIOR_PATH`'s name).
    """
    out = Path(out)
    path = Path(calibrated.CALIBRATED_PATH if path is None else path)
    sample = pd.read_csv(out / "posterior.csv")
    posterior = path.with_name(calibrated.POSTERIOR_PATH.name)
    write_atomically(posterior, lambda p: sample.to_csv(p, index=False))
    estimates = pd.read_csv(out / "calibrated.csv")
    provenance = json.loads((out / "provenance.json").read_text())
    table = estimates.drop(columns=["region_low", "region_high"]).assign(
        calibrated_on=provenance.get("date", ""),
        method=provenance["method"],
        runs=provenance["runs"],
        seed=provenance["seed"],
        targets_before=provenance["targets_before"],
        targets_sha256=provenance["targets_sha256"],
        version=provenance["versions"].get("floatpop", ""),
    )
    write_atomically(path, lambda p: table.to_csv(p, index=False))
    return path
