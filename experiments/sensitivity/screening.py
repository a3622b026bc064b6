"""`floatpop sensitivity`: which uncertain parameters drive the headline outcomes.

Morris screening (SALib) of every parameter whose source is "assumed", each varied
over +-50% of its default (within its declared bounds), then Sobol' indices for the few
that matter most. Every sample is a model run through the experiment runner (parallel,
resumable, Dask-ready), all with the same seed and arrival path, so differences come
from the parameters alone. Outcomes: the city-wide mean over the last 12 months of the
floating stock, hukou settlements, the integration index and service pressure.
"""

from dataclasses import fields
from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from SALib.analyze import morris as morris_analyze
from SALib.analyze import sobol as sobol_analyze
from SALib.sample import morris as morris_sample
from SALib.sample import sobol as sobol_sample

from floatpop.experiments.store.files import write_folder
from floatpop.experiments.study.points import Parameter, problem, run_points
from floatpop.model.inflow import forecast_inflows
from floatpop.scenarios import Scenario, load
from floatpop.scenarios.scenario import SECTIONS

OUTCOMES = ("floating_stock", "hukou_settlements", "integration_index", "service_pressure")
RANGE = 0.5  # each parameter varies over default x (1 -/+ RANGE), within its bounds
LEVELS = 4


def uncertain_parameters(scenario: Scenario) -> list[Parameter]:
    """Numeric parameters marked "assumed", with their sampling ranges."""
    found = []
    for section in SECTIONS:
        if section == "run":
            continue
        values = getattr(scenario, section)
        for f in fields(values):
            default = getattr(values, f.name)
            source = f.metadata.get("source", "")
            if f.type is not float or not source.startswith("assumed") or default == 0:
                continue
            lo, hi = sorted((default * (1 - RANGE), default * (1 + RANGE)))
            bounds = f.metadata.get("bounds") or (-np.inf, np.inf)
            found.append(Parameter(section, f.name, max(lo, bounds[0]), min(hi, bounds[1])))
    return found


def run_samples(
    X: np.ndarray,
    parameters: list[Parameter],
    scenario: Scenario,
    out: Path,
    seed: int,
    executor: str,
    workers: int,
    address: str = "",
) -> np.ndarray:
    """[sample, outcome] results of one model run per row of X (resumable in `out`),
    all with the same seed and arrival path."""
    inflow = forecast_inflows(scenario, seed, 1)[0]
    run_seed = int(np.random.SeedSequence([seed, 0]).generate_state(1)[0])
    frames = run_points(
        X,
        parameters,
        scenario,
        inflow,
        [run_seed] * len(X),
        OUTCOMES,
        out,
        {"sensitivity": {"seed": seed}},
        executor,
        workers,
        address,
        label="sensitivity",
    )
    return np.array([summarise(frame) for frame in frames])


def summarise(frame: pd.DataFrame) -> list[float]:
    city = frame[frame.district == "all"]
    last_year = sorted(city.date.unique())[-12:]
    recent = city[city.date.isin(last_year)]
    return [float(recent[recent.outcome == o].value.mean()) for o in OUTCOMES]


def morris_table(prob: dict, X: np.ndarray, Y: np.ndarray, seed: int) -> pd.DataFrame:
    """mu* (scaled by the outcome's spread, so outcomes compare) and sigma, per parameter
    and outcome, ranked within each outcome (1 = most influential)."""
    rows = []
    for k, outcome in enumerate(
        OUTCOMES if Y.shape[1] == len(OUTCOMES) else [f"y{k}" for k in range(Y.shape[1])]
    ):
        result = morris_analyze.analyze(prob, X, Y[:, k], num_levels=LEVELS, seed=seed)
        spread = np.std(Y[:, k]) or 1.0
        for name, mu_star, sigma in zip(
            prob["names"], result["mu_star"], result["sigma"], strict=True
        ):
            rows.append((name, outcome, mu_star / spread, sigma / spread))
    table = pd.DataFrame(rows, columns=["parameter", "outcome", "mu_star", "sigma"])
    table["rank"] = table.groupby("outcome").mu_star.rank(ascending=False, method="first")
    return table.sort_values(["outcome", "rank"]).reset_index(drop=True)


def plot_tornado(table: pd.DataFrame, value: str = "mu_star", top: int = 12) -> plt.Figure:
    """Horizontal bars of the most influential parameters, one panel per outcome."""
    outcomes = list(dict.fromkeys(table.outcome))
    fig, axes = plt.subplots(
        1, len(outcomes), figsize=(4.2 * len(outcomes), 5), layout="constrained"
    )
    for ax, outcome in zip(np.atleast_1d(axes), outcomes, strict=True):
        rows = table[table.outcome == outcome].nlargest(top, value)[::-1]
        ax.barh(rows.parameter, rows[value], color="tab:blue")
        ax.set_title(outcome.replace("_", " "), fontsize=10)
        ax.tick_params(axis="y", labelsize=7)
        ax.grid(alpha=0.3, axis="x")
    fig.suptitle(f"Sensitivity ({value}); outcomes: mean of the last 12 months")
    return fig


def run_sensitivity(
    out: Path,
    method: str = "morris",
    trajectories: int = 10,
    top: int = 4,
    samples: int = 32,
    scale: float = 0.002,
    end: str = "2035-12",
    seed: int = 7,
    executor: str = "processes",
    workers: int = 2,
    address: str = "",
    only: tuple[str, ...] = (),
) -> pd.DataFrame:
    """Morris screening; with method 'sobol', Sobol' indices for the `top` parameters of
    the screening. `only` restricts the parameters (labels like 'work.p_job_loss').
    Writes the table (CSV) and the tornado plot into `out`."""
    out = Path(out)
    scenario = load("baseline", scale=scale, end=end)
    parameters = uncertain_parameters(scenario)
    if only:
        unknown = set(only) - {p.label for p in parameters}
        if unknown:
            raise ValueError(
                f"not uncertain parameters: {sorted(unknown)}; see "
                "`floatpop scenarios show baseline` for those marked assumed"
            )
        parameters = [p for p in parameters if p.label in only]
    prob = problem(parameters)
    X = morris_sample.sample(prob, trajectories, num_levels=LEVELS, seed=seed)
    Y = run_samples(X, parameters, scenario, out / "morris", seed, executor, workers, address)
    table = morris_table(prob, X, Y, seed)
    if method == "sobol":
        overall = table.groupby("parameter").mu_star.max().nlargest(top).index
        chosen = [p for p in parameters if p.label in overall]
        sub = problem(chosen)
        Xs = sobol_sample.sample(sub, samples, seed=seed)
        Ys = run_samples(Xs, chosen, scenario, out / "sobol", seed, executor, workers, address)
        rows = []
        for k, outcome in enumerate(OUTCOMES):
            result = sobol_analyze.analyze(sub, Ys[:, k], seed=seed)
            rows += [
                (n, outcome, s1, st)
                for n, s1, st in zip(sub["names"], result["S1"], result["ST"], strict=True)
            ]
        table = pd.DataFrame(rows, columns=["parameter", "outcome", "S1", "ST"])
    value = "ST" if method == "sobol" else "mu_star"
    fig = plot_tornado(table, value)
    write_folder(
        out,
        {
            f"sensitivity_{method}.csv": lambda p: table.to_csv(p, index=False),
            f"sensitivity_{method}.png": lambda p: fig.savefig(p, dpi=110),
        },
    )
    plt.close(fig)
    return table
