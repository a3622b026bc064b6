"""The month's phases: two implementations of one protocol, the model keeping the books,
and the outcome records that every reader of results goes through."""

import inspect
import re
from pathlib import Path

import numpy as np
import pytest

from floatpop.model import MigrationModel
from floatpop.model.object_mode import ObjectPhases
from floatpop.model.outcomes import OUTCOME_NAMES, PLACES
from floatpop.model.phases import ArrayPhases, Phases

MODEL_DIR = Path(inspect.getfile(MigrationModel)).parent


def protocol_methods() -> set[str]:
    return {
        name
        for name, _ in inspect.getmembers(Phases, inspect.isfunction)
        if not name.startswith("_")
    }


@pytest.mark.parametrize("implementation", [ArrayPhases, ObjectPhases])
def test_both_modes_implement_every_phase(implementation):
    missing = protocol_methods() - set(dir(implementation))
    assert not missing, f"{implementation.__name__} lacks {sorted(missing)}"
    for name in protocol_methods():
        expected = inspect.signature(getattr(Phases, name)).parameters.keys()
        got = inspect.signature(getattr(implementation, name)).parameters.keys()
        assert list(got) == list(expected), f"{implementation.__name__}.{name}{tuple(got)}"


@pytest.mark.parametrize("module", ["object_mode.py", "agents.py"])
def test_object_mode_reaches_into_nothing_private(module):
    text = (MODEL_DIR / module).read_text()
    private = re.findall(r"\.(_[a-z]\w*)", text)
    assert not private, f"{module} uses private attributes {sorted(set(private))}"


def test_the_records_give_the_latest_values_and_the_tidy_frame(baseline_small):
    model, outcomes = baseline_small
    latest = model.records.latest("floating_stock")
    assert list(latest.index) == list(PLACES) and latest["all"] == pytest.approx(latest[:-1].sum())
    last = outcomes[outcomes.date == outcomes.date.max()].set_index(["outcome", "district"]).value
    for name in OUTCOME_NAMES:
        assert model.records.latest(name, "all") == last[(name, "all")] or (
            np.isnan(last[(name, "all")])
        ), name
    series = model.records.city("arrivals")
    assert len(series) == model.n_months + 1 and series[0] == 0, "no arrivals in the start month"
    with pytest.raises(KeyError, match="floating_stock"):
        model.records.latest("floating_stok")
