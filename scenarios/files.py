"""Scenario files: where they are, and their raw TOML with `extends` resolved.

Reading a file needs nothing but the standard library, so listing the shipped
scenarios (`floatpop scenarios list`) is quick; `scenarios.load` validates them.
"""

import tomllib
from pathlib import Path

from floatpop.scenarios.errors import ScenarioError
from floatpop.scenarios.validate import unknown_key_message

SCENARIO_DIR = Path(__file__).parent
#: sections of a scenario file besides those of the parameters (scenario.SECTIONS)
HEADER_KEYS = ("name", "description", "extends", "policies")


def list_scenarios() -> list[str]:
    """Return the names of the scenario files shipped with the package."""
    return sorted(p.stem for p in SCENARIO_DIR.glob("*.toml"))


def resolve_path(name_or_path: str | Path) -> Path:
    """Return the file of a shipped scenario name, or the given path (which must exist).

    Raises
    ------
    ScenarioError
        For a path that is not a file, or a name no shipped scenario has.
    """
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


def read_toml(path: Path, allowed: tuple[str, ...] | None, where: str = "the top level") -> dict:
    """Return a TOML file's tables, with only `allowed` top-level keys (None allows any).

    Raises
    ------
    ScenarioError
        For a file that is not valid TOML, or a top-level key not in `allowed` (naming
        `where` it is).
    """
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as err:
        raise ScenarioError(f"{path}: not valid TOML ({err})") from None
    for key in raw:
        if allowed is not None and key not in allowed:
            raise ScenarioError(unknown_key_message(str(path), where, key, list(allowed)))
    return raw


def read_table(path: Path, allowed: tuple[str, ...] | None, chain: tuple[Path, ...] = ()) -> dict:
    """Return the raw TOML of `path`, with the scenario it extends merged beneath it.

    `allowed` are the top-level keys a scenario file may have (None: any); `chain` holds
    the files already on the way, to catch a cycle of ``extends``. Tables merge key by
    key, and a scenario's policies add to those of its parent.

    Raises
    ------
    ScenarioError
        For a cycle of ``extends``, an ``extends`` that names no scenario, or any error of
        `read_toml`.
    """
    if path.resolve() in chain:
        raise ScenarioError(f"{path}: 'extends' makes a cycle through {chain[-1].name}")
    raw = read_toml(path, allowed)
    parent_name = raw.pop("extends", None)
    if parent_name is None:
        return raw
    if not isinstance(parent_name, str):
        raise ScenarioError(f"{path}: 'extends' must name a scenario, got {parent_name!r}")
    parent_path = (path.parent / parent_name).with_suffix(".toml")
    if not parent_path.is_file():
        parent_path = resolve_path(parent_name)
    merged = read_table(parent_path, allowed, (*chain, path.resolve()))
    for key, value in raw.items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = {**merged[key], **value}
        elif key == "policies":  # a scenario's policies add to those of its parent
            merged[key] = [*merged.get(key, []), *value]
        else:
            merged[key] = value
    return merged


def first_sentence(text: str) -> str:
    """Return the first sentence of a description (up to a colon or a full stop)."""
    joined = " ".join(text.split())
    return joined.split(": ")[0].split(". ")[0].rstrip(".")


def list_text() -> str:
    """Return one line per shipped scenario: its name and the first sentence of its description.

    The lines are read from the files alone; `scenarios.load` validates them.
    """
    rows = []
    for name in list_scenarios():
        raw = read_table(resolve_path(name), None)
        rows.append(f"{name:24s} {first_sentence(str(raw.get('description', '')))}")
    return "\n".join(rows)
