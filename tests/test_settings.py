"""Settings: defaults, MEDIASEARCH_* overrides, and the one rule for the vocabulary's path."""

from __future__ import annotations

from pathlib import Path

import pytest

from mediasearch.app import create_app
from mediasearch.settings import PROJECT_ROOT, setting, vocabulary_path
from mediasearch.web import get_holder


def test_defaults(monkeypatch):
    for name in ("INDEX_DIR", "PORT", "HOST", "INDEX_CHECK_INTERVAL", "VOCABULARY_PATH"):
        monkeypatch.delenv(f"MEDIASEARCH_{name}", raising=False)

    assert [setting(name) for name in ("INDEX_DIR", "HOST", "PORT", "INDEX_CHECK_INTERVAL")] == [
        PROJECT_ROOT / "index",
        "127.0.0.1",
        5000,
        0.5,
    ]
    assert setting("VOCABULARY_PATH") is None


@pytest.mark.parametrize(
    ("name", "value", "expected"),
    [
        ("INDEX_DIR", "/srv/index", Path("/srv/index")),
        ("PORT", "8000", 8000),
        ("HOST", "0.0.0.0", "0.0.0.0"),
        ("INDEX_CHECK_INTERVAL", "2.5", 2.5),
        ("CHECK_STALE", "false", False),
    ],
)
def test_environment_overrides_read_as_the_app_reads_them(monkeypatch, name, value, expected):
    monkeypatch.setenv(f"MEDIASEARCH_{name}", value)

    assert setting(name) == expected
    assert create_app().config[name] == expected


def test_the_vocabulary_is_explicit_else_the_environment_else_beside_the_entries(
    monkeypatch, tmp_path
):
    entries = tmp_path / "catalogue" / "entries.yaml"
    monkeypatch.delenv("MEDIASEARCH_VOCABULARY_PATH", raising=False)
    beside = vocabulary_path(entries)
    monkeypatch.setenv("MEDIASEARCH_VOCABULARY_PATH", str(tmp_path / "env.yaml"))

    assert beside == tmp_path / "catalogue" / "vocabulary.yaml"
    assert vocabulary_path(entries) == tmp_path / "env.yaml"
    assert vocabulary_path(entries, tmp_path / "option.yaml") == tmp_path / "option.yaml"


def test_the_app_follows_the_same_vocabulary_rule_and_interval(monkeypatch, tmp_path):
    entries = tmp_path / "entries.yaml"
    monkeypatch.delenv("MEDIASEARCH_VOCABULARY_PATH", raising=False)
    beside = create_app({"ENTRIES_PATH": entries, "INDEX_CHECK_INTERVAL": 0})
    monkeypatch.setenv("MEDIASEARCH_VOCABULARY_PATH", str(tmp_path / "env.yaml"))
    from_environment = create_app({"ENTRIES_PATH": entries})
    explicit = create_app({"ENTRIES_PATH": entries, "VOCABULARY_PATH": tmp_path / "own.yaml"})

    assert [app.config["VOCABULARY_PATH"] for app in (beside, from_environment, explicit)] == [
        tmp_path / "vocabulary.yaml",
        tmp_path / "env.yaml",
        tmp_path / "own.yaml",
    ]
    with beside.app_context():
        assert get_holder().check_interval == 0
    assert get_holder(from_environment).check_interval == 0.5
