"""Errors of the results store."""

from floatpop.scenarios.errors import FloatpopError


class StoreError(FloatpopError):
    """A results folder that cannot be used as asked (damaged, foreign or missing)."""


class StoreLocked(StoreError):
    """Another process is writing into the same results folder."""
