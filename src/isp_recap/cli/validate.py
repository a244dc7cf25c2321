"""`isp-recap validate`: check event files and print a summary of each."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from .output import EXIT_INPUT, print_diagnostics


def validate(
    files: Annotated[list[Path], typer.Argument(help="Event files (event.yaml).", show_default=False)],
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Print only errors.")] = False,
) -> None:
    """Check event files; print a summary of each, or every mistake as PATH:LINE:COL."""
    from ..diagnostics import IspRecapError
    from ..source.loader import load_event
    from ..summary import format_summary, summarise

    failed = False
    for path in files:
        try:
            memo = load_event(path)
        except IspRecapError as exc:
            print_diagnostics(exc.diagnostics)
            failed = True
            continue
        if not quiet:
            typer.echo(format_summary(str(path), summarise(memo)))
    if failed:
        raise typer.Exit(EXIT_INPUT)


def register(app: typer.Typer) -> None:
    """Add `validate`."""
    app.command()(validate)
