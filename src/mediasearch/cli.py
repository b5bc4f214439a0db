"""The `mediasearch` command line: thin commands over the library, errors as exit codes."""

from __future__ import annotations

from pathlib import Path

import click

from .catalogue import load_catalogue
from .errors import CatalogueError
from .settings import setting

ENTRIES_ARGUMENT = click.argument(
    "entries_path",
    metavar="PATH",
    required=False,
    type=click.Path(dir_okay=False, path_type=Path),
)


@click.group()
@click.version_option(package_name="mediasearch")
def main() -> None:
    """Search and browse the ILO's media archive on labour migration."""


@main.command()
@ENTRIES_ARGUMENT
@click.option(
    "--vocabulary",
    "vocabulary_path",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Vocabulary file (default: vocabulary.yaml beside PATH).",
)
def validate(entries_path: Path | None, vocabulary_path: Path | None) -> None:
    """Check the catalogue (default data/entries.yaml) and report every problem at once."""
    entries_path = entries_path or setting("ENTRIES_PATH")
    try:
        catalogue = load_catalogue(entries_path, vocabulary_path)
    except CatalogueError as error:
        click.echo(str(error), err=True)
        raise SystemExit(1) from None
    count = len(catalogue.entries)
    years = sorted({entry.year for entry in catalogue.entries})
    span = f"{years[0]}–{years[-1]}" if len(years) > 1 else "".join(map(str, years))
    summary = f"{count} {'entry' if count == 1 else 'entries'} OK" + (f", {span}" if span else "")
    click.echo(f"{entries_path}: {summary}")


@main.command("index")
@ENTRIES_ARGUMENT
@click.option(
    "--vocabulary",
    "vocabulary_path",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Vocabulary file (default: vocabulary.yaml beside PATH).",
)
@click.option(
    "--index-dir",
    type=click.Path(file_okay=False, path_type=Path),
    help="Where generations are written (default: the INDEX_DIR setting, index/).",
)
@click.option("--full", "mode", flag_value="full", help="Rebuild every entry.")
@click.option(
    "--incremental", "mode", flag_value="incremental", help="Re-index changed entries only."
)
@click.option("--rollback", is_flag=True, help="Switch back to the previous generation.")
@click.option(
    "--wait",
    type=click.FloatRange(min=0),
    default=30.0,
    show_default=True,
    help="Seconds to wait for another running `mediasearch index`.",
)
def index_command(
    entries_path: Path | None,
    vocabulary_path: Path | None,
    index_dir: Path | None,
    mode: str | None,
    rollback: bool,
    wait: float,
) -> None:
    """Index the catalogue (default data/entries.yaml): incremental unless the schema changed."""
    import sys

    from .errors import MediasearchError
    from .indexer import build_index, rollback_index

    index_dir = index_dir or setting("INDEX_DIR")
    try:
        if rollback:
            name = rollback_index(index_dir, wait=wait)
            click.echo(f"rolled back to generation {name}")
            return
        catalogue = load_catalogue(entries_path or setting("ENTRIES_PATH"), vocabulary_path)
        if sys.stdout.isatty():
            with click.progressbar(length=len(catalogue.entries), label="indexing") as bar:
                summary = build_index(
                    catalogue, index_dir, mode=mode or "auto", wait=wait, progress=bar.update
                )
        else:
            summary = build_index(catalogue, index_dir, mode=mode or "auto", wait=wait)
    except MediasearchError as error:
        # Covers CatalogueError: its message is the whole validation report.
        click.echo(str(error), err=True)
        raise SystemExit(1) from None
    click.echo(summary.describe())


def _facet_option(name: str):
    return click.option(
        f"--{name}", multiple=True, metavar="KEY", help=f"Only this {name} (repeatable; OR)."
    )


@main.command("search")
@click.argument("query", required=False, default="")
@_facet_option("topic")
@_facet_option("country")
@_facet_option("region")
@_facet_option("project")
@_facet_option("type")
@click.option("--year-from", metavar="YEAR", help="Only entries from this year on.")
@click.option("--year-to", metavar="YEAR", help="Only entries up to this year.")
@click.option("--sort", metavar="ORDER", help="relevance, newest or oldest.")
@click.option("--page", metavar="N", help="Page number (default 1).")
@click.option("--per-page", metavar="N", help="Results per page: 10, 20, 50 or 100.")
@click.option("--json", "as_json", is_flag=True, help="Print the /api/search JSON document.")
@click.option(
    "--index-dir",
    type=click.Path(file_okay=False, path_type=Path),
    help="Where generations are (default: the INDEX_DIR setting, index/).",
)
def search_command(query: str, as_json: bool, index_dir: Path | None, **options) -> None:
    """Search the index as the web does: QUERY plus facet filters, ranked hits and facets."""
    import json

    from .api_format import page_to_api
    from .errors import IndexMissingError, QueryError
    from .holder import IndexHolder
    from .params import parse_params
    from .search import run_search
    from .textformat import format_page_text

    args = {"q": [query]}
    for name, value in options.items():
        values = value if isinstance(value, tuple) else (() if value is None else (value,))
        args[name] = list(values)
    try:
        generation = IndexHolder(index_dir or setting("INDEX_DIR")).generation()
        page = run_search(generation, parse_params(args, generation.vocabulary))
    except IndexMissingError as error:
        click.echo(str(error), err=True)
        raise SystemExit(2) from None
    except QueryError as error:
        click.echo(f"error: {error}", err=True)
        raise SystemExit(1) from None
    if as_json:
        click.echo(json.dumps(page_to_api(page), ensure_ascii=False, indent=2))
    else:
        click.echo(format_page_text(page), nl=False)


@main.command("stats")
@ENTRIES_ARGUMENT
@click.option(
    "--vocabulary",
    "vocabulary_path",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Vocabulary file (default: vocabulary.yaml beside PATH).",
)
def stats_command(entries_path: Path | None, vocabulary_path: Path | None) -> None:
    """Catalogue coverage: entries per year, type and topic; untagged and undescribed entries."""
    from .stats import catalogue_stats

    entries_path = entries_path or setting("ENTRIES_PATH")
    try:
        stats = catalogue_stats(load_catalogue(entries_path, vocabulary_path))
    except CatalogueError as error:
        click.echo(str(error), err=True)
        raise SystemExit(1) from None
    click.echo(f"{entries_path}: {stats.total} entries")
    for title, counts in (
        ("per year", stats.per_year),
        ("per type", stats.per_type),
        ("per topic", stats.per_topic),
    ):
        click.echo(f"\nEntries {title}:")
        width = max((len(count.label) for count in counts), default=0)
        for count in counts:
            click.echo(f"  {count.label:<{width}}  {count.count:>5}")
    for title, entries in (
        ("Untagged (no country, region or project)", stats.untagged),
        ("Undescribed (no description)", stats.undescribed),
    ):
        click.echo(f"\n{title}: {len(entries)}")
        for entry in entries:
            click.echo(f"  {entry.date.isoformat()}  {entry.id}")


@main.command("import")
@click.argument(
    "captures", nargs=-1, required=True, type=click.Path(dir_okay=False, path_type=Path)
)
@click.option(
    "--into",
    "target",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Catalogue to merge into (default: data/entries.yaml).",
)
@click.option(
    "--related",
    "related_dir",
    type=click.Path(file_okay=False, path_type=Path),
    help="Single-item pages that may complete cut-off items (default: CAPTURES_DIR/related).",
)
@click.option("--dry-run", is_flag=True, help="Report what would change; write nothing.")
def import_captures(
    captures: tuple[Path, ...], target: Path | None, related_dir: Path | None, dry_run: bool
) -> None:
    """Add the items of listing CAPTURES to the catalogue, never rewriting curated entries."""
    # Imported here so the other commands do not load the capture parser and tagging tables.
    from .catalogue import default_vocabulary_path, load_vocabulary
    from .errors import CaptureError
    from .importer import format_report, plan_import, write_import

    target = target or setting("ENTRIES_PATH")
    if related_dir is None and (setting("CAPTURES_DIR") / "related").is_dir():
        related_dir = setting("CAPTURES_DIR") / "related"
    vocabulary_path = default_vocabulary_path(target)
    if not vocabulary_path.exists():
        vocabulary_path = setting("VOCABULARY_PATH")
    try:
        vocabulary = load_vocabulary(vocabulary_path)
        plan = plan_import(list(captures), target, vocabulary, related_dir)
        if not dry_run:
            write_import(plan)
    except (CaptureError, CatalogueError) as error:
        click.echo(f"Error: {error}", err=True)
        raise SystemExit(1) from None
    click.echo(format_report(plan, dry_run))


@main.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", type=click.IntRange(1, 65535), default=5000, show_default=True)
@click.option("--production", is_flag=True, help="Serve with waitress instead of Flask's server.")
@click.option(
    "--workers",
    type=click.IntRange(min=1),
    default=1,
    show_default=True,
    help="Waitress processes sharing the port (--production; Linux SO_REUSEPORT).",
)
def serve_command(host: str, port: int, production: bool, workers: int) -> None:
    """Serve the web app; each process picks up a rebuilt index without a restart."""
    from .serving import serve_production

    if production:
        serve_production(host, port, workers)
        return
    from .app import create_app

    create_app().run(host=host, port=port, debug=False, use_reloader=False)


@main.command("run")
@click.option("--port", type=click.IntRange(1, 65535), default=5000, show_default=True)
def run_command(port: int) -> None:
    """Validate the catalogue, build the index if missing or stale, serve on 127.0.0.1."""
    from .errors import MediasearchError
    from .serving import prepare_index, serve_production

    try:
        # No vocabulary path: beside the entries, as `mediasearch index` and the app read it.
        prepare_index(setting("ENTRIES_PATH"), None, setting("INDEX_DIR"), click.echo)
    except MediasearchError as error:
        click.echo(str(error), err=True)
        raise SystemExit(1) from None
    click.echo(f"serving on http://127.0.0.1:{port} (Ctrl+C to stop)")
    serve_production("127.0.0.1", port, workers=1)
