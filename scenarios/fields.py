"""`param`: a dataclass field that carries its unit, bounds, source and its range.

Validation (`scenarios.validate`), documentation (`floatpop scenarios show`),
calibration (the fields with a prior), full uncertainty (those with a spread) and
sensitivity analysis (the fields marked assumed, and those with a spread) read these
from the field metadata, so each is written once.
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
    spread: tuple[float, float] | None = None,
) -> Any:
    """Declare a parameter field.

    Parameters
    ----------
    default : Any
        The value used when no scenario file sets one.
    unit : str
        What the number counts or measures.
    source : str
        Where the value comes from; "assumed" where no source gives it.
    bounds : tuple of float, optional
        The values allowed (inclusive), for numbers.
    choices : tuple of str, optional
        The values allowed, for strings.
    prior : tuple of float, optional
        The plausible range that `floatpop calibrate` samples (uniform) and
        `floatpop sensitivity` varies, for the parameters calibration estimates.
    spread : tuple of float, optional
        The plausible range of a parameter no calibration can inform (the literature's),
        drawn uniformly per replication under full uncertainty and varied by
        `floatpop sensitivity`.

    Returns
    -------
    dataclasses.Field
        A field with `default`, carrying the rest in its metadata.

    Raises
    ------
    ValueError
        If `prior` or `spread` does not lie within `bounds`, or both are given.
    """
    if prior is not None and spread is not None:
        raise ValueError("a parameter is calibrated (prior) or drawn (spread), not both")
    for name, span in (("prior", prior), ("spread", spread)):
        if span is not None and bounds is not None:
            if not bounds[0] <= span[0] < span[1] <= bounds[1]:
                raise ValueError(f"{name} {span} must lie within the bounds {bounds}")
    return field(
        default=default,
        metadata={
            "unit": unit,
            "source": source,
            "bounds": bounds,
            "choices": choices,
            "prior": prior,
            "spread": spread,
        },
    )
