"""Shared fixtures: the fixture catalogue and an in-memory index generation built from it."""

from __future__ import annotations

from pathlib import Path

import pytest
from whoosh.filedb.filestore import RamStorage

from mediasearch.catalogue import Catalogue, load_catalogue
from mediasearch.generation import Generation
from mediasearch.schema import build_schema, entry_to_document

FIXTURES = Path(__file__).parent / "fixtures"
FIXTURE_ENTRIES = FIXTURES / "catalogue" / "entries.yaml"


def build_ram_generation(catalogue: Catalogue, name: str = "test") -> Generation:
    """An in-memory index generation of a catalogue, for unit tests."""
    index = RamStorage().create_index(build_schema())
    with index.writer() as writer:
        for entry in catalogue.entries:
            writer.add_document(**entry_to_document(entry, catalogue.vocabulary))
    return Generation(
        name=name, path=Path("."), index=index, vocabulary=catalogue.vocabulary, meta={}
    )


@pytest.fixture(scope="session")
def fixture_catalogue() -> Catalogue:
    """The small catalogue under tests/fixtures/catalogue, covering every edge case."""
    return load_catalogue(FIXTURE_ENTRIES)


@pytest.fixture(scope="session")
def ram_generation(fixture_catalogue: Catalogue) -> Generation:
    """The fixture catalogue indexed in memory (shared: tests must not write to it)."""
    return build_ram_generation(fixture_catalogue)
