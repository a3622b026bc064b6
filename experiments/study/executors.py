"""Where runs are computed: `ExecutorSpec`, and the executors it opens.

Every executor is a `concurrent.futures.Executor`, and every one gives the same files,
bit for bit: this process (serial), local worker processes, or a Dask cluster.
"""

import multiprocessing
from concurrent.futures import Executor, Future, ProcessPoolExecutor
from contextlib import ExitStack
from dataclasses import dataclass, replace

from floatpop.scenarios.errors import FloatpopError

EXECUTORS = ("serial", "processes", "dask")


class SerialExecutor(Executor):
    """Runs each task at submit time, in this process (for debugging and small studies)."""

    def submit(self, fn, /, *args, **kwargs) -> Future:
        """Run `fn(*args, **kwargs)` now; return a future holding its result or its error."""
        future: Future = Future()
        try:
            future.set_result(fn(*args, **kwargs))
        except Exception as err:  # the runner decides what a failure means
            future.set_exception(err)
        return future


@dataclass(frozen=True)
class ExecutorSpec:
    """How to compute many runs.

    Parameters
    ----------
    kind : {"serial", "processes", "dask"}
        ``"serial"`` (this process), ``"processes"`` (local workers, the default) or
        ``"dask"`` (a Dask cluster: the one at `address`, or a local one).
    workers : int
        Parallel workers (local processes, or a local Dask cluster's).
    address : str
        An existing Dask scheduler, ``tcp://host:port``.

    Raises
    ------
    FloatpopError
        For an unknown kind, workers that are not a positive integer, or an address for
        a kind other than ``"dask"``.
    """

    kind: str = "processes"
    workers: int = 2
    address: str = ""

    def __post_init__(self):
        """Check the spec's options (a FloatpopError names the first one wrong)."""
        if self.kind not in EXECUTORS:
            raise FloatpopError(
                f"executor must be one of {', '.join(EXECUTORS)}, got {self.kind!r}"
            )
        if isinstance(self.workers, bool) or not isinstance(self.workers, int) or self.workers < 1:
            raise FloatpopError(f"workers must be a positive integer, got {self.workers!r}")
        if self.address and self.kind != "dask":
            raise FloatpopError(f"an address is for the dask executor, not {self.kind!r}")

    def given(self, kind=None, workers=None, address=None) -> "ExecutorSpec":
        """Return the spec with the options that are not None replaced (as on a command line)."""
        changes = {"kind": kind, "workers": workers, "address": address}
        return replace(self, **{k: v for k, v in changes.items() if v is not None})

    @property
    def window(self) -> int:
        """How many runs to keep in flight: two per worker, one when serial."""
        return 1 if self.kind == "serial" else 2 * self.workers

    def make(self) -> tuple[Executor, object]:
        """Open the executor; return (executor, resource to close afterwards, or None).

        Raises
        ------
        FloatpopError
            For the dask executor without ``distributed`` installed.
        """
        if self.kind == "serial":
            return SerialExecutor(), None
        if self.kind == "processes":
            # spawn: every worker starts clean, as on any platform
            context = multiprocessing.get_context("spawn")
            return ProcessPoolExecutor(self.workers, mp_context=context), None
        try:
            from distributed import Client, LocalCluster
        except ImportError:
            raise FloatpopError(
                "the dask executor needs floatpop[dask] (pip install 'floatpop[dask]')"
            ) from None
        resources = ExitStack()  # closed in reverse: the client, then a cluster we started
        if self.address:
            client = Client(self.address)
        else:
            cluster = LocalCluster(
                n_workers=self.workers,
                threads_per_worker=1,
                processes=True,
                dashboard_address=None,
            )
            resources.callback(cluster.close)
            client = Client(cluster)
        resources.callback(client.close)
        return client.get_executor(), resources
