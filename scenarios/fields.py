"""`param`: a dataclass field that carries its unit, bounds and source.

Validation (`scenarios.validate`) and documentation (`floatpop scenarios show`) read
these from the field metadata, so each default, unit and bound is written once.
"""

from dataclasses import field
from typing import Any


def param(
    default: Any,
    unit: str,
    source: str,
    *,
    bounds: tuple[float, float] | None = None,
    choices: tuple[str, ...] | None = None,
) -> Any:
    """A parameter field: `default`, its `unit`, where the value comes from, its bounds."""
    return field(
        default=default,
        metadata={"unit": unit, "source": source, "bounds": bounds, "choices": choices},
    )
