"""`isp-recap translate export|import`: exchange an event's text with translators (PO or XLIFF 2.0)."""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from .output import EXIT_FINDINGS, input_errors, print_diagnostics

translate_app = typer.Typer(help="Exchange an event's text with translators (PO or XLIFF 2.0).",
                            no_args_is_help=True)


class ExchangeFormat(StrEnum):
    """Formats of the files exchanged with translators."""

    po = "po"
    xliff = "xliff"


class Only(StrEnum):
    """Which texts to export."""

    all = "all"
    todo = "todo"


class Target(StrEnum):
    """The language an export translates into."""

    my = "my"
    en = "en"


@translate_app.command("export")
def translate_export(
    event: Annotated[Path, typer.Argument(help="The event file.", show_default=False, readable=False)],
    output: Annotated[Path, typer.Option("--output", "-o", help="The file to write ('-' for standard output).",
                                         show_default=False, readable=False)],
    fmt: Annotated[ExchangeFormat, typer.Option("--format", "-f", help="po (Poedit, Weblate) or xliff (CAT tools).")
                   ] = ExchangeFormat.po,
    only: Annotated[Only, typer.Option("--only", help="all texts, or todo: missing and draft ones.")] = Only.all,
    to: Annotated[Target, typer.Option("--to", help="my: the texts written in English, into Burmese; en: the texts "
                                                    "that exist only in Burmese, into English.")] = Target.my,
) -> None:
    """Write one unit per bilingual text: id, source text, translation, status and context."""
    from ..fsio import write_output
    from ..translate.export import export_event

    out_path = None if str(output) == "-" else output
    with input_errors():
        export = export_event(event, fmt.value, only is Only.todo, out_path, to="en" if to is Target.en else "my")
        if out_path is not None:
            write_output(out_path, export.data, "translation file")
    if out_path is None:
        sys.stdout.buffer.write(export.data)
        return
    typer.echo(f"wrote {out_path}: {len(export.units)} units ({export.untranslated} untranslated, "
               f"{export.drafts} draft)")
    if export.other_direction and to is Target.my:
        typer.echo(f"{export.other_direction} texts exist only in Burmese and are not in this file: "
                   f"export them with --to en")


@translate_app.command("import")
def translate_import(
    file: Annotated[Path, typer.Argument(help="A PO or XLIFF file from translators.", show_default=False,
                                         readable=False)],
    into: Annotated[Path | None, typer.Option("--into", help="The event file (default: the one the file names).",
                                              show_default=False, readable=False)] = None,
    partial: Annotated[bool, typer.Option("--partial", help="Apply what can be applied even if some units are "
                                                            "refused.")] = False,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Report what would change and every conflict; "
                                                            "write nothing.")] = False,
    overwrite: Annotated[bool, typer.Option("--overwrite", help="Take the file's values even where the event "
                                                                "changed since the export (conflicts).")] = False,
) -> None:
    """Merge translations and statuses back into the event, leaving everything else as it is.

    A text whose Burmese or status changed in the event since the export is newer work: importing over
    it is a conflict (error[conflict]), and nothing is written unless --overwrite (or --partial, which
    skips it). The event is compared again right before it is replaced; if it changed meanwhile,
    nothing is written.
    """
    from ..translate.importer import import_file

    with input_errors():
        report = import_file(file, into, partial=partial, dry_run=dry_run, overwrite=overwrite)
    typer.echo(f"{file} -> {report.event}")
    for change in report.changes:
        what = []
        if change.target is not None:
            what.append("Burmese" if change.language == "my" else "English")
        if change.status is not None:
            what.append(f"status {change.status}")
        typer.echo(f"  {report.event}:{change.line}: {change.id}: {' and '.join(what)}")
    print_diagnostics(report.warnings + report.refused)
    conflicts = (f", {report.conflicts} conflict{'s' if report.conflicts != 1 else ''}"
                 f"{' taken (--overwrite)' if overwrite else ''}") if report.conflicts else ""
    summary = (f"{len(report.changes)} texts change ({report.targets_changed} translations, "
               f"{report.statuses_changed} statuses), {report.unchanged} unchanged, {len(report.refused)} refused"
               f"{conflicts}")
    if report.written:
        typer.echo(f"{summary}; wrote {report.event}")
    elif dry_run:
        typer.echo(f"{summary}; nothing written (--dry-run)")
    elif report.refused and not partial:
        way = "--overwrite to take the file's values, or --partial" if report.conflicts and not overwrite else \
            "--partial"
        typer.echo(f"{summary}; nothing written: fix the refused units or use {way}", err=True)
    else:
        typer.echo(f"{summary}; nothing to write")
    if report.refused:
        raise typer.Exit(EXIT_FINDINGS)


def register(app: typer.Typer) -> None:
    """Add `translate`."""
    app.add_typer(translate_app, name="translate")
