"""The JSON API through Flask's test client: whole documents, every parameter, JSON errors."""

from __future__ import annotations

import pytest

from mediasearch.web.app import create_app

EMPTY_QUERY = {
    "q": "",
    "topic": [],
    "country": [],
    "region": [],
    "project": [],
    "type": [],
    "year_from": None,
    "year_to": None,
    "sort": "newest",
    "page": 1,
    "per_page": 20,
}


def get_json(client, url: str, status: int = 200, **kwargs) -> dict:
    """GET an API URL, check its status and that it answered JSON, return the document."""
    response = client.get(url, **kwargs)
    assert response.status_code == status, (url, response.status_code)
    assert response.mimetype == "application/json"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    return response.get_json()


def test_search_document_whole(client):
    data = get_json(client, "/api/search?q=seafarers")
    score = data["results"][0].pop("score")
    assert isinstance(score, float) and score > 0
    assert data == {
        "query": {**EMPTY_QUERY, "q": "seafarers", "sort": "relevance"},
        "total": 1,
        "page": 1,
        "per_page": 20,
        "results": [
            {
                "id": "script-injection-test",
                "title": "Safety first <script>alert(1)</script> for seafarers",
                "date": "2022-05-20",
                "type": "infographic",
                "description": '<b>Bold</b> claims & "quotes" about fishing crews '
                "<script>alert(2)</script>.",
                "description_cut": False,
                "topics": ["fishing"],
                "countries": ["THA"],
                "regions": ["south-east-asia"],
                "projects": ["ship-to-shore"],
                "people": [],
                "url": None,
                "highlights": {
                    "title": "Safety first &lt;script&gt;alert(1)&lt;/script&gt; for "
                    "<mark>seafarers</mark>",
                    "description": '&lt;b&gt;Bold&lt;/b&gt; claims &amp; "quotes" about '
                    "fishing crews &lt;script&gt;alert(2)&lt;/script&gt;.",
                },
            }
        ],
        "facets": {
            "topic": [
                {"value": "fishing", "label": "Fishing and seafood", "count": 1, "selected": False}
            ],
            "country": [{"value": "THA", "label": "Thailand", "count": 1, "selected": False}],
            "region": [
                {
                    "value": "south-east-asia",
                    "label": "South-East Asia",
                    "count": 1,
                    "selected": False,
                }
            ],
            "project": [
                {
                    "value": "ship-to-shore",
                    "label": "Ship to Shore Rights South East Asia",
                    "count": 1,
                    "selected": False,
                }
            ],
            "year": [{"value": "2022", "label": "2022", "count": 1, "selected": False}],
            "type": [
                {"value": "infographic", "label": "Infographic", "count": 1, "selected": False}
            ],
        },
        "suggestion": None,
        "recovery": [],
        "match": "all",
        "notices": [],
    }


def test_search_with_every_parameter(client):
    data = get_json(
        client,
        "/api/search",
        query_string=[
            ("q", "fishing"),
            ("topic", "Fair recruitment"),
            ("topic", "fishing"),
            ("country", "THA"),
            ("region", "south-east-asia"),
            ("project", "ship-to-shore"),
            ("type", "video"),
            ("year_from", "2020"),
            ("year_to", "2022"),
            ("sort", "oldest"),
            ("page", "1"),
            ("per_page", "10"),
        ],
    )
    assert data["query"] == {
        "q": "fishing",
        "topic": ["fair-recruitment", "fishing"],
        "country": ["THA"],
        "region": ["south-east-asia"],
        "project": ["ship-to-shore"],
        "type": ["video"],
        "year_from": 2020,
        "year_to": 2022,
        "sort": "oldest",
        "page": 1,
        "per_page": 10,
    }
    assert [r["id"] for r in data["results"]] == ["thai-fishers-ship-to-shore"]
    assert (data["total"], data["page"], data["per_page"]) == (1, 1, 10)
    selected = {
        (name, value["value"])
        for name, values in data["facets"].items()
        for value in values
        if value["selected"]
    }
    assert selected == {
        ("topic", "fair-recruitment"),
        ("topic", "fishing"),
        ("country", "THA"),
        ("region", "south-east-asia"),
        ("project", "ship-to-shore"),
        ("type", "video"),
        # Years inside the range count as selected.
        ("year", "2020"),
        ("year", "2021"),
        ("year", "2022"),
    }


def test_search_without_query_pages_the_archive_newest_first(client):
    first = get_json(client, "/api/search?per_page=10")
    second = get_json(client, "/api/search?per_page=10&page=2")
    assert first["query"] == {**EMPTY_QUERY, "per_page": 10}
    assert first["total"] == second["total"] == 14
    assert (len(first["results"]), len(second["results"])) == (10, 4)
    all_dates = [r["date"] for r in first["results"] + second["results"]]
    assert all_dates == sorted(all_dates, reverse=True)
    assert all(r["score"] is None for r in first["results"])


def test_suggestion_and_unknown_words(client):
    data = get_json(client, "/api/search?q=recrutment")
    assert (data["suggestion"], data["match"], data["total"]) == ("recruitment", "none", 0)
    assert data["notices"] == [
        {
            "kind": "unknown_words",
            "message": "No entry contains recrutment.",
            "count": None,
            "query": None,
        }
    ]
    # Dropping the only word is the whole archive: the page links it anyway, no recovery.
    assert data["recovery"] == []


def test_every_word_outside_the_filters_is_the_first_notice(client):
    data = get_json(client, "/api/search?q=recruitment&country=KGZ&type=video&per_page=10")
    assert (data["total"], data["results"], data["match"]) == (0, [], "none")
    assert data["notices"] == [
        {
            "kind": "outside_filters",
            "message": "5 entries match every word without the filters country Kyrgyzstan, "
            "media type Video",
            "count": 5,
            "query": {**EMPTY_QUERY, "q": "recruitment", "sort": "relevance", "per_page": 10},
        }
    ]
    # Each filter's own price follows; "without any filter" is the notice, not repeated.
    assert data["recovery"] == [
        {
            "kind": "filter",
            "message": "3 results without country: Kyrgyzstan",
            "count": 3,
            "query": {
                **EMPTY_QUERY,
                "q": "recruitment",
                "type": ["video"],
                "sort": "relevance",
                "per_page": 10,
            },
        }
    ]


def test_any_word_fallback_says_so(client):
    data = get_json(client, "/api/search?q=guy+ryder+seafarers")
    assert (data["match"], data["total"]) == ("any", 3)
    assert data["notices"] == [
        {
            "kind": "any_words",
            "message": "No entry has every word of guy ryder seafarers: showing entries with "
            "any of them, most matching words first.",
            "count": None,
            "query": None,
        }
    ]
    data = get_json(client, "/api/search?q=ryder+gardening")
    assert (data["match"], data["total"]) == ("any", 2)
    assert [notice["message"] for notice in data["notices"]] == [
        "No entry contains gardening: showing entries with any of the other words."
    ]


def test_entry_document_whole(client):
    assert get_json(client, "/api/entries/maria-olave-interview") == {
        "id": "maria-olave-interview",
        "title": "María Olave on fair recruitment in Latin America",
        "date": "2022-11-03",
        "type": "interview",
        "description": "María Olave, ILO specialist, explains how labour migration governance "
        "protects workers across the region.",
        "description_cut": False,
        "topics": ["fair-recruitment"],
        "countries": [],
        "regions": ["latin-america"],
        "projects": [],
        "people": ["María Olave"],
        "url": None,
        "sources": ["https://www.ilo.org/example/listing"],
        "old_ids": [],
        "notes": "",
    }


def test_entry_old_id_redirects(client):
    response = client.get("/api/entries/syrian-refugees-jordan")
    assert response.status_code == 301
    assert response.headers["Location"] == "/api/entries/refugees-jordan-work-permits"
    data = get_json(client, "/api/entries/syrian-refugees-jordan", follow_redirects=True)
    assert data["id"] == "refugees-jordan-work-permits"
    assert data["old_ids"] == ["syrian-refugees-jordan"]
    assert data["notes"] == "Renamed in 2020; the old id keeps working."


def test_unknown_entry_is_a_json_404(client):
    assert get_json(client, "/api/entries/nope", 404) == {
        "error": {"status": 404, "message": "There is no entry with the id 'nope'."}
    }


@pytest.mark.parametrize("url", ["/api/nothing-here", "/api", "/api/entries/"])
def test_unknown_api_url_is_a_json_404(client, url):
    data = get_json(client, url, 404)
    assert data["error"]["status"] == 404


def test_wrong_method_is_a_json_405(client):
    response = client.post("/api/search")
    assert response.status_code == 405
    assert response.get_json()["error"]["status"] == 405


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("year_from=abc", "The “From” year must be a year such as 2021, not “abc”"),
        ("per_page=7", "The number of results per page must be 10, 20, 50 or 100, not 7"),
        ("page=0", "The page number must be 1 or more, not 0"),
        ("sort=bogus", "The sort order must be relevance, newest or oldest, not “bogus”"),
        ("country=Atlantis", None),
        ("topic=no-such-topic", None),
        (
            "q=" + "x" * 10_000,
            "the query is 10,000 characters long; a search can be at most 1,000: "
            "keep the words that matter",
        ),
    ],
)
def test_unreadable_parameters_are_json_400(client, query, message):
    data = get_json(client, "/api/search?" + query, 400)
    assert set(data) == {"error"} and data["error"]["status"] == 400
    if message:
        assert data["error"]["message"] == message
    else:
        assert data["error"]["message"].startswith("There is no ")


@pytest.mark.parametrize(
    "q",
    ["", "(", '"', "AND", "NOT", "title:", "year:abc", "*", "\x00", "-", "((((", "<script>", "🙂"],
)
def test_awkward_queries_never_500(client, q):
    response = client.get("/api/search", query_string={"q": q})
    assert response.status_code in (200, 400)
    assert response.mimetype == "application/json"


def test_no_index_is_a_json_503_with_the_command(tmp_path):
    client = create_app({"TESTING": True, "INDEX_DIR": tmp_path}).test_client()
    expected = {
        "error": {
            "status": 503,
            "message": "There is no search index yet.",
            # The command that builds this very index: a non-default directory is named.
            "command": f"mediasearch index --index-dir {tmp_path}",
        }
    }
    assert get_json(client, "/api/search", 503) == expected
    assert get_json(client, "/api/entries/x", 503) == expected


def test_unexpected_errors_are_a_json_500(app, monkeypatch):
    from mediasearch.web import api

    def broken(*_args, **_kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(api.search, "run_search", broken)
    data = get_json(app.test_client(), "/api/search", 500)
    assert data == {"error": {"status": 500, "message": "Something went wrong on our side."}}


def test_a_demonym_finds_and_filters_by_its_country(client):
    # No entry's text says "Nepalese"; the entry tagged Nepal is found by it all the same.
    data = get_json(client, "/api/search?q=Nepalese")
    assert [r["id"] for r in data["results"]] == ["nepal-recruitment-fees-video"]
    assert data["match"] == "all"
    data = get_json(client, "/api/search?country=Nepalese")
    assert data["query"]["country"] == ["NPL"]
    assert [r["id"] for r in data["results"]] == ["nepal-recruitment-fees-video"]


def test_reversed_years_are_searched_in_order(client):
    data = get_json(client, "/api/search?year_from=2022&year_to=2019")
    assert (data["query"]["year_from"], data["query"]["year_to"]) == (2019, 2022)
    assert {r["date"][:4] for r in data["results"]} <= {"2019", "2020", "2021", "2022"}
