"""`isp-recap check` as a library call: load one event and its glossary, run the checks, apply `--fix`."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..diagnostics import Diagnostic, IspRecapError, sort_diagnostics
from . import checks


@dataclass
class CheckReport:
    """The findings for one event file, and what `--fix` changed."""

    path: str
    texts: int
    glossary: str | None
    findings: list[Diagnostic]
    fixed: int = 0
    #: Lines about the fixes (`fixed 2 values ...`) or why they could not be applied.
    fix_notes: list[Diagnostic] = field(default_factory=list)


def check_event(event: Path, glossary_path: Path | None = None, select: list[str] | None = None,
                ignore: list[str] | None = None, fix: bool = False) -> CheckReport:
    """Check the translations of `event`. Raises `IspRecapError` when the event or glossary cannot be read,
    `ValueError` for an unknown rule in `select`/`ignore`."""
    from ..model.walk import iter_texts
    from ..source.loader import load_event_with_positions
    from .glossary import find_glossary

    glossary = find_glossary(event, glossary_path)
    memo, positions = load_event_with_positions(event)
    results = checks.collect(memo, positions, str(event), glossary, select, ignore or [])
    fixed, notes = 0, list[Diagnostic]()
    if fix:
        fixed, notes = apply_fixes(event, results)
        if fixed:
            memo, positions = load_event_with_positions(event)
            results = checks.collect(memo, positions, str(event), glossary, select, ignore or [])
    return CheckReport(str(event), sum(1 for _ in iter_texts(memo)), glossary.path,
                       sort_diagnostics(r.diagnostic for r in results), fixed, notes)


def apply_fixes(event: Path, results: list[checks.Result]) -> tuple[int, list[Diagnostic]]:
    """Write the fixable findings' replacements into `event` (atomically, only if the result still loads).

    Returns how many values were fixed and a diagnostic saying so, or why nothing was written.
    """
    from ..fsio import read_input, write_atomic
    from ..source.loader import parse_event
    from ..source.roundtrip import EditError, ValueEdit, edit_values

    edits = {r.loc: ValueEdit(r.loc, r.fix) for r in results if r.fix is not None and r.loc is not None}
    if not edits:
        return 0, []
    raw = read_input(event, "event")
    bom = raw.startswith(b"\xef\xbb\xbf")
    try:
        text = edit_values(raw.decode("utf-8-sig"), list(edits.values()), str(event))
        new_raw = (b"\xef\xbb\xbf" if bom else b"") + text.encode("utf-8")
        parse_event(new_raw, str(event))
    except (EditError, IspRecapError) as exc:
        return 0, [Diagnostic(str(event), 0, 0, "cannot-fix", str(exc))]
    write_atomic(event, new_raw)
    return len(edits), [Diagnostic(str(event), 0, 0, "fixed", f"fixed {len(edits)} values (Zawgyi converted to "
                                                           "Unicode)", severity="note")]
