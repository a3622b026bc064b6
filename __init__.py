"""floatpop: Urumqi's floating population, simulated, forecast and put to policy tests.

The repository is this package. Its four folders are its subpackages, and arrows
between them run one way (``docs/architecture.md``)::

    floatpop.scenarios    inputs: the dataset with its sources, scenario files, validation
    floatpop.forecasting  the observed history, forecasts and sample paths of the stock
    floatpop.model        the Mesa model: MigrationModel, migrants, districts, rules
    floatpop.experiments  many runs: studies, calibration, sensitivity, validation, CLI
"""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("floatpop")
except PackageNotFoundError:  # imported from a source tree that was never installed
    __version__ = "unknown"
