"""YAML mistakes explained in a curator's words: the line at fault and what to write instead."""

from __future__ import annotations

from pathlib import Path

import pytest

from mediasearch.catalogue.located_yaml import read_yaml
from mediasearch.errors import CatalogueError

ENTRY = "- id: a\n  title: T\n"

#: (what a curator wrote, the one problem reported for it): the parser's words never appear.
MISTAKES = {
    "a field indented 3 spaces": (
        ENTRY + "   date: 2020-01-01\n",
        "3: this line is indented 3 spaces; entries use 2: line it up with the field above",
    ),
    "a field indented 1 space": (
        ENTRY + " date: 2020-01-01\n",
        "3: this line is indented 1 space; entries use 2: line it up with the field above",
    ),
    "a second entry's field indented 3 spaces": (
        ENTRY + "- id: b\n   title: U\n",
        "4: this line is indented 3 spaces; entries use 2: line it up with the field above",
    ),
    "an entry indented": (
        ENTRY + " - id: b\n",
        "3: this entry starts 1 space in; entries start at the left edge",
    ),
    "a tab": (
        "- id: a\n\ttitle: T\n",
        "2: this line is indented with a tab; YAML needs spaces: use spaces only",
    ),
    "a colon in a title": (
        "- id: a\n  title: Migration: a story\n",
        "2: the value of title has a colon that YAML reads as the start of another field: "
        'put the whole value in double quotes: title: "Migration: a story"',
    ),
    "a quote never closed": (
        '- id: a\n  title: "Unclosed\n  date: 2020-01-01\n',
        '2: the value of title opens a quote (") that is never closed: end the value with " '
        "on this line",
    ),
    "an apostrophe inside single quotes": (
        "- id: a\n  title: 'It's here'\n",
        "2: the value of title is in single quotes and has an apostrophe inside: write it "
        "twice (title: 'It''s here') or use double quotes",
    ),
    "text after the closing quote": (
        '- id: a\n  title: "A" story\n',
        "2: the value of title goes on after its closing quote: quote the whole value, e.g. "
        "title: '\"A\" story'",
    ),
    "a list never closed": (
        "- id: a\n  topics: [fair-recruitment, child-labour\n  date: 2020-01-01\n",
        "2: the list of topics opened with [ is not closed: end it with ]",
    ),
    "a list never closed at the end": (
        "- id: x\n  title: [\n",
        "2: the list of title opened with [ is not closed: end it with ]",
    ),
    "a value starting with @": (
        "- id: a\n  title: @ILO on migration\n",
        '2: a value cannot start with @: put it in double quotes: title: "@ILO on migration"',
    ),
    "no space after a colon": (
        "- id: a\n  title:T\n  date: 2020-01-01\n",
        "2: put a space after the colon: title: T",
    ),
    "an alias": (
        "- &a\n  id: a\n  title: T\n- *a\n",
        "4: this line reuses a value through a YAML alias (*name); the catalogue does not "
        "allow aliases: write the value out in full",
    ),
    "an alias as a field's value": (
        "- id: a\n  topics: &t [x]\n- id: b\n  topics: *t\n",
        "4: this line reuses a value through a YAML alias (*name); the catalogue does not "
        "allow aliases: write the value out in full",
    ),
    "an alias to itself": (
        "- &a [*a]\n",
        "1: this line reuses a value through a YAML alias (*name); the catalogue does not "
        "allow aliases: write the value out in full",
    ),
}


def problems_of(tmp_path: Path, text: str) -> list[str]:
    path = tmp_path / "entries.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(CatalogueError) as raised:
        read_yaml(path)
    return [str(problem).removeprefix(f"{path}:") for problem in raised.value.problems]


@pytest.mark.parametrize("text, expected", MISTAKES.values(), ids=MISTAKES.keys())
def test_a_yaml_mistake_is_explained_with_its_line_and_the_fix(tmp_path, text, expected):
    assert problems_of(tmp_path, text) == [expected]


def test_an_alias_bomb_is_refused_at_once_not_expanded(tmp_path):
    # The "billion laughs": nine levels of ten aliases stand for 10**9 values.
    lines = ["- &l0 [lol]"]
    lines += [f"- &l{n} [{', '.join([f'*l{n - 1}'] * 10)}]" for n in range(1, 10)]
    assert problems_of(tmp_path, "\n".join(lines) + "\n") == [
        "2: this line reuses a value through a YAML alias (*name); the catalogue does not "
        "allow aliases: write the value out in full"
    ]


def test_nesting_too_deep_to_read_is_a_problem_not_a_recursion_error(tmp_path):
    # Deep enough for Python's recursion limit, not for libyaml's own nesting limit (1000).
    deep = "[" * 990 + "]" * 990 + "\n"
    assert problems_of(tmp_path, deep) == [
        " the lists and fields nest too deeply to read: the catalogue needs 4 levels"
    ]
