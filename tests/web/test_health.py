"""/healthz, /api/status and /status: what is served, and the curator's next command."""

from __future__ import annotations

import shutil
from pathlib import Path

from html_page import one, parse_html, text_of
from mediasearch.catalogue.loading import catalogue_digest
from mediasearch.web.app import create_app

FIXTURES = Path(__file__).parents[1] / "fixtures" / "catalogue"


def test_healthz_is_200_while_a_generation_is_served(client, fixture_index_dir):
    response = client.get("/healthz")
    assert response.status_code == 200
    generation = response.get_json()["generation"]
    assert generation.startswith("gen-")
    assert (fixture_index_dir / generation).is_dir()


def test_healthz_is_503_without_an_index(tmp_path):
    client = create_app({"TESTING": True, "INDEX_DIR": tmp_path}).test_client()
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.get_json() == {
        "status": "unavailable",
        "reason": f"no index yet: run `mediasearch index --index-dir {tmp_path}`",
    }


def test_api_status_describes_the_served_generation(client, fixture_index_dir):
    status = client.get("/api/status").get_json()
    uptime = status.pop("worker_uptime_seconds")
    pid = status.pop("worker_pid")
    generation = status.pop("generation")
    built_at = status.pop("built_at")
    catalogue_hash = status.pop("catalogue_hash")
    assert status == {
        "serving": True,
        "entries": 14,
        "stale": False,
        "last_build_error": None,
        "command": None,
    }
    assert 0 <= uptime < 60
    assert pid > 0
    assert (fixture_index_dir / generation / "meta.json").is_file()
    assert built_at.startswith("20")
    assert catalogue_hash == catalogue_digest(
        FIXTURES / "entries.yaml", FIXTURES / "vocabulary.yaml"
    )


def _edited_catalogue_app(fixture_index_dir: Path, tmp_path: Path):
    for name in ("entries.yaml", "vocabulary.yaml"):
        shutil.copy(FIXTURES / name, tmp_path / name)
    with open(tmp_path / "entries.yaml", "a", encoding="utf-8") as file:
        file.write("# an edit\n")
    config = {
        "TESTING": True,
        "INDEX_DIR": fixture_index_dir,
        "ENTRIES_PATH": tmp_path / "entries.yaml",
    }
    return create_app(config).test_client()


def test_a_stale_index_gives_the_command_on_status_only(fixture_index_dir, tmp_path):
    client = _edited_catalogue_app(fixture_index_dir, tmp_path)
    command = f"mediasearch index --index-dir {fixture_index_dir}"
    status = client.get("/api/status").get_json()
    assert (status["stale"], status["command"]) == (True, command)
    page = parse_html(client.get("/status").get_data(as_text=True))
    summary = "Updates pending: the catalogue changed since this index was built."
    assert text_of(one(page, ".status-summary")) == summary
    assert one(page, "pre.command").text().splitlines() == ["mediasearch validate", command]
    assert command not in text_of(parse_html(client.get("/").get_data(as_text=True)))


def test_status_without_an_index_says_why(tmp_path):
    client = create_app({"TESTING": True, "INDEX_DIR": tmp_path}).test_client()
    status = client.get("/api/status").get_json()
    assert status["serving"] is False
    assert status["generation"] is None
    assert (
        status["last_build_error"]
        == f"no index yet: run `mediasearch index --index-dir {tmp_path}`"
    )
    response = client.get("/status")
    assert response.status_code == 200
    page = parse_html(response.get_data(as_text=True))
    assert text_of(one(page, ".status-summary")) == "No index is being served."


def test_a_failed_switch_is_the_last_error(tmp_path):
    from mediasearch.catalogue.loading import load_catalogue
    from mediasearch.index.build import build_index
    from mediasearch.index.store import read_pointer

    index_dir = tmp_path / "index"
    build_index(load_catalogue(FIXTURES / "entries.yaml"), index_dir)
    config = {"TESTING": True, "INDEX_DIR": index_dir, "INDEX_CHECK_INTERVAL": 0}
    client = create_app(config).test_client()
    served = client.get("/api/status").get_json()["generation"]
    # A pointer to a generation that is not there: the held one keeps serving.
    missing = '{"current": "gen-20000101-000000-000000"}'
    (index_dir / "current.json").write_text(missing, encoding="utf-8")
    status = client.get("/api/status").get_json()
    assert status["generation"] == served
    assert "cannot switch to the new generation" in status["last_build_error"]
    assert client.get("/healthz").status_code == 200
    assert read_pointer(index_dir).current == "gen-20000101-000000-000000"
