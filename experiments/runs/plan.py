"""What a single run or a forecast is asked for: the options and their defaults.

Each is written once and checked here (the command line shows and passes them on).
"""

from dataclasses import dataclass, fields

from floatpop.scenarios.errors import ScenarioError
from floatpop.scenarios.names import DEFAULT_METHOD, INFLOWS, METHODS, MODES
from floatpop.scenarios.parameters import RunSettings

#: the series `floatpop forecast` knows
SERIES = ("floating", "resident")


def check_choice(name: str, value, allowed: tuple) -> None:
    """Raise a ScenarioError naming `name` and the `allowed` values if `value` is not one."""
    if value not in allowed:
        raise ScenarioError(f"{name} must be one of {', '.join(map(str, allowed))}, got {value!r}")


def check_count(name: str, value, low: int) -> None:
    """Raise a ScenarioError naming `name` if `value` is not an integer of at least `low`."""
    if isinstance(value, bool) or not isinstance(value, int) or value < low:
        raise ScenarioError(f"{name} must be an integer of at least {low}, got {value!r}")


def check_scale(scale) -> None:
    """Refuse a scale outside the bounds that `run.scale` declares.

    Raises
    ------
    ScenarioError
        If `scale` is not a number within those bounds.
    """
    low, high = next(f for f in fields(RunSettings) if f.name == "scale").metadata["bounds"]
    if isinstance(scale, bool) or not isinstance(scale, int | float) or not low <= scale <= high:
        raise ScenarioError(f"scale must be a number in [{low}, {high}], got {scale!r}")


@dataclass(frozen=True)
class RunPlan:
    """A single run: its seed, where its arrivals come from, how its migrants decide.

    Parameters
    ----------
    seed : int
        The run's seed (it follows path 0 of the forecast for this seed).
    inflow : {"forecast", "trend"}
        ``"forecast"`` (a sample path) or ``"trend"`` (the data trend).
    mode : {"arrays", "objects"}
        ``"arrays"`` or ``"objects"`` (one `MigrantAgent` at a time).

    Raises
    ------
    ScenarioError
        For a seed that is not a non-negative integer, or an unknown inflow or mode.
    """

    seed: int = 0
    inflow: str = "forecast"
    mode: str = "arrays"

    def __post_init__(self):
        """Check the plan's options (a ScenarioError names the first one wrong)."""
        check_count("seed", self.seed, 0)
        check_choice("inflow", self.inflow, INFLOWS)
        check_choice("mode", self.mode, MODES)


@dataclass(frozen=True)
class ForecastPlan:
    """A forecast of one series: which, by which method, how many years ahead.

    Parameters
    ----------
    series : {"floating", "resident"}
        The series to forecast (`SERIES`).
    method : str
        The forecast method, one of `floatpop.forecasting.METHODS`.
    h : int
        Years ahead, at least 1.

    Raises
    ------
    ScenarioError
        For an unknown series or method, or an `h` below 1.
    """

    series: str = "floating"
    method: str = DEFAULT_METHOD
    h: int = 15

    def __post_init__(self):
        """Check the plan's options (a ScenarioError names the first one wrong)."""
        check_choice("series", self.series, SERIES)
        check_choice("method", self.method, METHODS)
        check_count("h (years ahead)", self.h, 1)
