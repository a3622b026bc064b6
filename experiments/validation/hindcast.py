"""`floatpop hindcast`: start at the 2010 census, run to the 2020 census, compare.

The hindcast uses only what was known before 2020: each replication follows a forecast
path of the floating stock observed before 2020 (the 2000 and 2010 counts, and the
2017-2019 year-end estimates read through the register account with the coverage
learnt from 2001 alone; under full uncertainty, a history drawn from that account).
The model starts from the 2010 census and lives through the policy timeline. It then
compares the simulated residents (registered + floating + students) in 2020-11 with
the 2020 census, city-wide, for each unit whose 2020 count is known, and for the group
of units known only as a sum. A last
row is the benchmark to beat: the city's growth from the 2000 census to the 2010 census,
carried on to 2020 (`census_trend`).

The replications go through the runner (`<out>/runs`): parallel, resumable, Dask-ready.
"""

from dataclasses import asdict, dataclass
from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from floatpop.experiments.runs.seeds import derive_seed
from floatpop.experiments.store.files import write_folder
from floatpop.experiments.store.provenance import config_digest
from floatpop.experiments.store.results import read_results
from floatpop.experiments.study.executors import ExecutorSpec
from floatpop.experiments.study.runner import Batch, RunTask, raise_if_failed, run_tasks
from floatpop.experiments.study.uncertainty import apply, full_draws
from floatpop.experiments.validation.plan import HindcastPlan
from floatpop.experiments.validation.plots import plot_hindcast
from floatpop.forecasting.fusion import history_before
from floatpop.model.inflow import forecast_stock_paths
from floatpop.scenarios import ScenarioError, load
from floatpop.scenarios.calendar import month_index
from floatpop.scenarios.calibrated import read_calibration
from floatpop.scenarios.dataset import read
from floatpop.scenarios.names import DISTRICTS

START, END = "2010-11", "2020-11"
KNOWN_BEFORE = 2020
TREND_UNIT = "all: census trend 2000-2010"  # the hindcast table's benchmark row


@dataclass(frozen=True)
class HindcastResult:
    """What `run_hindcast` returns: the comparison table, and the folder it was written to."""

    table: pd.DataFrame
    out: Path


def check_calibration_before(year: int, path: Path | None = None) -> None:
    """Refuse a calibrated parameter set fitted to targets dated `year` or later.

    Raises
    ------
    ScenarioError
        If the calibrated set at `path` (default: the installed one) used such targets.
    """
    calibration = read_calibration(path)
    if calibration is not None and calibration.targets_before > year:
        raise ScenarioError(
            f"{calibration.path}: calibrated with targets up to "
            f"{calibration.targets_before - 1}; the hindcast may use only data from before "
            f"{year}. Recalibrate with `floatpop calibrate --before {year} --install`."
        )


def hindcast_stock_paths(scenario, replications: int, seed: int) -> np.ndarray:
    """Return the floating-stock paths by [replication, month], from pre-2020 knowledge only."""
    history = history_before(KNOWN_BEFORE)
    return forecast_stock_paths(scenario, seed, replications, history=history)


def observed_2020() -> pd.DataFrame:
    """Return the 2020 census: the city, each unit whose count is known, the group of the rest.

    The units whose counts are unknown are known only as a sum, one group.
    """
    units = read("census_units").set_index("unit")
    known = units.census_2020.dropna()
    group = read("census_unit_constraints").iloc[0]
    total = read("census_totals").query("date.str.startswith('2020')", engine="python")
    rows = [("all", float(total.population.iloc[0]))]
    rows += [(unit, float(value)) for unit, value in known.items()]
    rows.append((group.units, float(group.population)))
    return pd.DataFrame(rows, columns=["unit", "observed_2020"])


def census_trend(end: str = END) -> float:
    """Return the city's residents at `end` (YYYY-MM) by the 2000-2010 census growth, carried on.

    Rule: the 2000 census on current boundaries and the 2010 census give a yearly growth
    factor, (P2010 / P2000)^(1/10), compounded over the years from the 2010 census to
    `end`. It uses nothing from 2020 on: the extrapolation a model should beat.
    """
    totals = read("census_totals")
    current = totals[totals.boundary == "current"].set_index("date").population
    p2000, p2010 = float(current["2000-11-01"]), float(current["2010-11-01"])
    years = (month_index(end) - month_index("2010-11")) / 12
    return p2010 * (p2010 / p2000) ** (years / 10)


def simulated_units(resident_by_district: np.ndarray, unit: str) -> float:
    """Return the simulated residents of `unit`: ``all``, a district, or districts joined by ';'."""
    if unit == "all":
        return float(resident_by_district.sum())
    return float(sum(resident_by_district[DISTRICTS.index(u)] for u in unit.split(";")))


def run_hindcast(
    out: Path = Path("results/hindcast"),
    plan: HindcastPlan | None = None,
    executor: ExecutorSpec | None = None,
    progress: bool = True,
) -> HindcastResult:
    """Run the hindcast of `plan`; write hindcast.csv and hindcast.png into `out`.

    The table has a row per unit, and a last row (`TREND_UNIT`) for the census-trend
    benchmark, whose interval is empty.

    Raises
    ------
    ScenarioError
        If the installed calibration used targets from 2020 on.
    RunsFailed
        For runs that failed twice (rerun the command to retry them).
    """
    plan = plan or HindcastPlan()
    executor = executor or ExecutorSpec()
    check_calibration_before(KNOWN_BEFORE)
    scenario = load("baseline", scale=plan.scale, start=START, end=END)
    if plan.uncertainty == "full":
        draws = full_draws(scenario, plan.seed, plan.replications, before=KNOWN_BEFORE)
        scenarios = [apply(scenario, d, scenario) for d in draws]
        paths = [d.stock_path for d in draws]
    else:
        scenarios = [scenario] * plan.replications
        paths = list(hindcast_stock_paths(scenario, plan.replications, plan.seed))
    tasks = tuple(
        RunTask(
            "hindcast",
            scenarios[r],
            r,
            derive_seed(plan.seed, r),
            None,
            ("resident_population",),
            stock_path=paths[r],
        )
        for r in range(plan.replications)
    )
    header = {
        "hindcast": asdict(plan),
        "scenarios": {str(r): s.parameters() for r, s in enumerate(scenarios)},
    }
    runs = Path(out) / "runs"
    batch = Batch(tasks, runs, header, config_digest(header), "hindcast")
    raise_if_failed(run_tasks(batch, executor, progress), runs)
    results = read_results(runs)
    last = results[results.date == END]
    observed = observed_2020()
    simulated = []
    for r in range(plan.replications):
        rows = last[last.replication == r].set_index("district").value
        by_district = rows.loc[list(DISTRICTS)].to_numpy()
        simulated.append([simulated_units(by_district, u) for u in observed.unit])
    values = np.array(simulated)
    table = observed.assign(
        simulated_median_2020=np.median(values, axis=0),
        lower_90=np.quantile(values, 0.05, axis=0),
        upper_90=np.quantile(values, 0.95, axis=0),
    )
    trend = {"unit": TREND_UNIT, "observed_2020": table.observed_2020.iloc[0]}
    trend["simulated_median_2020"] = census_trend()  # a point: no interval
    table = pd.concat([table, pd.DataFrame([trend])], ignore_index=True)
    fig = plot_hindcast(table)
    write_folder(
        Path(out),
        {
            "hindcast.csv": lambda p: table.to_csv(p, index=False),
            "hindcast.png": lambda p: fig.savefig(p, dpi=110),
        },
    )
    plt.close(fig)
    return HindcastResult(table, Path(out))
