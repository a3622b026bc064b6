"""Start the app's page with `solara run`, on this machine only by default.

`floatpop app` calls `serve`; a test calls `start` and `stop` around a browser.
"""

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from floatpop.app.settings import AppSettings

PAGE = Path(__file__).parent / "page.py"


def free_port(host: str = "127.0.0.1") -> int:
    """Return a TCP port that is free on `host` now."""
    with socket.socket() as probe:
        probe.bind((host, 0))
        return probe.getsockname()[1]


def command(host: str, port: int, open_browser: bool = False) -> list[str]:
    """Return the `solara run` command line for the page."""
    return [
        sys.executable,
        "-m",
        "solara",
        "run",
        str(PAGE),
        "--host",
        host,
        "--port",
        str(port),
        "--production",
        "--no-check-version",  # no call out to a package registry at start
        "--open" if open_browser else "--no-open",
    ]


def environment(settings: AppSettings) -> dict[str, str]:
    """Return this process's environment with the page's settings added."""
    return {**os.environ, **settings.environment(), "MPLBACKEND": "Agg"}


def serve(settings: AppSettings, host: str, port: int, open_browser: bool) -> int:
    """Run the page until interrupted; return the server's exit status."""
    print(f"floatpop app: http://{host}:{port} (Ctrl-C stops it)", flush=True)
    return subprocess.call(command(host, port, open_browser), env=environment(settings))


def start(
    settings: AppSettings,
    host: str = "127.0.0.1",
    port: int | None = None,
    timeout: float = 90.0,
    log: Path | None = None,
) -> tuple[subprocess.Popen, str]:
    """Start the page in the background; return the server process and its address.

    Raises
    ------
    RuntimeError
        If the page does not answer within `timeout` seconds (the server is stopped).
    """
    port = port or free_port(host)
    out = open(log, "w") if log else subprocess.DEVNULL  # noqa: SIM115 (the server keeps it)
    server = subprocess.Popen(
        command(host, port), env=environment(settings), stdout=out, stderr=subprocess.STDOUT
    )
    url = f"http://{host}:{port}"
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            break
        try:
            with urllib.request.urlopen(url, timeout=2) as answer:
                if answer.status == 200:
                    return server, url
        except OSError:
            time.sleep(0.3)
    stop(server)
    raise RuntimeError(f"the app did not answer at {url} within {timeout:.0f} s")


def stop(server: subprocess.Popen) -> None:
    """Stop the server and wait for it."""
    if server.poll() is None:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
