"""Time passes: months in the city, in the current status, unemployed; ages; school age.

Each household's accompanying children are counted by `children` (persons, who stay
persons of the household at any age) and dated by the eldest's age, a younger sibling
`sibling_gap_years` behind. A child is of compulsory-school age from
`school_entry_age_years` for `compulsory_school_years`; `school_children` counts them,
so children enter and leave school age as they grow, and a school place is given up
when its child leaves school age.
"""

import numpy as np

from floatpop.model.migrants import Migrants
from floatpop.scenarios import Scenario

COUNTER_MAX = 32_000  # int16 counters saturate here, never wrap


def school_children(
    children: np.ndarray, eldest_age_months: np.ndarray, scenario: Scenario
) -> np.ndarray:
    """Return how many of each household's children are of compulsory-school age (int8)."""
    a = scenario.arrivals
    entry = 12 * a.school_entry_age_years
    leave = entry + 12 * a.compulsory_school_years
    gap = 12 * a.sibling_gap_years
    eldest = (children >= 1) & (eldest_age_months >= entry) & (eldest_age_months < leave)
    younger_age = eldest_age_months - gap
    younger = (children >= 2) & (younger_age >= entry) & (younger_age < leave)
    return (eldest.view(np.int8) + younger.view(np.int8)).astype(np.int8)


def age(m: Migrants, scenario: Scenario) -> None:
    """Make every row of `m` one month older, children too.

    Ages, months in the city and months unemployed advance; children who leave school
    age give up their places.
    """
    m.months_in_city += m.months_in_city < COUNTER_MAX
    m.age_months += 1
    m.months_unemployed += ~m.employed & (m.months_unemployed < COUNTER_MAX)
    families = np.flatnonzero(m.children > 0)  # a minority: age only their rows
    age = np.minimum(m.child_age_months[families] + 1, COUNTER_MAX).astype(np.int16)
    school = school_children(m.children[families], age, scenario)
    m.set("child_age_months", age, families)
    m.set("school_children", school, families)
    m.set("children_enrolled", np.minimum(m.children_enrolled[families], school), families)
