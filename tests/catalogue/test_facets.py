"""Adding a facet is one declaration plus data: a "language" facet, end to end."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from selectolax.lexbor import LexborHTMLParser as HTMLParser

from mediasearch.catalogue import facets
from mediasearch.catalogue.facets import VOCABULARY, FacetDefinition
from mediasearch.catalogue.loading import load_catalogue
from mediasearch.errors import CatalogueError
from mediasearch.index.build import build_index
from mediasearch.index.store import open_live_generation
from mediasearch.search.engine import run_search
from mediasearch.search.params import SearchParams, parse_params
from mediasearch.search.results import FacetValue
from mediasearch.web.app import create_app

FIXTURE = Path(__file__).parent.parent / "fixtures" / "catalogue"

#: The one declaration the new facet needs.
LANGUAGE = FacetDefinition(
    name="language",
    heading="Language",
    entry_field="languages",
    source=VOCABULARY,
    multiple=True,
    section="languages",
    description="Language key or name (repeatable).",
    words_name="language name",
)

#: Its data: a vocabulary section, and some entries tagged with it.
LANGUAGES = """
languages:
  - key: en
    label: English
  - key: fr
    label: French
    aliases: [français]
  - key: es
    label: Spanish
"""
TAGGED = {
    "nepal-recruitment-fees-video": "[en, fr]",
    "domestic-workers-lebanon-photos": "[fr]",
    "maria-olave-interview": "[es]",
}


def tag(entries_text: str, tagged: dict[str, str]) -> str:
    """The entries file with a languages field added to some entries."""
    for entry_id, languages in tagged.items():
        entries_text = entries_text.replace(
            f"- id: {entry_id}\n", f"- id: {entry_id}\n  languages: {languages}\n"
        )
    return entries_text


@pytest.fixture
def with_language(monkeypatch: pytest.MonkeyPatch) -> None:
    """The facets as declared, plus the language facet after the project."""
    declared = facets.FACETS
    at = [definition.name for definition in declared].index("project") + 1
    monkeypatch.setattr(facets, "FACETS", (*declared[:at], LANGUAGE, *declared[at:]))


@pytest.fixture
def catalogue_dir(tmp_path: Path) -> Path:
    """The fixture catalogue with the language data added."""
    folder = tmp_path / "catalogue"
    folder.mkdir()
    entries = (FIXTURE / "entries.yaml").read_text(encoding="utf-8")
    (folder / "entries.yaml").write_text(tag(entries, TAGGED), encoding="utf-8")
    vocabulary = (FIXTURE / "vocabulary.yaml").read_text(encoding="utf-8") + LANGUAGES
    (folder / "vocabulary.yaml").write_text(vocabulary, encoding="utf-8")
    return folder


def test_the_new_facet_is_validated(with_language, catalogue_dir):
    entries = catalogue_dir / "entries.yaml"
    catalogue = load_catalogue(entries)
    first = next(entry for entry in catalogue.entries if entry.id == "nepal-recruitment-fees-video")
    assert first.facet_keys("language") == ("en", "fr")
    assert first.to_dict()["languages"] == ["en", "fr"]
    entries.write_text(
        tag(entries.read_text(encoding="utf-8"), {"guy-ryder-labour-migration": "[frnch]"}),
        encoding="utf-8",
    )
    with pytest.raises(CatalogueError) as raised:
        load_catalogue(entries)
    assert re.search(
        r"entry 'guy-ryder-labour-migration', field 'languages': unknown language 'frnch' "
        r"\(did you mean 'fr'\?\)",
        str(raised.value),
    )


def test_without_the_declaration_the_data_is_refused(catalogue_dir):
    with pytest.raises(CatalogueError, match="unknown section 'languages'"):
        load_catalogue(catalogue_dir / "entries.yaml")


def test_the_new_facet_is_indexed_filtered_counted_and_served(
    with_language, catalogue_dir, tmp_path
):
    index_dir = tmp_path / "index"
    build_index(load_catalogue(catalogue_dir / "entries.yaml"), index_dir)
    generation = open_live_generation(index_dir)

    # Filtered by URL parameter (a label or alias resolves to its key) and by a fielded term.
    params = parse_params({"language": ["français"]}, generation.vocabulary)
    assert params == SearchParams(filters={"language": ("fr",)})
    page = run_search(generation, params)
    assert {hit.entry.id for hit in page.hits} == {
        "nepal-recruitment-fees-video",
        "domestic-workers-lebanon-photos",
    }
    by_term = run_search(generation, SearchParams(q="language:spanish"))
    assert [hit.entry.id for hit in by_term.hits] == ["maria-olave-interview"]
    by_words = run_search(generation, SearchParams(q="french"))
    assert {hit.entry.id for hit in by_words.hits} >= {"domestic-workers-lebanon-photos"}

    # Counted disjunctively: its own selection does not narrow its counts.
    facet = page.facet("language")
    assert facet is not None and facet.label == "Language"
    assert facet.values == (
        FacetValue("fr", "French", 2, True),
        FacetValue("en", "English", 1, False),
        FacetValue("es", "Spanish", 1, False),
    )

    # The API, its description, and the search page's sidebar.
    app = create_app(
        {
            "TESTING": True,
            "INDEX_DIR": index_dir,
            "ENTRIES_PATH": catalogue_dir / "entries.yaml",
        }
    )
    client = app.test_client()
    document = client.get("/api/search?language=fr").get_json()
    assert document["query"]["language"] == ["fr"]
    assert document["total"] == 2
    assert [value["value"] for value in document["facets"]["language"]] == ["fr", "en", "es"]
    assert document["results"][0]["languages"]
    openapi = client.get("/api/openapi.json").get_json()
    parameters = openapi["paths"]["/api/search"]["get"]["parameters"]
    assert "language" in [parameter["name"] for parameter in parameters]
    assert "languages" in openapi["components"]["schemas"]["Entry"]["properties"]

    html = HTMLParser(client.get("/?language=fr").get_data(as_text=True))
    box = html.css_first('fieldset[data-facet="language"]')
    assert box is not None and box.css_first("legend").text() == "Language"
    boxes = [node.attributes["value"] for node in box.css("input[type=checkbox]")]
    assert boxes == ["fr", "en", "es"]
    chips = [" ".join(chip.text().split()) for chip in html.css("a.chip")]
    assert chips == ["Remove filter Language: French ×"]
