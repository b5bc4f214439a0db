"""Each generation's list of files with sizes and checksums, written at build, checked at open."""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Mapping
from pathlib import Path

from mediasearch.errors import IndexDamagedError

MANIFEST_FILE = "manifest.json"
#: Read in blocks this large, so hashing a large segment never holds it all in memory.
_BLOCK = 1 << 20


def _file_digest(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as file:
        while block := file.read(_BLOCK):
            digest.update(block)
    return digest.hexdigest()


def write_manifest(path: Path, known: Mapping[str, dict] | None = None) -> None:
    """Record every file of the generation directory at path: its size and SHA-256.

    Written last, once every other file is complete; a directory without one is not a
    finished generation.

    :param known: entries of files whose bytes are already listed (files another generation
        shares, as its manifest lists them), taken as they are instead of read again.
    """
    path = Path(path)
    known = known or {}
    files = {
        item.name: known.get(item.name)
        or {"size": item.stat().st_size, "sha256": _file_digest(item)}
        for item in sorted(path.iterdir())
        if item.is_file() and item.name != MANIFEST_FILE
    }
    text = json.dumps({"files": files}, indent=1) + "\n"
    with open(path / MANIFEST_FILE, "w", encoding="utf-8") as file:
        file.write(text)
        file.flush()
        # On disk before the directory is renamed into place and the pointer names it.
        os.fsync(file.fileno())


def read_manifest(path: Path) -> dict[str, dict]:
    """The files the manifest of the generation at path lists; IndexDamagedError if unreadable."""
    manifest = Path(path) / MANIFEST_FILE
    try:
        data = json.loads(manifest.read_text(encoding="utf-8"))
        files = data["files"]
        if not isinstance(files, dict) or not all(
            # Plain names only: a manifest cannot send the check outside its directory.
            Path(name).name == name and isinstance(info, dict) and {"size", "sha256"} <= info.keys()
            for name, info in files.items()
        ):
            raise ValueError("not a list of files with sizes and checksums")
    except FileNotFoundError:
        raise IndexDamagedError(f"index generation {path} has no {MANIFEST_FILE}") from None
    except (OSError, ValueError, KeyError, TypeError) as error:
        raise IndexDamagedError(f"unreadable {manifest}: {error}") from None
    return files


def verify_manifest(path: Path, checksums: bool = True) -> None:
    """Check every file the manifest lists is there, whole and unchanged; else IndexDamagedError.

    :param checksums: False checks sizes only (a stat per file: enough to catch truncation).
    """
    path = Path(path)
    for name, expected in read_manifest(path).items():
        file = path / name
        try:
            size = file.stat().st_size
            if size != expected["size"]:
                fault = f"is {size} bytes, {expected['size']} when built"
            elif checksums and _file_digest(file) != expected["sha256"]:
                fault = "has changed since it was built (checksum differs)"
            else:
                continue
        except OSError as error:
            fault = f"cannot be read ({error.strerror})"
        raise IndexDamagedError(f"index file {file} {fault}")
