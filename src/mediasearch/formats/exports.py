"""Search results and entries as downloads: CSV, JSON, RIS, BibTeX, and an Atom feed."""

from __future__ import annotations

import csv
import datetime
import io
import json
import re
from collections.abc import Callable, Sequence
from xml.etree import ElementTree

from mediasearch.catalogue.entries import Entry
from mediasearch.catalogue.vocabulary import Vocabulary

PUBLISHER = "International Labour Organization"

#: Format name -> (label, file extension, MIME type) of each download.
FORMATS = {
    "csv": ("CSV", "csv", "text/csv; charset=utf-8"),
    "json": ("JSON", "json", "application/json"),
    "ris": ("RIS", "ris", "application/x-research-info-systems"),
    "bibtex": ("BibTeX", "bib", "application/x-bibtex; charset=utf-8"),
}

# RIS reference types: audiovisual items are VIDEO, still images PICT, the rest electronic.
_RIS_TYPES = {"video": "VIDEO", "interview": "VIDEO", "photo-series": "PICT", "infographic": "PICT"}
CSV_COLUMNS = (
    "id", "title", "date", "type", "description", "topics", "countries", "regions",
    "projects", "people", "url", "page",
)  # fmt: skip

#: Builds the absolute address of an entry's page on this site from its id.
PageUrl = Callable[[str], str]


def _labels(vocabulary: Vocabulary, facet: str, keys: Sequence[str]) -> list[str]:
    return [vocabulary.label(facet, key) for key in keys]


def entries_to_csv(entries: Sequence[Entry], vocabulary: Vocabulary, page_url: PageUrl) -> str:
    """One row per entry; multi-valued fields as labels joined by "; " (spreadsheet-friendly)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for entry in entries:
        writer.writerow(
            [
                entry.id,
                entry.title,
                entry.date.isoformat(),
                vocabulary.label("type", entry.type),
                entry.description,
                "; ".join(_labels(vocabulary, "topic", entry.topics)),
                "; ".join(_labels(vocabulary, "country", entry.countries)),
                "; ".join(_labels(vocabulary, "region", entry.regions)),
                "; ".join(_labels(vocabulary, "project", entry.projects)),
                "; ".join(entry.people),
                entry.url or "",
                page_url(entry.id),
            ]
        )
    return out.getvalue()


def entries_to_json(entries: Sequence[Entry], page_url: PageUrl) -> str:
    """A JSON list of entries as the API gives them, each with its page address."""
    data = [
        {key: value for key, value in entry.to_dict().items() if key not in ("notes", "suggested")}
        | {"page": page_url(entry.id)}
        for entry in entries
    ]
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def entries_to_ris(entries: Sequence[Entry], vocabulary: Vocabulary, page_url: PageUrl) -> str:
    """RIS records (Zotero, EndNote, Mendeley) with the ILO as corporate author."""
    lines: list[str] = []
    for entry in entries:
        lines.append(f"TY  - {_RIS_TYPES.get(entry.type, 'ELEC')}")
        lines.append(f"TI  - {_one_line(entry.title)}")
        lines.append(f"AU  - {PUBLISHER}")
        lines.append(f"PB  - {PUBLISHER}")
        lines.append(f"PY  - {entry.year}")
        lines.append(f"DA  - {entry.date:%Y/%m/%d}")
        lines.append(f"M3  - {vocabulary.label('type', entry.type)}")
        if entry.description:
            lines.append(f"AB  - {_one_line(entry.description)}")
        for facet, keys in (("topic", entry.topics), ("country", entry.countries)):
            lines.extend(f"KW  - {label}" for label in _labels(vocabulary, facet, keys))
        lines.extend(f"KW  - {person}" for person in entry.people)
        lines.append(f"UR  - {entry.url or page_url(entry.id)}")
        lines.append("ER  - ")
        lines.append("")
    return "\r\n".join(lines)


def entries_to_bibtex(entries: Sequence[Entry], vocabulary: Vocabulary, page_url: PageUrl) -> str:
    """BibTeX @misc records keyed by entry id, LaTeX special characters escaped."""
    records = []
    for entry in entries:
        fields = [
            ("title", "{" + _latex(entry.title) + "}"),
            ("author", "{" + _latex(PUBLISHER) + "}"),
            ("year", str(entry.year)),
            ("month", entry.date.strftime("%b").lower()),
            ("date", entry.date.isoformat()),
            ("howpublished", _latex(vocabulary.label("type", entry.type))),
            ("url", entry.url or page_url(entry.id)),
        ]
        if entry.description:
            fields.append(("abstract", _latex(entry.description)))
        keywords = _labels(vocabulary, "topic", entry.topics)
        keywords += _labels(vocabulary, "country", entry.countries)
        if keywords:
            fields.append(("keywords", _latex(", ".join(keywords))))
        body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields)
        records.append(f"@misc{{{entry.id},\n{body}\n}}\n")
    return "\n".join(records)


_LATEX = {
    "\\": r"\textbackslash{}",
    "{": r"\{",
    "}": r"\}",
    "&": r"\&",
    "%": r"\%",
    "$": r"\$",
    "#": r"\#",
    "_": r"\_",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
}


def _latex(text: str) -> str:
    """Escape the characters LaTeX treats specially; Unicode letters pass (biber reads UTF-8)."""
    return re.sub(r"[\\{}&%$#_~^]", lambda match: _LATEX[match.group()], _one_line(text))


def _one_line(text: str) -> str:
    return " ".join(text.split())


ATOM = "http://www.w3.org/2005/Atom"


def entries_to_atom(
    entries: Sequence[Entry],
    *,
    title: str,
    feed_url: str,
    search_url: str,
    page_url: PageUrl,
) -> str:
    """An Atom feed of entries (newest first is the caller's choice), one <entry> each."""
    ElementTree.register_namespace("", ATOM)
    feed = ElementTree.Element(f"{{{ATOM}}}feed")

    def add(parent, tag: str, text: str | None = None, **attributes: str):
        element = ElementTree.SubElement(parent, f"{{{ATOM}}}{tag}", attributes)
        element.text = text
        return element

    newest = max((entry.date for entry in entries), default=datetime.date(1970, 1, 1))
    add(feed, "id", feed_url)
    add(feed, "title", title)
    add(feed, "updated", _timestamp(newest))
    add(feed, "link", rel="self", href=feed_url, type="application/atom+xml")
    add(feed, "link", rel="alternate", href=search_url, type="text/html")
    author = add(feed, "author")
    add(author, "name", PUBLISHER)
    for entry in entries:
        item = add(feed, "entry")
        add(item, "id", page_url(entry.id))
        add(item, "title", entry.title)
        add(item, "updated", _timestamp(entry.date))
        add(item, "published", _timestamp(entry.date))
        add(item, "link", rel="alternate", href=page_url(entry.id), type="text/html")
        if entry.url:
            add(item, "link", rel="related", href=entry.url)
        if entry.description:
            add(item, "summary", entry.description)
        for key in entry.topics:
            add(item, "category", term=key)
    return ElementTree.tostring(feed, encoding="unicode", xml_declaration=True) + "\n"


def _timestamp(date: datetime.date) -> str:
    return f"{date.isoformat()}T00:00:00Z"


def export_entries(
    format_name: str, entries: Sequence[Entry], vocabulary: Vocabulary, page_url: PageUrl
) -> str:
    """The entries in one of FORMATS."""
    if format_name == "csv":
        return entries_to_csv(entries, vocabulary, page_url)
    if format_name == "json":
        return entries_to_json(entries, page_url)
    if format_name == "ris":
        return entries_to_ris(entries, vocabulary, page_url)
    if format_name == "bibtex":
        return entries_to_bibtex(entries, vocabulary, page_url)
    raise ValueError(f"unknown export format {format_name!r}")
