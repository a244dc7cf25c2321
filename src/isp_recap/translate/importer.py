"""Merging a translator's file back into the event YAML, changing nothing but the changed values.

Each incoming unit is matched to a text by id. A file translates into Burmese (or, for texts that
exist only in Burmese, into English: its `Language` header or XLIFF `trgLang` says which). A unit
whose source text no longer matches the event (it changed since the export) is refused as stale;
an id the event does not have is refused as unknown. A unit whose translation or status changed in
the event since the export (its export fingerprint, `units.Fingerprint`, no longer matches) is a
conflict when the import would change it: the event's value is newer work, kept unless
`overwrite`. Unless `partial`, one refusal means nothing is written. The event file is read once;
right before the atomic rename it is read again, and if it changed meanwhile (an editor saved it)
nothing is written. Accepted changes are spliced into the YAML text (`source.roundtrip.edit_values`):
comments, key order, quoting and line widths elsewhere are untouched, and a file without changes is
not rewritten at all.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from ..diagnostics import Diagnostic, IspRecapError
from ..fsio import InputRefused, read_input, read_input_bytes, write_atomic
from ..model import Language, Memo, Status
from ..model.text import MAX_TEXT, check_markup
from ..model.walk import TextRef, iter_texts, status_of
from ..source.loader import parse_event, parse_event_with_positions
from ..source.roundtrip import EditError, ValueEdit, edit_values
from ..source.yaml_tree import MAX_BYTES, Positions
from .exchange import Incoming
from .units import IncomingUnit, resolve_status, text_hash

_UNSAFE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


@dataclass
class Change:
    """One text whose translation or status changes."""

    id: str
    line: int
    target: str | None = None  # new translation, if it changes
    status: Status | None = None  # new status, if it changes
    language: Language = "my"  # the language of `target`


@dataclass
class ImportReport:
    """What an import did (or would do): the changes, and every unit it refused."""

    event: Path
    changes: list[Change] = field(default_factory=list)
    refused: list[Diagnostic] = field(default_factory=list)
    #: Findings that do not stop the import (units without an export fingerprint).
    warnings: list[Diagnostic] = field(default_factory=list)
    unchanged: int = 0
    #: Units whose value in the event is newer than the export: refused, or taken anyway (`overwrite`).
    conflicts: int = 0
    written: bool = False

    @property
    def targets_changed(self) -> int:
        """How many translations change."""
        return sum(1 for c in self.changes if c.target is not None)

    @property
    def statuses_changed(self) -> int:
        """How many statuses change."""
        return sum(1 for c in self.changes if c.status is not None)


def read_exchange(path: Path) -> Incoming:
    """Read a PO or XLIFF file (told apart by content, not by name)."""
    from .exchange_po import read_po_units
    from .exchange_xliff import read_xliff_units
    from .units import MAX_EXCHANGE_BYTES

    shown = str(path)
    try:  # bounded, regular files only: a FIFO would block, /dev/zero never end
        raw = read_input_bytes(path, "exchange", MAX_EXCHANGE_BYTES)
    except InputRefused as exc:
        return Incoming(shown, diagnostics=[Diagnostic(shown, 0, 0, exc.code, exc.message)])
    head = raw[:512].lstrip(b"\xef\xbb\xbf \t\r\n")
    if head.startswith(b"<"):
        return read_xliff_units(raw, shown)
    return read_po_units(raw, shown)


def resolve_event(incoming: Incoming, into: Path | None) -> Path:
    """The event file to merge into: `into`, or the one the exchange file names (relative to it)."""
    if into is not None:
        return into
    if not incoming.event:
        raise IspRecapError([Diagnostic(incoming.path, 0, 0, "no-event",
                                        "the file does not say which event it belongs to",
                                        hint="give the event file with --into EVENT")])
    ref = Path(incoming.event)
    if ref.is_absolute():
        # An untrusted file must not pick any file on the machine to rewrite.
        raise IspRecapError([Diagnostic(incoming.path, 0, 0, "no-event",
                                        f"the file names the event by an absolute path ({incoming.event})",
                                        hint="give the event file with --into EVENT")])
    return Path(os.path.normpath(Path(incoming.path).parent / ref))


def plan_import(memo: Memo, positions: Positions, event_path: str, incoming: Incoming, *,
                overwrite: bool = False) -> ImportReport:
    """Decide what each incoming unit changes; refused units (and conflicts) become diagnostics."""
    report = ImportReport(Path(event_path))
    texts = {ref.id: ref for ref in iter_texts(memo)}
    seen: dict[str, int] = {}
    unprinted = 0
    target = incoming.target
    for unit in incoming.units:
        problem = _refusal(unit, texts, seen, incoming.path, target)
        if problem is not None:
            report.refused.append(problem)
            continue
        ref = texts[unit.id]
        current_target = ref.text.get(target) or None
        current_status = status_of(ref.text, memo)
        if unit.target is None:  # nothing translated yet: nothing to merge
            report.unchanged += 1
            continue
        new_status = resolve_status(unit, current_status)
        change = Change(unit.id, positions.of_value(ref.loc)[0], language=target)
        if unit.target != current_target:
            change.target = unit.target
        if new_status != current_status:
            change.status = new_status
        if change.target is None and change.status is None:
            report.unchanged += 1
            continue
        if unit.exported is None:
            unprinted += 1
        else:
            conflicts = _conflicts(unit, ref, change, current_target, current_status, positions, event_path,
                                   incoming.path, target)
            if conflicts:
                report.conflicts += 1
                if not overwrite:
                    report.refused += conflicts
                    continue
        report.changes.append(change)
    if unprinted:
        report.warnings.append(Diagnostic(
            incoming.path, 0, 0, "no-fingerprint",
            f"{unprinted} changed unit{'s have' if unprinted > 1 else ' has'} no export fingerprint (an older export, "
            "or a tool removed them): changes made in the event since the export cannot be detected for "
            f"{'them' if unprinted > 1 else 'it'}", severity="warning",
            hint="export again to get fingerprints; translation tools keep them if they keep comments or notes"))
    return report


def _shown(text: str | None, limit: int = 60) -> str:
    """A value for a message: quoted, escaped, shortened; `(none)` for no text."""
    if not text:
        return "(none)"
    short = text if len(text) <= limit else text[:limit - 1] + "\u2026"
    return repr(short)


def _conflicts(unit: IncomingUnit, ref: TextRef, change: Change, current_target: str | None,
               current_status: Status, positions: Positions, event_path: str, path: str,
               target: Language = "my") -> list[Diagnostic]:
    """The fields of the event the import would overwrite although they changed since the export."""
    assert unit.exported is not None
    out = []
    hint = "export again and translate from the event's current text, or use --overwrite to take the file's value"
    exported = unit.exported.my if target == "my" else unit.exported.en
    if change.target is not None and text_hash(current_target) != exported:
        line, col = positions.of_value((*ref.loc, target))
        out.append(Diagnostic(path, unit.line, unit.col, "conflict",
                              f"{unit.id}.{target} changed in the event since the export ({event_path}:{line}:{col}): "
                              f"the event has {_shown(current_target)}, this file {_shown(unit.target)}",
                              hint=hint))
    if change.status is not None and current_status != unit.exported.status:
        loc = (*ref.loc, "status")
        line, col = positions.of_value(loc)
        out.append(Diagnostic(path, unit.line, unit.col, "conflict",
                              f"{unit.id}.status changed in the event since the export ({event_path}:{line}:{col}):"
                              f" the event has {current_status} (exported: {unit.exported.status}), "
                              f"this file {change.status}", hint=hint))
    return out


def _refusal(unit: IncomingUnit, texts: dict[str, TextRef], seen: dict[str, int], path: str,
             target: Language = "my") -> Diagnostic | None:
    if unit.id in seen:
        return Diagnostic(path, unit.line, 0, "duplicate-unit",
                          f"unit {unit.id!r} appears twice (first at line {seen[unit.id]})")
    seen[unit.id] = unit.line
    ref = texts.get(unit.id)
    if ref is None:
        return Diagnostic(path, unit.line, 0, "unknown-unit", f"the event has no text {unit.id!r}",
                          hint="the event's structure changed since the export: export again")
    source: Language = "my" if target == "en" else "en"
    if unit.source != ref.text.get(source):
        said = "English" if source == "en" else "Burmese"
        return Diagnostic(path, unit.line, 0, "stale-unit",
                          f"the {said} of {unit.id!r} changed since the export; its translation was not applied",
                          hint=f"export again and translate the new {said}")
    if unit.target is not None:
        if len(unit.target) > MAX_TEXT:
            return Diagnostic(path, unit.line, 0, "too-long", f"the translation of {unit.id!r} is too long")
        bad = _UNSAFE.search(unit.target)
        if bad:
            return Diagnostic(path, unit.line, 0, "control-character",
                              f"the translation of {unit.id!r} contains U+{ord(bad.group()):04X}, "
                              "which is not allowed in an event")
        try:
            check_markup(unit.target)
        except ValueError as exc:
            return Diagnostic(path, unit.line, 0, "invalid-markup", f"{unit.id!r}: {exc}")
    return None


def edits_for(changes: list[Change], memo: Memo) -> list[ValueEdit]:
    """The YAML edits that make `changes`."""
    locs = {ref.id: ref.loc for ref in iter_texts(memo)}
    edits = []
    for change in changes:
        loc = locs[change.id]
        if change.target is not None:
            other = "en" if change.language == "my" else "my"
            edits.append(ValueEdit((*loc, change.language), change.target, after=(other,)))
        if change.status is not None:
            edits.append(ValueEdit((*loc, "status"), change.status, after=("my", "en"), plain=True))
    return edits


def import_file(path: Path, into: Path | None = None, *, partial: bool = False,
                dry_run: bool = False, overwrite: bool = False) -> ImportReport:
    """Merge a PO or XLIFF file into its event. Raises `IspRecapError` if the files are unusable.

    Writes the event only when something changes, nothing was refused (or `partial`), and not `dry_run`.
    `overwrite` takes the file's values even where the event changed since the export (conflicts).
    Raises `IspRecapError` (conflict, nothing written) when the event file changes during the import.
    """
    incoming = read_exchange(path)
    if any(d.severity == "error" for d in incoming.diagnostics) and not incoming.units:
        raise IspRecapError(incoming.diagnostics)
    event = resolve_event(incoming, into)
    raw = read_input(event, "event", MAX_BYTES)  # read once: what is planned is what is edited
    memo, positions = parse_event_with_positions(raw, event)
    report = plan_import(memo, positions, str(event), incoming, overwrite=overwrite)
    report.event = event
    report.warnings = [d for d in incoming.diagnostics if d.severity != "error"] + report.warnings
    report.refused = [d for d in incoming.diagnostics if d.severity == "error"] + report.refused
    if not report.changes or dry_run or (report.refused and not partial):
        return report
    bom = raw.startswith(b"\xef\xbb\xbf")
    text = raw.decode("utf-8-sig")
    try:
        new_text = edit_values(text, edits_for(report.changes, memo), str(event))
    except EditError as exc:
        raise IspRecapError([Diagnostic(str(event), 0, 0, "cannot-edit", str(exc))]) from None
    new_raw = (b"\xef\xbb\xbf" if bom else b"") + new_text.encode("utf-8")
    if len(new_raw) > MAX_BYTES:
        raise IspRecapError([Diagnostic(str(event), 0, 0, "file-too-large",
                                        "the event would grow beyond the size limit; nothing was written")])
    parse_event(new_raw, str(event))  # the result must still be a valid event

    def still_as_read() -> None:
        """Refuse the rename if someone saved the event while it was being merged (their edit would be lost)."""
        try:
            now: bytes | None = read_input_bytes(event, "event", MAX_BYTES)
        except InputRefused:  # removed, replaced by a folder or a FIFO: changed too
            now = None
        if now != raw:
            raise IspRecapError([Diagnostic(str(event), 0, 0, "conflict",
                                            "the event file changed while the translations were being merged; "
                                            "nothing was written", hint="run the import again")])

    try:
        write_atomic(event, new_raw, before_replace=still_as_read)
    except OSError as exc:
        raise IspRecapError([Diagnostic(str(event), 0, 0, "cannot-write",
                                        f"cannot write the event file: {exc.strerror or exc}")]) from None
    report.written = True
    return report
