"""`MigrantAgent`: one migrant (and accompanying children) as a Mesa agent.

Object mode (`MigrationModel(..., mode="objects")`) is for reading the model one agent
at a time: each migrant takes its own decisions, in random order, by calling the same
rule functions as array mode on its own row. Where migrants compete for places (jobs,
homes, community activities), each applies and the model clears the market with the
same lottery. An agent's attributes are its row of the model's column store (views,
not copies), so `agent.status` or `agent.wage` read what the outcomes count.
"""

import mesa
import numpy as np

from floatpop.model.codes import N_SECTORS
from floatpop.model.migrants import SCHEMA, Migrants
from floatpop.model.rules import (
    ageing,
    departures,
    housing,
    integration,
    registration,
    services,
    work,
)

ME = np.zeros(1, dtype=np.intp)  # "my row", for rule functions that take row indices


class MigrantAgent(mesa.Agent):
    """A migrant household head, as a Mesa agent.

    It works, houses itself, registers, uses services, integrates, and one day leaves or
    settles.
    """

    def __init__(self, model: mesa.Model, row: Migrants):
        super().__init__(model)
        self.row = row  # its attributes: a one-row view of the model's column store
        # this month's decisions, read by the markets the model clears
        self.just_lost = False
        self.hired = False
        self.search_target = -1
        self.sector = -1
        self.matched = False
        self.moving = False
        self.preference: np.ndarray | None = None
        self.wish = False
        self.settling = False
        self.leaving = False

    def __getattr__(self, name: str):
        """Return the agent's own attribute values: `agent.status`, `agent.wage`, ..."""
        if name in SCHEMA:
            return self.__dict__["row"].get(name)[0]
        raise AttributeError(name)

    def __repr__(self) -> str:
        """Return the agent's id, district and status."""
        return f"MigrantAgent({self.unique_id}, district {self.district}, status {self.status})"

    # --- work -------------------------------------------------------------------
    def maybe_lose_job(self, rng: np.random.Generator) -> None:
        """Draw whether the agent loses its job this month (`work.lose_jobs` on its row)."""
        m = self.model
        self.just_lost = bool(work.lose_jobs(self.row, m.city.levers, m.inputs, rng)[0])
        self.hired = False

    def choose_where_to_search(self, open_by_district: np.ndarray, rng) -> None:
        """Pick the district to look for work in, -1 where none has vacancies."""
        m = self.model
        target = work.search_district(self.row, ME, open_by_district, m.city, m.inputs, rng)
        self.search_target = int(target[0])

    def apply_for_a_job(self, p_hire: np.ndarray, open_jobs: np.ndarray, rng) -> None:
        """Draw whether the agent is matched in its search district, and the sector."""
        matched, sector = work.apply_for_jobs(
            np.array([self.search_target]), p_hire, open_jobs, rng
        )
        self.matched = bool(matched[0])
        self.sector = int(sector[0]) if self.matched else -1

    @property
    def job_slot(self) -> int:
        """The (district, sector) applied for, as district * N_SECTORS + sector."""
        return self.search_target * N_SECTORS + self.sector

    def start_job(self, rng: np.random.Generator) -> None:
        """Start the job applied for (formality, dormitory place, wage, insurance drawn)."""
        m = self.model
        district, sector = np.array([self.search_target]), np.array([self.sector])
        work.take_jobs(self.row, ME, district, sector, m.city, m.inputs, rng)
        self.hired = True

    # --- housing ----------------------------------------------------------------
    def consider_moving(self, rng: np.random.Generator) -> None:
        """Draw whether the agent chooses a home this month (`housing.who_chooses`)."""
        self.moving = bool(
            housing.who_chooses(self.row, np.array([self.hired]), self.model.inputs, rng)[0]
        )

    def rank_homes(self, market: housing.Market, rng: np.random.Generator) -> None:
        """Rank the alternatives of `market` by total utility (`housing.preferences`)."""
        m = self.model
        self.preference = housing.preferences(self.row, market, m.city, m.inputs, rng)[0]

    def move_into(self, alternative: int) -> None:
        """Move into `alternative` (-1: rent informally where the agent lives now)."""
        housing.move(self.row, ME, np.array([alternative]))
        self.preference = None

    # --- registration, services, integration, departure -------------------------------
    def consider_registering(self, rng: np.random.Generator) -> None:
        """Draw whether the agent advances its registration status by one step."""
        registration.register(self.row, self.model.city, self.model.inputs, rng)

    def consider_settling(self, rng: np.random.Generator) -> None:
        """Draw whether the agent obtains local hukou this month."""
        m = self.model
        self.settling = bool(registration.settle(self.row, m.city.levers, m.inputs, rng)[0])

    def consider_insurance(self, rng: np.random.Generator) -> None:
        """Draw whether the agent enrols in insurance voluntarily; count insured months."""
        services.enrol_insurance(self.row, self.model.city, self.model.inputs, rng)

    def consider_participating(self, rng: np.random.Generator) -> None:
        """Draw whether the agent wishes to take part in community activities."""
        m = self.model
        self.wish = bool(services.participation_wish(self.row, m.city, m.inputs, rng)[0])

    def update_integration(self, crowding: np.ndarray) -> None:
        """Move the integration index toward its target (`crowding` by district)."""
        m = self.model
        local_wage = m.inputs.city.local_wage_yuan_month * m.city.wage_index
        integration.integrate(self.row, local_wage, crowding, m.inputs)

    def consider_leaving(self, rng: np.random.Generator) -> None:
        """Draw whether the agent leaves Urumqi this month."""
        self.leaving = bool(departures.depart(self.row, self.model.inputs, rng)[0])

    def grow_older(self) -> None:
        """Grow one month older."""
        ageing.age(self.row, self.model.inputs)
