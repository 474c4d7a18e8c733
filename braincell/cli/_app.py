"""The click group and the error boundary shared by all sub-commands."""

from __future__ import annotations

import sys
import traceback
import warnings
from collections.abc import Callable
from typing import TypeVar

import click

from ..errors import BraincellError

T = TypeVar("T")

EXIT_USER_ERROR = 1
EXIT_INTERNAL_ERROR = 3


def _located(text: str) -> bool:
    """A rendered diagnostic (``file:line:col: error[E###]: ...``) carries its own prefix."""
    head = text.split("\n", 1)[0]
    return "error[E" in head or "warning[W" in head


def run_guarded(body: Callable[[], T]) -> T:
    """Run ``body``; turn user errors into exit 1 and anything else into exit 3.

    A user error prints ``error: <message>`` on stderr without a traceback, a warning prints
    ``warning: <message>``. An unexpected exception is a bug: it prints the traceback and
    asks for a report.
    """
    def show(message, category, filename, lineno, file=None, line=None):
        text = str(message)
        click.echo(text if _located(text) else f"warning: {text}", err=True)

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("default")
            warnings.showwarning = show
            return body()
    except BraincellError as exc:
        text = str(exc)
        click.echo(text if _located(text) else f"error: {text}", err=True)
        sys.exit(EXIT_USER_ERROR)
    except (click.exceptions.Exit, click.ClickException, SystemExit, KeyboardInterrupt):
        raise
    except Exception:  # noqa: BLE001 - the boundary between user errors and bugs
        traceback.print_exc()
        click.echo(
            "internal error: this is a bug in braincell, please report it with the "
            "traceback above",
            err=True,
        )
        sys.exit(EXIT_INTERNAL_ERROR)


@click.group()
@click.version_option(package_name="braincell")
def main() -> None:
    """braincell: biophysically detailed neurons in JAX."""
