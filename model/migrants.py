"""`Migrants`: the structure-of-arrays store of the floating population.

One numpy column per attribute, compact dtypes, one row per agent. The API echoes
Mesa's AgentSet (`get`, `set`, `select`, `agg`, `groupby`, `add`, `remove`) but every
call is a column operation: there is never a Python loop over people.
"""

from collections.abc import Callable

import numpy as np

from floatpop.model.codes import N_DISTRICTS

#: a mask selecting under 1 row in SPARSE is counted row by row, not by a full pass
SPARSE = 8
#: a store that outgrows its buffers gets this much room more than it needs
GROWTH = 1.25
#: column name -> dtype; the order is the order of `to_frame`
SCHEMA: dict[str, np.dtype] = {
    "age_months": np.dtype(np.int16),
    "male": np.dtype(bool),
    "education": np.dtype(np.int8),  # codes.Education
    "origin": np.dtype(np.int8),  # codes.Origin
    "children": np.dtype(np.int8),  # accompanying children (persons, of any age)
    "child_age_months": np.dtype(np.int16),  # age of the eldest accompanying child
    "school_children": np.dtype(np.int8),  # of them, of compulsory-school age now
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
        # each column is a view of the first rows of a buffer with room to grow
        self._buffers = dict(self._columns)
        self._district_index: np.ndarray | None = None

    def __len__(self) -> int:
        """Return the number of agents (rows)."""
        return len(self._columns["district"])

    def __getattr__(self, name: str) -> np.ndarray:
        """Return the column `name` (a view), so that `m.age_months` reads a column."""
        try:
            return self.__dict__["_columns"][name]
        except KeyError:
            raise AttributeError(name) from None

    def __setattr__(self, name: str, value) -> None:
        """Write a column in place (`m.age_months += 1`), or set a plain attribute."""
        if name in SCHEMA:  # `m.age_months += 1` updates the column in place
            column = self._columns[name]
            if value is not column:
                column[...] = value
            if name == "district":
                self._district_index = None
        else:
            super().__setattr__(name, value)

    def get(self, name: str) -> np.ndarray:
        """Return the column `name` (a view: write through `set`)."""
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

    def select(self, mask: np.ndarray) -> "Migrants":
        """Return a new store holding the rows of `mask` (copies; a mask or row indices)."""
        # a boolean mask is turned into rows once, not scanned again for every column
        rows = np.flatnonzero(mask) if mask.dtype == bool else mask
        return Migrants({name: column[rows] for name, column in self._columns.items()})

    def row(self, i: int) -> "Migrants":
        """Return row `i` as a one-row store of views: writes to it change this store.

        The view is valid until rows are added or removed.
        """
        view = Migrants.__new__(Migrants)
        view.__dict__["_columns"] = {name: c[i : i + 1] for name, c in self._columns.items()}
        view.__dict__["_buffers"] = dict(view.__dict__["_columns"])
        view.__dict__["_district_index"] = None
        return view

    def districts_changed(self) -> None:
        """Forget the cached district index.

        Call it after districts were written through row views (`row`).
        """
        self._district_index = None

    def agg(self, name: str, func: Callable[[np.ndarray], float]) -> float:
        """Return `func` of the column `name`, as a float."""
        return float(func(self._columns[name]))

    def groupby(self, key: str, n_groups: int, weights: np.ndarray | None = None) -> np.ndarray:
        """Count (or sum `weights`) by the integer column `key`, for codes 0..n_groups-1."""
        return np.bincount(self._columns[key], weights=weights, minlength=n_groups)[:n_groups]

    def district_index(self) -> np.ndarray:
        """Return the home districts as intp (what bincount wants), converted once per change."""
        if self._district_index is None:
            self._district_index = self._columns["district"].astype(np.intp)
        return self._district_index

    def by_district(
        self, mask: np.ndarray | None = None, weights: np.ndarray | None = None
    ) -> np.ndarray:
        """Return agents (or the sum of `weights`) by home district, over the rows of `mask`."""
        index = self.district_index()
        if mask is not None:
            if np.count_nonzero(mask) * SPARSE < len(mask):  # few rows: count only those
                rows = np.flatnonzero(mask)
                index = index[rows]
                weights = None if weights is None else weights[rows]
            else:
                weights = mask if weights is None else np.where(mask, weights, 0)
        return np.bincount(index, weights=weights, minlength=N_DISTRICTS).astype(float)

    def persons_by_district(self, mask: np.ndarray | None = None) -> np.ndarray:
        """Return persons (each migrant and their children) by home district, over `mask`."""
        children = self._columns["children"]
        if mask is not None or (len(children) and children.max() > 3):
            return self.by_district(mask) + self.by_district(mask, children)
        # one count by (district, children), without float weights
        key = self.district_index() * 4 + self._columns["children"]
        table = np.bincount(key, minlength=4 * N_DISTRICTS).reshape(N_DISTRICTS, 4)
        return (table @ np.arange(1.0, 5.0)).astype(float)

    def persons(self) -> int:
        """Return the persons in the store: each migrant and their children."""
        return len(self) + int(self._columns["children"].sum(dtype=np.int64))

    def add(self, other: "Migrants") -> None:
        """Append the rows of `other`.

        Rows go into the buffers' spare room; only a store that outgrows them is copied,
        into buffers `GROWTH` times what it needs, so appending costs O(rows added).
        """
        n, k = len(self), len(other)
        if n + k > len(self._buffers["district"]):
            room = int(GROWTH * (n + k))
            for name, dtype in SCHEMA.items():
                buffer = np.empty(room, dtype=dtype)
                buffer[:n] = self._columns[name]
                self._buffers[name] = buffer
        for name in SCHEMA:
            buffer = self._buffers[name]
            buffer[n : n + k] = other.get(name)
            self._columns[name] = buffer[: n + k]
        self._district_index = None

    def remove(self, mask: np.ndarray) -> None:
        """Remove the rows of `mask`.

        The last rows that stay move into the holes (`removal_moves`), so removing k rows
        costs O(k), not a copy of every column.
        """
        holes, movers, n_left = removal_moves(mask)
        for name in SCHEMA:
            column = self._columns[name]
            column[holes] = column[movers]
            self._columns[name] = self._buffers[name][:n_left]
        if self._district_index is not None:
            index = self._district_index
            index[holes] = index[movers]
            self._district_index = index[:n_left]


def removal_moves(mask: np.ndarray) -> tuple[np.ndarray, np.ndarray, int]:
    """Return how removing the rows of `mask` rearranges the rest.

    Row `movers[i]` (among the last rows, kept) moves to `holes[i]` (a removed row below
    the new length), and the store is cut to `n_left` rows. Object mode moves its agents
    the same way.

    Returns
    -------
    holes : np.ndarray
        Removed rows below the new length, which the movers fill.
    movers : np.ndarray
        Kept rows at or past the new length, one per hole.
    n_left : int
        The number of rows that stay.
    """
    gone = np.flatnonzero(mask)
    n_left = len(mask) - len(gone)
    holes = gone[gone < n_left]
    movers = n_left + np.flatnonzero(~mask[n_left:])
    return holes, movers, n_left
