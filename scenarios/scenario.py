"""`Scenario`: the frozen, validated input of one model run."""

from dataclasses import asdict, dataclass, field

from floatpop.scenarios.city import CityData
from floatpop.scenarios.parameters import (
    Arrivals,
    Attraction,
    Costs,
    Departures,
    Housing,
    Inflow,
    Initial,
    Integration,
    Registered,
    Registration,
    RunSettings,
    Services,
    Settlement,
    Work,
)
from floatpop.scenarios.policies import Policy

#: TOML section name -> parameter class; the order is the order of `scenarios show`
SECTIONS = {
    "run": RunSettings,
    "arrivals": Arrivals,
    "initial": Initial,
    "work": Work,
    "housing": Housing,
    "registration": Registration,
    "settlement": Settlement,
    "services": Services,
    "integration": Integration,
    "departures": Departures,
    "registered": Registered,
    "attraction": Attraction,
    "costs": Costs,
    "inflow": Inflow,
}


@dataclass(frozen=True)
class Scenario:
    """Everything a run needs besides its inflow path and seed."""

    name: str
    description: str
    city: CityData = field(repr=False)
    run: RunSettings = RunSettings()
    arrivals: Arrivals = Arrivals()
    initial: Initial = Initial()
    work: Work = Work()
    housing: Housing = Housing()
    registration: Registration = Registration()
    settlement: Settlement = Settlement()
    services: Services = Services()
    integration: Integration = Integration()
    departures: Departures = Departures()
    registered: Registered = Registered()
    attraction: Attraction = Attraction()
    costs: Costs = Costs()
    inflow: Inflow = Inflow()
    policies: tuple[Policy, ...] = ()
    source: str = ""
    calibration: str = ""  # the calibrated parameter set laid under the file, if any

    def parameters(self) -> dict:
        """Return the resolved parameters, section by section, and the policies.

        They are JSON-ready, without the city data; the calibration laid under the file
        is named too.
        """
        resolved = {name: asdict(getattr(self, name)) for name in SECTIONS}
        resolved["policies"] = [{"kind": p.kind, **asdict(p)} for p in self.policies]
        resolved["calibration"] = self.calibration
        return resolved
