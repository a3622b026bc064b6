"""Scenario loading: defaults, overrides, `extends`, and the promised error messages."""

import pytest

from floatpop.scenarios import ScenarioError, list_scenarios, load


def write(tmp_path, text, name="s.toml"):
    path = tmp_path / name
    path.write_text(text)
    return path


def test_baseline_loads_frozen_with_documented_defaults():
    scenario = load("baseline")
    assert "baseline" in list_scenarios()
    assert scenario.run.start == "2020-11" and scenario.run.end == "2035-12"
    with pytest.raises(AttributeError):
        scenario.run.scale = 1.0  # frozen


def test_run_overrides_are_validated_like_the_file(tmp_path):
    assert load("baseline", scale=0.5).run.scale == 0.5
    with pytest.raises(ScenarioError, match=r"scale must be a number in \[0.0001, 1.0\]"):
        load("baseline", scale=3.0)


def test_unknown_key_names_file_key_and_suggestion(tmp_path):
    path = write(tmp_path, "[housing]\np_reconsdier = 0.1\n")
    with pytest.raises(ScenarioError) as err:
        load(path)
    message = str(err.value)
    assert str(path) in message and "p_reconsdier" in message, message
    assert "did you mean 'p_reconsider'" in message and "allowed:" in message, message


def test_unknown_section_is_rejected(tmp_path):
    path = write(tmp_path, "[hosuing]\n")
    with pytest.raises(ScenarioError, match="unknown key 'hosuing' in the top level"):
        load(path)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("[work]\np_job_loss = 'high'\n", r"\[work\] p_job_loss must be a number in \[0.0, 0.2\]"),
        ("[work]\np_job_loss = 0.9\n", r"got 0.9"),
        ("[settlement]\nroute_housing = 1\n", r"route_housing must be true or false"),
        ("[housing]\npublic_min_status = 'hukou'\n", r"one of 'unregistered', 'registered'"),
        ("[registration]\npermit_min_months = 6.5\n", r"must be an integer"),
        ("[run]\nend = '2035-13'\n", r"end must be a month written YYYY-MM"),
        ("[run]\nend = '2019-01'\n", r"must come after start"),
        ("[run]\nstart = '2015-01'\n", r"start must be a census month"),
        ("[work\n", r"not valid TOML"),
        ("[attraction]\neps = 1.5\n", r"\[attraction\] eps must be a number in \[0.0, 1.0\]"),
        ("[costs]\ncitizenisation_yuan = -1\n", r"citizenisation_yuan must be a number in"),
        (
            "[[policies]]\nkind = 'hukou_reform'\nmin_insured_months = -6\n",
            r"min_insured_months must be an integer in \[0, 240\]",
        ),
    ],
)
def test_bad_values_are_rejected_with_what_is_allowed(tmp_path, text, expected):
    path = write(tmp_path, text)
    with pytest.raises(ScenarioError, match=expected) as err:
        load(path)
    assert str(path) in str(err.value), "the message must name the file"


def test_extends_merges_tables_over_the_parent(tmp_path):
    path = write(
        tmp_path,
        "extends = 'baseline'\nname = 'more_schools'\n[services]\nschool_places_scale = 1.5\n",
    )
    scenario = load(path)
    assert scenario.name == "more_schools"
    assert scenario.services.school_places_scale == 1.5
    assert scenario.run.scale == load("baseline").run.scale, "[run] inherited from baseline"


def test_extends_cycle_is_an_error(tmp_path):
    write(tmp_path, "extends = 'b'\n", "a.toml")
    path = write(tmp_path, "extends = 'a'\n", "b.toml")
    with pytest.raises(ScenarioError, match="cycle"):
        load(path)


def test_missing_scenario_lists_the_shipped_ones():
    with pytest.raises(ScenarioError, match="shipped scenarios are .*baseline"):
        load("no_such_scenario")
