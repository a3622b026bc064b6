"""What a single run or a forecast is asked for: the options and their defaults, each
written once and checked here (the command line shows and passes them on)."""

from dataclasses import dataclass

from floatpop.scenarios.errors import ScenarioError
from floatpop.scenarios.names import DEFAULT_METHOD, INFLOWS, METHODS, MODES

#: the series `floatpop forecast` knows
SERIES = ("floating", "resident")


def check_choice(name: str, value, allowed: tuple) -> None:
    if value not in allowed:
        raise ScenarioError(f"{name} must be one of {', '.join(map(str, allowed))}, got {value!r}")


def check_count(name: str, value, low: int) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or value < low:
        raise ScenarioError(f"{name} must be an integer of at least {low}, got {value!r}")


@dataclass(frozen=True)
class RunPlan:
    """A single run: its seed, where its arrivals come from, how its migrants decide.

    Parameters
    ----------
    seed : the run's seed (its arrival path is path 0 of the forecast for this seed).
    inflow : ``"forecast"`` (a sample path) or ``"trend"`` (the data trend).
    mode : ``"arrays"`` or ``"objects"`` (one `MigrantAgent` at a time).
    """

    seed: int = 0
    inflow: str = "forecast"
    mode: str = "arrays"

    def __post_init__(self):
        check_count("seed", self.seed, 0)
        check_choice("inflow", self.inflow, INFLOWS)
        check_choice("mode", self.mode, MODES)


@dataclass(frozen=True)
class ForecastPlan:
    """A forecast of one series: which, by which method, how many years ahead."""

    series: str = "floating"
    method: str = DEFAULT_METHOD
    h: int = 15

    def __post_init__(self):
        check_choice("series", self.series, SERIES)
        check_choice("method", self.method, METHODS)
        check_count("h (years ahead)", self.h, 1)
