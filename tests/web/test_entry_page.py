"""The entry page as a reference manager reads it: citation text, meta tags, JSON-LD."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest
from selectolax.lexbor import LexborHTMLParser as HTMLParser

from mediasearch.web.app import create_app
from mediasearch.web.entry_page import page_language
from mediasearch.web.links import Link

FIXTURE_ENTRIES = Path(__file__).parents[1] / "fixtures" / "catalogue" / "entries.yaml"


@pytest.fixture
def public_client(fixture_index_dir):
    """The app as deployed at a public address."""
    app = create_app(
        {
            "TESTING": True,
            "INDEX_DIR": fixture_index_dir,
            "ENTRIES_PATH": FIXTURE_ENTRIES,
            "PUBLIC_BASE_URL": "https://media.example.org/",
        }
    )
    return app.test_client()


def entry_page(client, entry_id: str) -> HTMLParser:
    response = client.get(f"/entries/{entry_id}")
    assert response.status_code == 200
    return HTMLParser(response.get_data(as_text=True))


def json_ld(page: HTMLParser) -> dict:
    (script,) = page.css('script[type="application/ld+json"]')
    return json.loads(script.text())


def test_citation_uses_the_public_permalink(public_client):
    page = entry_page(public_client, "maria-olave-interview")
    assert page.css_first("#citation-text").text() == (
        "International Labour Organization. (2022, November 3). María Olave on fair recruitment "
        "in Latin America [Interview]. https://media.example.org/entries/maria-olave-interview"
    )
    meta = {tag.attributes["name"]: tag.attributes["content"] for tag in page.css("meta[name]")}
    assert meta["citation_title"] == "María Olave on fair recruitment in Latin America"
    assert meta["citation_publication_date"] == "2022/11/03"
    assert meta["citation_public_url"] == (
        "https://media.example.org/entries/maria-olave-interview"
    )
    assert json_ld(page)["url"] == "https://media.example.org/entries/maria-olave-interview"
    bib = public_client.get("/entries/maria-olave-interview/citation.bib").get_data(as_text=True)
    assert "  url = {https://media.example.org/entries/maria-olave-interview},\n" in bib
    assert "  month = nov,\n" in bib


def test_an_ilo_page_is_cited_over_the_permalink(public_client):
    page = entry_page(public_client, "nepal-recruitment-fees-video")
    assert (
        page.css_first("#citation-text")
        .text()
        .endswith(" https://www.ilo.org/example/nepal-recruitment-fees")
    )
    assert json_ld(page)["@type"] == "VideoObject"


def test_a_loopback_address_is_never_cited(client):
    page = entry_page(client, "maria-olave-interview")
    assert page.css_first("#citation-text").text().endswith("[Interview].")
    assert "url" not in json_ld(page)
    assert not page.css('meta[name="citation_public_url"]')
    for extension in ("ris", "bib", "csl.json"):
        text = client.get(f"/entries/maria-olave-interview/citation.{extension}").text
        assert "localhost" not in text, extension


def test_json_ld_cannot_close_its_script(client):
    html = client.get("/entries/script-injection-test").get_data(as_text=True)
    # Inside <script> only "</script" ends the element: tojson writes < as \u003c.
    assert html.count("</script>") == html.count("<script")
    data = json_ld(HTMLParser(html))
    assert data["name"] == "Safety first <script>alert(1)</script> for seafarers"


@pytest.mark.parametrize(
    ("url", "language"),
    [
        ("https://www.ilo.org/global/WCMS_748989/lang--ja/index.htm", "Japanese"),
        ("http://www.ilo.org/global/WCMS_436536/lang--fr/index.htm", "French"),
        ("https://www.ilo.org/global/WCMS_533516_EN/lang--it/index.htm", "Italian"),
        ("https://www.ilo.org/global/WCMS_766061/lang--en/index.htm", None),
        ("https://www.ilo.org/global/WCMS_766061/index.htm", None),
        (None, None),
    ],
)
def test_page_language_names_a_page_that_is_not_in_english(url, language):
    assert page_language(url) == language


def test_entry_page_says_the_ilo_page_language_or_offers_the_listing_it_came_from(tmp_path):
    from mediasearch.catalogue.loading import load_catalogue
    from mediasearch.web.entry_page import entry_context

    catalogue = load_catalogue(FIXTURE_ENTRIES)
    entry = catalogue.entries[0]
    listing = "https://www.ilo.org/global/topics/labour-migration/photo-video/lang--en/index.htm"
    japanese = replace(entry, url="https://www.ilo.org/x/WCMS_1/lang--ja/index.htm")
    unlinked = replace(entry, url=None, sources=("first-page.txt", listing))

    with_page = entry_context(japanese, catalogue.vocabulary, "/", [])
    without = entry_context(unlinked, catalogue.vocabulary, "/", [])

    assert (with_page.page_language, with_page.listing_link) == ("Japanese", None)
    assert without.page_language is None
    assert without.listing_link == Link("Find it on the ILO listing page it was read from", listing)
