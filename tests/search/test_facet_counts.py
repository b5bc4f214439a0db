"""Facet counts: exact and disjunctive, checked as whole structures and against the YAML."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from whoosh.sorting import FieldFacet

from mediasearch.search.engine import run_search
from mediasearch.search.params import SearchParams
from mediasearch.search.query import parse_query
from mediasearch.search.results import Facet, FacetValue


def test_disjunctive_counts_with_selections(ram_generation):
    page = run_search(
        ram_generation, SearchParams(filters={"country": ("THA", "KGZ"), "topic": ("fishing",)})
    )
    assert page.total == 2
    assert page.facets == (
        Facet(
            "topic",
            "Topic",
            (
                FacetValue("fishing", "Fishing and seafood", 2, True),
                FacetValue("fair-recruitment", "Fair recruitment", 1, False),
                FacetValue("women-migrant-workers", "Women migrant workers", 1, False),
            ),
        ),
        Facet(
            "country",
            "Country",
            (
                FacetValue("THA", "Thailand", 2, True),
                FacetValue("KHM", "Cambodia", 1, False),
                FacetValue("MMR", "Myanmar", 1, False),
                FacetValue("VNM", "Viet Nam", 1, False),
                # Selected values are always listed, even when nothing is left for them.
                FacetValue("KGZ", "Kyrgyzstan", 0, True),
            ),
        ),
        Facet(
            "region",
            "Region",
            (FacetValue("south-east-asia", "South-East Asia", 2, False),),
        ),
        Facet(
            "project",
            "Project",
            (FacetValue("ship-to-shore", "Ship to Shore Rights South East Asia", 2, False),),
        ),
        Facet(
            "year",
            "Year",
            (FacetValue("2022", "2022", 1, False), FacetValue("2021", "2021", 1, False)),
        ),
        Facet(
            "type",
            "Media type",
            (
                FacetValue("infographic", "Infographic", 1, False),
                FacetValue("video", "Video", 1, False),
            ),
        ),
    )


def test_counts_follow_the_query_and_year_range(ram_generation):
    page = run_search(ram_generation, SearchParams(q="migrant", year_from=2018, year_to=2020))
    assert page.total == 4
    assert [(f.name, [(v.value, v.count, v.selected) for v in f.values]) for f in page.facets] == [
        (
            "topic",
            [
                ("child-labour", 1, False),
                ("covid-19", 1, False),
                ("fair-recruitment", 1, False),
                ("women-migrant-workers", 1, False),
            ],
        ),
        ("country", [("KGZ", 1, False), ("TUR", 1, False)]),
        ("region", [("global", 2, False)]),
        ("project", []),
        # Years ignore the year range (disjunctive), newest first; the range's years selected.
        (
            "year",
            [
                ("2023", 2, False),
                ("2021", 1, False),
                ("2020", 1, True),
                ("2019", 1, True),
                ("2018", 2, True),
                ("2017", 1, False),
                ("2016", 1, False),
            ],
        ),
        (
            "type",
            [
                ("interview", 1, False),
                ("photo-series", 1, False),
                ("statement", 1, False),
                ("video", 1, False),
            ],
        ),
    ]


def test_multi_valued_facets_count_every_value(ram_generation):
    page = run_search(ram_generation, SearchParams(q="fishers"))
    country = page.facet("country")
    assert [(v.value, v.count) for v in country.values] == [("KHM", 1), ("MMR", 1), ("THA", 1)]


FIXTURE_ENTRIES = Path(__file__).parents[1] / "fixtures" / "catalogue" / "entries.yaml"


def _yaml_entries() -> list[dict]:
    """The fixture entries read straight from the YAML, not through the catalogue loader."""
    with open(FIXTURE_ENTRIES, encoding="utf-8") as file:
        return yaml.safe_load(file)


ENTRIES = _yaml_entries()
FIELDS = {"topic": "topics", "country": "countries", "region": "regions", "project": "projects"}


def _values(entry: dict, facet: str) -> list[str]:
    if facet == "type":
        return [entry["type"]]
    if facet == "year":
        return [str(entry["date"].year)]
    return list(entry.get(FIELDS[facet], []))


def _passes(entry: dict, params: SearchParams, skip: str) -> bool:
    for facet in ("topic", "country", "region", "project", "type"):
        wanted = params.selected(facet)
        if facet != skip and wanted and not set(wanted) & set(_values(entry, facet)):
            return False
    if skip != "year":
        year = entry["date"].year
        if params.year_from is not None and year < params.year_from:
            return False
        if params.year_to is not None and year > params.year_to:
            return False
    return True


def expected_counts(params: SearchParams) -> dict[str, dict[str, int]]:
    """Each facet's counts computed the slow, obvious way from the YAML."""
    counts = {}
    for facet in ("topic", "country", "region", "project", "year", "type"):
        counter: Counter[str] = Counter()
        for entry in ENTRIES:
            if _passes(entry, params, skip=facet):
                counter.update(_values(entry, facet))
        counts[facet] = dict(counter)
    return counts


def _keys(facet: str) -> list[str]:
    found = sorted({value for entry in ENTRIES for value in _values(entry, facet)})
    # A value no entry carries, to exercise counts of zero.
    return found + {"country": ["FRA"], "topic": ["statistics"], "type": ["statement"]}.get(
        facet, []
    )


def _selection(facet: str):
    return st.lists(st.sampled_from(_keys(facet)), max_size=3, unique=True).map(tuple)


years = st.one_of(st.none(), st.integers(min_value=2015, max_value=2024))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    topic=_selection("topic"),
    country=_selection("country"),
    region=_selection("region"),
    project=_selection("project"),
    type_=_selection("type"),
    year_from=years,
    year_to=years,
)
def test_counts_equal_counts_from_the_yaml(
    ram_generation, topic, country, region, project, type_, year_from, year_to
):
    params = SearchParams(
        filters={
            "topic": topic,
            "country": country,
            "region": region,
            "project": project,
            "type": type_,
        },
        year_from=year_from,
        year_to=year_to,
        per_page=100,
    )
    page = run_search(ram_generation, params)
    expected = expected_counts(params)
    for facet in page.facets:
        counted = {value.value: value.count for value in facet.values if value.count}
        assert counted == expected[facet.name], facet.name
        listed = {value.value for value in facet.values if value.selected}
        if facet.name != "year":
            assert listed == set(params.selected(facet.name))
    total = sum(1 for entry in ENTRIES if _passes(entry, params, skip=""))
    assert page.total == total == len(page.hits)


@pytest.mark.parametrize("facet", ["topic", "country", "region", "project", "type"])
def test_facet_values_are_ordered_by_count_then_label(ram_generation, facet):
    values = run_search(ram_generation, SearchParams()).facet(facet).values
    keys = [(-v.count, v.label.casefold()) for v in values]
    assert keys == sorted(keys)


@pytest.mark.parametrize("facet", ["topic", "country", "region", "project", "type"])
def test_counts_equal_whoosh_groupedby_with_overlap(ram_generation, facet):
    """The per-generation table gives the counts Whoosh's own (slower) grouping gives."""
    page = run_search(ram_generation, SearchParams(q="migrant"))
    with ram_generation.index.searcher() as searcher:
        query = parse_query("migrant", ram_generation).query
        groups = searcher.search(
            query, limit=None, groupedby=FieldFacet(facet, allow_overlap=True)
        ).groups()
    whoosh_counts = {key: len(docs) for key, docs in groups.items() if key is not None}
    assert {v.value: v.count for v in page.facet(facet).values} == whoosh_counts


def test_whoosh_trap_multi_valued_facets_need_allow_overlap(ram_generation):
    """Without allow_overlap Whoosh files each entry under one country only (the trap)."""
    with ram_generation.index.searcher() as searcher:
        query = parse_query("fishers", ram_generation).query
        groups = searcher.search(query, limit=None, groupedby=FieldFacet("country")).groups()
    assert sum(len(docs) for docs in groups.values()) == 1
    page = run_search(ram_generation, SearchParams(q="fishers"))
    assert sum(v.count for v in page.facet("country").values) == 3
