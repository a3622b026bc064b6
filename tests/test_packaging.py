"""One import name: installed, the package is `floatpop`, and a researcher's own
`model.py` (or `scenarios.py`, ...) in the working folder shadows nothing of it."""

import subprocess
import sys
from pathlib import Path

SCRIPT = """
from floatpop.model import MigrationModel
from floatpop.scenarios import load
import floatpop.experiments.cli, floatpop.forecasting
model = MigrationModel(load("baseline", scale=0.001, end="2020-12"), seed=1)
model.run()
print(model.records.latest("floating_stock", "all") > 0)
"""


def python(code: str, folder: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-c", code], cwd=folder, capture_output=True, text=True, timeout=300
    )


def test_a_users_own_model_py_does_not_shadow_floatpop(tmp_path):
    for name in ("model", "scenarios", "forecasting", "experiments", "app"):
        (tmp_path / f"{name}.py").write_text(f"raise ImportError('the user\\'s own {name}.py')\n")
    result = python(SCRIPT, tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "True", "a run through floatpop's own modules"
    command = Path(sys.executable).parent / "floatpop"
    listed = subprocess.run(
        [command, "scenarios", "list"], cwd=tmp_path, capture_output=True, text=True
    )
    assert listed.returncode == 0 and "baseline" in listed.stdout, listed.stderr


def test_the_subpackages_are_not_installed_as_top_level_names(tmp_path):
    for name in ("model", "scenarios", "forecasting", "experiments", "app"):
        result = python(f"import {name}", tmp_path)
        assert result.returncode != 0, f"`import {name}` should find nothing of floatpop's"
        assert "ModuleNotFoundError" in result.stderr, result.stderr
