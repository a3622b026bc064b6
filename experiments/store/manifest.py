"""`manifest.json`: what a results folder holds and whether each of its files is intact.

It records what was run (a header: the study, seeds, resolved scenarios), its
configuration hash, the versions, and for each run its status, attempts, last error
and the SHA-256 of each file it wrote. A run counts as done only while every one of
its files still has its recorded checksum.
"""

import json
from pathlib import Path

from floatpop.experiments.store.errors import StoreError
from floatpop.experiments.store.files import sha256, write_atomically
from floatpop.experiments.store.provenance import versions

MANIFEST_NAME = "manifest.json"


def read_manifest(out: Path) -> dict:
    """Return the manifest of results folder `out`.

    Raises
    ------
    StoreError
        When there is none, or it cannot be read.
    """
    path = Path(out) / MANIFEST_NAME
    if not path.exists():
        raise StoreError(f"{out}: no {MANIFEST_NAME}; is this the folder of a study?")
    try:
        return json.loads(path.read_text())
    except ValueError as err:
        raise StoreError(f"{path}: not a readable manifest ({err})") from None


class Manifest:
    """The manifest of one results folder, as the runner keeps it.

    An existing manifest is taken up, with a pending entry added for each new key of
    `keys`; else a new one starts from `header`.

    Raises
    ------
    StoreError
        If the folder holds results of a different configuration (`config_hash`).
    """

    def __init__(self, out: Path, header: dict, config_hash: str, keys: list[str]):
        self.out = Path(out)
        self.path = self.out / MANIFEST_NAME
        previous = read_manifest(out) if self.path.exists() else None
        if previous and previous.get("config_hash") != config_hash:
            raise StoreError(
                f"{out}: holds results of a different study (configuration "
                f"{previous.get('config_hash')}, this one {config_hash}); use another --out"
            )
        self.data = previous or {
            **header,
            "config_hash": config_hash,
            "versions": versions(),
            "runs": {},
        }
        for key in keys:
            self.data["runs"].setdefault(key, {"status": "pending", "attempts": 0})

    @property
    def runs(self) -> dict[str, dict]:
        """Each run's record by key: status, attempts, last error and files written."""
        return self.data["runs"]

    def intact(self, key: str) -> bool:
        """Return whether run `key` wrote files that all still carry their checksums."""
        files = self.runs[key].get("files")
        return bool(files) and all(
            (self.out / name).is_file() and sha256(self.out / name) == digest
            for name, digest in files.items()
        )

    def record_done(self, key: str, files: list[Path]) -> None:
        """Record that run `key` finished and wrote `files` (inside the folder); save."""
        run = self.runs[key]
        run.update(
            status="done",
            attempts=run["attempts"] + 1,
            files={str(p.relative_to(self.out)): sha256(p) for p in files},
        )
        run.pop("error", None)
        self.save()

    def record_error(self, key: str, error: str) -> None:
        """Record that an attempt at run `key` failed with `error` (it may be retried)."""
        run = self.runs[key]
        run.update(attempts=run["attempts"] + 1, error=error)

    def record_failed(self, key: str) -> None:
        """Record that run `key` failed for good (its last error stays recorded); save."""
        self.runs[key]["status"] = "failed"
        self.save()

    def reset(self, key: str) -> None:
        """Mark run `key` as to be done (again): its files are missing or damaged."""
        run = self.runs[key]
        run["status"] = "pending"
        run.pop("files", None)

    def statuses(self) -> dict[str, str]:
        """Return each run's status by key."""
        return {key: run["status"] for key, run in self.runs.items()}

    def save(self) -> None:
        """Write the manifest to `manifest.json`, atomically."""
        text = json.dumps(self.data, indent=2, default=str) + "\n"
        write_atomically(self.path, lambda p: p.write_text(text))


def move_aside_if_changed(out: Path, config_hash: str) -> Path | None:
    """Rename `out` to `<out>.<its hash>` when it holds runs with another configuration hash.

    Returns the new name, or None when there was nothing to move.

    Raises
    ------
    StoreError
        If the new name is taken.
    """
    out = Path(out)
    if not (out / MANIFEST_NAME).exists():
        return None
    previous = read_manifest(out).get("config_hash", "unknown")
    if previous == config_hash:
        return None
    target = out.with_name(f"{out.name}.{previous}")
    if target.exists():
        raise StoreError(f"{out}: cannot move it aside, {target} exists; remove one of them")
    out.rename(target)
    return target
