"""`isp-recap validate`: check event files, print a summary of each or every mistake. No Typer here:
the console script calls it directly for a fast start (see `entry`), the Typer command too."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path

EXIT_INPUT = 2


def validate_files(files: Sequence[Path], quiet: bool = False) -> int:
    """Validate each file; print its summary (unless `quiet`) or its diagnostics. The exit status."""
    from .diagnostics import IspRecapError
    from .source.loader import load_event
    from .summary import format_summary, summarise

    failed = False
    for path in files:
        try:
            memo = load_event(path)
        except IspRecapError as exc:
            for d in exc.diagnostics:
                print(d.format(), file=sys.stderr)
            failed = True
            continue
        if not quiet:
            print(format_summary(str(path), summarise(memo)))
    return EXIT_INPUT if failed else 0
