"""The facets, each declared once: validation, index, search, API, CLI and pages derive from here.

A facet's ``name`` is its one vocabulary end to end: the Whoosh field, the URL parameter, the
fielded query term (``topic:``), the API key and the template's CSS class (``tag-topic``).
Adding a facet is one declaration below plus its data (a vocabulary section and an entry
field); a colour of its own is one ``.tag-NAME`` rule in static/style.css.

Consumers call the functions here rather than keeping copies of ``FACETS``, so a derived list
never goes stale.
"""

from __future__ import annotations

from dataclasses import dataclass

#: Where a facet's values come from.
VOCABULARY = "vocabulary"  # the terms of one section of vocabulary.yaml
COUNTRIES = "countries"  # ISO 3166-1 alpha-3 codes, named by pycountry
DATE = "date"  # the year of the entry's date


@dataclass(frozen=True)
class FacetDefinition:
    """One facet: what it is called, where its values live and what they weigh."""

    #: The one name: Whoosh field, URL parameter, query field, API key, CSS class.
    name: str
    #: What pages call it: the sidebar heading, chips and the entry page's labels.
    heading: str
    #: The entry's field (YAML and ``Entry``) holding its keys: "topics", "type", "year".
    entry_field: str
    #: VOCABULARY, COUNTRIES or DATE.
    source: str
    #: Several keys per entry (a YAML list), or exactly one (type, year).
    multiple: bool
    #: The vocabulary.yaml section listing its terms (VOCABULARY facets only).
    section: str | None = None
    #: What its parameter means, for the OpenAPI description and CLI help.
    description: str = ""
    #: Index-time weight of the words of its labels (a label match outweighs a description's).
    boost: float = 1.0
    #: Query-time weight of the words of its labels.
    query_boost: float = 1.0
    #: What one shared value says about two entries being related (0: nothing).
    related_weight: float = 0.0
    #: What explanations call a search of its labels' words ("country name").
    words_name: str = ""
    #: Whether a result in the list shows its tags (the entry page shows every tag).
    on_results: bool = True
    #: Whether citations (RIS, BibTeX) list its labels as keywords: what an entry is about.
    keywords: bool = False
    #: An unknown value in a fielded term (``topic:xyz``) searches its labels' words; when
    #: False it is an error (media types are few: a typo is likelier than a word of a label).
    words_fallback: bool = True

    @property
    def keyed(self) -> bool:
        """Values are keys chosen by repeatable URL arguments (the year is a range instead)."""
        return self.source != DATE

    @property
    def is_tag(self) -> bool:
        """Entries are tagged with several of its keys, listed in an entry field."""
        return self.keyed and self.multiple

    @property
    def text_field(self) -> str:
        """The index field holding the words of its labels and aliases."""
        return f"{self.name}_text"


#: Every facet, in the order pages and the API list them.
FACETS: tuple[FacetDefinition, ...] = (
    FacetDefinition(
        name="topic",
        heading="Topic",
        entry_field="topics",
        source=VOCABULARY,
        multiple=True,
        section="topics",
        description="Topic key, label or alias (repeatable; values OR together).",
        boost=2.0,
        related_weight=1.5,
        words_name="topic label",
        keywords=True,
    ),
    FacetDefinition(
        name="country",
        heading="Country",
        entry_field="countries",
        source=COUNTRIES,
        multiple=True,
        description="ISO 3166-1 alpha-3 code or country name (repeatable).",
        boost=2.0,
        related_weight=2.5,
        words_name="country name",
        keywords=True,
    ),
    FacetDefinition(
        name="region",
        heading="Region",
        entry_field="regions",
        source=VOCABULARY,
        multiple=True,
        section="regions",
        description="Region key, label or alias (repeatable).",
        boost=1.5,
        # A broad region says little about two entries being related.
        related_weight=0.5,
        words_name="region name",
        on_results=False,
    ),
    FacetDefinition(
        name="project",
        heading="Project",
        entry_field="projects",
        source=VOCABULARY,
        multiple=True,
        section="projects",
        description="Project key, acronym or name (repeatable).",
        boost=2.0,
        # A shared project says most about relatedness.
        related_weight=4.0,
        words_name="project name",
    ),
    FacetDefinition(
        name="year",
        heading="Year",
        entry_field="year",
        source=DATE,
        multiple=False,
        description="The year of the entry's date (year_from, year_to).",
    ),
    FacetDefinition(
        name="type",
        heading="Media type",
        entry_field="type",
        source=VOCABULARY,
        multiple=False,
        section="types",
        description="Media type key or label (repeatable).",
        # The type's label is a weak signal of what an entry is about.
        query_boost=0.5,
        words_name="media type",
        words_fallback=False,
    ),
)


def all_facets() -> tuple[FacetDefinition, ...]:
    """Every facet, in page order."""
    return FACETS


def facet_named(name: str) -> FacetDefinition:
    """The facet with this name; KeyError for none."""
    return _derived().by_name[name]


def keyed_facets() -> tuple[FacetDefinition, ...]:
    """Facets filtered by keys (every one but the year), in page order."""
    return _derived().keyed


def tag_facets() -> tuple[FacetDefinition, ...]:
    """Facets an entry lists several keys of (topics, countries, regions, projects)."""
    return _derived().tags


@dataclass(frozen=True)
class _Derived:
    facets: tuple[FacetDefinition, ...]
    by_name: dict[str, FacetDefinition]
    keyed: tuple[FacetDefinition, ...]
    tags: tuple[FacetDefinition, ...]


_derived_lists: _Derived | None = None


def _derived() -> _Derived:
    """The lists derived from FACETS, worked out again only when FACETS is another tuple (a
    test declaring a facet): checking and indexing an entry asks for them dozens of times."""
    global _derived_lists
    if _derived_lists is None or _derived_lists.facets is not FACETS:
        _derived_lists = _Derived(
            facets=FACETS,
            by_name={definition.name: definition for definition in FACETS},
            keyed=tuple(definition for definition in FACETS if definition.keyed),
            tags=tuple(definition for definition in FACETS if definition.is_tag),
        )
    return _derived_lists


def facet_headings() -> dict[str, str]:
    """Facet name -> heading, in page order."""
    return {definition.name: definition.heading for definition in FACETS}
