"""`mediasearch search`: the web's search on a terminal, --json for scripts, exit codes."""

from __future__ import annotations

import json
import shlex
from pathlib import Path

import pytest
from click.testing import CliRunner

from mediasearch.cli.commands import main
from mediasearch.formats.api_json import page_to_api
from mediasearch.index.build import build_index
from mediasearch.index.holder import IndexHolder
from mediasearch.search.engine import run_search
from mediasearch.search.params import SearchParams

FIXTURE_ENTRIES = Path(__file__).parents[1] / "fixtures" / "catalogue" / "entries.yaml"


@pytest.fixture(scope="module")
def index_dir(tmp_path_factory, fixture_catalogue):
    path = tmp_path_factory.mktemp("index")
    build_index(fixture_catalogue, path, mode="full")
    return path


def search(index_dir, *args: str):
    return CliRunner().invoke(main, ["search", *args, "--index-dir", str(index_dir)])


def test_human_output(index_dir):
    result = search(index_dir, "fair recruitment", "--country", "Nepal")
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0].startswith("1 result (relevance, ")
    assert "  1. Ending [recruitment] fees for Nepali migrant workers" in lines
    assert "     2023-06-12 · video · nepal-recruitment-fees-video" in lines
    # Disjunctive: the country facet ignores the country selection; the selected one starred.
    assert "Country: Cambodia (1), Myanmar (1), *Nepal (1), Thailand (1)" in lines
    assert "Topic: Fair recruitment (1)" in result.output


def test_human_output_decodes_escaped_text(index_dir):
    result = search(index_dir, "seafarers")
    assert "Safety first <script>alert(1)</script> for [seafarers]" in result.output


def test_json_is_the_api_document(index_dir):
    result = search(
        index_dir, "recruitment", "--topic", "fair-recruitment", "--year-from", "2016",
        "--sort", "newest", "--per-page", "10", "--json",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    document = json.loads(result.output)
    generation = IndexHolder(index_dir).generation()
    page = run_search(
        generation,
        SearchParams(
            q="recruitment",
            filters={"topic": ("fair-recruitment",)},
            year_from=2016,
            sort="newest",
            per_page=10,
        ),
    )
    assert document == json.loads(json.dumps(page_to_api(page)))
    assert [r["id"] for r in document["results"]][:2] == [
        "nepal-recruitment-fees-video",
        "maria-olave-interview",
    ]


def test_no_results_offers_recovery(index_dir):
    result = search(index_dir, "recruitment fees", "--country", "KGZ")
    assert result.exit_code == 0
    assert "no results" in result.output
    assert "try: 5 entries match every word without the filter country Kyrgyzstan" in result.output


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["x", "--year-from", "soon"], "The “From” year must be a year such as 2021, not “soon”"),
        (["x", "--country", "Nepl"], "There is no country called “Nepl”: did you mean Nepal?"),
        (["year:abc"], "year:abc is not a year: write year:2021, year:2019..2021 or year:[2019 TO"),
        (["x", "--per-page", "7"], "The number of results per page must be 10, 20, 50 or 100"),
    ],
)  # fmt: skip
def test_bad_input_exits_1(index_dir, args, message):
    result = search(index_dir, *args)
    assert result.exit_code == 1
    assert result.output.startswith(message)


def test_no_index_exits_2_and_the_hint_works_as_given(tmp_path, monkeypatch):
    index_dir = tmp_path / "nothing here"
    result = search(index_dir, "fair")
    hint = f"mediasearch index --index-dir '{index_dir}'"
    assert (result.exit_code, result.output) == (2, f"no index yet: run `{hint}`\n")

    monkeypatch.setenv("MEDIASEARCH_ENTRIES_PATH", str(FIXTURE_ENTRIES))
    built = CliRunner().invoke(main, shlex.split(hint)[1:])
    assert built.exit_code == 0, built.output
    assert search(index_dir, "fair").exit_code == 0


@pytest.mark.parametrize(
    ("args", "first_line"),
    [
        (["fair recruitment", "--country", "NPL"], "1 result (relevance, "),
        (["recruitment"], "1–5 of 5 results (relevance, "),
        (["fair recruitment", "--country", "NPL", "--page", "2"], "none on page 2 of 1 result ("),
        (["recruitment", "--country", "KGZ"], "no results"),
    ],
)
def test_the_count_line_says_result_or_results(index_dir, args, first_line):
    result = search(index_dir, *args)
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[0].startswith(first_line)
