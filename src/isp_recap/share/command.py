"""`isp-recap cards EVENT [-o DIR]`: the data cards as share images (imports only Typer)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from ..cli.output import locales_folder

EXIT_INPUT = 2


def cards_command(
    event: Annotated[Path, typer.Argument(help="The event file (event.yaml).", show_default=False, readable=False)],
    output: Annotated[Path | None, typer.Option(
        "--output", "-o", help="Output folder (default: out/<event folder>/cards/).", readable=False)] = None,
    lang: Annotated[str, typer.Option("--lang", help="Languages: en, my.")] = "en,my",
    locales: Annotated[Path | None, typer.Option(
        "--locales", help="Label catalogs folder (default: the project's locales/).", callback=locales_folder,
        readable=False)] = None,
    theme: Annotated[Path | None, typer.Option(
        "--theme", help="A theme folder (default: the event's theme: key, else the package's look).",
        readable=False)] = None,
    force: Annotated[bool, typer.Option(
        "--force", help="Draw every image, even those whose PNG already carries the same fingerprint.")] = False,
) -> None:
    """Write each data card as a 1080x1080 and a 1200x630 PNG per language, for social media.

    Each PNG carries a fingerprint of what it shows, its size and the package; a card whose PNG in
    the output folder already carries the fingerprint it would get is not drawn again."""
    from ..build import LANGUAGES, default_output_dir, parse_list
    from ..diagnostics import IspRecapError
    from ..fsio import write_atomic
    from .cards import render_share_cards, stored_fingerprint

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
    def unchanged(name: str, fingerprint: str) -> bool:
        return not force and stored_fingerprint(out_dir / name) == fingerprint

    try:
        images = render_share_cards(event, languages, locales, theme,  # type: ignore[arg-type]  # checked above
                                    unchanged=unchanged)
    except IspRecapError as exc:
        for d in exc.diagnostics:
            typer.echo(d.format(), err=True)
        raise typer.Exit(EXIT_INPUT) from None
    if not images:
        typer.echo(f"{event}: the event has no data cards")
        return
    drawn = [(image.filename, image.png) for image in images if image.png is not None]
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        for name, png in drawn:  # every image is rendered before the first is written
            write_atomic(out_dir / name, png)
    except OSError as exc:
        typer.echo(f"{out_dir}: error[cannot-write]: {exc.strerror or exc}", err=True)
        raise typer.Exit(EXIT_INPUT) from None
    kept = len(images) - len(drawn)
    typer.echo(f"wrote {len(drawn)} share images in {out_dir}/" + (f" ({kept} unchanged)" if kept else ""))
