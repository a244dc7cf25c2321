"""`isp-recap theme init DIR` and `isp-recap theme check DIR`: start and check an organisation's theme."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from .output import input_errors, report_written

theme_app = typer.Typer(help="An organisation's look: logo, colours, fonts, stylesheets, templates.",
                        no_args_is_help=True)


@theme_app.command("init")
def init(folder: Annotated[Path, typer.Argument(help="The theme folder to create.", show_default=False,
                                                readable=False)]) -> None:
    """Write a commented starting theme (theme.yaml, memo.css) equal to the package's look."""
    from ..theme.init import init_theme

    with input_errors():
        report_written(init_theme(folder))


@theme_app.command("check")
def check(folder: Annotated[Path, typer.Argument(help="The theme folder.", show_default=False,
                                                 readable=False)]) -> None:
    """Check a theme folder: theme.yaml, its logo, fonts, stylesheets and templates."""
    from ..theme import load_theme

    with input_errors():
        theme = load_theme(folder)
    fonts = ", ".join(sorted({f"{f.family} ({f.script})" for f in theme.fonts})) or "the package's"
    typer.echo(f"{folder}: theme {theme.theme.name!r}: logo {'yes' if theme.logos else 'no'}, fonts {fonts}, "
               f"stylesheets {len(theme.css)}, templates {', '.join(sorted(theme.templates)) or 'none'}")


def register(app: typer.Typer) -> None:
    """Add the `theme` command group to `app`."""
    app.add_typer(theme_app, name="theme")
