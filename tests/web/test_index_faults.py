"""Pages under index and catalogue faults: the last good index serves, or a 503 says why."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from html_page import one, parse_html, text_of
from mediasearch.catalogue.loading import Catalogue
from mediasearch.index.build import build_index
from mediasearch.index.store import POINTER_FILE, live_generation_path
from mediasearch.web.app import create_app

FIXTURES = Path(__file__).parents[1] / "fixtures" / "catalogue"


@pytest.fixture
def site(tmp_path: Path, fixture_catalogue: Catalogue):
    """A test client over an index of its own, and the paths a test may damage."""
    catalogue = tmp_path / "catalogue"
    catalogue.mkdir()
    for name in ("entries.yaml", "vocabulary.yaml"):
        (catalogue / name).write_bytes((FIXTURES / name).read_bytes())
    build_index(fixture_catalogue, tmp_path / "index")
    config = {
        "TESTING": True,
        "INDEX_DIR": tmp_path / "index",
        "ENTRIES_PATH": catalogue / "entries.yaml",
        "INDEX_CHECK_INTERVAL": 0,
    }
    app = create_app(config)
    yield app.test_client(), catalogue / "entries.yaml", tmp_path / "index"
    app.extensions["mediasearch.index.holder"].close()


PAGES = ["/", "/?q=migrant+workers", "/api/search?q=migrant", "/export/csv?q=migrant"]


def statuses(client) -> list[int]:
    return [client.get(page).status_code for page in PAGES]


def test_a_catalogue_replaced_by_a_directory_keeps_the_index_serving(site):
    client, entries_path, _ = site
    assert statuses(client) == [200] * len(PAGES)
    entries_path.unlink()
    entries_path.mkdir()

    assert statuses(client) == [200] * len(PAGES)
    assert client.get("/api/status").get_json()["stale"] is True


def test_a_catalogue_mid_edit_keeps_the_index_serving(site):
    client, entries_path, _ = site
    entries_path.write_text('- id: half-written\n  title: "Unclos', encoding="utf-8")

    assert statuses(client) == [200] * len(PAGES)
    assert client.get("/api/status").get_json()["stale"] is True


def test_the_index_directory_deleted_under_the_site_keeps_serving(site):
    client, _, index_dir = site
    before = client.get("/api/search?q=migrant").get_json()
    shutil.rmtree(index_dir)

    assert statuses(client) == [200] * len(PAGES)
    assert client.get("/api/search?q=migrant").get_json() == before


def test_a_segment_truncated_under_the_site_is_a_503_naming_the_file(site):
    client, _, index_dir = site
    client.get("/")
    segment = max(live_generation_path(index_dir).glob("*.seg"), key=lambda p: p.stat().st_size)
    os.truncate(segment, 1024)

    page = client.get("/?q=migrant+workers")
    api = client.get("/api/search?q=migrant")

    assert (page.status_code, api.status_code) == (503, 503)
    error = api.get_json()["error"]
    assert error["message"].startswith(f"The search index cannot be read: index file {segment} is")
    assert error["command"] == f"mediasearch index --index-dir {index_dir}"
    message = text_of(one(parse_html(page.get_data(as_text=True)), ".error-message"))
    assert message.startswith(f"The search index cannot be read: index file {segment} is")


@pytest.mark.parametrize(
    "pointer",
    ["{not json", '{"current": "../../etc"}', '{"current": "gen-20000101-000000-000000"}'],
)
def test_a_damaged_pointer_with_nothing_held_is_a_503_naming_it(site, pointer):
    _, _, index_dir = site
    (index_dir / POINTER_FILE).write_text(pointer, encoding="utf-8")
    client = create_app({"TESTING": True, "INDEX_DIR": index_dir}).test_client()

    response = client.get("/api/search?q=migrant")

    assert response.status_code == 503
    error = response.get_json()["error"]
    assert error["message"].startswith("The search index cannot be read: ")
    assert error["command"] == f"mediasearch index --index-dir {index_dir}"


def test_an_index_directory_that_cannot_be_read_is_a_503_naming_it(tmp_path):
    # A file where the directory should be: every look inside it fails (ENOTDIR), as
    # an unreadable directory's does for a user without permission.
    not_a_directory = tmp_path / "index"
    not_a_directory.write_text("", encoding="utf-8")
    client = create_app({"TESTING": True, "INDEX_DIR": not_a_directory}).test_client()

    response = client.get("/api/search?q=migrant")

    assert response.status_code == 503
    assert response.get_json()["error"]["message"] == (
        f"The search index cannot be read: the index directory {not_a_directory} cannot be "
        "read: Not a directory."
    )
