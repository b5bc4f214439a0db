"""Search results as an Atom feed, over the fixture catalogue."""

from __future__ import annotations

from xml.etree import ElementTree

from export_helpers import context, entries, page_url

from mediasearch.formats.atom import entries_to_atom


def test_atom_feed_is_well_formed_and_escapes_text(fixture_catalogue):
    text = entries_to_atom(
        entries(fixture_catalogue, "script-injection-test", "covid-migrant-workers-statement"),
        context(
            fixture_catalogue,
            title="mediasearch: fishing",
            self_url="https://media.example.org/feed.atom?q=fishing",
            search_url="https://media.example.org/?q=fishing",
        ),
    )
    ns = {"a": "http://www.w3.org/2005/Atom"}
    feed = ElementTree.fromstring(text)
    assert feed.findtext("a:id", namespaces=ns) == "https://media.example.org/feed.atom?q=fishing"
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
