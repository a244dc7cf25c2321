"""`isp-recap new FOLDER`: start an event folder (event.yaml, its schema for editors, a glossary)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from .output import input_error


def new(folder: Annotated[Path, typer.Argument(help="The event folder to create.", show_default=False)]) -> None:
    """Start an event folder: a commented event.yaml, its schema for editors, a glossary."""
    from ..diagnostics import IspRecapError
    from ..starter import new_event_folder

    try:
        written = new_event_folder(folder)
    except IspRecapError as exc:
        raise input_error(exc) from None
    for path in written:
        typer.echo(f"wrote {path}")


def register(app: typer.Typer) -> None:
    """Add `new`."""
    app.command()(new)
