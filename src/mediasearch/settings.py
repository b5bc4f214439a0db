"""Settings declared once, each with its default and meaning; MEDIASEARCH_* overrides them."""

from __future__ import annotations

import os
from pathlib import Path

#: The repository root when running from a checkout: data/, index/ and templates/ live here.
PROJECT_ROOT = Path(__file__).resolve().parents[2]

#: (name, default, meaning). The web app reads these into its config; the CLI uses them as
#: option defaults, so both agree on where things are.
SETTINGS: tuple[tuple[str, object, str], ...] = (
    ("ENTRIES_PATH", PROJECT_ROOT / "data" / "entries.yaml", "the catalogue YAML file"),
    ("VOCABULARY_PATH", PROJECT_ROOT / "data" / "vocabulary.yaml", "the controlled lists"),
    ("INDEX_DIR", PROJECT_ROOT / "index", "where index generations are written"),
    ("CAPTURES_DIR", PROJECT_ROOT / "data" / "captures", "the ILO listing captures"),
    ("WARM_INDEX", True, "build a new generation's search caches before serving it"),
    ("CHECK_STALE", True, "tell visitors when the catalogue changed since the index was built"),
)
#: The settings that name files or directories (the rest are flags).
PATH_SETTINGS = ("ENTRIES_PATH", "VOCABULARY_PATH", "INDEX_DIR", "CAPTURES_DIR")


def setting(name: str) -> Path:
    """A path setting: MEDIASEARCH_<NAME> from the environment, or its default."""
    defaults = {key: default for key, default, _ in SETTINGS}
    override = os.environ.get(f"MEDIASEARCH_{name}")
    return Path(override) if override else Path(defaults[name])
