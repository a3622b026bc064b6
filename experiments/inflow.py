"""The default arrival path of a run: the data-derived trend of `forecasting`, with the
exit rate measured on a short probe run of the model itself."""

from dataclasses import replace

import numpy as np

from forecasting import baseline_inflow
from model import MigrationModel
from model.calendar import month_index, month_label, months_between
from scenarios import Scenario

PROBE_MONTHS = 48
WARM_UP_MONTHS = 12  # newcomers' high early exit rate needs time to reach its share
PROBE_SCALE = 0.002  # about 2,500 agents: enough for a rate, and fast


def measured_exit_rate(scenario: Scenario, seed: int = 0) -> float:
    """Monthly (departures + hukou settlements) / stock over years 2-4 of a probe run
    whose arrivals replace departures at the base hazard."""
    run = replace(
        scenario.run,
        scale=min(scenario.run.scale, PROBE_SCALE),
        end=month_label(month_index(scenario.run.start) + PROBE_MONTHS),
    )
    probe_scenario = replace(scenario, run=run)
    stock_0 = scenario.city.initial(run.start).stock[run.initial_stock]
    inflow = np.full(PROBE_MONTHS, stock_0 * scenario.departures.base_hazard)
    probe = MigrationModel(probe_scenario, inflow, seed=seed)
    probe.run()
    city = np.stack(probe.records)[:, :, -1]  # [month, outcome], month 0 = start
    names = list(probe.outcome_names)
    exits = city[:, names.index("departures")] + city[:, names.index("hukou_settlements")]
    stock = city[:, names.index("floating_stock")]
    after = slice(WARM_UP_MONTHS + 1, None)
    return float(exits[after].sum() / stock[WARM_UP_MONTHS:-1].sum())


def default_inflow(scenario: Scenario, seed: int = 0) -> np.ndarray:
    """Monthly gross arrivals (persons) for the whole run of `scenario`."""
    n_months = months_between(scenario.run.start, scenario.run.end)
    return baseline_inflow(scenario, n_months, measured_exit_rate(scenario, seed))
