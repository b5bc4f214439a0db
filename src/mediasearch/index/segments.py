"""Writes the documents of a full build into a new Whoosh index, on every core, one segment each.

Whoosh spends a build's time in Python, one posting at a time, so one process uses one core.
The entries are cut into consecutive parts: helper processes each write the first parts as
a separate index in a folder of their own, this process writes the last part; their segments
are then moved into the index and listed before its own, so documents are numbered in the
catalogue's order as a single writer numbers them. Whoosh's own multiprocessing writer is not
used: a helper that fails there leaves its documents out, or the writer waiting, in silence.
"""

from __future__ import annotations

import multiprocessing
import os
import shutil
from collections import Counter
from collections.abc import Callable, Sequence
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

from whoosh import index as whoosh_index
from whoosh.writing import SegmentWriter

from mediasearch.catalogue.entries import Entry
from mediasearch.catalogue.vocabulary import Vocabulary
from mediasearch.errors import MediasearchError
from mediasearch.index.postings import BulkFieldLengths
from mediasearch.index.schema import build_schema, entry_to_document
from mediasearch.index.words import count_words
from mediasearch.settings import available_cores, setting

#: Megabytes each index writer buffers postings in before spilling them to temporary runs,
#: which Whoosh then merges a posting at a time: at 512, each of two processes writing 50,000
#: entries spilled, and the 100,000-entry build took 141 s, not 96 (peak RSS 1.6 GB at 1024).
WRITER_MB = 1024
#: Fewer entries than this per process are not worth a process of their own.
ENTRIES_PER_PROCESS = 2000
#: How often (entries) a helper says how far it has got, for the progress bar.
_REPORT_EVERY = 200


class HelperFailedError(MediasearchError):
    """A helper process writing part of the index died without saying why."""


def write_documents(
    path: Path,
    entries: Sequence[Entry],
    vocabulary: Vocabulary,
    progress: Callable[[int], None] | None = None,
) -> Counter[str]:
    """Create a Whoosh index at path holding one document per entry, in the entries' order;
    return the entries' word counts (``count_words``), counted by each process for its part."""
    index = whoosh_index.create_in(str(path), build_schema())
    processes = setting("INDEX_PROCESSES") or available_cores()
    count = max(1, min(processes, len(entries) // ENTRIES_PER_PROCESS))
    bounds = [len(entries) * number // count for number in range(count + 1)]
    parts = [entries[start:end] for start, end in zip(bounds, bounds[1:], strict=False)]
    helpers: list[_Helper] = []
    try:
        # Forked before this process opens its writer, so that no helper holds its files.
        for number, part in enumerate(parts[:-1]):
            helpers.append(_Helper(path / f"part-{number}", part, vocabulary))
        writer = _writer(index)
    except BaseException:
        _stop(helpers)
        raise
    try:
        for number, entry in enumerate(parts[-1], 1):
            writer.add_document(**entry_to_document(entry, vocabulary))
            if progress:
                progress(1)
                if number % _REPORT_EVERY == 0:
                    progress(sum(helper.written() for helper in helpers))
        # This writer's segment is written while the helpers still write theirs (commit()
        # would write it only once they have finished), and so are its part's word counts.
        own = [writer._finalize_segment()] if writer._added else []
        if not own:  # an empty catalogue: no segment at all, as commit() would write
            writer._close_segment()
        words = count_words(parts[-1], vocabulary)
        segments = []
        for helper in helpers:
            segments += helper.finish(path, progress)
            words.update(helper.words)
        # Listed before this writer's own segment, unmerged: documents stay in catalogue order.
        writer._commit_toc([*segments, *own])
    except BaseException:
        writer.cancel()
        _stop(helpers)
        raise
    writer._finish()
    return words


def _writer(index: Any) -> SegmentWriter:
    """A writer of one new segment whose postings, when written, read field lengths in bulk."""
    # Compound: a helper's segment is one .seg file, which is all finish() moves.
    writer = SegmentWriter(index, limitmb=WRITER_MB, compound=True)
    own_reader = writer.per_document_reader
    writer.per_document_reader = lambda: BulkFieldLengths(own_reader())  # type: ignore[method-assign]
    return writer


def _stop(helpers: list[_Helper]) -> None:
    for helper in helpers:
        helper.stop()


class _Helper:
    """A forked process writing some entries as an index of its own, in a folder of the index."""

    def __init__(self, folder: Path, entries: Sequence[Entry], vocabulary: Vocabulary) -> None:
        self.folder = folder
        #: ("done", None) or ("failed", the exception) once the helper has said.
        self.outcome: tuple[str, Any] | None = None
        #: Its entries' word counts, once it is done.
        self.words: Counter[str] = Counter()
        self.closed = False
        # Forked: the helper has the entries already, nothing is sent through the pipe.
        context = multiprocessing.get_context("fork")
        self.messages, sender = context.Pipe(duplex=False)
        self.process = context.Process(
            target=_write_part, args=(folder, entries, vocabulary, sender), daemon=True
        )
        self.process.start()
        sender.close()

    def written(self) -> int:
        """Entries the helper has written since last asked, without waiting."""
        done = 0
        while self.outcome is None and self.messages.poll():
            done += self._receive()
        return done

    def finish(self, path: Path, progress: Callable[[int], None] | None) -> list[Any]:
        """Wait for the helper; move its segments into the index at path and return them."""
        while self.outcome is None:
            done = self._receive()
            if progress and done:
                progress(done)
        self._close()
        kind, value = self.outcome
        if kind == "failed":
            raise value
        segments: list[Any] = whoosh_index.open_dir(str(self.folder))._segments()
        for file in self.folder.glob("*.seg"):
            os.replace(file, path / file.name)
        shutil.rmtree(self.folder)
        return segments

    def stop(self) -> None:
        """End the helper: the build failed elsewhere."""
        if not self.closed and self.process.is_alive():
            self.process.kill()
        self._close()

    def _close(self) -> None:
        """Wait for the process to end and release its pipe and process handles, once."""
        if not self.closed:
            self.process.join()
            self.messages.close()
            self.process.close()
            self.closed = True

    def _receive(self) -> int:
        try:
            kind, value = self.messages.recv()
        except EOFError:
            self.process.join()
            raise HelperFailedError(
                f"a process writing part of the index stopped (exit code "
                f"{self.process.exitcode}) before it finished"
            ) from None
        if kind == "written":
            return int(value)
        if kind == "done":
            self.words = value
            value = None
        self.outcome = (kind, value)
        return 0


def _write_part(
    folder: Path, entries: Sequence[Entry], vocabulary: Vocabulary, messages: Connection
) -> None:
    try:
        folder.mkdir()
        writer = _writer(whoosh_index.create_in(str(folder), build_schema()))
        try:
            for number, entry in enumerate(entries, 1):
                writer.add_document(**entry_to_document(entry, vocabulary))
                if number % _REPORT_EVERY == 0:
                    messages.send(("written", _REPORT_EVERY))
        except BaseException:
            writer.cancel()
            raise
        writer.commit()
        messages.send(("written", len(entries) % _REPORT_EVERY))
        messages.send(("done", count_words(entries, vocabulary)))
    except Exception as error:  # the helper's one boundary: the parent raises it
        messages.send(("failed", error))
