"""`CityData`: Urumqi's districts, as the model receives them (sourced or derived)."""

from dataclasses import dataclass

import numpy as np

from floatpop.scenarios import derive
from floatpop.scenarios.dataset import profile, shares
from floatpop.scenarios.names import DISTRICTS, SECTORS

#: tenure order of the model (model.codes.Tenure)
TENURES = ("private", "informal", "dormitory", "public", "owned")
EDUCATION = ("none", "primary", "junior_high", "senior_high", "college_plus")
AGE_BANDS = ("16_20", "21_30", "31_40", "41_50", "50_plus")
AGE_BAND_EDGES = (16, 21, 31, 41, 51, 65)  # years; the top band is taken as 50-64


def frozen(values) -> np.ndarray:
    """Return `values` as a read-only float array."""
    array = np.array(values, dtype=float)
    array.setflags(write=False)
    return array


@dataclass(frozen=True)
class InitialState:
    """The census month a run can start from: residents and the floating stock."""

    month: str
    resident: np.ndarray  # persons by district (2020: three units estimated)
    stock: dict  # persons, city-wide: {"low", "central", "high"}
    floating_share: np.ndarray | None = None  # [district], the stock's split; None: residents'

    @property
    def district_share(self) -> np.ndarray:
        """The residents' split over districts."""
        return self.resident / self.resident.sum()

    @property
    def floating_split(self) -> np.ndarray:
        """The floating stock's split over districts (estimate): its own, else the residents'."""
        return self.district_share if self.floating_share is None else self.floating_share


@dataclass(frozen=True, eq=False)
class CityData:
    """Urumqi's districts and migrant profile: every city figure a scenario carries.

    Arrays are by district or by category (sector, tenure, education level) as their
    comments say; the initial states are the census months a run can start from.
    """

    districts: tuple[str, ...]
    sectors: tuple[str, ...]
    initial_states: tuple[InitialState, ...]
    commute_minutes: np.ndarray  # [district, district], one way
    seat_lon_lat: np.ndarray  # [district, 2], approximate seat locations (for maps)
    rent_index: np.ndarray  # [district], population-weighted mean 1
    private_rent_yuan_month: float
    tenure_shares: np.ndarray  # [tenure], initial
    sector_shares: np.ndarray  # [sector]
    sector_wage_yuan_month: np.ndarray  # [sector], 2020 yuan
    local_wage_yuan_month: float
    education_shares: np.ndarray  # [education level]
    age_band_edges: tuple[int, ...]
    age_band_shares: np.ndarray
    male_share: float
    public_school_share: float
    health_capacity_per_migrant: np.ndarray  # [district], at 2020
    gdp_growth: tuple[tuple[int, float], ...]  # (year, real growth) of the city's GDP
    #: (year, natural increase per year) of the registered population, where known
    natural_increase: tuple[tuple[int, float], ...]
    #: (first month, last month, district, share of informal stock demolished)
    redevelopment: tuple[tuple[str, str, int, float], ...]

    def initial(self, month: str) -> InitialState:
        """Return the initial state of census month `month` ('YYYY-MM').

        Raises
        ------
        KeyError
            If no initial state is known for `month`; the message lists the known ones.
        """
        for state in self.initial_states:
            if state.month == month:
                return state
        known = ", ".join(s.month for s in self.initial_states)
        raise KeyError(f"no initial state for {month}; known: {known}")


def derive_city() -> CityData:
    """Assemble CityData from the dataset by the rules of `scenarios.derive`."""
    resident_2020 = derive.census_units(2020)
    resident_2010 = derive.census_units(2010)
    stock_2020 = derive.floating_stock_2020()
    stock_2010 = derive.floating_stock_2010()
    floating_2020 = stock_2020["central"] * resident_2020 / resident_2020.sum()
    tenure = derive.tenure_shares()
    ages = shares("age_band", AGE_BANDS, 2014)
    return CityData(
        districts=DISTRICTS,
        sectors=SECTORS,
        initial_states=(
            InitialState(
                "2010-11",
                frozen(resident_2010),
                stock_2010,
                frozen(derive.floating_split_2010(resident_2010, stock_2010["central"])),
            ),
            InitialState("2020-11", frozen(resident_2020), stock_2020),
        ),
        commute_minutes=frozen(derive.commute_minutes()),
        seat_lon_lat=frozen(derive.seat_lon_lat()),
        rent_index=frozen(derive.rent_index(resident_2020)),
        private_rent_yuan_month=derive.private_rent_2020(),
        tenure_shares=frozen([tenure[t] for t in TENURES]),
        sector_shares=frozen(derive.sector_shares()),
        sector_wage_yuan_month=frozen(derive.sector_wages()),
        local_wage_yuan_month=derive.local_wage(),
        education_shares=frozen(_normalise(shares("education", EDUCATION, 2023))),
        age_band_edges=AGE_BAND_EDGES,
        age_band_shares=frozen(_normalise(ages)),
        male_share=profile("male_share", "all", 2021) / 100,
        public_school_share=derive.public_school_share(),
        health_capacity_per_migrant=frozen(
            derive.primary_care_capacity(resident_2020, floating_2020) / floating_2020
        ),
        gdp_growth=tuple(sorted(derive.gdp_growth().items())),
        natural_increase=tuple(sorted(derive.natural_increase_by_year().items())),
        redevelopment=derive.redevelopment(),
    )


def _normalise(values: dict) -> list[float]:
    total = sum(values.values())
    return [v / total for v in values.values()]
