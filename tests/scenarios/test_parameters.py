"""Every number has one home: a declared parameter with unit, bounds and source, which
scenario files, keyword overrides, calibration and sensitivity all read."""

import re
from dataclasses import MISSING, fields
from pathlib import Path

import pytest

import floatpop.model
from floatpop.scenarios import ScenarioError, load, resolve
from floatpop.scenarios.scenario import SECTIONS

MODEL_DIR = Path(floatpop.model.__file__).parent
#: module-level numbers the model may keep: machine limits, not quantities of the world
TECHNICAL = {
    "UNLIMITED": "the capacity of owned housing, which is never rationed",
    "COUNTER_MAX": "where int16 month counters saturate",
    "SPARSE": "when a count is cheaper row by row than over the whole column",
    "N_PROFILES": "the sample of newcomer profiles the logsum averages over",
    "GROWTH": "how much spare room the migrant store's buffers get when they grow",
}


def every_field():
    for section, cls in SECTIONS.items():
        for f in fields(cls):
            yield section, f


@pytest.mark.parametrize(("section", "f"), list(every_field()), ids=lambda v: getattr(v, "name", v))
def test_every_parameter_declares_unit_source_and_bounds_that_hold_its_default(section, f):
    meta = f.metadata
    assert meta.get("unit") and meta.get("source"), f"{section}.{f.name}: unit and source"
    assert f.default is not MISSING, f"{section}.{f.name}: a default"
    if f.type in (int, float) and section != "run":
        low, high = meta.get("bounds") or (None, None)
        assert low is not None, f"{section}.{f.name}: numbers need bounds"
        assert low <= f.default <= high, f"{section}.{f.name}: default outside its bounds"
    if meta.get("prior"):
        low, high = meta["prior"]
        assert meta["bounds"][0] <= low < high <= meta["bounds"][1], f"{section}.{f.name}"


def test_the_model_keeps_no_number_of_its_own():
    """Constants of the model are technical only; every quantity is a parameter."""
    found = {}
    for path in sorted(MODEL_DIR.rglob("*.py")):
        for name in re.findall(r"^([A-Z][A-Z0-9_]*)\s*=\s*[-+(]?[0-9.]", path.read_text(), re.M):
            found[name] = path.name
    assert set(found) == set(TECHNICAL), f"numbers in code, not parameters: {found}"


def test_keyword_overrides_name_a_parameter_plainly_or_by_section():
    assert load("baseline", p_job_loss=0.02).work.p_job_loss == 0.02
    assert load("baseline", **{"departures.beta_family": 0.4}).departures.beta_family == 0.4
    scenario = load("baseline", departures__beta_family=0.4, settlement__beta_family=0.6)
    assert (scenario.departures.beta_family, scenario.settlement.beta_family) == (0.4, 0.6)
    assert load("baseline", scale=0.01, allocation_rounds=4).housing.allocation_rounds == 4


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"beta_family": 0.4}, "several sections; write one of settlement.beta_family"),
        ({"p_job_los": 0.1}, "did you mean 'p_job_loss'"),
        ({"work.p_job_los": 0.1}, "did you mean 'work.p_job_loss'"),
        ({"p_job_loss": 2.0}, r"\[work\] p_job_loss must be a number in \[0.0, 0.2\]"),
        ({"allocation_rounds": 2.5}, "allocation_rounds must be an integer"),
    ],
)
def test_a_wrong_override_is_refused_naming_the_key(overrides, message):
    with pytest.raises(ScenarioError, match=message):
        load("baseline", **overrides)


def test_a_scenario_object_takes_overrides_validated_like_a_file():
    base = load("baseline", scale=0.002)
    changed = resolve(base, p_job_loss=0.03, end="2025-12")
    assert changed.work.p_job_loss == 0.03 and changed.run.end == "2025-12"
    assert base.work.p_job_loss != 0.03, "the original is left as it was"
    assert resolve(base) is base, "no overrides, the same scenario"
    with pytest.raises(ScenarioError, match="must come after start"):
        resolve(base, end="2019-01")
