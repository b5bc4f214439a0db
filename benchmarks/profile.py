"""Where the time goes: cProfile of a full build and of the slowest query of the mix.

python -m benchmarks.profile --size 10000          # make bench-profile
"""

from __future__ import annotations

import argparse
import cProfile
import io
import os
import pstats
import tempfile
import time
from pathlib import Path
from unittest import mock

from benchmarks import library
from benchmarks.bench import countries_by_use, library_times
from benchmarks.catalogue_generator import generate, write_catalogue
from benchmarks.queries import query_mix, requests

#: Runs of the slowest query under the profiler, so its own cost outweighs the profiler's noise.
QUERY_RUNS = 5


def top(profile: cProfile.Profile, lines: int) -> str:
    """The profile's heaviest functions, by cumulative and by own time."""
    out = io.StringIO()
    stats = pstats.Stats(profile, stream=out).strip_dirs()
    for order in ("cumulative", "tottime"):
        stats.sort_stats(order).print_stats(lines)
    return out.getvalue()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--lines", type=int, default=25, help="functions listed per order")
    arguments = parser.parse_args()
    real = library.real_entries_path()
    entries, places = generate(library.load_catalogue(real), arguments.size, arguments.seed)
    with tempfile.TemporaryDirectory(prefix="mediasearch-profile-") as work:
        entries_path = write_catalogue(entries, real, Path(work) / "catalogue")
        index_dir = Path(work) / "index"
        build = cProfile.Profile()
        started = time.perf_counter()
        # In one process: a profile sees only its own process, not the helpers a build forks.
        with mock.patch.dict(os.environ, {"MEDIASEARCH_INDEX_PROCESSES": "1"}):
            build.runcall(library.build_full, entries_path, index_dir)
        seconds = time.perf_counter() - started
        print(f"== full build of {arguments.size:,} entries, in one process: {seconds:.1f} s")
        print(top(build, arguments.lines))

        # Every request once to warm the generation's caches, then each timed: the slowest
        # in steady state is profiled (the first search after a switch pays for the caches).
        timed = requests(query_mix(entries, places), countries_by_use(entries), range(1))
        _outcomes, seconds = library_times(index_dir, timed, warm_up=timed)
        slowest = max(range(len(timed)), key=seconds.__getitem__)
        request = timed[slowest]
        print(f"== slowest query: {request.label}: {seconds[slowest] * 1000:.0f} ms")
        query = cProfile.Profile()
        with library.library_search(index_dir) as search:
            search(request.our_args)
            for _ in range(QUERY_RUNS):
                query.runcall(search, request.our_args)
        print(f"(profiled {QUERY_RUNS} runs after one to warm up)")
        print(top(query, arguments.lines))


if __name__ == "__main__":
    main()
