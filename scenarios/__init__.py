"""Inputs of floatpop: the Urumqi dataset (with sources) and validated scenarios."""

from scenarios.city import CityData
from scenarios.errors import ScenarioError
from scenarios.load import list_scenarios, load
from scenarios.scenario import Scenario

__all__ = ["CityData", "Scenario", "ScenarioError", "list_scenarios", "load"]
