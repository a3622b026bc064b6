"""The observed history: resident, registered and floating counts, with sources.

It also gives the floating-stock observations derived from them for the fusion model.

Between censuses, the year-end resident estimates are the last census plus the change
on the police registers (the bulletins: 據第六次人口普查和公安人口年報資料測算). The
hukou register is complete, but the temporary-resident register holds only a share
kappa of the floating population, so an estimate is a biased measurement:

    E_t = C_c + (R_t - R_c) + kappa (F_t - F_c),

with C_c, R_c, F_c the residents, registered and floating at census c, and R_t, F_t at
year-end t. Read backwards, each estimate is an observation of the floating stock,
F_t = F_c + (E_t - C_c - (R_t - R_c)) / kappa. Kappa is learnt from the evidence
(`register_coverage`): the 2001 register against the 2000 census, and (only for a
history that may know the 2020 census) the 2019 estimate against the 2020 census.
"""

from dataclasses import dataclass

import numpy as np
import pandas as pd

from floatpop.scenarios.dataset import read
from floatpop.scenarios.derive import (
    CENSUS_FRACTION,
    RELIABILITY_SD,
    census_anchor,
    registered_at,
)

#: extra log sd for a proxy of another definition (old boundaries; non-hukou residents)
DEFINITION_SD = 0.10


def observations() -> pd.DataFrame:
    """Return the tidy observed series: year, series, value, definition, source, reliability."""
    resident = read("resident_series").assign(series="resident", value=lambda t: t.resident)
    registered = (
        read("registered_population")
        .query("unit == 'all'")
        .assign(series="registered", value=lambda t: t.registered, definition="police_register")
    )
    floating = (
        read("floating_counts")
        .query("unit == 'all'")
        .assign(series="floating", value=lambda t: t.floating)
    )
    columns = ["year", "series", "value", "definition", "source", "reliability"]
    return pd.concat([t[columns] for t in (resident, registered, floating)], ignore_index=True)


@dataclass(frozen=True)
class Coverage:
    """The share of the floating population the registers hold, with its evidence."""

    kappa: float
    sd_log: float
    evidence: tuple[str, ...]


def estimate_at_census(year: int) -> float:
    """Return the year-end estimates carried to the census of `year` (Nov), persons.

    The last estimate before it, grown for the census's ten months at its last yearly
    growth.
    """
    r = read("resident_series").query("definition == 'year_end_estimate' and year < @year")
    last, previous = r.sort_values("year").iloc[-1], r.sort_values("year").iloc[-2]
    growth = last.resident / previous.resident
    return float(last.resident * growth ** (year - 1 - last.year + CENSUS_FRACTION))


def register_coverage(before: int | None = None) -> Coverage:
    """Return kappa, the share of the floating stock on the registers, from the evidence.

    - 2001: the registered floating count (426,000) over the 2000 census floating
      population (774,000, old boundaries); its log sd joins both sources' and the
      definition's.
    - 2020 (only when `before` allows the 2020 census): the estimates' miss of the
      census, 1 - (C_2020 - E_2020) / (F_2020 - F_2010), with E_2020 the estimates
      carried to the census month; log sd `DERIVED`, assumed.

    Several pieces of evidence are pooled on the log scale, by precision.
    """
    counts = read("floating_counts").query("unit == 'all'")
    census_2000 = counts.query("year == 2000 and definition == 'census_floating'").iloc[0]
    register_2001 = counts.query("year == 2001 and definition == 'registered_floating'").iloc[0]
    logs = [np.log(register_2001.floating / census_2000.floating)]
    sds = [
        np.sqrt(
            RELIABILITY_SD[register_2001.reliability] ** 2
            + RELIABILITY_SD[census_2000.reliability] ** 2
            + DEFINITION_SD**2
        )
    ]
    evidence = ["2001 register / 2000 census"]
    if before is None or before > 2020:
        c2020, _, f2020 = census_anchor(2020, before)
        _, _, f2010 = census_anchor(2010, before)
        kappa_decade = 1 - (c2020 - estimate_at_census(2020)) / (f2020 - f2010)
        logs.append(np.log(kappa_decade))
        sds.append(RELIABILITY_SD["derived"])
        evidence.append("2011-2019 estimates / 2020 census")
    weights = 1 / np.square(sds)
    mean = float(np.sum(weights * np.array(logs)) / weights.sum())
    return Coverage(float(np.exp(mean)), float(1 / np.sqrt(weights.sum())), tuple(evidence))


def floating_observations(before: int | None = None) -> pd.DataFrame:
    """Return log-scale observations of the floating stock: year, value, sd_log, kind, source.

    With `before` (a year), only what was known before that year: later observations
    are dropped and the register coverage is learnt from earlier evidence only (for
    hindcasts).

    - direct counts: 2000 (census 外来流动人口, old boundaries: + definition sd) and 2010
      (about 850,000); the 2001 registered count is left out, as it counts only the
      registered part of the floating population (it informs the coverage instead);
    - the 2020 census proxy: residents - registered - university students;
    - each year-end estimate, read through the register account (module docstring)
      from the census before it; its log sd joins that of the resident figure and
      that of kappa, carried through.
    """
    floating = read("floating_counts").query("unit == 'all'")
    rows = []
    for year, definition, extra in (
        (2000, "census_floating", DEFINITION_SD),
        (2010, "approximate_migrant_population", 0.0),
    ):
        row = floating[(floating.year == year) & (floating.definition == definition)].iloc[0]
        sd = np.hypot(RELIABILITY_SD[row.reliability], extra)
        rows.append((year, float(row.floating), sd, "count", row.source, row.reliability))
    r = read("resident_series")
    row_2020 = r.query("year == 2020 and definition == 'census'").iloc[0]
    rows.append(
        (
            2020,
            census_anchor(2020, before)[2],
            RELIABILITY_SD[row_2020.reliability],
            "census_proxy",
            row_2020.source,
            row_2020.reliability,
        )
    )
    coverage = register_coverage(before)
    for row in r.query("definition == 'year_end_estimate'").itertuples():
        anchor = 2010 if row.year < 2020 else 2020
        resident_c, registered_c, floating_c = census_anchor(anchor, before)
        registered_t = registered_at(row.year + 1, before)
        on_registers = row.resident - resident_c - (registered_t - registered_c)
        value = floating_c + on_registers / coverage.kappa
        # d log F / d log kappa = -(on_registers / kappa) / F
        sd_kappa = abs(on_registers / coverage.kappa / value) * coverage.sd_log
        sd = np.hypot(RELIABILITY_SD[row.reliability], sd_kappa)
        rows.append((int(row.year), value, sd, "register_estimate", row.source, row.reliability))
    frame = pd.DataFrame(rows, columns=["year", "value", "sd_log", "kind", "source", "reliability"])
    frame = frame.sort_values("year", kind="stable").reset_index(drop=True)
    return frame if before is None else frame[frame.year < before].reset_index(drop=True)
