"""Serving the web app: the development server, and waitress in one or several processes."""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import sys
from collections.abc import Callable
from pathlib import Path

from .catalogue import Catalogue, load_catalogue
from .errors import IndexMissingError
from .holder import IndexHolder

#: Threads per waitress process: Whoosh searching is CPU-bound, so a few are enough.
THREADS_PER_WORKER = 4


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
    from .indexer import build_index

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


def _serve_one(host: str, port: int, reuse_port: bool, threads: int) -> None:
    """One waitress process with its own app, and so its own index holder."""
    import waitress

    from .app import create_app

    sock = _listening_socket(host, port, reuse_port)
    waitress.serve(create_app(), sockets=[sock], threads=threads, ident="mediasearch")


def serve_production(host: str, port: int, workers: int, threads: int = THREADS_PER_WORKER) -> None:
    """Serve with waitress: one process, or ``workers`` processes sharing the port."""
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
