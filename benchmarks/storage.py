"""The cost of reading the index with pread (no SIGBUS) against mmap, and of the manifest check.

Prints figures and asserts nothing. `python -m benchmarks.storage --size 10000`.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from dataclasses import replace
from pathlib import Path

from whoosh.filedb.filestore import FileStorage

from benchmarks import library
from benchmarks.catalogue_generator import generate, write_catalogue
from mediasearch.catalogue.loading import load_catalogue
from mediasearch.index.build import build_index
from mediasearch.index.generation import Generation, open_generation
from mediasearch.index.manifest import verify_manifest
from mediasearch.index.store import live_generation_path
from mediasearch.search.engine import run_search, warm
from mediasearch.search.params import parse_params

QUERIES = ["migrant workers", "fair recruitment", "domestic", "labour migration 2019", "refugees"]


def opened(path: Path, mmap: bool) -> Generation:
    """The generation at path, read through pread (ours) or Whoosh's mmap storage."""
    generation = open_generation(path)
    if mmap:
        generation = replace(generation, index=FileStorage(str(path)).open_index(), cache={})
    return generation


def measure(path: Path, mmap: bool, rounds: int) -> tuple[float, list[float]]:
    """Seconds to warm a freshly opened generation, and each search's seconds after."""
    generation = opened(path, mmap)
    started = time.perf_counter()
    warm(generation)
    warm_s = time.perf_counter() - started
    times = []
    with generation.index.searcher() as searcher:
        for _ in range(rounds):
            for words in QUERIES:
                params = parse_params({"q": [words]}, generation.vocabulary)
                started = time.perf_counter()
                run_search(generation, params, searcher)
                times.append(time.perf_counter() - started)
    return warm_s, times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=10_000)
    parser.add_argument("--rounds", type=int, default=20)
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as work:
        real = library.real_entries_path()
        entries, _ = generate(library.load_catalogue(real), options.size, seed=1)
        entries_path = write_catalogue(entries, real, Path(work) / "catalogue")
        build_index(load_catalogue(entries_path), Path(work) / "index")
        path = live_generation_path(Path(work) / "index")
        megabytes = sum(file.stat().st_size for file in path.iterdir()) / 2**20
        print(f"{options.size:,} entries, index {megabytes:.1f} MB")
        for checksums in (False, True):
            started = time.perf_counter()
            verify_manifest(path, checksums)
            what = "sizes and checksums" if checksums else "sizes only"
            print(f"  manifest check, {what}: {(time.perf_counter() - started) * 1000:.1f} ms")
        print(f"  {len(QUERIES) * options.rounds} searches per storage, after warming")
        for mmap in (True, False, True, False):  # twice each, interleaved: a busy machine
            warm_s, times = measure(path, mmap, options.rounds)
            cuts = statistics.quantiles(times, n=20)
            print(
                f"  {'mmap ' if mmap else 'pread'}  warm {warm_s * 1000:7.1f} ms   search "
                f"p50 {cuts[9] * 1000:6.2f} ms  p95 {cuts[18] * 1000:6.2f} ms"
            )


if __name__ == "__main__":
    main()
