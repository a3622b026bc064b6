"""Full uncertainty: each replication draws every source, every scenario shares the draws,
and the report's split names the sources."""

import numpy as np
import pandas as pd
import pytest
from conftest import study_file

from floatpop.experiments.study import analysis
from floatpop.experiments.study.runner import plan
from floatpop.experiments.study.study_file import load_study
from floatpop.forecasting.fusion import fuse_floating, history_draws
from floatpop.model.inflow import initial_stock
from floatpop.scenarios import ScenarioError
from floatpop.scenarios.calibrated import read_posterior


def test_full_uncertainty_draws_per_replication_and_shares_the_draws(tmp_path):
    study = load_study(study_file(tmp_path, uncertainty="full"))
    tasks = plan(study)
    labels = list(read_posterior().columns)

    def values(task):
        return [
            getattr(getattr(task.scenario, lab.split(".")[0]), lab.split(".")[1]) for lab in labels
        ]

    by_replication = {}
    for task in tasks:
        by_replication.setdefault(task.replication, []).append(task)
    starts = []
    for r, group in by_replication.items():
        reference = next(t for t in group if t.paired_with is None)
        assert initial_stock(reference.scenario) == pytest.approx(
            reference.stock_path[0], rel=1e-12
        ), "a replication starts where its drawn history puts the start"
        for task in group:
            assert values(task) == values(reference), f"replication {r}: scenarios share the draw"
            assert task.scenario.initial.district_split_sd > 0, "the split is drawn too"
        starts.append(reference.stock_path[0])
    assert len(set(starts)) == study.replications, "each replication its own history"
    again = plan(study)
    for a, b in zip(tasks, again, strict=True):
        assert a.scenario == b.scenario, "the draws depend only on the study's seed"


def test_full_uncertainty_draws_the_literatures_spreads_and_the_added_levers(tmp_path):
    from floatpop.experiments.study.uncertainty import declared_lever_spreads, declared_spreads
    from floatpop.scenarios import load

    path = study_file(tmp_path, uncertainty="full")
    path.write_text(path.read_text().replace('"hukou_reform"', '"co_governance"'))
    study = load_study(path)
    tasks = plan(study)
    eps = {}
    for task in tasks:
        eps.setdefault(task.replication, set()).add(task.scenario.attraction.eps)
        if task.scenario_name == "co_governance":
            added = [p for p in task.scenario.policies if p.kind == "co_governance"]
            spread = next(s for s in declared_lever_spreads() if s.label.endswith("outreach"))
            assert spread.low <= added[0].registration_outreach <= spread.high
    eps_spread = next(s for s in declared_spreads() if s.label == "attraction.eps")
    low, high = eps_spread.low, eps_spread.high
    assert all(len(v) == 1 for v in eps.values()), "the scenarios of a replication share eps"
    drawn = [v.pop() for v in eps.values()]
    assert all(low <= e <= high for e in drawn) and len(set(drawn)) == len(drawn), drawn
    base = load("baseline", scale=study.scale, end=study.end)
    reference = next(t for t in tasks if t.scenario_name == "baseline")
    assert reference.scenario.policies == base.policies, "the history's policies keep theirs"


def test_a_bad_uncertainty_is_a_one_line_error(tmp_path):
    path = study_file(tmp_path, uncertainty="most")
    with pytest.raises(ScenarioError, match="'uncertainty' must be one of paths, full") as err:
        load_study(path)
    assert str(path) in str(err.value) and "\n" not in str(err.value)


def test_history_draws_spread_like_the_fused_history():
    """Over 300 draws: the median within 1% of the fused median, the log sd within 20%."""
    fused = fuse_floating()
    draws = np.array([d.loc["2020"] for d in history_draws(300, seed=4)])
    assert np.median(draws) == pytest.approx(fused.loc[2020, "median"], rel=0.01)
    assert np.std(np.log(draws)) == pytest.approx(fused.loc[2020, "sd_log"], rel=0.2)
    assert len({d.loc["2015"] for d in history_draws(3, seed=4)}) == 3, "whole trajectories"


def test_the_source_split_finds_the_source_that_drives_an_outcome():
    """An outcome made of the initial stock alone is put on the initial stock."""
    rng, spreads = np.random.default_rng(0), np.random.default_rng(1)
    n = 30
    draws = {}
    for r in range(n):
        start, growth = np.exp(rng.normal(14, 0.1)), np.exp(rng.normal(0.5, 0.2))
        draws[str(r)] = {
            "initial_stock": float(start),
            "final_stock": float(start * growth),
            "parameters": {"a.x": float(rng.normal()), "b.y": float(rng.normal())},
            "spreads": {"c.z": float(spreads.normal())},
        }
    values = [np.log(draws[str(r)]["initial_stock"]) * 3 + rng.normal(0, 0.01) for r in range(n)]
    results = pd.DataFrame(
        {
            "scenario": "baseline",
            "replication": range(n),
            "date": "2035-12",
            "district": "all",
            "outcome": "floating_stock",
            "value": values,
        }
    )
    split = analysis.source_split(results, draws, "2035-12").set_index("source").share
    assert set(split.index) == {*analysis.SOURCE_VARIABLES, analysis.UNEXPLAINED}
    assert split["initial_stock"] > 0.95, split
    assert split["history_and_forecast"] < 0.1 and split["parameters"] < 0.1, split
    assert split["literature"] < 0.1, split
    assert split[analysis.UNEXPLAINED] < 0.05, split
