"""The same entries as a SQLite database for Datasette, built with sqlite-utils."""

from __future__ import annotations

import time
from pathlib import Path

import sqlite_utils

from benchmarks.library import SEARCHED_FIELDS

#: Multi-valued fields: stored as JSON arrays, faceted with Datasette's _facet_array.
ARRAY_FIELDS = ("topics", "countries", "regions", "projects", "people")
COLUMNS = ("id", "title", "date", "type", "description", *ARRAY_FIELDS)


def text_column(field: str) -> str:
    """The table column holding a searched field's text (people is taken by the JSON list)."""
    return f"{field}_text" if field in ARRAY_FIELDS else field


def build_database(rows: list[dict], path: Path) -> float:
    """Write rows (library.searched_text) to a new database at path; the seconds it took.

    Columns are the entry's fields, its year, and the text of every field ours searches;
    FTS5 with the Porter stemmer indexes that text, as ours stems its words.
    """
    started = time.perf_counter()
    database = sqlite_utils.Database(path, recreate=True)
    records = (
        {
            **{name: row["entry"][name] for name in COLUMNS},
            "year": int(row["entry"]["date"][:4]),
            **{text_column(field): row[field] for field in SEARCHED_FIELDS},
        }
        for row in rows
    )
    table = database["entries"]
    table.insert_all(records, pk="id", batch_size=1000)
    table.enable_fts([text_column(field) for field in SEARCHED_FIELDS], tokenize="porter")
    for column in ("date", "year", "type"):
        table.create_index([column])
    database.conn.execute("ANALYZE")
    database.close()
    return time.perf_counter() - started
