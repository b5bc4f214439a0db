"""The OpenAPI description stays true: its paths, parameters and schemas match what the API does."""

from __future__ import annotations

import copy
import re
from collections.abc import Iterator
from typing import Any

import pytest
from jsonschema import Draft202012Validator
from openapi_spec_validator import OpenAPIV31SpecValidator
from referencing import Registry
from referencing.exceptions import Unresolvable
from referencing.jsonschema import DRAFT202012

from mediasearch.web.app import create_app

#: The served document's address in the registry its schemas are resolved in.
DOCUMENT_URI = "urn:mediasearch:openapi"


def pointer(*parts: str) -> str:
    """A JSON pointer to a place in the document (RFC 6901 escapes "~" and "/")."""
    return "".join("/" + part.replace("~", "~0").replace("/", "~1") for part in parts)


def registry(document: dict) -> Registry:
    """The document as a JSON Schema 2020-12 resource (OpenAPI 3.1's dialect), for $refs."""
    return Registry().with_resource(DOCUMENT_URI, DRAFT202012.create_resource(document))


def problems(document: dict, where: str, value: Any) -> list[str]:
    """Where a value breaks the schema at a pointer in the document (jsonschema's messages)."""
    schema = {"$ref": f"{DOCUMENT_URI}#{where}"}
    validator = Draft202012Validator(schema, registry=registry(document))
    return sorted(f"{error.json_path}: {error.message}" for error in validator.iter_errors(value))


def refs(node: Any) -> Iterator[str]:
    """Every $ref in a part of the document."""
    if isinstance(node, dict):
        if "$ref" in node:
            yield node["$ref"]
        for value in node.values():
            yield from refs(value)
    elif isinstance(node, list):
        for value in node:
            yield from refs(value)


def unresolved(document: dict) -> list[str]:
    """The $refs that point nowhere (the spec validator follows only those it walks into)."""
    resolver = registry(document).resolver(DOCUMENT_URI)
    missing = []
    for ref in refs(document):
        try:
            resolver.lookup(ref)
        except Unresolvable:
            missing.append(ref)
    return missing


@pytest.fixture
def document(client) -> dict:
    """The served OpenAPI document."""
    response = client.get("/api/openapi.json")
    assert response.status_code == 200
    return response.get_json()


def flask_path(path: str) -> str:
    """An OpenAPI path template as a Flask rule: {entry_id} -> <entry_id>."""
    return re.sub(r"\{(\w+)\}", r"<\1>", path)


def test_document_is_valid_openapi_3_1_and_every_ref_resolves(document):
    assert document["openapi"] == "3.1.0"
    assert list(OpenAPIV31SpecValidator(document).iter_errors()) == []
    assert list(refs(document))
    assert unresolved(document) == []


def test_the_document_checks_catch_mistakes(document):
    broken = copy.deepcopy(document)
    del broken["info"]
    assert [error.message for error in OpenAPIV31SpecValidator(broken).iter_errors()] == [
        "'info' is a required property"
    ]
    dangling = copy.deepcopy(document)
    dangling["components"]["schemas"].pop("FacetValue")
    assert set(unresolved(dangling)) == {"#/components/schemas/FacetValue"}


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


def response_schema(document: dict, path: str, status: int) -> str | None:
    """Where the documented JSON schema of one response is, or None when it has no JSON body."""
    responses = document["paths"][path]["get"]["responses"]
    assert str(status) in responses, f"{path} {status} is not documented"
    content = responses[str(status)].get("content") or {}
    if "schema" not in content.get("application/json", {}):
        return None
    json_body = ("content", "application/json", "schema")
    return pointer("paths", path, "get", "responses", str(status), *json_body)


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


def test_the_response_checker_catches_mistakes(client, document):
    facet_value = pointer("components", "schemas", "FacetValue")
    good = {"value": "x", "label": "X", "count": 1, "selected": False}
    assert problems(document, facet_value, good) == []
    assert problems(document, facet_value, {**good, "count": "1", "selected": 0}) == [
        "$.count: '1' is not of type 'integer'",
        "$.selected: 0 is not of type 'boolean'",
    ]
    assert problems(document, facet_value, {"value": "x", "label": "X", "count": 1}) == [
        "$: 'selected' is a required property"
    ]
    assert problems(document, facet_value, {**good, "extra": 1}) == [
        "$: Additional properties are not allowed ('extra' was unexpected)"
    ]
    # A schema that reaches others by $ref is checked through them, to the nested value.
    search = response_schema(document, "/api/search", 200)
    assert search is not None
    page = client.get("/api/search?q=fishing").get_json()
    assert problems(document, search, page) == []
    page["facets"]["topic"][0]["count"] = -1
    assert problems(document, search, page) == [
        "$.facets.topic[0].count: -1 is less than the minimum of 0"
    ]
