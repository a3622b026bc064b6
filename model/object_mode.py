"""The month in object mode: every migrant decides for itself, one at a time.

The phases are those of array mode (`MigrationModel.step`), in the same order and on
the same random streams; each migrant's decisions are its own `MigrantAgent` method
calls, in a random order. Markets are cleared by the model with the rule modules'
own functions: vacancies and the hiring lottery, the housing allocation rounds,
community-centre places. School places and clinics are allocated by the districts,
over the column store, exactly as in array mode.
"""

import numpy as np

from floatpop.model.agents import MigrantAgent
from floatpop.model.codes import N_DISTRICTS
from floatpop.model.migrants import removal_moves
from floatpop.model.rules import housing, services, work
from floatpop.model.rules.choice import lottery
from floatpop.model.rules.services import ServiceLoad


class ObjectPhases:
    """The phases of the month for a model in object mode."""

    def __init__(self, model):
        self.model = model
        self.agents: list[MigrantAgent] = []  # aligned with the rows of model.migrants
        self.add_agents(0)

    # --- the agents and their rows ------------------------------------------------
    def add_agents(self, first_row: int) -> None:
        """Agents for the rows from `first_row` on (new arrivals), then rebind all."""
        m = self.model.migrants
        self.agents += [MigrantAgent(self.model, m.row(i)) for i in range(first_row, len(m))]
        self.bind()

    def remove_agents(self, mask: np.ndarray) -> None:
        """Remove the agents of the rows in `mask`, rearranging the others as the model's
        store rearranges their rows (`Migrants.remove`)."""
        for i in np.flatnonzero(mask):
            self.agents[i].remove()
        holes, movers, n_left = removal_moves(mask)
        for hole, mover in zip(holes, movers, strict=True):
            self.agents[hole] = self.agents[mover]
        del self.agents[n_left:]
        self.bind()

    def bind(self) -> None:
        """Point each agent at its row again (adding or removing rows moves them)."""
        m = self.model.migrants
        for i, agent in enumerate(self.agents):
            agent.row = m.row(i)

    def in_random_order(self, agents: list[MigrantAgent] | None = None) -> list[MigrantAgent]:
        agents = self.agents if agents is None else agents
        return [agents[i] for i in self.model.rng.permutation(len(agents))]

    def mask(self, flag: str) -> np.ndarray:
        return np.fromiter((getattr(a, flag) for a in self.agents), bool, len(self.agents))

    # --- phases ------------------------------------------------------------------------
    def work(self) -> np.ndarray:
        model, rng = self.model, self.model.streams["work"]
        city, scenario = model.city, model.inputs
        for agent in self.in_random_order():
            agent.maybe_lose_job(rng)
        open_jobs = work.vacancies(model.migrants, city)
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
        work.grow_jobs(city, scenario)
        return self.mask("hired")

    def house(self, hired: np.ndarray) -> None:
        model, rng = self.model, self.model.streams["housing"]
        for agent in self.in_random_order():
            agent.consider_moving(rng)
        who = self.mask("moving")
        choosers = [a for a in self.agents if a.moving]
        if choosers:
            m = model.migrants
            housed = housing.occupancy(m)
            market = housing.market(m, model.city, model.access, housed)
            room = housing.room_left(housed, m.select(who), model.city)
            for agent in self.in_random_order(choosers):
                agent.rank_homes(market, rng)
            placed = housing.allocate(np.stack([a.preference for a in choosers]), room, rng)
            for agent, alternative in zip(choosers, placed, strict=True):
                agent.move_into(int(alternative))
            m.districts_changed()
        housing.adjust_rents(model.migrants, model.city, model.inputs)
        model.record_newcomers()

    def register_and_settle(self) -> None:
        rng = self.model.streams["registration"]
        for agent in self.in_random_order():
            agent.consider_registering(rng)
        for agent in self.in_random_order():
            agent.consider_settling(rng)
        self.model.settle(self.mask("settling"))

    def serve(self) -> ServiceLoad:
        model, rng = self.model, self.model.streams["services"]
        m, city = model.migrants, model.city
        school = services.enrol_children(m, city, rng)  # the districts' schools admit
        health = services.give_health_access(m, city, rng)  # the districts' clinics
        for agent in self.in_random_order():
            agent.consider_insurance(rng)
        for agent in self.in_random_order():
            agent.consider_participating(rng)
        community = services.admit_participants(m, self.mask("wish"), city, rng)
        return services.load_of(m, city, school, health, community)

    def integrate(self, load: ServiceLoad) -> None:
        self.model.access = load.access()[:2]
        crowding = self.model.crowding()
        for agent in self.agents:
            agent.update_integration(crowding)

    def depart(self) -> None:
        rng = self.model.streams["departures"]
        for agent in self.in_random_order():
            agent.consider_leaving(rng)
        self.model.leave(self.mask("leaving"))

    def age(self) -> None:
        for agent in self.agents:
            agent.grow_older()
