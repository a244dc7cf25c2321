"""`isp-recap schema`: write (or check) the JSON Schema of event files."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from .output import EXIT_FINDINGS, input_errors, report_written


def schema(
    output: Annotated[
        Path, typer.Option("--output", "-o", help="Where to write the JSON Schema.", readable=False)
    ] = Path("schemas/event.schema.json"),
    check: Annotated[bool, typer.Option("--check", help="Exit 1 if the file is not up to date.")] = False,
) -> None:
    """Write the JSON Schema of event files (generated from the models)."""
    from ..schema import check_schema_file, write_schema_file

    with input_errors():
        if check:
            if not check_schema_file(output):
                typer.echo(f"{output}: out of date; run `isp-recap schema`", err=True)
                raise typer.Exit(EXIT_FINDINGS)
            typer.echo(f"{output}: up to date")
            return
        write_schema_file(output)
    report_written([output])


def register(app: typer.Typer) -> None:
    """Add `schema`."""
    app.command()(schema)
