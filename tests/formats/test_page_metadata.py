"""An entry described for reference managers and search engines: meta tags and JSON-LD."""

from __future__ import annotations

from mediasearch.formats.output_format import ExportContext
from mediasearch.formats.page_metadata import citation_meta_tags, reference, schema_org


def page_url(entry_id: str) -> str:
    return f"https://media.example.org/entries/{entry_id}"


def test_citation_meta_tags(fixture_catalogue):
    entry = fixture_catalogue.get("thai-fishers-ship-to-shore")
    context = ExportContext(fixture_catalogue.vocabulary, page_url)
    assert citation_meta_tags(entry, context) == (
        ("citation_title", "Ship to Shore Rights for Thai fishers"),
        ("citation_author", "International Labour Organization"),
        ("citation_publisher", "International Labour Organization"),
        ("citation_publication_date", "2021/09/15"),
        ("citation_public_url", "https://media.example.org/entries/thai-fishers-ship-to-shore"),
        (
            "citation_abstract",
            "How the Ship to Shore Rights project improves working conditions on Thai "
            "fishing boats.",
        ),
        ("citation_keywords", "Fishing and seafood"),
        ("citation_keywords", "Fair recruitment"),
        ("citation_keywords", "Thailand"),
        ("citation_keywords", "Myanmar"),
        ("citation_keywords", "Cambodia"),
    )


def test_schema_org_type_follows_the_media_type(fixture_catalogue):
    context = ExportContext(fixture_catalogue.vocabulary, page_url)
    interview = fixture_catalogue.get("maria-olave-interview")
    assert schema_org(interview, context) == {
        "@context": "https://schema.org",
        "@type": "VideoObject",
        "name": "María Olave on fair recruitment in Latin America",
        "datePublished": "2022-11-03",
        "uploadDate": "2022-11-03",
        "author": {"@type": "Organization", "name": "International Labour Organization"},
        "publisher": {"@type": "Organization", "name": "International Labour Organization"},
        "genre": "Interview",
        "url": "https://media.example.org/entries/maria-olave-interview",
        "description": "María Olave, ILO specialist, explains how labour migration governance "
        "protects workers across the region.",
        "keywords": ["Fair recruitment"],
        "mentions": [{"@type": "Person", "name": "María Olave"}],
    }
    types = {entry.type: schema_org(entry, context)["@type"] for entry in fixture_catalogue.entries}
    assert types["photo-series"] == "ImageGallery"
    assert types["infographic"] == "ImageObject"
    assert types["statement"] == "CreativeWork"
    countries = schema_org(fixture_catalogue.get("refugees-jordan-work-permits"), context)
    # Names as the vocabulary gives them (pycountry's, or the common name where it has one).
    label = fixture_catalogue.vocabulary.label
    assert countries["contentLocation"] == [
        {"@type": "Country", "name": label("country", "JOR")},
        {"@type": "Country", "name": label("country", "SYR")},
    ]


def test_reference_without_a_public_address_has_none(fixture_catalogue):
    loopback = ExportContext(fixture_catalogue.vocabulary, lambda i: f"http://localhost/{i}")
    cited = reference(fixture_catalogue.get("maria-olave-interview"), loopback)
    assert cited.url is None
    assert "url" not in cited.json_ld
    assert "localhost" not in cited.text
    assert "citation_public_url" not in dict(cited.meta_tags)
