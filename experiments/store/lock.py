"""One writer per results folder.

The writer holds an exclusive lock (`flock`) on `<folder>/.lock` and writes its host,
process id and start time into it. A second study on the same folder is refused with a
message naming the holder. The operating system releases the lock when its process
ends, however it ends, so a lock file left behind by a writer killed with `kill -9` is
stale by construction: the next writer takes it over.
"""

import fcntl
import json
import os
import socket
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from floatpop.experiments.store.errors import StoreLocked

LOCK_NAME = ".lock"


def holder_text(fd: int) -> str:
    """Return who holds the lock open on `fd`, as its file says."""
    os.lseek(fd, 0, os.SEEK_SET)
    try:
        owner = json.loads(os.read(fd, 4096) or b"{}")
    except ValueError:
        return "an unknown process"
    return f"process {owner.get('pid')} on {owner.get('host')}, since {owner.get('since')}"


@contextmanager
def locked(folder: Path) -> Iterator[Path]:
    """Hold the writer's lock of `folder` while the block runs.

    Raises
    ------
    StoreLocked
        If another process (or another writer in this one) holds it.
    """
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    lock = folder / LOCK_NAME
    fd = os.open(lock, os.O_CREAT | os.O_RDWR, 0o644)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        who = holder_text(fd)
        os.close(fd)
        raise StoreLocked(
            f"{folder}: another study is writing here ({who}); wait for it to finish, or "
            "write into another folder"
        ) from None
    try:
        me = {
            "host": socket.gethostname(),
            "pid": os.getpid(),
            "since": time.strftime("%Y-%m-%d %H:%M:%S"),
        }
        os.ftruncate(fd, 0)  # a stale writer's details, if it was killed
        os.pwrite(fd, json.dumps(me).encode(), 0)
        yield lock
    finally:
        os.ftruncate(fd, 0)
        fcntl.flock(fd, fcntl.LOCK_UN)
        os.close(fd)
