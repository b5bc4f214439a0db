"""Side-by-side benchmark of mediasearch and Datasette on synthetic catalogues of several sizes.

For each size: generate a catalogue, build our index through the CLI and Datasette's database
with sqlite-utils, time the query mix through the library, then serve both and time it over
HTTP, interleaved, with one client and with four; memory after warm-up; a one-edit rebuild and
how soon it is served. Prints a table and writes JSON; asserts nothing (targets are read off
the figures).

    python -m benchmarks.bench --sizes 1000 10000      # make bench
    python -m benchmarks.bench --sizes 100000 --rounds 2   # make bench-100k
"""

from __future__ import annotations

import argparse
import contextlib
import datetime
import json
import os
import platform
import re
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

import psutil

from benchmarks import library, report, servers
from benchmarks.catalogue_generator import generate, write_catalogue
from benchmarks.datasette_db import build_database
from benchmarks.http_load import Server, interleaved, seconds_until_served, throughput
from benchmarks.queries import Request, query_mix, requests

BIN = Path(sys.executable).parent
#: Rounds of the mix the 4-client throughput runs, after the rounds timed one at a time;
#: the round after them warms the servers up. Each request is thus sent once.
THROUGHPUT_ROUNDS = 2
WARM_UP_REQUESTS = 10
CLIENTS = 4


def percentiles(seconds: list[float]) -> dict[str, float]:
    """p50, p95 and p99 in milliseconds."""
    cuts = statistics.quantiles(seconds, n=100, method="inclusive")
    return {name: round(cuts[at] * 1000, 2) for name, at in (("p50", 49), ("p95", 94), ("p99", 98))}


def run_command(command: list[str], env: dict, log: Path) -> tuple[float, float]:
    """Run a command to its end: its seconds and its peak resident memory in MB."""
    started = time.perf_counter()
    with log.open("ab") as out:
        process = subprocess.Popen(command, env=env, stdout=out, stderr=out)
    _pid, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - started
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode:
        raise RuntimeError(f"{' '.join(command)} exited {process.returncode}; see {log}")
    return seconds, usage.ru_maxrss / 1024


def catalogue_env(entries_path: Path, index_dir: Path) -> dict[str, str]:
    """This environment, with the settings pointing every command at one catalogue and index."""
    env = {key: value for key, value in os.environ.items() if not key.startswith("MEDIASEARCH_")}
    return env | {
        "MEDIASEARCH_ENTRIES_PATH": str(entries_path),
        "MEDIASEARCH_INDEX_DIR": str(index_dir),
    }


def edit_one_title(entries_path: Path, word: str) -> None:
    """Append a word to the first plain one-line title, as a curator's one edit."""
    text = entries_path.read_text("utf-8")
    match = re.search(r"^  title: [^'\"\n][^\n]*$", text, flags=re.MULTILINE)
    entries_path.write_text(text[: match.end()] + f" {word}" + text[match.end() :], "utf-8")


def size_mb(path: Path) -> float:
    """The size of a file, or of every file under a directory, in MB."""
    files = [path] if path.is_file() else [f for f in path.rglob("*") if f.is_file()]
    return round(sum(f.stat().st_size for f in files) / 2**20, 2)


def measure(size: int, seed: int, rounds: int, work: Path) -> dict:
    """Every figure for one catalogue size."""
    print(f"\n== {size:,} entries ==", flush=True)
    log = work / "commands.log"
    started = time.perf_counter()
    real = library.real_entries_path()
    entries, places = generate(library.load_catalogue(real), size, seed)
    entries_path = write_catalogue(entries, real, work / "catalogue")
    print(f"generated in {time.perf_counter() - started:.1f} s: {entries_path}", flush=True)

    index_dir = work / "index"
    env = catalogue_env(entries_path, index_dir)
    build_s, build_mb = run_command([str(BIN / "mediasearch"), "index", "--full"], env, log)
    result: dict = {
        "entries": size,
        "load_average_before": os.getloadavg(),
        "build": {"full_s": round(build_s, 2), "peak_mb": round(build_mb, 1)},
        "index_mb": size_mb(index_dir),
    }
    print(f"full build {build_s:.1f} s, peak {build_mb:.0f} MB", flush=True)

    database = work / "datasette.db"
    load_s = build_database(library.searched_text(entries_path), database)
    result["datasette_build"] = {"load_s": round(load_s, 2), "db_mb": size_mb(database)}

    mix = query_mix(entries, places)
    counted = countries_by_use(entries)
    timed = requests(mix, counted, range(rounds))
    warm_up_round = rounds + THROUGHPUT_ROUNDS
    warm_up = requests(mix, counted, range(warm_up_round, warm_up_round + 1))[:WARM_UP_REQUESTS]
    outcomes, library_s = library_times(index_dir, timed, warm_up)
    result["library_ms"] = percentiles(library_s)
    print(f"library {result['library_ms']}", flush=True)

    ours = Server("mediasearch", servers.free_port(), "/api/search", "total")
    theirs = Server(
        "datasette", servers.free_port(), "/datasette/entries.json", "filtered_table_rows_count"
    )
    loaded = requests(mix, counted, range(rounds, rounds + THROUGHPUT_ROUNDS))
    with (
        servers.running(servers.ours_command(BIN, ours.port), env, ours.port, log) as our_process,
        servers.running(
            servers.datasette_command(BIN, database, theirs.port), env, theirs.port, log
        ) as their_process,
    ):
        interleaved((ours, theirs), warm_up, args_of)
        responses = interleaved((ours, theirs), timed, args_of)
        result["rss_mb"] = {
            "mediasearch": servers.resident_mb(our_process),
            "datasette": servers.resident_mb(their_process),
        }
        result["http_ms"] = {
            name: percentiles([s for s, _ in got]) for name, got in responses.items()
        }
        result["one_client_rps"] = {
            name: round(len(got) / sum(s for s, _ in got), 1) for name, got in responses.items()
        }
        print(f"http {result['http_ms']}", flush=True)
        result["four_client_rps"] = four_client_rps((ours, theirs), loaded)
        print(f"4 clients {result['four_client_rps']} req/s", flush=True)
        result["build"] |= edit_and_serve(entries_path, env, log, ours)

    result["load_average_after"] = os.getloadavg()
    result["counts"] = report.compare_counts(timed, outcomes, responses, ours.name, theirs.name)
    result["requests"] = [
        {
            "query": r.label,
            "library_ms": round(s * 1000, 2),
            "total": outcome.total,
            "refused": outcome.refused,
        }
        for r, s, outcome in zip(timed, library_s, outcomes, strict=True)
    ]
    return result


def args_of(server: Server, request: Request) -> tuple[tuple[str, str], ...]:
    """What a request sends to ours or to Datasette."""
    return request.ours if server.name == "mediasearch" else request.theirs


def four_client_rps(both: tuple[Server, Server], loaded: list[Request]) -> dict[str, float]:
    """Requests per second with four clients: a round to ours, to Datasette, the next..."""
    rps: dict[str, list[float]] = {server.name: [] for server in both}
    for number in sorted({request.round for request in loaded}):
        batch = [request for request in loaded if request.round == number]
        for server in both:
            urls = [server.url(args_of(server, request)) for request in batch]
            rps[server.name].append(throughput(server, urls, CLIENTS))
    return {name: round(statistics.mean(values), 1) for name, values in rps.items()}


def edit_and_serve(entries_path: Path, env: dict, log: Path, ours: Server) -> dict[str, float]:
    """One title edited, the whole `mediasearch index` timed, then how soon ours serves it."""
    word = f"Benchedit{time.time_ns() % 10**6}"
    edit_one_title(entries_path, word)
    edit_s, edit_mb = run_command([str(BIN / "mediasearch"), "index"], env, log)
    served_s = seconds_until_served(ours, (("q", word),), since=time.perf_counter())
    print(f"one edit {edit_s:.1f} s, served {served_s:.2f} s later", flush=True)
    return {
        "edit_s": round(edit_s, 2),
        "edit_peak_mb": round(edit_mb, 1),
        "edit_served_s": round(served_s, 2),
    }


def measure_real(rounds: int, work: Path) -> dict:
    """The real catalogue: server time of the search page for the mix, in this process."""
    print("\n== the real catalogue ==", flush=True)
    real = library.real_entries_path()
    index_dir = work / "index"
    env = catalogue_env(real, index_dir)
    run_command([str(BIN / "mediasearch"), "index", "--full"], env, work / "commands.log")
    entries = [entry.to_dict() for entry in library.load_catalogue(real).entries]
    # Its rare and common words are names: the capitalised words of its text.
    text = " ".join(f"{entry['title']} {entry['description']}" for entry in entries)
    names = sorted(set(re.findall(r"\b[A-Z][a-z]{4,}\b", text)))
    mix, counted = query_mix(entries, names), countries_by_use(entries)
    timed = requests(mix, counted, range(rounds))
    with library.page_server(real, index_dir) as serve:
        for request in requests(mix, counted, range(rounds, rounds + 1))[:WARM_UP_REQUESTS]:
            serve(request.ours)
        seconds = [serve(request.ours) for request in timed]
    result = {"entries": len(entries), "requests": len(timed), "page_ms": percentiles(seconds)}
    print(f"search page server time {result['page_ms']}", flush=True)
    return result


def countries_by_use(entries: list[dict]) -> list[str]:
    """Countries from the most used down: the country variant's choice, round by round."""
    return [c for c, _ in Counter(c for e in entries for c in e.get("countries", ())).most_common()]


def library_times(
    index_dir: Path, timed: list[Request], warm_up: list[Request]
) -> tuple[list, list[float]]:
    """Each request through the library, once, after the warm-up ones: outcomes and seconds."""
    outcomes, seconds = [], []
    with library.library_search(index_dir) as search:
        for request in warm_up:
            search(request.our_args)
        for request in timed:
            started = time.perf_counter()
            outcomes.append(search(request.our_args))
            seconds.append(time.perf_counter() - started)
    return outcomes, seconds


def machine() -> dict:
    """What the figures were measured on."""
    from importlib.metadata import PackageNotFoundError, version

    packages = {}
    for name in ("whoosh3", "flask", "gunicorn", "waitress", "datasette", "sqlite-utils"):
        with contextlib.suppress(PackageNotFoundError):
            packages[name] = version(name)
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True)
    return {
        "when": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "commit": commit.stdout.strip(),
        "cpus": os.cpu_count(),
        "memory_gb": round(psutil.virtual_memory().total / 2**30, 1),
        "load_average": os.getloadavg(),
        "python": platform.python_version(),
        "sqlite": sqlite3.sqlite_version,
        **packages,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--rounds", type=int, default=3, help="rounds of the mix timed one by one")
    parser.add_argument("--output", type=Path, default=Path("benchmarks/results/latest.json"))
    arguments = parser.parse_args()
    results = {"machine": machine(), "sizes": {}}
    with tempfile.TemporaryDirectory(prefix="mediasearch-bench-real-") as work:
        results["real"] = measure_real(arguments.rounds, Path(work))
    for size in arguments.sizes:
        with tempfile.TemporaryDirectory(prefix=f"mediasearch-bench-{size}-") as work:
            results["sizes"][str(size)] = measure(
                size, arguments.seed, arguments.rounds, Path(work)
            )
    arguments.output.parent.mkdir(parents=True, exist_ok=True)
    arguments.output.write_text(json.dumps(results, indent=1) + "\n", "utf-8")
    print()
    print(report.table(results))
    print(f"\nwritten to {arguments.output}")


if __name__ == "__main__":
    main()
