"""Writes new entries into the catalogue file as YAML text, leaving every existing byte alone."""

from __future__ import annotations

import json
import os
import stat
import tempfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from mediasearch.catalogue.entries import ISO_DATE
from mediasearch.catalogue.located_yaml import Located, plain, read_yaml
from mediasearch.curation.captures import CapturedItem
from mediasearch.errors import CatalogueError, Problem


@dataclass
class NewEntry:
    """An item the import adds: the captured item, its new id, sources and suggestions."""

    id: str
    item: CapturedItem
    sources: list[str]
    url: str | None
    notes: str = ""
    suggested: dict[str, tuple[str, ...]] = field(default_factory=dict)
    type: str | None = None


def entry_values(new: NewEntry) -> dict[str, object]:
    """A new entry's fields as the catalogue reader returns them: every scalar a string."""
    data: dict[str, object] = {"id": new.id, "title": new.item.title}
    data["date"] = new.item.date.isoformat()
    if new.item.description:
        data["description"] = new.item.description
    if new.item.description_cut:
        data["description_cut"] = "true"
    if new.url:
        data["url"] = new.url
    data["sources"] = list(new.sources)
    if new.notes:
        data["notes"] = new.notes
    if new.suggested:
        data["suggested"] = {name: list(keys) for name, keys in new.suggested.items()}
    return data


def entry_yaml(new: NewEntry) -> str:
    """The YAML text of one new entry, a list item in catalogue field order."""
    # The date is dumped as a date, so it is written plain (2021-09-15), not quoted; the flag
    # as a boolean, so it is written true, not 'true'.
    data = {**entry_values(new), "date": new.item.date}
    if new.item.description_cut:
        data["description_cut"] = True
    text = yaml.safe_dump(
        [data], sort_keys=False, allow_unicode=True, width=96, default_flow_style=False
    )
    if new.type:
        # Type is required and not a tag field, so its guess is a comment, not a value.
        text = text.replace("\n", f"\n  # suggested type: {new.type}\n", 1)
    return text


def insert_entries(text: str, existing: list[dict], added: list[NewEntry]) -> str:
    """The file's text with each new entry inserted before the first older entry."""
    lines = text.splitlines(keepends=True)
    if lines and not lines[-1].endswith("\n"):
        lines[-1] += "\n"
    if not existing:
        # An empty catalogue is written `[]`; a block list cannot follow a flow one.
        lines = [line for line in lines if line.strip() != "[]"]
    # Entries are written at the list's own indentation, so a hand-indented file stays valid.
    first = lines[existing[0]["start"]] if existing else ""
    indent = first[: len(first) - len(first.lstrip(" \t"))]
    dated = [e for e in existing if ISO_DATE.match(e["date"])]  # an undated entry gives no order
    at_end: list[str] = []
    inserts: dict[int, list[str]] = {}
    for new in added:
        block = "".join(indent + line for line in entry_yaml(new).splitlines(keepends=True))
        later = [e for e in dated if e["date"] < new.item.date.isoformat()]
        if not later:
            # Entries are separated by a blank line, so the file reads as a list of cards.
            if lines or at_end:
                at_end.append("\n")
            at_end.append(block)
            continue
        index = later[0]["start"]
        # A comment above an entry stays with it; above the first entry it is the file's header.
        while later[0] is not existing[0] and index > 0 and _comment(lines[index - 1], indent):
            index -= 1
        inserts.setdefault(index, []).append(block + "\n")
    for index in sorted(inserts, reverse=True):
        lines[index:index] = inserts[index]
    if at_end and lines and not lines[-1].strip():
        at_end = at_end[1:]  # the file already ends with a blank line
    return "".join(lines + at_end)


def _comment(line: str, indent: str) -> bool:
    """Whether a line is a comment at the list's level, not a block scalar's text ("# …")."""
    # A block scalar's lines are indented deeper than the entry's dash, so they never match.
    return line.lstrip()[:1] == "#" and len(line) - len(line.lstrip()) <= len(indent)


def read_existing(path: Path) -> list[dict]:
    """The catalogue's entries as raw strings and lines; it need not validate (yet)."""
    root = read_yaml(path)
    if root is None:
        return []
    if not isinstance(root.value, list):
        raise CatalogueError([Problem(str(path), root.line, "expected a list of entries")])
    lines = path.read_text(encoding="utf-8").splitlines()
    entries = []
    for node in root.value:
        fields = node.value if isinstance(node.value, dict) else {}
        start = node.line - 1
        while start > 0 and not lines[start].lstrip().startswith("-"):
            start -= 1
        ids = [_scalar(fields, "id")] + _strings(fields, "old_ids")
        entries.append(
            {
                "id": _scalar(fields, "id"),
                "ids": ids,
                "title": _scalar(fields, "title"),
                "date": _scalar(fields, "date"),
                "desc": _scalar(fields, "description"),
                "url": _scalar(fields, "url"),
                "sources": _strings(fields, "sources"),
                "start": start,
            }
        )
    return entries


def write_text(target: Path, text: str, added: list[NewEntry]) -> None:
    """Replace the file atomically, once the new text reads as the old entries plus ``added``."""
    try:
        handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=".import-", suffix=".yaml")
    except OSError as error:
        raise CatalogueError(
            [Problem(str(target), None, f"cannot write: {error.strerror}")]
        ) from None
    try:
        # mkstemp creates the file 0600: a web worker running as another user could no longer
        # read the catalogue, so it gets the mode of the file it replaces.
        os.fchmod(handle, _file_mode(target))
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write(text)
        check_text(target, Path(temporary), added)
        os.replace(temporary, target)
    finally:
        if os.path.exists(temporary):
            os.unlink(temporary)


def check_text(target: Path, written: Path, added: list[NewEntry]) -> None:
    """Raise CatalogueError unless ``written`` reads as the target's entries plus ``added``."""
    # The target is read now, not when the import was planned: a curator's edit since then
    # would otherwise be lost with the old text the new one was made from.
    before = [_canonical(entry) for entry in (_entries(target) if target.exists() else [])]
    after = [_canonical(entry) for entry in _entries(written)]
    problems = []
    for new in added:
        expected = _canonical(entry_values(new))
        if expected in after:
            after.remove(expected)
        else:
            problems.append(f"entry {new.id!r} would not be written as planned")
    if after != before:
        lost, extra = Counter(before) - Counter(after), Counter(after) - Counter(before)
        lost_ids, extra_ids = [_id(text) for text in lost], [_id(text) for text in extra]
        problems += [
            f"entry {name} would read differently"
            if name in extra_ids
            else f"entry {name} would be lost"
            for name in lost_ids
        ]
        problems += [
            f"entry {name} would appear unplanned" for name in extra_ids if name not in lost_ids
        ]
        problems += [] if lost or extra else ["the entries would change order"]
    if problems:
        message = "; ".join(problems) + "; nothing written (was the file edited meanwhile?)"
        raise CatalogueError([Problem(str(target), None, f"import refused: {message}")])


def _entries(path: Path) -> list[object]:
    root = plain(read_yaml(path))
    if root is None:
        return []
    if not isinstance(root, list):
        raise CatalogueError([Problem(str(path), None, "expected a list of entries")])
    return root


def _canonical(entry: object) -> str:
    # Entries compared as text: hashable, so a large catalogue's difference is cheap to count.
    return json.dumps(entry, sort_keys=True, ensure_ascii=False)


def _id(text: str) -> str:
    entry = json.loads(text)
    entry_id = entry.get("id") if isinstance(entry, dict) else None
    return repr(entry_id) if isinstance(entry_id, str) else repr(text[:60])


def _file_mode(target: Path) -> int:
    """The target's permission bits, or what a new file gets under the current umask."""
    try:
        return stat.S_IMODE(os.stat(target).st_mode)
    except FileNotFoundError:
        # The umask can only be read by setting it; a CLI process has no other thread to race.
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def _scalar(fields: dict, name: str) -> str:
    node: Located | None = fields.get(name, (0, None))[1]
    return node.value if node is not None and isinstance(node.value, str) else ""


def _strings(fields: dict, name: str) -> list[str]:
    node: Located | None = fields.get(name, (0, None))[1]
    values = node.value if node is not None and isinstance(node.value, list) else []
    return [value.value for value in values if isinstance(value.value, str)]
