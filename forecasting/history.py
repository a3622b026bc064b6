"""The observed history: resident, registered and floating counts, with sources.

It also gives the floating-stock observations derived from them for the fusion model.

Inter-census year-end estimates undercount: the 2019 estimate (3,552,000) was about
0.5 million below the 2020 census (4,054,369). Observations that rest on such an
estimate are rebased by a factor growing linearly from 1 at the 2010 census to the
census / extrapolated-estimate ratio at the 2020 census.
"""

import numpy as np
import pandas as pd

from floatpop.scenarios.dataset import read

#: standard deviation of a log observation, by reliability code (assumed)
RELIABILITY_SD = {
    "A": 0.03,
    "A/B": 0.05,
    "B": 0.08,
    "A/C": 0.12,
    "B/C": 0.12,
    "C": 0.25,
    "derived": 0.10,
}
#: extra log sd for a proxy of another definition (old boundaries; non-hukou residents)
DEFINITION_SD = 0.10
CENSUS_FRACTION = 10 / 12  # censuses count on 1 November


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


def census(year: int) -> float:
    """Return the census resident population of `year` (current boundaries), persons."""
    r = read("resident_series")
    return float(
        r[(r.year == year) & (r.definition == "census") & (r.boundary == "current")].resident.iloc[
            0
        ]
    )


def undercount_factor(year: float) -> float:
    """Return the rebasing factor for a year-end estimate of `year` (1 at the 2010 census)."""
    r = read("resident_series").query("definition == 'year_end_estimate' and year < 2020")
    last = r.sort_values("year").iloc[-1]  # the 2019 estimate
    before = r.sort_values("year").iloc[-2]
    growth = last.resident / before.resident
    estimate_at_census = last.resident * growth**CENSUS_FRACTION
    gap = census(2020) / estimate_at_census - 1
    position = (year + 1 - (2010 + CENSUS_FRACTION)) / 10  # year-end is year + 1
    return 1 + gap * np.clip(position, 0, 1)


def non_floating_residents() -> float:
    """Return the residents without local hukou who are not floating migrants.

    They are the university students (124,900 in 2008, the one count found), held
    constant.
    """
    services = read("public_services")
    return float(services.query("indicator == 'students_university'").value.iloc[0])


def floating_observations(before: int | None = None) -> pd.DataFrame:
    """Return log-scale observations of the floating stock: year, value, sd_log, kind, source.

    With `before` (a year), only what was known before that year: later observations
    are dropped and nothing is rebased on a later census (for hindcasts).

    - direct counts: 2000 (census 外来流动人口, old boundaries: + definition sd) and 2010
      (about 850,000); the 2001 registered count is left out, as it counts only the
      registered part of the floating population;
    - non-hukou proxies: residents - registered - university students, in 2018 (year-end
      estimate rebased for the undercount), 2020 (census) and the year-end estimates
      after it (based on the 2020 census, so not rebased); the registered population is
      carried forward from 2018 at the 2022 natural increase.
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
    registered = read("registered_population").query("unit == 'all' and year == 2018")
    registered_2018 = float(registered.registered.iloc[0])
    students = non_floating_residents()
    r = read("resident_series")
    estimate_2018 = float(
        r.query("year == 2018 and definition == 'year_end_estimate'").resident.iloc[0]
    )
    vital = read("vital_rates").query("unit == 'all' and year == 2022")
    natural = float(vital.natural_increase_permille.iloc[0]) / 1000

    def registered(years_after_2018: float) -> float:
        return registered_2018 * (1 + natural) ** years_after_2018

    row_2018 = r.query("year == 2018 and definition == 'year_end_estimate'").iloc[0]
    # rebasing needs the 2020 census: unknown before it
    rebase_2018 = undercount_factor(2018) if before is None or before > 2020 else 1.0
    row_2020 = r.query("year == 2020 and definition == 'census'").iloc[0]
    proxies = [
        (row_2018, estimate_2018 * rebase_2018 - registered_2018 - students),
        (row_2020, census(2020) - registered(2 + CENSUS_FRACTION) - students),
    ]
    after = r.query("year > 2020 and definition == 'year_end_estimate'")
    proxies += [
        (row, row.resident - registered(row.year + 1 - 2018) - students)
        for row in after.itertuples()
    ]
    for row, value in proxies:
        # the noise of the resident figure the proxy rests on; the definition (who of the
        # non-hukou residents is floating) is a shared assumption, not year-to-year noise
        rows.append(
            (
                int(row.year),
                value,
                RELIABILITY_SD[row.reliability],
                "non_hukou_proxy",
                row.source,
                row.reliability,
            )
        )
    frame = pd.DataFrame(rows, columns=["year", "value", "sd_log", "kind", "source", "reliability"])
    return frame if before is None else frame[frame.year < before].reset_index(drop=True)
