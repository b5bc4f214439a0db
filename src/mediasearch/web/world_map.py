"""The country facet as a world map: each country shaded by its count and linked like its checkbox.

The shapes are one static SVG file the browser caches (``static/world-map.svg``, made by
``scripts/build_world_map.py``); a page only carries, per country with results, a link that
reuses its shape with a shade. So a map costs a page a few hundred bytes per country shown.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from functools import cache
from pathlib import Path

from mediasearch.search.params import SearchParams
from mediasearch.search.results import Facet
from mediasearch.web.links import Link, search_href

#: Made by scripts/build_world_map.py from Natural Earth (public domain).
GEOMETRY_PATH = Path(__file__).with_name("world_map.json")
#: Steps of the colour scale (styled .shade-1 … .shade-5 in style.css, a colour-blind-safe
#: sequential palette). Five can still be told apart; more cannot.
SHADES = 5


@dataclass(frozen=True)
class MapGeometry:
    """What the server knows of the static shapes: the view box and where each country is."""

    width: int
    height: int
    shapes: frozenset[str]
    dots: frozenset[str]
    centres: dict[str, tuple[float, float]]


@cache
def map_geometry() -> MapGeometry:
    """The map's geometry, read once per process."""
    data = json.loads(GEOMETRY_PATH.read_text(encoding="utf-8"))
    return MapGeometry(
        width=data["width"],
        height=data["height"],
        shapes=frozenset(data["shapes"]),
        dots=frozenset(data["dots"]),
        centres={code: (x, y) for code, (x, y) in data["centres"].items()},
    )


@dataclass(frozen=True)
class ShadeStep:
    """One step of the legend: the counts from low to high share a shade."""

    shade: int
    low: int
    high: int

    @property
    def label(self) -> str:
        """The step's counts as the legend prints them: 1, 2–3, 4–9."""
        return str(self.low) if self.low == self.high else f"{self.low}–{self.high}"


@dataclass(frozen=True)
class MapCountry:
    """One country on the map, with the link its checkbox would follow."""

    code: str
    label: str
    count: int
    selected: bool
    href: str
    shade: int
    #: Whether the shapes file has an outline for it (every country but the tiniest).
    shape: bool
    #: Where its dot and its label go; None for a country the map cannot place.
    centre: tuple[float, float] | None
    #: Too small to click at world scale: drawn as a dot over its outline.
    dot: bool
    #: Its name and count in words, for the label, the tooltip and screen readers.
    text: str


def count_text(label: str, count: int, selected: bool) -> str:
    """A country's name and count as the map says it: "Nepal: 5 results (selected)"."""
    noun = "result" if count == 1 else "results"
    return f"{label}: {count:,} {noun}" + (" (selected)" if selected else "")


@dataclass(frozen=True)
class WorldMap:
    """A map of counts per country, its legend, and what the map cannot show."""

    countries: tuple[MapCountry, ...]
    legend: tuple[ShadeStep, ...]
    #: Countries with results that the map cannot place, listed as links instead.
    unplaced: tuple[MapCountry, ...]
    #: Results tagged with a region rather than (or as well as) a country, as links.
    regions: tuple[tuple[Link, int], ...]
    width: int
    height: int

    @property
    def summary(self) -> str:
        """One sentence for screen readers: how many countries, and where most results are."""
        counted = [c for c in self.countries + self.unplaced if c.count]
        if not counted:
            return "No results are tagged with a country."
        busiest = max(counted, key=lambda country: country.count)
        places = "country" if len(counted) == 1 else "countries"
        return f"Results in {len(counted)} {places}; most in {busiest.label} ({busiest.count:,})."


def shade_steps(peak: int, shades: int = SHADES) -> tuple[ShadeStep, ...]:
    """The legend for counts 1..peak: a step per count while they are few, then geometric
    steps, so one country with many results does not wash every other out."""
    if peak <= 0:
        return ()
    if peak <= shades:
        steps = [(n, n) for n in range(1, peak + 1)]
    else:
        bounds = sorted({round(peak ** (i / shades)) for i in range(1, shades)} | {peak})
        steps, low = [], 1
        for high in bounds:
            if high >= low:
                steps.append((low, high))
                low = high + 1
    # Fewer steps than shades take the dark end, so a few results still stand out on the land.
    first = shades - len(steps) + 1
    return tuple(ShadeStep(first + i, lo, hi) for i, (lo, hi) in enumerate(steps))


def shade_of(count: int, legend: tuple[ShadeStep, ...]) -> int:
    """The shade of a count (0 for none)."""
    return next((step.shade for step in legend if step.low <= count <= step.high), 0)


def build_map(
    values: Iterable[tuple[str, str, int, bool]],
    href_for: Callable[[str, bool], str],
    regions: tuple[tuple[Link, int], ...] = (),
    describe: Callable[[str, int, bool], str] = count_text,
) -> WorldMap:
    """A map of (code, label, count, selected) values; ``href_for(code, selected)`` links each.

    Only countries with a count or a selection are drawn; the rest stay plain land.
    """
    geometry = map_geometry()
    shown = [value for value in values if value[2] > 0 or value[3]]
    legend = shade_steps(max((count for _, _, count, _ in shown), default=0))
    placed: list[MapCountry] = []
    unplaced: list[MapCountry] = []
    for code, label, count, selected in shown:
        centre = geometry.centres.get(code)
        country = MapCountry(
            code=code,
            label=label,
            count=count,
            selected=selected,
            href=href_for(code, selected),
            shade=shade_of(count, legend),
            shape=code in geometry.shapes,
            centre=centre,
            dot=code in geometry.dots,
            text=describe(label, count, selected),
        )
        (placed if country.shape or centre else unplaced).append(country)
    # Dots last, so the small countries they mark are never covered by a neighbour.
    placed.sort(key=lambda country: country.dot)
    return WorldMap(
        tuple(placed), legend, tuple(unplaced), regions, geometry.width, geometry.height
    )


def search_map(
    country: Facet | None, region: Facet | None, params: SearchParams, base: str
) -> WorldMap:
    """The map of a search's country facet: a click toggles that country, as its checkbox does."""

    def toggle(facet: str, key: str, selected: bool) -> str:
        changed = params.without_value if selected else params.with_value
        return search_href(base, changed(facet, key))

    region_links = tuple(
        (
            Link(value.label, toggle("region", value.value, value.selected), value.selected),
            value.count,
        )
        for value in (region.values if region else ())
        if value.count or value.selected
    )
    values = ((v.value, v.label, v.count, v.selected) for v in (country.values if country else ()))
    return build_map(values, lambda code, selected: toggle("country", code, selected), region_links)


def entry_map(countries: Iterable[tuple[str, str]], base: str) -> WorldMap:
    """A small map of one entry's (code, label) countries, each linking to its other media."""

    def describe(label: str, _count: int, _selected: bool) -> str:
        return f"{label}: all media on {label}"

    world = build_map(
        ((code, label, 1, False) for code, label in countries),
        lambda code, _selected: search_href(base, SearchParams().with_value("country", code)),
        describe=describe,
    )
    # On a small map every country of the entry is marked with a dot, so even Nepal shows.
    marked = tuple(replace(c, dot=c.centre is not None) for c in world.countries)
    return replace(world, countries=marked)
