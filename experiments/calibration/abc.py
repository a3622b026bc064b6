"""Approximate Bayesian computation by rejection, in two waves.

1. Wave 1 samples the prior box (uniform, Latin hypercube) and keeps the closest
   runs; the box around them, widened by a margin, is the plausible region (history
   matching).
2. Wave 2 samples that region. Every run inside the region (of both waves) is a draw
   from the prior truncated to it; the closest `accept` share of them is accepted.
3. A parameter of a pure account, which feeds back into nothing (net registered
   migration and the registered population), is not left to rejection: its targets are
   kept out of the distance, and for each accepted run it is solved so that the run
   meets its target drawn within its error (`condition_on_account`). Rejection alone,
   with its tolerance, leaves such a parameter at almost its prior.

All runs share one seed and follow one stock path, so their distances differ by the
parameters alone.
"""

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
from scipy.stats import qmc

from floatpop.experiments.calibration.targets import distance, moments
from floatpop.experiments.runs.seeds import derive_seed
from floatpop.experiments.study.executors import ExecutorSpec
from floatpop.experiments.study.points import Parameter, Points, run_points
from floatpop.scenarios import Scenario
from floatpop.scenarios.calendar import month_index

WIDEN = 0.15  # margin added to each side of the plausible region, share of its width


def latin_hypercube(low: np.ndarray, high: np.ndarray, n: int, seed: int) -> np.ndarray:
    """Draw `n` points of a Latin hypercube in the box [low, high], [point, parameter]."""
    unit = qmc.LatinHypercube(d=len(low), seed=seed).random(n)
    return qmc.scale(unit, low, high)


def plausible_region(points: np.ndarray, prior_low, prior_high) -> tuple[np.ndarray, ...]:
    """Return the box around `points`, widened on each side, within the prior.

    Each side is widened by `WIDEN` of the box's width (at least 5% of the prior's);
    returns (low, high).
    """
    lo, hi = points.min(axis=0), points.max(axis=0)
    margin = WIDEN * np.maximum(hi - lo, 0.05 * (prior_high - prior_low))
    return np.maximum(lo - margin, prior_low), np.minimum(hi + margin, prior_high)


@dataclass(frozen=True)
class Evaluator:
    """Runs the model at parameter points and reads each run's value of every target.

    The runs go through the runner, resumable in `out`.
    """

    scenario: Scenario
    priors: tuple[Parameter, ...]
    targets: pd.DataFrame
    out: Path
    header: dict
    executor: ExecutorSpec
    progress: bool = True

    def moments(self, X: np.ndarray, stock_paths: np.ndarray, seeds, folder: str) -> np.ndarray:
        """Return simulated values by [point, target]: row i of X, stock_paths[i], seeds[i].

        `folder` names the runs' folder under `out`. A single stock path (1-d) is
        shared by every point.
        """
        points = Points(
            X,
            self.priors,
            self.scenario,
            stock_paths,
            tuple(seeds),
            tuple(sorted(set(self.targets.outcome))),
            self.header,
            label=f"calibrate {folder}",
        )
        frames = run_points(points, self.out / folder, self.executor, self.progress)
        return np.array([moments(frame, self.targets) for frame in frames])


@dataclass(frozen=True)
class Posterior:
    """The runs of both waves and which of them form the posterior sample."""

    X: np.ndarray  # [run, parameter], wave 1 then wave 2
    wave: np.ndarray  # 1 or 2, per run
    distance: np.ndarray
    accepted: np.ndarray  # bool, per run
    region: tuple[np.ndarray, np.ndarray]  # the plausible region (low, high)
    sample: np.ndarray  # [accepted run, parameter], the posterior sample


#: outcome of a pure account: the parameter that alone moves it, its monthly growth rate
ACCOUNTS = {"registered_population": "registered.net_migration_rate_per_year"}


def account_targets(targets: pd.DataFrame, labels: list[str]) -> np.ndarray:
    """Return which targets belong to an account whose parameter is being estimated."""
    return np.array([ACCOUNTS.get(o) in labels for o in targets.outcome])


def condition_on_account(
    points: np.ndarray,
    simulated: np.ndarray,
    targets: pd.DataFrame,
    labels: list[str],
    years: np.ndarray,
    rng: np.random.Generator,
    low: np.ndarray,
    high: np.ndarray,
) -> np.ndarray:
    """Return `points` with each account's rate solved to meet its target, within its error.

    An account grows as exp(rate x years) (`years` from the run's start to each target),
    so a run that simulated S with rate r meets the observation O x exp(e),
    e ~ N(0, sd / O), with rate r + (log O + e - log S) / years. With several targets of
    one account, the first is used. Rates stay inside [low, high].
    """
    points = points.copy()
    for outcome, label in ACCOUNTS.items():
        rows = np.flatnonzero(targets.outcome.to_numpy() == outcome)
        if label not in labels or rows.size == 0:
            continue
        k, j = rows[0], labels.index(label)
        observed, sd = float(targets.observed.iloc[k]), float(targets.sd.iloc[k])
        e = rng.normal(0.0, sd / observed, len(points))
        solved = points[:, j] + (np.log(observed) + e - np.log(simulated[:, k])) / years[k]
        points[:, j] = np.clip(solved, low[j], high[j])
    return points


def two_waves(
    evaluate: Evaluator, n_wave: int, accept: float, stock_path: np.ndarray, seed: int
) -> Posterior:
    """Run ABC rejection in two waves (module docstring) and return the posterior.

    All runs follow `stock_path` with one seed, so the distances differ by the parameters
    alone. Each wave has `n_wave` runs; `accept` is the share of the pooled runs kept
    (at least one more than the number of parameters).
    """
    priors = evaluate.priors
    prior_low = np.array([p.low for p in priors])
    prior_high = np.array([p.high for p in priors])
    labels = [p.label for p in priors]
    targets = evaluate.targets
    rejection = ~account_targets(targets, labels)
    behaviour = targets[rejection]
    seeds = [derive_seed(seed, 0)] * n_wave
    X1 = latin_hypercube(prior_low, prior_high, n_wave, seed)
    S1 = evaluate.moments(X1, stock_path, seeds, "wave1")
    d1 = distance(S1[:, rejection], behaviour)
    best = np.argsort(d1)[: max(int(accept * n_wave), len(priors) + 1)]
    low, high = plausible_region(X1[best], prior_low, prior_high)
    X2 = latin_hypercube(low, high, n_wave, seed + 1)
    S2 = evaluate.moments(X2, stock_path, seeds, "wave2")
    d2 = distance(S2[:, rejection], behaviour)
    # the wave-1 runs inside the region are draws from the prior truncated to it, too
    X = np.vstack([X1, X2])
    d = np.concatenate([d1, d2])
    in_pool = np.concatenate([np.all((X1 >= low) & (X1 <= high), axis=1), np.ones(n_wave, bool)])
    pool = np.flatnonzero(in_pool)
    n_accept = max(int(round(accept * len(pool))), len(priors) + 1)
    accepted = np.zeros(len(X), dtype=bool)
    accepted[pool[np.argsort(d[pool])[:n_accept]]] = True
    wave = np.repeat([1, 2], n_wave)
    S = np.vstack([S1, S2])
    sample = condition_on_account(
        X[accepted],
        S[accepted],
        targets,
        labels,
        years_to(targets, evaluate.scenario.run.start),
        np.random.default_rng([seed, 2]),
        prior_low,
        prior_high,
    )
    return Posterior(X, wave, d, accepted, (low, high), sample)


def years_to(targets: pd.DataFrame, start: str) -> np.ndarray:
    """Return the years of growth from the month `start` to each target's month."""
    return np.array([(month_index(d) - month_index(start)) / 12 for d in targets.date])
