"""Numbers written for people: persons rounded, shares as percentages, yuan with units.

The report and the app print through these, so a value reads the same in both. The
unit is an outcome's declared unit (`model.outcomes.OUTCOMES`).
"""

import math

SHARE_UNITS = ("share", "share of school-age children", "share of income")


def is_share(unit: str) -> bool:
    """Return whether `unit` is a share (printed as a percentage)."""
    return unit in SHARE_UNITS


def is_persons(unit: str) -> bool:
    """Return whether `unit` counts persons (a stock or a monthly flow)."""
    return unit.startswith("persons")


def is_yuan(unit: str) -> bool:
    """Return whether `unit` is money (yuan)."""
    return unit.startswith("yuan")


def round_persons(value: float) -> int:
    """Return `value` rounded for reading: 3 significant figures, at least to the unit.

    An agent stands for 1/scale persons, so the digits past the third are noise.
    """
    if value == 0:
        return 0
    digits = 3 - 1 - int(math.floor(math.log10(abs(value))))
    return int(round(value, min(digits, 0)))


def yuan(value: float) -> str:
    """Return an amount of yuan as '3.16 bn yuan', '880 M yuan', '12,400 yuan'."""
    if not math.isfinite(value):
        return "n/a"
    magnitude = abs(value)
    if magnitude >= 1e9:
        return f"{value / 1e9:,.3g} bn yuan" if magnitude < 1e12 else f"{value / 1e9:,.0f} bn yuan"
    if magnitude >= 1e6:
        return f"{value / 1e6:.3g} M yuan"
    return f"{round_persons(value):,} yuan"


def level(value: float, unit: str) -> str:
    """Return a level of an outcome: '1,740,000', '40.9%', '0.412', '3.16 bn yuan'."""
    if not math.isfinite(value):
        return "n/a"
    if is_persons(unit):
        return f"{round_persons(value):,}"
    if is_share(unit):
        return f"{100 * value:.1f}%"
    if is_yuan(unit):
        return yuan(value)
    return f"{value:.3g}" if abs(value) >= 1 else f"{value:.3f}"


def change(value: float, unit: str) -> str:
    """Return a change of an outcome, signed: '+198,000', '-1.6 pp', '+0.115'.

    A change of a share is in percentage points (pp).
    """
    if not math.isfinite(value):
        return "n/a"
    magnitude = abs(value)
    text = f"{100 * magnitude:.1f} pp" if is_share(unit) else level(magnitude, unit)
    if not any(c in "123456789" for c in text):  # rounds to zero: no sign to show
        return text
    return ("+" if value > 0 else "-") + text


def interval(low: float, high: float, unit: str) -> str:
    """Return a 90% interval of a change: '[+66,000, +591,000]'."""
    return f"[{change(low, unit)}, {change(high, unit)}]"


def per_unit(value: float, unit: str) -> str:
    """Return yuan per unit of an outcome: per person, per percentage point, per 0.01."""
    if not math.isfinite(value):
        return "n/a"
    if is_share(unit):
        return f"{yuan(value / 100)} per pp"
    if is_persons(unit):
        return f"{yuan(value)} per person"
    return f"{yuan(value / 100)} per 0.01"


def as_written(value: float) -> str:
    """Return a parameter's value as written: '0.15', '2.5', '3,000,000'."""
    return f"{value:,.0f}" if abs(value) >= 1000 else f"{value:g}"


def share(value: float) -> str:
    """Return a proportion as a percentage: 0.97 as '97%'."""
    return "n/a" if not math.isfinite(value) else f"{100 * value:.0f}%"
