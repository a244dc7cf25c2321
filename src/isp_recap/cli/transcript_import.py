"""`isp-recap import`: transcripts or subtitles into an event file. Only Typer is imported at module level."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from .output import input_error, input_errors, internal_error

if TYPE_CHECKING:
    from ..transcript.cues import Format

FORMATS = ("webvtt", "srt", "text", "docx", "whisper")


def import_command(
    files: Annotated[list[Path], typer.Argument(
        help="Transcripts: WebVTT (.vtt), SRT (.srt), plain text, Word (.docx), Whisper JSON (.json). "
             "An English and a Burmese "
             "subtitle file of the same video are aligned into bilingual paragraphs.", show_default=False,
        readable=False)],
    event: Annotated[Path | None, typer.Option(
        "--event", "-e", help="Event file whose people are declared; turns are appended to its programme.",
        show_default=False, readable=False)] = None,
    output: Annotated[Path | None, typer.Option(
        "--output", "-o", help="Write here instead: a new skeleton event, or the merged --event.",
        show_default=False, readable=False)] = None,
    alias: Annotated[list[str] | None, typer.Option(
        "--alias", help="NAME=ID: a name in the transcript that means a declared person "
                        "(NAME=- : not a speaker). Repeatable.", show_default=False)] = None,
    aliases: Annotated[Path | None, typer.Option(
        "--aliases", help="YAML file of aliases, one `Name: id` per line.", show_default=False, readable=False)] = None,
    speaker: Annotated[str | None, typer.Option(
        "--speaker", help="Speaker id of text before the first named speaker.", show_default=False)] = None,
    keep_fillers: Annotated[bool, typer.Option(
        "--keep-fillers", help="Keep cues like \\[music] and (applause).")] = False,
    pause: Annotated[float, typer.Option(
        "--pause", min=0.0, max=3600.0, help="Seconds of silence after a sentence that start a new paragraph.",
    )] = 2.0,
    max_chars: Annotated[int, typer.Option(
        "--max-chars", min=100, max=10_000, help="Start a new paragraph at the next sentence end after "
                                                 "this many characters.")] = 1200,
    topic_marker: Annotated[list[str] | None, typer.Option(
        "--topic-marker", help="Words that open a new paragraph after a sentence end (replaces the "
                               "built-in list). Repeatable.", show_default=False)] = None,
    convert_zawgyi: Annotated[bool, typer.Option(
        "--convert-zawgyi", help="Convert Zawgyi-encoded Burmese to Unicode (otherwise it is an error).")] = False,
    fmt: Annotated[str | None, typer.Option(
        "--format", help="Reader for every file: webvtt, srt, text, docx or whisper (default: by content).",
        show_default=False)] = None,
    encoding: Annotated[str | None, typer.Option(
        "--encoding", help="Text encoding (default: UTF-8, else Windows-1252).", show_default=False)] = None,
    title: Annotated[str | None, typer.Option(
        "--title", help="Title of a new skeleton event.", show_default=False)] = None,
    date: Annotated[str | None, typer.Option(
        "--date", help="Date of a new skeleton event, YYYY-MM-DD (default: today).", show_default=False)] = None,
    lenient: Annotated[bool, typer.Option(
        "--lenient", help="Import subtitles with broken times (negative, reversed, past 99 h) or without the "
                          "WEBVTT line anyway, with warnings instead of errors.")] = False,
    qa_from: Annotated[str | None, typer.Option(
        "--qa-from", help="Where the Q&A starts: a time (00:42:10) or words said there ('Q&A session'). "
                          "From there, the host's questions and the answers become qa: items.",
        show_default=False)] = None,
    question_source: Annotated[list[str] | None, typer.Option(
        "--question-source", help="pre_submitted, chat, raised_hand, email or other for every question, or "
                                  "ID=SOURCE for one (ids as the import lists them). Repeatable.",
        show_default=False)] = None,
    asker: Annotated[list[str] | None, typer.Option(
        "--asker", help="NAME (or LABEL=NAME): a speaker in the transcript who is an audience member asking a "
                        "question. Repeatable.", show_default=False)] = None,
    force: Annotated[bool, typer.Option("--force", help="Overwrite an existing -o file.")] = False,
    dry_run: Annotated[bool, typer.Option(
        "--dry-run", help="Check and report, write nothing.")] = False,
) -> None:
    """Import transcripts or subtitles into an event file (or a new skeleton), ready to edit."""
    from ..diagnostics import Diagnostic, IspRecapError
    from ..transcript.importer import ImportOptions, describe, run_import
    from ..transcript.paragraphs import DEFAULT_TOPIC_MARKERS, Options
    from ..transcript.qa import describe_part

    problems: list[Diagnostic] = []
    if event is None and output is None:
        problems.append(Diagnostic("import", 0, 0, "usage", "give --event EVENT.yaml or -o NEW.yaml"))
    if output is not None and output.exists() and not force and (event is None or output != event):
        problems.append(Diagnostic(str(output), 0, 0, "exists", "the file exists; use --force to replace it"))
    if fmt is not None and fmt not in FORMATS:
        problems.append(Diagnostic("--format", 0, 0, "usage", f"--format must be one of {', '.join(FORMATS)}"))
    when: dt.date | None = None
    if date is not None:
        try:
            when = dt.date.fromisoformat(date)
        except ValueError:
            problems.append(Diagnostic("--date", 0, 0, "usage", f"{date!r} is not a date like 2025-04-26"))
    if problems:
        raise input_error(problems)
    options = ImportOptions(
        grouping=Options(pause_ms=round(pause * 1000), max_chars=max_chars, keep_fillers=keep_fillers,
                         topic_markers=tuple(topic_marker) if topic_marker else DEFAULT_TOPIC_MARKERS),
        aliases=tuple(alias or ()), aliases_file=aliases, default_speaker=speaker,
        convert_zawgyi=convert_zawgyi, format=_format(fmt), encoding=encoding, title=title, date=when,
        lenient=lenient, qa_from=qa_from, question_sources=tuple(question_source or ()),
        askers=tuple(asker or ()),
    )
    try:
        result = run_import(files, event=event, output=output, options=options)
    except IspRecapError as exc:
        raise input_error(exc) from None
    except Exception as exc:  # a bug, not bad input: one short message (exit 3), nothing is written
        internal_error(exc, str(files[0]) if files else "import")
    for d in result.warnings:
        typer.echo(d.format(), err=True)
    for line in describe(result):
        typer.echo(line)
    for part in result.qa:  # the structure found (what --dry-run is for)
        for line in describe_part(part):
            typer.echo(line)
    target = output or event
    assert target is not None
    verb = "would write" if dry_run else "wrote"
    if not result.changed:
        typer.echo(f"{target}: nothing to add ({result.skipped} {'items' if result.qa else 'turns'} already present)")
        if output is not None and output != event and not dry_run:
            _write(output, result.text)
        return
    if not dry_run:
        _write(target, result.text, result.event_bytes if target == event else None)
    extra = f", {result.skipped} already present" if result.skipped else ""
    qa = f", {result.qa_added} Q&A items added" if result.qa else ""
    typer.echo(f"{verb} {target}: {result.added} turns added{qa}{extra} ({result.seconds:.2f} s)")


def _write(path: Path, text: str, expected: bytes | None = None) -> None:
    from ..fsio import write_output
    from ..transcript.importer import check_unchanged

    with input_errors():
        check_unchanged(path, expected)  # never over newer work saved while the import ran
        write_output(path, text, "event file")


def _format(value: str | None) -> Format | None:
    formats: dict[str, Format] = {"webvtt": "webvtt", "srt": "srt", "text": "text", "docx": "docx",
                                  "whisper": "whisper"}
    return None if value is None else formats.get(value)


def register(app: typer.Typer) -> None:
    """Add `import`."""
    app.command(name="import")(import_command)
