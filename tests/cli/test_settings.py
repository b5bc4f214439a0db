"""Settings: defaults, MEDIASEARCH_* overrides, and the one rule for the vocabulary's path."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from mediasearch.cli import serving
from mediasearch.cli.commands import main
from mediasearch.settings import PROJECT_ROOT, setting, vocabulary_path
from mediasearch.web.app import create_app
from mediasearch.web.index_access import get_holder, index_is_stale

FIXTURES = Path(__file__).parents[1] / "fixtures" / "catalogue"


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


@pytest.fixture
def vocabulary_elsewhere(monkeypatch, tmp_path) -> dict[str, Path]:
    """The fixture entries alone in a directory, their vocabulary set by the environment."""
    entries = tmp_path / "catalogue" / "entries.yaml"
    entries.parent.mkdir()
    shutil.copy(FIXTURES / "entries.yaml", entries)
    vocabulary = tmp_path / "lists" / "vocabulary.yaml"
    vocabulary.parent.mkdir()
    shutil.copy(FIXTURES / "vocabulary.yaml", vocabulary)
    paths = {"ENTRIES_PATH": entries, "VOCABULARY_PATH": vocabulary, "INDEX_DIR": tmp_path / "ix"}
    for name, path in paths.items():
        monkeypatch.setenv(f"MEDIASEARCH_{name}", str(path))
    return paths


def test_every_command_reads_the_vocabulary_the_environment_names(vocabulary_elsewhere):
    runner = CliRunner()

    for command in ("validate", "stats", "index"):
        result = runner.invoke(main, [command])
        assert result.exit_code == 0, (command, result.output)
    app = create_app()
    with app.app_context():
        assert not index_is_stale()

    # A vocabulary that does not exist is read, and said, rather than quietly replaced.
    missing = vocabulary_elsewhere["VOCABULARY_PATH"].with_name("missing.yaml")
    result = runner.invoke(main, ["validate", "--vocabulary", str(missing)])
    assert result.exit_code == 1
    assert str(missing) in result.output


def test_run_does_not_rebuild_an_index_built_with_the_same_vocabulary(
    vocabulary_elsewhere, monkeypatch
):
    served = []
    monkeypatch.setattr(serving, "serve_production", lambda *args, **kw: served.append(args))
    runner = CliRunner()

    first = runner.invoke(main, ["run", "--port", "5050"])
    again = runner.invoke(main, ["run"])

    assert first.exit_code == 0, first.output
    assert "index is missing: building it" in first.output
    index_dir = vocabulary_elsewhere["INDEX_DIR"]
    assert f"index in {index_dir} is up to date" in again.output
    assert served == [("127.0.0.1", 5050), ("127.0.0.1", 5000)]
