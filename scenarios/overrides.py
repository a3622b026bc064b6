"""Parameter overrides by keyword: `load("baseline", scale=0.01, p_job_loss=0.02)`.

A key names a parameter as ``section.name``, ``section__name`` (a Python keyword can
hold no dot), or plain ``name`` where only one section has it. The four ``[run]`` keys
(start, end, scale, initial_stock) are plain names too.
"""

import difflib
from dataclasses import asdict, fields, replace

from floatpop.scenarios.errors import ScenarioError
from floatpop.scenarios.scenario import SECTIONS, Scenario
from floatpop.scenarios.validate import build_section


def owners() -> dict[str, list[str]]:
    """Return, for each parameter name, the sections that have a parameter of that name."""
    found: dict[str, list[str]] = {}
    for section, cls in SECTIONS.items():
        for f in fields(cls):
            found.setdefault(f.name, []).append(section)
    return found


def split_overrides(overrides: dict, origin: str) -> dict[str, dict]:
    """Return {section: {name: value}} from override keys; None values are left out.

    Raises
    ------
    ScenarioError
        For a key naming no parameter, or a plain name several sections have.
    """
    by_name = owners()
    qualified = [f"{s}.{n}" for n, sections in by_name.items() for s in sections]
    split: dict[str, dict] = {}
    for key, value in overrides.items():
        if value is None:
            continue
        section, _, name = key.replace("__", ".").rpartition(".")
        if section:
            if section not in SECTIONS or name not in by_name or section not in by_name[name]:
                close = difflib.get_close_matches(key.replace("__", "."), qualified, n=1)
                hint = f"; did you mean '{close[0]}'?" if close else ""
                raise ScenarioError(
                    f"{origin}: no parameter '{key}'{hint} (write section.name, as "
                    "`floatpop scenarios show` lists them)"
                )
        else:
            sections = by_name.get(name, [])
            if len(sections) != 1:
                if sections:
                    options = ", ".join(f"{s}.{name}" for s in sections)
                    raise ScenarioError(
                        f"{origin}: '{name}' is a parameter of several sections; write one "
                        f"of {options} (or {sections[0]}__{name} as a keyword)"
                    )
                close = difflib.get_close_matches(name, list(by_name), n=1)
                hint = f"; did you mean '{close[0]}'?" if close else ""
                raise ScenarioError(
                    f"{origin}: no parameter '{name}'{hint} (see `floatpop scenarios show`)"
                )
            section = sections[0]
        split.setdefault(section, {})[name] = value
    return split


def with_overrides(scenario: Scenario, **overrides) -> Scenario:
    """Return `scenario` with the parameters named in `overrides` replaced.

    Each is validated like a scenario file's value; None values are left alone.
    """
    origin = f"{scenario.source or scenario.name} (with overrides)"
    changes = {
        section: build_section(
            SECTIONS[section], {**asdict(getattr(scenario, section)), **values}, origin, section
        )
        for section, values in split_overrides(overrides, origin).items()
    }
    return replace(scenario, **changes) if changes else scenario
