"""`floatpop scenarios list | show NAME | validate FILE`."""

from dataclasses import fields

from scenarios import list_scenarios, load
from scenarios.scenario import SECTIONS


def first_sentence(text: str) -> str:
    joined = " ".join(text.split())
    return joined.split(": ")[0].split(". ")[0].rstrip(".")


def list_text() -> str:
    rows = []
    for name in list_scenarios():
        scenario = load(name)
        rows.append(f"{name:24s} {first_sentence(scenario.description)}")
    return "\n".join(rows)


def show_text(name_or_path: str) -> str:
    """The resolved scenario: every parameter and policy with its value, unit and source."""
    scenario = load(name_or_path)
    out = [f"# {scenario.name}  ({scenario.source})", scenario.description.strip(), ""]
    for section in SECTIONS:
        out.append(f"[{section}]")
        out.extend(parameter_lines(getattr(scenario, section)))
        out.append("")
    for policy in scenario.policies:
        out.append(f"[[policies]] {policy.kind}: {policy.description or policy.__doc__}")
        out.extend(parameter_lines(policy, skip=("description",)))
        out.append("")
    return "\n".join(out)


def parameter_lines(values, skip: tuple[str, ...] = ()) -> list[str]:
    """One line per field: name = value [unit] -- source."""
    return [
        f"  {f.name} = {getattr(values, f.name)!r}  [{f.metadata.get('unit', '')}]"
        f"  -- {f.metadata.get('source', '')}"
        for f in fields(values)
        if f.name not in skip
    ]


def validate_text(path: str) -> str:
    scenario = load(path)
    return f"{path}: valid scenario '{scenario.name}'"
