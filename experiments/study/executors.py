"""The executors a study can run on, all as `concurrent.futures.Executor`."""

import multiprocessing
from concurrent.futures import Executor, Future, ProcessPoolExecutor


class SerialExecutor(Executor):
    """Runs each task at submit time, in this process (for debugging and small studies)."""

    def submit(self, fn, /, *args, **kwargs) -> Future:
        future: Future = Future()
        try:
            future.set_result(fn(*args, **kwargs))
        except Exception as err:  # the runner decides what a failure means
            future.set_exception(err)
        return future


def make_executor(kind: str, workers: int, address: str = "") -> tuple[Executor, object]:
    """(executor, resource to close) for 'serial', 'processes' or 'dask'.

    'dask' connects to the cluster at `address` (tcp://...), or starts a local one with
    `workers` single-threaded worker processes when no address is given.
    """
    if kind == "serial":
        return SerialExecutor(), None
    if kind == "processes":
        # spawn: every worker starts clean, as on any platform
        pool = ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("spawn"))
        return pool, None
    if kind == "dask":
        try:
            from distributed import Client, LocalCluster
        except ImportError:
            raise ValueError(
                "the dask executor needs floatpop[dask] (pip install 'floatpop[dask]')"
            ) from None
        if address:
            client = Client(address)
        else:
            client = Client(
                LocalCluster(
                    n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None
                )
            )
        return client.get_executor(), client
    raise ValueError(f"executor must be serial, processes or dask, got {kind!r}")
