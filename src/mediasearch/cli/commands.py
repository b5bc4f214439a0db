"""The `mediasearch` command line: thin commands over the library, errors as exit codes."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import click

from mediasearch import settings
from mediasearch.catalogue.entry_cache import CACHE_FILE
from mediasearch.catalogue.facets import keyed_facets
from mediasearch.catalogue.loading import Catalogue, load_catalogue, load_vocabulary
from mediasearch.catalogue.stats import catalogue_stats
from mediasearch.cli.boundary import CommandError, GuardedGroup
from mediasearch.cli.text import (
    format_generations,
    format_import_report,
    format_index_summary,
    format_page_text,
    format_stats,
)
from mediasearch.errors import CatalogueError, IndexMissingError, MediasearchError
from mediasearch.formats.api_json import page_to_api
from mediasearch.index.build import build_index
from mediasearch.index.live import list_generation_statuses, repair_pointer, rollback_index
from mediasearch.index.store import open_live_generation, read_pointer
from mediasearch.search.engine import run_search
from mediasearch.search.params import parse_params
from mediasearch.settings import DEFAULTS, setting

ENTRIES_ARGUMENT = click.argument(
    "entries_path",
    metavar="PATH",
    required=False,
    type=click.Path(dir_okay=False, path_type=Path),
)
VOCABULARY_OPTION = click.option(
    "--vocabulary",
    "vocabulary_path",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Vocabulary file (default: MEDIASEARCH_VOCABULARY_PATH, else beside the entries).",
)
INDEX_DIR_OPTION = click.option(
    "--index-dir",
    type=click.Path(file_okay=False, path_type=Path),
    help="Where index generations are (default: the INDEX_DIR setting, index/).",
)
HOST_OPTION = click.option(
    "--host",
    default=lambda: setting("HOST"),
    show_default=DEFAULTS["HOST"],
    help="Address to listen on; MEDIASEARCH_HOST sets the default.",
)
PORT_OPTION = click.option(
    "--port",
    type=click.IntRange(1, 65535),
    default=lambda: setting("PORT"),
    show_default=str(DEFAULTS["PORT"]),
    help="Port to listen on; MEDIASEARCH_PORT sets the default.",
)


#: --rollback given without a generation: step back one.
ROLLBACK_ONE = ""


@contextmanager
def exit_on_error(exit_codes: Mapping[type[MediasearchError], int] | None = None) -> Iterator[None]:
    """Turn a library error raised inside into a CommandError: exit status 1 unless mapped."""
    try:
        yield
    except MediasearchError as error:
        codes = [code for kind, code in (exit_codes or {}).items() if isinstance(error, kind)]
        raise CommandError(str(error), codes[0] if codes else 1) from None


def _load_catalogue(
    entries_path: Path, vocabulary_path: Path | None, index_dir: Path | None = None
) -> Catalogue:
    """Load entries_path with --vocabulary, else the vocabulary the settings' one rule names.

    With index_dir, checked entries are cached there, so the next load re-reads only edits.
    """
    vocabulary_path = settings.vocabulary_path(entries_path, vocabulary_path)
    cache_path = Path(index_dir) / CACHE_FILE if index_dir is not None else None
    return load_catalogue(entries_path, vocabulary_path, cache_path)


@click.group(cls=GuardedGroup)
@click.version_option(package_name="mediasearch")
def main() -> None:
    """Search and browse the ILO's media archive on labour migration."""


@main.command()
@ENTRIES_ARGUMENT
@VOCABULARY_OPTION
def validate(entries_path: Path | None, vocabulary_path: Path | None) -> None:
    """Check the catalogue (default data/entries.yaml) and report every problem at once."""
    entries_path = entries_path or setting("ENTRIES_PATH")
    # The index command's cache makes checking quick too, once there is an index directory.
    index_dir = setting("INDEX_DIR")
    with exit_on_error():
        catalogue = _load_catalogue(
            entries_path, vocabulary_path, index_dir if index_dir.is_dir() else None
        )
    count = len(catalogue.entries)
    years = sorted({entry.year for entry in catalogue.entries})
    span = f"{years[0]}–{years[-1]}" if len(years) > 1 else "".join(map(str, years))
    summary = f"{count} {'entry' if count == 1 else 'entries'} OK" + (f", {span}" if span else "")
    click.echo(f"{entries_path}: {summary}")


@main.command("index")
@ENTRIES_ARGUMENT
@VOCABULARY_OPTION
@INDEX_DIR_OPTION
@click.option("--full", "mode", flag_value="full", help="Rebuild every entry.")
@click.option(
    "--incremental", "mode", flag_value="incremental", help="Re-index changed entries only."
)
@click.option(
    "--rollback",
    is_flag=False,
    flag_value=ROLLBACK_ONE,
    default=None,
    metavar="[GEN]",
    help="Switch to the generation built before the live one (again: further back), or to GEN.",
)
@click.option("--list", "list_only", is_flag=True, help="List the generations kept on disk.")
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
    rollback: str | None,
    list_only: bool,
    wait: float,
) -> None:
    """Index the catalogue (default data/entries.yaml): incremental unless the schema changed.

    A damaged index pointer is repaired first: it is pointed at the newest sound generation.
    """
    index_dir = index_dir or setting("INDEX_DIR")
    if list_only:
        click.echo(format_generations(list_generation_statuses(index_dir)), nl=False)
        return
    with exit_on_error():
        repaired = repair_pointer(index_dir, wait)
    if repaired:
        click.echo(repaired)
    if rollback is not None:
        with exit_on_error():
            name = rollback_index(index_dir, rollback or None, wait=wait)
        click.echo(f"rolled back to generation {name}")
        return
    entries_path = entries_path or setting("ENTRIES_PATH")
    try:
        catalogue = _load_catalogue(entries_path, vocabulary_path, index_dir)
    except CatalogueError as error:
        # Validation comes before the writer lock: an invalid catalogue never reaches the index.
        raise CommandError(f"{error}\n{_untouched(index_dir)}") from None
    with exit_on_error():
        if sys.stdout.isatty():
            with click.progressbar(length=len(catalogue.entries), label="indexing") as bar:
                summary = build_index(
                    catalogue, index_dir, mode=mode or "auto", wait=wait, progress=bar.update
                )
        else:
            summary = build_index(catalogue, index_dir, mode=mode or "auto", wait=wait)
    click.echo(format_index_summary(summary))


def _untouched(index_dir: Path) -> str:
    """What a refused build did to index_dir: nothing, said in the words that apply."""
    try:
        exists = read_pointer(index_dir) is not None
    except IndexMissingError:
        exists = True  # an unreadable pointer is still the live index, and still untouched
    return "the live index was left untouched" if exists else "no index was built"


def _facet_options(command: Callable[..., Any]) -> Callable[..., Any]:
    """One repeatable --NAME option per keyed facet, in page order."""
    for definition in reversed(keyed_facets()):
        command = click.option(
            f"--{definition.name}",
            multiple=True,
            metavar="KEY",
            help=f"Only this {definition.name} (repeatable; OR).",
        )(command)
    return command


@main.command("search")
@click.argument("query", required=False, default="")
@_facet_options
@click.option("--year-from", metavar="YEAR", help="Only entries from this year on.")
@click.option("--year-to", metavar="YEAR", help="Only entries up to this year.")
@click.option("--sort", metavar="ORDER", help="relevance, newest or oldest.")
@click.option("--page", metavar="N", help="Page number (default 1).")
@click.option("--per-page", metavar="N", help="Results per page: 10, 20, 50 or 100.")
@click.option("--json", "as_json", is_flag=True, help="Print the /api/search JSON document.")
@INDEX_DIR_OPTION
def search_command(query: str, as_json: bool, index_dir: Path | None, **options: Any) -> None:
    """Search the index as the web does: QUERY plus facet filters, ranked hits and facets."""
    args = {"q": [query]}
    for name, value in options.items():
        values = value if isinstance(value, tuple) else (() if value is None else (value,))
        args[name] = list(values)
    # Exit status 2 for a missing index, so a script can tell it from a bad query (1).
    with exit_on_error({IndexMissingError: 2}):
        generation = open_live_generation(index_dir or setting("INDEX_DIR"))
        page = run_search(generation, parse_params(args, generation.vocabulary))
    if as_json:
        click.echo(json.dumps(page_to_api(page), ensure_ascii=False, indent=2))
    else:
        click.echo(format_page_text(page), nl=False)


@main.command("stats")
@ENTRIES_ARGUMENT
@VOCABULARY_OPTION
def stats_command(entries_path: Path | None, vocabulary_path: Path | None) -> None:
    """Catalogue coverage: entries per year, type and topic; untagged and undescribed entries."""
    entries_path = entries_path or setting("ENTRIES_PATH")
    with exit_on_error():
        catalogue = _load_catalogue(entries_path, vocabulary_path)
    click.echo(format_stats(entries_path, catalogue_stats(catalogue)))


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
@VOCABULARY_OPTION
@click.option(
    "--related",
    "related_dir",
    type=click.Path(file_okay=False, path_type=Path),
    help="Single-item pages that may complete cut-off items (default: CAPTURES_DIR/related).",
)
@click.option("--dry-run", is_flag=True, help="Report what would change; write nothing.")
def import_captures(
    captures: tuple[Path, ...],
    target: Path | None,
    vocabulary_path: Path | None,
    related_dir: Path | None,
    dry_run: bool,
) -> None:
    """Add the items of listing CAPTURES to the catalogue, never rewriting curated entries."""
    # Imported here so the other commands do not load the capture parser and tagging tables.
    from mediasearch.curation.importer import plan_import, write_import

    target = target or setting("ENTRIES_PATH")
    if related_dir is None and (setting("CAPTURES_DIR") / "related").is_dir():
        related_dir = setting("CAPTURES_DIR") / "related"
    vocabulary = settings.vocabulary_path(target, vocabulary_path)
    if not vocabulary.exists() and not vocabulary_path:
        # A new catalogue has no vocabulary of its own yet: tag with the main catalogue's.
        vocabulary = settings.vocabulary_path(setting("ENTRIES_PATH"))
    with exit_on_error():
        plan = plan_import(list(captures), target, load_vocabulary(vocabulary), related_dir)
        if not dry_run:
            write_import(plan)
    click.echo(format_import_report(plan, dry_run))


@main.command("serve")
@HOST_OPTION
@PORT_OPTION
@click.option("--production", is_flag=True, help="Serve with gunicorn instead of Flask's server.")
@click.option(
    "--workers",
    type=click.IntRange(min=1),
    default=lambda: setting("WORKERS"),
    show_default=str(DEFAULTS["WORKERS"]),
    help="gunicorn worker processes (--production); MEDIASEARCH_WORKERS sets the default.",
)
def serve_command(host: str, port: int, production: bool, workers: int) -> None:
    """Serve the web app; each process picks up a rebuilt index without a restart."""
    # Imported here so that only the commands that serve load Flask and gunicorn.
    from mediasearch.cli.serving import serve_development, serve_production

    if production:
        serve_production(host, port, workers)
    else:
        serve_development(host, port)


@main.command("run")
@HOST_OPTION
@PORT_OPTION
def run_command(host: str, port: int) -> None:
    """Validate the catalogue, build the index if missing or stale, and serve it (gunicorn)."""
    # Imported here so that only the commands that serve load Flask and gunicorn.
    from mediasearch.cli.serving import prepare_index, serve_production

    entries_path = setting("ENTRIES_PATH")
    with exit_on_error():
        # The vocabulary the app will read, or the app would find the index stale at once.
        vocabulary = settings.vocabulary_path(entries_path)
        prepare_index(entries_path, vocabulary, setting("INDEX_DIR"), click.echo)
    click.echo(f"serving on http://{host}:{port} (Ctrl+C to stop)")
    serve_production(host, port)
