"""Every text the CLI prints for people: search pages, builds, generations, stats, imports."""

from __future__ import annotations

import html
import re
from pathlib import Path
from typing import TYPE_CHECKING

from mediasearch.catalogue.stats import CatalogueStats
from mediasearch.index.build import INCREMENTAL, IndexSummary
from mediasearch.index.live import GenerationStatus
from mediasearch.search.results import SearchPage

if TYPE_CHECKING:
    # Types only: the import command alone loads the capture parser and tagging tables.
    from mediasearch.curation.captures import CapturedItem, CutItem
    from mediasearch.curation.importer import ImportPlan

_MARK = re.compile(r"<mark>(.*?)</mark>", re.DOTALL)
#: Facet values shown per facet on a terminal.
FACET_VALUES_SHOWN = 8


def plain_snippet(snippet: str) -> str:
    """Highlight HTML as terminal text: matches in [brackets], entities decoded."""
    # Marks first: the text between them is escaped, so a literal "<mark>" in data cannot match.
    return html.unescape(_MARK.sub(r"[\1]", snippet))


def format_page_text(page: SearchPage) -> str:
    """The whole page as lines of text."""
    params = page.params
    lines = []
    first = (params.page - 1) * params.per_page + 1
    if page.total:
        total = f"{page.total} result{'s' if page.total != 1 else ''}"
        if not page.hits:
            shown = f"none on page {params.page} of {total}"
        elif page.total == 1:
            shown = total
        else:
            shown = f"{first}–{first + len(page.hits) - 1} of {total}"
        lines.append(f"{shown} ({params.effective_sort}, {page.elapsed_ms:.0f} ms)")
    else:
        lines.append("no results")
    if page.suggestion:
        lines.append(f"did you mean: {page.suggestion}")
    for notice in page.notices:
        lines.append(f"try: {notice.message}" if notice.params else notice.message)
    for note in page.explanation:
        lines.append(f"  ({note})")
    lines.append("")
    for rank, hit in enumerate(page.hits, start=first):
        entry = hit.entry
        lines.append(f"{rank:>3}. {plain_snippet(hit.highlights.get('title', entry.title))}")
        lines.append(f"     {entry.date.isoformat()} · {entry.type} · {entry.id}")
        if "description" in hit.highlights:
            lines.append(f"     {plain_snippet(hit.highlights['description'])}")
        lines.append("")
    for recovery in page.recovery:
        lines.append(f"try: {recovery.message}")
    for facet in page.facets:
        if not facet.values:
            continue
        values = [
            f"{'*' if value.selected else ''}{value.label} ({value.count})"
            for value in facet.values[:FACET_VALUES_SHOWN]
        ]
        more = len(facet.values) - FACET_VALUES_SHOWN
        lines.append(
            f"{facet.label}: {', '.join(values)}" + (f", … {more} more" if more > 0 else "")
        )
    return "\n".join(lines).rstrip() + "\n"


def format_generations(statuses: list[GenerationStatus]) -> str:
    """One line per kept generation, oldest first, the live one starred, damaged ones say why."""
    if not statuses:
        return "no index generations yet\n"
    lines = []
    for status in statuses:
        marker = "*" if status.live else " "
        if status.fault:
            lines.append(f"{marker} {status.name}  damaged: {status.fault}")
            continue
        meta = status.meta
        count = meta.get("entry_count", "?")
        built = f"built {meta.get('built_at', '?')}, {count} entries, {meta.get('mode', '?')}"
        lines.append(f"{marker} {status.name}  {built}" + ("  (live)" if status.live else ""))
    return "\n".join(lines) + "\n"


def format_index_summary(summary: IndexSummary) -> str:
    """What a build did, in one line, after what was repaired if anything was."""
    repaired = f"{summary.repaired}\n" if summary.repaired else ""
    if not summary.switched:
        return (
            f"{repaired}index is up to date: {summary.total} entries in generation "
            f"{summary.generation}"
        )
    unchanged = f", {summary.unchanged} unchanged" if summary.mode == INCREMENTAL else ""
    return repaired + (
        f"indexed {summary.total} entries ({summary.mode}) in {summary.seconds:.2f} s: "
        f"{summary.added} added, {summary.updated} updated, {summary.removed} removed{unchanged}"
        f" → generation {summary.generation}"
    )


def format_stats(entries_path: Path, stats: CatalogueStats) -> str:
    """Catalogue coverage: counts per year, type and topic; untagged and undescribed entries."""
    lines = [f"{entries_path}: {stats.total} entries"]
    for title, counts in (
        ("per year", stats.per_year),
        ("per type", stats.per_type),
        ("per topic", stats.per_topic),
    ):
        lines.append(f"\nEntries {title}:")
        width = max((len(count.label) for count in counts), default=0)
        lines += [f"  {count.label:<{width}}  {count.count:>5}" for count in counts]
    for title, entries in (
        ("Untagged (no country, region or project)", stats.untagged),
        ("Undescribed (no description)", stats.undescribed),
    ):
        lines.append(f"\n{title}: {len(entries)}")
        lines += [f"  {entry.date.isoformat()}  {entry.id}" for entry in entries]
    return "\n".join(lines)


def format_import_report(plan: ImportPlan, dry_run: bool) -> str:
    """The import's report for a person: counts per file, then every decision."""
    out = [f"Import into {plan.target}" + (" (dry run: nothing written)" if dry_run else "")]
    for path, count in plan.counts.items():
        out.append(
            f"  {Path(path).name}: {_count(count.items, 'item')}, {count.cut} cut off, "
            f"{_count(count.duplicates, 'duplicate')}"
        )
    distinct = len(plan.added) + len(set(plan.known))
    out.append(
        f"Read {_count(plan.read, 'item')} ({distinct} distinct, "
        f"{_count(plan.duplicates, 'duplicate')}); {len(plan.completed)} cut off but completed, "
        f"{len(plan.read_elsewhere)} cut off but read complete elsewhere, "
        f"{len(plan.kept_cut)} kept with the description cut off, "
        f"{len(plan.refused)} cut off and left out."
    )
    verb = "Would add" if dry_run else "Added"
    added = _count(len(plan.added), "new entry", "new entries")
    out.append(f"{verb} {added}; {len(set(plan.known))} already catalogued.")
    out += [f"  + {new.item.date} {new.id}: {new.item.title}" for new in plan.added]
    sections = [
        ("Completed from related pages", [_completed(cut, full) for cut, full in plan.completed]),
        (
            "Cut off here but read complete in another capture or the catalogue",
            [f"{_cut(cut)} -> {where}" for cut, where in plan.read_elsewhere],
        ),
        (
            "Kept with the description cut off (description_cut: true; the page says so)",
            [_cut(cut) for cut in plan.kept_cut],
        ),
        (
            "Left out: cut off before its date line, so neither its date nor its title is whole",
            [_cut(cut) for cut in plan.refused],
        ),
        (
            "Sources not yet in the catalogue (reported, not written)",
            [f"{entry_id}: {source}" for entry_id, source in plan.new_sources],
        ),
        ("Conflicts", plan.conflicts),
        ("Unreadable text", plan.unreadable),
        ("Check", plan.warnings),
    ]
    for title, lines in sections:
        if lines:
            out.append(f"{title} ({len(lines)}):")
            out += [f"  {line}" for line in lines]
    return "\n".join(out)


def _count(number: int, noun: str, plural: str | None = None) -> str:
    return f"{number} {noun if number == 1 else plural or noun + 's'}"


def _completed(cut: CutItem, full: CapturedItem) -> str:
    page = f"{Path(full.path).parent.name}/{Path(full.path).name}"
    return f"{cut.path}:{cut.line}: {cut.text!r} ({cut.reason}) -> {full.title!r} from {page}"


def _cut(cut: CutItem) -> str:
    when = f" ({cut.date})" if cut.date else ""
    return f"{cut.path}:{cut.line}: {cut.text!r}{when}: {cut.reason}"
