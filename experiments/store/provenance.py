"""What every result records about how it was made: seed, versions, resolved scenario."""

import platform
from importlib.metadata import PackageNotFoundError, version

from floatpop.scenarios import Scenario

PACKAGES = ("floatpop", "mesa", "numpy", "pandas", "scipy", "statsmodels", "pyarrow")


def versions() -> dict[str, str]:
    found = {"python": platform.python_version()}
    for name in PACKAGES:
        try:
            found[name] = version(name)
        except PackageNotFoundError:
            found[name] = "not installed"
    return found


def run_record(scenario: Scenario, seed: int, inflow: dict) -> dict:
    return {
        "scenario": scenario.name,
        "description": scenario.description.strip(),
        "seed": seed,
        "inflow": inflow,
        "parameters": scenario.parameters(),
        "versions": versions(),
    }
