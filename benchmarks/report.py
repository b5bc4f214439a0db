"""The benchmark's findings: hit counts compared, and the side-by-side table (text or Markdown).

python -m benchmarks.report benchmarks/results/latest.json --markdown
"""

from __future__ import annotations

import argparse
import itertools
import json
from pathlib import Path

#: (label, path into one size's results for ours, for Datasette or None, lower is better).
ROWS = (
    ("library search p50 ms", ("library_ms", "p50"), None),
    ("library search p95 ms", ("library_ms", "p95"), None),
    ("library search p99 ms", ("library_ms", "p99"), None),
    ("HTTP p50 ms", ("http_ms", "mediasearch", "p50"), ("http_ms", "datasette", "p50")),
    ("HTTP p95 ms", ("http_ms", "mediasearch", "p95"), ("http_ms", "datasette", "p95")),
    ("HTTP p99 ms", ("http_ms", "mediasearch", "p99"), ("http_ms", "datasette", "p99")),
    ("1 client req/s", ("one_client_rps", "mediasearch"), ("one_client_rps", "datasette")),
    ("4 clients req/s", ("four_client_rps", "mediasearch"), ("four_client_rps", "datasette")),
    ("full build s", ("build", "full_s"), ("datasette_build", "load_s")),
    ("full build peak MB", ("build", "peak_mb"), None),
    ("index size MB", ("index_mb",), ("datasette_build", "db_mb")),
    ("one-edit rebuild s", ("build", "edit_s"), None),
    ("edit served after s", ("build", "edit_served_s"), None),
    (
        "serving RSS MB/worker",
        ("rss_mb", "mediasearch", "worker"),
        ("rss_mb", "datasette", "worker"),
    ),
    ("serving RSS MB total", ("rss_mb", "mediasearch", "total"), ("rss_mb", "datasette", "total")),
)

#: Issue 8's targets: (size, what, ours, Datasette's or None, the bound, "at most"/"at least").
#: With Datasette's figure, the bound is on ours ÷ theirs.
TARGETS = (
    ("real", "search page server time p95 ms", ("page_ms", "p95"), None, 5, "at most"),
    ("10000", "library search p95 ms", ("library_ms", "p95"), None, 30, "at most"),
    ("10000", "HTTP p95 ÷ Datasette's", *ROWS[4][1:], 0.5, "at most"),
    ("10000", "4-client throughput ÷ Datasette's", *ROWS[7][1:], 2, "at least"),
    ("100000", "HTTP p95 ÷ Datasette's", *ROWS[4][1:], 0.5, "at most"),
    ("100000", "library search p95 ms", ("library_ms", "p95"), None, 300, "at most"),
    ("100000", "full build s", ("build", "full_s"), None, 60, "at most"),
    ("100000", "one-edit rebuild s", ("build", "edit_s"), None, 5, "at most"),
    (
        "100000",
        "serving RSS MB per worker",
        ("rss_mb", "mediasearch", "worker"),
        None,
        400,
        "at most",
    ),
    ("100000", "new generation served after s", ("build", "edit_served_s"), None, 2, "at most"),
)


def compare_counts(timed, outcomes, responses, ours: str, theirs: str) -> dict:
    """Our hit count beside Datasette's for every request whose meaning both share.

    Not compared: queries marked as differing (with the reason), and requests where ours fell
    back to entries with any of the words, which Datasette never does. A request ours refuses
    (HTTP 400) is counted apart, and as a difference: Datasette answered it.
    """
    equal, mismatches, skipped, refused = 0, [], {}, {}
    for request, outcome, (_, our_json), (_, their_json) in zip(
        timed, outcomes, responses[ours], responses[theirs], strict=True
    ):
        if "error" in our_json:
            refused[request.label] = our_json["error"]["message"]
            continue
        reason = request.query.differs or (
            "ours fell back to any word" if outcome.fell_back else ""
        )
        if reason:
            skipped[request.label] = reason
            continue
        theirs_total = their_json["filtered_table_rows_count"]
        if our_json["total"] == theirs_total and not their_json.get("facets_timed_out"):
            equal += 1
        else:
            mismatches.append(
                {
                    "query": request.label,
                    "ours": our_json["total"],
                    "datasette": theirs_total,
                    "facets_timed_out": their_json.get("facets_timed_out"),
                }
            )
    return {"equal": equal, "mismatches": mismatches, "not_compared": skipped, "refused": refused}


def _get(result: dict, path: tuple[str, ...] | None) -> float | None:
    for key in path or ():
        if not isinstance(result, dict) or key not in result:
            return None
        result = result[key]
    return result if path else None


def _number(value: float | None) -> str:
    if value is None:
        return "-"
    return f"{value:,.0f}" if value >= 100 else f"{value:.3g}" if value < 10 else f"{value:.1f}"


def _cells(results: dict) -> list[tuple[str, list[tuple[str, str, str]]]]:
    """Each row's label, and per size: ours, Datasette's and ours ÷ theirs, as text."""
    rows = []
    for label, ours_path, theirs_path in ROWS:
        cells = []
        for result in results["sizes"].values():
            ours, theirs = _get(result, ours_path), _get(result, theirs_path)
            ratio = ours / theirs if ours is not None and theirs else None
            cells.append((_number(ours), _number(theirs), _number(ratio)))
        rows.append((label, cells))
    return rows


def _count_lines(results: dict) -> list[str]:
    real = results.get("real")
    lines = []
    if real:
        times = ", ".join(f"{name} {value} ms" for name, value in real["page_ms"].items())
        lines.append(
            f"real catalogue ({real['entries']} entries): search page server time {times} "
            f"({real['requests']} requests)"
        )
    for size, result in results["sizes"].items():
        counts = result["counts"]
        lines.append(
            f"{int(size):,}: hit counts equal to Datasette's for {counts['equal']} requests, "
            f"{len(counts['mismatches'])} differ, {len(counts['not_compared'])} not comparable"
        )
        lines += [f"  differs: {m}" for m in counts["mismatches"]]
        refused = counts.get("refused", {})
        if refused:
            lines.append(f"{int(size):,}: ours refused {len(refused)} requests (HTTP 400):")
            lines += [f"  refused: {label}: {why}" for label, why in refused.items()]
    return lines


def table(results: dict) -> str:
    """The side-by-side table as text: ours, Datasette's and ours ÷ theirs for each size."""
    sizes = results["sizes"]
    lines = [f"{'':<24}" + "".join(f"{int(size):>11,}: ours / Datasette /  ÷" for size in sizes)]
    for label, cells in _cells(results):
        lines.append(f"{label:<24}" + "".join(f"{o:>13} {t:>10} {r:>6}" for o, t, r in cells))
    lines += _count_lines(results)
    for what, bound, value, verdict in targets(results):
        lines.append(f"target: {what} {bound}: {value}, {verdict}")
    return "\n".join(lines)


def targets(results: dict) -> list[tuple[str, str, str, str]]:
    """Each target the results can judge: (size and what, bound, measured, verdict)."""
    judged = []
    for size, what, ours_path, theirs_path, bound, sense in TARGETS:
        name = "real catalogue" if size == "real" else f"{int(size):,}"
        result = results.get("real") if size == "real" else results["sizes"].get(size)
        value = None
        if result is not None:
            ours, theirs = _get(result, ours_path), _get(result, theirs_path)
            value = ours / theirs if theirs_path and ours is not None and theirs else ours
        if value is None:
            judged.append((f"{name}: {what}", f"{sense} {bound:g}", "-", "not measured"))
            continue
        met = value <= bound if sense == "at most" else value >= bound
        factor = value / bound if sense == "at most" else bound / value
        verdict = "met" if met else f"missed: {factor:.2g}× the bound"
        judged.append((f"{name}: {what}", f"{sense} {bound:g}", _number(value), verdict))
    return judged


def growth(results: dict) -> list[tuple[str, list[str]]]:
    """How each of our figures grows from one size to the next: (label, factors)."""
    sizes = list(results["sizes"].values())
    rows = []
    for label, ours_path, _theirs in ROWS:
        values = [_get(result, ours_path) for result in sizes]
        factors = [b / a if a and b is not None else None for a, b in itertools.pairwise(values)]
        rows.append((label, [f"× {_number(factor)}" for factor in factors]))
    return rows


def markdown(results: dict) -> str:
    """The same table in Markdown, for docs/benchmarks.md."""
    sizes = [int(size) for size in results["sizes"]]
    head = " | ".join(f"{s:,}: ours | {s:,}: Datasette | {s:,}: ÷" for s in sizes)
    lines = [f"| | {head} |", "|---" * (1 + 3 * len(sizes)) + "|"]
    for label, cells in _cells(results):
        lines.append(f"| {label} | " + " | ".join(" | ".join(cell) for cell in cells) + " |")
    if len(sizes) > 1:
        steps = " | ".join(f"{a:,} → {b:,} (× {b // a})" for a, b in itertools.pairwise(sizes))
        lines += ["", f"| ours grows | {steps} |", "|---" * len(sizes) + "|"]
        lines += [
            f"| {label} | " + " | ".join(factors) + " |" for label, factors in growth(results)
        ]
    lines += ["", *_count_lines(results), "", "| target | bound | measured | |", "|---" * 4 + "|"]
    for what, bound, value, verdict in targets(results):
        lines.append(f"| {what} | {bound} | {value} | {verdict} |")
    return "\n".join(lines)


def merged(runs: list[dict]) -> dict:
    """Several runs as one (e.g. `make bench` and `make bench-100k`): every size, smallest
    first, the real catalogue from the first run that measured it."""
    sizes = {size: result for run in runs for size, result in run["sizes"].items()}
    real = next((run["real"] for run in runs if "real" in run), None)
    return {
        "machine": [run["machine"] for run in runs],
        "sizes": dict(sorted(sizes.items(), key=lambda item: int(item[0]))),
        **({"real": real} if real else {}),
    }


def main() -> None:
    parser = argparse.ArgumentParser(
        description="Print benchmark JSON results as one table (several files are merged)."
    )
    parser.add_argument("results", type=Path, nargs="+")
    parser.add_argument("--markdown", action="store_true")
    arguments = parser.parse_args()
    results = merged([json.loads(path.read_text("utf-8")) for path in arguments.results])
    print(markdown(results) if arguments.markdown else table(results))


if __name__ == "__main__":
    main()
