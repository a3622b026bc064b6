"""`load(name_or_path)`: read a scenario TOML file into a frozen, validated Scenario."""

from functools import cache
from pathlib import Path

from floatpop.scenarios.calibrated import Calibration, read_calibration
from floatpop.scenarios.city import CityData, derive_city
from floatpop.scenarios.errors import ScenarioError
from floatpop.scenarios.files import HEADER_KEYS, read_table, resolve_path
from floatpop.scenarios.overrides import split_overrides, with_overrides
from floatpop.scenarios.scenario import SECTIONS, Scenario
from floatpop.scenarios.validate import build_policies, build_section

TOP_LEVEL = (*HEADER_KEYS, *SECTIONS)


def calibrated_defaults(calibration: Calibration | None) -> dict[str, dict[str, float]]:
    """Return the calibrated values by section, each checked like a scenario file's values.

    Raises
    ------
    ScenarioError
        For a section that is not a parameter section (or is ``run``), or a value that
        fails its checks.
    """
    if calibration is None:
        return {}
    for section, values in calibration.values.items():
        if section not in SECTIONS or section == "run":
            raise ScenarioError(
                f"{calibration.path}: section {section!r} is not a parameter section; "
                f"allowed: {', '.join(s for s in SECTIONS if s != 'run')}"
            )
        build_section(SECTIONS[section], values, str(calibration.path), section)
    return calibration.values


@cache
def city_data() -> CityData:
    """Return the city's data, derived once per process from `scenarios/data/`."""
    return derive_city()


def load(name_or_path: str | Path, calibrated: bool = True, **overrides) -> Scenario:
    """Load, resolve (`extends`) and validate a scenario.

    Parameters
    ----------
    name_or_path : str or Path
        A shipped scenario name (``"baseline"``) or a path to a TOML file.
    calibrated : bool
        Lay the installed calibrated parameters (`scenarios/calibrated_parameters.csv`)
        over the defaults, beneath the file's own values; False gives the bare defaults.
    **overrides
        Values replacing the file's, validated like them: ``scale=0.1``,
        ``end="2030-12"``, ``p_job_loss=0.02`` or ``departures__beta_family=0.5``
        (`scenarios.overrides`). None leaves a value as it is.

    Returns
    -------
    Scenario
        The frozen, validated scenario.

    Raises
    ------
    ScenarioError
        Unknown keys, wrong types or values out of bounds, naming file and key.
    """
    path = resolve_path(name_or_path)
    raw = read_table(path, TOP_LEVEL)
    origin = str(path)
    given = split_overrides(overrides, f"{origin} (with overrides)")
    calibration = read_calibration() if calibrated else None
    defaults = calibrated_defaults(calibration)
    sections = {
        name: build_section(
            cls,
            {**defaults.get(name, {}), **raw.get(name, {}), **given.get(name, {})},
            f"{origin} (with overrides)" if name in given else origin,
            name,
        )
        for name, cls in SECTIONS.items()
    }
    name = raw.get("name", path.stem)
    description = raw.get("description", "")
    for key, value in (("name", name), ("description", description)):
        if not isinstance(value, str):
            raise ScenarioError(f"{origin}: '{key}' must be a string, got {value!r}")
    policies = build_policies(raw.get("policies", []), origin)
    return Scenario(
        name=name,
        description=description,
        city=city_data(),
        source=origin,
        calibration=f"{calibration.path.name} ({calibration.table.calibrated_on.iloc[0]})"
        if calibration
        else "",
        policies=policies,
        **sections,
    )


def resolve(scenario: Scenario | str | Path, **overrides) -> Scenario:
    """Return a Scenario from a Scenario, a shipped name or a path, with `overrides` applied."""
    if isinstance(scenario, Scenario):
        return with_overrides(scenario, **overrides)
    return load(scenario, **overrides)
