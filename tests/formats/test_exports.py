"""Exports of a search: CSV, JSON, RIS, BibTeX and Atom, over the fixture catalogue."""

from __future__ import annotations

import csv
import io
import json
from xml.etree import ElementTree

from mediasearch.formats.exports import (
    entries_to_atom,
    entries_to_bibtex,
    entries_to_csv,
    entries_to_json,
    entries_to_ris,
)
from mediasearch.search.engine import search_entries
from mediasearch.search.params import SearchParams


def page_url(entry_id: str) -> str:
    return f"http://127.0.0.1:5000/entries/{entry_id}"


def entries(catalogue, *ids):
    return [catalogue.get(entry_id) for entry_id in ids]


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
        fixture_catalogue.vocabulary,
        page_url,
    )
    rows = list(csv.DictReader(io.StringIO(text)))
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
            "regions": "South-East Asia",
            "projects": "Ship to Shore Rights South East Asia",
            "people": "",
            "url": "",
            "page": "http://127.0.0.1:5000/entries/thai-fishers-ship-to-shore",
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
            "regions": "Latin America and the Caribbean",
            "projects": "",
            "people": "María Olave",
            "url": "",
            "page": "http://127.0.0.1:5000/entries/maria-olave-interview",
        },
    ]


def test_json_lists_entries_without_curator_notes(fixture_catalogue):
    entry = fixture_catalogue.get("maria-olave-interview")
    data = json.loads(entries_to_json([entry], page_url))
    expected = {k: v for k, v in entry.to_dict().items() if k not in ("notes", "suggested")}
    assert data == [expected | {"page": page_url("maria-olave-interview")}]


def test_ris_records(fixture_catalogue):
    text = entries_to_ris(
        entries(fixture_catalogue, "maria-olave-interview", "nepal-recruitment-fees-video"),
        fixture_catalogue.vocabulary,
        page_url,
    )
    assert text.split("\r\n") == [
        "TY  - VIDEO",
        "TI  - María Olave on fair recruitment in Latin America",
        "AU  - International Labour Organization",
        "PB  - International Labour Organization",
        "PY  - 2022",
        "DA  - 2022/11/03",
        "M3  - Interview",
        "AB  - María Olave, ILO specialist, explains how labour migration governance protects "
        "workers across the region.",
        "KW  - Fair recruitment",
        "KW  - María Olave",
        "UR  - http://127.0.0.1:5000/entries/maria-olave-interview",
        "ER  - ",
        "",
        "TY  - VIDEO",
        "TI  - Ending recruitment fees for Nepali migrant workers",
        "AU  - International Labour Organization",
        "PB  - International Labour Organization",
        "PY  - 2023",
        "DA  - 2023/06/12",
        "M3  - Video",
        "AB  - Migrant workers from Nepal tell how recruitment fees and related costs trapped "
        "them in debt, and how fair recruitment changes that.",
        "KW  - Fair recruitment",
        "KW  - Nepal",
        "KW  - Michelle Leighton",
        "UR  - https://www.ilo.org/example/nepal-recruitment-fees",
        "ER  - ",
        "",
    ]


def test_bibtex_escapes_latex_specials(fixture_catalogue):
    text = entries_to_bibtex(
        entries(fixture_catalogue, "script-injection-test"), fixture_catalogue.vocabulary, page_url
    )
    assert text == (
        "@misc{script-injection-test,\n"
        "  title = {{Safety first <script>alert(1)</script> for seafarers}},\n"
        "  author = {{International Labour Organization}},\n"
        "  year = {2022},\n"
        "  month = {may},\n"
        "  date = {2022-05-20},\n"
        "  howpublished = {Infographic},\n"
        "  url = {http://127.0.0.1:5000/entries/script-injection-test},\n"
        '  abstract = {<b>Bold</b> claims \\& "quotes" about fishing crews '
        "<script>alert(2)</script>.},\n"
        "  keywords = {Fishing and seafood, Thailand}\n"
        "}\n"
    )


def test_atom_feed_is_well_formed_and_escapes_text(fixture_catalogue):
    text = entries_to_atom(
        entries(fixture_catalogue, "script-injection-test", "covid-migrant-workers-statement"),
        title="mediasearch: fishing",
        feed_url="http://127.0.0.1:5000/feed.atom?q=fishing",
        search_url="http://127.0.0.1:5000/?q=fishing",
        page_url=page_url,
    )
    ns = {"a": "http://www.w3.org/2005/Atom"}
    feed = ElementTree.fromstring(text)
    assert feed.findtext("a:updated", namespaces=ns) == "2022-05-20T00:00:00Z"
    assert [
        (e.findtext("a:id", namespaces=ns), e.findtext("a:title", namespaces=ns))
        for e in feed.findall("a:entry", ns)
    ] == [
        (page_url("script-injection-test"), "Safety first <script>alert(1)</script> for seafarers"),
        (
            page_url("covid-migrant-workers-statement"),
            "Protecting migrant workers during the COVID-19 pandemic",
        ),
    ]
    assert "<script>" not in text
