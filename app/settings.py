"""What `floatpop app` passes to the page: the starting scenario, seed, scale and levers.

`solara run` starts the page in its own process, so the command line hands them over in
environment variables (`FLOATPOP_APP_*`); unset, the page starts from the defaults.
"""

import os
from dataclasses import dataclass

from floatpop.app.levers import parse_setting

PREFIX = "FLOATPOP_APP_"


@dataclass(frozen=True)
class AppSettings:
    """The page's starting values."""

    scenario: str = "hukou_reform"
    reference: str = "baseline"
    seed: int = 1
    scale: float = 0.002
    end_year: int = 2030
    levers: tuple[str, ...] = ()  # ``kind.field=value``, as given to ``--set``

    def environment(self) -> dict[str, str]:
        """Return the settings as environment variables for the page's process."""
        return {
            f"{PREFIX}SCENARIO": self.scenario,
            f"{PREFIX}REFERENCE": self.reference,
            f"{PREFIX}SEED": str(self.seed),
            f"{PREFIX}SCALE": repr(self.scale),
            f"{PREFIX}END_YEAR": str(self.end_year),
            f"{PREFIX}SET": "\n".join(self.levers),
        }

    def lever_values(self) -> dict:
        """Return the levers given as ``{"kind__field": value}`` (ScenarioError if malformed)."""
        return dict(parse_setting(text, "--set") for text in self.levers if text.strip())


def from_environment(environ=os.environ) -> AppSettings:
    """Return the settings in `environ`, the defaults where a variable is unset.

    Raises
    ------
    ValueError
        If a number does not read as one.
    """
    base = AppSettings()

    def get(name: str, cast, default):
        raw = environ.get(PREFIX + name)
        if raw is None or raw == "":
            return default
        try:
            return cast(raw)
        except ValueError:
            raise ValueError(f"{PREFIX}{name} must be {cast.__name__}, got {raw!r}") from None

    return AppSettings(
        scenario=get("SCENARIO", str, base.scenario),
        reference=get("REFERENCE", str, base.reference),
        seed=get("SEED", int, base.seed),
        scale=get("SCALE", float, base.scale),
        end_year=get("END_YEAR", int, base.end_year),
        levers=tuple(t for t in environ.get(PREFIX + "SET", "").splitlines() if t.strip()),
    )
