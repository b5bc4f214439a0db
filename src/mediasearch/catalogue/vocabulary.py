"""The controlled lists entries are tagged with: topics, regions, projects, types, countries."""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field

from mediasearch.catalogue.countries import country_aliases, country_lookup, country_names
from mediasearch.catalogue.facets import COUNTRIES, all_facets


@dataclass(frozen=True)
class Term:
    """One value of a controlled list: a stable key, the label people see, and other names."""

    key: str
    label: str
    aliases: tuple[str, ...] = ()
    acronym: str | None = None
    description: str = ""

    @property
    def names(self) -> tuple[str, ...]:
        """Every name this term is known by: label, acronym, aliases."""
        names = [self.label]
        if self.acronym:
            names.append(self.acronym)
        names.extend(self.aliases)
        return tuple(names)


@dataclass(frozen=True)
class Vocabulary:
    """All controlled lists, keyed by facet name (``topic``, ``region``, ``project``, ``type``)."""

    terms: dict[str, dict[str, Term]] = field(default_factory=dict)

    def keys(self, facet: str) -> list[str]:
        """The known keys of one facet, in vocabulary order (countries: ISO alpha-3 codes)."""
        if _is_countries(facet):
            return sorted(country_names())
        return list(self.terms.get(facet, {}))

    def term(self, facet: str, key: str) -> Term | None:
        """The term with this exact key, or None."""
        if _is_countries(facet):
            name = country_names().get(key)
            return Term(key=key, label=name, aliases=country_aliases(key)) if name else None
        return self.terms.get(facet, {}).get(key)

    def label(self, facet: str, key: str) -> str:
        """The label to show for a key; the key itself when it is unknown."""
        term = self.term(facet, key)
        return term.label if term else key

    def resolve(self, facet: str, name: str) -> str | None:
        """The key a key, label, acronym or alias names (case-insensitive), or None."""
        wanted = name.strip().casefold()
        if _is_countries(facet):
            return country_lookup().get(wanted)
        for term in self.terms.get(facet, {}).values():
            if wanted == term.key.casefold() or wanted in (n.casefold() for n in term.names):
                return term.key
        return None

    def nearest(self, facet: str, name: str) -> str | None:
        """The known key closest in spelling to an unknown one, for "did you mean" messages."""
        known = self.resolve(facet, name)
        if known:
            return known
        wanted = name.strip().casefold()
        if _is_countries(facet) and len(wanted) <= 3:
            # A mistyped code ("NO", "NPK"): compare with codes only.
            codes = difflib.get_close_matches(wanted.upper(), self.keys(facet), n=1, cutoff=0.6)
            return codes[0] if codes else None
        names = self._names(facet)
        # "photo" names one term by the start of its label ("Photo series").
        starting = {key for text, key in names.items() if text.startswith(wanted + " ")}
        if len(starting) == 1:
            return starting.pop()
        # Names are compared strictly: a loose match ("Narnia" ~ "Anguilla") misleads.
        close = difflib.get_close_matches(wanted, list(names), n=1, cutoff=0.8)
        return names[close[0]] if close else None

    def _names(self, facet: str) -> dict[str, str]:
        """Casefolded key, label, acronym and alias -> key, for one facet."""
        if _is_countries(facet):
            return country_lookup()
        names: dict[str, str] = {}
        for term in self.terms.get(facet, {}).values():
            for text in (term.key, *term.names):
                names.setdefault(text.casefold(), term.key)
        return names


def _is_countries(facet: str) -> bool:
    """Whether a facet's values are ISO 3166 countries rather than vocabulary.yaml terms."""
    return any(d.name == facet and d.source == COUNTRIES for d in all_facets())


def vocabulary_to_data(vocabulary: Vocabulary) -> dict:
    """The vocabulary as JSON-ready data: a generation carries the lists it was built with."""
    return {
        facet: [
            {
                "key": t.key,
                "label": t.label,
                "aliases": list(t.aliases),
                "acronym": t.acronym,
                "description": t.description,
            }
            for t in terms.values()
        ]
        for facet, terms in vocabulary.terms.items()
    }


def vocabulary_from_data(data: dict) -> Vocabulary:
    """The inverse of ``vocabulary_to_data``."""
    return Vocabulary(
        {
            facet: {
                item["key"]: Term(
                    key=item["key"],
                    label=item["label"],
                    aliases=tuple(item.get("aliases", ())),
                    acronym=item.get("acronym"),
                    description=item.get("description", ""),
                )
                for item in items
            }
            for facet, items in data.items()
        }
    )
