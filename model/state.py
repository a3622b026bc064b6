"""The small state a month's phases act on.

It holds the migrants, the city, the scenario and the random streams. The model owns it;
phases read it and change the migrants and the city, and hand back what the model must
account for (masks, service loads).
"""

from dataclasses import dataclass, fields

import numpy as np

from floatpop.model.city import CityState
from floatpop.model.migrants import Migrants
from floatpop.scenarios import Scenario


@dataclass(frozen=True)
class Streams:
    """One random stream per process, spawned from the run's seed.

    A draw added in one process thus never shifts the numbers of another.
    """

    init: np.random.Generator
    arrivals: np.random.Generator
    work: np.random.Generator
    housing: np.random.Generator
    registration: np.random.Generator
    services: np.random.Generator
    departures: np.random.Generator
    #: the newcomer profiles of the logsum (`rules.attraction`); last, so that adding it
    #: left the other streams' numbers unchanged
    profiles: np.random.Generator

    @classmethod
    def spawn(cls, seed: int) -> "Streams":
        """Return the streams of a run with seed `seed`, in the order of the fields."""
        seeds = np.random.SeedSequence(seed).spawn(len(fields(cls)))
        return cls(*(np.random.default_rng(s) for s in seeds))


@dataclass(frozen=True)
class RunState:
    """What the phases of a month act on (the objects stay; their contents change)."""

    migrants: Migrants
    city: CityState
    scenario: Scenario
    streams: Streams
