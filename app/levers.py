"""A scenario's levers as the app shows them: one input per field of the policies it adds.

Each lever is a field of a policy that the scenario adds to its reference, with the
input's range taken from the field's declared bounds (`scenarios.fields.param`), so the
page offers what a scenario file accepts. Values set on the page or on the command
line are checked like a scenario file's (`scenarios.validate.check_value`).
"""

from dataclasses import dataclass, fields, replace

from floatpop.scenarios.errors import ScenarioError
from floatpop.scenarios.policies import REGISTRY, Policy
from floatpop.scenarios.scenario import Scenario
from floatpop.scenarios.validate import check_value

#: policy fields that are not levers: when and how it is described
NOT_LEVERS = ("start", "description")
#: steps across a float lever's bounds
STEPS = 100


@dataclass(frozen=True)
class Lever:
    """One input on the page: a policy field, its value, and what it accepts."""

    kind: str  # the policy's kind
    name: str  # the field
    value: object
    type: type  # bool, int, float or str
    bounds: tuple[float, float] | None
    choices: tuple[str, ...] | None
    unit: str
    source: str

    @property
    def key(self) -> str:
        """Return the input's name: ``kind__field`` (a keyword of `PairedCity`)."""
        return f"{self.kind}__{self.name}"

    @property
    def label(self) -> str:
        """Return the input's label: 'hukou_reform: min insured months (months)'."""
        return f"{self.kind}: {self.name.replace('_', ' ')} ({self.unit})"


def added_policies(scenario: Scenario, reference: Scenario) -> tuple[Policy, ...]:
    """Return the policies `scenario` has that `reference` does not."""
    return tuple(p for p in scenario.policies if p not in reference.policies)


def scenario_levers(scenario: Scenario, reference: Scenario) -> tuple[Lever, ...]:
    """Return the levers of the policies `scenario` adds to `reference`.

    Numbers with declared bounds, switches and choices; the start month and the
    description are not levers.
    """
    levers = []
    for policy in added_policies(scenario, reference):
        for f in fields(policy):
            meta = f.metadata
            if f.name in NOT_LEVERS:
                continue
            numeric = f.type in (int, float) and meta.get("bounds") is not None
            if numeric or f.type is bool or meta.get("choices"):
                levers.append(
                    Lever(
                        policy.kind,
                        f.name,
                        getattr(policy, f.name),
                        f.type,
                        meta.get("bounds"),
                        meta.get("choices"),
                        meta.get("unit", ""),
                        meta.get("source", ""),
                    )
                )
    return tuple(levers)


def with_levers(scenario: Scenario, reference: Scenario, values: dict, origin: str) -> Scenario:
    """Return `scenario` with lever values (by `Lever.key`) set in the policies it adds.

    Raises
    ------
    ScenarioError
        One line naming `origin`, the lever and what it accepts: for a key that is no
        lever of the scenario, or a value of the wrong type or out of bounds.
    """
    known = {lever.key: lever for lever in scenario_levers(scenario, reference)}
    changes: dict[str, dict] = {}
    for key, value in values.items():
        if key not in known:
            allowed = ", ".join(k.replace("__", ".") for k in known) or "none"
            raise ScenarioError(
                f"{origin}: {key.replace('__', '.')} is no lever of {scenario.name} "
                f"(its levers: {allowed})"
            )
        lever = known[key]
        f = next(f for f in fields(REGISTRY[lever.kind]) if f.name == lever.name)
        checked = check_value(value, f, origin, f"lever {lever.kind}.{lever.name}")
        changes.setdefault(lever.kind, {})[lever.name] = checked
    added = added_policies(scenario, reference)
    policies = tuple(
        replace(p, **changes.get(p.kind, {})) if p in added else p for p in scenario.policies
    )
    return replace(scenario, policies=policies)


def parse_setting(text: str, origin: str) -> tuple[str, object]:
    """Return ``("kind__field", value)`` from ``kind.field=value`` (the CLI's ``--set``).

    The value is read as true/false, an integer, a number, or else kept as text.

    Raises
    ------
    ScenarioError
        If the text is not ``kind.field=value``.
    """
    name, sep, raw = text.partition("=")
    kind, dot, field_name = name.strip().partition(".")
    if not sep or not dot or not kind or not field_name:
        raise ScenarioError(f"{origin}: a lever is set as kind.field=value, got {text!r}")
    raw = raw.strip()
    value: object = raw
    if raw.lower() in ("true", "false"):
        value = raw.lower() == "true"
    else:
        for cast in (int, float):
            try:
                value = cast(raw)
                break
            except ValueError:
                continue
    return f"{kind}__{field_name}", value


def slider(lever: Lever) -> dict:
    """Return the lever as a Mesa SolaraViz user input (a slider, checkbox or select)."""
    if lever.type is bool:
        return {"type": "Checkbox", "value": lever.value, "label": lever.label}
    if lever.choices:
        return {
            "type": "Select",
            "value": lever.value,
            "values": list(lever.choices),
            "label": lever.label,
        }
    low, high = lever.bounds
    if lever.type is int:
        high = int(high)
        return {
            "type": "SliderInt",
            "value": int(lever.value),
            "min": int(low),
            "max": high,
            "step": max(1, (high - int(low)) // STEPS),
            "label": lever.label,
        }
    return {
        "type": "SliderFloat",
        "value": float(lever.value),
        "min": float(low),
        "max": float(high),
        "step": (float(high) - float(low)) / STEPS,
        "label": lever.label,
    }
