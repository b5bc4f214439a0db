"""The CLI's one boundary for the unplanned: a short message and a saved traceback, not a dump."""

from __future__ import annotations

import tempfile
import traceback
from typing import IO, Any

import click


class CommandError(click.ClickException):
    """A library error as a command's outcome: its message on stderr, then the exit status."""

    def __init__(self, message: str, exit_code: int = 1):
        super().__init__(message)
        self.exit_code = exit_code  # type: ignore[misc]  # click reads it from the instance

    def show(self, file: IO[Any] | None = None) -> None:
        """Print the message as the library wrote it, for people, without click's "Error:"."""
        # A catalogue report opens with its own headline ("2 problems in the catalogue:").
        click.echo(self.format_message(), file=file, err=True)


def describe_os_error(error: OSError) -> str:
    """An OSError in a person's words: what the system said, and about which file."""
    where = f" ({error.filename})" if error.filename else ""
    return f"{error.strerror or error}{where}"


def _save_traceback(error: BaseException) -> str:
    """Write the traceback to a temporary file for a bug report; return its path."""
    with tempfile.NamedTemporaryFile(
        "w", prefix="mediasearch-error-", suffix=".txt", delete=False, encoding="utf-8"
    ) as file:
        file.write("".join(traceback.format_exception(error)))
    return file.name


class GuardedGroup(click.Group):
    """A click group whose commands never show a user a Python traceback."""

    def invoke(self, ctx: click.Context) -> Any:
        """Run the command; an error no command planned for becomes a message and exit 1."""
        try:
            return super().invoke(ctx)
        except (click.ClickException, click.exceptions.Exit, click.Abort):
            raise
        except OSError as error:
            # The system refused something (disk full, permissions): the user can act on it.
            raise CommandError(
                f"mediasearch {ctx.invoked_subcommand} stopped: {describe_os_error(error)}. "
                "Fix that and run it again; the index only ever switches to a finished "
                "generation, so the live one was left as it was."
            ) from None
        except Exception as error:
            # Without this, click would print EOFError as a bare "Aborted!".
            saved = _save_traceback(error)
            raise CommandError(
                f"mediasearch {ctx.invoked_subcommand} stopped on an unexpected error "
                f"({type(error).__name__}: {error}). The index only ever switches to a finished "
                f"generation, so the live one was left as it was. The details are in {saved}: "
                "please attach that file to a bug report."
            ) from None
