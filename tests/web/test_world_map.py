"""The world map: its shipped geometry, its shade scale, and its counts on real pages."""

from __future__ import annotations

import re
from pathlib import Path

import pycountry
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from selectolax.lexbor import LexborHTMLParser as HTMLParser

from mediasearch.search.params import SearchParams
from mediasearch.search.results import Facet, FacetValue
from mediasearch.web.world_map import (
    SHADES,
    ShadeStep,
    build_map,
    map_geometry,
    search_map,
    shade_of,
    shade_steps,
)

ROOT = Path(__file__).resolve().parents[2]
SHAPES_SVG = ROOT / "static" / "world-map.svg"


def test_every_shipped_country_is_an_iso_code_with_a_shape_in_the_static_file():
    geometry = map_geometry()
    svg = SHAPES_SVG.read_text(encoding="utf-8")
    ids = set(re.findall(r'<path id="([A-Z]{3})"', svg))

    assert ids == set(geometry.shapes)
    assert f'viewBox="0 0 {geometry.width} {geometry.height}"' in svg
    for code in geometry.shapes | geometry.dots | set(geometry.centres):
        assert pycountry.countries.get(alpha_3=code) is not None, code
    assert geometry.dots <= set(geometry.centres)
    for x, y in geometry.centres.values():
        assert 0 <= x <= geometry.width and 0 <= y <= geometry.height


@pytest.mark.parametrize(
    ("code", "dot"),
    [
        ("LBN", True),  # too small to click at world scale
        ("JOR", True),
        ("HKG", True),  # no outline at 1:110m at all
        ("QAT", True),
        ("NPL", False),
        ("PHL", False),
        ("BRA", False),
    ],
)
def test_small_countries_get_a_dot_and_large_ones_do_not(code, dot):
    assert (code in map_geometry().dots) is dot


@pytest.mark.parametrize(
    ("peak", "steps"),
    [
        (0, ()),
        (1, (ShadeStep(5, 1, 1),)),
        (2, (ShadeStep(4, 1, 1), ShadeStep(5, 2, 2))),
        (
            5,
            tuple(ShadeStep(n, n, n) for n in range(1, 6)),
        ),
        (
            100,
            (
                ShadeStep(1, 1, 3),
                ShadeStep(2, 4, 6),
                ShadeStep(3, 7, 16),
                ShadeStep(4, 17, 40),
                ShadeStep(5, 41, 100),
            ),
        ),
    ],
)
def test_shade_steps(peak, steps):
    assert shade_steps(peak) == steps


@given(st.integers(min_value=1, max_value=10**7))
def test_shade_steps_cover_every_count_once_darkest_for_the_most(peak):
    steps = shade_steps(peak)

    assert 1 <= len(steps) <= SHADES
    assert steps[0].low == 1 and steps[-1].high == peak
    assert all(a.high + 1 == b.low for a, b in zip(steps, steps[1:], strict=False))
    assert [s.shade for s in steps] == list(range(SHADES - len(steps) + 1, SHADES + 1))
    assert shade_of(peak, steps) == SHADES and shade_of(0, steps) == 0


def test_search_map_links_toggle_the_country_filter_and_skip_empty_countries():
    facet = Facet(
        "country",
        "Country",
        (
            FacetValue("NPL", "Nepal", 4, True),
            FacetValue("LBN", "Lebanon", 1, False),
            FacetValue("THA", "Thailand", 0, False),
            FacetValue("KGZ", "Kyrgyzstan", 0, True),
        ),
    )
    params = SearchParams(q="fees", filters={"country": ("NPL", "KGZ")})

    world = search_map(facet, None, params, "/")

    shown = {c.code: (c.count, c.selected, c.href, c.dot, c.text) for c in world.countries}
    assert shown == {
        "NPL": (4, True, "/?q=fees&country=KGZ", False, "Nepal: 4 results (selected)"),
        "KGZ": (0, True, "/?q=fees&country=NPL", False, "Kyrgyzstan: 0 results (selected)"),
        "LBN": (
            1,
            False,
            "/?q=fees&country=NPL&country=KGZ&country=LBN",
            True,
            "Lebanon: 1 result",
        ),
    }
    # Dots come last so no neighbour's outline covers them.
    assert world.countries[-1].code == "LBN"
    assert world.summary == "Results in 2 countries; most in Nepal (4)."


def test_a_country_the_map_cannot_place_is_listed_instead():
    world = build_map([("XKX", "Kosovo", 2, False)], lambda code, _selected: f"/?country={code}")

    assert world.countries == ()
    assert [(c.code, c.text) for c in world.unplaced] == [("XKX", "Kosovo: 2 results")]


def _page_counts(html: str) -> tuple[dict[str, int], dict[str, int]]:
    """The country counts a search page shows on its map and beside its checkboxes."""
    tree = HTMLParser(html)
    on_map = {}
    for link in tree.css(".world-map a.country"):
        count = re.search(r": ([\d,]+) results?", link.attributes["aria-label"])
        on_map[link.attributes["data-country"]] = int(count.group(1).replace(",", ""))
    boxes = {}
    for box in tree.css('fieldset[data-facet="country"] input[type="checkbox"]'):
        label = tree.css_first(f'label[for="{box.attributes["id"]}"] .count')
        count = int(re.sub(r"\D", "", label.text()))
        if count or "checked" in box.attributes:
            boxes[box.attributes["value"]] = count
    return on_map, boxes


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    q=st.sampled_from(["", "workers", "fishing", "recruitment fees", "refugees", "nothingatall"]),
    countries=st.lists(st.sampled_from(["NPL", "THA", "JOR", "LBN", "KGZ", "VNM"]), max_size=2),
    topic=st.sampled_from([None, "fair-recruitment", "domestic-work"]),
)
def test_map_counts_equal_the_country_facet_counts_on_the_page(client, q, countries, topic):
    args = [("q", q)] + [("country", c) for c in countries]
    if topic:
        args.append(("topic", topic))

    html = client.get("/", query_string=args).get_data(as_text=True)

    on_map, boxes = _page_counts(html)
    assert on_map == boxes


def test_the_map_is_links_a_click_would_follow_without_javascript(client):
    tree = HTMLParser(client.get("/?q=fishing").get_data(as_text=True))
    links = {a.attributes["data-country"]: a.attributes["href"] for a in tree.css("a.country")}

    assert links["THA"] == "/?q=fishing&country=THA"
    uses = [use.attributes["href"] for use in tree.css('a.country[data-country="THA"] use')]
    assert uses == ["/static/world-map.svg#THA"]
    assert tree.css_first(".map-summary").text() == "Results in 4 countries; most in Thailand (2)."
    assert set(links) == {"THA", "MMR", "KHM", "VNM"}


def test_about_page_shows_what_the_archive_holds_and_where_it_came_from(client):
    response = client.get("/about")
    tree = HTMLParser(response.get_data(as_text=True))

    assert response.status_code == 200
    assert tree.css_first("h1").text() == "About the archive"
    lead = tree.css_first(".lead").text()
    assert "holds 14 photos" in lead
    countries = {
        row.css_first("th").text(): row.css_first("td").text()
        for row in tree.css('table[aria-labelledby="countries-caption"] tbody tr')
    }
    assert countries["Thailand"] == "2"
    assert (
        tree.css_first('table[aria-labelledby="countries-caption"] tbody a')
        .attributes["href"]
        .startswith("/?country=")
    )
    assert tree.css("#about-map-caption")
    assert tree.css(".sources-table tbody tr")
    assert "About the archive" in tree.css_first(".site-footer").text()
    version = tree.css_first('section[aria-labelledby="version-heading"]')
    assert [a.attributes["href"] for a in version.css("a")] == [
        "/catalogue.json",
        "/catalogue.yaml",
    ]


def test_a_search_that_finds_nothing_says_what_the_archive_holds(client):
    tree = HTMLParser(client.get("/?q=zzzzqqqq").get_data(as_text=True))

    text = tree.css_first(".no-results").text()
    assert "The archive holds 14 items from" in text
    assert tree.css_first('.no-results a[href="/about"]') is not None


def test_an_entry_page_maps_its_countries_each_linking_to_all_its_media(client):
    tree = HTMLParser(client.get("/entries/refugees-jordan-work-permits").get_data(as_text=True))

    links = {
        a.attributes["data-country"]: (a.attributes["href"], a.attributes["aria-label"])
        for a in tree.css(".entry-map a.country")
    }
    assert links == {
        "JOR": ("/?country=JOR", "Jordan: all media on Jordan"),
        "SYR": ("/?country=SYR", "Syrian Arab Republic: all media on Syrian Arab Republic"),
    }
    assert tree.css(".entry-map .map-legend") == []
