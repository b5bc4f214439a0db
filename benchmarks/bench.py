"""Timings of indexing and searching: the real catalogue and a synthetic one scaled up from it.

Prints figures and asserts nothing (timing targets live here, not in tests). Run with
`make bench`; `python benchmarks/bench.py --size 2000` for a quicker synthetic run.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import yaml

from mediasearch.catalogue.entries import Entry
from mediasearch.catalogue.loading import default_vocabulary_path, load_catalogue
from mediasearch.index.build import build_index
from mediasearch.index.store import open_live_generation
from mediasearch.settings import setting

SEARCHES = {
    "facets only (type=video)": {"type": ["video"]},
    "'fair recruitment' country=NPL": {"q": ["fair recruitment"], "country": ["NPL"]},
    "'migrant workers' topic+region, newest": {
        "q": ["migrant workers"],
        "topic": ["women-migrant-workers"],
        "region": ["arab-states"],
        "sort": ["newest"],
    },
    "'labor' years 2015-2020": {"q": ["labor"], "year_from": ["2015"], "year_to": ["2020"]},
}


def timed(action: Callable[[], object]) -> tuple[float, object]:
    """Seconds one call took, and what it returned."""
    started = time.perf_counter()
    result = action()
    return time.perf_counter() - started, result


def report(label: str, seconds: float) -> None:
    print(f"  {label:<64} {seconds * 1000:9.1f} ms")


def write_entries(path: Path, entries: list[dict]) -> None:
    path.write_text(yaml.safe_dump(entries, sort_keys=False, allow_unicode=True), "utf-8")


def synthetic_entries(entries: tuple[Entry, ...], size: int) -> list[dict]:
    """size entries made by varying the real ones: new ids, distinct titles, shifted years."""
    made = []
    for number in range(size):
        data = entries[number % len(entries)].to_dict()
        for name in ("old_ids", "suggested", "notes", "url"):
            data.pop(name)
        round_ = number // len(entries)
        data["id"] = f"{data['id']}-{number}"
        data["title"] = f"{data['title']} (part {number})"
        year = 2010 + (int(data["date"][:4]) - 2010 + round_) % 15
        # 29 February exists only in leap years; the 28th does in all.
        data["date"] = f"{year}{data['date'][4:]}".replace("-02-29", "-02-28")
        made.append({key: value for key, value in data.items() if value not in ("", [], None)})
    return made


def bench_catalogue(label: str, entries_path: Path, index_dir: Path, edits: int = 5) -> None:
    """Load, full build, incremental build after a few edits, and searches, for one catalogue."""
    load_seconds, catalogue = timed(lambda: load_catalogue(entries_path))
    print(f"\n{label}: {len(catalogue.entries)} entries")
    report("load and validate the catalogue", load_seconds)
    full_seconds, summary = timed(lambda: build_index(catalogue, index_dir, mode="full"))
    report(f"full build ({summary.mode})", full_seconds)

    # A curator's session: a few retitled entries, one removed, one added.
    data = yaml.safe_load(entries_path.read_text("utf-8"))
    for item in data[:edits]:
        item["title"] += " (revised)"
    removed = data.pop()
    data.insert(0, {**removed, "id": removed["id"] + "-new", "title": removed["title"] + " 2"})
    write_entries(entries_path, data)
    edited = load_catalogue(entries_path)
    incremental_seconds, summary = timed(lambda: build_index(edited, index_dir))
    report(
        f"incremental build ({summary.added} added, {summary.updated} updated, "
        f"{summary.removed} removed)",
        incremental_seconds,
    )
    bench_searches(index_dir)


def bench_searches(index_dir: Path, repeat: int = 20) -> None:
    """Faceted searches through run_search, once the search library provides it."""
    try:
        from mediasearch.search.engine import run_search, warm
        from mediasearch.search.params import parse_params
    except ImportError as error:
        print(f"  (no search timings: {error})")
        return
    generation = open_live_generation(index_dir)
    warm_seconds, _ = timed(lambda: warm(generation))
    report("warm the generation's search caches", warm_seconds)
    with generation.index.searcher() as searcher:
        for label, args in SEARCHES.items():
            params = parse_params(args, generation.vocabulary)
            times = []
            for _ in range(repeat):
                seconds, page = timed(lambda p=params: run_search(generation, p, searcher))
                times.append(seconds)
            report(f"search {label} [{page.total} hits] (median)", statistics.median(times))


def bench_cli(entries_path: Path, index_dir: Path) -> None:
    """The `mediasearch index` command as a user runs it, process start included."""
    command = [str(Path(sys.executable).with_name("mediasearch")), "index", str(entries_path)]
    command += ["--index-dir", str(index_dir), "--full"]
    seconds, done = timed(lambda: subprocess.run(command, capture_output=True, text=True))
    print(f"\n`mediasearch index --full` on {entries_path.name}: {done.stdout.strip()}")
    report("whole command, process start included", seconds)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=10_000, help="synthetic catalogue size")
    arguments = parser.parse_args()
    real_path = setting("ENTRIES_PATH")
    print(f"Python {sys.version.split()[0]}; catalogue {real_path}")
    with tempfile.TemporaryDirectory(prefix="mediasearch-bench-") as temporary:
        root = Path(temporary)
        vocabulary = default_vocabulary_path(real_path).read_text("utf-8")
        real = load_catalogue(real_path)
        for name, entries in (
            ("real", None),
            ("synthetic", synthetic_entries(real.entries, arguments.size)),
        ):
            directory = root / name
            directory.mkdir()
            (directory / "vocabulary.yaml").write_text(vocabulary, "utf-8")
            if entries is None:  # the real file as curated, comments and all
                shutil.copyfile(real_path, directory / "entries.yaml")
                bench_cli(directory / "entries.yaml", directory / "cli-index")
            else:
                write_entries(directory / "entries.yaml", entries)
            bench_catalogue(f"{name} catalogue", directory / "entries.yaml", directory / "index")


if __name__ == "__main__":
    main()
