"""A study: several scenarios, many replications, one horizon and scale, one seed.

Study files are TOML:

    name = "demo"
    scenarios = ["baseline", "hukou_reform"]   # the first is the reference
    replications = 20
    paths = 20            # forecast paths; replication r uses path r % paths
    uncertainty = "paths" # paths | full: what each replication draws (study.uncertainty)
    end = "2035-12"
    scale = 0.01
    seed = 1
    outcomes = ["floating_stock", "integration_index"]   # default: all
    executor = "processes"   # serial | processes | dask
    workers = 2
"""

from dataclasses import asdict, dataclass, field
from pathlib import Path

from floatpop.experiments.runs.seeds import derive_seed
from floatpop.experiments.store.provenance import config_digest
from floatpop.experiments.study.executors import ExecutorSpec
from floatpop.model import OUTCOME_NAMES
from floatpop.scenarios import ScenarioError, load
from floatpop.scenarios.calibrated import read_posterior
from floatpop.scenarios.errors import FloatpopError
from floatpop.scenarios.files import read_toml
from floatpop.scenarios.names import UNCERTAINTIES

KEYS = (
    "name",
    "description",
    "scenarios",
    "replications",
    "paths",
    "uncertainty",
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
    """A study as its file gives it (module docstring), validated by `load_study`."""

    name: str
    scenarios: tuple[str, ...]
    replications: int
    paths: int
    end: str
    scale: float
    seed: int
    outcomes: tuple[str, ...]
    executor: ExecutorSpec = field(default_factory=ExecutorSpec)
    description: str = ""
    folder: str = "."  # where the study file is: scenario paths are relative to it
    uncertainty: str = "paths"  # what each replication draws (`study.uncertainty`)

    @property
    def default_out(self) -> Path:
        """Where its results go unless told otherwise: ``results/<name>``."""
        return Path("results") / self.name

    @property
    def reference(self) -> str:
        """The reference scenario: the first."""
        return self.scenarios[0]

    def scenario_file(self, name: str) -> str:
        """Return `name` as a shipped scenario name, or as a path relative to the study file."""
        candidate = Path(self.folder) / name
        return str(candidate) if candidate.suffix == ".toml" else name

    def config_hash(self) -> str:
        """Return the hash of what determines the results (not how or where they are computed)."""
        fields = asdict(self)
        for key in ("executor", "description", "folder"):
            fields.pop(key)
        fields["scenarios_resolved"] = [
            load(self.scenario_file(s)).parameters() for s in self.scenarios
        ]
        if self.uncertainty == "full":  # the draws come from the installed posterior
            posterior = read_posterior()
            fields["posterior"] = None if posterior is None else posterior.to_csv(index=False)
        return config_digest(fields)

    def run_seed(self, replication: int) -> int:
        """Return the model seed of replication r: the same for every scenario."""
        return derive_seed(self.seed, replication)


def load_study(path: str | Path, **overrides) -> Study:
    """Read and validate a study file; errors name the file, the key and what is allowed.

    `overrides` replace the file's values (None leaves a value as it is).

    Raises
    ------
    ScenarioError
        For a missing file, an unknown key or a bad value, or a scenario that does not
        load with the study's settings.
    """
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
    try:
        executor = ExecutorSpec().given(
            raw.get("executor"), raw.get("workers"), raw.get("address") or None
        )
    except FloatpopError as err:
        raise ScenarioError(f"{path}: {err}") from None
    uncertainty = raw.get("uncertainty", "paths")
    if uncertainty not in UNCERTAINTIES:
        raise ScenarioError(
            f"{path}: 'uncertainty' must be one of {', '.join(UNCERTAINTIES)}, got {uncertainty!r}"
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
        folder=str(path.parent),
        uncertainty=uncertainty,
    )
    for name in study.scenarios:  # every scenario must load with the study's settings
        load(study.scenario_file(name), scale=study.scale, end=study.end)
    return study


def check_int(value, path: Path, key: str, low: int, high: int) -> int:
    """Return `value` if it is an integer in [low, high]; else raise a ScenarioError."""
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise ScenarioError(f"{path}: '{key}' must be an integer in [{low}, {high}], got {value!r}")
    return value
