"""Month arithmetic on 'YYYY-MM' labels."""

import re

MONTH = re.compile(r"^(\d{4})-(\d{2})$")


def month_index(label: str) -> int:
    """Return the months since year 0 of a 'YYYY-MM' label (ValueError when malformed)."""
    match = MONTH.match(label)
    if not match or not 1 <= int(match.group(2)) <= 12:
        raise ValueError(f"not a month written YYYY-MM: {label!r}")
    return int(match.group(1)) * 12 + int(match.group(2)) - 1


def month_label(index: int) -> str:
    """Return the 'YYYY-MM' label of `index` months since year 0 (`month_index` undone)."""
    return f"{index // 12:04d}-{index % 12 + 1:02d}"


def months_between(start: str, end: str) -> int:
    """Return the months from `start` to `end` ('YYYY-MM' labels; negative if end is earlier)."""
    return month_index(end) - month_index(start)
