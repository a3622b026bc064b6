"""`floatpop hindcast`: start at the 2010 census, run to the 2020 census, compare.

The hindcast uses only what was known before 2020: arrivals come from the floating
stock observed before 2020 (2000, 2010, and the 2018 non-hukou proxy, not rebased on
the 2020 census), forecast with calibrated paths; the model starts from the 2010
census and lives through the policy timeline. It then compares the simulated resident
population (registered + floating) in 2020-11 with the 2020 census, city-wide, for each
unit whose 2020 count is known, and for the group of units known only as a sum.
"""

from dataclasses import dataclass
from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from tqdm import tqdm

from floatpop.experiments.store.files import write_folder
from floatpop.forecasting.fusion import history_before
from floatpop.model import MigrationModel
from floatpop.model.inflow import forecast_inflows
from floatpop.scenarios import load
from floatpop.scenarios.calibrated import read_calibration
from floatpop.scenarios.dataset import read
from floatpop.scenarios.names import DISTRICTS

START, END = "2010-11", "2020-11"
KNOWN_BEFORE = 2020


@dataclass(frozen=True)
class HindcastResult:
    table: pd.DataFrame
    out: Path


def check_calibration_before(year: int, path: Path | None = None) -> None:
    """Refuse a calibrated parameter set fitted to targets dated `year` or later."""
    calibration = read_calibration(path)
    if calibration is not None and calibration.targets_before > year:
        raise ValueError(
            f"{calibration.path}: calibrated with targets up to "
            f"{calibration.targets_before - 1}; the hindcast may use only data from before "
            f"{year}. Recalibrate with `floatpop calibrate --before {year} --install`."
        )


def hindcast_inflows(scenario, replications: int, seed: int) -> np.ndarray:
    """[replication, month] arrivals, from pre-2020 knowledge only."""
    return forecast_inflows(scenario, seed, replications, history=history_before(KNOWN_BEFORE))


def observed_2020() -> pd.DataFrame:
    """The 2020 census: the city, each unit whose count is known, the group known as a sum."""
    units = read("census_units").set_index("unit")
    known = units.census_2020.dropna()
    group = read("census_unit_constraints").iloc[0]
    total = read("census_totals").query("date.str.startswith('2020')", engine="python")
    rows = [("all", float(total.population.iloc[0]))]
    rows += [(unit, float(value)) for unit, value in known.items()]
    rows.append((group.units, float(group.population)))
    return pd.DataFrame(rows, columns=["unit", "observed_2020"])


def simulated_units(resident_by_district: np.ndarray, unit: str) -> float:
    if unit == "all":
        return float(resident_by_district.sum())
    return float(sum(resident_by_district[DISTRICTS.index(u)] for u in unit.split(";")))


def run_hindcast(
    out: Path, replications: int = 10, scale: float = 0.005, seed: int = 2010, progress: bool = True
) -> HindcastResult:
    check_calibration_before(KNOWN_BEFORE)
    scenario = load("baseline", scale=scale, start=START, end=END)
    inflows = hindcast_inflows(scenario, replications, seed)
    observed = observed_2020()
    simulated = []
    for r in tqdm(
        range(replications), desc="hindcast", unit="run", disable=None if progress else True
    ):
        model = MigrationModel(
            scenario,
            inflow=inflows[r],
            seed=int(np.random.SeedSequence([seed, r]).generate_state(1)[0]),
        )
        model.run()
        by_district = model.records.latest("resident_population").to_numpy()[:-1]
        simulated.append([simulated_units(by_district, u) for u in observed.unit])
    values = np.array(simulated)
    table = observed.assign(
        simulated_median_2020=np.median(values, axis=0),
        lower_90=np.quantile(values, 0.05, axis=0),
        upper_90=np.quantile(values, 0.95, axis=0),
    )
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


def plot_hindcast(table: pd.DataFrame) -> plt.Figure:
    """Observed 2020 census against the simulated median and 90% interval, by unit."""
    fig, ax = plt.subplots(figsize=(9, 4.5), layout="constrained")
    y = np.arange(len(table))
    ax.errorbar(
        table.simulated_median_2020,
        y,
        xerr=[
            table.simulated_median_2020 - table.lower_90,
            table.upper_90 - table.simulated_median_2020,
        ],
        fmt="o",
        capsize=3,
        label="simulated (median, 90%)",
    )
    ax.plot(table.observed_2020, y, "kx", ms=9, label="2020 census")
    ax.set_yticks(y, [u.replace(";", " + ") for u in table.unit])
    ax.set_xscale("log")
    ax.invert_yaxis()
    ax.set_xlabel("resident population, 2020-11 (log scale)")
    ax.set_title(
        "Hindcast from the 2010 census: simulated residents against the 2020 census", fontsize=10
    )
    ax.legend(frameon=False, fontsize=8)
    ax.grid(alpha=0.3)
    return fig
