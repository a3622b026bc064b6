"""Sensitivity: Morris ranks a parameter with no effect last; the pipeline runs; a paired
screen varies what a policy's effect depends on."""

import numpy as np
import pandas as pd
from SALib.sample import morris as morris_sample

from floatpop.experiments.cli import main
from floatpop.experiments.sensitivity.screening import (
    LEVELS,
    OUTCOMES,
    drawn_parameters,
    morris_table,
    summaries,
    uncertain_parameters,
)
from floatpop.experiments.study.points import Parameter, with_values
from floatpop.scenarios import load


def test_morris_ranks_a_parameter_without_effect_last():
    prob = {"num_vars": 3, "names": ["strong", "weak", "none"], "bounds": [[0, 1]] * 3}
    X = morris_sample.sample(prob, 20, num_levels=LEVELS, seed=3)
    y = 5 * X[:, 0] + X[:, 1] ** 2  # "none" does not enter
    table = morris_table(prob, X, np.column_stack([y, -y]), seed=3)
    for _, rows in table.groupby("outcome"):
        ranks = rows.set_index("parameter")["rank"]
        assert list(ranks.sort_values().index) == ["strong", "weak", "none"], ranks
        assert rows.set_index("parameter").loc["none", "mu_star"] == 0


def test_sensitivity_command_screens_chosen_parameters(tmp_path, capsys):
    out = tmp_path / "sens"
    args = [
        "sensitivity",
        "--trajectories",
        "2",
        "--scale",
        "0.001",
        "--end",
        "2022-11",
        "--executor",
        "serial",
        "--out",
        str(out),
        "--only",
        "work.p_job_loss",
        "departures.beta_integration",
        "integration.weight_social",
    ]
    assert main(args) == 0, capsys.readouterr().err
    table = pd.read_csv(out / "sensitivity_morris.csv")
    assert set(table.parameter) == {
        "work.p_job_loss",
        "departures.beta_integration",
        "integration.weight_social",
    }
    assert table.mu_star.notna().all() and (table.mu_star >= 0).all()
    assert (out / "sensitivity_morris.png").stat().st_size > 10_000
    assert len(list((out / "morris" / "parts").glob("*.parquet"))) == 8, "2 x (3 + 1) runs"


def test_a_paired_screen_varies_the_literature_and_the_scenarios_own_levers():
    base = load("baseline", scale=0.001)
    reform = load("co_governance", scale=0.001)
    labels = {p.label for p in uncertain_parameters(base, reform)}
    assert {"attraction.eps", "policy:co_governance.registration_outreach"} <= labels, labels
    assert "attraction.eps" not in {p.label for p in uncertain_parameters(base)}, (
        "a level screen of the baseline has no paired run for eps to act in"
    )
    drawn = {p.label for p in drawn_parameters(uncertain_parameters(base, reform))}
    assert "attraction.eps" in drawn and "registration.beta_benefit" in drawn, drawn
    assert "work.p_job_loss" not in drawn, "by default a paired screen varies what is drawn"
    lever = Parameter("policy:co_governance", "registration_outreach", 0.4, 1.2)
    moved = with_values(reform, [lever], [1.1], base)
    added = [p for p in moved.policies if p.kind == "co_governance"]
    assert [p.registration_outreach for p in added] == [1.1], "the added policy takes the value"
    assert with_values(base, [lever], [1.1], base).policies == base.policies, (
        "the reference's own policies keep theirs"
    )


def test_paired_summaries_are_each_paired_run_less_its_sample():
    def frame(value):
        dates = [f"2030-{m:02d}" for m in range(1, 13)]
        return pd.DataFrame(
            [("all", d, o, value) for d in dates for o in OUTCOMES],
            columns=["district", "date", "outcome", "value"],
        )

    frames = [frame(1.0), frame(2.0), frame(4.0), frame(7.0)]  # samples 1, 2; paired 4, 7
    assert summaries(frames, paired=True).tolist() == [[3.0] * 4, [5.0] * 4]
