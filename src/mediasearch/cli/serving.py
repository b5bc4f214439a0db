"""Serving the web app: the development server, and waitress in one or several processes."""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

import waitress

from mediasearch.catalogue.loading import Catalogue, load_catalogue
from mediasearch.errors import IndexMissingError
from mediasearch.index.build import build_index
from mediasearch.index.holder import IndexHolder
from mediasearch.settings import setting
from mediasearch.web.app import create_app
from mediasearch.web.index_access import get_holder

if TYPE_CHECKING:
    from flask import Flask


def index_needs_build(index_dir: Path, catalogue: Catalogue) -> str | None:
    """Why the index must be built before serving ("missing", "stale"), or None."""
    try:
        generation = IndexHolder(index_dir).generation()
    except IndexMissingError:
        return "missing"
    return "stale" if generation.catalogue_digest != catalogue.digest else None


def prepare_index(
    entries_path: Path,
    vocabulary_path: Path | None,
    index_dir: Path,
    echo: Callable[[str], None],
) -> None:
    """Validate the catalogue and build the index if it is missing or stale."""
    catalogue = load_catalogue(entries_path, vocabulary_path)
    echo(f"{entries_path}: {len(catalogue.entries)} entries OK")
    reason = index_needs_build(index_dir, catalogue)
    if reason is None:
        echo(f"index in {index_dir} is up to date")
        return
    echo(f"index is {reason}: building it")
    echo(build_index(catalogue, index_dir).describe())


def _listening_socket(host: str, port: int, reuse_port: bool) -> socket.socket:
    """A bound, listening TCP socket; with reuse_port, several processes share the port."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    if reuse_port:
        # Linux balances new connections across every socket bound with SO_REUSEPORT.
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
    sock.bind((host, port))
    sock.listen(1024)
    return sock


def _stop_serving(_signum: int, _frame: object) -> NoReturn:
    # Waitress stops on SystemExit and returns, so the finally of serving_app runs;
    # SIGTERM's default action would end the process on the spot.
    raise SystemExit


@contextmanager
def serving_app(app: Flask) -> Iterator[Flask]:
    """Serve app in this block; on the way out (Ctrl+C, SIGTERM), close its index holder.

    Here rather than an atexit hook in create_app: this is where a server's life ends, once it
    has stopped accepting requests; forked workers leave by os._exit(), which
    skips atexit; and create_app also makes short-lived apps (tests), which an atexit hook
    would keep, with their open searchers, until the process ends.
    """
    previous = signal.signal(signal.SIGTERM, _stop_serving)
    try:
        yield app
    finally:
        signal.signal(signal.SIGTERM, previous)
        get_holder(app).close()


def serve_development(host: str, port: int) -> None:
    """Serve with Flask's development server (one process, no reloader)."""
    with serving_app(create_app()) as app:
        app.run(host=host, port=port, debug=False, use_reloader=False)


def _serve_one(host: str, port: int, reuse_port: bool, threads: int) -> None:
    """One waitress process with its own app, and so its own index holder."""
    sock = _listening_socket(host, port, reuse_port)
    with serving_app(create_app()) as app:
        waitress.serve(app, sockets=[sock], threads=threads, ident="mediasearch")


def serve_production(host: str, port: int, workers: int, threads: int | None = None) -> None:
    """Serve with waitress: one process, or ``workers`` processes sharing the port."""
    threads = threads or setting("THREADS_PER_WORKER")
    if workers <= 1:
        _serve_one(host, port, reuse_port=False, threads=threads)
        return
    if not hasattr(socket, "SO_REUSEPORT"):
        raise SystemExit("several workers need SO_REUSEPORT (Linux); use --workers 1")
    children = []
    for _ in range(workers):
        pid = os.fork()
        if pid == 0:
            # The child builds its app after the fork: no searcher or lock is shared.
            try:
                _serve_one(host, port, reuse_port=True, threads=threads)
            finally:
                os._exit(0)
        children.append(pid)

    def stop(signum: int, _frame: object) -> None:
        for child in children:
            with contextlib.suppress(ProcessLookupError):
                os.kill(child, signal.SIGTERM)

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    print(f"serving on http://{host}:{port} with {workers} waitress processes", file=sys.stderr)
    for child in children:
        with contextlib.suppress(ChildProcessError):
            os.waitpid(child, 0)
