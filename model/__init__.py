"""The Mesa agent-based model of Urumqi's floating population."""

from floatpop.model.migrants import Migrants
from floatpop.model.model import MigrationModel
from floatpop.model.outcomes import OUTCOME_NAMES, OUTCOMES

__all__ = ["OUTCOMES", "OUTCOME_NAMES", "MigrationModel", "Migrants"]
