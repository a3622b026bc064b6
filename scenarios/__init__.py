"""Inputs of floatpop: the Urumqi dataset (with sources) and validated scenarios."""

from floatpop.scenarios.city import CityData
from floatpop.scenarios.errors import ScenarioError
from floatpop.scenarios.load import list_scenarios, load
from floatpop.scenarios.scenario import Scenario

__all__ = ["CityData", "Scenario", "ScenarioError", "list_scenarios", "load"]
