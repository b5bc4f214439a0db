"""Serving the web app: Flask's development server, or gunicorn's supervised workers."""

from __future__ import annotations

import contextlib
import signal
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

from gunicorn.app.base import BaseApplication

from mediasearch.catalogue.entry_cache import CACHE_FILE
from mediasearch.catalogue.loading import Catalogue, load_catalogue
from mediasearch.cli.text import format_index_summary
from mediasearch.errors import CatalogueError, IndexMissingError
from mediasearch.index.build import build_index
from mediasearch.index.store import open_live_generation
from mediasearch.settings import setting
from mediasearch.web.app import create_app
from mediasearch.web.index_access import get_holder

if TYPE_CHECKING:
    from flask import Flask


def index_needs_build(index_dir: Path, catalogue: Catalogue) -> str | None:
    """Why the index must be built before serving ("missing", "stale"), or None."""
    try:
        generation = open_live_generation(index_dir)
    except IndexMissingError:
        return "missing"
    return "stale" if generation.catalogue_digest != catalogue.digest else None


def prepare_index(
    entries_path: Path,
    vocabulary_path: Path | None,
    index_dir: Path,
    echo: Callable[[str], None],
) -> None:
    """Validate the catalogue and build the index if it is missing or stale.

    An invalid catalogue with a servable index prints the problems and serves that index, as
    it would if the catalogue had been broken while serving; without one, it is an error.
    """
    try:
        catalogue = load_catalogue(entries_path, vocabulary_path, Path(index_dir) / CACHE_FILE)
    except CatalogueError as error:
        try:
            generation = open_live_generation(index_dir)
        except IndexMissingError:
            raise error from None
        echo(f"{error}\nserving the last good index ({generation.name}) until it is fixed")
        return
    echo(f"{entries_path}: {len(catalogue.entries)} entries OK")
    reason = index_needs_build(index_dir, catalogue)
    if reason is None:
        echo(f"index in {index_dir} is up to date")
        return
    echo(f"index is {reason}: building it")
    echo(format_index_summary(build_index(catalogue, index_dir)))


def _stop_serving(_signum: int, _frame: object) -> NoReturn:
    # SIGTERM's default action would end the process on the spot, skipping the finally below.
    raise SystemExit


@contextmanager
def serving_app(app: Flask) -> Iterator[Flask]:
    """Serve app in this block; on the way out (Ctrl+C, SIGTERM), close its index holder."""
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


class ProductionServer(BaseApplication):
    """gunicorn serving the app: a master that restarts dead workers, each with its own app.

    The app is made in each worker after the fork (no ``preload_app``), so no searcher, lock or
    index holder is ever shared between processes; a rebuilt index reaches every worker
    without a restart.
    """

    def __init__(self, options: dict[str, Any]):
        self.options = options
        super().__init__()

    def load_config(self) -> None:
        """gunicorn's settings from the options, never from a file or the command line."""
        for name, value in self.options.items():
            self.cfg.set(name, value)

    # types-gunicorn's start_response type is narrower than PEP 3333's, which Flask follows.
    def load(self) -> Flask:  # type: ignore[override]
        """The app of one worker."""
        return create_app()


def _open_index(worker: Any) -> None:
    """Open and warm the live generation before the worker's first request, if there is one."""
    # Without an index the worker still serves: every page is the 503 that says what to run.
    with contextlib.suppress(IndexMissingError):
        get_holder(worker.wsgi).generation()


def _close_index(_server: Any, worker: Any) -> None:
    """Close the worker's searchers as it leaves (a graceful stop or reload)."""
    if getattr(worker, "wsgi", None) is not None:
        get_holder(worker.wsgi).close()


def production_options(host: str, port: int, workers: int, threads: int) -> dict[str, Any]:
    """gunicorn's settings for serving mediasearch."""
    bind = f"[{host}]:{port}" if ":" in host else f"{host}:{port}"
    return {
        "bind": [bind],
        "workers": workers,
        # Threads within each process: requests wait on the disk and on each other's GIL
        # slices, so a few per worker keep a slow search from holding up the rest.
        "worker_class": "gthread",
        "threads": threads,
        "proc_name": "mediasearch",
        "post_worker_init": _open_index,
        "worker_exit": _close_index,
        # gunicorn's control socket defaults to one path per user, shared by every server.
        "control_socket_disable": True,
        "errorlog": "-",
    }


def serve_production(
    host: str, port: int, workers: int | None = None, threads: int | None = None
) -> None:
    """Serve with gunicorn until SIGTERM or Ctrl+C; SIGHUP reloads the workers gracefully."""
    options = production_options(
        host,
        port,
        workers or setting("WORKERS"),
        threads or setting("THREADS_PER_WORKER"),
    )
    ProductionServer(options).run()
