"""Derived district attributes and the initial floating stock, each by a stated rule.

No source gives Urumqi's rents, migrant jobs by district, service capacities or the
2020 floating stock. Each function below derives one of them from sourced figures
(`scenarios/data/*.csv`) by the rule in its docstring; everything it returns is an
estimate and is documented as such in docs/data.md ("Derived and assumed values").
"""

import numpy as np

from floatpop.scenarios.dataset import profile, read, shares
from floatpop.scenarios.names import DISTRICTS, SECTORS

#: the West's migrants work more in construction (MWMS 2013, S12); points moved there
WEST_CONSTRUCTION_SHIFT = 0.04
#: persons served per primary-care institution (assumed planning catchment)
PRIMARY_CARE_CATCHMENT = 10_000
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
CENSUS_FRACTION = 10 / 12  # censuses count on 1 November
Z_90 = 1.6448536269514722  # the standard normal's 95th percentile: a 90% band
WALK_MINUTES_WITHIN_DISTRICT = 15.0  # assumed mean commute within a district
MINUTES_PER_KM = 2.0  # assumed, about 30 km/h door to door
ROAD_FACTOR = 1.3  # assumed road distance / straight-line distance


def census_units(year: int) -> np.ndarray:
    """Return unit populations at the census of `year`, with unknown 2020 units filled by rule.

    Rule (2020): the three units whose 2020 count is unknown (Saybag, Xinshi, Toutunhe)
    share their known sum (census_unit_constraints.csv) in proportion to their 2010
    census populations. The filled values are estimates; the known ones are census.
    """
    units = read("census_units").set_index("unit").loc[list(DISTRICTS)]
    if year == 2010:
        return units.census_2010.to_numpy(float)
    pop = units.census_2020.to_numpy(float, copy=True)
    unknown = np.isnan(pop)
    group = read("census_unit_constraints")
    total = float(group.population.iloc[0])
    base = units.census_2010.to_numpy(float)[unknown]
    pop[unknown] = total * base / base.sum()
    return pop


def resident_total(year: int) -> float:
    """Return the city's census resident population of `year` (current boundary), persons."""
    totals = read("census_totals")
    row = totals[(totals.date.str.startswith(str(year))) & (totals.boundary == "current")]
    return float(row.population.iloc[0])


def natural_increase_by_year(before: int | None = None) -> dict[int, float]:
    """Return the city's natural increase per year (fractions) by the years it is known.

    From `vital_rates.csv`, the rows for the whole city with a natural increase (the
    registered population's own where the bulletin gives it, else the residents'),
    known before `before` if given.
    """
    vital = read("vital_rates").query("unit == 'all'").dropna(subset=["natural_increase_permille"])
    if before is not None:
        vital = vital[vital.year < before]
    return {int(r.year): float(r.natural_increase_permille) / 1000 for r in vital.itertuples()}


def natural_increase_in(year: int, by_year: dict[int, float]) -> float:
    """Return the natural increase of `year`: that of the latest known year up to it.

    Years before the first known one take the first; 0 if none is known.
    """
    if not by_year:
        return 0.0
    known = [y for y in sorted(by_year) if y <= year]
    return by_year[known[-1] if known else min(by_year)]


def registered_at(time: float, before: int | None = None) -> float:
    """Return the registered population at `time` (years, 2019.0 = the end of 2018), persons.

    The 2018 year-end register (the one city-wide count) carried, year by year, at each
    year's natural increase (`natural_increase_in`) known before `before`.
    """
    registered = read("registered_population").query("unit == 'all' and year == 2018")
    by_year = natural_increase_by_year(before)
    value = float(registered.registered.iloc[0])
    start, end = sorted((2019.0, float(time)))
    sign = 1 if time >= 2019 else -1
    t = start
    while t < end:
        step = min(np.floor(t) + 1, end) - t
        value *= (1 + natural_increase_in(int(np.floor(t)), by_year)) ** (sign * step)
        t += step
    return value


def non_floating_residents() -> float:
    """Return the residents without local hukou who are not floating migrants.

    They are the university students (124,900 in 2008, the one count found), held
    constant.
    """
    services = read("public_services")
    return float(services.query("indicator == 'students_university'").value.iloc[0])


def census_anchor(year: int, before: int | None = None) -> tuple[float, float, float]:
    """Return (residents, registered, floating) at the census of `year` (2010 or 2020), persons.

    2010: the census, the floating count (about 850,000), and registered as the rest
    (less the university students). 2020: the census, the register carried to it, and
    floating as the rest.
    """
    resident = resident_total(year)
    students = non_floating_residents()
    if year == 2010:
        counts = read("floating_counts").query("unit == 'all' and year == 2010")
        floating = float(counts.floating.iloc[0])
        return resident, resident - floating - students, floating
    registered = registered_at(year + CENSUS_FRACTION, before)
    return resident, registered, resident - registered - students


def floating_stock_2020() -> dict[str, float]:
    """Return the 2020-11 floating stock: low, central, high (persons).

    - central: the 2020 census less the registered population (the 2018 register
      carried by natural increase) and the university students (`census_anchor`): the
      2020 observation of the floating-stock history, one account with it;
    - low, high: the 90% band of the census figure's reliability (log sd
      `RELIABILITY_SD`, A/B: 0.05).
    """
    central = census_anchor(2020)[2]
    census = read("census_totals").query("boundary == 'current'")
    grade = census[census.date.str.startswith("2020")].reliability.iloc[0]
    half_width = Z_90 * RELIABILITY_SD[grade]
    return {
        "low": central * np.exp(-half_width),
        "central": central,
        "high": central * np.exp(half_width),
    }


def floating_stock_2010() -> dict[str, float]:
    """Return the 2010-11 floating stock: low, central, high (persons).

    The central value is "about 850,000" (2010 census via Global Times 2012), with an
    assumed +-10% range for the rounding and the definition.
    """
    floating = read("floating_counts")
    value = float(floating[(floating.year == 2010) & (floating.unit == "all")].floating.iloc[0])
    return {"low": 0.9 * value, "central": value, "high": 1.1 * value}


def floating_split_2010(resident: np.ndarray, total: float) -> np.ndarray:
    """Return the shares of the 2010-11 floating stock `total` by district.

    Rule: a unit with its own floating count (`floating_counts.csv`, the latest up to
    2010) keeps its floating share of residents, count / the unit's residents that year
    (Tianshan about 2010: 231,000 of 696,277; Urumqi County 2005: 1,706 of its 85,409
    registered, 2%), applied to its 2010 census residents; the rest of `total` goes to
    the other units in proportion to their residents. The counted units' years and
    definitions differ from the city's, so the shares are estimates.
    """
    counts = read("floating_counts").query("unit != 'all' and year <= 2010")
    registered = read("registered_population").set_index(["unit", "year"]).registered
    floating = np.full(len(DISTRICTS), np.nan)
    for row in counts.sort_values("year").itertuples():
        i = DISTRICTS.index(row.unit)
        base = registered.get((row.unit, row.year), resident[i]) if row.year < 2010 else resident[i]
        floating[i] = row.floating / base * resident[i]
    known = ~np.isnan(floating)
    rest = max(total - floating[known].sum(), 0.0)
    floating[~known] = rest * resident[~known] / resident[~known].sum()
    return floating / floating.sum()


def tenure_shares() -> dict[str, float]:
    """Return the initial housing tenure shares of migrants.

    Rule: the mean of the MWMS rows closest to Urumqi (2013 provincial capitals; 2011
    West), mapped to the model's tenures: dormitory = employer dorm + work-site shed +
    production premises; informal = shared rental + commuting from a rural home + other;
    private = independent rental; owned = own purchase. 1% in public rental is assumed
    (migrants' access was opened by the 2012 permit rules). Normalised to sum to one.
    """
    cats = (
        "employer_dorm",
        "worksite_shed",
        "production_premises",
        "shared_rental",
        "independent_rental",
        "own_purchase",
        "commute_home",
        "other",
    )
    rows = [
        shares("housing_tenure", cats, 2013, "provincial_capitals"),
        shares("housing_tenure", cats, 2011, "West"),
    ]
    mean = {c: np.mean([r[c] for r in rows]) for c in cats}
    raw = {
        "private": mean["independent_rental"],
        "informal": mean["shared_rental"] + mean["commute_home"] + mean["other"],
        "dormitory": mean["employer_dorm"] + mean["worksite_shed"] + mean["production_premises"],
        "public": 0.01,
        "owned": mean["own_purchase"],
    }
    total = sum(raw.values())
    return {k: v / total for k, v in raw.items()}


def sector_shares() -> np.ndarray:
    """Return the shares of migrant jobs by sector.

    Rule: MWMS 2023 national shares, with 4 points moved from manufacturing to
    construction for the West (S12: the West's migrants work mainly in construction);
    `other` is the residual to 100%.
    """
    named = shares("sector", SECTORS[:-1], 2023)
    named["manufacturing"] -= WEST_CONSTRUCTION_SHIFT
    named["construction"] += WEST_CONSTRUCTION_SHIFT
    values = [named[s] for s in SECTORS[:-1]]
    return np.array([*values, 1 - sum(values)])


def sector_wages() -> np.ndarray:
    """Return the monthly wage by sector, 2020 yuan.

    Rule: the 2020 national migrant mean (4,072) times the West/national ratio (2014:
    2,797 / 2,864), times each sector's 2024 income relative to the 2024 mean (`other` =
    1).
    """
    west_ratio = profile("monthly_income", "all", 2014, "West") / profile(
        "monthly_income", "all", 2014
    )
    mean_2020 = profile("monthly_income", "all", 2020) * west_ratio
    mean_2024 = profile("monthly_income", "all", 2024)
    relative = [profile("income_by_sector", s, 2024) / mean_2024 for s in SECTORS[:-1]]
    return mean_2020 * np.array([*relative, 1.0])


def private_rent_2020() -> float:
    """Return the private rent per migrant, yuan/month (2020).

    Rule: housing spend in provincial capitals in 2013 (500, MWMS S12) grown with
    out-migrants' income 2013-2020 (2,609 -> 4,549).
    """
    spend_2013 = profile("housing_spend", "all", 2013, "provincial_capitals")
    growth = profile("monthly_income", "outmigrants", 2020) / profile(
        "outmigrant_monthly_income", "excl_board", 2013
    )
    return spend_2013 * growth


def rent_index(population: np.ndarray) -> np.ndarray:
    """Return the district rent multiplier, by district.

    Rule: (density / population-weighted mean density) ** 0.1, rescaled to a
    population-weighted mean of 1 (assumed: denser districts dearer).
    """
    area = read("census_units").set_index("unit").loc[list(DISTRICTS)].area_km2.to_numpy(float)
    density = population / area
    index = (density / np.average(density, weights=population)) ** 0.1
    return index / np.average(index, weights=population)


def seat_lon_lat() -> np.ndarray:
    """Return approximate district seat locations (longitude, latitude), an estimate."""
    seats = read("district_seats").set_index("unit").loc[list(DISTRICTS)]
    return seats[["seat_lon", "seat_lat"]].to_numpy(float)


def commute_minutes() -> np.ndarray:
    """Return one-way commute minutes between districts, [district, district].

    Rule: 15 within a district; between districts, straight-line distance between seats
    x 1.3 (road) x 2 min/km, plus 15.
    """
    seats = read("district_seats").set_index("unit").loc[list(DISTRICTS)]
    lat = np.radians(seats.seat_lat.to_numpy())
    lon = np.radians(seats.seat_lon.to_numpy())
    dlat = lat[:, None] - lat[None, :]
    dlon = lon[:, None] - lon[None, :]
    a = np.sin(dlat / 2) ** 2 + np.cos(lat[:, None]) * np.cos(lat[None, :]) * np.sin(dlon / 2) ** 2
    km = 2 * 6371 * np.arcsin(np.sqrt(a))
    return WALK_MINUTES_WITHIN_DISTRICT + km * ROAD_FACTOR * MINUTES_PER_KM


def primary_care_capacity(resident: np.ndarray, floating: np.ndarray) -> np.ndarray:
    """Return the primary-care capacity open to migrants, persons, by district.

    Rule: community health centres/stations and township health centres (2022 bulletin)
    x an assumed catchment of 10,000 persons each, split by resident population, less
    the non-floating residents' use (floored at 20% of the district's floating stock).
    """
    services = read("public_services")
    count = services[
        services.indicator.isin(["community_health_centres_stations", "township_health_centres"])
    ].value.sum()
    capacity = count * PRIMARY_CARE_CATCHMENT * resident / resident.sum() - (resident - floating)
    return np.maximum(capacity, 0.2 * floating)


def public_school_share() -> float:
    """Return the share of migrant children in public primary schools (MWMS 2023, S02).

    It is the model's public school places per migrant child at the start.
    """
    return profile("schooling", "primary_in_public_school", 2023) / 100


def local_wage() -> float:
    """Return the local reference wage, yuan/month (2020).

    Rule: Xinjiang's 2020 average wage of urban non-private units (86,343 a year) / 12.
    Economic integration compares with it.
    """
    wages = read("xinjiang_sector_wages")
    row = wages[(wages.sector == "all") & (wages.year == 2020)]
    return float(row.annual_wage_yuan.iloc[0]) / 12


def gdp_growth() -> dict[int, float]:
    """Return the city's real GDP growth by year, as fractions (`economy.csv`).

    Rule: Urumqi's own figure where the dataset has one, else Xinjiang's (a proxy, for
    2023-2025); other years are left to `work.gdp_growth_beyond_data`.
    """
    economy = read("economy").dropna(subset=["year"])
    growth = {}
    for indicator in ("xinjiang_gdp_growth", "gdp_growth"):  # the city's own wins
        rows = economy[economy.indicator == indicator]
        growth |= {int(r.year): float(r.value) / 100 for r in rows.itertuples()}
    return dict(sorted(growth.items()))


def real_wage_growth() -> float:
    """Return the real growth of migrant workers' monthly income per year, 2019-2024.

    Rule: MWMS monthly income 2019 -> 2024 (3,962 -> 4,961 yuan, nominal), deflated by
    the national CPI of 2020-2024, as a yearly rate.
    """
    nominal = profile("monthly_income", "all", 2024) / profile("monthly_income", "all", 2019)
    economy = read("economy")
    cpi = economy[(economy.indicator == "cpi_change") & economy.year.between(2020, 2024)]
    prices = float(np.prod(1 + cpi.value.to_numpy(float) / 100))
    return (nominal / prices) ** (1 / 5) - 1


def yuan_of_2020(value: float, year: int) -> float:
    """Return `value` yuan of `year` in 2020 yuan, by the national CPI (`economy.csv`).

    Rule: x_2020 = x_y x prod_(t=y+1..2020) (1 + cpi_t) for a year before 2020, and
    x_y / prod_(t=2021..y) (1 + cpi_t) after it.

    Raises
    ------
    ValueError
        If the CPI of a year between `year` and 2020 is not in the data.
    """
    economy = read("economy")
    rows = economy[economy.indicator == "cpi_change"]
    cpi = {int(r.year): float(r.value) / 100 for r in rows.itertuples()}
    years = range(year + 1, 2021) if year < 2020 else range(2021, year + 1)
    missing = [y for y in years if y not in cpi]
    if missing:
        raise ValueError(f"economy.csv: no cpi_change for {missing}")
    factor = float(np.prod([1 + cpi[y] for y in years]))
    return value * factor if year < 2020 else value / factor


def policy_cost(item: str, place: str, year: int) -> float:
    """Return a unit cost of `policy_costs.csv` (item, place, year) in 2020 yuan."""
    table = read("policy_costs")
    row = table[(table["item"] == item) & (table.place == place) & (table.year == year)]
    if len(row) != 1:
        raise ValueError(f"policy_costs.csv: no single row for {item}, {place}, {year}")
    return yuan_of_2020(float(row.value.iloc[0]), year)


def redevelopment() -> tuple[tuple[str, str, int, float], ...]:
    """Return the urban-village redevelopment programmes (`redevelopment.csv`).

    Each is (first month, last month, district index or -1 for every district, share of
    the informal rental stock demolished over those months); a programme naming several
    districts (`a;b;c`) gives one entry for each.
    """
    table = read("redevelopment")
    order = {name: i for i, name in enumerate(DISTRICTS)} | {"all": -1}
    return tuple(
        (str(r.start), str(r.end), order[district], float(r.share_of_informal_stock))
        for r in table.itertuples()
        for district in str(r.district).split(";")
    )
