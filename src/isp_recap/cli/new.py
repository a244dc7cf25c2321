"""`isp-recap new FOLDER`: start an event folder (event.yaml, its schema for editors, a glossary)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from .output import input_errors, report_written


def new(folder: Annotated[Path, typer.Argument(help="The event folder to create.", show_default=False,
                                               readable=False)]) -> None:
    """Start an event folder: a commented event.yaml, its schema for editors, a glossary."""
    from ..starter import new_event_folder

    with input_errors():
        report_written(new_event_folder(folder))


def register(app: typer.Typer) -> None:
    """Add `new`."""
    app.command()(new)
