"""The `isp-recap` command: a thin Typer layer over the public API.

Heavy libraries (WeasyPrint, python-docx, ICU) are imported inside the commands that need them, so
`--help` and `validate` start fast.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from .transcript.command import import_command  # defines `isp-recap import`; imports only Typer

app = typer.Typer(
    name="isp-recap",
    help="Build paired Burmese and English recap memos (PDF, DOCX, HTML) from an event file.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

EXIT_INPUT = 2


def _fail(diagnostics: list[object]) -> None:
    for d in diagnostics:
        typer.echo(d.format(), err=True)  # type: ignore[attr-defined]


@app.command()
def validate(
    files: Annotated[list[Path], typer.Argument(help="Event files (event.yaml).", show_default=False)],
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Print only errors.")] = False,
) -> None:
    """Check event files; print a summary of each, or every mistake as PATH:LINE:COL."""
    from .source.diagnostics import IspRecapError
    from .source.loader import load_event
    from .summary import format_summary, summarise

    failed = False
    for path in files:
        try:
            memo = load_event(path)
        except IspRecapError as exc:
            _fail(list(exc.diagnostics))
            failed = True
            continue
        if not quiet:
            typer.echo(format_summary(str(path), summarise(memo)))
    if failed:
        raise typer.Exit(EXIT_INPUT)


@app.command()
def build(
    files: Annotated[list[Path], typer.Argument(help="Event files (event.yaml).", show_default=False)],
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Output folder (default: out/<event folder>/).")
    ] = None,
    lang: Annotated[str, typer.Option("--lang", help="Languages of the single-language editions.")] = "en,my",
    formats: Annotated[str, typer.Option("--format", help="Formats: pdf, docx, html.")] = "pdf,docx,html",
    edition: Annotated[str, typer.Option("--edition", help="separate, bilingual or both.")] = "separate,bilingual",
    release: Annotated[
        bool, typer.Option("--release", help="Refuse draft translations and failed checks.")
    ] = False,
    reference_docx: Annotated[
        Path | None, typer.Option("--reference-docx", help="Your own reference .docx for styles.")
    ] = None,
    locales: Annotated[
        Path | None, typer.Option("--locales", help="Label catalogs folder (default: the project's locales/).")
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="Rebuild outputs that are up to date.")] = False,
    theme: Annotated[
        Path | None, typer.Option("--theme", help="A theme folder (theme.yaml: logo, colours, fonts, CSS).")
    ] = None,
    jobs: Annotated[
        int, typer.Option("--jobs", "-j", help="Worker processes for several events (default: cores).", min=0)
    ] = 0,
) -> None:
    """Build the memo: English, Burmese and bilingual editions as PDF, DOCX and HTML."""
    from .build import FORMATS, LANGUAGES, BuildOptions, parse_list

    try:
        options = BuildOptions(
            languages=parse_list(lang, LANGUAGES, "--lang"),
            formats=parse_list(formats, FORMATS, "--format"),
            separate="separate" in parse_list(edition, ("separate", "bilingual"), "--edition"),
            bilingual="bilingual" in parse_list(edition, ("separate", "bilingual"), "--edition"),
            release=release,
            reference_docx=reference_docx,
            locales=locales,
            force=force,
            theme=theme,
        )
    except ValueError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(EXIT_INPUT) from None
    if output is not None and len(files) > 1:
        typer.echo("error: --output works with one event file; leave it out to build each into out/<folder>/",
                   err=True)
        raise typer.Exit(EXIT_INPUT)
    from .batch import build_many, default_jobs
    from .progress import BuildDisplay

    with BuildDisplay(files) as display:
        outcomes = build_many(files, options, jobs or default_jobs(), display.step, display.done, output)
    for outcome in outcomes:
        _fail(list(outcome.diagnostics))
        if outcome.crash:
            typer.echo(f"{outcome.event}: error[internal]: {outcome.crash}", err=True)
    if not all(o.ok for o in outcomes):
        raise typer.Exit(EXIT_INPUT if all(o.crash is None for o in outcomes) else 1)


@app.command()
def schema(
    output: Annotated[
        Path, typer.Option("--output", "-o", help="Where to write the JSON Schema.")
    ] = Path("schemas/event.schema.json"),
    check: Annotated[bool, typer.Option("--check", help="Exit 1 if the file is not up to date.")] = False,
) -> None:
    """Write the JSON Schema of event files (generated from the models)."""
    from .fsio import write_atomic
    from .schema import event_schema_text

    text = event_schema_text()
    if check:
        current = output.read_text(encoding="utf-8") if output.is_file() else ""
        if current != text:
            typer.echo(f"{output}: out of date; run `isp-recap schema`", err=True)
            raise typer.Exit(1)
        typer.echo(f"{output}: up to date")
        return
    output.parent.mkdir(parents=True, exist_ok=True)
    write_atomic(output, text)
    typer.echo(f"wrote {output}")


app.command(name="import")(import_command)


from .cli_translate import register as _register_translate  # noqa: E402  (locales, translate, check)

_register_translate(app)

from .preview.command import preview_command  # noqa: E402  (imports only Typer)

app.command(name="preview")(preview_command)

from .cli_theme import register as _register_theme  # noqa: E402  (theme init, theme check)

_register_theme(app)


def main() -> None:
    """Console-script entry point."""
    try:
        app()
    except KeyboardInterrupt:
        typer.echo("interrupted", err=True)
        sys.exit(130)


if __name__ == "__main__":
    main()
