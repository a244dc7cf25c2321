"""The `isp-recap` command: one module per command group, each only parsing options and printing.

A command group lives in its own module with a `register(app)` function; `COMMANDS` lists them in
the order `--help` shows them. Library logic belongs in the packages (`translate/`, `locale/`,
`transcript/`, `build`), never here. Heavy libraries (WeasyPrint, python-docx, ICU) are imported
inside the commands that need them, so `--help` and `validate` start fast.

Every command prints diagnostics through `output.print_diagnostics` and exits with the codes of
`output` (0 ok, 1 findings, 2 input errors, 3 internal error).

Every path parameter is declared with `readable=False`: Typer's own readability check would print its
usage box instead of our `PATH: error[code]` line; `fsio` reads each input and words its refusal.
"""

from __future__ import annotations

import importlib
import sys

import typer

from .output import EXIT_INTERNAL, internal_error

app = typer.Typer(
    name="isp-recap",
    help="Build paired Burmese and English recap memos (PDF, DOCX, HTML) from an event file.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

#: The command modules, in `--help` order. A new command: a new module with `register(app)`, one line here.
COMMANDS = ("new", "validate", "build", "cards", "preview", "check", "locales", "translate", "transcript_import",
            "theme", "schema")

for _name in COMMANDS:
    importlib.import_module(f"{__name__}.{_name}").register(app)


def main() -> None:
    """Console-script entry point: exit codes of `cli.output`; an internal error never shows a traceback."""
    try:
        app()
    except KeyboardInterrupt:
        typer.echo("interrupted", err=True)
        sys.exit(130)
    except Exception as exc:  # a bug, not bad input (inputs raise IspRecapError and are printed)
        internal_error(exc)


__all__ = ["EXIT_INTERNAL", "app", "main"]
