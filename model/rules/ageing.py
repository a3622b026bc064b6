"""Time passes: months in the city, in the current status, unemployed; age."""

from floatpop.model.migrants import Migrants

COUNTER_MAX = 32_000  # int16 counters saturate here, never wrap


def age(m: Migrants) -> None:
    """Make every row of `m` one month older (age, months in the city, months unemployed)."""
    m.months_in_city += m.months_in_city < COUNTER_MAX
    m.age_months += 1
    m.months_unemployed += ~m.employed & (m.months_unemployed < COUNTER_MAX)
