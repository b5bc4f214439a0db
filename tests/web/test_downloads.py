"""The download routes: exports of a search, its Atom feed, citations and OpenSearch."""

from __future__ import annotations

import csv
import io
import json
import re
from xml.etree import ElementTree

import pytest

from fixture_ids import NEWEST
from html_page import attribute, links, one, parse_html, text_of
from mediasearch.formats import registry
from mediasearch.formats.output_format import OutputFormat

ATOM = {"a": "http://www.w3.org/2005/Atom"}


def test_csv_export_has_every_result_of_the_search_not_just_the_page(client):
    response = client.get("/export/csv?q=fishing&sort=oldest&per_page=10&page=2")
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "text/csv; charset=utf-8"
    # The byte order mark tells spreadsheets the file is UTF-8, so accents read right.
    assert response.data.startswith(b"\xef\xbb\xbfid,title,date,")
    assert response.headers["Content-Disposition"] == (
        'attachment; filename="mediasearch-fishing.csv"'
    )
    rows = list(csv.DictReader(io.StringIO(response.get_data(as_text=True).removeprefix("\ufeff"))))
    assert [row["id"] for row in rows] == [
        "viet-nam-seafood-workers",
        "thai-fishers-ship-to-shore",
        "script-injection-test",
    ]
    assert rows[0]["page"] == "http://localhost/entries/viet-nam-seafood-workers"


@pytest.mark.parametrize(
    ("format_name", "mimetype", "filename", "start"),
    [
        ("json", "application/json", "mediasearch-all.json", "["),
        ("ris", "application/x-research-info-systems", "mediasearch-all.ris", "TY  - "),
        ("bibtex", "application/x-bibtex", "mediasearch-all.bib", "@misc{"),
    ],
)
def test_every_export_format_downloads(client, format_name, mimetype, filename, start):
    response = client.get(f"/export/{format_name}?country=THA")
    assert (response.status_code, response.mimetype) == (200, mimetype)
    assert response.headers["Content-Disposition"] == f'attachment; filename="{filename}"'
    assert response.get_data(as_text=True).startswith(start)


def test_json_export_matches_the_search(client):
    data = json.loads(client.get("/export/json?country=THA").get_data(as_text=True))
    assert [item["id"] for item in data] == ["script-injection-test", "thai-fishers-ship-to-shore"]


def test_unknown_format_is_a_404_and_bad_parameters_a_400(client):
    missing = client.get("/export/xlsx")
    assert missing.status_code == 404
    message = text_of(one(parse_html(missing.get_data(as_text=True)), ".error-message"))
    assert message.startswith("There is no “xlsx” download")
    assert client.get("/export/csv?year_from=abc").status_code == 400


def test_feed_lists_the_newest_results_of_the_search(client):
    response = client.get("/feed.atom?q=fishing&sort=oldest")
    assert (response.status_code, response.mimetype) == (200, "application/atom+xml")
    feed = ElementTree.fromstring(response.data)
    assert feed.findtext("a:title", namespaces=ATOM) == "ILO labour migration media: “fishing”"
    assert [e.findtext("a:id", namespaces=ATOM) for e in feed.findall("a:entry", ATOM)] == [
        "http://localhost/entries/script-injection-test",
        "http://localhost/entries/thai-fishers-ship-to-shore",
        "http://localhost/entries/viet-nam-seafood-workers",
    ]


def test_citations_of_one_entry(client):
    ris = client.get("/entries/maria-olave-interview/citation.ris")
    bib = client.get("/entries/maria-olave-interview/citation.bib")
    assert ris.headers["Content-Disposition"] == 'attachment; filename="maria-olave-interview.ris"'
    assert ris.get_data(as_text=True).startswith("TY  - VIDEO\r\nTI  - María Olave on fair")
    assert bib.get_data(as_text=True).startswith("@misc{maria-olave-interview,\n")
    assert client.get("/entries/maria-olave-interview/citation.pdf").status_code == 404
    assert client.get("/entries/no-such-entry/citation.ris").status_code == 404


def test_a_citation_by_a_former_id_moves_to_the_current_one(client):
    response = client.get("/entries/syrian-refugees-jordan/citation.bib")
    assert (response.status_code, response.headers["Location"]) == (
        301,
        "/entries/refugees-jordan-work-permits/citation.bib",
    )


def test_opensearch_description(client):
    response = client.get("/opensearch.xml")
    assert response.mimetype == "application/opensearchdescription+xml"
    root = ElementTree.fromstring(response.data)
    ns = {"o": "http://a9.com/-/spec/opensearch/1.1/"}
    templates = {url.get("type"): url.get("template") for url in root.findall("o:Url", ns)}
    assert templates == {
        "text/html": "http://localhost/?q={searchTerms}",
        "application/atom+xml": "http://localhost/feed.atom?q={searchTerms}",
        "application/opensearchdescription+xml": "http://localhost/opensearch.xml",
    }


def test_pages_link_to_downloads_feed_and_citations(client):
    page = parse_html(client.get("/?q=fishing&page=1&per_page=10").get_data(as_text=True))
    downloads = one(page, "p.downloads")
    assert ("/export/csv?q=fishing&per_page=10", "CSV") in links(downloads, "a[download]")
    assert ("/export/bibtex?q=fishing&per_page=10", "BibTeX") in links(downloads, "a[download]")
    feeds = page.css('head link[rel="alternate"][type="application/atom+xml"]')
    assert [attribute(link, "href") for link in feeds] == ["/feed.atom?q=fishing&per_page=10"]
    assert page.css('head link[rel="search"][type="application/opensearchdescription+xml"]')
    nothing = parse_html(client.get("/?q=zzzzqqq").get_data(as_text=True))
    assert nothing.css("p.downloads") == []
    entry = parse_html(client.get("/entries/maria-olave-interview").get_data(as_text=True))
    bibtex = ("/entries/maria-olave-interview/citation.bib", "BibTeX")
    assert bibtex in links(entry, ".citations a[download]")


def titles(entries, context) -> str:
    return "".join(f"{entry.title}\n" for entry in entries)


def test_a_registered_format_is_offered_served_and_cited(client, monkeypatch):
    monkeypatch.setattr(registry, "FORMATS", dict(registry.FORMATS))
    registry.register_format(
        OutputFormat("titles", "Titles", "txt", "text/plain", titles, citable=True)
    )
    page = parse_html(client.get("/?country=THA").get_data(as_text=True))
    offered = {text_of(a): attribute(a, "href") for a in page.css(".downloads a[download]")}
    assert offered["Titles"] == "/export/titles?country=THA"
    served = client.get(offered["Titles"])
    assert (served.status_code, served.content_type) == (200, "text/plain; charset=utf-8")
    assert served.headers["Content-Disposition"] == 'attachment; filename="mediasearch-all.txt"'
    assert served.get_data(as_text=True) == (
        "Safety first <script>alert(1)</script> for seafarers\n"
        "Ship to Shore Rights for Thai fishers\n"
    )
    entry = parse_html(client.get("/entries/maria-olave-interview").get_data(as_text=True))
    cited = {text_of(a): attribute(a, "href") for a in entry.css(".citations a[download]")}
    assert cited == {
        "RIS": "/entries/maria-olave-interview/citation.ris",
        "BibTeX": "/entries/maria-olave-interview/citation.bib",
        "CSL-JSON": "/entries/maria-olave-interview/citation.csl.json",
        "Titles": "/entries/maria-olave-interview/citation.txt",
    }
    citation = client.get(cited["Titles"]).get_data(as_text=True)
    assert citation == "María Olave on fair recruitment in Latin America\n"
    paths = client.get("/api/openapi.json").get_json()["paths"]
    assert "titles" in paths["/export/{format_name}"]["get"]["parameters"][0]["schema"]["enum"]


def test_the_catalogue_snapshot_is_the_version_searched_named_by_date_and_hash(client, app):
    from mediasearch.catalogue.loading import catalogue_digest

    digest = catalogue_digest(app.config["ENTRIES_PATH"], app.config["VOCABULARY_PATH"])
    as_json = client.get("/catalogue.json")
    as_yaml = client.get("/catalogue.yaml")

    assert as_json.status_code == 200 and as_yaml.status_code == 200
    snapshot = as_json.get_json()
    assert snapshot["catalogue_hash"] == digest == as_json.headers["X-Catalogue-Hash"]
    assert snapshot["entry_count"] == len(snapshot["entries"]) == 14
    assert [entry["id"] for entry in snapshot["entries"]] == NEWEST
    assert re.fullmatch(
        rf'attachment; filename="mediasearch-catalogue-\d{{4}}-\d\d-\d\d-{digest}\.json"',
        as_json.headers["Content-Disposition"],
    )
    assert as_yaml.get_data() == app.config["ENTRIES_PATH"].read_bytes()
    assert as_yaml.headers["Content-Type"] == "application/yaml; charset=utf-8"
    assert client.get("/catalogue.xml").status_code == 404


def test_an_edited_catalogue_is_not_offered_as_the_version_searched(client, app, tmp_path):
    edited = tmp_path / "entries.yaml"
    edited.write_bytes(app.config["ENTRIES_PATH"].read_bytes() + b"\n# an edit\n")
    app.config["ENTRIES_PATH"] = edited

    response = client.get("/catalogue.yaml")

    assert response.status_code == 409
    assert "catalogue.json is" in response.get_data(as_text=True)
    assert client.get("/catalogue.json").status_code == 200
