"""Search results as an Atom feed, so a reader can follow a search."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from xml.etree import ElementTree

from mediasearch.catalogue.entries import Entry
from mediasearch.formats.citations import PUBLISHER
from mediasearch.formats.output_format import ExportContext, OutputFormat

ATOM = "http://www.w3.org/2005/Atom"


def entries_to_atom(entries: Sequence[Entry], context: ExportContext) -> str:
    """An Atom feed of entries (newest first is the caller's choice), one <entry> each."""
    ElementTree.register_namespace("", ATOM)
    feed = ElementTree.Element(f"{{{ATOM}}}feed")

    def add(
        parent: ElementTree.Element, tag: str, text: str | None = None, **attributes: str
    ) -> ElementTree.Element:
        element = ElementTree.SubElement(parent, f"{{{ATOM}}}{tag}", attributes)
        element.text = text
        return element

    newest = max((entry.date for entry in entries), default=datetime.date(1970, 1, 1))
    add(feed, "id", context.self_url)
    add(feed, "title", context.title)
    add(feed, "updated", _timestamp(newest))
    add(feed, "link", rel="self", href=context.self_url, type="application/atom+xml")
    add(feed, "link", rel="alternate", href=context.search_url, type="text/html")
    author = add(feed, "author")
    add(author, "name", PUBLISHER)
    for entry in entries:
        page = context.page_url(entry.id)
        item = add(feed, "entry")
        add(item, "id", page)
        add(item, "title", entry.title)
        add(item, "updated", _timestamp(entry.date))
        add(item, "published", _timestamp(entry.date))
        add(item, "link", rel="alternate", href=page, type="text/html")
        if entry.url:
            add(item, "link", rel="related", href=entry.url)
        if entry.description:
            add(item, "summary", entry.description)
        for key in entry.facet_keys("topic"):
            add(item, "category", term=key)
    return ElementTree.tostring(feed, encoding="unicode", xml_declaration=True) + "\n"


def _timestamp(date: datetime.date) -> str:
    return f"{date.isoformat()}T00:00:00Z"


# The feed has its own link on every search page (and /feed.atom), not a download link.
ATOM_FEED = OutputFormat(
    "atom", "Atom feed", "atom", "application/atom+xml", entries_to_atom, offered=False,
    charset=None,
)  # fmt: skip
