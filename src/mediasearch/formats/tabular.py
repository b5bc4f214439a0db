"""Search results as data files: CSV for spreadsheets and JSON for scripts."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence

from mediasearch.catalogue.entries import Entry
from mediasearch.catalogue.facets import COUNTRIES, FacetDefinition, tag_facets
from mediasearch.catalogue.vocabulary import Vocabulary
from mediasearch.formats.output_format import ExportContext, OutputFormat

#: First characters that make a spreadsheet read a cell as a formula (OWASP CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
#: The UTF-8 byte order mark: without it Excel reads a CSV as the local code page, so accents
#: (María, Côte d'Ivoire) come out garbled.
BOM = "\ufeff"


def _with_codes(definition: FacetDefinition) -> bool:
    """Countries get a column of ISO codes beside their names: what joins other data sets."""
    return definition.source == COUNTRIES


def csv_columns() -> tuple[str, ...]:
    """The CSV header: the entry's fields (tag fields as the catalogue names them), its page."""
    tags: list[str] = []
    for definition in tag_facets():
        tags.append(definition.entry_field)
        if _with_codes(definition):
            tags.append(f"{definition.name}_codes")
    return ("id", "title", "date", "type", "description", *tags, "people", "url", "page")


def _labels(vocabulary: Vocabulary, facet: str, keys: Sequence[str]) -> str:
    return "; ".join(vocabulary.label(facet, key) for key in keys)


def _tag_cells(entry: Entry, vocabulary: Vocabulary) -> list[str]:
    cells = []
    for definition in tag_facets():
        keys = entry.facet_keys(definition.name)
        cells.append(_labels(vocabulary, definition.name, keys))
        if _with_codes(definition):
            cells.append("; ".join(keys))
    return cells


def safe_cell(text: str) -> str:
    """A cell a spreadsheet shows as text: a leading formula character gets a quote before it."""
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text


def entries_to_csv(entries: Sequence[Entry], context: ExportContext) -> str:
    """One row per entry; multi-valued fields as labels joined by "; " (spreadsheet-friendly)."""
    vocabulary = context.vocabulary
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(csv_columns())
    for entry in entries:
        row = [
            entry.id,
            entry.title,
            entry.date.isoformat(),
            vocabulary.label("type", entry.type),
            entry.description,
            *_tag_cells(entry, vocabulary),
            "; ".join(entry.people),
            entry.url or "",
            context.page_url(entry.id),
        ]
        writer.writerow([safe_cell(cell) for cell in row])
    return BOM + out.getvalue()


def entries_to_json(entries: Sequence[Entry], context: ExportContext) -> str:
    """A JSON list of entries as the API gives them, each with its page address."""
    data = [
        {key: value for key, value in entry.to_dict().items() if key not in ("notes", "suggested")}
        | {"page": context.page_url(entry.id)}
        for entry in entries
    ]
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


CSV = OutputFormat("csv", "CSV", "csv", "text/csv", entries_to_csv)
JSON = OutputFormat("json", "JSON", "json", "application/json", entries_to_json, charset=None)
