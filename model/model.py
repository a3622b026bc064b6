"""`MigrationModel`: the Mesa shell that orders the monthly processes."""

from collections.abc import Callable
from functools import partial

import mesa
import numpy as np
import pandas as pd

from floatpop.model import policies
from floatpop.model.city import District, district_network
from floatpop.model.codes import DISTRICTS, N_DISTRICTS, Status, Tenure
from floatpop.model.levers import Levers
from floatpop.model.object_mode import ObjectPhases
from floatpop.model.outcomes import OUTCOME_NAMES, MonthState, compute_outcomes
from floatpop.model.policies import PolicyContext
from floatpop.model.rules import (
    ageing,
    arrivals,
    departures,
    housing,
    integration,
    registered,
    registration,
    services,
    work,
)
from floatpop.model.rules.services import ServiceLoad
from floatpop.model.setup import initial_city, initial_migrants
from floatpop.scenarios import Scenario
from floatpop.scenarios.calendar import month_index, month_label, months_between

#: "arrays": every rule on whole columns (fast); "objects": each migrant a MigrantAgent
#: deciding for itself through the same rules (readable; for a few thousand agents)
MODES = ("arrays", "objects")
#: one random stream per process, so a draw added in one never shifts another
STREAMS = ("init", "arrivals", "work", "housing", "registration", "services", "departures")


def city_value(model: "MigrationModel", index: int) -> float:
    """Model reporter: the latest city-wide value of outcome number `index`."""
    return float(model.records[-1][index, N_DISTRICTS])


class MigrationModel(mesa.Model):
    """Urumqi's floating population, month by month.

    Parameters
    ----------
    scenario : a validated Scenario (`scenarios.load`).
    inflow : gross arrivals, persons per month, one value for each month of the run
        (from the forecasting layer; `floatpop.model.inflow.default_inflow` gives the default).
    seed : the run's seed; each process draws from its own stream spawned from it.
    mode : "arrays" (default) or "objects": the same model, one `MigrantAgent` at a time
        (`model/agents.py`); the docking test shows both give the same distributions.
    """

    outcome_names = OUTCOME_NAMES

    def __init__(self, scenario: Scenario, inflow: np.ndarray, seed: int = 0, mode: str = "arrays"):
        if mode not in MODES:
            raise ValueError(f"mode must be one of {', '.join(MODES)}, got {mode!r}")
        super().__init__(rng=seed)
        self.mode = mode
        self.object_phases: ObjectPhases | None = None
        self.inputs = scenario  # (Mesa reserves `scenario` for its own experimental class)
        self.scale = scenario.run.scale
        self.n_months = months_between(scenario.run.start, scenario.run.end)
        self.inflow = check_inflow(inflow, self.n_months)
        seeds = np.random.SeedSequence(seed).spawn(len(STREAMS))
        self.streams = {
            name: np.random.default_rng(s) for name, s in zip(STREAMS, seeds, strict=True)
        }
        self.migrants = initial_migrants(scenario, self.streams["init"])
        self.city = initial_city(self.migrants, scenario)
        positions = {i: tuple(xy) for i, xy in enumerate(scenario.city.seat_lon_lat)}
        self.space = district_network(self.city.commute_minutes, positions, self.random)
        self.districts = [District(self, i, cell) for i, cell in enumerate(self.space.all_cells)]
        self.access = np.ones((2, N_DISTRICTS))
        self.records: list[np.ndarray] = []
        self.datacollector = mesa.DataCollector(
            model_reporters={
                name: partial(city_value, index=i) for i, name in enumerate(OUTCOME_NAMES)
            }
        )
        self._start_month = month_index(scenario.run.start)
        self._flows = np.zeros((3, N_DISTRICTS))
        self._last_settled = 0.0
        self.initial_agents = len(self.migrants)
        self.schedule_policies()
        self.update_levers()
        if not self.city.levers.permit_available:  # a start before the permit existed
            holders = self.migrants.status == Status.PERMIT
            self.migrants.set("status", Status.REGISTERED, holders)
        self.update_mean_wage()
        load = services.serve(self.migrants, self.city, scenario, self.streams["init"])
        self.integrate(load, initial=True)
        self.record(load)
        if mode == "objects":
            self.object_phases = ObjectPhases(self)

    # --- the month, in DESIGN order ----------------------------------------------
    def step(self) -> None:
        self.update_levers()
        self.update_mean_wage()
        self.arrive()
        phases = self.object_phases or self  # object mode: each migrant decides itself
        hired = phases.work()
        phases.house(hired)
        phases.register_and_settle()
        load = phases.serve()
        phases.integrate(load)
        phases.depart()
        phases.age()
        self.record(load)

    # --- phases --------------------------------------------------------------------
    def arrive(self) -> None:
        month = self.steps - 1
        stock = self.migrants.by_district()
        newcomers = arrivals.arrive(
            self.inflow[month], stock, self.inputs, self.streams["arrivals"]
        )
        first_new = len(self.migrants)
        self.migrants.add(newcomers)
        if self.object_phases is not None:
            self.object_phases.add_agents(first_new)

    def work(self) -> np.ndarray:
        rng = self.streams["work"]
        lost = work.lose_jobs(self.migrants, self.city.levers, self.inputs, rng)
        hired = work.search_jobs(self.migrants, self.city, self.inputs, rng, just_lost=lost)
        work.grow_jobs(self.city, self.inputs)
        return hired

    def house(self, hired: np.ndarray) -> None:
        rng = self.streams["housing"]
        who = housing.who_chooses(self.migrants, hired, self.inputs, rng)
        housing.choose_housing(self.migrants, who, self.city, self.access, self.inputs, rng)
        housing.adjust_rents(self.migrants, self.city, self.inputs)
        self.record_newcomers()

    def register_and_settle(self) -> None:
        rng = self.streams["registration"]
        registration.register(self.migrants, self.city, self.inputs, rng)
        self.settle(registration.settle(self.migrants, self.city.levers, self.inputs, rng))

    def serve(self) -> ServiceLoad:
        return services.serve(self.migrants, self.city, self.inputs, self.streams["services"])

    def integrate(self, load: ServiceLoad, initial: bool = False) -> None:
        self.access = load.access()[:2]
        integration.integrate(
            self.migrants,
            self.inputs.city.local_wage_yuan_month,
            self.crowding(),
            self.inputs,
            initial=initial,
        )

    def depart(self) -> None:
        self.leave(departures.depart(self.migrants, self.inputs, self.streams["departures"]))

    def age(self) -> None:
        ageing.age(self.migrants)

    # --- leaving the floating population ------------------------------------------------
    def settle(self, settled: np.ndarray) -> None:
        """The rows of `settled` obtain local hukou: they join the registered population."""
        self._flows[2] = self.persons_by_district(settled)
        self._last_settled = self._flows[2].sum()
        self.city.registered = registered.update_registered(
            self.city.registered, self._flows[2] / self.scale, self.inputs
        )
        self.remove_rows(settled)

    def leave(self, leaving: np.ndarray) -> None:
        """The rows of `leaving` leave Urumqi."""
        self._flows[1] = self.persons_by_district(leaving)
        self.remove_rows(leaving)

    def remove_rows(self, mask: np.ndarray) -> None:
        self.migrants.remove(mask)
        if self.object_phases is not None:
            self.object_phases.remove_agents(mask)

    # --- policies ------------------------------------------------------------------
    def schedule_policies(self) -> None:
        """Policies in force at the start act from the first month; each later one is
        switched on by a Mesa event just before the month it starts."""
        self.policies_in_force = []
        self._waiting = sorted(self.inputs.policies, key=lambda p: month_index(p.start))
        for policy in list(self._waiting):
            offset = month_index(policy.start) - self._start_month
            if offset <= 0:
                self.enact_next_policy()
            elif offset <= self.n_months:
                self.schedule_event(self.enact_next_policy, at=offset - 0.5)

    def enact_next_policy(self) -> None:
        self.policies_in_force.append(self._waiting.pop(0))

    def update_levers(self) -> None:
        """Rebuild this month's levers from the scenario, then let each policy in force
        act at the share its ramp has reached."""
        m = self.migrants
        levers = Levers.from_scenario(self.inputs)
        context = PolicyContext(
            scale=self.scale,
            agents=len(m),
            registered_agents=float(np.count_nonzero(m.status >= Status.REGISTERED)),
            permit_agents=float(np.count_nonzero(m.status >= Status.PERMIT)),
            insured_agents=float(np.count_nonzero(m.insured)),
            initial_agents=self.initial_agents,
            settled_persons=float(self._last_settled) / self.scale,
            school_places=self.city.school_places,
            health_capacity=self.city.health_capacity,
            employment_service=self.city.employment_service,
            community_places=self.city.community_places,
        )
        month = self._start_month + self.steps
        for policy in self.policies_in_force:
            policies.act(policy, levers, policies.share_in_force(policy, month), context)
        self.city.levers = levers

    # --- bookkeeping -----------------------------------------------------------------
    def update_mean_wage(self) -> None:
        employed = np.count_nonzero(self.migrants.employed)  # the wage is 0 otherwise
        self.city.mean_wage = float(self.migrants.wage.sum(dtype=np.float64)) / max(employed, 1)

    def crowding(self) -> np.ndarray:
        informal = self.migrants.by_district(self.migrants.tenure == Tenure.INFORMAL_RENTAL)
        return informal / np.maximum(self.city.housing_capacity[:, Tenure.INFORMAL_RENTAL], 1.0)

    def record_newcomers(self) -> None:
        """Arrivals of the month, by the district they chose to live in."""
        self._flows[0] = self.persons_by_district(self.migrants.months_in_city == 0)

    def persons_by_district(self, mask: np.ndarray) -> np.ndarray:
        return self.migrants.persons_by_district(mask)

    def record(self, load: ServiceLoad) -> None:
        state = MonthState(
            self.migrants,
            self.city,
            self.scale,
            *self._flows,
            load,
            partial(registration.willingness, scenario=self.inputs),
        )
        self.records.append(compute_outcomes(state))
        self._flows = np.zeros((3, N_DISTRICTS))
        self.datacollector.collect(self)

    @property
    def date(self) -> str:
        """The calendar month the model has reached."""
        return month_label(self._start_month + self.steps)

    def run(self, progress: Callable[[int], None] | None = None) -> pd.DataFrame:
        """Run to the scenario's end month; `progress(1)` is called after each month."""
        while self.steps < self.n_months:
            self.step()
            if progress is not None:
                progress(1)
        return self.outcomes()

    def outcomes(self) -> pd.DataFrame:
        """Tidy outcomes: date, district (``all`` for the city), outcome, value."""
        values = np.stack(self.records)  # [month, outcome, district + city]
        n_months = values.shape[0]
        dates = [month_label(self._start_month + t) for t in range(n_months)]
        places = [*DISTRICTS, "all"]
        index = pd.MultiIndex.from_product(
            [dates, OUTCOME_NAMES, places], names=["date", "outcome", "district"]
        )
        frame = pd.DataFrame({"value": values.ravel()}, index=index).reset_index()
        return frame[["date", "district", "outcome", "value"]]


def check_inflow(inflow: np.ndarray, n_months: int) -> np.ndarray:
    inflow = np.asarray(inflow, dtype=float)
    if inflow.ndim != 1 or len(inflow) < n_months:
        raise ValueError(
            f"inflow must give arrivals for each of the {n_months} months of the run,"
            f" got shape {inflow.shape}"
        )
    if not np.all(np.isfinite(inflow)) or np.any(inflow < 0):
        raise ValueError("inflow must be finite and non-negative (persons per month)")
    return inflow[:n_months]
