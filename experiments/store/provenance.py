"""What every result records about how it was made: seed, versions, resolved scenario."""

import hashlib
import json
import platform
from importlib.metadata import PackageNotFoundError, version

from floatpop.scenarios import Scenario

PACKAGES = ("floatpop", "mesa", "numpy", "pandas", "scipy", "statsmodels", "pyarrow")


def versions() -> dict[str, str]:
    """Return the versions of Python and of the packages of `PACKAGES`."""
    found = {"python": platform.python_version()}
    for name in PACKAGES:
        try:
            found[name] = version(name)
        except PackageNotFoundError:
            found[name] = "not installed"
    return found


def run_record(scenario: Scenario, seed: int, inflow: dict) -> dict:
    """Return how a run was made: scenario, description, seed, inflow, parameters, versions."""
    return {
        "scenario": scenario.name,
        "description": scenario.description.strip(),
        "seed": seed,
        "inflow": inflow,
        "parameters": scenario.parameters(),
        "versions": versions(),
    }


def config_digest(config) -> str:
    """Return a short hash of a JSON-ready configuration: what determines a folder's results."""
    text = json.dumps(config, sort_keys=True, default=str)
    return hashlib.sha256(text.encode()).hexdigest()[:16]
