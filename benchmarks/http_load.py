"""Timed HTTP requests: one client interleaving two servers, several clients, a switch watched."""

from __future__ import annotations

import http.client
import json
import time
import urllib.parse
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

#: No request may hang the benchmark.
REQUEST_TIMEOUT = 120.0


@dataclass(frozen=True)
class Server:
    """Where one server answers a search, and how to read its hit count."""

    name: str
    port: int
    path: str
    count_key: str

    def url(self, args: Sequence[tuple[str, str]]) -> str:
        return f"{self.path}?{urllib.parse.urlencode(list(args))}" if args else self.path


def fetch(port: int, url: str) -> tuple[float, int, bytes]:
    """Seconds one GET took on a new connection (as a browser's first), its status and body.

    A 400 is an answer (a query the server refuses, which the report counts); any other
    status than 200 stops the benchmark.
    """
    started = time.perf_counter()
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=REQUEST_TIMEOUT)
    try:
        connection.request("GET", url)
        response = connection.getresponse()
        body = response.read()
    finally:
        connection.close()
    seconds = time.perf_counter() - started
    if response.status not in (200, 400):
        raise RuntimeError(f"{url} on port {port}: HTTP {response.status}: {body[:300]!r}")
    return seconds, response.status, body


def interleaved(
    servers: Sequence[Server], requests: Sequence, args_of: Callable
) -> dict[str, list[tuple[float, dict]]]:
    """Each request sent to every server in turn (ours, theirs, ours...): seconds and JSON.

    :param args_of: (server, request) -> the URL arguments that server is sent.
    """
    outcomes: dict[str, list[tuple[float, dict]]] = {server.name: [] for server in servers}
    for request in requests:
        for server in servers:
            seconds, _status, body = fetch(server.port, server.url(args_of(server, request)))
            outcomes[server.name].append((seconds, json.loads(body)))
    return outcomes


def throughput(server: Server, urls: Sequence[str], clients: int) -> float:
    """Requests per second that `clients` concurrent clients get through urls, all of them."""
    started = time.perf_counter()
    with ThreadPoolExecutor(clients) as pool:
        for _ in pool.map(lambda url: fetch(server.port, url), urls):
            pass
    return len(urls) / (time.perf_counter() - started)


def seconds_until_served(
    server: Server, args: Sequence[tuple[str, str]], since: float, timeout: float = 120.0
) -> float:
    """Seconds from `since` (a perf_counter) until every worker finds what args search for.

    Each look is a new connection, so the kernel spreads them over the workers; ten hits in
    a row mean all of them switched. The time is when the first of those ten was answered (a
    worker opens the new generation when a request arrives, so that answer includes it).
    """
    streak_started, streak = 0.0, 0
    deadline = time.perf_counter() + timeout
    while time.perf_counter() < deadline:
        _seconds, _status, body = fetch(server.port, server.url(args))
        if json.loads(body).get(server.count_key, 0) > 0:
            streak_started = streak_started if streak else time.perf_counter()
            streak += 1
            if streak == 10:
                return streak_started - since
        else:
            streak = 0
        time.sleep(0.02)
    raise RuntimeError(f"{server.name} did not serve the edit within {timeout:.0f} s")
