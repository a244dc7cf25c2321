"""`isp-recap validate`: check event files, print a summary of each or every mistake. No Typer here:
the console script calls it directly for a fast start (see `entry`), the Typer command too."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TextIO

EXIT_INPUT = 2


def validate_files(files: Sequence[Path], quiet: bool = False) -> int:
    """Validate each file; print its summary and a note for each untranslated text (unless `quiet`), or
    its diagnostics. The exit status."""
    from .diagnostics import IspRecapError
    from .source.loader import load_event_with_positions
    from .summary import format_summary, summarise, untranslated_notes

    failed = False
    for path in files:
        try:
            memo, positions = load_event_with_positions(path)
        except IspRecapError as exc:
            for d in exc.diagnostics:
                _echo(d.format(), sys.stderr)
            failed = True
            continue
        if not quiet:
            _echo(format_summary(str(path), summarise(memo)), sys.stdout)
            # Which texts the "translated" count leaves out, each where it is (information, not an error).
            for note in untranslated_notes(memo, positions, str(path)):
                _echo(note.format(), sys.stdout)
    return EXIT_INPUT if failed else 0


def _echo(text: str, stream: TextIO) -> None:
    """A line on `stream`; characters its encoding lacks are escaped, never an error (as click.echo)."""
    try:
        stream.write(text + "\n")
    except UnicodeEncodeError:
        encoding = stream.encoding or "utf-8"
        stream.write((text + "\n").encode(encoding, "backslashreplace").decode(encoding))
    stream.flush()
