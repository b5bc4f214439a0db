"""Fixtures of the search tests: an index shaped as incremental builds leave it."""

from __future__ import annotations

from dataclasses import replace

import pytest
from whoosh import index as whoosh_index

from mediasearch.index.generation import Generation
from mediasearch.index.pread_storage import PreadFileStorage
from mediasearch.index.schema import build_schema, entry_to_document


@pytest.fixture(scope="session")
def segmented_generation(fixture_catalogue, tmp_path_factory):
    """The fixture catalogue on disk in three segments, some documents deleted, read as served
    (pread storage): what an index looks like after a few incremental builds."""
    path = tmp_path_factory.mktemp("segmented")
    entries, vocabulary = fixture_catalogue.entries, fixture_catalogue.vocabulary
    whoosh_index.create_in(str(path), build_schema())
    half = len(entries) // 2
    for part in (entries[:half], entries[half:]):
        writer = whoosh_index.open_dir(str(path)).writer()
        for entry in part:
            writer.add_document(**entry_to_document(entry, vocabulary))
        writer.commit(merge=False)
    writer = whoosh_index.open_dir(str(path)).writer()
    for entry in entries[::5]:
        writer.delete_by_term("id", entry.id)
    writer.add_document(**entry_to_document(replace(entries[-1], id="late-copy"), vocabulary))
    writer.commit(merge=False)
    index = PreadFileStorage(str(path)).open_index()
    assert len(index.reader().leaf_readers()) == 3 and index.doc_count() < index.doc_count_all()
    return Generation(name="segmented", path=path, index=index, vocabulary=vocabulary, meta={})
