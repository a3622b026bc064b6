"""What a hindcast is asked for (its defaults, written once, and their checks)."""

from dataclasses import dataclass

from floatpop.experiments.runs.plan import check_choice, check_count, check_scale
from floatpop.scenarios.names import UNCERTAINTIES


@dataclass(frozen=True)
class HindcastPlan:
    """How many replications of the 2010-2020 hindcast, at what scale, from which seed.

    Parameters
    ----------
    replications : int
        Replications, at least 1.
    scale : float
        Agents per person of every run, in [0.0001, 1].
    seed : int
        Seed of the runs and of their stock paths, at least 0.
    uncertainty : {"full", "paths"}
        What each replication draws (`experiments.study.uncertainty`): every source
        (default) or only the forecast path.

    Raises
    ------
    ScenarioError
        For a value out of range.
    """

    replications: int = 30
    scale: float = 0.005
    seed: int = 2010
    uncertainty: str = "full"

    def __post_init__(self):
        """Check the plan's values (a ScenarioError names the first one wrong)."""
        check_count("replications", self.replications, 1)
        check_count("seed", self.seed, 0)
        check_scale(self.scale)
        check_choice("uncertainty", self.uncertainty, UNCERTAINTIES)
