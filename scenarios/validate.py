"""Turn the raw TOML tables of a scenario into validated parameter dataclasses.

Every error names the file, the key and what is allowed, with a near-match suggestion
for misspelt keys.
"""

import difflib
from dataclasses import MISSING, fields
from typing import Any

from floatpop.scenarios.calendar import month_index
from floatpop.scenarios.errors import ScenarioError
from floatpop.scenarios.policies import REGISTRY

CENSUS_MONTHS = ("2010-11", "2020-11")


def unknown_key_message(origin: str, where: str, key: str, allowed: list[str]) -> str:
    """Return the error message for an unknown `key`, with a near match if there is one."""
    close = difflib.get_close_matches(key, allowed, n=1)
    hint = f"; did you mean '{close[0]}'?" if close else ""
    return f"{origin}: unknown key '{key}' in {where}{hint} (allowed: {', '.join(allowed)})"


def build_section(cls: type, table: Any, origin: str, section: str) -> Any:
    """Instantiate parameter class `cls` from a TOML table, checking keys, types and bounds.

    Missing keys take the field's default. `section` names the table in errors (a
    ``[run]`` section is also checked by `check_run`).

    Raises
    ------
    ScenarioError
        For a table that is not a table, an unknown key or a bad value, naming `origin`.
    """
    label = section if section.startswith("[") else f"[{section}]"
    if not isinstance(table, dict):
        raise ScenarioError(f"{origin}: {label} must be a table, got {table!r}")
    allowed = [f.name for f in fields(cls)]
    for key in table:
        if key not in allowed:
            raise ScenarioError(unknown_key_message(origin, label, key, allowed))
    values = {}
    for f in fields(cls):
        value = table.get(f.name, f.default if f.default is not MISSING else None)
        values[f.name] = check_value(value, f, origin, f"{label} {f.name}")
    if section == "run":
        check_run(values, origin)
    return cls(**values)


def describe(f) -> str:
    """Return what field `f` accepts: its type, choices, bounds and unit, for errors."""
    meta = f.metadata
    kind = {bool: "true or false", int: "an integer", float: "a number", str: "a string"}[f.type]
    if meta.get("choices"):
        kind = "one of " + ", ".join(repr(c) for c in meta["choices"])
    if meta.get("bounds"):
        lo, hi = meta["bounds"]
        kind += f" in [{lo}, {hi}]"
    return f"{kind} ({meta.get('unit', '')})"


def check_value(value: Any, f, origin: str, where: str) -> Any:
    """Return `value` checked against field `f`: type, choices and bounds.

    An integer is accepted for a float field and returned as a float; NaN is refused.

    Raises
    ------
    ScenarioError
        Naming `origin`, `where` and what is allowed (`describe`).
    """
    expected = f.type
    bad = ScenarioError(f"{origin}: {where} must be {describe(f)}, got {value!r}")
    if expected is bool:
        if not isinstance(value, bool):
            raise bad
        return value
    if expected is int:
        if isinstance(value, bool) or not isinstance(value, int):
            raise bad
    elif expected is float:
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise bad
        value = float(value)
    elif expected is str:
        if not isinstance(value, str):
            raise bad
        choices = f.metadata.get("choices")
        if choices and value not in choices:
            raise bad
        return value
    bounds = f.metadata.get("bounds")
    if bounds and not (bounds[0] <= value <= bounds[1]) or value != value:
        raise bad
    return value


def build_policies(tables, origin: str) -> tuple:
    """Return policy objects from the `[[policies]]` tables, each validated like a section.

    Raises
    ------
    ScenarioError
        For tables that are not a list, a table without a known ``kind``, a bad value or
        a start that is not a month.
    """
    if not isinstance(tables, list):
        raise ScenarioError(f"{origin}: 'policies' must be a list of [[policies]] tables")
    built = []
    for i, table in enumerate(tables):
        where = f"[[policies]] #{i + 1}"
        if not isinstance(table, dict) or "kind" not in table:
            raise ScenarioError(f"{origin}: {where} needs a 'kind' (one of {', '.join(REGISTRY)})")
        kind = table["kind"]
        if kind not in REGISTRY:
            raise ScenarioError(
                unknown_key_message(origin, f"{where} kind", str(kind), list(REGISTRY)).replace(
                    "unknown key", "unknown policy"
                )
            )
        rest = {k: v for k, v in table.items() if k != "kind"}
        policy = build_section(REGISTRY[kind], rest, origin, f"{where} ({kind})")
        try:
            month_index(policy.start)
        except ValueError:
            raise ScenarioError(
                f"{origin}: {where} ({kind}) start must be a month written "
                f"YYYY-MM, got {policy.start!r}"
            ) from None
        built.append(policy)
    return tuple(built)


def check_run(values: dict, origin: str) -> None:
    """Check the ``[run]`` months: both 'YYYY-MM', end after start, start a census month.

    Raises
    ------
    ScenarioError
        For a month that breaks any of these, naming `origin`.
    """
    for key in ("start", "end"):
        try:
            month_index(values[key])
        except ValueError:
            raise ScenarioError(
                f"{origin}: [run] {key} must be a month written YYYY-MM, got {values[key]!r}"
            ) from None
    if month_index(values["end"]) <= month_index(values["start"]):
        raise ScenarioError(
            f"{origin}: [run] end ({values['end']}) must come after start ({values['start']})"
        )
    if values["start"] not in CENSUS_MONTHS:
        raise ScenarioError(
            f"{origin}: [run] start must be a census month, where the initial population is "
            f"known: one of {', '.join(CENSUS_MONTHS)}; got {values['start']!r}"
        )
