"""`floatpop scenarios show NAME | validate FILE`.

A resolved scenario, every parameter with its value, unit and source
(`scenarios.files.list_text` lists them).
"""

from dataclasses import fields

from floatpop.scenarios.calibrated import read_calibration
from floatpop.scenarios.loading import load
from floatpop.scenarios.scenario import SECTIONS


def show_text(name_or_path: str) -> str:
    """Return the resolved scenario: every parameter and policy with its value, unit and source."""
    scenario = load(name_or_path)
    out = [f"# {scenario.name}  ({scenario.source})", scenario.description.strip(), ""]
    calibration = read_calibration()
    if calibration is not None:
        out += [f"calibrated defaults: {calibration.path}", ""]
    for section in SECTIONS:
        out.append(f"[{section}]")
        calibrated = (
            (lambda name, s=section: calibration.describe(s, name)) if calibration else None
        )
        out.extend(parameter_lines(getattr(scenario, section), calibrated=calibrated))
        out.append("")
    for policy in scenario.policies:
        summary = policy.description or (policy.__doc__ or "").strip().splitlines()[0]
        out.append(f"[[policies]] {policy.kind}: {summary}")
        out.extend(parameter_lines(policy, skip=("description",)))
        out.append("")
    return "\n".join(out)


def parameter_lines(values, skip: tuple[str, ...] = (), calibrated=None) -> list[str]:
    """Return one line per field: name = value [unit] -- source.

    The source is preceded by the calibration that set the field's default, when
    `calibrated(name)` describes one; fields in `skip` are left out.
    """
    lines = []
    for f in fields(values):
        if f.name in skip:
            continue
        source = f.metadata.get("source", "")
        provenance = calibrated(f.name) if calibrated else ""
        if provenance:
            source = f"{provenance}; {source}"
        lines.append(
            f"  {f.name} = {getattr(values, f.name)!r}  [{f.metadata.get('unit', '')}]  -- {source}"
        )
    return lines


def validate_text(path: str) -> str:
    """Load the scenario file `path` (raising on any error) and return a line saying it is valid."""
    scenario = load(path)
    return f"{path}: valid scenario '{scenario.name}'"
