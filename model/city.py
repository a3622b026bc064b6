"""The city side of the model: district state arrays and the 8 `District` Mesa agents.

District state lives in arrays indexed [district, ...] so the vectorised rules can
read it in one go; each `District` agent is a named window onto its row, so Mesa
users can still write `model.districts` and inspect one district at a time.
"""

from dataclasses import dataclass, field

import mesa
import networkx as nx
import numpy as np
from mesa.discrete_space import FixedAgent, Network

from floatpop.model.codes import DISTRICTS, N_DISTRICTS, N_SECTORS, N_TENURES, Tenure
from floatpop.model.levers import Levers

UNLIMITED = 1e15  # capacity of owned housing: bought on the market, never rationed


@dataclass
class CityState:
    """Mutable district state of one run. Capacities are in agents (persons x scale)."""

    housing_capacity: np.ndarray  # [district, tenure]
    rent: np.ndarray  # [district, tenure], yuan/month, 2020 prices
    jobs: np.ndarray  # [district, sector]
    sector_wage: np.ndarray  # [sector], yuan/month
    school_places: np.ndarray  # [district], children
    health_capacity: np.ndarray  # [district]
    employment_service: np.ndarray  # [district], searchers served per month
    community_places: np.ndarray  # [district]
    commute_minutes: np.ndarray  # [district, district]
    levers: Levers  # rules, entitlements and added capacities in force this month
    registered: np.ndarray  # [district], registered (hukou) population, persons
    other_residents: np.ndarray  # [district], residents neither registered nor floating
    base_rent: np.ndarray  # [district, tenure], the start's rents, yuan/month
    trend_capacity: np.ndarray  # [district, tenure], stock built less demolished, agents
    start_jobs: np.ndarray  # [district, sector], jobs at the start
    output_index: np.ndarray  # [month], real output / the start's, months 0..n
    registered_growth: np.ndarray  # [month], the registered population's monthly growth
    redevelopment: np.ndarray  # [month, district], share of informal stock demolished
    start_unemployment: float  # the migrants' unemployment rate at the start
    month: int = 0  # months since the start
    wage_index: float = 1.0  # real wage / the start's (labour_market.wage_index)
    mean_wage: float = 0.0  # last month's mean migrant wage
    #: the most residents of migrant origin (persons) so far: capacities are planned for them
    residents: float = 0.0
    #: places held by migrants settled since the start, [school, health; district]: a
    #: settled family keeps its children's school places and its clinic
    settled_places: np.ndarray = field(default_factory=lambda: np.zeros((2, N_DISTRICTS)))
    #: last month's chance that an entitled applicant is served, [school, health; district]
    access: np.ndarray = field(default_factory=lambda: np.ones((2, N_DISTRICTS)))
    #: this month's policy cost by part (`model.costs.COST_PARTS`), yuan
    costs: np.ndarray = field(default_factory=lambda: np.zeros(0))

    def __post_init__(self):
        """Check the shapes of the [district, tenure] and [district, sector] arrays."""
        assert self.housing_capacity.shape == (N_DISTRICTS, N_TENURES)
        assert self.jobs.shape == (N_DISTRICTS, N_SECTORS)

    # capacities in force: the city's own, plus what policies add (and free by targeting)
    def school_places_in_force(self) -> np.ndarray:
        """Return school places in force by district: own, freed by targeting, added."""
        return self.school_places * (1 + self.levers.targeting) + self.levers.school_places

    def health_capacity_in_force(self) -> np.ndarray:
        """Return primary care capacity in force by district: own, freed by targeting, added."""
        return self.health_capacity * (1 + self.levers.targeting) + self.levers.health_capacity

    def employment_service_in_force(self) -> np.ndarray:
        """Return employment service capacity in force by district (searchers served per month)."""
        return self.employment_service + self.levers.employment_service

    def community_places_in_force(self) -> np.ndarray:
        """Return community-centre places in force by district."""
        return self.community_places + self.levers.community_places

    def housing_capacity_in_force(self) -> np.ndarray:
        """Return housing capacity in force by [district, tenure], with the public units added."""
        capacity = self.housing_capacity.copy()
        capacity[:, Tenure.PUBLIC_RENTAL] += self.levers.public_units
        return capacity

    def rent_in_force(self) -> np.ndarray:
        """Return the rents paid by [district, tenure], public rent at the price a policy sets."""
        rent = self.rent.copy()
        rent[:, Tenure.PUBLIC_RENTAL] *= self.levers.public_rent_factor
        return rent


class District(FixedAgent):
    """One of Urumqi's 8 county-level units, a node of the district network."""

    def __init__(self, model: mesa.Model, index: int, cell):
        super().__init__(model)
        self.index = index
        self.name = DISTRICTS[index]
        self.cell = cell

    @property
    def rent(self) -> np.ndarray:
        """The district's rent by tenure, yuan/month (2020 prices)."""
        return self.model.city.rent[self.index]

    @property
    def housing_capacity(self) -> np.ndarray:
        """The district's housing capacity by tenure, in agents."""
        return self.model.city.housing_capacity[self.index]

    @property
    def jobs(self) -> np.ndarray:
        """The district's jobs by sector."""
        return self.model.city.jobs[self.index]

    @property
    def school_places(self) -> float:
        """The district's school places, in children."""
        return float(self.model.city.school_places[self.index])

    def __repr__(self) -> str:
        """Return ``District(name)``."""
        return f"District({self.name})"


def district_network(
    commute_minutes: np.ndarray, positions: dict[int, tuple[float, float]], random
) -> Network:
    """Return a complete network of the districts; each edge carries its commute minutes."""
    graph = nx.complete_graph(N_DISTRICTS)
    for a, b in graph.edges:
        graph.edges[a, b]["commute_minutes"] = float(commute_minutes[a, b])
    return Network(graph, random=random, layout=positions)
