"""Validation of the catalogue: every problem reported at once, with file, line, id and field."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from mediasearch.catalogue.loading import load_catalogue, load_vocabulary
from mediasearch.errors import CatalogueError

VOCABULARY = """\
types:
  - key: video
    label: Video
topics:
  - key: fair-recruitment
    label: Fair recruitment
    aliases: [recruitment fees]
  - key: child-labour
    label: Child labour
regions:
  - key: arab-states
    label: Arab States
projects:
  - key: reframe
    label: Global Action to Improve the Recruitment Framework of Labour Migration
    acronym: REFRAME
"""

GOOD_ENTRY = """\
- id: breaking-stereotypes
  title: Breaking Stereotypes
  date: 2022-01-10
  type: video
  topics: [fair-recruitment]
"""


def write_catalogue(tmp_path: Path, entries: str, vocabulary: str = VOCABULARY) -> Path:
    """Write entries.yaml and vocabulary.yaml into tmp_path; return the entries path."""
    (tmp_path / "vocabulary.yaml").write_text(vocabulary, encoding="utf-8")
    path = tmp_path / "entries.yaml"
    path.write_text(textwrap.dedent(entries), encoding="utf-8")
    return path


def problems_of(tmp_path: Path, entries: str, vocabulary: str = VOCABULARY) -> list[str]:
    """Every problem message, with the tmp path shortened to the file name."""
    path = write_catalogue(tmp_path, entries, vocabulary)
    found = []
    # Read whole, and item by item as with an entry cache: the same problems, word for word.
    for cache_path in (None, tmp_path / "index" / "catalogue-cache.pickle"):
        with pytest.raises(CatalogueError) as caught:
            load_catalogue(path, cache_path=cache_path)
        found.append([str(p).replace(str(tmp_path) + "/", "") for p in caught.value.problems])
    assert found[0] == found[1]
    return found[0]


def test_a_good_catalogue_loads_with_every_field(tmp_path):
    path = write_catalogue(
        tmp_path,
        """\
        - id: child-labour-in-lebanon
          title: "Child labourers in Lebanon: The power of play"
          date: 2016-07-11
          type: video
          description: >-
            The incidence of child labour in agriculture is on the rise in Lebanon.
          description_cut: true
          topics: [child-labour]
          countries: [LBN, NOR]
          regions: [arab-states]
          projects: [reframe]
          people: [María Olave]
          url: https://www.ilo.org/global/topics/labour-migration/photo-video/WCMS_1/lang--en/index.htm
          sources: [http://ilo.org/x]
          old_ids: [child-labourers-in-lebanon]
          notes: Tagged from the TAX=A.10 view.
          suggested:
            topics: [fair-recruitment]
        - id: statements
          title: Statements on Fair Recruitment
          date: '2016-07-11'
          type: video
          description:
          topics: [fair-recruitment]
        """,
    )
    catalogue = load_catalogue(path)
    first, second = catalogue.entries
    assert first.to_dict() == {
        "id": "child-labour-in-lebanon",
        "title": "Child labourers in Lebanon: The power of play",
        "date": "2016-07-11",
        "type": "video",
        "description": "The incidence of child labour in agriculture is on the rise in Lebanon.",
        "description_cut": True,
        "topics": ["child-labour"],
        "countries": ["LBN", "NOR"],
        "regions": ["arab-states"],
        "projects": ["reframe"],
        "people": ["María Olave"],
        "url": "https://www.ilo.org/global/topics/labour-migration/photo-video/WCMS_1/lang--en/index.htm",
        "sources": ["http://ilo.org/x"],
        "old_ids": ["child-labourers-in-lebanon"],
        "notes": "Tagged from the TAX=A.10 view.",
        "suggested": {"topics": ["fair-recruitment"]},
    }
    assert (first.line, second.line, second.description) == (1, 19, "")
    assert second.description_cut is False
    assert catalogue.get("child-labourers-in-lebanon") is first
    assert catalogue.get("statements") is second
    assert catalogue.get("nothing") is None


BROKEN = [
    pytest.param(
        "",
        ["entries.yaml:1: the file is empty: expected a list of entries (write [] for none)"],
        id="empty-file",
    ),
    pytest.param(
        "id: x\n",
        ["entries.yaml:1: expected a list of entries, each starting with '- id: ...'"],
        id="not-a-list",
    ),
    pytest.param(
        "- just text\n",
        ["entries.yaml:1: each entry must be a mapping of field: value"],
        id="entry-not-a-mapping",
    ),
    pytest.param(
        "- id: x\n  title: [\n",
        ["entries.yaml:2: the list of title opened with [ is not closed: end it with ]"],
        id="yaml-syntax",
    ),
    pytest.param(
        "- id: x\n  title: T\n",
        [
            "entries.yaml:1: entry 'x', field 'date': required field is missing or empty",
            "entries.yaml:1: entry 'x', field 'type': required field is missing or empty",
            "entries.yaml:1: entry 'x', field 'topics': required field is missing or empty",
        ],
        id="missing-required",
    ),
    pytest.param(
        GOOD_ENTRY.replace("2022-01-10", "2021-02-30"),
        [
            "entries.yaml:3: entry 'breaking-stereotypes', field 'date': "
            "'2021-02-30' is not a real date"
        ],
        id="unreal-date",
    ),
    pytest.param(
        GOOD_ENTRY.replace("2022-01-10", "10 January 2022"),
        [
            "entries.yaml:3: entry 'breaking-stereotypes', field 'date': "
            "'10 January 2022' is not a date in YYYY-MM-DD form"
        ],
        id="date-format",
    ),
    pytest.param(
        GOOD_ENTRY.replace("breaking-stereotypes", "Breaking Stereotypes!"),
        [
            "entries.yaml:1: entry 'Breaking Stereotypes!', field 'id': "
            "must be a lowercase slug of letters, digits and single hyphens"
        ],
        id="id-not-a-slug",
    ),
    pytest.param(
        GOOD_ENTRY.replace("[fair-recruitment]", "[fair-recuitment]"),
        [
            "entries.yaml:5: entry 'breaking-stereotypes', field 'topics': "
            "unknown topic 'fair-recuitment' (did you mean 'fair-recruitment'?)"
        ],
        id="unknown-topic",
    ),
    pytest.param(
        GOOD_ENTRY.replace("type: video", "type: vidoe"),
        [
            "entries.yaml:4: entry 'breaking-stereotypes', field 'type': "
            "unknown type 'vidoe' (did you mean 'video'?)"
        ],
        id="unknown-type",
    ),
    pytest.param(
        GOOD_ENTRY + "  countries: [NO, Nepal, XYZ]\n",
        [
            "entries.yaml:6: entry 'breaking-stereotypes', field 'countries': "
            "unknown country 'NO' (did you mean 'NOR'?)",
            "entries.yaml:6: entry 'breaking-stereotypes', field 'countries': "
            "unknown country 'Nepal' (did you mean 'NPL'?)",
            "entries.yaml:6: entry 'breaking-stereotypes', field 'countries': "
            "unknown country 'XYZ'",
        ],
        id="bad-country-codes",
    ),
    pytest.param(
        GOOD_ENTRY + "  regions: [arab-state]\n  projects: [REFRAME]\n",
        [
            "entries.yaml:6: entry 'breaking-stereotypes', field 'regions': "
            "unknown region 'arab-state' (did you mean 'arab-states'?)",
            "entries.yaml:7: entry 'breaking-stereotypes', field 'projects': "
            "unknown project 'REFRAME' (did you mean 'reframe'?)",
        ],
        id="unknown-region-and-project",
    ),
    pytest.param(
        GOOD_ENTRY + "  countries: []\n  people:\n",
        [
            "entries.yaml:6: entry 'breaking-stereotypes', field 'countries': "
            "empty list: remove the field or give at least one value",
            "entries.yaml:7: entry 'breaking-stereotypes', field 'people': "
            "empty value: remove the field or give at least one value",
        ],
        id="empty-lists",
    ),
    pytest.param(
        GOOD_ENTRY + "  colour: red\n  topic: [child-labour]\n",
        [
            "entries.yaml:6: entry 'breaking-stereotypes', field 'colour': unknown field",
            "entries.yaml:7: entry 'breaking-stereotypes', field 'topic': "
            "unknown field (did you mean 'topics'?)",
        ],
        id="unknown-fields",
    ),
    pytest.param(
        # PyYAML would silently keep the last of two equal keys: the curator's first value
        # would vanish without a word.
        GOOD_ENTRY + "  title: Again\n",
        [
            "entries.yaml:6: entry 'breaking-stereotypes', field 'title': "
            "appears twice in this entry (first on line 2)"
        ],
        id="duplicate-key",
    ),
    pytest.param(
        GOOD_ENTRY + GOOD_ENTRY.replace("Breaking Stereotypes", "Breaking  stereotypes"),
        [
            "entries.yaml:6: entry 'breaking-stereotypes', field 'id': "
            "id 'breaking-stereotypes' is already used by the entry on line 1",
            "entries.yaml:6: entry 'breaking-stereotypes', field 'title': "
            "same title and date as entry 'breaking-stereotypes' (line 1)",
        ],
        id="duplicate-id-and-title-date",
    ),
    pytest.param(
        GOOD_ENTRY.replace("[fair-recruitment]", "[fair-recruitment, fair-recruitment]")
        + "  url: www.ilo.org/x\n",
        [
            "entries.yaml:5: entry 'breaking-stereotypes', field 'topics': "
            "'fair-recruitment' is listed twice",
            "entries.yaml:6: entry 'breaking-stereotypes', field 'url': "
            "'www.ilo.org/x' is not an http(s) address",
        ],
        id="bad-url-and-repeated-value",
    ),
    pytest.param(
        GOOD_ENTRY + "  description_cut: maybe\n",
        [
            "entries.yaml:6: entry 'breaking-stereotypes', field 'description_cut': "
            "must be true or false, not 'maybe'"
        ],
        id="description-cut-not-a-flag",
    ),
    pytest.param(
        GOOD_ENTRY.replace("title: Breaking Stereotypes", "title: [a, b]"),
        [
            "entries.yaml:2: entry 'breaking-stereotypes', field 'title': "
            "must be text, not a list or mapping"
        ],
        id="title-not-text",
    ),
]


@pytest.mark.parametrize(("entries", "expected"), BROKEN)
def test_broken_catalogues_report_every_problem_exactly(tmp_path, entries, expected):
    assert problems_of(tmp_path, entries) == expected


def test_problems_in_several_entries_are_all_reported_in_line_order(tmp_path):
    entries = GOOD_ENTRY.replace("video", "film") + GOOD_ENTRY.replace(
        "breaking-stereotypes", "second"
    ).replace("2022-01-10", "2022-13-01")
    assert problems_of(tmp_path, entries) == [
        "entries.yaml:4: entry 'breaking-stereotypes', field 'type': unknown type 'film'",
        "entries.yaml:8: entry 'second', field 'date': '2022-13-01' is not a real date",
    ]


BROKEN_VOCABULARIES = [
    pytest.param(
        "- key: video\n",
        ["vocabulary.yaml:1: expected a mapping with sections types, topics, regions, projects"],
        id="not-a-mapping",
    ),
    pytest.param(
        VOCABULARY + "colours:\n  - key: red\n    label: Red\n",
        ["vocabulary.yaml:17: unknown section 'colours' (types, topics, regions, projects)"],
        id="unknown-section",
    ),
    pytest.param(
        VOCABULARY.replace("key: child-labour", "key: Child Labour"),
        ["vocabulary.yaml:8: field 'topics': every term needs a lowercase slug 'key'"],
        id="bad-key",
    ),
    pytest.param(
        VOCABULARY.replace("key: child-labour", "key: fair-recruitment"),
        ["vocabulary.yaml:8: field 'topics': key 'fair-recruitment' is listed twice"],
        id="duplicate-key",
    ),
    pytest.param(
        VOCABULARY.replace("    label: Video\n", ""),
        ["vocabulary.yaml:2: field 'types': every term needs a 'label'"],
        id="missing-label",
    ),
]


@pytest.mark.parametrize(("vocabulary", "expected"), BROKEN_VOCABULARIES)
def test_broken_vocabularies_report_every_problem_exactly(tmp_path, vocabulary, expected):
    (tmp_path / "vocabulary.yaml").write_text(vocabulary, encoding="utf-8")
    with pytest.raises(CatalogueError) as caught:
        load_vocabulary(tmp_path / "vocabulary.yaml")
    problems = [str(p).replace(str(tmp_path) + "/", "") for p in caught.value.problems]
    assert problems == expected


def test_a_missing_file_is_a_clear_problem(tmp_path):
    (tmp_path / "vocabulary.yaml").write_text(VOCABULARY, encoding="utf-8")
    with pytest.raises(CatalogueError) as caught:
        load_catalogue(tmp_path / "nowhere.yaml")
    assert str(caught.value) == (
        f"1 problem in the catalogue:\n  {tmp_path}/nowhere.yaml: "
        "cannot read file: No such file or directory"
    )


def test_the_pure_python_loader_gives_the_same_lines(tmp_path, monkeypatch):
    """libyaml is used where present; the fallback must report identical positions."""
    from mediasearch.catalogue import located_yaml as yamlfile

    entries = GOOD_ENTRY.replace("[fair-recruitment]", "[fair-recuitment]")
    with_c = problems_of(tmp_path, entries)
    monkeypatch.setattr(yamlfile, "Loader", yamlfile.PureLoader)
    assert problems_of(tmp_path, entries) == with_c


def test_validate_command_prints_a_summary_and_exits_0(tmp_path):
    from click.testing import CliRunner

    from mediasearch.cli.commands import main

    path = write_catalogue(tmp_path, GOOD_ENTRY)
    result = CliRunner().invoke(main, ["validate", str(path)])
    assert (result.exit_code, result.output) == (0, f"{path}: 1 entry OK, 2022\n")


def test_validate_command_lists_every_problem_and_exits_1(tmp_path):
    from click.testing import CliRunner

    from mediasearch.cli.commands import main

    path = write_catalogue(tmp_path, GOOD_ENTRY.replace("video", "film") + "- 3\n")
    result = CliRunner().invoke(main, ["validate", str(path)])
    assert result.exit_code == 1
    assert result.stderr == (
        "2 problems in the catalogue:\n"
        f"  {path}:4: entry 'breaking-stereotypes', field 'type': unknown type 'film'\n"
        f"  {path}:6: each entry must be a mapping of field: value\n"
    )


def test_a_value_in_a_block_list_is_reported_on_its_own_line(tmp_path):
    entries = GOOD_ENTRY.replace(
        "topics: [fair-recruitment]", "topics:\n  - fair-recruitment\n  - child-labor"
    )
    assert problems_of(tmp_path, entries) == [
        "entries.yaml:7: entry 'breaking-stereotypes', field 'topics': "
        "unknown topic 'child-labor' (did you mean 'child-labour'?)"
    ]


def test_an_entry_reused_through_an_alias_is_refused_at_the_alias(tmp_path):
    entries = "- &a\n  " + GOOD_ENTRY[2:] + "- *a\n"
    line = entries.count("\n")
    assert problems_of(tmp_path, entries) == [
        f"entries.yaml:{line}: this line reuses a value through a YAML alias (*name); the "
        "catalogue does not allow aliases: write the value out in full"
    ]
