"""The two servers under test, started as their users start them and always stopped."""

from __future__ import annotations

import contextlib
import http.client
import os
import signal
import socket
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import psutil

#: Longest wait for a server to answer its first request (a 100k index takes a while to open).
READY_TIMEOUT = 180.0
#: Longest wait for a server to stop after SIGTERM, before it is killed.
STOP_TIMEOUT = 15.0


def free_port() -> int:
    """A port nobody listens on now (the kernel picks it, so two runs never collide)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def ours_command(bin_dir: Path, port: int) -> list[str]:
    """Our production server, as the README starts it: two workers, one per core."""
    return [
        str(bin_dir / "mediasearch"),
        "serve",
        "--production",
        "--workers",
        "2",
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
    ]


def datasette_command(bin_dir: Path, database: Path, port: int) -> list[str]:
    """Datasette on the database, read-only, its time limits raised so every facet finishes."""
    return [
        str(bin_dir / "datasette"),
        "serve",
        "--immutable",
        str(database),
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "--setting",
        "sql_time_limit_ms",
        "120000",
        "--setting",
        "facet_time_limit_ms",
        "120000",
        # Ours suggests no facets; Datasette's suggestions cost a query per column.
        "--setting",
        "suggest_facets",
        "off",
    ]


@contextlib.contextmanager
def running(command: list[str], env: dict, port: int, log: Path) -> Iterator[psutil.Process]:
    """Run a server in its own process group until the block ends; stop it, children too."""
    with log.open("ab") as out:
        process = subprocess.Popen(
            command,
            env=env,
            stdout=out,
            stderr=out,
            stdin=subprocess.DEVNULL,
            start_new_session=True,
        )
    try:
        _wait_ready(process, port, log)
        yield psutil.Process(process.pid)
    finally:
        _stop(process)


def _wait_ready(process: subprocess.Popen, port: int, log: Path) -> None:
    deadline = time.monotonic() + READY_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"server exited with {process.returncode}; see {log}")
        with contextlib.suppress(OSError):
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
            connection.request("GET", "/")
            connection.getresponse().read()
            connection.close()
            return
        time.sleep(0.2)
    raise RuntimeError(f"server on port {port} not ready after {READY_TIMEOUT:.0f} s; see {log}")


def _stop(process: subprocess.Popen) -> None:
    """SIGTERM to the server's process group (its workers too), SIGKILL if it lingers."""
    if process.poll() is None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(STOP_TIMEOUT)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGKILL)
            process.wait(STOP_TIMEOUT)
    # Workers may outlive their parent for a moment; none may outlive the benchmark.
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL)


def resident_mb(server: psutil.Process) -> dict[str, float]:
    """Resident memory in MB: of the largest serving process, and of all of them together.

    A server with workers (ours) serves from its children; one without serves itself.
    """
    processes = [server, *server.children(recursive=True)]
    sizes = {}
    for process in processes:
        with contextlib.suppress(psutil.NoSuchProcess):
            sizes[process.pid] = process.memory_info().rss / 2**20
    workers = [sizes[p.pid] for p in processes[1:] if p.pid in sizes] or [sizes[server.pid]]
    return {"worker": round(max(workers), 1), "total": round(sum(sizes.values()), 1)}
