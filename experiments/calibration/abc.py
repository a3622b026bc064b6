"""Approximate Bayesian computation by rejection, in two waves.

1. Wave 1 samples the prior box (uniform, Latin hypercube) and keeps the closest
   runs; the box around them, widened by a margin, is the plausible region (history
   matching).
2. Wave 2 samples that region. Every run inside the region (of both waves) is a draw
   from the prior truncated to it; the closest `accept` share of them is the posterior
   sample.

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

    @property
    def sample(self) -> np.ndarray:
        """The posterior sample: the accepted runs' points, [run, parameter]."""
        return self.X[self.accepted]


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
    seeds = [derive_seed(seed, 0)] * n_wave
    X1 = latin_hypercube(prior_low, prior_high, n_wave, seed)
    d1 = distance(evaluate.moments(X1, stock_path, seeds, "wave1"), evaluate.targets)
    best = np.argsort(d1)[: max(int(accept * n_wave), len(priors) + 1)]
    low, high = plausible_region(X1[best], prior_low, prior_high)
    X2 = latin_hypercube(low, high, n_wave, seed + 1)
    d2 = distance(evaluate.moments(X2, stock_path, seeds, "wave2"), evaluate.targets)
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
