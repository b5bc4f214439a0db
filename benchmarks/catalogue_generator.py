"""Realistic synthetic catalogues of any size, reproducible from a seed, modelled on the real one.

Each entry gets a new title and description: phrases walked from a word chain learnt from the
real titles and descriptions, whole real sentences, and sentences naming the entry's own tags,
people, projects, countries and places. Types, years (2005-2024), tags per entry and how often
each tag is used follow the real catalogue, smoothed so every vocabulary term occurs. Place
and organisation names come from a dictionary of made-up words that grows with the catalogue
and is drawn from a Zipf law: a few common, a long tail seen once.

    python -m benchmarks.catalogue_generator --size 10000 --out /tmp/catalogue
"""

from __future__ import annotations

import argparse
import datetime
import itertools
import random
import re
import shutil
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path

import yaml

from benchmarks import library

YEARS = range(2005, 2025)
TAG_FIELDS = ("topics", "countries", "regions", "projects")
#: Tag field -> the facet whose vocabulary names its keys.
FACET_OF = {"topics": "topic", "countries": "country", "regions": "region", "projects": "project"}
#: Real catalogues name many more countries than the 22 of ours: this much of the weight goes
#: to the others, evenly.
OTHER_COUNTRIES_SHARE = 0.3
FIRST_NAMES = [
    "Amina",
    "Ana",
    "Carlos",
    "Chen",
    "Daniel",
    "Elena",
    "Fatima",
    "Hassan",
    "Ines",
    "Jamal",
    "Joseph",
    "Kamala",
    "Lina",
    "Maria",
    "Mohammed",
    "Nadia",
    "Nguyen",
    "Olga",
    "Pedro",
    "Priya",
    "Rahul",
    "Rosa",
    "Samir",
    "Sara",
    "Thandiwe",
    "Tomas",
    "Yusuf",
    "Zainab",
]
SENTENCE_TEMPLATES = (
    "{person} speaks about {topic} with workers in {place}, {country}.",
    "Migrant workers from {country} describe {topic} and their work in {place}.",
    "The {project} supports {topic} in {region}.",
    "Filmed in {place} ({country}) in {month} {year}.",
    "A {type} on {topic}, produced with the {place} workers' association.",
    "{person} of the {place} cooperative explains what {topic} means for families in {country}.",
)
TITLE_TEMPLATES = (
    "{phrase}",
    "{phrase}: {topic} in {country}",
    "{person} on {topic}",
    "{phrase} in {place}",
    "{topic}: {phrase}",
)


@dataclass(frozen=True)
class Model:
    """What the generator learns from the real catalogue."""

    vocabulary: object
    types: Weighted
    years: Weighted
    tag_counts: dict[str, Weighted]
    tag_weights: dict[str, Weighted]
    people_counts: Weighted
    people: tuple[str, ...]
    sentences: tuple[str, ...]
    starts: tuple[str, ...]
    chain: dict[str, tuple[str, ...]]
    empty_descriptions: float


def learn(catalogue) -> Model:
    """The distributions and phrases of a real catalogue (its loaded, validated form)."""
    entries = catalogue.entries
    vocabulary = catalogue.vocabulary
    types = Counter(entry.type for entry in entries)
    years = Counter(entry.year for entry in entries)
    tag_counts, tag_weights = {}, {}
    for field in TAG_FIELDS:
        used = Counter(key for entry in entries for key in entry.facet_keys(FACET_OF[field]))
        tag_counts[field] = Weighted(
            Counter(len(entry.facet_keys(FACET_OF[field])) for entry in entries)
        )
        keys = vocabulary.keys(FACET_OF[field])
        weights = {key: used[key] + 0.5 for key in keys}
        if field == "countries":
            others = [key for key in keys if not used[key]]
            share = OTHER_COUNTRIES_SHARE * sum(used.values()) / max(1, len(others))
            weights = {key: used[key] or share for key in keys}
        tag_weights[field] = Weighted(weights)
    texts = [entry.title for entry in entries] + [e.description for e in entries if e.description]
    sentences = [
        sentence
        for entry in entries
        for sentence in re.split(r"(?<=[.!?])\s+", entry.description)
        if len(sentence.split()) >= 6
    ]
    chain: dict[str, list[str]] = defaultdict(list)
    starts = []
    for text in texts:
        words = text.split()
        starts.append(words[0])
        for word, following in itertools.pairwise(words):
            chain[word].append(following)
    return Model(
        vocabulary=vocabulary,
        types=Weighted({key: types[key] + 0.5 for key in vocabulary.keys("type")}),
        # The real years cluster in 2014 and 2021; an archive's span is flatter.
        years=Weighted({year: years[year] + 2.0 for year in YEARS}),
        tag_counts=tag_counts,
        tag_weights=tag_weights,
        people_counts=Weighted(Counter(len(entry.people) for entry in entries)),
        # Most cited first: the Zipf draw gives them the most entries, as in the real archive.
        people=tuple(
            name for name, _ in Counter(p for e in entries for p in e.people).most_common()
        ),
        sentences=tuple(sentences),
        starts=tuple(starts),
        chain={word: tuple(following) for word, following in chain.items()},
        empty_descriptions=sum(not e.description for e in entries) / len(entries),
    )


class Weighted:
    """Draws items by weight; the weights are summed once, so a draw is a binary search."""

    def __init__(self, weights: dict):
        self.items = list(weights)
        self.cumulative = list(itertools.accumulate(weights.values()))

    def draw(self, rng: random.Random, k: int = 1) -> list:
        return rng.choices(self.items, cum_weights=self.cumulative, k=k)


def zipf(items: list[str], s: float = 1.05) -> Weighted:
    """The item at rank r with weight 1 / r**s: a few common, a long tail seen once."""
    return Weighted({item: 1 / rank**s for rank, item in enumerate(items, start=1)})


def made_up_words(rng: random.Random, count: int) -> list[str]:
    """count distinct pronounceable words that no dictionary has (place and group names)."""
    syllables = [c + v for c in "bdfgklmnprstvz" for v in "aeiou"]
    words: dict[str, None] = {}
    while len(words) < count:
        word = "".join(rng.choices(syllables, k=rng.choice((2, 3, 3, 4))))
        words[word + rng.choice(("", "", "n", "r", "l"))] = None
    return list(words)


def _slug(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return "-".join(re.findall(r"[a-z0-9]+", ascii_text.lower())[:7]) or "entry"


class Generator:
    """Makes entries one at a time from a model, a seed and the catalogue's final size."""

    def __init__(self, model: Model, size: int, seed: int):
        self.model = model
        self.rng = random.Random(seed)
        words = made_up_words(random.Random(seed + 1), 2 * size + 500)
        self.places = zipf([word.capitalize() for word in words])
        surnames = [word.capitalize() for word in made_up_words(random.Random(seed + 2), size)]
        invented = [f"{self.rng.choice(FIRST_NAMES)} {name}" for name in surnames[: size // 20]]
        self.people = zipf([*model.people, *invented])

    def entry(self, number: int) -> dict:
        """The entry numbered `number`: tags first, then text that mentions them."""
        rng, model = self.rng, self.model
        tags = {}
        for field in TAG_FIELDS:
            count = model.tag_counts[field].draw(rng)[0]
            tags[field] = sorted(set(model.tag_weights[field].draw(rng, count)))
        tags["topics"] = tags["topics"] or model.tag_weights["topics"].draw(rng)
        people = sorted(set(self.people.draw(rng, model.people_counts.draw(rng)[0])))
        date = datetime.date(model.years.draw(rng)[0], rng.randint(1, 12), rng.randint(1, 28))
        kind = model.types.draw(rng)[0]
        slots = self._slots(tags, people, date, kind)
        title = rng.choice(TITLE_TEMPLATES).format(**slots, phrase=self._phrase(3, 9))
        entry = {"id": f"{_slug(title)}-{number}", "title": title, "date": date, "type": kind}
        if rng.random() >= model.empty_descriptions:
            entry["description"] = " ".join(
                self._sentence(slots) for _ in range(rng.choice((1, 2, 2, 3, 3, 4)))
            )
        entry.update({field: keys for field, keys in tags.items() if keys})
        if people:
            entry["people"] = people
        return entry

    def _slots(self, tags: dict, people: list[str], date: datetime.date, kind: str) -> dict:
        rng, vocabulary = self.rng, self.model.vocabulary

        def name(facet: str, keys: list[str], fallback: str) -> str:
            if not keys:
                return fallback
            term = vocabulary.term(facet, rng.choice(keys))
            return rng.choice(term.names) if facet in ("topic", "project") else term.label

        return {
            "topic": name("topic", tags["topics"], "labour migration"),
            "country": name("country", tags["countries"], "the region"),
            "region": name("region", tags["regions"], "several countries"),
            "project": name("project", tags["projects"], "ILO"),
            "person": people[0] if people else self.people.draw(rng)[0],
            "place": self.places.draw(rng)[0],
            "type": vocabulary.label("type", kind).lower(),
            "month": f"{date:%B}",
            "year": date.year,
        }

    def _phrase(self, shortest: int, longest: int) -> str:
        """A walk along the word chain: real phrases joined where the real text shares a word."""
        rng, chain = self.rng, self.model.chain
        words = [rng.choice(self.model.starts)]
        while len(words) < longest:
            following = chain.get(words[-1])
            if not following or (len(words) >= shortest and words[-1][-1] in ".!?"):
                break
            words.append(rng.choice(following))
        return " ".join(words).rstrip(".,;:")

    def _sentence(self, slots: dict) -> str:
        roll = self.rng.random()
        if roll < 0.3:
            return self.rng.choice(self.model.sentences)
        if roll < 0.6:
            slots = {**slots, "place": self.places.draw(self.rng)[0]}
            return self.rng.choice(SENTENCE_TEMPLATES).format(**slots)
        return self._phrase(8, 30) + "."


def generate(catalogue, size: int, seed: int) -> tuple[list[dict], list[str]]:
    """size entries, newest first, with unique ids and unique (title, date) pairs; and the
    made-up place names they draw on, most used first."""
    generator = Generator(learn(catalogue), size, seed)
    entries, seen = [], set()
    for number in range(size):
        entry = generator.entry(number)
        while (entry["title"].casefold(), entry["date"]) in seen:
            entry["title"] += f" ({generator.places.draw(generator.rng)[0]})"
        seen.add((entry["title"].casefold(), entry["date"]))
        entries.append(entry)
    entries.sort(key=lambda entry: entry["date"], reverse=True)
    return entries, generator.places.items


def write_catalogue(entries: list[dict], real_entries_path: Path, directory: Path) -> Path:
    """entries.yaml and the real vocabulary.yaml in directory; the entries file's path."""
    directory.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(real_entries_path.with_name("vocabulary.yaml"), directory / "vocabulary.yaml")
    path = directory / "entries.yaml"
    with path.open("w", encoding="utf-8") as out:
        # No line wrapping: one title per line, so a benchmark can edit one as a curator would.
        yaml.dump(
            entries,
            out,
            Dumper=yaml.CSafeDumper,
            sort_keys=False,
            allow_unicode=True,
            width=1_000_000,
        )
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, required=True)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out", type=Path, required=True, help="directory for the two files")
    arguments = parser.parse_args()
    real = library.real_entries_path()
    entries, _places = generate(library.load_catalogue(real), arguments.size, arguments.seed)
    print(write_catalogue(entries, real, arguments.out))


if __name__ == "__main__":
    main()
