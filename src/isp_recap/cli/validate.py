"""`isp-recap validate`: check event files and print a summary of each."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer


def validate(
    files: Annotated[list[Path], typer.Argument(help="Event files (event.yaml).", show_default=False, readable=False)],
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Print only errors.")] = False,
) -> None:
    """Check event files; print a summary of each, or every mistake as PATH:LINE:COL."""
    from ..validating import validate_files  # also called by the console script directly (entry.py)

    status = validate_files(files, quiet)
    if status:
        raise typer.Exit(status)


def register(app: typer.Typer) -> None:
    """Add `validate`."""
    app.command()(validate)
