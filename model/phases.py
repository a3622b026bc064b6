"""The phases of a month, as a protocol with two implementations.

`MigrationModel.step()` calls the phases in the order of docs/ODD.md and does the
bookkeeping between them: arrivals, who settles and who leaves, the service access
migrants expect next month, the outcomes. A phase acts on the run state and returns
what the model must account for: the mask of the newly hired, of those settling, of
those leaving, or the month's service load.

- `ArrayPhases` (this module) runs each rule once over whole columns: fast.
- `ObjectPhases` (`model/object_mode.py`) lets each migrant, a `MigrantAgent`, decide
  for itself in a random order: readable, for a few thousand agents.

Both call the same rule functions (`model/rules/`) on the same random streams.
"""

from typing import Protocol

import numpy as np

from floatpop.model.rules import ageing, departures, housing, integration, registration, work
from floatpop.model.rules import services as service_rules
from floatpop.model.rules.services import ServiceLoad
from floatpop.model.state import RunState


class Phases(Protocol):
    """What a month asks of the migrants, one phase at a time."""

    def work(self, state: RunState) -> np.ndarray:
        """Run job loss and job search; return the mask of the newly hired."""
        ...

    def house(self, state: RunState, hired: np.ndarray) -> None:
        """Run housing choice under capacity, then rents and supply."""
        ...

    def register(self, state: RunState) -> None:
        """Run registration and residence permits, one step at a time."""
        ...

    def settle(self, state: RunState) -> np.ndarray:
        """Return the mask of migrants who obtain local hukou this month."""
        ...

    def serve(self, state: RunState) -> ServiceLoad:
        """Run schools, primary care, insurance, community participation; return their load."""
        ...

    def integrate(self, state: RunState) -> None:
        """Move the integration index toward its target."""
        ...

    def depart(self, state: RunState) -> np.ndarray:
        """Return the mask of migrants who leave Urumqi this month."""
        ...

    def age(self, state: RunState) -> None:
        """Make every migrant a month older, a month longer in the city."""
        ...

    def joined(self, state: RunState, first_row: int) -> None:
        """Take note that the store has gained rows from `first_row` on (arrivals)."""
        ...

    def left(self, state: RunState, gone: np.ndarray) -> None:
        """Take note that the rows of `gone` were removed from the store (`Migrants.remove`)."""
        ...


class ArrayPhases:
    """Every phase as one vectorised rule call over the whole population."""

    def work(self, state: RunState) -> np.ndarray:
        """Run job loss and job search; return the mask of the newly hired."""
        m, city, scenario, rng = state.migrants, state.city, state.scenario, state.streams.work
        lost = work.lose_jobs(m, city.levers, scenario, rng)
        return work.search_jobs(m, city, scenario, rng, just_lost=lost)

    def house(self, state: RunState, hired: np.ndarray) -> None:
        """Re-house those who choose this month under capacity, then clear the rental market."""
        m, city, scenario, rng = state.migrants, state.city, state.scenario, state.streams.housing
        who = housing.who_chooses(m, hired, scenario, rng)
        housing.choose_housing(m, who, city, scenario, rng)
        housing.clear_market(m, city, scenario)

    def register(self, state: RunState) -> None:
        """Advance registration status by one step where migrants apply."""
        rng = state.streams.registration
        registration.register(state.migrants, state.city, state.scenario, rng)

    def settle(self, state: RunState) -> np.ndarray:
        """Draw the mask of migrants who obtain local hukou this month."""
        rng = state.streams.registration
        return registration.settle(state.migrants, state.city.levers, state.scenario, rng)

    def serve(self, state: RunState) -> ServiceLoad:
        """Run the four services for the month; return their load."""
        rng = state.streams.services
        return service_rules.serve(state.migrants, state.city, state.scenario, rng)

    def integrate(self, state: RunState) -> None:
        """Move every integration index toward its target."""
        m, city, scenario = state.migrants, state.city, state.scenario
        local_wage = scenario.city.local_wage_yuan_month * city.wage_index
        integration.integrate(m, local_wage, housing.informal_crowding(m, city), scenario)

    def depart(self, state: RunState) -> np.ndarray:
        """Draw the mask of migrants who leave Urumqi this month."""
        return departures.depart(state.migrants, state.scenario, state.streams.departures)

    def age(self, state: RunState) -> None:
        """Make every row one month older."""
        ageing.age(state.migrants, state.scenario)

    def joined(self, state: RunState, first_row: int) -> None:
        """Do nothing: the rows are the migrants."""

    def left(self, state: RunState, gone: np.ndarray) -> None:
        """Do nothing: the rows are the migrants."""
