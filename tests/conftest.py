"""Shared fixtures: the fixture catalogue and an in-memory index generation built from it."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import settings
from whoosh.filedb.filestore import RamStorage

from mediasearch.catalogue.loading import Catalogue, load_catalogue
from mediasearch.index.generation import Generation
from mediasearch.index.schema import build_schema, entry_to_document
from mediasearch.index.words import CACHE_KEY as WORDS_KEY
from mediasearch.index.words import count_words

# In CI the property tests run the same examples every time: a red build must be reproducible,
# not a draw. Locally they explore new examples on each run.
settings.register_profile("ci", derandomize=True, database=None)
if os.environ.get("CI"):
    settings.load_profile("ci")

FIXTURES = Path(__file__).parent / "fixtures"
FIXTURE_ENTRIES = FIXTURES / "catalogue" / "entries.yaml"


def build_ram_generation(catalogue: Catalogue, name: str = "test") -> Generation:
    """An in-memory index generation of a catalogue, for unit tests."""
    index = RamStorage().create_index(build_schema())
    with index.writer() as writer:
        for entry in catalogue.entries:
            writer.add_document(**entry_to_document(entry, catalogue.vocabulary))
    generation = Generation(
        name=name, path=Path("."), index=index, vocabulary=catalogue.vocabulary, meta={}
    )
    # What a build writes beside the index as words.json.
    generation.cached(WORDS_KEY, lambda: count_words(catalogue.entries, catalogue.vocabulary))
    return generation


@pytest.fixture(scope="session")
def fixture_catalogue() -> Catalogue:
    """The small catalogue under tests/fixtures/catalogue, covering every edge case."""
    return load_catalogue(FIXTURE_ENTRIES)


@pytest.fixture(scope="session")
def ram_generation(fixture_catalogue: Catalogue) -> Generation:
    """The fixture catalogue indexed in memory (shared: tests must not write to it)."""
    return build_ram_generation(fixture_catalogue)


@pytest.fixture
def fresh_ram_generation(fixture_catalogue: Catalogue) -> Generation:
    """A new in-memory generation of the fixture catalogue, caches empty, for one test."""
    return build_ram_generation(fixture_catalogue, name="fresh")


@pytest.fixture(scope="session")
def fixture_index_dir(fixture_catalogue: Catalogue, tmp_path_factory: pytest.TempPathFactory):
    """The fixture catalogue indexed on disk, as the web app reads it (shared, read-only)."""
    from mediasearch.index.build import build_index

    index_dir = tmp_path_factory.mktemp("web-index")
    build_index(fixture_catalogue, index_dir)
    return index_dir


@pytest.fixture
def app(fixture_index_dir: Path):
    """The web app over the fixture catalogue's index."""
    from mediasearch.web.app import create_app

    return create_app(
        {
            "TESTING": True,
            "INDEX_DIR": fixture_index_dir,
            "ENTRIES_PATH": FIXTURE_ENTRIES,
            "VOCABULARY_PATH": FIXTURE_ENTRIES.with_name("vocabulary.yaml"),
        }
    )


@pytest.fixture
def client(app):
    """A Flask test client of the web app."""
    return app.test_client()
