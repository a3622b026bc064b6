"""`floatpop sensitivity`: which uncertain parameters drive the headline outcomes.

With a scenario (`SensitivityPlan.scenario`) it screens the scenario's paired effect:
each design point runs the baseline and the scenario at the same values, seed and
arrivals (the scenario's times the pull it induces), and the outcome is their
difference. Its parameters are then, unless `only` names others among the assumed
ones, those a full-uncertainty replication draws (`drawn_parameters`): the calibrated
ones over their priors, those drawn from a spread (the literature's, such as
`attraction.eps`) and the uncertain levers of the scenario's own policies
(``policy:<kind>.<field>``), each over its spread.

Morris screening (SALib) of every uncertain parameter, then Sobol' indices for the few
that matter most. The uncertain parameters are the numbers (floats) whose source says
"assumed", read from the parameters' metadata: each varies over its declared prior
where it has one, else over +-50% of its default, within its declared bounds. The
`[inflow]` section is left out: every sample follows one stock path by design, so
the floating stock is set by the path and the parameters move what happens within it.

Every sample is a model run through the runner (parallel, resumable, Dask-ready), all
with the same seed and stock path, so differences come from the parameters alone.
Outcomes: the city-wide mean over the last 12 months of the floating stock, hukou
settlements, the integration index and service pressure (and, for a paired screen, the
policy cost and the headline coverages and informal housing share).
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

from floatpop.experiments.runs.seeds import derive_seed
from floatpop.experiments.sensitivity.plan import SensitivityPlan
from floatpop.experiments.sensitivity.plots import plot_tornado
from floatpop.experiments.store.files import write_folder
from floatpop.experiments.study.executors import ExecutorSpec
from floatpop.experiments.study.points import (
    POLICY,
    Parameter,
    Points,
    declared_priors,
    problem,
    run_points,
)
from floatpop.model.inflow import forecast_stock_paths
from floatpop.scenarios import Scenario, ScenarioError, load
from floatpop.scenarios.policies import REGISTRY
from floatpop.scenarios.scenario import SECTIONS

OUTCOMES = ("floating_stock", "hukou_settlements", "integration_index", "service_pressure")
#: a paired screen also asks what drives a policy's extra cost, and the shipped
#: policies' headline effects
PAIRED_OUTCOMES = (
    *OUTCOMES,
    "policy_cost",
    "registration_coverage",
    "residence_permit_coverage",
    "social_insurance_coverage",
    "informal_housing_share",
)
RANGE = 0.5  # without a prior, a parameter varies over default x (1 -/+ RANGE)
LEVELS = 4
#: sections whose parameters are not varied: the run's settings, and the stock paths
#: (shared by every sample)
FIXED = ("run", "inflow")


def uncertain_parameters(scenario: Scenario, paired: Scenario | None = None) -> list[Parameter]:
    """Return the numeric parameters marked "assumed", with their sampling ranges.

    Parameters of the `FIXED` sections and those whose default is 0 are left out. With
    `paired`, the parameters declared with a spread and the levers with a spread of the
    policies `paired` adds to `scenario` follow, each over its spread.
    """
    found = []
    for section in SECTIONS:
        if section in FIXED:
            continue
        values = getattr(scenario, section)
        for f in fields(values):
            default = getattr(values, f.name)
            source = f.metadata.get("source", "")
            if f.type is not float or not source.startswith("assumed") or default == 0:
                continue
            if f.metadata.get("prior"):
                lo, hi = f.metadata["prior"]
            else:
                lo, hi = sorted((default * (1 - RANGE), default * (1 + RANGE)))
            bounds = f.metadata.get("bounds") or (-np.inf, np.inf)
            found.append(Parameter(section, f.name, max(lo, bounds[0]), min(hi, bounds[1])))
    if paired is None:
        return found
    for section in SECTIONS:
        for f in fields(SECTIONS[section]):
            if f.metadata.get("spread") and section not in FIXED:
                found.append(Parameter(section, f.name, *f.metadata["spread"]))
    kinds = sorted({p.kind for p in paired.policies if p not in scenario.policies})
    for kind in kinds:
        for f in fields(REGISTRY[kind]):
            if f.metadata.get("spread"):
                found.append(Parameter(f"{POLICY}{kind}", f.name, *f.metadata["spread"]))
    return found


def drawn_parameters(parameters: list[Parameter]) -> list[Parameter]:
    """Return those of `parameters` a full-uncertainty replication draws.

    They are the calibrated ones (declared with a prior), those declared with a spread
    and the policies' levers: the draws whose robustness a study reports, and a paired
    screen's default.
    """
    priors = {p.label for p in declared_priors()}
    spreads = {
        f"{s}.{f.name}" for s in SECTIONS for f in fields(SECTIONS[s]) if f.metadata.get("spread")
    }
    return [p for p in parameters if p.label in priors | spreads or p.section.startswith(POLICY)]


def sample_points(
    X: np.ndarray,
    parameters: list[Parameter],
    scenario: Scenario,
    seed: int,
    paired: Scenario | None = None,
) -> Points:
    """Return the runs of design `X`: one per row, all with the same seed and stock path.

    With `paired`, each row's run is paired with a run of that scenario.

    Parameters
    ----------
    X : np.ndarray
        The design, [sample, parameter].
    parameters : list of Parameter
        The parameters the columns of `X` set.
    scenario : Scenario
        The scenario every sample starts from.
    seed : int
        Seed of the runs and of their stock path.
    """
    path = forecast_stock_paths(scenario, seed, 1)[0]
    return Points(
        X,
        tuple(parameters),
        scenario,
        path,
        (derive_seed(seed, 0),) * len(X),
        OUTCOMES if paired is None else PAIRED_OUTCOMES,
        {"sensitivity": {"seed": seed, "paired": None if paired is None else paired.name}},
        label="sensitivity",
        paired=paired,
    )


def summaries(
    frames: list[pd.DataFrame], paired: bool = False, outcomes: tuple[str, ...] = OUTCOMES
) -> np.ndarray:
    """Return the results of runs by [sample, outcome]: `summarise` of each run.

    With `paired`, the frames are the samples then their paired runs (`run_points`), and
    the result is each paired run's summary less its sample's.
    """
    values = np.array([summarise(frame, outcomes) for frame in frames])
    if not paired:
        return values
    half = len(values) // 2
    return values[half:] - values[:half]


def summarise(frame: pd.DataFrame, outcomes: tuple[str, ...] = OUTCOMES) -> list[float]:
    """Return the city-wide mean over the last 12 months of each of `outcomes` in one run."""
    city = frame[frame.district == "all"]
    last_year = sorted(city.date.unique())[-12:]
    recent = city[city.date.isin(last_year)]
    return [float(recent[recent.outcome == o].value.mean()) for o in outcomes]


def morris_table(
    prob: dict, X: np.ndarray, Y: np.ndarray, seed: int, outcomes: tuple[str, ...] = OUTCOMES
) -> pd.DataFrame:
    """Return Morris mu* and sigma per parameter and outcome, ranked within each outcome.

    Both are scaled by the outcome's spread, so outcomes compare; rank 1 is the most
    influential.
    """
    rows = []
    for k, outcome in enumerate(
        outcomes if Y.shape[1] == len(outcomes) else [f"y{k}" for k in range(Y.shape[1])]
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


def sobol_table(
    chosen: list[Parameter], Ys: np.ndarray, seed: int, outcomes: tuple[str, ...] = OUTCOMES
) -> pd.DataFrame:
    """Return first-order and total Sobol' indices per parameter and outcome."""
    sub = problem(chosen)
    rows = []
    for k, outcome in enumerate(outcomes):
        result = sobol_analyze.analyze(sub, Ys[:, k], seed=seed)
        rows += [
            (n, outcome, s1, st)
            for n, s1, st in zip(sub["names"], result["S1"], result["ST"], strict=True)
        ]
    return pd.DataFrame(rows, columns=["parameter", "outcome", "S1", "ST"])


def run_sensitivity(
    out: Path = Path("results/sensitivity"),
    plan: SensitivityPlan | None = None,
    executor: ExecutorSpec | None = None,
    progress: bool = True,
) -> pd.DataFrame:
    """Run the analysis of `plan`; write its table (CSV) and tornado plot into `out`.

    Returns the table: Morris mu* and sigma, or Sobol' S1 and ST, per parameter and
    outcome.

    Raises
    ------
    ScenarioError
        If `plan.only` names a parameter that is not uncertain.
    RunsFailed
        For runs that failed twice (rerun the command to retry them).
    """
    plan = plan or SensitivityPlan()
    executor = executor or ExecutorSpec()
    out = Path(out)
    scenario = load("baseline", scale=plan.scale, end=plan.end)
    paired = load(plan.scenario, scale=plan.scale, end=plan.end) if plan.scenario else None
    parameters = uncertain_parameters(scenario, paired)
    if plan.only:
        unknown = set(plan.only) - {p.label for p in parameters}
        if unknown:
            raise ScenarioError(
                f"not uncertain parameters: {sorted(unknown)}; see "
                "`floatpop scenarios show baseline` for those marked assumed"
            )
        parameters = [p for p in parameters if p.label in plan.only]
    elif paired is not None:
        parameters = drawn_parameters(parameters)
    prob = problem(parameters)
    X = morris_sample.sample(prob, plan.trajectories, num_levels=LEVELS, seed=plan.seed)
    outcomes = OUTCOMES if paired is None else PAIRED_OUTCOMES
    points = sample_points(X, parameters, scenario, plan.seed, paired)
    Y = summaries(
        run_points(points, out / "morris", executor, progress), paired is not None, outcomes
    )
    table = morris_table(prob, X, Y, plan.seed, outcomes)
    if plan.method == "sobol":
        overall = table.groupby("parameter").mu_star.max().nlargest(plan.top).index
        chosen = [p for p in parameters if p.label in overall]
        Xs = sobol_sample.sample(problem(chosen), plan.samples, seed=plan.seed)
        points = sample_points(Xs, chosen, scenario, plan.seed, paired)
        Ys = summaries(
            run_points(points, out / "sobol", executor, progress), paired is not None, outcomes
        )
        table = sobol_table(chosen, Ys, plan.seed, outcomes)
    value = "ST" if plan.method == "sobol" else "mu_star"
    fig = plot_tornado(table, value)
    write_folder(
        out,
        {
            f"sensitivity_{plan.method}.csv": lambda p: table.to_csv(p, index=False),
            f"sensitivity_{plan.method}.png": lambda p: fig.savefig(p, dpi=110),
        },
    )
    plt.close(fig)
    return table
