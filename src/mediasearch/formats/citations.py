"""Entries as citations reference managers import: RIS and BibTeX."""

from __future__ import annotations

import re
from collections.abc import Sequence

from mediasearch.catalogue.entries import Entry
from mediasearch.catalogue.facets import tag_facets
from mediasearch.formats.output_format import ExportContext, OutputFormat

PUBLISHER = "International Labour Organization"

# RIS reference types: audiovisual items are VIDEO, still images PICT, the rest electronic.
_RIS_TYPES = {"video": "VIDEO", "interview": "VIDEO", "photo-series": "PICT", "infographic": "PICT"}


def _keywords(entry: Entry, context: ExportContext) -> list[str]:
    """The labels of the entry's tags in the facets citations list as keywords."""
    return [
        context.vocabulary.label(definition.name, key)
        for definition in tag_facets()
        if definition.keywords
        for key in entry.facet_keys(definition.name)
    ]


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
        lines.extend(f"KW  - {label}" for label in _keywords(entry, context))
        lines.extend(f"KW  - {person}" for person in entry.people)
        lines.append(f"UR  - {entry.url or context.page_url(entry.id)}")
        lines.append("ER  - ")
        lines.append("")
    return "\r\n".join(lines)


def entries_to_bibtex(entries: Sequence[Entry], context: ExportContext) -> str:
    """BibTeX @misc records keyed by entry id, LaTeX special characters escaped."""
    records = []
    for entry in entries:
        fields = [
            ("title", "{" + _latex(entry.title) + "}"),
            ("author", "{" + _latex(PUBLISHER) + "}"),
            ("year", str(entry.year)),
            ("month", entry.date.strftime("%b").lower()),
            ("date", entry.date.isoformat()),
            ("howpublished", _latex(context.vocabulary.label("type", entry.type))),
            ("url", entry.url or context.page_url(entry.id)),
        ]
        if entry.description:
            fields.append(("abstract", _latex(entry.description)))
        keywords = _keywords(entry, context)
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


RIS = OutputFormat(
    "ris", "RIS", "ris", "application/x-research-info-systems", entries_to_ris, citable=True
)
BIBTEX = OutputFormat(
    "bibtex", "BibTeX", "bib", "application/x-bibtex", entries_to_bibtex, citable=True
)
