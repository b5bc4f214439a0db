"""The OpenAPI description stays true: its paths, parameters and schemas match what the API does."""

from __future__ import annotations

import re
from typing import Any

import pytest

from mediasearch.web.app import create_app

JSON_TYPES = {
    "object": dict,
    "array": list,
    "string": str,
    "integer": int,
    "number": (int, float),
    "boolean": bool,
    "null": type(None),
}


def resolve(document: dict, schema: dict) -> dict:
    """The schema a $ref points to (only local refs are used)."""
    while "$ref" in schema:
        path = schema["$ref"].removeprefix("#/").split("/")
        schema = document
        for part in path:
            schema = schema[part]
    return schema


def problems(document: dict, schema: dict, value: Any, where: str = "$") -> list[str]:
    """Where a value breaks a schema: a small structural check of the keywords the API uses."""
    schema = resolve(document, schema)
    found: list[str] = []
    if "type" in schema:
        types = schema["type"] if isinstance(schema["type"], list) else [schema["type"]]
        # JSON has no separate booleans-as-integers: True is not an integer here.
        ok = any(
            isinstance(value, JSON_TYPES[t]) and not (t in ("integer", "number") and value is True)
            for t in types
        )
        if not ok:
            return [f"{where}: {value!r} is not {schema['type']}"]
    if "enum" in schema and value not in schema["enum"]:
        found.append(f"{where}: {value!r} not in {schema['enum']}")
    if isinstance(value, int | float) and not isinstance(value, bool):
        if "minimum" in schema and value < schema["minimum"]:
            found.append(f"{where}: {value} < {schema['minimum']}")
        if "maximum" in schema and value > schema["maximum"]:
            found.append(f"{where}: {value} > {schema['maximum']}")
    if isinstance(value, dict):
        properties = schema.get("properties", {})
        for name in schema.get("required", []):
            if name not in value:
                found.append(f"{where}: missing {name!r}")
        extra = schema.get("additionalProperties", True)
        for name, item in value.items():
            if name in properties:
                found += problems(document, properties[name], item, f"{where}.{name}")
            elif extra is False:
                found.append(f"{where}: undocumented property {name!r}")
            elif isinstance(extra, dict):
                found += problems(document, extra, item, f"{where}.{name}")
    if isinstance(value, list) and "items" in schema:
        for i, item in enumerate(value):
            found += problems(document, schema["items"], item, f"{where}[{i}]")
    return found


@pytest.fixture
def document(client) -> dict:
    """The served OpenAPI document."""
    response = client.get("/api/openapi.json")
    assert response.status_code == 200
    return response.get_json()


def flask_path(path: str) -> str:
    """An OpenAPI path template as a Flask rule: {entry_id} -> <entry_id>."""
    return re.sub(r"\{(\w+)\}", r"<\1>", path)


def test_document_is_openapi_3_1_and_every_ref_resolves(document):
    assert document["openapi"] == "3.1.0"
    assert {"title", "version"} <= set(document["info"])
    refs = re.findall(r'"\$ref": "([^"]+)"', str(document).replace("'", '"'))
    assert refs
    for ref in refs:
        assert resolve(document, {"$ref": ref}), ref


#: Routes outside /api/ that the description documents: the files a script downloads.
DOWNLOADS = ("downloads.export", "downloads.citation")


def test_documented_paths_are_exactly_the_api_routes(app, document):
    rules = [
        rule
        for rule in app.url_map.iter_rules()
        if rule.rule.startswith("/api/") or rule.endpoint in DOWNLOADS
    ]
    assert {flask_path(path) for path in document["paths"]} == {rule.rule for rule in rules}
    for rule in rules:
        path = re.sub(r"<(\w+)>", r"{\1}", rule.rule)
        assert set(document["paths"][path]) == {m.lower() for m in rule.methods} - {
            "head",
            "options",
        }


def test_search_parameters_are_the_ones_the_app_reads(document):
    names = [p["name"] for p in document["paths"]["/api/search"]["get"]["parameters"]]
    assert names == [
        "q",
        *("topic", "country", "region", "project", "type"),
        "year_from",
        "year_to",
        "sort",
        "page",
        "per_page",
    ]


def example(parameter: dict) -> list[str]:
    """Valid example values for a documented query parameter."""
    schema = parameter["schema"]
    examples = {
        "q": ["fair recruitment"],
        "topic": ["fair-recruitment", "fishing"],
        "country": ["THA"],
        "region": ["south-east-asia"],
        "project": ["ship-to-shore"],
        "type": ["video"],
        "year_from": ["2019"],
        "year_to": ["2022"],
    }
    if parameter["name"] in examples:
        return examples[parameter["name"]]
    if "enum" in schema:
        return [str(schema["enum"][-1])]
    return [str(schema.get("default", schema.get("minimum", 1)))]


def test_every_documented_parameter_is_accepted_and_echoed(client, document):
    for parameter in document["paths"]["/api/search"]["get"]["parameters"]:
        values = example(parameter)
        response = client.get(
            "/api/search", query_string=[(parameter["name"], value) for value in values]
        )
        assert response.status_code == 200, parameter["name"]
        echoed = response.get_json()["query"][parameter["name"]]
        expected = values if parameter["schema"]["type"] == "array" else values[0]
        if parameter["schema"]["type"] == "integer":
            expected = int(expected)
        assert echoed == expected, parameter["name"]


def response_schema(document: dict, path: str, status: int) -> dict | None:
    """The documented JSON schema of one response, or None when it has no body."""
    responses = document["paths"][path]["get"]["responses"]
    assert str(status) in responses, f"{path} {status} is not documented"
    content = responses[str(status)].get("content") or {}
    return content.get("application/json", {}).get("schema")


RESPONSES = [
    ("/api/search", "/api/search", 200),
    ("/api/search", "/api/search?q=recruitment&per_page=10&page=2", 200),
    ("/api/search", "/api/search?q=seafarers", 200),
    ("/api/search", "/api/search?q=recrutment", 200),
    ("/api/search", "/api/search?q=recruitment&country=KGZ", 200),
    ("/api/search", "/api/search?topic=fair-recruitment&year_from=2019&year_to=2023", 200),
    ("/api/search", "/api/search?year_from=x", 400),
    ("/api/search", "/api/search?country=Atlantis", 400),
    ("/api/entries/{entry_id}", "/api/entries/nepal-recruitment-fees-video", 200),
    ("/api/entries/{entry_id}", "/api/entries/refugees-jordan-work-permits", 200),
    ("/api/entries/{entry_id}", "/api/entries/syrian-refugees-jordan", 301),
    ("/api/entries/{entry_id}", "/api/entries/nope", 404),
    ("/api/openapi.json", "/api/openapi.json", 200),
    ("/api/status", "/api/status", 200),
    ("/export/{format_name}", "/export/csv?country=THA", 200),
    ("/export/{format_name}", "/export/csv?year_from=abc", 400),
    ("/export/{format_name}", "/export/xlsx", 404),
    (
        "/entries/{entry_id}/citation.{extension}",
        "/entries/maria-olave-interview/citation.bib",
        200,
    ),
    ("/entries/{entry_id}/citation.{extension}", "/entries/maria-olave-interview/citation.x", 404),
]


@pytest.mark.parametrize(("path", "url", "status"), RESPONSES)
def test_responses_match_the_documented_schema(client, document, path, url, status):
    response = client.get(url)
    assert response.status_code == status
    schema = response_schema(document, path, status)
    if schema is not None:
        assert problems(document, schema, response.get_json()) == []


def test_no_index_responses_match_the_documented_schema(document, tmp_path):
    client = create_app({"TESTING": True, "INDEX_DIR": tmp_path}).test_client()
    for path, url in (
        ("/api/search", "/api/search"),
        ("/api/entries/{entry_id}", "/api/entries/x"),
    ):
        response = client.get(url)
        assert response.status_code == 503
        assert problems(document, response_schema(document, path, 503), response.get_json()) == []
    status = client.get("/api/status").get_json()
    assert problems(document, response_schema(document, "/api/status", 200), status) == []


def test_every_documented_response_is_exercised(document):
    exercised = {(path, status) for path, _, status in RESPONSES}
    exercised |= {("/api/search", 503), ("/api/entries/{entry_id}", 503)}
    documented = {
        (path, int(status))
        for path, item in document["paths"].items()
        for status in item["get"]["responses"]
    }
    assert documented == exercised


def test_the_checker_catches_mistakes(document):
    schema = {"$ref": "#/components/schemas/FacetValue"}
    assert (
        problems(document, schema, {"value": "x", "label": "X", "count": 1, "selected": False})
        == []
    )
    assert problems(
        document, schema, {"value": "x", "label": "X", "count": "1", "selected": 0}
    ) == [
        "$.count: '1' is not integer",
        "$.selected: 0 is not boolean",
    ]
    assert problems(document, schema, {"value": "x", "label": "X", "count": 1}) == [
        "$: missing 'selected'"
    ]
    extra = {"value": "x", "label": "X", "count": 1, "selected": True, "extra": 1}
    assert problems(document, schema, extra) == ["$: undocumented property 'extra'"]
