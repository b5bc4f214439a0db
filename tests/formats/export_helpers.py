"""What the format tests share: an export context with a public page address, entries by id."""

from __future__ import annotations

from mediasearch.catalogue.entries import Entry
from mediasearch.catalogue.loading import Catalogue
from mediasearch.formats.output_format import ExportContext


def page_url(entry_id: str) -> str:
    """An entry's permalink on a public site, as citations and feeds print it."""
    return f"https://media.example.org/entries/{entry_id}"


def context(catalogue: Catalogue, **feed: str) -> ExportContext:
    """The export context of the fixture catalogue."""
    return ExportContext(catalogue.vocabulary, page_url, **feed)


def entries(catalogue: Catalogue, *ids: str) -> list[Entry | None]:
    """The catalogue's entries with these ids, in this order."""
    return [catalogue.get(entry_id) for entry_id in ids]
