"""Entries as citations: RIS, BibTeX, CSL-JSON and text, over the fixture catalogue."""

from __future__ import annotations

import json

import pytest
from export_helpers import context, entries, page_url

from mediasearch.formats.citations import (
    citation_url,
    entries_to_bibtex,
    entries_to_csl_json,
    entries_to_ris,
    formatted_citation,
    is_public,
)
from mediasearch.formats.output_format import ExportContext


def test_ris_records(fixture_catalogue):
    text = entries_to_ris(
        entries(fixture_catalogue, "maria-olave-interview", "nepal-recruitment-fees-video"),
        context(fixture_catalogue),
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
        "UR  - https://media.example.org/entries/maria-olave-interview",
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
        entries(fixture_catalogue, "script-injection-test"), context(fixture_catalogue)
    )
    assert text == (
        "@misc{script-injection-test,\n"
        "  title = {{Safety first <script>alert(1)</script> for seafarers}},\n"
        "  author = {{International Labour Organization}},\n"
        "  year = {2022},\n"
        "  month = may,\n"
        "  date = {2022-05-20},\n"
        "  howpublished = {Infographic},\n"
        "  url = {https://media.example.org/entries/script-injection-test},\n"
        '  abstract = {<b>Bold</b> claims \\& "quotes" about fishing crews '
        "<script>alert(2)</script>.},\n"
        "  keywords = {Fishing and seafood, Thailand}\n"
        "}\n"
    )


def loopback_url(entry_id: str) -> str:
    return f"http://127.0.0.1:5000/entries/{entry_id}"


@pytest.mark.parametrize(
    ("url", "public"),
    [
        ("https://media.example.org/entries/x", True),
        ("https://www.ilo.org/global/x", True),
        ("http://93.184.216.34/entries/x", True),
        ("http://127.0.0.1:5000/entries/x", False),
        ("http://127.8.0.1/entries/x", False),
        ("http://localhost/entries/x", False),
        ("http://app.localhost:8000/entries/x", False),
        ("http://[::1]:5000/entries/x", False),
        ("http://0.0.0.0:5000/entries/x", False),
        ("/entries/x", False),
    ],
)
def test_only_public_addresses_are_cited(url, public):
    assert is_public(url) is public


def test_citations_point_to_the_ilo_page_else_the_public_permalink_else_nowhere(
    fixture_catalogue,
):
    with_ilo_page = fixture_catalogue.get("nepal-recruitment-fees-video")
    without = fixture_catalogue.get("maria-olave-interview")
    public = context(fixture_catalogue)
    loopback = ExportContext(fixture_catalogue.vocabulary, loopback_url)
    assert (
        citation_url(with_ilo_page, loopback)
        == "https://www.ilo.org/example/nepal-recruitment-fees"
    )
    assert citation_url(without, public) == page_url("maria-olave-interview")
    assert citation_url(without, loopback) is None
    for render in (entries_to_ris, entries_to_bibtex, entries_to_csl_json):
        assert "127.0.0.1" not in render([without], loopback)
    assert "UR  - " not in entries_to_ris([without], loopback)


def test_formatted_citation(fixture_catalogue):
    entry = fixture_catalogue.get("maria-olave-interview")
    assert formatted_citation(entry, context(fixture_catalogue)) == (
        "International Labour Organization. (2022, November 3). María Olave on fair recruitment "
        "in Latin America [Interview]. https://media.example.org/entries/maria-olave-interview"
    )
    loopback = ExportContext(fixture_catalogue.vocabulary, loopback_url)
    assert formatted_citation(entry, loopback) == (
        "International Labour Organization. (2022, November 3). María Olave on fair recruitment "
        "in Latin America [Interview]."
    )


def test_csl_json_items(fixture_catalogue):
    text = entries_to_csl_json(
        entries(fixture_catalogue, "nepal-recruitment-fees-video", "maria-olave-interview"),
        context(fixture_catalogue),
    )
    assert json.loads(text) == [
        {
            "id": "nepal-recruitment-fees-video",
            "type": "motion_picture",
            "title": "Ending recruitment fees for Nepali migrant workers",
            "author": [{"literal": "International Labour Organization"}],
            "publisher": "International Labour Organization",
            "issued": {"date-parts": [[2023, 6, 12]]},
            "genre": "Video",
            "URL": "https://www.ilo.org/example/nepal-recruitment-fees",
            "abstract": "Migrant workers from Nepal tell how recruitment fees and related costs "
            "trapped them in debt, and how fair recruitment changes that.",
            "keyword": "Fair recruitment, Nepal",
        },
        {
            "id": "maria-olave-interview",
            "type": "interview",
            "title": "María Olave on fair recruitment in Latin America",
            "author": [{"literal": "International Labour Organization"}],
            "publisher": "International Labour Organization",
            "issued": {"date-parts": [[2022, 11, 3]]},
            "genre": "Interview",
            "URL": "https://media.example.org/entries/maria-olave-interview",
            "abstract": "María Olave, ILO specialist, explains how labour migration governance "
            "protects workers across the region.",
            "keyword": "Fair recruitment",
        },
    ]
