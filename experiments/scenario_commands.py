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
    """The resolved scenario: every parameter with its value, unit and source."""
    scenario = load(name_or_path)
    out = [f"# {scenario.name}  ({scenario.source})", scenario.description.strip(), ""]
    for section in SECTIONS:
        values = getattr(scenario, section)
        out.append(f"[{section}]")
        for f in fields(values):
            meta = f.metadata
            out.append(
                f"  {f.name} = {getattr(values, f.name)!r}  [{meta.get('unit', '')}]"
                f"  -- {meta.get('source', '')}"
            )
        out.append("")
    return "\n".join(out)


def validate_text(path: str) -> str:
    scenario = load(path)
    return f"{path}: valid scenario '{scenario.name}'"
