"""`isp-recap cards EVENT [-o DIR]`: the data cards as share images (imports only Typer)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from ..cli.output import locales_folder

EXIT_INPUT = 2


def cards_command(
    event: Annotated[Path, typer.Argument(help="The event file (event.yaml).", show_default=False)],
    output: Annotated[Path | None, typer.Option(
        "--output", "-o", help="Output folder (default: out/<event folder>/cards/).")] = None,
    lang: Annotated[str, typer.Option("--lang", help="Languages: en, my.")] = "en,my",
    locales: Annotated[Path | None, typer.Option(
        "--locales", help="Label catalogs folder (default: the project's locales/).", callback=locales_folder)] = None,
) -> None:
    """Write each data card as a 1080x1080 and a 1200x630 PNG per language, for social media."""
    from ..build import LANGUAGES, default_output_dir, parse_list
    from ..diagnostics import IspRecapError
    from ..fsio import write_atomic
    from .cards import render_share_cards

    try:
        languages = parse_list(lang, LANGUAGES, "--lang")
    except ValueError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(EXIT_INPUT) from None
    out_dir = output or default_output_dir(event) / "cards"
    if out_dir.exists() and not out_dir.is_dir():
        typer.echo(f"{out_dir}: error[cannot-write]: the output folder is a file; give a folder with --output",
                   err=True)
        raise typer.Exit(EXIT_INPUT)
    try:
        images = render_share_cards(event, languages, locales)  # type: ignore[arg-type]  # checked above
    except IspRecapError as exc:
        for d in exc.diagnostics:
            typer.echo(d.format(), err=True)
        raise typer.Exit(EXIT_INPUT) from None
    if not images:
        typer.echo(f"{event}: the event has no data cards")
        return
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        for image in images:  # every image is rendered before the first is written
            write_atomic(out_dir / image.filename, image.png)
    except OSError as exc:
        typer.echo(f"{out_dir}: error[cannot-write]: {exc.strerror or exc}", err=True)
        raise typer.Exit(EXIT_INPUT) from None
    typer.echo(f"wrote {len(images)} share images in {out_dir}/")
