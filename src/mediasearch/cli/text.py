"""Plain text for a terminal: a SearchPage (ranked hits, snippets, facets), index generations."""

from __future__ import annotations

import html
import re

from mediasearch.index.live import GenerationStatus
from mediasearch.search.results import SearchPage

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
