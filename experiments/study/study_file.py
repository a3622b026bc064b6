"""A study: several scenarios, many replications, one horizon and scale, one seed.

Study files are TOML:

    name = "demo"
    scenarios = ["baseline", "hukou_reform"]   # the first is the reference
    replications = 20
    paths = 20            # forecast paths; replication r uses path r % paths
    end = "2035-12"
    scale = 0.01
    seed = 1
    outcomes = ["floating_stock", "integration_index"]   # default: all
    executor = "processes"   # serial | processes | dask
    workers = 2
"""

import hashlib
import json
from dataclasses import asdict, dataclass
from pathlib import Path

import numpy as np

from floatpop.model import OUTCOME_NAMES
from floatpop.scenarios import ScenarioError, load
from floatpop.scenarios.files import read_toml

EXECUTORS = ("serial", "processes", "dask")
KEYS = (
    "name",
    "description",
    "scenarios",
    "replications",
    "paths",
    "end",
    "scale",
    "seed",
    "outcomes",
    "executor",
    "workers",
    "address",
)


@dataclass(frozen=True)
class Study:
    name: str
    scenarios: tuple[str, ...]
    replications: int
    paths: int
    end: str
    scale: float
    seed: int
    outcomes: tuple[str, ...]
    executor: str = "processes"
    workers: int = 2
    address: str = ""
    description: str = ""
    folder: str = "."  # where the study file is: scenario paths are relative to it

    @property
    def reference(self) -> str:
        return self.scenarios[0]

    def scenario_file(self, name: str) -> str:
        """A shipped scenario name, or a path relative to the study file."""
        candidate = Path(self.folder) / name
        return str(candidate) if candidate.suffix == ".toml" else name

    def config_hash(self) -> str:
        """Hash of what determines the results (not how or where they are computed)."""
        fields = asdict(self)
        for key in ("executor", "workers", "address", "description", "folder"):
            fields.pop(key)
        fields["scenarios_resolved"] = [
            load(self.scenario_file(s)).parameters() for s in self.scenarios
        ]
        text = json.dumps(fields, sort_keys=True, default=str)
        return hashlib.sha256(text.encode()).hexdigest()[:16]

    def run_seed(self, replication: int) -> int:
        """The model seed of replication r: the same for every scenario."""
        return int(np.random.SeedSequence([self.seed, replication]).generate_state(1)[0])


def load_study(path: str | Path, **overrides) -> Study:
    """Read and validate a study file; errors name the file, the key and what is allowed."""
    path = Path(path)
    if not path.is_file():
        raise ScenarioError(f"{path}: no such study file")
    raw = read_toml(path, KEYS, "the study")
    raw.update({k: v for k, v in overrides.items() if v is not None})
    scenarios = raw.get("scenarios")
    if not scenarios or not all(isinstance(s, str) for s in scenarios):
        raise ScenarioError(f"{path}: 'scenarios' must be a non-empty list of scenario names")
    replications = check_int(raw.get("replications", 10), path, "replications", 1, 10_000)
    outcomes = tuple(raw.get("outcomes", OUTCOME_NAMES))
    unknown = set(outcomes) - set(OUTCOME_NAMES)
    if unknown:
        raise ScenarioError(
            f"{path}: unknown outcomes {sorted(unknown)}; allowed: {', '.join(OUTCOME_NAMES)}"
        )
    executor = raw.get("executor", "processes")
    if executor not in EXECUTORS:
        raise ScenarioError(
            f"{path}: executor must be one of {', '.join(EXECUTORS)}, got {executor!r}"
        )
    study = Study(
        name=str(raw.get("name", path.stem)),
        description=str(raw.get("description", "")),
        scenarios=tuple(scenarios),
        replications=replications,
        paths=check_int(raw.get("paths", replications), path, "paths", 1, replications),
        end=str(raw.get("end", "2035-12")),
        scale=float(raw.get("scale", 0.01)),
        seed=check_int(raw.get("seed", 0), path, "seed", 0, 2**31),
        outcomes=outcomes,
        executor=executor,
        workers=check_int(raw.get("workers", 2), path, "workers", 1, 1024),
        address=str(raw.get("address", "")),
        folder=str(path.parent),
    )
    for name in study.scenarios:  # every scenario must load with the study's settings
        load(study.scenario_file(name), scale=study.scale, end=study.end)
    return study


def check_int(value, path: Path, key: str, low: int, high: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise ScenarioError(f"{path}: '{key}' must be an integer in [{low}, {high}], got {value!r}")
    return value
