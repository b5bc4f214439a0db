"""SearchParams: parsing URL arguments (a table, errors included) and the pure URL helpers."""

from __future__ import annotations

import pytest

from mediasearch.errors import QueryError
from mediasearch.search.engine import run_search
from mediasearch.search.params import SearchParams, given_years, parse_params, years_reversed


class MultiDict(dict):
    """The part of werkzeug's MultiDict that parse_params uses."""

    def getlist(self, name):
        value = self.get(name, [])
        return [value] if isinstance(value, str) else list(value)


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        ({}, SearchParams()),
        ({"q": ["  fair recruitment "]}, SearchParams(q="fair recruitment")),
        ({"q": "domestic"}, SearchParams(q="domestic")),
        ({"country": ["NPL", "LBN"]}, SearchParams(filters={"country": ("NPL", "LBN")})),
        ({"country": ["Nepal", "npl"]}, SearchParams(filters={"country": ("NPL",)})),
        ({"country": ["viet nam"]}, SearchParams(filters={"country": ("VNM",)})),
        ({"project": ["REFRAME"]}, SearchParams(filters={"project": ("reframe",)})),
        ({"project": ["Ship to Shore"]}, SearchParams(filters={"project": ("ship-to-shore",)})),
        ({"topic": ["Fair Recruitment"]}, SearchParams(filters={"topic": ("fair-recruitment",)})),
        ({"topic": ["child labor"]}, SearchParams(filters={"topic": ("child-labour",)})),
        (
            {"type": ["photo story", "video"]},
            SearchParams(filters={"type": ("photo-series", "video")}),
        ),
        ({"region": ["asean"]}, SearchParams(filters={"region": ("south-east-asia",)})),
        ({"topic": [""], "sort": [""], "page": [""]}, SearchParams()),
        (
            {"year_from": ["2018"], "year_to": ["2021"], "sort": ["oldest"]},
            SearchParams(year_from=2018, year_to=2021, sort="oldest"),
        ),
        ({"year_from": ["2020"], "year_to": ["2020"]}, SearchParams(year_from=2020, year_to=2020)),
        ({"page": ["3"], "per_page": ["50"]}, SearchParams(page=3, per_page=50)),
        ({"sort": ["relevance", "newest"]}, SearchParams(sort="newest")),
    ],
)
def test_parse_params(fixture_catalogue, args, expected):
    assert parse_params(args, fixture_catalogue.vocabulary) == expected
    assert parse_params(MultiDict(args), fixture_catalogue.vocabulary) == expected


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ({"year_from": ["twenty"]}, "The “From” year must be a year such as 2021, not “twenty”"),
        ({"year_to": ["-5"]}, "The “To” year must be a year such as 2021, not “-5”"),
        ({"year_to": ["２０２１"]}, "The “To” year must be a year such as 2021, not “２０２１”"),
        ({"year_from": ["20210"]}, "The “From” year must be between 1900 and 2100, not 20210"),
        ({"sort": ["best"]}, "The sort order must be relevance, newest or oldest, not “best”"),
        ({"page": ["0"]}, "The page number must be 1 or more, not 0"),
        ({"page": ["two"]}, "The page number must be a whole number (1, 2, ...), not “two”"),
        ({"per_page": ["7"]}, "The number of results per page must be 10, 20, 50 or 100, not 7"),
        ({"country": ["Nepl"]}, "There is no country called “Nepl”: did you mean Nepal?"),
        (
            {"topic": ["fair-recruitmnt"]},
            "There is no topic called “fair-recruitmnt”: did you mean Fair recruitment?",
        ),
        ({"project": ["Atlantis"]}, "There is no project called “Atlantis”"),
        ({"type": ["podcast"]}, "There is no media type called “podcast”"),
        (
            {"q": ["x" * 10_000]},
            "the query is 10,000 characters long; a search can be at most 1,000: "
            "keep the words that matter",
        ),
        (
            {"q": [" ".join(["word"] * 41)]},
            "the query has 41 words; a search can have at most 40: keep the words that matter",
        ),
    ],
)
def test_parse_params_errors(fixture_catalogue, args, message):
    with pytest.raises(QueryError) as raised:
        parse_params(args, fixture_catalogue.vocabulary)
    assert str(raised.value) == message


BASE = SearchParams(q="fair", filters={"country": ("NPL",)}, page=3)


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        (SearchParams(), []),
        (BASE, [("q", "fair"), ("country", "NPL"), ("page", "3")]),
        (
            BASE.with_value("country", "LBN"),
            [("q", "fair"), ("country", "NPL"), ("country", "LBN")],
        ),
        (BASE.with_value("country", "NPL"), [("q", "fair"), ("country", "NPL")]),
        (BASE.without_value("country", "NPL"), [("q", "fair")]),
        (
            BASE.with_value("topic", "fishing"),
            [("q", "fair"), ("topic", "fishing"), ("country", "NPL")],
        ),
        (BASE.with_changes(sort="oldest"), [("q", "fair"), ("country", "NPL"), ("sort", "oldest")]),
        (BASE.with_changes(page=4), [("q", "fair"), ("country", "NPL"), ("page", "4")]),
        (
            SearchParams(year_from=2019, year_to=2021, per_page=50),
            [("year_from", "2019"), ("year_to", "2021"), ("per_page", "50")],
        ),
        (SearchParams(q="x", year_to=2020).without_filters(), [("q", "x")]),
    ],
)
def test_url_helpers(params, expected):
    assert params.to_args() == expected


@pytest.mark.parametrize(
    "params",
    [
        SearchParams(),
        BASE,
        SearchParams(
            q="a b", filters={"topic": ("fishing", "covid-19"), "type": ("video",)}, year_from=2019
        ),
        SearchParams(filters={"project": ("reframe",)}, sort="newest", page=2, per_page=100),
    ],
)
def test_to_args_round_trips_through_parse_params(fixture_catalogue, params):
    args: dict[str, list[str]] = {}
    for name, value in params.to_args():
        args.setdefault(name, []).append(value)
    assert parse_params(args, fixture_catalogue.vocabulary) == params


@pytest.mark.parametrize(
    ("params", "effective", "has_filters"),
    [
        (SearchParams(), "newest", False),
        (SearchParams(q="x"), "relevance", False),
        (SearchParams(q="x", sort="oldest"), "oldest", False),
        (SearchParams(year_to=2020), "newest", True),
        (SearchParams(filters={"type": ("video",)}), "newest", True),
    ],
)
def test_effective_sort_and_has_filters(params, effective, has_filters):
    assert (params.effective_sort, params.has_filters) == (effective, has_filters)


AWKWARD = ["\x00", "😀", "<script>", "x" * 10_000, " ", "NPL\x00", "1e3", "0x10", "١٢", "None"]


ARGUMENTS = ["topic", "country", "region", "project", "type"]
ARGUMENTS += ["year_from", "year_to", "sort", "page", "per_page"]


@pytest.mark.parametrize("name", ARGUMENTS)
@pytest.mark.parametrize("value", AWKWARD)
def test_awkward_values_are_query_errors_or_ignored(fixture_catalogue, name, value):
    try:
        params = parse_params({name: [value]}, fixture_catalogue.vocabulary)
    except QueryError as error:
        assert 0 < len(str(error)) < 300
    else:
        assert params == SearchParams()


def test_unknown_keys_given_directly_still_search(ram_generation):
    page = run_search(
        ram_generation, SearchParams(filters={"country": ("XXX",), "topic": ("nothing",)})
    )
    assert page.total == 0
    assert [(v.value, v.count, v.selected) for v in page.facet("country").values][-1] == (
        "XXX",
        0,
        True,
    )


def test_reversed_years_are_put_in_order(fixture_catalogue):
    args = MultiDict({"year_from": "2022", "year_to": "2019"})
    params = parse_params(args, fixture_catalogue.vocabulary)
    assert (params.year_from, params.year_to) == (2019, 2022)
    assert years_reversed(*given_years(args))
    assert not years_reversed(*given_years(MultiDict({"year_from": "2019", "year_to": "2019"})))
    assert not years_reversed(*given_years(MultiDict({"year_from": "soon", "year_to": "2019"})))


@pytest.mark.parametrize("name", ["year_from", "year_to", "sort", "page", "per_page"])
def test_no_error_names_a_parameter_as_the_url_does(fixture_catalogue, name):
    with pytest.raises(QueryError) as caught:
        parse_params(MultiDict({name: "0x"}), fixture_catalogue.vocabulary)
    # Visitors read the form's words ("The “From” year"), never year_from or per_page.
    assert "_" not in str(caught.value)
    assert str(caught.value)[0].isupper()
