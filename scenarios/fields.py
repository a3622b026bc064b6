"""`param`: a dataclass field that carries its unit, bounds, source and prior.

Validation (`scenarios.validate`), documentation (`floatpop scenarios show`),
calibration (the fields with a prior) and sensitivity analysis (the fields marked
assumed) read these from the field metadata, so each is written once.
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
    prior: tuple[float, float] | None = None,
) -> Any:
    """Declare a parameter field.

    Parameters
    ----------
    default : the value used when no scenario file sets one.
    unit : what the number counts or measures.
    source : where the value comes from; "assumed" where no source gives it.
    bounds : the values allowed (inclusive), for numbers.
    choices : the values allowed, for strings.
    prior : the plausible range that `floatpop calibrate` samples (uniform) and
        `floatpop sensitivity` varies, for the parameters calibration estimates.
    """
    if prior is not None and bounds is not None:
        if not bounds[0] <= prior[0] < prior[1] <= bounds[1]:
            raise ValueError(f"prior {prior} must lie within the bounds {bounds}")
    return field(
        default=default,
        metadata={
            "unit": unit,
            "source": source,
            "bounds": bounds,
            "choices": choices,
            "prior": prior,
        },
    )
