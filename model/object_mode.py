"""The month in object mode: every migrant decides for itself, one at a time.

`ObjectPhases` implements the `Phases` protocol (`model/phases.py`): the phases of
array mode, in the same order and on the same random streams, but each migrant's
decisions are its own `MigrantAgent` method calls, in a random order. Markets are
cleared with the rule modules' own functions: vacancies and the hiring lottery, the
housing allocation rounds, community-centre places. School places and clinics are
allocated by the districts, over the column store, exactly as in array mode. The model
does the bookkeeping (who arrives, settles or leaves) and tells the phases which rows
joined or left, so that each agent stays bound to its row.
"""

import mesa
import numpy as np

from floatpop.model.agents import MigrantAgent
from floatpop.model.codes import N_DISTRICTS
from floatpop.model.migrants import removal_moves
from floatpop.model.rules import housing, services, work
from floatpop.model.rules.choice import lottery
from floatpop.model.rules.services import ServiceLoad
from floatpop.model.state import RunState


class ObjectPhases:
    """The phases of the month for a model in object mode."""

    def __init__(self, model: mesa.Model):
        self.model = model  # the Mesa model the agents belong to, and its `rng` for order
        self.agents: list[MigrantAgent] = []  # aligned with the rows of the store
        self.joined(model.state, 0)

    # --- the agents and their rows ------------------------------------------------
    def joined(self, state: RunState, first_row: int) -> None:
        """Make agents for the rows from `first_row` on (new arrivals), then rebind all."""
        m = state.migrants
        self.agents += [MigrantAgent(self.model, m.row(i)) for i in range(first_row, len(m))]
        self.bind(state)

    def left(self, state: RunState, gone: np.ndarray) -> None:
        """Remove the agents of the rows in `gone`.

        The others are rearranged as the store rearranged their rows (`Migrants.remove`).
        """
        for i in np.flatnonzero(gone):
            self.agents[i].remove()
        holes, movers, n_left = removal_moves(gone)
        for hole, mover in zip(holes, movers, strict=True):
            self.agents[hole] = self.agents[mover]
        del self.agents[n_left:]
        self.bind(state)

    def bind(self, state: RunState) -> None:
        """Point each agent at its row again (adding or removing rows moves them)."""
        for i, agent in enumerate(self.agents):
            agent.row = state.migrants.row(i)

    def in_random_order(self, agents: list[MigrantAgent] | None = None) -> list[MigrantAgent]:
        """Return `agents` (all by default) shuffled with the model's `rng`."""
        agents = self.agents if agents is None else agents
        return [agents[i] for i in self.model.rng.permutation(len(agents))]

    def mask(self, flag: str) -> np.ndarray:
        """Return the agents' `flag` (a decision of this month) as a mask over the rows."""
        return np.fromiter((getattr(a, flag) for a in self.agents), bool, len(self.agents))

    # --- phases ------------------------------------------------------------------------
    def work(self, state: RunState) -> np.ndarray:
        """Run job loss, job search and job growth; return the mask of the newly hired.

        Each agent may lose its job, then each seeker picks a district and applies, in
        a random order; the hiring lottery clears the market.
        """
        city, scenario, rng = state.city, state.scenario, state.streams.work
        for agent in self.in_random_order():
            agent.maybe_lose_job(rng)
        open_jobs = work.vacancies(state.migrants, city)
        open_by_district = open_jobs.sum(axis=1)
        seekers = [a for a in self.agents if not a.employed and not a.just_lost]
        if seekers:
            for agent in self.in_random_order(seekers):
                agent.choose_where_to_search(open_by_district, rng)
            looking = [a for a in seekers if a.search_target >= 0]
            searchers = np.bincount(
                [a.search_target for a in looking], minlength=N_DISTRICTS
            ).astype(float)
            p_hire = work.hire_probability(searchers, open_by_district, city, scenario)
            for agent in self.in_random_order(looking):
                agent.apply_for_a_job(p_hire, open_jobs, rng)
            applicants = [a for a in looking if a.matched]
            slots = np.array([a.job_slot for a in applicants], dtype=np.int64)
            accepted = lottery(slots, open_jobs.ravel(), rng)
            for agent, got in zip(applicants, accepted, strict=True):
                if got:
                    agent.start_job(rng)
        return self.mask("hired")

    def house(self, state: RunState, hired: np.ndarray) -> None:
        """Re-house those who choose this month under capacity, then clear the rental market.

        Each agent considers moving and each chooser ranks the homes, in a random order;
        the housing allocation rounds clear the market.
        """
        m, city, scenario, rng = state.migrants, state.city, state.scenario, state.streams.housing
        for agent in self.in_random_order():
            agent.consider_moving(rng)
        who = self.mask("moving")
        choosers = [a for a in self.agents if a.moving]
        if choosers:
            housed = housing.occupancy(m)
            market = housing.market(m, city, housed)
            room = housing.room_left(housed, m.select(who), city)
            for agent in self.in_random_order(choosers):
                agent.rank_homes(market, rng)
            preferences = np.stack([a.preference for a in choosers])
            placed = housing.allocate(preferences, room, scenario.housing.allocation_rounds, rng)
            for agent, alternative in zip(choosers, placed, strict=True):
                agent.move_into(int(alternative))
            m.districts_changed()
        housing.clear_market(m, city, scenario)

    def register(self, state: RunState) -> None:
        """Let each agent, in a random order, consider registering one step further."""
        rng = state.streams.registration
        for agent in self.in_random_order():
            agent.consider_registering(rng)

    def settle(self, state: RunState) -> np.ndarray:
        """Let each agent consider settling; return the mask of those who obtain local hukou."""
        rng = state.streams.registration
        for agent in self.in_random_order():
            agent.consider_settling(rng)
        return self.mask("settling")

    def serve(self, state: RunState) -> ServiceLoad:
        """Run the four services for the month; return their load.

        The districts allocate school places and clinics over the column store; each
        agent considers insurance and participation, in a random order.
        """
        m, city, rng = state.migrants, state.city, state.streams.services
        school = services.enrol_children(m, city, rng)  # the districts' schools admit
        health = services.give_health_access(m, city, rng)  # the districts' clinics
        for agent in self.in_random_order():
            agent.consider_insurance(rng)
        for agent in self.in_random_order():
            agent.consider_participating(rng)
        community = services.admit_participants(m, self.mask("wish"), city, rng)
        return services.load_of(m, city, school, health, community)

    def integrate(self, state: RunState) -> None:
        """Move each agent's integration index toward its target."""
        crowding = housing.informal_crowding(state.migrants, state.city)
        for agent in self.agents:
            agent.update_integration(crowding)

    def depart(self, state: RunState) -> np.ndarray:
        """Let each agent consider leaving; return the mask of those who leave Urumqi."""
        rng = state.streams.departures
        for agent in self.in_random_order():
            agent.consider_leaving(rng)
        return self.mask("leaving")

    def age(self, state: RunState) -> None:
        """Make each agent one month older."""
        for agent in self.agents:
            agent.grow_older()
