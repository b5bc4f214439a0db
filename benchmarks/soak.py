"""A bounded load test of the production server on a temporary copy of the catalogue.

Three phases on 127.0.0.1, for a fixed total duration: ``idle`` (ordinary clients alone),
``hostile`` (the same, with 8 clients sending searches too broad to run) and ``soak`` (all
that while the catalogue is edited, rebuilt and rolled back). Ordinary clients search, click
facets, open entry pages and export; every answer names the generation that gave it (the
X-Mediasearch-Generation header) and is checked, at the end, against what that generation
finds when searched in this process. Prints requests, p50/p95/p99, errors and wrong answers
per phase. Run with `make soak` (60 s) or `python benchmarks/soak.py --duration 20`.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import os
import random
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

from mediasearch.catalogue.loading import default_vocabulary_path, load_catalogue
from mediasearch.index.generation import open_generation
from mediasearch.index.store import read_pointer
from mediasearch.search.engine import EXPORT_LIMIT, run_search
from mediasearch.search.params import parse_params
from mediasearch.settings import setting

MEDIASEARCH = Path(sys.executable).with_name("mediasearch")
HEADER = "X-Mediasearch-Generation"
HOSTILE_CLIENTS = 8
ORDINARY_CLIENTS = 4
#: Broad on purpose: each must be refused with a 400 at once.
HOSTILE = [
    " ".join(f"{letter}*" for letter in "abcdefghijklmnopqrstuvwxyzabcdefghijklmn"),
    " ".join(f"*{letter}" for letter in "abcdefghijklmnopqrstuvwxyzabcdefghijklmn"),
    " ".join(f"{prefix}*" for prefix in ("mi", "wo", "re", "la", "do", "pr", "in")),
    "*tion *ment *ers",
    "fair ?ecruitment",
]
MARKER = "soakmarker"


@dataclass
class Phase:
    """What one phase saw."""

    name: str
    seconds: float = 0.0
    latencies: list[float] = field(default_factory=list)
    hostile_latencies: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    #: (generation, kind, key, observed) to check once every generation's answers are known.
    observed: list[tuple[str, str, str, object]] = field(default_factory=list)
    wrong: list[str] = field(default_factory=list)


class Soak:
    """The server, its catalogue copy, and the answers each generation should give."""

    def __init__(self, root: Path, entries: Path, workers: int, index: Path | None = None):
        self.root = root
        self.entries = root / "entries.yaml"
        shutil.copyfile(entries, self.entries)
        shutil.copyfile(default_vocabulary_path(entries), root / "vocabulary.yaml")
        self.index_dir = root / "index"
        self.env = {
            **os.environ,
            "MEDIASEARCH_ENTRIES_PATH": str(self.entries),
            "MEDIASEARCH_INDEX_DIR": str(self.index_dir),
        }
        self.catalogue = load_catalogue(self.entries)
        self.queries = self._queries()
        self.expected: dict[str, dict[tuple[str, str], object]] = {}
        self.lock = threading.Lock()
        if index is None:
            self.command("index")
        else:  # a large catalogue's index, built beforehand: copied, never touched
            shutil.copytree(index, self.index_dir)
            pointer = read_pointer(self.index_dir)
            if pointer is None:
                raise SystemExit(f"{index} has no live generation")
            self.learn(pointer.current)
        self.port = _free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.server = subprocess.Popen(
            [str(MEDIASEARCH), "serve", "--production", f"--workers={workers}"]
            + [f"--port={self.port}", "--host=127.0.0.1"],
            env=self.env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        until = time.monotonic() + 60
        while _get(f"{self.base}/healthz")[0] != 200:
            if time.monotonic() > until:
                raise SystemExit("the server did not start within 60 s")
            time.sleep(0.2)
        # Warm every worker's caches (document table, term arrays, lexicons) before measuring.
        for query in self.queries * (2 * workers):
            _get(f"{self.base}/api/search?{query}")

    def _queries(self) -> list[str]:
        """Searches as URL query strings: words, facet clicks, both, and the marker word."""
        entries = self.catalogue.entries
        words = ["recruitment", "migrant workers", "domestic", "covid", "refugees", MARKER]
        topics = sorted({topic for entry in entries for topic in entry.tags.get("topic", ())})[:6]
        countries = sorted(
            {country for entry in entries for country in entry.tags.get("country", ())}
        )[:6]
        queries = [urllib.parse.urlencode({"q": word}) for word in words]
        queries += [urllib.parse.urlencode({"topic": topic}) for topic in topics]
        queries += [
            urllib.parse.urlencode({"q": "workers", "country": country}) for country in countries
        ]
        return ["", *queries]

    def command(self, *args: str) -> None:
        """Run a mediasearch command, then record what the generation it made live answers."""
        subprocess.run(
            [str(MEDIASEARCH), *args], env=self.env, check=True, capture_output=True, text=True
        )
        pointer = read_pointer(self.index_dir)
        if pointer is not None:
            self.learn(pointer.current)

    def learn(self, name: str) -> None:
        """What generation `name` finds for every checked search."""
        if name in self.expected:
            return
        generation = open_generation(self.index_dir / name)
        answers: dict[tuple[str, str], object] = {}
        with generation.index.searcher() as searcher:
            for query in self.queries:
                args = urllib.parse.parse_qs(query)
                params = parse_params(args, generation.vocabulary)
                total = run_search(generation, params, searcher).total
                answers[("search", query)] = total
                # An export carries at most EXPORT_LIMIT entries.
                answers[("export", query)] = min(total, EXPORT_LIMIT)
        with self.lock:
            self.expected[name] = answers

    def edit(self, number: int) -> None:
        """Add an entry carrying the marker word at the top of the catalogue (newest first)."""
        text = self.entries.read_text(encoding="utf-8")
        at = text.index("\n- id:") + 1
        entry = (
            f"- id: soak-entry-{number}\n"
            f"  title: Soak test entry {number} on migrant workers\n"
            f"  date: '2030-01-{1 + number % 28:02d}'\n"
            "  type: video\n"
            f"  description: Added by the soak test ({MARKER}).\n"
            "  topics: [fair-recruitment]\n"
        )
        self.entries.write_text(text[:at] + entry + text[at:], encoding="utf-8")

    def stop(self) -> None:
        self.server.send_signal(signal.SIGTERM)
        try:
            self.server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.server.kill()
            self.server.wait()


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _get(url: str) -> tuple[int, dict[str, str], bytes]:
    """Status, headers and body of a GET; status 0 when the server did not answer."""
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()
    except OSError as error:
        return 0, {}, str(error).encode()


def ordinary_client(soak: Soak, phase: Phase, stop: threading.Event, seed: int) -> None:
    """Searches, facet clicks, entry pages and exports, each answer recorded for checking."""
    rng = random.Random(seed)
    ids = [entry.id for entry in soak.catalogue.entries]
    while not stop.is_set():
        kind = rng.choice(["search", "search", "search", "page", "entry", "export"])
        query = rng.choice(soak.queries)
        url = {
            "search": f"{soak.base}/api/search?{query}",
            "page": f"{soak.base}/?{query}",
            "entry": f"{soak.base}/entries/{rng.choice(ids)}",
            "export": f"{soak.base}/export/csv?{query}",
        }[kind]
        started = time.perf_counter()
        status, headers, body = _get(url)
        phase.latencies.append(time.perf_counter() - started)
        if status != 200:
            phase.errors.append(f"{status} {url}: {body[:120]!r}")
            continue
        generation = headers.get(HEADER, "")
        if kind == "search":
            phase.observed.append((generation, "search", query, json.loads(body)["total"]))
        elif kind == "export":
            rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))
            phase.observed.append((generation, "export", query, len(rows) - 1))


def hostile_client(soak: Soak, phase: Phase, stop: threading.Event, seed: int) -> None:
    """Searches too broad to run: each must be a quick 400, never a 5xx."""
    rng = random.Random(seed)
    while not stop.is_set():
        query = urllib.parse.urlencode({"q": rng.choice(HOSTILE)})
        url = f"{soak.base}/{rng.choice(['api/search', '', 'export/csv'])}?{query}"
        started = time.perf_counter()
        status, _headers, body = _get(url)
        phase.hostile_latencies.append(time.perf_counter() - started)
        if status != 400:
            phase.errors.append(f"hostile {status} {url[:80]}: {body[:120]!r}")


def curator(soak: Soak, phase: Phase, stop: threading.Event) -> None:
    """Edit, rebuild and now and then roll back, until stopped."""
    number = 0
    while not stop.is_set():
        number += 1
        soak.edit(number)
        try:
            if number % 3 == 0:
                soak.command("index", "--rollback")
            else:
                soak.command("index")
        except subprocess.CalledProcessError as error:
            phase.errors.append(f"curator: {error.stderr.strip()[:200]}")
        stop.wait(1.0)


def run_phase(soak: Soak, phase: Phase, seconds: float, hostile: bool, edits: bool) -> None:
    stop = threading.Event()
    threads = [
        threading.Thread(target=ordinary_client, args=(soak, phase, stop, n))
        for n in range(ORDINARY_CLIENTS)
    ]
    if hostile:
        threads += [
            threading.Thread(target=hostile_client, args=(soak, phase, stop, 100 + n))
            for n in range(HOSTILE_CLIENTS)
        ]
    if edits:
        threads.append(threading.Thread(target=curator, args=(soak, phase, stop)))
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    time.sleep(seconds)
    stop.set()
    for thread in threads:
        thread.join()
    phase.seconds = time.perf_counter() - started


def check(soak: Soak, phase: Phase) -> None:
    """Every observed answer against what its generation finds."""
    for generation, kind, key, observed in phase.observed:
        expected = soak.expected.get(generation, {}).get((kind, key))
        if generation not in soak.expected:
            phase.wrong.append(f"answered by an unknown generation {generation!r}")
        elif expected != observed:
            phase.wrong.append(f"{generation} {key or '(all)'}: {observed}, expected {expected}")


def percentile(values: list[float], share: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def report(phase: Phase) -> str:
    ms = [value * 1000 for value in phase.latencies]
    hostile = [value * 1000 for value in phase.hostile_latencies]
    line = (
        f"{phase.name:8} {len(ms):6} ordinary ({len(ms) / phase.seconds:5.1f}/s)  "
        f"p50 {percentile(ms, 0.5):6.1f}  p95 {percentile(ms, 0.95):6.1f}  "
        f"p99 {percentile(ms, 0.99):6.1f} ms"
    )
    if hostile:
        line += f"  | {len(hostile)} hostile, p95 {percentile(hostile, 0.95):6.1f} ms"
    return line + f"  | errors {len(phase.errors)}, wrong answers {len(phase.wrong)}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duration", type=float, default=60.0, help="seconds in all")
    parser.add_argument("--entries", type=Path, default=setting("ENTRIES_PATH"))
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--index", type=Path, help="an index of --entries to copy, not build")
    parser.add_argument(
        "--no-edits", action="store_true", help="no soak phase: idle and hostile only"
    )
    arguments = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="mediasearch-soak-") as temporary:
        soak = Soak(Path(temporary), arguments.entries, arguments.workers, arguments.index)
        plan = [("idle", 0.2, False, False), ("hostile", 0.2, True, False)]
        if arguments.no_edits:
            plan = [("idle", 0.5, False, False), ("hostile", 0.5, True, False)]
        else:
            plan.append(("soak", 0.6, True, True))
        phases = []
        try:
            for name, share, hostile, edits in plan:
                phase = Phase(name)
                run_phase(soak, phase, arguments.duration * share, hostile, edits)
                phases.append(phase)
        finally:
            soak.stop()
        generations = len(soak.expected)
    print(
        f"{len(soak.catalogue.entries)} entries, {arguments.workers} workers, "
        f"{arguments.duration:.0f} s, {generations} generations served"
    )
    for phase in phases:
        check(soak, phase)
        print(report(phase))
        for problem in (phase.errors + phase.wrong)[:5]:
            print(f"    {problem}")
    idle, hostile = phases[0], phases[1]
    ratio = percentile(hostile.latencies, 0.95) / percentile(idle.latencies, 0.95)
    print(f"ordinary p95 with {HOSTILE_CLIENTS} hostile clients: {ratio:.2f}x idle")
    if any(phase.errors or phase.wrong for phase in phases):
        raise SystemExit(1)


if __name__ == "__main__":
    main()
