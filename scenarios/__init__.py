"""Inputs of floatpop: the Urumqi dataset (with sources) and validated scenarios.

Its exports are imported on first use (PEP 562), so that reading a vocabulary
(`scenarios.names`) or listing the scenario files costs no numpy or pandas: the
command line starts quickly.
"""

from importlib import import_module

#: exported name -> the submodule defining it
EXPORTS = {
    "CityData": "city",
    "Scenario": "scenario",
    "ScenarioError": "errors",
    "list_scenarios": "files",
    "load": "loading",
    "resolve": "loading",
}
__all__ = sorted(EXPORTS)


def __getattr__(name: str):
    """Return the export `name`, importing its submodule on first use (PEP 562)."""
    if name in EXPORTS:
        return getattr(import_module(f"{__name__}.{EXPORTS[name]}"), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__() -> list[str]:
    """Return the exported names."""
    return __all__
