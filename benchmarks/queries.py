"""The query mix: what researchers type, each as ours and Datasette take it, in three variants.

Every query runs plain, with a country and with a year range; rounds after the first vary the
country and the years, so no request is ever repeated and no response cache can stand in for
speed. Hit counts are compared where both tools give the query the same meaning: ``agrees``
says so, and ``differs`` says why not where they do not.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

#: Datasette's table view asked for what our search page shows: the first 20 rows and every
#: facet (four multi-valued fields as JSON arrays, type and year as columns), all values.
DATASETTE_PAGE = (
    ("_facet_array", "topics"),
    ("_facet_array", "countries"),
    ("_facet_array", "regions"),
    ("_facet_array", "projects"),
    ("_facet", "type"),
    ("_facet", "year"),
    ("_facet_size", "max"),
    ("_size", "20"),
    # Datasette's table view does not rank search hits; newest first is the order it offers.
    ("_sort_desc", "date"),
)
VARIANTS = ("plain", "country", "years")


@dataclass(frozen=True)
class Query:
    """One researcher query: a short name, our URL arguments and Datasette's."""

    name: str
    ours: tuple[tuple[str, str], ...]
    theirs: tuple[tuple[str, str], ...]
    #: Why the two hit counts may differ; empty when they must be equal.
    differs: str = ""


@dataclass(frozen=True)
class Request:
    """One query in one variant: what each server is sent."""

    query: Query
    variant: str
    round: int
    ours: tuple[tuple[str, str], ...]
    theirs: tuple[tuple[str, str], ...] = field(repr=False)

    @property
    def label(self) -> str:
        """The query and its variant's own arguments: "refugees [country=JOR]"."""
        added = self.ours[len(self.query.ours) :]
        return f"{self.query.name} [{' '.join(f'{k}={v}' for k, v in added) or 'plain'}]"

    @property
    def our_args(self) -> dict[str, list[str]]:
        """Our arguments as the library takes them: each name with its list of values."""
        args: dict[str, list[str]] = {}
        for name, value in self.ours:
            args.setdefault(name, []).append(value)
        return args


def _words(q: str, raw: bool = False, differs: str = "", name: str = "") -> Query:
    """A query typed in the search box; raw passes FTS5 operators through to Datasette."""
    theirs = (("_search", q),) + ((("_searchmode", "raw"),) if raw else ())
    return Query(name or q, (("q", q),), theirs, differs)


def _fielded(q: str, theirs: tuple[tuple[str, str], ...]) -> Query:
    return Query(q, (("q", q),), theirs)


def document_frequencies(entries: list[dict], words: list[str]) -> Counter:
    """In how many entries (title or description) each of words occurs."""
    wanted = set(words)
    counts: Counter = Counter()
    for entry in entries:
        text = f"{entry['title']} {entry.get('description', '')}"
        counts.update(wanted.intersection(re.findall(r"\w+", text)))
    return counts


def query_mix(entries: list[dict], places: list[str]) -> list[Query]:
    """The researcher queries for a catalogue; place-name queries pick words it contains."""
    frequencies = document_frequencies(entries, places)
    rank = {word: number for number, word in enumerate(places)}
    rare = min(frequencies, key=lambda word: (frequencies[word], rank[word]))
    target = max(2, len(entries) // 100)
    common = min(frequencies, key=lambda word: (abs(frequencies[word] - target), word))
    misspelt = common[:2] + common[3] + common[2] + common[4:]
    return [
        _words("migrant workers"),
        _words("refugees"),
        _words("fair recruitment"),
        _words("social protection"),
        _words("child labour"),
        _words("Guy Ryder interview"),
        _words("women domestic workers"),
        _words('"domestic workers"'),
        _words('"decent work"'),
        _words('"labour migration"'),
        _words("covid-19"),
        _words(rare, name="rare place name"),
        _words(common, name="place name in 1% of entries"),
        _words(f"{common} cooperative", name="place name and a word"),
        _words("Nepal OR Bangladesh", raw=True),
        _words("refugees NOT Jordan", raw=True),
        _fielded("title:covid", (("_search", "title:covid"), ("_searchmode", "raw"))),
        _fielded(
            'person:"Guy Ryder"', (("_search", 'people_text:"Guy Ryder"'), ("_searchmode", "raw"))
        ),
        _fielded('topic:"forced labour"', (("topics__arraycontains", "forced-labour"),)),
        _fielded("project:FAIR", (("projects__arraycontains", "fair"),)),
        _fielded(
            "type:interview refugees", (("type__exact", "interview"), ("_search", "refugees"))
        ),
        _words("recruitmnet", name="misspelt: recruitmnet"),
        _words("migrnat workers", name="misspelt: migrnat workers"),
        _words(misspelt, name="misspelt place name"),
        Query("browse, no query", (), ()),
        _words("xylophone", name="no hit: xylophone"),
        _words("labor rights", differs="ours folds American spellings into British ones"),
        _words("the future of work", differs="ours drops stop words; FTS5 requires them"),
    ]


def requests(mix: list[Query], countries: list[str], rounds: range) -> list[Request]:
    """Every query of the mix in each round: plain in round 0 only, then country and years.

    :param countries: countries in the order rounds use them (most used first).
    """
    made = []
    for number in rounds:
        country = countries[number % len(countries)]
        start = 2008 + number % 10
        for query in mix:
            variants = {
                "country": (("country", country),),
                "years": (("year_from", str(start)), ("year_to", str(start + 6))),
            }
            theirs_variants = {
                "country": (("countries__arraycontains", country),),
                "years": (("year__gte", str(start)), ("year__lte", str(start + 6))),
            }
            if number == 0:
                variants["plain"] = theirs_variants["plain"] = ()
            for variant in VARIANTS:
                if variant in variants:
                    made.append(
                        Request(
                            query,
                            variant,
                            number,
                            query.ours + variants[variant],
                            query.theirs + theirs_variants[variant] + DATASETTE_PAGE,
                        )
                    )
    return made
