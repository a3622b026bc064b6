"""What a sensitivity analysis is asked for (its defaults, written once, and their checks)."""

from dataclasses import dataclass

from floatpop.experiments.runs.plan import check_choice, check_count, check_scale
from floatpop.scenarios.calendar import month_index
from floatpop.scenarios.errors import ScenarioError

METHODS = ("morris", "sobol")


@dataclass(frozen=True)
class SensitivityPlan:
    """What a sensitivity analysis screens, and with how many runs.

    Parameters
    ----------
    method : {"morris", "sobol"}
        ``"morris"`` (screening) or ``"sobol"`` (Morris, then Sobol' indices for the
        `top` parameters).
    trajectories : int
        Morris trajectories (runs: trajectories x (parameters + 1)).
    top : int
        Parameters passed on to Sobol'.
    samples : int
        Sobol' base samples (runs: samples x (2 top + 2)).
    scale : float
        Agents per person of every run.
    end : str
        The last month of every run, 'YYYY-MM' (the runs start from the 2020 census).
    seed : int
        Seed of the designs, the runs and their stock path.
    only : tuple of str
        Labels of the parameters to screen (``work.p_job_loss``); empty: all.
    scenario : str
        A shipped scenario (or scenario file) whose paired difference from the baseline
        is screened, run by run at the same values and seed; empty: the baseline's
        levels.

    Raises
    ------
    ScenarioError
        For an unknown method, counts below 1 (seed below 0), a scale outside
        [0.0001, 1], or an end that is not a month.
    """

    method: str = "morris"
    trajectories: int = 10
    top: int = 4
    samples: int = 32
    scale: float = 0.002
    end: str = "2035-12"
    seed: int = 7
    only: tuple[str, ...] = ()
    scenario: str = ""

    def __post_init__(self):
        """Check the plan's options (a ScenarioError names the first one wrong)."""
        check_choice("method", self.method, METHODS)
        for name in ("trajectories", "top", "samples"):
            check_count(name, getattr(self, name), 1)
        check_count("seed", self.seed, 0)
        check_scale(self.scale)
        try:
            month_index(self.end)
        except ValueError as err:
            raise ScenarioError(f"end: {err}") from None
