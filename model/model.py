"""`MigrationModel`: the Mesa shell that orders the month's phases and keeps the books."""

from collections.abc import Callable
from functools import partial
from pathlib import Path

import mesa
import numpy as np
import pandas as pd

from floatpop.model import costs, policies
from floatpop.model.city import District, district_network
from floatpop.model.inflow import default_stock_path
from floatpop.model.levers import Levers
from floatpop.model.migrants import Migrants
from floatpop.model.object_mode import ObjectPhases
from floatpop.model.outcomes import (
    OUTCOME_NAMES,
    Flows,
    MonthState,
    OutcomeRecords,
    compute_outcomes,
)
from floatpop.model.phases import ArrayPhases, Phases
from floatpop.model.rules import (
    ageing,
    arrivals,
    attraction,
    housing,
    integration,
    labour_market,
    registered,
    registration,
    services,
    work,
)
from floatpop.model.rules.ageing import COUNTER_MAX
from floatpop.model.rules.housing import informal_crowding
from floatpop.model.rules.services import ServiceLoad
from floatpop.model.setup import initial_city, initial_migrants
from floatpop.model.state import RunState, Streams
from floatpop.scenarios import Scenario, resolve
from floatpop.scenarios.calendar import month_index, month_label, months_between
from floatpop.scenarios.names import MODES


def city_value(model: "MigrationModel", outcome: str) -> float:
    """Return the latest city-wide value of `outcome` (a Mesa model reporter)."""
    return model.records.latest(outcome, "all")


def fresh_seed() -> int:
    """Return a seed from the operating system's entropy, for a run given none.

    It is kept in `model.seed`, so the run can be repeated.
    """
    return int(np.random.SeedSequence().generate_state(1)[0])


class MigrationModel(mesa.Model):
    """Urumqi's floating population, month by month.

    Parameters
    ----------
    scenario : Scenario, str or Path
        A shipped scenario name (default ``"baseline"``), a path to a scenario file, or a
        `Scenario` (`scenarios.load`).
    seed : int, optional
        The run's seed (default: fresh entropy, kept in ``model.seed``); each process
        draws from its own stream spawned from it.
    scale : float, optional
        Agents per person; ``None`` keeps the scenario's.
    end : str, optional
        The last month, ``YYYY-MM``; ``None`` keeps the scenario's.
    inflow : np.ndarray, optional
        Gross arrivals, persons per month, one value for each month of the run (the
        arrivals of a paired run, or any given series).
    stock_path : np.ndarray, optional
        The floating stock to follow, persons, at months 0..n of the run: each month's
        arrivals are what brings the stock to the path, given the stock and last
        month's exits (`arrivals.follow_path`). With neither `inflow` nor `stock_path`,
        the run follows path 0 of the forecast for this seed
        (`model.inflow.default_stock_path`). Either way ``model.inflow`` holds the
        arrivals used, month by month, and ``model.logsum`` the newcomer logsum
        (`rules.attraction`).
    reference_logsum : np.ndarray, optional
        With `inflow` (a paired run's): the newcomer logsum of the run that drew those
        arrivals, month by month. Each month's arrivals are then `inflow` x
        exp(eps x (L - L_ref)), the arrivals the scenario's pull induces
        (`attraction.induced_factor`).
    mode : {"arrays", "objects"}
        ``"arrays"`` (default) or ``"objects"``: the same model, one `MigrantAgent` at a
        time (`model/object_mode.py`); the docking test shows both give the same
        distributions.
    **overrides
        Any parameter of the scenario, by name (``p_job_loss=0.02``) or as
        ``section__name`` (``departures__beta_family=0.5``), validated like a scenario
        file's values. `mesa.batch_run` varies them this way.

    Raises
    ------
    ValueError
        For an unknown `mode`, an `inflow` or `reference_logsum` that does not fit the
        run (`check_inflow`), or a `reference_logsum` without `inflow`.

    Examples
    --------
    >>> model = MigrationModel("baseline", seed=1, scale=0.001, end="2021-11")
    >>> outcomes = model.run()  # tidy DataFrame: date, district, outcome, value
    >>> model.records.latest("floating_stock", "all")  # doctest: +SKIP
    """

    outcome_names = OUTCOME_NAMES

    def __init__(
        self,
        scenario: Scenario | str | Path = "baseline",
        *,
        seed: int | None = None,
        scale: float | None = None,
        end: str | None = None,
        inflow: np.ndarray | None = None,
        stock_path: np.ndarray | None = None,
        reference_logsum: np.ndarray | None = None,
        mode: str = "arrays",
        **overrides,
    ):
        if mode not in MODES:
            raise ValueError(f"mode must be one of {', '.join(MODES)}, got {mode!r}")
        seed = fresh_seed() if seed is None else seed
        super().__init__(rng=seed)
        self.seed = seed
        self.mode = mode
        # (Mesa reserves `self.scenario` for its own experiment class)
        self.inputs = resolve(scenario, scale=scale, end=end, **overrides)
        self.scale = self.inputs.run.scale
        self.n_months = months_between(self.inputs.run.start, self.inputs.run.end)
        if inflow is not None and stock_path is not None:
            raise ValueError("give inflow (arrivals) or stock_path (a stock to follow), not both")
        if reference_logsum is not None and inflow is None:
            raise ValueError("reference_logsum goes with inflow (the arrivals it was paired to)")
        if inflow is None and stock_path is None:
            stock_path = default_stock_path(self.inputs, seed)
        self.stock_path = (
            None if stock_path is None else check_stock_path(stock_path, self.n_months)
        )
        self.given_inflow = None if inflow is None else check_inflow(inflow, self.n_months)
        self.reference_logsum = (
            None if reference_logsum is None else check_logsum(reference_logsum, self.n_months)
        )
        # the arrivals used and the newcomer logsum, filled month by month
        self.inflow = np.zeros(self.n_months) if inflow is None else self.given_inflow.copy()
        self.logsum = np.zeros(self.n_months)
        self.streams = Streams.spawn(seed)
        self.newcomers = attraction.newcomer_profiles(self.inputs, self.streams.profiles)
        self.migrants = initial_migrants(self.inputs, self.streams.init)
        self.settled = Migrants()  # migrants who obtained hukou since the start
        self.city = initial_city(self.migrants, self.inputs)
        self.state = RunState(self.migrants, self.city, self.inputs, self.streams)
        positions = {i: tuple(xy) for i, xy in enumerate(self.inputs.city.seat_lon_lat)}
        self.space = district_network(self.city.commute_minutes, positions, self.random)
        self.districts = [District(self, i, cell) for i, cell in enumerate(self.space.all_cells)]
        self.records = OutcomeRecords(month_index(self.inputs.run.start))
        self.datacollector = mesa.DataCollector(
            model_reporters={name: partial(city_value, outcome=name) for name in OUTCOME_NAMES}
        )
        self.flows = Flows()
        self.built = costs.Built()  # capacity the policies have built so far
        self.initial_agents = len(self.migrants)
        # the stock change other than arrivals expected this month (persons): exits at
        # the base hazard to start with, then last month's
        self.other_change = -self.floating_persons() * self.inputs.departures.base_hazard
        self.after_arrivals = self.floating_persons()
        self.schedule_policies()
        self.start_state()
        self.phases: Phases = ObjectPhases(self) if mode == "objects" else ArrayPhases()

    def start_state(self) -> None:
        """Set up the census month: levers, status, services and integration at their start.

        Status is drawn from the take-up process over each migrant's time in the city
        (`registration.initial_status`). The month's outcomes are recorded.
        """
        self.update_levers()
        registration.initial_status(
            self.migrants, self.city, self.inputs, self.streams.init, self.permit_months()
        )
        self.update_mean_wage()
        self.city.residents = self.migrant_origin_residents()
        load = services.serve(self.migrants, self.city, self.inputs, self.streams.init)
        self.city.access = load.access()[:2]
        crowding = informal_crowding(self.migrants, self.city)
        local_wage = self.inputs.city.local_wage_yuan_month
        integration.integrate(self.migrants, local_wage, crowding, self.inputs, initial=True)
        self.record(load)

    def permit_months(self) -> int:
        """Return how many months the residence permit has existed at the start.

        It dates from the earliest policy in force that makes permits available; a
        scenario that makes them available by its parameters alone has had them always.
        """
        start = month_index(self.inputs.run.start)
        since = [
            month_index(p.start) for p in self.policies_in_force if getattr(p, "available", None)
        ]
        return start - min(since) if since else COUNTER_MAX

    # --- the month, in the order of docs/ODD.md ---------------------------------------
    def step(self) -> None:
        """Run one month: each phase in turn, the model keeping the books between them."""
        self.city.month = self.steps
        self.update_levers()
        labour_market.update_labour_market(self.migrants, self.city, self.inputs, self.settled)
        self.update_mean_wage()
        self.arrive()
        hired = self.phases.work(self.state)
        self.phases.house(self.state, hired)
        self.count_newcomers()
        self.phases.register(self.state)
        self.settle(self.phases.settle(self.state))
        load = self.serve()
        self.phases.integrate(self.state)
        self.leave(self.phases.depart(self.state))
        self.phases.age(self.state)
        ageing.age(self.settled, self.inputs)
        self.other_change = self.floating_persons() - self.after_arrivals
        self.record(load)
        self.running = self.steps < self.n_months

    def pair_month(self, reference: "MigrationModel") -> None:
        """Take the coming month's arrivals and logsum from `reference`, just stepped.

        A paired run stepped beside its reference (the app does this) is then the run a
        study makes, which is given the reference's whole series beforehand. The run must
        have been made with `inflow` and `reference_logsum` (zeros will do).

        Raises
        ------
        ValueError
            If the run was not made paired, or `reference` is not one month ahead.
        """
        if self.reference_logsum is None:
            raise ValueError("pair_month needs a run made with inflow and reference_logsum")
        month = self.steps
        if reference.steps != month + 1:
            raise ValueError(
                f"the reference has run {reference.steps} months; pairing month {month + 1} "
                "needs it one month ahead"
            )
        self.given_inflow[month] = reference.inflow[month]
        self.reference_logsum[month] = reference.logsum[month]

    # --- bookkeeping between the phases -----------------------------------------------
    def floating_persons(self) -> float:
        """Return the floating stock, persons (the store's persons over the scale)."""
        return self.migrants.persons() / self.scale

    def arrive(self) -> None:
        """Add the month's arrivals to the store (and, in object mode, make them agents).

        Following a stock path, the month's arrivals are set first (`follow_path`);
        paired to a reference logsum, they are the given ones times the pull induced.
        """
        month = self.steps - 1
        housed = housing.occupancy(self.migrants)
        market = housing.market(self.migrants, self.city, housed)
        utility = arrivals.landing_utility(
            work.vacancies(self.migrants, self.city).sum(axis=1),
            market.origin_share,
            self.inputs,
        )
        self.logsum[month] = attraction.newcomer_logsum(
            self.newcomers, utility, market, housed, self.migrants, self.city, self.inputs
        )
        if self.stock_path is not None:
            self.inflow[month] = arrivals.follow_path(
                self.stock_path[self.steps], self.floating_persons(), self.other_change
            )
        elif self.reference_logsum is not None:
            self.inflow[month] = self.given_inflow[month] * attraction.induced_factor(
                self.logsum, self.reference_logsum, month, self.inputs
            )
        newcomers = arrivals.arrive(
            self.inflow[month],
            arrivals.landing_probabilities(utility),
            self.inputs,
            self.streams.arrivals,
        )
        first_new = len(self.migrants)
        self.migrants.add(newcomers)
        self.phases.joined(self.state, first_new)
        self.after_arrivals = self.floating_persons()

    def count_newcomers(self) -> None:
        """Count the month's arrivals, by the district they chose to live in."""
        self.flows.arrivals = self.migrants.persons_by_district(self.migrants.months_in_city == 0)

    def settle(self, settled: np.ndarray) -> None:
        """Give the rows of `settled` local hukou: they join the registered population.

        They leave the store (and the floating population).
        """
        self.flows.settlements = self.migrants.persons_by_district(settled)
        self.settled.add(self.migrants.select(settled))
        self.city.registered = registered.update_registered(
            self.city.registered,
            self.flows.settlements / self.scale,
            self.city.registered_growth[self.city.month],
        )
        self.remove_rows(settled)

    def serve(self) -> ServiceLoad:
        """Run the month's services; their access is what migrants expect next month.

        The settled keep the school places and clinics they held. Then the city's
        service capacities grow to plan (`services.grow_capacities`).
        """
        self.city.settled_places = services.settled_places(self.settled)
        load = self.phases.serve(self.state)
        self.city.access = load.access()[:2]
        services.grow_capacities(self.city, self.migrant_origin_residents(), self.inputs)
        return load

    def migrant_origin_residents(self) -> float:
        """Return the residents of migrant origin: floating, and settled since the start.

        They are the residents the model's service capacities are planned for.
        """
        return float((self.migrants.persons() + self.settled.persons()) / self.scale)

    def leave(self, leaving: np.ndarray) -> None:
        """Remove the rows of `leaving`, who leave Urumqi."""
        self.flows.departures = self.migrants.persons_by_district(leaving)
        self.remove_rows(leaving)

    def remove_rows(self, mask: np.ndarray) -> None:
        """Remove the rows of `mask` from the store, and tell the phases."""
        self.migrants.remove(mask)
        self.phases.left(self.state, mask)

    # --- policies ------------------------------------------------------------------
    def schedule_policies(self) -> None:
        """Schedule the scenario's policies.

        Policies in force at the start act from the first month; each later one is
        switched on by a Mesa event just before the month it starts.
        """
        self.policies_in_force = []
        start = month_index(self.inputs.run.start)
        self.waiting_policies = sorted(self.inputs.policies, key=lambda p: month_index(p.start))
        for policy in list(self.waiting_policies):
            offset = month_index(policy.start) - start
            if offset <= 0:
                self.enact_next_policy()
            elif offset <= self.n_months:
                self.schedule_event(self.enact_next_policy, at=offset - 0.5)

    def enact_next_policy(self) -> None:
        """Put the next waiting policy (by start month) in force."""
        self.policies_in_force.append(self.waiting_policies.pop(0))

    def update_levers(self) -> None:
        """Rebuild this month's levers from the scenario, then let the policies act.

        Each policy in force acts at the share its ramp has reached.
        """
        levers = Levers.from_scenario(self.inputs)
        context = policies.PolicyContext.of(
            self.migrants,
            self.city,
            self.scale,
            self.initial_agents,
        )
        month = self.records.start_month + self.steps
        for policy in self.policies_in_force:
            policies.act(policy, levers, policies.share_in_force(policy, month), context)
        self.city.levers = levers

    def update_mean_wage(self) -> None:
        """Set the city's mean wage to that of the employed migrants (yuan/month)."""
        employed = np.count_nonzero(self.migrants.employed)  # the wage is 0 otherwise
        self.city.mean_wage = float(self.migrants.wage.sum(dtype=np.float64)) / max(employed, 1)

    # --- outcomes ----------------------------------------------------------------------
    def record(self, load: ServiceLoad) -> None:
        """Record the month's outcomes (and Mesa's model reporters); start the next flows."""
        settled_persons = float(self.flows.settlements.sum()) / self.scale
        self.city.costs = costs.month_costs(
            self.city, settled_persons, self.scale, self.inputs, self.built
        )
        state = MonthState(
            self.migrants,
            self.city,
            self.scale,
            self.flows.arrivals,
            self.flows.departures,
            self.flows.settlements,
            load,
            partial(registration.willingness, scenario=self.inputs),
            self.inputs.work.unemployed_income_share,
            self.settled,
        )
        self.records.append(compute_outcomes(state))
        self.flows = Flows()
        self.datacollector.collect(self)

    @property
    def date(self) -> str:
        """The calendar month the model has reached."""
        return month_label(self.records.start_month + self.steps)

    def run(self, progress: Callable[[int], None] | None = None) -> pd.DataFrame:
        """Run to the scenario's end month and return the tidy outcomes (`outcomes`).

        Parameters
        ----------
        progress : callable, optional
            Called as `progress(1)` after each month.

        Returns
        -------
        pd.DataFrame
            The tidy outcomes: date, district, outcome, value.
        """
        while self.steps < self.n_months:
            self.step()
            if progress is not None:
                progress(1)
        return self.outcomes()

    def outcomes(self) -> pd.DataFrame:
        """Return tidy outcomes: date, district (``all`` for the city), outcome, value."""
        return self.records.frame()


def check_inflow(inflow: np.ndarray, n_months: int) -> np.ndarray:
    """Return `inflow` as floats for the run's months (its first `n_months` values).

    Raises
    ------
    ValueError
        If `inflow` is not one-dimensional, is shorter than the run, or has values that
        are not finite or are negative.
    """
    inflow = np.asarray(inflow, dtype=float)
    if inflow.ndim != 1 or len(inflow) < n_months:
        raise ValueError(
            f"inflow must give arrivals for each of the {n_months} months of the run,"
            f" got shape {inflow.shape}"
        )
    if not np.all(np.isfinite(inflow)) or np.any(inflow < 0):
        raise ValueError("inflow must be finite and non-negative (persons per month)")
    return inflow[:n_months]


def check_logsum(logsum: np.ndarray, n_months: int) -> np.ndarray:
    """Return a reference logsum as floats for the run's months (its first `n_months`).

    Raises
    ------
    ValueError
        If it is not one-dimensional, is shorter than the run, or is not finite.
    """
    logsum = np.asarray(logsum, dtype=float)
    if logsum.ndim != 1 or len(logsum) < n_months or not np.all(np.isfinite(logsum[:n_months])):
        raise ValueError(
            f"reference_logsum must give a finite logsum for each of the {n_months} months"
            f" of the run, got shape {logsum.shape}"
        )
    return logsum[:n_months]


def check_stock_path(stock_path: np.ndarray, n_months: int) -> np.ndarray:
    """Return `stock_path` as floats for months 0..n_months of the run.

    Raises
    ------
    ValueError
        If it is not one-dimensional, is shorter than the run plus its start month, or
        has values that are not finite or are negative.
    """
    path = np.asarray(stock_path, dtype=float)
    if path.ndim != 1 or len(path) < n_months + 1:
        raise ValueError(
            f"stock_path must give the stock at each of the {n_months + 1} months 0..{n_months}"
            f" of the run, got shape {path.shape}"
        )
    if not np.all(np.isfinite(path)) or np.any(path < 0):
        raise ValueError("stock_path must be finite and non-negative (persons)")
    return path[: n_months + 1]
