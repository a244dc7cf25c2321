"""What every command prints and how it exits: one diagnostic printer, one exit-code convention.

    0  done, nothing wrong
    1  done, and findings to fix (checks failed, catalogs out of date, units refused)
    2  an input or option is wrong, or the system refused a path (a diagnostic says where); nothing was written
    3  an internal error: a bug in isp-recap, not in your input
"""

from __future__ import annotations

import os
import sys
import traceback
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

import typer

if TYPE_CHECKING:
    from ..diagnostics import Diagnostic, IspRecapError

EXIT_OK = 0
EXIT_FINDINGS = 1
EXIT_INPUT = 2
EXIT_INTERNAL = 3

#: Where a bug report goes; printed with every internal error.
BUG_REPORTS = "please report it to the isp-recap maintainers (README, \"Reporting a bug\")"
#: Set to 1 to see the traceback of an internal error (for developers).
TRACEBACK_ENV = "ISP_RECAP_TRACEBACK"


def print_diagnostics(diagnostics: Iterable[Diagnostic], *, err: bool = True) -> None:
    """Print each diagnostic as `PATH:LINE:COL: severity[code]: message`, to standard error by default."""
    for d in diagnostics:
        typer.echo(d.format(), err=err)


def input_error(exc: IspRecapError | Iterable[Diagnostic]) -> typer.Exit:
    """Print the diagnostics of a refused input; the `typer.Exit` (2) to raise."""
    print_diagnostics(exc.diagnostics if hasattr(exc, "diagnostics") else exc)
    return typer.Exit(EXIT_INPUT)


@contextmanager
def input_errors() -> Iterator[None]:
    """Inside this block an `IspRecapError` is an input error: its diagnostics printed, exit 2."""
    from ..diagnostics import IspRecapError

    try:
        yield
    except IspRecapError as exc:
        raise input_error(exc) from None


def report_written(paths: Iterable[Path]) -> None:
    """`wrote PATH`, one line a file written."""
    for path in paths:
        typer.echo(f"wrote {path}")


def locales_folder(value: Path | None) -> Path | None:
    """Typer callback of every `--locales` option: an existing folder, or one error and exit 2 at once."""
    if value is None:
        return None
    from ..fsio import check_folder

    with input_errors():
        return check_folder(value, "locales folder")


def usage_error(message: str) -> typer.Exit:
    """Print `error: message` for a wrong option; the `typer.Exit` (2) to raise."""
    typer.echo(f"error: {message}", err=True)
    return typer.Exit(EXIT_INPUT)


def internal_error(exc: BaseException, where: str = "isp-recap") -> NoReturn:
    """A bug: one short message and where to report it, no traceback (unless ISP_RECAP_TRACEBACK=1); exit 3.

    An OS refusal of a named path (permission, read-only or full disk) is not a bug: it is printed as
    that path's error, exit 2. A write to standard output after its reader has gone (`| head`) is
    neither: the command stops quietly (`streams.stop_if_closed`).
    """
    from ..diagnostics import access_diagnostic
    from ..streams import stop_if_closed

    stop_if_closed(exc)

    refused = access_diagnostic(exc)
    if refused is not None:
        print_diagnostics([refused])
        sys.exit(EXIT_INPUT)
    if os.environ.get(TRACEBACK_ENV) == "1":
        traceback.print_exception(exc)
    message = str(exc).splitlines()[0] if str(exc) else ""
    typer.echo(f"{where}: error[internal]: {type(exc).__name__}{': ' + message if message else ''}", err=True)
    typer.echo(f"This is a bug in isp-recap, not a mistake in your input; {BUG_REPORTS} with the command you ran."
               f" Nothing was written.", err=True)
    sys.exit(EXIT_INTERNAL)
