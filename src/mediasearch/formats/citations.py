"""Entries as citations reference managers import: RIS, BibTeX and CSL-JSON, and as text."""

from __future__ import annotations

import ipaddress
import json
import re
from collections.abc import Sequence
from urllib.parse import urlsplit

from mediasearch.catalogue.entries import Entry
from mediasearch.catalogue.facets import tag_facets
from mediasearch.formats.output_format import ExportContext, OutputFormat

PUBLISHER = "International Labour Organization"

# RIS reference types: audiovisual items are VIDEO, still images PICT, the rest electronic.
_RIS_TYPES = {"video": "VIDEO", "interview": "VIDEO", "photo-series": "PICT", "infographic": "PICT"}


def keywords(entry: Entry, context: ExportContext) -> list[str]:
    """The labels of the entry's tags in the facets citations list as keywords."""
    return [
        context.vocabulary.label(definition.name, key)
        for definition in tag_facets()
        if definition.keywords
        for key in entry.facet_keys(definition.name)
    ]


#: CSL item types (citationstyles.org): moving images, still images, spoken statements.
_CSL_TYPES = {
    "video": "motion_picture",
    "interview": "interview",
    "statement": "speech",
    "photo-series": "graphic",
    "slideshow": "graphic",
    "infographic": "graphic",
    "exhibition": "graphic",
}


def is_public(url: str) -> bool:
    """Whether an address can be opened from elsewhere: not localhost nor a loopback address."""
    host = (urlsplit(url).hostname or "").rstrip(".")
    if not host or host == "localhost" or host.endswith(".localhost"):
        return False
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return True  # a host name
    return not (address.is_loopback or address.is_unspecified)


def citation_url(entry: Entry, context: ExportContext) -> str | None:
    """Where a citation points: the ILO's page when known, else the entry's public permalink.

    None when neither exists: a citation without an address beats one to this machine.
    """
    if entry.url:
        return entry.url
    page = context.page_url(entry.id)
    return page if is_public(page) else None


def formatted_citation(entry: Entry, context: ExportContext) -> str:
    """A reference as a reader pastes it (APA style): author, date, title, medium, address."""
    medium = context.vocabulary.label("type", entry.type)
    text = (
        f"{PUBLISHER}. ({entry.year}, {entry.date:%B} {entry.date.day}). "
        f"{_one_line(entry.title)} [{medium}]."
    )
    url = citation_url(entry, context)
    return f"{text} {url}" if url else text


def entries_to_ris(entries: Sequence[Entry], context: ExportContext) -> str:
    """RIS records (Zotero, EndNote, Mendeley) with the ILO as corporate author."""
    lines: list[str] = []
    for entry in entries:
        lines.append(f"TY  - {_RIS_TYPES.get(entry.type, 'ELEC')}")
        lines.append(f"TI  - {_one_line(entry.title)}")
        lines.append(f"AU  - {PUBLISHER}")
        lines.append(f"PB  - {PUBLISHER}")
        lines.append(f"PY  - {entry.year}")
        lines.append(f"DA  - {entry.date:%Y/%m/%d}")
        lines.append(f"M3  - {context.vocabulary.label('type', entry.type)}")
        if entry.description:
            lines.append(f"AB  - {_one_line(entry.description)}")
        lines.extend(f"KW  - {label}" for label in keywords(entry, context))
        lines.extend(f"KW  - {person}" for person in entry.people)
        url = citation_url(entry, context)
        if url:
            lines.append(f"UR  - {url}")
        lines.append("ER  - ")
        lines.append("")
    return "\r\n".join(lines)


def entries_to_bibtex(entries: Sequence[Entry], context: ExportContext) -> str:
    """BibTeX @misc records keyed by entry id, LaTeX special characters escaped."""
    records = []
    for entry in entries:
        # Values are written as BibTeX reads them: braced text, a bare month macro (oct).
        fields = [
            ("title", "{{" + _latex(entry.title) + "}}"),
            ("author", "{{" + _latex(PUBLISHER) + "}}"),
            ("year", f"{{{entry.year}}}"),
            ("month", entry.date.strftime("%b").lower()),
            ("date", f"{{{entry.date.isoformat()}}}"),
            ("howpublished", "{" + _latex(context.vocabulary.label("type", entry.type)) + "}"),
        ]
        url = citation_url(entry, context)
        if url:
            fields.append(("url", f"{{{url}}}"))
        if entry.description:
            fields.append(("abstract", "{" + _latex(entry.description) + "}"))
        subjects = keywords(entry, context)
        if subjects:
            fields.append(("keywords", "{" + _latex(", ".join(subjects)) + "}"))
        body = ",\n".join(f"  {name} = {value}" for name, value in fields)
        records.append(f"@misc{{{entry.id},\n{body}\n}}\n")
    return "\n".join(records)


def entries_to_csl_json(entries: Sequence[Entry], context: ExportContext) -> str:
    """CSL-JSON items (Zotero, Pandoc, citeproc), the ILO as the institutional author."""
    items = []
    for entry in entries:
        item: dict[str, object] = {
            "id": entry.id,
            "type": _CSL_TYPES.get(entry.type, "webpage"),
            "title": _one_line(entry.title),
            "author": [{"literal": PUBLISHER}],
            "publisher": PUBLISHER,
            "issued": {"date-parts": [[entry.year, entry.date.month, entry.date.day]]},
            "genre": context.vocabulary.label("type", entry.type),
        }
        url = citation_url(entry, context)
        if url:
            item["URL"] = url
        if entry.description:
            item["abstract"] = _one_line(entry.description)
        subjects = keywords(entry, context)
        if subjects:
            item["keyword"] = ", ".join(subjects)
        items.append(item)
    return json.dumps(items, ensure_ascii=False, indent=2) + "\n"


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


RIS = OutputFormat(
    "ris", "RIS", "ris", "application/x-research-info-systems", entries_to_ris, citable=True
)
BIBTEX = OutputFormat(
    "bibtex", "BibTeX", "bib", "application/x-bibtex", entries_to_bibtex, citable=True
)
CSL_JSON = OutputFormat(
    "csl-json",
    "CSL-JSON",
    "csl.json",
    "application/vnd.citationstyles.csl+json",
    entries_to_csl_json,
    citable=True,
    charset=None,
)
