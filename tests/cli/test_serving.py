"""Production serving under gunicorn, for real: workers killed and replaced, reloads, stops."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from mediasearch.cli.serving import production_options

FIXTURE_ENTRIES = Path(__file__).parents[1] / "fixtures" / "catalogue" / "entries.yaml"
MEDIASEARCH = Path(sys.executable).with_name("mediasearch")
#: Generous for a loaded 2-core machine; a replacement takes well under a second.
DEADLINE = 20.0


def test_options_take_threads_and_workers_from_the_settings(monkeypatch):
    monkeypatch.setenv("MEDIASEARCH_THREADS_PER_WORKER", "3")
    options = production_options("::1", 8000, 5, 3)
    assert (options["bind"], options["workers"], options["threads"]) == (["[::1]:8000"], 5, 3)
    assert options["worker_class"] == "gthread"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def worker_pids(master: int) -> set[int]:
    """The live (not zombie) children of the gunicorn master."""
    pids = set()
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == master and fields[0] != "Z":
            pids.add(int(stat.parent.name))
    return pids


def get_json(url: str) -> dict | None:
    """The JSON a URL answers, or None while the server does not answer."""
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return json.load(response)
    except (OSError, urllib.error.URLError):
        return None


def wait_for(condition, what: str):
    """condition()'s first true value, polled until DEADLINE."""
    until = time.monotonic() + DEADLINE
    while time.monotonic() < until:
        value = condition()
        if value:
            return value
        time.sleep(0.05)
    pytest.fail(f"not within {DEADLINE} s: {what}")


class Server:
    """`mediasearch serve --production` running in a child process."""

    def __init__(self, index_dir: Path, workers: int):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        env = {
            **os.environ,
            "MEDIASEARCH_INDEX_DIR": str(index_dir),
            "MEDIASEARCH_ENTRIES_PATH": str(FIXTURE_ENTRIES),
        }
        command = [str(MEDIASEARCH), "serve", "--production", f"--workers={workers}"]
        self.process = subprocess.Popen(
            [*command, f"--port={self.port}"],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        wait_for(lambda: len(self.workers()) == workers, f"{workers} workers started")
        wait_for(lambda: get_json(f"{self.url}/healthz"), "the server answers")

    def workers(self) -> set[int]:
        return worker_pids(self.process.pid)

    def serving_pid(self) -> int | None:
        status = get_json(f"{self.url}/api/status")
        return status["worker_pid"] if status else None


@pytest.fixture(scope="module")
def server(fixture_index_dir) -> Iterator[Server]:
    """One server for the module (each start costs seconds); the SIGTERM test, last, ends it."""
    served = Server(fixture_index_dir, workers=2)
    yield served
    if served.process.poll() is None:
        served.process.kill()
        served.process.wait()


@pytest.mark.parametrize("signum", [signal.SIGKILL, signal.SIGBUS, signal.SIGSEGV])
def test_a_killed_worker_is_replaced_and_answers(server, signum):
    before = server.workers()
    victim = min(before)
    os.kill(victim, signum)

    def replaced() -> set[int]:
        now = server.workers()
        return now - before if len(now) == 2 else set()

    [new] = wait_for(replaced, "a new worker")
    assert victim not in server.workers()
    # Connections go to whichever worker accepts first: ask until the new one answers.
    wait_for(lambda: server.serving_pid() == new, "an answer from the new worker")


def test_sighup_replaces_every_worker_without_failing_a_request(server):
    before = server.workers()
    failures: list[str] = []
    stop = threading.Event()

    def keep_asking() -> None:
        while not stop.is_set():
            if get_json(f"{server.url}/api/search?q=migrant") is None:
                failures.append("no answer")

    asker = threading.Thread(target=keep_asking)
    asker.start()
    try:
        os.kill(server.process.pid, signal.SIGHUP)
        wait_for(
            lambda: len(now := server.workers()) == 2 and not now & before,
            "every worker replaced",
        )
    finally:
        stop.set()
        asker.join()
    assert failures == []


# Last: it stops the module's server.
def test_sigterm_stops_the_server_and_its_workers(server):
    workers = server.workers()
    server.process.send_signal(signal.SIGTERM)
    assert server.process.wait(timeout=DEADLINE) == 0
    assert not any(Path(f"/proc/{pid}").exists() for pid in workers)
