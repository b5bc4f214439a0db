"""The search page's filters: facet checkboxes, removable chips and the year histogram."""

from __future__ import annotations

import math
from dataclasses import dataclass

from mediasearch.catalogue.facets import facet_named
from mediasearch.catalogue.vocabulary import Vocabulary
from mediasearch.search.params import SearchParams
from mediasearch.search.results import Facet
from mediasearch.web.links import Link, acronym, search_href

#: Values a facet shows before "show all"; selected values are always shown.
FACET_TOP = 8
#: Room a year label needs on the axis, in SVG units: four digits at 11px (~27) and a clear gap.
YEAR_LABEL_WIDTH = 34.0
#: The width of a year label's text (four digits at 11px, measured in Chromium: 27.5): labels
#: keep half of it and a unit inside the chart's edges, and this and a gap between centres.
YEAR_TEXT_WIDTH = 28.0
#: Above this many bars, only the tallest bar carries its count (the rest would crowd).
COUNTED_BARS = 14


@dataclass(frozen=True)
class FacetOption:
    """One checkbox of a facet."""

    facet: str
    value: str
    label: str
    count: int
    selected: bool
    #: The acronym shown for it, the label at hand ("FAIR"), or None.
    short: str | None = None

    @property
    def input_id(self) -> str:
        """A stable DOM id, so focus can return to the box after an in-page update."""
        return f"f-{self.facet}-{self.value}".replace(" ", "_")


@dataclass(frozen=True)
class FacetBox:
    """A facet's fieldset: the top values and the rest behind "show all"."""

    name: str
    label: str
    top: tuple[FacetOption, ...]
    rest: tuple[FacetOption, ...]

    @property
    def total_values(self) -> int:
        """How many values the facet lists in all."""
        return len(self.top) + len(self.rest)


@dataclass(frozen=True)
class YearBar:
    """One bar of the year histogram, in SVG user units."""

    year: int
    count: int
    href: str
    x: float
    y: float
    width: float
    height: float
    in_range: bool
    #: Where its year label is centred (kept inside the chart), or None for no label.
    label_x: float | None
    #: Whether the bar shows its count above it.
    show_count: bool

    @property
    def show_label(self) -> bool:
        """Whether the bar's year is written under it."""
        return self.label_x is not None


@dataclass(frozen=True)
class YearChart:
    """The year histogram and the current from/to bounds."""

    bars: tuple[YearBar, ...]
    width: float
    height: float
    baseline: float
    first: int | None
    last: int | None
    year_from: int | None
    year_to: int | None
    clear_href: str | None

    @property
    def summary(self) -> str:
        """A sentence describing the chart for screen readers."""
        if not self.bars:
            return "No results to chart by year."
        busiest = max(self.bars, key=lambda bar: bar.count)
        return (
            f"Results per year from {self.first} to {self.last}; "
            f"most in {busiest.year} ({busiest.count})."
        )


def facet_options(facet: Facet, vocabulary: Vocabulary) -> tuple[FacetOption, ...]:
    """The checkboxes of one facet."""
    return tuple(
        FacetOption(
            facet.name,
            value.value,
            value.label,
            value.count,
            value.selected,
            acronym(vocabulary, facet.name, value.value),
        )
        for value in facet.values
    )


def facet_box(facet: Facet, vocabulary: Vocabulary, top: int = FACET_TOP) -> FacetBox:
    """Split a facet into its top values (plus every selected one) and the rest."""
    options = facet_options(facet, vocabulary)
    shown = [o for i, o in enumerate(options) if i < top or o.selected]
    rest = [o for o in options if o not in shown]
    return FacetBox(
        name=facet.name,
        label=facet.label,
        top=tuple(shown),
        rest=tuple(rest),
    )


def chips(params: SearchParams, vocabulary: Vocabulary, base: str) -> tuple[Link, ...]:
    """One removable chip per selected filter, linking to the search without it."""
    result = []
    for facet, values in params.filters.items():
        for value in values:
            name = vocabulary.label(facet, value)
            short = acronym(vocabulary, facet, value)
            href = search_href(base, params.without_value(facet, value))
            label = f"{facet_named(facet).heading}: {short or name}"
            result.append(Link(label, href, title=name if short else None))
    if params.year_from is not None:
        result.append(
            Link(
                f"From {params.year_from}",
                search_href(base, params.with_changes(year_from=None)),
            )
        )
    if params.year_to is not None:
        result.append(
            Link(f"To {params.year_to}", search_href(base, params.with_changes(year_to=None)))
        )
    return tuple(result)


def year_labels(centres: list[float], width: float, peak: int) -> dict[int, float]:
    """Bar index -> the x of its year label. The tallest bar and the last (where the data
    ends) are always labelled, then every few bars where a label fits; each label lies inside
    the chart, and no two are closer than a label's text and a gap."""
    count = len(centres)
    slot = centres[1] - centres[0] if count > 1 else width
    step = max(1, math.ceil(YEAR_LABEL_WIDTH / slot))
    edge = YEAR_TEXT_WIDTH / 2 + 1
    placed: dict[int, float] = {}
    for i in (peak, count - 1, *range(0, count, step)):
        x = round(min(max(centres[i], edge), width - edge), 2)
        apart = all(abs(x - other) >= YEAR_TEXT_WIDTH + 3 for other in placed.values())
        if i not in placed and apart:
            placed[i] = x
    return placed


def year_chart(
    facet: Facet | None, params: SearchParams, base: str, width: float = 300, height: float = 90
) -> YearChart:
    """The year histogram: one bar per year from the first to the last, gaps filled with 0."""
    counts: dict[int, int] = {}
    for value in facet.values if facet else ():
        try:
            year = int(value.value)
        except ValueError:
            continue
        counts[year] = counts.get(year, 0) + value.count
    clear = (
        search_href(base, params.with_changes(year_from=None, year_to=None))
        if params.year_from is not None or params.year_to is not None
        else None
    )
    counts = {year: count for year, count in counts.items() if count > 0}
    if not counts:
        return YearChart(
            (), width, height, height - 18, None, None, params.year_from, params.year_to, clear
        )
    first, last = min(counts), max(counts)
    years = list(range(first, last + 1))
    top_pad, label_space = 16.0, 18.0
    baseline = height - label_space
    # A bar never grows wider than 36 units, so one or two years still read as bars, centred.
    slot = min(width / len(years), 48.0)
    bar_width = max(slot * 0.78, 1.0)
    offset = (width - slot * len(years)) / 2
    peak = max(counts.values())
    centres = [offset + (i + 0.5) * slot for i in range(len(years))]
    labels = year_labels(centres, width, years.index(max(counts, key=counts.__getitem__)))
    bars = []
    for i, year in enumerate(years):
        count = counts.get(year, 0)
        bar_height = (baseline - top_pad) * count / peak if peak else 0
        low = params.year_from if params.year_from is not None else first
        high = params.year_to if params.year_to is not None else last
        bars.append(
            YearBar(
                year=year,
                count=count,
                href=search_href(base, params.with_changes(year_from=year, year_to=year)),
                x=round(offset + i * slot + (slot - bar_width) / 2, 2),
                y=round(baseline - bar_height, 2),
                width=round(bar_width, 2),
                height=round(bar_height, 2),
                in_range=low <= year <= high,
                label_x=labels.get(i),
                show_count=bool(count) and (len(years) <= COUNTED_BARS or count == peak),
            )
        )
    return YearChart(
        tuple(bars), width, height, baseline, first, last, params.year_from, params.year_to, clear
    )
