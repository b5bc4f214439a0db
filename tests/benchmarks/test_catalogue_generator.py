"""The benchmark's synthetic catalogues: valid, reproducible from a seed; its queries distinct."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
from benchmarks.catalogue_generator import generate, write_catalogue
from benchmarks.queries import VARIANTS, query_mix, requests

from mediasearch.catalogue.loading import load_catalogue
from mediasearch.settings import PROJECT_ROOT

REAL_ENTRIES = PROJECT_ROOT / "data" / "entries.yaml"
SIZE = 300


@pytest.fixture(scope="module")
def real():
    return load_catalogue(REAL_ENTRIES)


@pytest.fixture(scope="module")
def generated(real, tmp_path_factory) -> tuple[list[dict], list[str], Path]:
    entries, places = generate(real, SIZE, seed=7)
    path = write_catalogue(entries, REAL_ENTRIES, tmp_path_factory.mktemp("generated"))
    return entries, places, path


def test_the_written_catalogue_passes_validation(generated):
    _entries, _places, path = generated
    catalogue = load_catalogue(path)
    assert len(catalogue.entries) == SIZE
    assert {entry.year for entry in catalogue.entries} <= set(range(2005, 2025))
    dates = [entry.date for entry in catalogue.entries]
    assert dates == sorted(dates, reverse=True)


def test_the_same_seed_gives_the_same_catalogue_and_another_seed_another(real, generated):
    entries, places, _path = generated
    assert generate(real, SIZE, seed=7) == (entries, places)
    other, _ = generate(real, SIZE, seed=8)
    assert [e["title"] for e in other] != [e["title"] for e in entries]


def test_titles_are_new_and_made_up_words_form_a_long_tail(real, generated):
    entries, places, _path = generated
    real_titles = {entry.title for entry in real.entries}
    new_titles = [e["title"] for e in entries if e["title"] not in real_titles]
    assert len(new_titles) > SIZE * 0.9
    text = " ".join(f"{e['title']} {e.get('description', '')}" for e in entries)
    used = Counter(word for word in text.split() if word.strip(".,()") in set(places))
    assert len(used) > 100
    assert sum(count == 1 for count in used.values()) > len(used) / 3


def test_every_request_of_the_mix_is_sent_once(generated):
    entries, places, _path = generated
    mix = query_mix(entries, places)
    assert len(mix) >= 20
    made = requests(mix, ["NPL", "JOR", "LBN"], range(3))
    assert len({request.ours for request in made}) == len(made)
    assert len({request.theirs for request in made}) == len(made)
    assert {request.variant for request in made} == set(VARIANTS)
