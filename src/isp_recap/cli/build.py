"""`isp-recap build`: the memo's editions as PDF, DOCX and HTML, for one event or many."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from .output import BUG_REPORTS, EXIT_INPUT, EXIT_INTERNAL, locales_folder, print_diagnostics, usage_error


def _pdf_standard(value: str) -> str:
    """`--pdf-standard` as written in render.pdf.tagging.STANDARDS (`a-3b,ua-1` is `ua-1,a-3b`)."""
    from ..render.pdf.tagging import STANDARDS

    order = ("ua-1", "a-3b", "none")
    parts = {p.strip().lower() for p in value.split(",") if p.strip()}
    joined = ",".join(sorted(parts, key=lambda p: order.index(p) if p in order else len(order)))
    if joined not in STANDARDS:
        raise ValueError(f"--pdf-standard must be one of {', '.join(STANDARDS)}, not {value!r}")
    return joined


def build(
    files: Annotated[list[Path], typer.Argument(help="Event files (event.yaml).", show_default=False, readable=False)],
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", help="Output folder (default: out/<event folder>/).", readable=False),
    ] = None,
    lang: Annotated[str, typer.Option("--lang", help="Languages of the single-language editions.")] = "en,my",
    formats: Annotated[str, typer.Option("--format", help="Formats: pdf, docx, html.")] = "pdf,docx,html",
    edition: Annotated[str, typer.Option("--edition", help="separate, bilingual or both.")] = "separate,bilingual",
    release: Annotated[
        bool, typer.Option("--release", help="Refuse draft translations and failed checks.")
    ] = False,
    reference_docx: Annotated[
        Path | None, typer.Option("--reference-docx", help="Your own reference .docx for styles.", readable=False)
    ] = None,
    locales: Annotated[
        Path | None, typer.Option("--locales", help="Label catalogs folder (default: the project's locales/).",
                                  callback=locales_folder, readable=False)
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="Rebuild outputs that are up to date.")] = False,
    allow_shaping_errors: Annotated[bool, typer.Option(
        "--allow-shaping-errors", help="Build even if some Burmese would print with a dotted circle.")] = False,
    theme: Annotated[
        Path | None,
        typer.Option("--theme", help="A theme folder (theme.yaml: logo, colours, fonts, CSS).", readable=False),
    ] = None,
    pdf_standard: Annotated[
        str, typer.Option("--pdf-standard", help="ua-1 (tagged, accessible), a-3b (archival), ua-1,a-3b or none.")
    ] = "ua-1",
    jobs: Annotated[
        int, typer.Option("--jobs", "-j", min=0,
                          help="Worker processes: events side by side, or one event's outputs, with one more "
                               "that draws its charts (default: cores; 1: one after the other).")
    ] = 0,
) -> None:
    """Build the memo: English, Burmese and bilingual editions as PDF, DOCX and HTML."""
    from ..build import FORMATS, LANGUAGES, BuildOptions, parse_list

    try:
        editions = parse_list(edition, ("separate", "bilingual"), "--edition")
        options = BuildOptions(
            languages=parse_list(lang, LANGUAGES, "--lang"),
            formats=parse_list(formats, FORMATS, "--format"),
            separate="separate" in editions,
            bilingual="bilingual" in editions,
            release=release,
            reference_docx=reference_docx,
            locales=locales,
            force=force,
            theme=theme,
            pdf_standard=_pdf_standard(pdf_standard),
            allow_shaping_errors=allow_shaping_errors,
        )
    except ValueError as exc:
        raise usage_error(str(exc)) from None
    if output is not None and len(files) > 1:
        raise usage_error("--output works with one event file; leave it out to build each into out/<folder>/")
    from ..batch import build_many, default_jobs
    from ..progress import BuildDisplay

    with BuildDisplay(files) as display:
        outcomes = build_many(files, options, jobs or default_jobs(), display.step, display.done, output)
    for outcome in outcomes:
        print_diagnostics(outcome.diagnostics)
        if outcome.crash:
            typer.echo(f"{outcome.event}: error[internal]: {outcome.crash}", err=True)
    if any(o.crash for o in outcomes):
        typer.echo(f"This is a bug in isp-recap, not a mistake in your input; {BUG_REPORTS}.", err=True)
        raise typer.Exit(EXIT_INTERNAL)
    if not all(o.ok for o in outcomes):
        raise typer.Exit(EXIT_INPUT)


def register(app: typer.Typer) -> None:
    """Add `build`."""
    app.command()(build)
