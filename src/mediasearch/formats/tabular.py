"""Search results as data files: CSV for spreadsheets and JSON for scripts."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence

from mediasearch.catalogue.entries import Entry
from mediasearch.catalogue.facets import tag_facets
from mediasearch.catalogue.vocabulary import Vocabulary
from mediasearch.formats.output_format import ExportContext, OutputFormat


def csv_columns() -> tuple[str, ...]:
    """The CSV header: the entry's fields (tag fields as the catalogue names them), its page."""
    tags = tuple(definition.entry_field for definition in tag_facets())
    return ("id", "title", "date", "type", "description", *tags, "people", "url", "page")


def _labels(vocabulary: Vocabulary, facet: str, keys: Sequence[str]) -> str:
    return "; ".join(vocabulary.label(facet, key) for key in keys)


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
            *(_labels(vocabulary, d.name, entry.facet_keys(d.name)) for d in tag_facets()),
            "; ".join(entry.people),
            entry.url or "",
            context.page_url(entry.id),
        ]
        writer.writerow(row)
    return out.getvalue()


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
