"""The benchmarks' one door into mediasearch as a library: every import of it happens here.

Other modules of the package are being reshaped while these benchmarks run against them; when
a name moves, this file is the only one to mend.
"""

from __future__ import annotations

import time
import urllib.parse
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from mediasearch.search.query import default_fields
from mediasearch.settings import setting

#: The fields ours searches by default, and so the text Datasette's FTS5 table indexes.
SEARCHED_FIELDS = default_fields()


@dataclass(frozen=True)
class Outcome:
    """What one library search found: the total, and whether it fell back to any-word hits.

    A query ours refuses (too broad for its cost budget, say) has no total, and says why.
    """

    total: int | None
    fell_back: bool = False
    refused: str = ""


def real_entries_path() -> Path:
    """The real catalogue's entries file (MEDIASEARCH_ENTRIES_PATH, else data/entries.yaml)."""
    return setting("ENTRIES_PATH")


def load_catalogue(entries_path: Path):
    """The validated catalogue (entries and vocabulary) through the project's own loader."""
    from mediasearch.catalogue.loading import load_catalogue as load

    return load(entries_path)


def searched_text(entries_path: Path) -> list[dict]:
    """Per entry: its fields as JSON data plus the text of each field ours searches."""
    from mediasearch.index.schema import entry_to_document

    catalogue = load_catalogue(entries_path)
    rows = []
    for entry in catalogue.entries:
        document = entry_to_document(entry, catalogue.vocabulary)
        rows.append(
            {"entry": entry.to_dict(), **{name: document[name] for name in SEARCHED_FIELDS}}
        )
    return rows


@contextmanager
def library_search(index_dir: Path) -> Iterator[Callable[[Mapping], Outcome]]:
    """A search function over the live generation of index_dir, warmed, with one searcher.

    The function takes URL-style arguments (``{"q": ["..."], "country": ["NPL"]}``) and runs
    the search page's whole search: parsing, matching, ordering, facets, highlights, hints.
    """
    from mediasearch.errors import QueryError
    from mediasearch.index.store import open_live_generation
    from mediasearch.search.engine import run_search, warm
    from mediasearch.search.params import parse_params

    generation = open_live_generation(index_dir)
    warm(generation)
    with generation.index.searcher() as searcher:

        def search(args: Mapping) -> Outcome:
            try:
                params = parse_params(args, generation.vocabulary)
                page = run_search(generation, params, searcher)
            except QueryError as error:
                return Outcome(None, refused=str(error))
            return Outcome(page.total, page.fell_back)

        yield search


@contextmanager
def page_server(entries_path: Path, index_dir: Path) -> Iterator[Callable[[Sequence], float]]:
    """The search page served in this process (Flask's test client): seconds per page.

    The function takes URL arguments as (name, value) pairs; the seconds are the server's
    whole work for the HTML page (routing, search, template), without a network.
    """
    from mediasearch.web.app import create_app
    from mediasearch.web.index_access import get_holder

    app = create_app({"ENTRIES_PATH": str(entries_path), "INDEX_DIR": str(index_dir)})
    client = app.test_client()

    def serve(args: Sequence[tuple[str, str]]) -> float:
        started = time.perf_counter()
        response = client.get("/", query_string=urllib.parse.urlencode(list(args)))
        seconds = time.perf_counter() - started
        # A refused query (400) is still a page served; anything else is the benchmark's fault.
        if response.status_code not in (200, 400):
            raise RuntimeError(f"/?{urllib.parse.urlencode(list(args))}: {response.status}")
        return seconds

    try:
        yield serve
    finally:
        get_holder(app).close()


def build_full(entries_path: Path, index_dir: Path) -> None:
    """A full build in this process (for profiling; timings go through the CLI)."""
    from mediasearch.index.build import build_index

    build_index(load_catalogue(entries_path), index_dir, mode="full")
