"""The rental market: rents that clear toward a level, and supply that answers them.

Two tenures have a market of their own in each district: private rental and informal
(urban-village or shared) rental. Every month, for each of them:

- the clearing rent is r* = r0 x I^e_I x (occupied / (target x capacity))^eta, with r0
  the start rent, I the real wage index (`CityState.wage_index`) and e_I the income
  elasticity of rent; the rent moves a share `rent_adjustment_per_month` of the way
  there, in logs, so a lasting excess raises the level once and never compounds;
- capacity moves a share 1 / `supply_lag_months` of the way toward its own target,
  the trend stock (built, less demolished) x (r / (r0 x I^e_I))^`supply_elasticity`.

Dormitory, public and owned housing are priced off the district's private rent by
their `rent_ratio_*`, so their rents move with the market. At occupancy equal to the
target and a constant wage index, rents and capacities stay where they are.
"""

import numpy as np

from floatpop.model.codes import Tenure
from floatpop.scenarios import Scenario

#: the tenures with a market rent of their own, in the order of their columns
MARKET = (Tenure.PRIVATE_RENTAL, Tenure.INFORMAL_RENTAL)
#: the tenures priced off the private rent: (tenure, name of its rent_ratio_* parameter)
PRICED_OFF_PRIVATE = (
    (Tenure.DORMITORY, "rent_ratio_dormitory"),
    (Tenure.PUBLIC_RENTAL, "rent_ratio_public"),
    (Tenure.OWNED, "rent_ratio_owned"),
)


def reference_rent(base_rent: np.ndarray, wage_index: float, scenario: Scenario) -> np.ndarray:
    """Return the rent at target occupancy: the start rent carried by real incomes."""
    return base_rent * wage_index**scenario.housing.rent_income_elasticity


def clearing_rent(
    occupied: np.ndarray, capacity: np.ndarray, reference: np.ndarray, scenario: Scenario
) -> np.ndarray:
    """Return the rent that clears the market, by the arrays' shape (yuan/month).

    It is reference x (occupied / (target x capacity))^eta, the occupancy ratio held
    within [1/c, c], c = `occupancy_ratio_cap`; without capacity the ratio is 1.
    """
    h = scenario.housing
    ratio = np.divide(
        occupied,
        h.target_occupancy * capacity,
        out=np.ones_like(reference),
        where=capacity > 0,
    )
    cap = h.occupancy_ratio_cap
    return reference * np.clip(ratio, 1 / cap, cap) ** h.rent_elasticity


def adjust_rent(rent: np.ndarray, clearing: np.ndarray, scenario: Scenario) -> np.ndarray:
    """Return this month's rent: a share `rent_adjustment_per_month` of the way, in logs."""
    share = scenario.housing.rent_adjustment_per_month
    return rent * (clearing / rent) ** share


def supply_target(
    trend: np.ndarray, rent: np.ndarray, reference: np.ndarray, scenario: Scenario
) -> np.ndarray:
    """Return the capacity the market would build to: trend x (rent / reference)^elasticity."""
    return trend * (rent / reference) ** scenario.housing.supply_elasticity


def adjust_capacity(capacity: np.ndarray, target: np.ndarray, scenario: Scenario) -> np.ndarray:
    """Return this month's capacity: 1 / `supply_lag_months` of the way to its target."""
    return capacity + (target - capacity) / scenario.housing.supply_lag_months


def price_off_private(rent: np.ndarray, scenario: Scenario) -> None:
    """Set the rents of dormitory, public and owned housing from the private rent, in place."""
    for tenure, ratio in PRICED_OFF_PRIVATE:
        rent[:, tenure] = getattr(scenario.housing, ratio) * rent[:, Tenure.PRIVATE_RENTAL]
