"""The Mesa agent-based model of Urumqi's floating population."""

from model.migrants import Migrants
from model.model import MigrationModel
from model.outcomes import OUTCOME_NAMES, OUTCOMES

__all__ = ["OUTCOMES", "OUTCOME_NAMES", "MigrationModel", "Migrants"]
