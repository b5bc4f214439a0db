"""The output format registry: each format declared once, looked up by name and extension."""

from __future__ import annotations

from pathlib import Path

import pytest

from mediasearch.formats import registry
from mediasearch.formats.output_format import ExportContext, OutputFormat


def titles(entries, context: ExportContext) -> str:
    return "".join(f"{entry.title}\n" for entry in entries)


@pytest.fixture
def formats(monkeypatch):
    """The registry's formats, as a copy this test may add to."""
    monkeypatch.setattr(registry, "FORMATS", dict(registry.FORMATS))
    return registry.FORMATS


def test_built_in_formats_in_page_order():
    assert [(f.name, f.label, f.extension, f.content_type) for f in registry.FORMATS.values()] == [
        ("csv", "CSV", "csv", "text/csv; charset=utf-8"),
        ("json", "JSON", "json", "application/json"),
        ("ris", "RIS", "ris", "application/x-research-info-systems; charset=utf-8"),
        ("bibtex", "BibTeX", "bib", "application/x-bibtex; charset=utf-8"),
        ("csl-json", "CSL-JSON", "csl.json", "application/vnd.citationstyles.csl+json"),
        ("atom", "Atom feed", "atom", "application/atom+xml"),
    ]
    offered = ["csv", "json", "ris", "bibtex", "csl-json"]
    assert [f.name for f in registry.offered_formats()] == offered
    assert [f.name for f in registry.citable_formats()] == ["ris", "bibtex", "csl-json"]


def test_lookups_by_name_and_citation_extension():
    assert registry.get_format("bibtex") is registry.FORMATS["bibtex"]
    assert registry.citation_format("bib") is registry.FORMATS["bibtex"]
    assert registry.get_format("xlsx") is None
    # CSV is a download, not a citation.
    assert registry.citation_format("csv") is None


def test_registering_a_format_adds_it_everywhere(formats):
    plain = registry.register_format(
        OutputFormat("titles", "Titles", "txt", "text/plain", titles, citable=True)
    )
    assert registry.get_format("titles") is plain
    assert registry.offered_formats()[-1] is plain
    assert registry.citation_format("txt") is plain


def test_a_name_or_citation_extension_is_taken_once(formats):
    with pytest.raises(ValueError, match="already named 'csv'"):
        registry.register_format(OutputFormat("csv", "CSV", "csv", "text/csv", titles))
    with pytest.raises(ValueError, match=r"already uses \.ris"):
        registry.register_format(OutputFormat("ris2", "RIS", "ris", "text/plain", titles, True))


def test_the_readme_lists_every_format():
    readme = (Path(__file__).parents[2] / "README.md").read_text(encoding="utf-8")
    table = readme[readme.index("| format | `/export/…`") :].split("\n\n")[0]
    rows = [row.split(" | ") for row in table.splitlines()[2:]]
    assert [row[1].split("`")[1] for row in rows] == list(registry.FORMATS)
    cited = [row[2].split("citation.")[1].rstrip("` |") for row in rows if "citation." in row[2]]
    assert cited == [f.extension for f in registry.citable_formats()]
