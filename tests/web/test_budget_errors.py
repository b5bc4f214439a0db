"""A search too broad to run is a 400 that names the broad part and offers a way on."""

from __future__ import annotations

import string
from urllib.parse import parse_qs, urlsplit

import pytest

from html_page import links, one, parse_html, text_of

FORTY = " ".join(f"{letter}*" for letter in (string.ascii_lowercase * 2)[:40])
NARROWER = "needs at least 3 letters before it"


@pytest.mark.parametrize(
    "url",
    [f"/?q={FORTY}", f"/export/csv?q={FORTY}", f"/feed.atom?q={FORTY}"],
)
def test_the_pages_say_which_part_was_too_broad(client, url):
    response = client.get(url)
    assert response.status_code == 400
    page = parse_html(response.get_data(as_text=True))
    assert text_of(one(page, "h1")) == "That search is too broad"
    assert f"a* is too broad: a wildcard {NARROWER}" in text_of(one(page, ".error-message"))


def test_the_page_links_the_search_without_wildcards_keeping_filters(client):
    page = parse_html(client.get("/?q=fair+re*&country=NPL").get_data(as_text=True))
    [(link, _)] = links(page, ".error-instead a")
    assert parse_qs(urlsplit(link).query) == {"q": ["fair re"], "country": ["NPL"]}
    assert client.get(link).status_code == 200


def test_the_api_answers_400_with_the_message_and_the_narrower_query(client):
    response = client.get("/api/search", query_string={"q": "*tion migrants"})
    assert response.status_code == 400
    assert response.get_json() == {
        "error": {
            "status": 400,
            "message": "*tion starts with a wildcard, which would read every word of the index: "
            "write the beginning of the word, such as recruit*",
            "instead": "tion migrants",
        }
    }
