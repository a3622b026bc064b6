"""Sensitivity: Morris ranks a parameter with no effect last; the pipeline runs."""

import numpy as np
import pandas as pd
from SALib.sample import morris as morris_sample

from floatpop.experiments.cli import main
from floatpop.experiments.sensitivity.screening import LEVELS, morris_table


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
