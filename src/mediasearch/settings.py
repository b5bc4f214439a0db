"""Settings declared once, each with its default and meaning; MEDIASEARCH_* overrides them."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from mediasearch.catalogue.loading import default_vocabulary_path

#: The repository root when running from a checkout: data/, index/ and templates/ live here.
PROJECT_ROOT = Path(__file__).resolve().parents[2]


def available_cores() -> int:
    """The cores this process may run on (its affinity where the system has one)."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


#: (name, default, meaning). The web app reads these into its config; the CLI uses them as
#: option defaults, so both agree on where things are.
SETTINGS: tuple[tuple[str, object, str], ...] = (
    ("ENTRIES_PATH", PROJECT_ROOT / "data" / "entries.yaml", "the catalogue YAML file"),
    (
        "VOCABULARY_PATH",
        None,
        "the controlled lists; unset, vocabulary.yaml beside ENTRIES_PATH (see vocabulary_path)",
    ),
    ("INDEX_DIR", PROJECT_ROOT / "index", "where index generations are written"),
    (
        "KEEP_GENERATIONS",
        3,
        "index generations kept on disk, the live one included, for `index --rollback`",
    ),
    ("INDEX_PROCESSES", 0, "processes a full index build writes with; 0: one per core"),
    ("CAPTURES_DIR", PROJECT_ROOT / "data" / "captures", "the ILO listing captures"),
    ("WARM_INDEX", True, "build a new generation's search caches before serving it"),
    ("CHECK_STALE", True, "tell visitors when the catalogue changed since the index was built"),
    (
        "INDEX_CHECK_INTERVAL",
        0.5,
        "seconds between two looks for a new index generation; requests in between cost nothing",
    ),
    (
        "PUBLIC_BASE_URL",
        None,
        "the site's public address (https://media.example.org): citations of entries without an "
        "ILO page link their permalink there; unset, the address a request came to, never a "
        "loopback one",
    ),
    ("HOST", "127.0.0.1", "the address `mediasearch serve` and `run` listen on"),
    ("PORT", 5000, "the port `mediasearch serve` and `run` listen on"),
    (
        "WORKERS",
        # One per core the process may use: searching is CPU-bound, and each worker holds its
        # own copy of the generation's arrays, so more would only cost memory.
        available_cores(),
        "gunicorn worker processes for `serve --production` and `run` (default: one per core)",
    ),
    (
        "THREADS_PER_WORKER",
        4,
        "threads per worker process: Whoosh searching is CPU-bound, so a few are enough",
    ),
)
#: The settings that name files or directories (the rest are flags and numbers).
PATH_SETTINGS = ("ENTRIES_PATH", "VOCABULARY_PATH", "INDEX_DIR", "CAPTURES_DIR")
DEFAULTS: dict[str, Any] = {name: default for name, default, _meaning in SETTINGS}


def setting(name: str) -> Any:
    """A setting: MEDIASEARCH_<NAME> from the environment, or its default.

    Paths come back as Path; other values are read as JSON where they parse (``5000`` is a
    number), as Flask's ``from_prefixed_env`` reads them for the app, so both agree.
    """
    override = os.environ.get(f"MEDIASEARCH_{name}")
    if name in PATH_SETTINGS:
        value = override or DEFAULTS[name]
        return None if value is None else Path(value)
    if override is None:
        return DEFAULTS[name]
    try:
        return json.loads(override)
    except ValueError:
        return override


def vocabulary_path(entries_path: Path, explicit: Path | str | None = None) -> Path:
    """The vocabulary to read with entries_path: explicit, MEDIASEARCH_VOCABULARY_PATH, or beside.

    The one rule for every command and the app: if they disagreed, the app would call an index
    that `mediasearch index` just built stale, and `mediasearch run` would rebuild at every start.
    """
    if explicit:
        return Path(explicit)
    return setting("VOCABULARY_PATH") or default_vocabulary_path(entries_path)
