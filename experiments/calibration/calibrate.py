"""`floatpop calibrate`: estimate the uncertain behavioural parameters from observed targets.

Method: approximate Bayesian computation by rejection, in two waves.

1. Wave 1 samples the prior box (uniform, Latin hypercube) and keeps the closest
   runs; the box around them, widened by a margin, is the plausible region (history
   matching).
2. Wave 2 samples that region. Every run inside the region (of both waves) is a draw
   from the prior truncated to it; the closest `accept` share of them is the posterior
   sample. The calibrated value of each parameter is its posterior median, with a
   90% interval.
3. The calibrated set is run again with different seeds and arrival paths: the fit
   table compares each target with the simulated median and 90% band.

Distance: targets are weighted by their reliability. Each has a standard deviation,
sd = relative error of its reliability grade x observed value, combined with a mapping
sd where the source measures something a little different from the model; targets
sharing a group (a series of estimates from one source, the units of one census) share
one unit of weight, since their errors are correlated. A target of kind `at_least` (a
lower bound) adds distance only when the model falls short of it.

All runs share one seed and the central arrival path (the mean of the forecast paths
from the floating stock observed before the targets' cut-off year), so differences
between runs come from the parameters alone. Runs go through the experiment runner:
parallel, resumable (`--out` keeps every run), Dask-ready.
"""

import datetime
import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from scipy.stats import qmc

from floatpop.experiments.calibration.plots import plot_fit, plot_posterior
from floatpop.experiments.store.files import write_atomically, write_folder
from floatpop.experiments.store.provenance import versions
from floatpop.experiments.study.points import Parameter, run_points, with_values
from floatpop.forecasting.fusion import history_before
from floatpop.model.inflow import forecast_inflows
from floatpop.model.outcomes import OUTCOME_NAMES
from floatpop.scenarios import Scenario, ScenarioError, calibrated, load
from floatpop.scenarios.calendar import month_index
from floatpop.scenarios.dataset import DATA_DIR
from floatpop.scenarios.names import DISTRICTS

TARGETS_PATH = DATA_DIR / "calibration_targets.csv"
TARGET_COLUMNS = ("target", "outcome", "date", "district", "kind", "observed", "mapping_sd")
KINDS = ("value", "at_least")
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
START, END = "2010-11", "2019-12"
CENTRAL_PATHS = 32  # forecast paths averaged into the central arrival path
WIDEN = 0.15  # margin added to each side of the plausible region, share of its width

#: the parameters estimated, with their prior ranges (uniform). The ones the Morris
#: screening found influential, and those a target speaks to directly.
PRIORS = (
    Parameter("registration", "intercept", -7.0, -2.0),
    Parameter("registration", "beta_benefit", 0.5, 3.0),
    Parameter("settlement", "willingness_intercept", -4.0, -1.0),
    Parameter("departures", "beta_integration", 0.0, 4.0),
    Parameter("integration", "smoothing", 0.03, 0.3),
    Parameter("services", "p_voluntary_insurance", 0.0, 0.02),
    Parameter("housing", "asc_dormitory", -1.0, 3.0),
    Parameter("housing", "asc_informal", -1.5, 1.5),
    Parameter("registered", "net_migration_rate_per_year", -0.02, 0.01),
)


@dataclass(frozen=True)
class CalibrationResult:
    estimates: pd.DataFrame  # section, parameter, value, lower_90, upper_90, prior_low/high
    fit: pd.DataFrame  # target, observed, simulated, lower_90, upper_90, z
    runs: pd.DataFrame  # every sampled point: wave, parameter values, distance, accepted
    provenance: dict
    out: Path


def read_targets(before: int, path: Path = TARGETS_PATH) -> pd.DataFrame:
    """The targets dated before `before`, with their sd and weight (clear errors for a
    malformed file: file, row and allowed values)."""
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
    table = table[table.date.str[:4].astype(int) < before].reset_index(drop=True)
    if table.empty:
        raise ScenarioError(f"{path}: no targets dated before {before}")
    relative = table.reliability.map(RELATIVE_SD) * table.observed.abs()
    table["sd"] = np.hypot(relative, table.mapping_sd.fillna(0.0))
    table["weight"] = 1.0 / table.groupby("group").target.transform("count")
    return table


def moments(frame: pd.DataFrame, targets: pd.DataFrame) -> np.ndarray:
    """The simulated value of each target (outcome, date, district) in one run."""
    values = frame.set_index(["outcome", "date", "district"]).value
    keys = list(zip(targets.outcome, targets.date, targets.district, strict=True))
    missing = [k for k in keys if k not in values.index]
    if missing:
        raise ValueError(f"the runs do not reach the targets {missing}; extend the run's end")
    return values.loc[keys].to_numpy(dtype=float)


def standardised(simulated: np.ndarray, targets: pd.DataFrame) -> np.ndarray:
    """(simulated - observed) / sd; zero where a lower bound is met."""
    z = (simulated - targets.observed.to_numpy()) / targets.sd.to_numpy()
    at_least = (targets.kind == "at_least").to_numpy()
    return np.where(at_least, np.minimum(z, 0.0), z)


def distance(simulated: np.ndarray, targets: pd.DataFrame) -> np.ndarray:
    """Weighted root-mean-square standardised error, per run (rows of `simulated`)."""
    z = standardised(np.atleast_2d(simulated), targets)
    w = targets.weight.to_numpy()
    return np.sqrt((z**2 * w).sum(axis=1) / w.sum())


def latin_hypercube(low: np.ndarray, high: np.ndarray, n: int, seed: int) -> np.ndarray:
    unit = qmc.LatinHypercube(d=len(low), seed=seed).random(n)
    return qmc.scale(unit, low, high)


def central_inflow(scenario, seed: int, before: int) -> np.ndarray:
    """The mean of the forecast arrival paths from the stock observed before `before`."""
    paths = forecast_inflows(scenario, seed, CENTRAL_PATHS, history=history_before(before))
    return paths.mean(axis=0)


def plausible_region(points: np.ndarray, prior_low, prior_high) -> tuple[np.ndarray, ...]:
    """The box around `points`, widened on each side, within the prior."""
    lo, hi = points.min(axis=0), points.max(axis=0)
    margin = WIDEN * np.maximum(hi - lo, 0.05 * (prior_high - prior_low))
    return np.maximum(lo - margin, prior_low), np.minimum(hi + margin, prior_high)


@dataclass(frozen=True)
class Evaluator:
    """Runs the model at parameter points (through the experiment runner, resumable in
    `out`) and reads each run's value of every target."""

    scenario: Scenario
    priors: tuple[Parameter, ...]
    targets: pd.DataFrame
    out: Path
    header: dict
    executor: str
    workers: int
    address: str
    progress: bool

    def moments(self, X: np.ndarray, inflows: np.ndarray, seeds, folder: str) -> np.ndarray:
        """[point, target] simulated values; row i of X runs with inflows[i], seeds[i]."""
        frames = run_points(
            X,
            self.priors,
            self.scenario,
            inflows,
            seeds,
            tuple(sorted(set(self.targets.outcome))),
            self.out / folder,
            self.header,
            self.executor,
            self.workers,
            self.address,
            label=f"calibrate {folder}",
            progress=self.progress,
        )
        return np.array([moments(frame, self.targets) for frame in frames])


@dataclass(frozen=True)
class Posterior:
    """The runs of both waves and which of them form the posterior sample."""

    X: np.ndarray  # [run, parameter], wave 1 then wave 2
    wave: np.ndarray  # 1 or 2, per run
    distance: np.ndarray
    accepted: np.ndarray  # bool, per run
    region: tuple[np.ndarray, np.ndarray]  # the plausible region (low, high)

    @property
    def sample(self) -> np.ndarray:
        return self.X[self.accepted]


def two_waves(
    evaluate: Evaluator, n_wave: int, accept: float, inflow: np.ndarray, seed: int
) -> Posterior:
    """ABC rejection in two waves (module docstring): all runs share `inflow` and one
    seed, so the distances differ by the parameters alone."""
    priors = evaluate.priors
    prior_low = np.array([p.low for p in priors])
    prior_high = np.array([p.high for p in priors])
    seeds = [int(np.random.SeedSequence([seed, 0]).generate_state(1)[0])] * n_wave
    X1 = latin_hypercube(prior_low, prior_high, n_wave, seed)
    d1 = distance(evaluate.moments(X1, inflow, seeds, "wave1"), evaluate.targets)
    best = np.argsort(d1)[: max(int(accept * n_wave), len(priors) + 1)]
    low, high = plausible_region(X1[best], prior_low, prior_high)
    X2 = latin_hypercube(low, high, n_wave, seed + 1)
    d2 = distance(evaluate.moments(X2, inflow, seeds, "wave2"), evaluate.targets)
    # the wave-1 runs inside the region are draws from the prior truncated to it, too
    X = np.vstack([X1, X2])
    d = np.concatenate([d1, d2])
    in_pool = np.concatenate([np.all((X1 >= low) & (X1 <= high), axis=1), np.ones(n_wave, bool)])
    pool = np.flatnonzero(in_pool)
    n_accept = max(int(round(accept * len(pool))), len(priors) + 1)
    accepted = np.zeros(len(X), dtype=bool)
    accepted[pool[np.argsort(d[pool])[:n_accept]]] = True
    wave = np.repeat([1, 2], n_wave)
    return Posterior(X, wave, d, accepted, (low, high))


def check_fit(
    evaluate: Evaluator, estimate: np.ndarray, n: int, before: int, seed: int
) -> pd.DataFrame:
    """The fit table: the calibrated set run `n` times, each with its own seed and
    forecast arrival path, against every target."""
    fitted = with_values(evaluate.scenario, evaluate.priors, estimate)
    inflows = forecast_inflows(fitted, seed, n, history=history_before(before))
    seeds = [int(np.random.SeedSequence([seed, 1, r]).generate_state(1)[0]) for r in range(n)]
    S = evaluate.moments(np.tile(estimate, (n, 1)), inflows, seeds, "check")
    targets = evaluate.targets
    simulated = np.median(S, axis=0)
    fit = targets[["target", "outcome", "date", "district", "kind", "observed", "sd", "weight"]]
    return fit.assign(
        simulated=simulated,
        lower_90=np.quantile(S, 0.05, axis=0),
        upper_90=np.quantile(S, 0.95, axis=0),
        z=standardised(simulated[None, :], targets)[0],
    )


def estimates_table(posterior: Posterior, priors: tuple[Parameter, ...]) -> pd.DataFrame:
    """Posterior median and 90% interval of each parameter, with its prior and region."""
    sample = posterior.sample
    low, high = posterior.region
    return pd.DataFrame(
        {
            "section": [p.section for p in priors],
            "parameter": [p.name for p in priors],
            "value": np.median(sample, axis=0),
            "lower_90": np.quantile(sample, 0.05, axis=0),
            "upper_90": np.quantile(sample, 0.95, axis=0),
            "prior_low": [p.low for p in priors],
            "prior_high": [p.high for p in priors],
            "region_low": low,
            "region_high": high,
        }
    )


def runs_table(posterior: Posterior, priors: tuple[Parameter, ...]) -> pd.DataFrame:
    runs = pd.DataFrame(posterior.X, columns=[p.label for p in priors])
    runs.insert(0, "wave", posterior.wave)
    return runs.assign(distance=posterior.distance, accepted=posterior.accepted)


def calibrate(
    out: Path,
    targets: pd.DataFrame,
    priors: tuple[Parameter, ...] = PRIORS,
    budget: int = 400,
    accept: float = 0.1,
    check_runs: int = 8,
    scale: float = 0.005,
    start: str = START,
    end: str = END,
    before: int = 2020,
    seed: int = 11,
    executor: str = "processes",
    workers: int = 2,
    address: str = "",
    progress: bool = True,
) -> CalibrationResult:
    """Estimate `priors` from `targets` (see the module docstring); write the results
    into `out`. `budget` counts every model run, the fit check included."""
    out = Path(out)
    n_wave = (budget - check_runs) // 2
    if n_wave < 4 * len(priors):
        raise ValueError(
            f"budget {budget} is too small for {len(priors)} parameters: give at least "
            f"{8 * len(priors) + check_runs} runs"
        )
    late = targets[targets.date.map(month_index) > month_index(end)]
    if not late.empty:
        raise ValueError(f"targets after the run's end {end}: {list(late.target)}")
    # the bare defaults: a new calibration owes nothing to an installed one
    scenario = load("baseline", calibrated=False, scale=scale, start=start, end=end)
    header = {"calibration": {"seed": seed, "budget": budget, "before": before}}
    evaluate = Evaluator(
        scenario, priors, targets, out, header, executor, workers, address, progress
    )
    posterior = two_waves(evaluate, n_wave, accept, central_inflow(scenario, seed, before), seed)
    estimates = estimates_table(posterior, priors)
    fit = check_fit(evaluate, estimates.value.to_numpy(), check_runs, before, seed)
    provenance = {
        "method": "abc-rejection, two waves",
        "date": datetime.date.today().isoformat(),
        "budget": budget,
        "runs": len(posterior.X) + check_runs,
        "accepted": int(posterior.accepted.sum()),
        "seed": seed,
        "scale": scale,
        "start": start,
        "end": end,
        "targets_before": before,
        "targets": list(targets.target),
        "targets_sha256": hashlib.sha256(targets.to_csv(index=False).encode()).hexdigest(),
        "versions": versions(),
    }
    result = CalibrationResult(estimates, fit, runs_table(posterior, priors), provenance, out)
    write_outputs(result)
    return result


def write_outputs(result: CalibrationResult) -> None:
    figures = {
        "posterior.png": plot_posterior(result.runs, result.estimates),
        "fit.png": plot_fit(result.fit),
    }
    files = {
        "calibrated.csv": lambda p: result.estimates.to_csv(p, index=False),
        "fit.csv": lambda p: result.fit.to_csv(p, index=False),
        "runs.csv": lambda p: result.runs.to_csv(p, index=False),
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
    """Make the calibration in `out` the default parameter set of every scenario."""
    out = Path(out)
    path = Path(calibrated.CALIBRATED_PATH if path is None else path)
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
