"""`Migrants`: the structure-of-arrays store of the floating population.

One numpy column per attribute, compact dtypes, one row per agent. The API echoes
Mesa's AgentSet (`get`, `set`, `select`, `agg`, `groupby`, `add`, `remove`) but every
call is a column operation: there is never a Python loop over people.
"""

from collections.abc import Callable

import numpy as np

from model.codes import N_DISTRICTS

#: column name -> dtype; the order is the order of `to_frame`
SCHEMA: dict[str, np.dtype] = {
    "age_months": np.dtype(np.int16),
    "male": np.dtype(bool),
    "education": np.dtype(np.int8),  # codes.Education
    "origin": np.dtype(np.int8),  # codes.Origin
    "children": np.dtype(np.int8),  # accompanying school-age children
    "months_in_city": np.dtype(np.int16),
    "district": np.dtype(np.int8),  # home district
    "tenure": np.dtype(np.int8),  # codes.Tenure
    "employed": np.dtype(bool),
    "sector": np.dtype(np.int8),
    "job_district": np.dtype(np.int8),
    "formal": np.dtype(bool),
    "dorm_job": np.dtype(bool),  # the job offers a dormitory place
    "wage": np.dtype(np.float32),  # yuan/month (2020 prices); 0 when not employed
    "months_unemployed": np.dtype(np.int16),
    "status": np.dtype(np.int8),  # codes.Status
    "months_in_status": np.dtype(np.int16),
    "insured": np.dtype(bool),
    "insured_months": np.dtype(np.int16),
    "children_enrolled": np.dtype(np.int8),  # children holding a public school place
    "health_access": np.dtype(bool),
    "participates": np.dtype(bool),
    "integration": np.dtype(np.float32),  # citizenisation index in [0, 1]
}


class Migrants:
    """Columns of equal length, one row per migrant agent."""

    def __init__(self, columns: dict[str, np.ndarray] | None = None):
        columns = columns or {}
        unknown = set(columns) - set(SCHEMA)
        if unknown:
            raise KeyError(f"unknown migrant columns: {sorted(unknown)}")
        n = len(next(iter(columns.values()))) if columns else 0
        self._columns = {
            name: np.asarray(columns[name], dtype=dtype)
            if name in columns
            else np.zeros(n, dtype=dtype)
            for name, dtype in SCHEMA.items()
        }
        if any(len(c) != n for c in self._columns.values()):
            raise ValueError("all migrant columns must have the same length")
        self._district_index: np.ndarray | None = None

    def __len__(self) -> int:
        return len(self._columns["district"])

    def __getattr__(self, name: str) -> np.ndarray:
        try:
            return self.__dict__["_columns"][name]
        except KeyError:
            raise AttributeError(name) from None

    def __setattr__(self, name: str, value) -> None:
        if name in SCHEMA:  # `m.age_months += 1` updates the column in place
            column = self._columns[name]
            if value is not column:
                column[...] = value
            if name == "district":
                self._district_index = None
        else:
            super().__setattr__(name, value)

    def get(self, name: str) -> np.ndarray:
        """The column `name` (a view: write through `set`)."""
        return self._columns[name]

    def set(self, name: str, values, mask: np.ndarray | None = None) -> None:
        """Set column `name` to `values`, for the rows of `mask` only if given."""
        column = self._columns[name]
        if name == "district":
            self._district_index = None
        if mask is None:
            column[...] = values
        else:
            column[mask] = values

    @property
    def persons(self) -> np.ndarray:
        """Persons each agent stands for: the migrant plus accompanying children."""
        return 1 + self._columns["children"].astype(np.int64)

    def select(self, mask: np.ndarray) -> "Migrants":
        """A new store holding the rows of `mask` (copies)."""
        return Migrants({name: column[mask] for name, column in self._columns.items()})

    def row(self, i: int) -> "Migrants":
        """Row `i` as a one-row store of views: writes to it change this store. (Valid
        until rows are added or removed.)"""
        view = Migrants.__new__(Migrants)
        view.__dict__["_columns"] = {name: c[i : i + 1] for name, c in self._columns.items()}
        view.__dict__["_district_index"] = None
        return view

    def districts_changed(self) -> None:
        """Forget the cached district index after districts were written through row
        views (`row`)."""
        self._district_index = None

    def agg(self, name: str, func: Callable[[np.ndarray], float]) -> float:
        return float(func(self._columns[name]))

    def groupby(self, key: str, n_groups: int, weights: np.ndarray | None = None) -> np.ndarray:
        """Count (or sum `weights`) by the integer column `key`, for codes 0..n_groups-1."""
        return np.bincount(self._columns[key], weights=weights, minlength=n_groups)[:n_groups]

    def by_district(
        self, mask: np.ndarray | None = None, weights: np.ndarray | None = None
    ) -> np.ndarray:
        """Agents (or the sum of `weights`) by home district, over the rows of `mask`."""
        if self._district_index is None:  # bincount wants intp; convert once per change
            self._district_index = self._columns["district"].astype(np.intp)
        if mask is not None:
            weights = mask if weights is None else np.where(mask, weights, 0)
        counts = np.bincount(self._district_index, weights=weights, minlength=N_DISTRICTS)
        return counts.astype(float)

    def add(self, other: "Migrants") -> None:
        """Append the rows of `other`."""
        for name in SCHEMA:
            self._columns[name] = np.concatenate([self._columns[name], other.get(name)])
        self._district_index = None

    def remove(self, mask: np.ndarray) -> None:
        """Remove the rows of `mask`."""
        keep = ~mask
        for name in SCHEMA:
            self._columns[name] = self._columns[name][keep]
        self._district_index = None
