"""Security headers on every response; CORS on the read-only API only."""

from __future__ import annotations

import pytest

from mediasearch.web.app import create_app
from mediasearch.web.headers import SECURITY_HEADERS

EXPECTED = {
    "Content-Security-Policy": (
        "default-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'"
    ),
    "Referrer-Policy": "same-origin",
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
}


def test_the_policy_is_the_strict_one():
    assert SECURITY_HEADERS == EXPECTED


@pytest.mark.parametrize(
    ("url", "status"),
    [
        ("/", 200),
        ("/?year_from=abc", 400),
        ("/entries/maria-olave-interview", 200),
        ("/entries/nope", 404),
        ("/static/style.css", 200),
        ("/export/csv?q=nepal", 200),
        ("/status", 200),
        ("/healthz", 200),
        ("/api/search?q=nepal", 200),
        ("/api/entries/nope", 404),
    ],
)
def test_every_response_carries_the_security_headers(client, url, status):
    with client.get(url) as response:  # closes the static file
        assert response.status_code == status
        assert {name: response.headers.get(name) for name in EXPECTED} == EXPECTED


def test_a_503_carries_them_too(tmp_path):
    client = create_app({"TESTING": True, "INDEX_DIR": tmp_path}).test_client()
    for url in ("/", "/api/search"):
        response = client.get(url)
        assert response.status_code == 503
        assert response.headers["Content-Security-Policy"] == EXPECTED["Content-Security-Policy"]


@pytest.mark.parametrize(
    ("url", "cors"),
    [
        ("/api/search?q=nepal", "*"),
        ("/api/entries/maria-olave-interview", "*"),
        ("/api/openapi.json", "*"),
        ("/api/status", "*"),
        ("/api/search?year_from=abc", "*"),
        ("/", None),
        ("/export/json", None),
    ],
)
def test_only_the_api_is_open_to_other_origins(client, url, cors):
    assert client.get(url).headers.get("Access-Control-Allow-Origin") == cors


@pytest.mark.parametrize(
    "url", ["/", "/api/search?q=nepal", "/export/csv", "/entries/maria-olave-interview"]
)
def test_answers_name_the_generation_that_gave_them(client, fixture_index_dir, url):
    generation = client.get(url).headers["X-Mediasearch-Generation"]
    assert (fixture_index_dir / generation / "meta.json").is_file()
