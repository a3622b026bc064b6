"""What a calibration is asked for (its defaults, written once, and their checks)."""

from dataclasses import dataclass, field

from floatpop.experiments.runs.plan import check_count, check_scale
from floatpop.scenarios.errors import ScenarioError


def declared_priors() -> tuple:
    """Return every parameter declared with a prior (`study.points.declared_priors`)."""
    from floatpop.experiments.study.points import declared_priors as priors

    return priors()


@dataclass(frozen=True)
class CalibrationPlan:
    """What a calibration estimates, with how many runs, over which period.

    Parameters
    ----------
    priors : tuple of Parameter
        The parameters and their uniform prior ranges (`study.points.Parameter`;
        default: every parameter declared with a prior).
    budget : int
        Model runs in all, the fit check included.
    accept : float
        Share of the pooled runs kept as the posterior sample.
    check_runs : int
        Runs of the calibrated set for the fit table.
    scale : float
        Agents per person of every run.
    start, end : str
        The runs' first and last month.
    before : int
        Use only targets dated before this year.
    seed : int
        Seed of the designs, of the runs and of their stock paths.

    Raises
    ------
    ScenarioError
        For a seed or `check_runs` that is not an integer of at least 0 or 1, a scale
        or `accept` out of range, or a budget too small for the parameters.
    """

    priors: tuple = field(default_factory=declared_priors)
    budget: int = 400
    accept: float = 0.1
    check_runs: int = 8
    scale: float = 0.005
    start: str = "2010-11"
    end: str = "2019-12"
    before: int = 2020
    seed: int = 11

    def __post_init__(self):
        """Check the plan's values (a ScenarioError names the first one wrong)."""
        check_count("seed", self.seed, 0)
        check_count("check_runs", self.check_runs, 1)
        check_scale(self.scale)
        if not 0 < self.accept <= 1:
            raise ScenarioError(f"accept must be a share in (0, 1], got {self.accept}")
        if self.n_wave < 4 * len(self.priors):
            raise ScenarioError(
                f"budget {self.budget} is too small for {len(self.priors)} parameters: give "
                f"at least {8 * len(self.priors) + self.check_runs} runs"
            )

    @property
    def n_wave(self) -> int:
        """Runs in each of the two waves."""
        return (self.budget - self.check_runs) // 2
