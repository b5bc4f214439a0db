"""Search results as data files: CSV and JSON, over the fixture catalogue."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import replace

import pytest
from export_helpers import context, entries, page_url

from mediasearch.formats.tabular import BOM, entries_to_csv, entries_to_json, safe_cell
from mediasearch.search.engine import search_entries
from mediasearch.search.params import SearchParams


def test_search_entries_gives_every_hit_in_order_ignoring_paging(ram_generation):
    params = SearchParams(q="fishing", per_page=10, page=2, sort="oldest")
    found = search_entries(ram_generation, params)
    assert [entry.id for entry in found] == [
        "viet-nam-seafood-workers",
        "thai-fishers-ship-to-shore",
        "script-injection-test",
    ]
    assert [e.id for e in search_entries(ram_generation, params, limit=1)] == [
        "viet-nam-seafood-workers"
    ]


def test_csv_has_one_row_per_entry_with_labels(fixture_catalogue):
    text = entries_to_csv(
        entries(fixture_catalogue, "thai-fishers-ship-to-shore", "maria-olave-interview"),
        context(fixture_catalogue),
    )
    assert text.startswith(BOM)
    rows = list(csv.DictReader(io.StringIO(text.removeprefix(BOM))))
    assert rows == [
        {
            "id": "thai-fishers-ship-to-shore",
            "title": "Ship to Shore Rights for Thai fishers",
            "date": "2021-09-15",
            "type": "Video",
            "description": "How the Ship to Shore Rights project improves working conditions on "
            "Thai fishing boats.",
            "topics": "Fishing and seafood; Fair recruitment",
            "countries": "Thailand; Myanmar; Cambodia",
            "country_codes": "THA; MMR; KHM",
            "regions": "South-East Asia",
            "projects": "Ship to Shore Rights South East Asia",
            "people": "",
            "url": "",
            "page": "https://media.example.org/entries/thai-fishers-ship-to-shore",
        },
        {
            "id": "maria-olave-interview",
            "title": "María Olave on fair recruitment in Latin America",
            "date": "2022-11-03",
            "type": "Interview",
            "description": "María Olave, ILO specialist, explains how labour migration governance "
            "protects workers across the region.",
            "topics": "Fair recruitment",
            "countries": "",
            "country_codes": "",
            "regions": "Latin America and the Caribbean",
            "projects": "",
            "people": "María Olave",
            "url": "",
            "page": "https://media.example.org/entries/maria-olave-interview",
        },
    ]


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
def test_a_cell_that_starts_a_formula_is_text(start):
    assert safe_cell(f'{start}HYPERLINK("http://x")') == f'\'{start}HYPERLINK("http://x")'


@pytest.mark.parametrize("text", ["", "Fair recruitment", "'quoted", " =spaced", "1+1"])
def test_other_cells_are_unchanged(text):
    assert safe_cell(text) == text


def test_imported_text_cannot_run_as_a_formula(fixture_catalogue):
    entry = replace(
        fixture_catalogue.get("maria-olave-interview"),
        title="=cmd|' /C calc'!A0",
        description="-2+3 workers",
        people=("@Maria",),
    )
    text = entries_to_csv([entry], context(fixture_catalogue))
    row = next(csv.DictReader(io.StringIO(text.removeprefix(BOM))))
    assert (row["title"], row["description"], row["people"]) == (
        "'=cmd|' /C calc'!A0",
        "'-2+3 workers",
        "'@Maria",
    )


def test_json_lists_entries_without_curator_notes(fixture_catalogue):
    entry = fixture_catalogue.get("maria-olave-interview")
    data = json.loads(entries_to_json([entry], context(fixture_catalogue)))
    expected = {k: v for k, v in entry.to_dict().items() if k not in ("notes", "suggested")}
    assert data == [expected | {"page": page_url("maria-olave-interview")}]
