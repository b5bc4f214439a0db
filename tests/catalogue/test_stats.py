"""Catalogue coverage statistics and the `mediasearch stats` command."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from mediasearch.catalogue.loading import load_catalogue
from mediasearch.catalogue.stats import (
    CatalogueStats,
    Count,
    EntryRef,
    SourceCount,
    catalogue_stats,
)
from mediasearch.cli.commands import main

VOCABULARY = """\
types:
  - {key: video, label: Video}
  - {key: interview, label: Interview}
  - {key: infographic, label: Infographic}
topics:
  - {key: fair-recruitment, label: Fair recruitment}
  - {key: domestic-work, label: Domestic work}
  - {key: fishing, label: Fishing and seafood}
regions:
  - {key: arab-states, label: Arab States}
projects:
  - {key: reframe, label: REFRAME}
"""

ENTRIES = [
    {
        "id": "nepal-fees",
        "title": "Recruitment fees",
        "date": "2023-06-12",
        "type": "video",
        "description": "Workers from Nepal.",
        "topics": ["fair-recruitment"],
        "countries": ["NPL"],
        "url": "https://www.ilo.org/nepal-fees",
        "sources": ["listing-1.txt"],
    },
    {
        "id": "domestic-lebanon",
        "title": "Domestic workers",
        "date": "2023-01-02",
        "type": "interview",
        "description": "   ",
        "topics": ["domestic-work", "fair-recruitment"],
        "regions": ["arab-states"],
        "sources": ["listing-1.txt", "listing-2.txt"],
    },
    {
        "id": "fair-interview",
        "title": "On fair recruitment",
        "date": "2020-05-05",
        "type": "interview",
        "topics": ["fair-recruitment"],
    },
    {
        "id": "reframe-video",
        "title": "REFRAME",
        "date": "2020-01-01",
        "type": "video",
        "description": "A project video.",
        "topics": ["fair-recruitment"],
        "projects": ["reframe"],
    },
]


@pytest.fixture
def entries_path(tmp_path: Path) -> Path:
    (tmp_path / "vocabulary.yaml").write_text(VOCABULARY, encoding="utf-8")
    path = tmp_path / "entries.yaml"
    path.write_text(yaml.safe_dump(ENTRIES, sort_keys=False), encoding="utf-8")
    return path


def test_catalogue_stats(entries_path):
    catalogue = load_catalogue(entries_path)

    stats = catalogue_stats(catalogue)

    assert stats == CatalogueStats(
        total=4,
        per_year=(
            Count("2020", "2020", 2),
            Count("2021", "2021", 0),
            Count("2022", "2022", 0),
            Count("2023", "2023", 2),
        ),
        per_type=(
            Count("video", "Video", 2),
            Count("interview", "Interview", 2),
            Count("infographic", "Infographic", 0),
        ),
        per_topic=(
            Count("fair-recruitment", "Fair recruitment", 4),
            Count("domestic-work", "Domestic work", 1),
            Count("fishing", "Fishing and seafood", 0),
        ),
        untagged=refs(catalogue, "fair-interview"),
        undescribed=refs(catalogue, "domestic-lebanon", "fair-interview"),
        per_country=(Count("NPL", "Nepal", 1),),
        per_region=(Count("arab-states", "Arab States", 1),),
        sources=(
            SourceCount("listing-1.txt", 2, date(2023, 1, 2), date(2023, 6, 12)),
            SourceCount("listing-2.txt", 1, date(2023, 1, 2), date(2023, 1, 2)),
        ),
        without_url=refs(catalogue, "domestic-lebanon", "fair-interview", "reframe-video"),
        first_date=date(2020, 1, 1),
        last_date=date(2023, 6, 12),
    )
    assert stats.thin_years == (Count("2021", "2021", 0), Count("2022", "2022", 0))


def refs(catalogue, *ids):
    return tuple(EntryRef(key, catalogue.get(key).date) for key in ids)


def test_an_empty_catalogue_has_no_years(tmp_path):
    (tmp_path / "vocabulary.yaml").write_text(VOCABULARY, encoding="utf-8")
    (tmp_path / "entries.yaml").write_text("[]\n", encoding="utf-8")

    stats = catalogue_stats(load_catalogue(tmp_path / "entries.yaml"))

    assert (stats.total, stats.per_year, stats.untagged, stats.undescribed) == (0, (), (), ())


def test_stats_command_prints_every_table(entries_path):
    result = CliRunner().invoke(main, ["stats", str(entries_path)])

    assert result.exit_code == 0, result.output
    assert result.output == (
        f"{entries_path}: 4 entries\n"
        "\nEntries per year:\n"
        "  2020      2\n"
        "  2021      0\n"
        "  2022      0\n"
        "  2023      2\n"
        "\nEntries per type:\n"
        "  Video            2\n"
        "  Interview        2\n"
        "  Infographic      0\n"
        "\nEntries per topic:\n"
        "  Fair recruitment         4\n"
        "  Domestic work            1\n"
        "  Fishing and seafood      0\n"
        "\nUntagged (no country, region or project): 1\n"
        "  2020-05-05  fair-interview\n"
        "\nUndescribed (no description): 2\n"
        "  2023-01-02  domestic-lebanon\n"
        "  2020-05-05  fair-interview\n"
    )


def test_stats_command_reports_an_invalid_catalogue(entries_path):
    entries_path.write_text("- id: x\n", encoding="utf-8")

    result = CliRunner().invoke(main, ["stats", str(entries_path)])

    assert result.exit_code == 1
    assert "problems in the catalogue:" in result.output
