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
