"""Serving: waitress gets the settings' threads, and a served app closes its holder on exit."""

from __future__ import annotations

import signal
from pathlib import Path

import pytest

from mediasearch.cli import serving
from mediasearch.web.index_access import get_holder

FIXTURE_ENTRIES = Path(__file__).parents[1] / "fixtures" / "catalogue" / "entries.yaml"


@pytest.fixture
def served(monkeypatch, fixture_index_dir) -> list[dict]:
    """waitress.serve replaced by a stub that uses the app's searcher, then gets a SIGTERM."""
    monkeypatch.setenv("MEDIASEARCH_INDEX_DIR", str(fixture_index_dir))
    monkeypatch.setenv("MEDIASEARCH_ENTRIES_PATH", str(FIXTURE_ENTRIES))
    calls: list[dict] = []

    def serve(app, sockets, threads, ident) -> None:
        with get_holder(app).searcher() as searcher:
            calls.append({"threads": threads, "searcher": searcher})
        # What waitress does on SIGTERM: the handler's SystemExit stops it, and it returns.
        with pytest.raises(SystemExit):
            signal.raise_signal(signal.SIGTERM)
        for sock in sockets:
            sock.close()

    monkeypatch.setattr(serving.waitress, "serve", serve)
    return calls


def test_a_served_app_closes_its_searchers_when_stopped(served):
    before = signal.getsignal(signal.SIGTERM)

    serving.serve_production("127.0.0.1", 0, workers=1)

    [call] = served
    assert call["searcher"].is_closed
    assert signal.getsignal(signal.SIGTERM) is before


def test_waitress_threads_come_from_the_settings(served, monkeypatch):
    serving.serve_production("127.0.0.1", 0, workers=1)
    monkeypatch.setenv("MEDIASEARCH_THREADS_PER_WORKER", "2")
    serving.serve_production("127.0.0.1", 0, workers=1)

    assert [call["threads"] for call in served] == [4, 2]
