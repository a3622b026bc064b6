"""Integer codes of the categorical migrant attributes, shared by every rule.

Codes are small ints so the columns of the migrant store stay compact (int8).
"""

from enum import IntEnum

from floatpop.scenarios.names import DISTRICTS, SECTORS

N_DISTRICTS = len(DISTRICTS)


class Tenure(IntEnum):
    """Housing tenure of a migrant household."""

    PRIVATE_RENTAL = 0
    INFORMAL_RENTAL = 1  # urban-village / shared rental; absorbs overflow at a crowding penalty
    DORMITORY = 2  # employer dormitory, work-site shed, production premises
    PUBLIC_RENTAL = 3
    OWNED = 4


N_TENURES = len(Tenure)
#: tenures whose capacity is a hard limit; informal rental can be over-filled (crowding)
HARD_CAPACITY = (Tenure.PRIVATE_RENTAL, Tenure.DORMITORY, Tenure.PUBLIC_RENTAL)


class Status(IntEnum):
    """Registration status; local hukou ends membership of the floating population."""

    UNREGISTERED = 0
    REGISTERED = 1  # residence registration (居住登记)
    PERMIT = 2  # residence permit (居住证)


class Education(IntEnum):
    """Highest completed education of a migrant."""

    NONE = 0
    PRIMARY = 1
    JUNIOR_HIGH = 2
    SENIOR_HIGH = 3  # includes secondary vocational (中专), the 2022 settlement route
    COLLEGE_PLUS = 4


class Origin(IntEnum):
    """Where a migrant comes from: elsewhere in Xinjiang, or another province."""

    WITHIN_XINJIANG = 0
    OTHER_PROVINCE = 1


N_SECTORS = len(SECTORS)


def status_code(name: str) -> Status:
    """Return the status of its lowercase name, as written in scenario files."""
    return Status[name.upper()]
