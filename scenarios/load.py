"""`load(name_or_path)`: read a scenario TOML file into a frozen, validated Scenario."""

import tomllib
from functools import cache
from pathlib import Path

from floatpop.scenarios.calibrated import Calibration, read_calibration
from floatpop.scenarios.city import CityData, derive_city
from floatpop.scenarios.errors import ScenarioError
from floatpop.scenarios.scenario import SECTIONS, Scenario
from floatpop.scenarios.validate import build_policies, build_section, unknown_key_message

SCENARIO_DIR = Path(__file__).parent
TOP_LEVEL = ("name", "description", "extends", "policies", *SECTIONS)


def list_scenarios() -> list[str]:
    """Names of the scenario files shipped with the package."""
    return sorted(p.stem for p in SCENARIO_DIR.glob("*.toml"))


def resolve_path(name_or_path: str | Path) -> Path:
    path = Path(name_or_path)
    if path.suffix == ".toml" or path.exists():
        if not path.is_file():
            raise ScenarioError(f"{path}: no such scenario file")
        return path
    shipped = SCENARIO_DIR / f"{name_or_path}.toml"
    if not shipped.is_file():
        raise ScenarioError(
            f"{name_or_path}: no such scenario; shipped scenarios are "
            f"{', '.join(list_scenarios())}, or give a path to a .toml file"
        )
    return shipped


def read_toml(path: Path, allowed: tuple[str, ...], where: str = "the top level") -> dict:
    """A TOML file's tables, with only `allowed` top-level keys (else a clear error)."""
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as err:
        raise ScenarioError(f"{path}: not valid TOML ({err})") from None
    for key in raw:
        if key not in allowed:
            raise ScenarioError(unknown_key_message(str(path), where, key, list(allowed)))
    return raw


def read_table(path: Path, chain: tuple[Path, ...] = ()) -> dict:
    """The raw TOML of `path`, with the tables of the scenario it extends merged beneath it."""
    if path.resolve() in chain:
        raise ScenarioError(f"{path}: 'extends' makes a cycle through {chain[-1].name}")
    raw = read_toml(path, TOP_LEVEL)
    parent_name = raw.pop("extends", None)
    if parent_name is None:
        return raw
    if not isinstance(parent_name, str):
        raise ScenarioError(f"{path}: 'extends' must name a scenario, got {parent_name!r}")
    parent_path = (path.parent / parent_name).with_suffix(".toml")
    if not parent_path.is_file():
        parent_path = resolve_path(parent_name)
    merged = read_table(parent_path, (*chain, path.resolve()))
    for key, value in raw.items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = {**merged[key], **value}
        elif key == "policies":  # a scenario's policies add to those of its parent
            merged[key] = [*merged.get(key, []), *value]
        else:
            merged[key] = value
    return merged


def calibrated_defaults(calibration: Calibration | None) -> dict[str, dict[str, float]]:
    """The calibrated values by section, each checked like a scenario file's values."""
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
    return derive_city()


def load(name_or_path: str | Path, calibrated: bool = True, **run_overrides) -> Scenario:
    """Load, resolve (`extends`) and validate a scenario.

    Parameters
    ----------
    name_or_path : a shipped scenario name (``"baseline"``) or a path to a TOML file.
    calibrated : lay the installed calibrated parameters (`scenarios/calibrated_parameters.csv`)
        over the defaults, beneath the file's own values; False gives the bare defaults.
    run_overrides : values replacing keys of the ``[run]`` table (``scale=0.1``), validated
        like the file's own values.

    Raises
    ------
    ScenarioError : unknown keys, wrong types or values out of bounds, naming file and key.
    """
    path = resolve_path(name_or_path)
    raw = read_table(path)
    origin = str(path)
    run_table = {**raw.get("run", {}), **{k: v for k, v in run_overrides.items() if v is not None}}
    if run_overrides:
        origin_run = f"{origin} (with command-line overrides)"
    else:
        origin_run = origin
    calibration = read_calibration() if calibrated else None
    defaults = calibrated_defaults(calibration)
    sections = {
        name: build_section(
            cls,
            run_table if name == "run" else {**defaults.get(name, {}), **raw.get(name, {})},
            origin_run if name == "run" else origin,
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
