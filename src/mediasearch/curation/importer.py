"""Merges captured items into the catalogue as new YAML text, never rewriting curated entries."""

from __future__ import annotations

import dataclasses
import datetime
import difflib
import re
from dataclasses import dataclass, field
from pathlib import Path

from mediasearch.catalogue.entries import normalise_title
from mediasearch.catalogue.vocabulary import Vocabulary
from mediasearch.curation.captures import CapturedItem, CutItem, read_capture
from mediasearch.curation.tagging import suggest_tags, suggest_type
from mediasearch.curation.yaml_writer import NewEntry, insert_entries, read_existing, write_text

Key = tuple[str, str]
#: How alike (difflib ratio) a curator's title and the capture's are for one item.
RETITLED = 0.75


@dataclass
class FileCount:
    """What one capture held: complete items, items cut off, items already read elsewhere."""

    items: int = 0
    cut: int = 0
    duplicates: int = 0


@dataclass
class ImportPlan:
    """Everything an import would do, computed without writing anything."""

    target: Path
    counts: dict[str, FileCount] = field(default_factory=dict)
    added: list[NewEntry] = field(default_factory=list)
    #: (cut item, the related page's item that completed it)
    completed: list[tuple[CutItem, CapturedItem]] = field(default_factory=list)
    #: (cut item, where it was read complete: another capture's item or a catalogued entry)
    read_elsewhere: list[tuple[CutItem, str]] = field(default_factory=list)
    #: cut items with a whole title and date, read complete nowhere: imported as cut
    kept_cut: list[CutItem] = field(default_factory=list)
    #: cut items without a date line, read complete nowhere: left out of the catalogue
    refused: list[CutItem] = field(default_factory=list)
    known: list[str] = field(default_factory=list)
    #: (entry id, source or url the catalogue does not list yet); reported, never written
    new_sources: list[tuple[str, str]] = field(default_factory=list)
    conflicts: list[str] = field(default_factory=list)
    unreadable: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    new_text: str | None = None

    @property
    def read(self) -> int:
        """Items read with a whole title and date, duplicates included."""
        complete = sum(count.items for count in self.counts.values())
        return complete + len(self.completed) + len(self.kept_cut)

    @property
    def duplicates(self) -> int:
        """Items read more than once across the captures."""
        return sum(count.duplicates for count in self.counts.values())


@dataclass
class _Group:
    """One distinct item and every capture it was read from."""

    item: CapturedItem
    sources: list[str]
    url: str | None = None
    notes: str = ""


def plan_import(
    capture_paths: list[Path],
    target: Path,
    vocabulary: Vocabulary,
    related_dir: Path | None = None,
) -> ImportPlan:
    """Read captures and the catalogue; work out what to add, report and refuse."""
    plan = ImportPlan(target=Path(target))
    captures = [read_capture(path) for path in capture_paths]
    related = [read_capture(p) for p in sorted(related_dir.glob("*.txt"))] if related_dir else []
    related_items = [item for capture in related for item in capture.items]
    pages = {_key(item): item for item in related_items if item.url}
    groups: dict[Key, _Group] = {}
    checks: list[tuple[str, int, str]] = []
    for capture in captures:
        count = plan.counts.setdefault(capture.path, FileCount())
        plan.unreadable += [f"{capture.path}:{line}: {text}" for line, text in capture.unreadable]
        checks += [(capture.path, line, text) for line, text in capture.warnings]
        count.items += len(capture.items)
        count.cut += len(capture.cut)
        items = [(item, "") for item in capture.items]
        for cut in capture.cut:
            full = _complete(cut, related_items)
            if full is None and cut.date is not None:
                # Title and date are whole: the item is catalogued with what the capture holds.
                plan.kept_cut.append(cut)
                items.append((_cut_item(cut, cut.date), ""))
                continue
            if full is None:
                plan.refused.append(cut)
                continue
            plan.completed.append((cut, full))
            where = Path(full.path).name
            note = f"Completed from related/{where}: the listing capture cut it off."
            items.append((_replace(full, capture.path, cut.line), note))
        for item, note in items:
            group = groups.get(_key(item))
            if group is None:
                groups[_key(item)] = _Group(item, [capture.source], notes=note)
                continue
            count.duplicates += 1
            if capture.source not in group.sources:
                group.sources.append(capture.source)
            if group.item.description_cut and not item.description_cut:
                group.item, item = item, group.item  # a complete reading beats a cut one
            if not _same_text(item, group.item.description):
                plan.conflicts.append(
                    f"{item.path}:{item.line}: {item.title!r} ({item.date}) has another "
                    f"description than in {group.item.path}:{group.item.line}; the first is kept"
                )
    for key, group in groups.items():
        page = pages.get(key)
        if page is not None and page.url:  # always true: pages holds items with a url
            group.url = group.url or page.url
            if page.url not in group.sources:
                group.sources.append(page.url)
    existing = _merge(plan, groups, vocabulary)
    _settle_refused(plan, [group.item for group in groups.values()], existing)
    # A doubt about an item already catalogued was settled by its curator: only new ones count.
    added = {(new.item.path, new.item.line) for new in plan.added}
    plan.warnings = [
        f"{path}:{line}: {text}" for path, line, text in checks if (path, line) in added
    ]
    return plan


def _merge(plan: ImportPlan, groups: dict[Key, _Group], vocabulary: Vocabulary) -> list[dict]:
    """Compare with the catalogue: known entries are only reported, new ones get YAML text."""
    # read_yaml first: it turns an unreadable file into a CatalogueError, not a traceback.
    existing = read_existing(plan.target) if plan.target.exists() else []
    text = plan.target.read_text(encoding="utf-8") if plan.target.exists() else ""
    by_key = {(normalise_title(e["title"]), e["date"]): e for e in existing}
    # A single-item page's address is its item's identity, whatever title or date it shows.
    by_page = {page: e for e in existing for page in [e["url"], *e["sources"]] if page}
    taken = {name for entry in existing for name in entry["ids"]}
    unmatched: dict[Key, _Group] = {}
    for key, group in groups.items():
        entry = by_key.get(key)
        if entry is None and group.item.url in by_page:
            # Same page under another title, date or language: the curator chose the text.
            plan.known.append(by_page[group.item.url]["id"])
        elif entry is None:
            unmatched[key] = group
        else:
            _compare(plan, group, entry)
    # Only an entry no item matched exactly may have been retitled by its curator.
    claimed = set(plan.known)
    retitled = _match_retitled(unmatched, [e for e in existing if e["id"] not in claimed])
    for key, group in unmatched.items():
        entry = retitled.get(key)
        if entry is None:
            plan.added.append(_new_entry(group, taken, vocabulary))
            continue
        plan.conflicts.append(
            f"{group.item.path}:{group.item.line}: entry {entry['id']!r}: title differs from "
            f"the capture: {group.item.title!r}; kept the curator's {entry['title']!r}"
        )
        _compare(plan, group, entry)
    plan.added.sort(key=lambda new: new.item.date, reverse=True)
    if plan.added:
        plan.new_text = insert_entries(text, existing, plan.added)
    return existing


def _compare(plan: ImportPlan, group: _Group, entry: dict) -> None:
    """Report what the captures say of a catalogued entry that the catalogue does not."""
    plan.known.append(entry["id"])
    for source in group.sources:
        if source not in entry["sources"] and source != entry["url"]:
            plan.new_sources.append((entry["id"], source))
    if group.item.description and not _same_text(group.item, entry["desc"]):
        plan.conflicts.append(
            f"{group.item.path}:{group.item.line}: entry {entry['id']!r} has another "
            "description in the catalogue; the catalogue's is kept"
        )


def _match_retitled(groups: dict[Key, _Group], entries: list[dict]) -> dict[Key, dict]:
    """Pair items with entries a curator retitled: same date, a shared source, a close title.

    One listing holds many items on one date (ten interviews on 29 May 2014), so a shared
    source and date alone would swallow a new item; each entry takes at most one item, the
    closest pair first.
    """
    pairs = []
    for key, group in groups.items():
        title, date = key
        for index, entry in enumerate(entries):
            shared = set(group.sources) & {*entry["sources"], entry["url"]}
            if entry["date"] == date and shared:
                closeness = _closeness(title, normalise_title(entry["title"]))
                if closeness is not None:
                    pairs.append((closeness, key, index))
    matches: dict[Key, dict] = {}
    used: set[int] = set()
    for _, key, index in sorted(pairs, key=lambda pair: pair[0], reverse=True):
        if key not in matches and index not in used:
            matches[key] = entries[index]
            used.add(index)
    return matches


def _closeness(title: str, other: str) -> float | None:
    """How alike two normalised titles are, or None when they are two different titles."""
    if f" {title} " in f" {other} " or f" {other} " in f" {title} ":
        return 1.0  # a curator shortened or completed the title
    ratio = difflib.SequenceMatcher(None, title, other).ratio()
    # Distinct items on one date in the real captures reach 0.60 (the two REFRAME items of
    # 14 June 2021): a lower bar would take a new item for a retitled one.
    return ratio if ratio >= RETITLED else None


def _new_entry(group: _Group, taken: set[str], vocabulary: Vocabulary) -> NewEntry:
    item = group.item
    slug = make_slug(item.title)
    entry_id = slug
    for suffix in [str(item.date.year), *map(str, range(2, 1000))]:
        if entry_id not in taken:
            break
        entry_id = f"{slug}-{suffix}"
    taken.add(entry_id)
    words = f"{item.title}\n{item.description}"
    return NewEntry(
        id=entry_id,
        item=item,
        sources=group.sources,
        url=group.url,
        notes=group.notes,
        suggested=suggest_tags(words, vocabulary),
        type=suggest_type(words),
    )


def make_slug(title: str, limit: int = 60) -> str:
    """A lowercase, hyphenated id from a title, cut at a word boundary."""
    # An apostrophe joins its word ("Syria's" -> "syrias", not "syria-s").
    title = re.sub(r"(?<=\w)['’](?=\w)", "", title)
    words = re.sub(r"[^a-z0-9 ]+", "", normalise_title(title).replace("_", " ")).split()
    slug = ""
    for word in words:
        if slug and len(slug) + 1 + len(word) > limit:
            break
        slug = f"{slug}-{word}" if slug else word
    return slug or "item"


def write_import(plan: ImportPlan) -> None:
    """Write what the plan adds; with nothing to add the file stays byte-identical."""
    if plan.new_text is not None:
        write_text(plan.target, plan.new_text, plan.added)


def _complete(cut: CutItem, related: list[CapturedItem]) -> CapturedItem | None:
    """The one related item that is this cut item in full, or None."""
    start = normalise_title(cut.text)
    matches = []
    for item in related:
        if cut.date is not None:
            same = normalise_title(item.title) == start and item.date == cut.date
            if same and _text(item.description).startswith(_text(cut.description)):
                matches.append(item)
        elif start and normalise_title(item.title).startswith(start) and _in_month(item, cut):
            matches.append(item)
    distinct = {_key(item): item for item in matches}
    return next(iter(distinct.values())) if len(distinct) == 1 else None


def _settle_refused(plan: ImportPlan, complete: list[CapturedItem], existing: list[dict]) -> None:
    """Move a cut item read complete in another capture, or catalogued, out of the refused."""
    refused = []
    for cut in plan.refused:
        start = normalise_title(cut.text)
        item = next((i for i in complete if _cut_of(cut, start, i.title, i.date.isoformat())), None)
        entry = next((e for e in existing if _cut_of(cut, start, e["title"], e["date"])), None)
        if item is not None:
            where = f"{Path(item.path).name}:{item.line}"
            plan.read_elsewhere.append((cut, f"{item.title!r} ({item.date}) in {where}"))
        elif entry is not None:
            plan.read_elsewhere.append((cut, f"entry {entry['id']!r} of the catalogue"))
        else:
            refused.append(cut)
    plan.refused = refused


def _cut_of(cut: CutItem, start: str, title: str, date: str) -> bool:
    """Whether a complete title and ISO date are what the cut item began."""
    if not start or not normalise_title(title).startswith(start):
        return False
    if cut.date is not None:
        return date == cut.date.isoformat()
    return cut.month is None or date[:7] == f"{cut.month[0]:04d}-{cut.month[1]:02d}"


def _in_month(item: CapturedItem, cut: CutItem) -> bool:
    return cut.month is None or (item.date.year, item.date.month) == cut.month


def _replace(item: CapturedItem, path: str, line: int) -> CapturedItem:
    """The item as read at the cut item's place, so it is reported where the curator looks."""
    return dataclasses.replace(item, path=path, line=line)


def _cut_item(cut: CutItem, date: datetime.date) -> CapturedItem:
    return CapturedItem(cut.text, date, cut.description, cut.path, cut.line, description_cut=True)


def _same_text(item: CapturedItem, description: str) -> bool:
    """Whether an item's description is this one, or its beginning when the capture cut it."""
    if item.description_cut:
        return _text(description).startswith(_text(item.description))
    return _text(item.description) == _text(description)


def _key(item: CapturedItem) -> Key:
    return normalise_title(item.title), item.date.isoformat()


def _text(text: str | None) -> str:
    return " ".join((text or "").split())
