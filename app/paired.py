"""`PairedCity`: the app's Mesa model, a scenario and its reference stepped month by month.

Both are `MigrationModel`s on the same seed. Each month the reference runs first, and
the scenario takes its arrivals and newcomer logsum (`MigrationModel.pair_month`), so
the scenario's arrivals are the reference's times the pull the scenario induces: the
paired run a study makes. Bad input (an unknown scenario, a lever out of its bounds)
does not raise: the model keeps the one-line message in `error` and does not run, so
the page can show it.
"""

import mesa
import numpy as np
import pandas as pd

from floatpop.app.levers import scenario_levers, with_levers
from floatpop.model.model import MigrationModel
from floatpop.scenarios import resolve
from floatpop.scenarios.calendar import month_label
from floatpop.scenarios.errors import ScenarioError

ORIGIN = "app"


class PairedCity(mesa.Model):
    """A scenario beside its reference on one seed, for the app.

    Parameters
    ----------
    scenario, reference : str
        Shipped scenario names or paths to scenario files.
    seed : int
        The seed of both runs (a whole number; the page's text box gives it as text).
    scale : float
        Agents per person.
    end_year : int
        The last year; the run ends in its December.
    **levers
        Values of the scenario's levers, as ``kind__field`` (`app.levers`).
    """

    def __init__(
        self,
        scenario: str = "hukou_reform",
        reference: str = "baseline",
        seed: int = 1,
        scale: float = 0.002,
        end_year: int = 2030,
        **levers,
    ):
        try:
            seed = int(seed)
        except (TypeError, ValueError):
            bad_seed, seed = f"app: seed must be a whole number, got {seed!r}", 0
        else:
            bad_seed = ""
        super().__init__(rng=seed)
        self.seed, self.scale = seed, scale
        self.error = bad_seed
        self.scenario_name = str(scenario)
        self.reference_name = str(reference)
        self.levers = ()
        self.reference = self.paired = None
        if self.error:
            self.running = False
            return
        try:
            end = f"{int(end_year)}-12"
            base = resolve(reference, scale=scale, end=end)
            chosen = resolve(scenario, scale=scale, end=end)
            self.levers = scenario_levers(chosen, base)  # its own values, should these fail
            chosen = with_levers(chosen, base, levers, ORIGIN)
            self.levers = scenario_levers(chosen, base)
            self.reference = MigrationModel(base, seed=seed)
            months = self.reference.n_months
            self.paired = MigrationModel(
                chosen, seed=seed, inflow=np.zeros(months), reference_logsum=np.zeros(months)
            )
        except (ScenarioError, ValueError) as err:
            self.error = str(err).splitlines()[0]
            self.running = False

    def step(self) -> None:
        """Run one month of the reference, then the same month of the scenario."""
        if self.error or not self.running:
            self.running = False
            return
        self.reference.step()
        self.paired.pair_month(self.reference)
        self.paired.step()
        self.running = self.paired.running

    @property
    def months_run(self) -> int:
        """Return the months run so far."""
        return 0 if self.paired is None else self.paired.steps

    def date(self) -> str:
        """Return the last month recorded, ``YYYY-MM``."""
        return (
            ""
            if self.paired is None
            else month_label(self.paired.records.start_month + len(self.paired.records) - 1)
        )

    def city_series(self, outcome: str) -> pd.DataFrame:
        """Return the outcome month by month, city-wide: date, scenario, reference."""
        if self.paired is None:
            return pd.DataFrame(columns=["date", "scenario", "reference"])
        start = self.paired.records.start_month
        values = self.paired.records.city(outcome)
        return pd.DataFrame(
            {
                "date": [month_label(start + i) for i in range(len(values))],
                "scenario": values,
                "reference": self.reference.records.city(outcome),
            }
        )

    def district_values(self, outcome: str) -> pd.DataFrame:
        """Return the latest value by district: district, scenario, reference, change."""
        if self.paired is None:
            return pd.DataFrame(columns=["district", "scenario", "reference", "change"])
        mine = self.paired.records.latest(outcome)
        theirs = self.reference.records.latest(outcome)
        frame = pd.DataFrame({"scenario": mine, "reference": theirs}).drop(index="all")
        frame["change"] = frame.scenario - frame.reference
        return frame.rename_axis("district").reset_index()
