"""Content exchange as gettext PO: one entry per bilingual text, for Poedit, Weblate, Lokalize...

An entry's `msgctxt` is the text's id (its path in the event), `msgid` the English, `msgstr` the
Burmese; `#, fuzzy` marks a draft; `#.` says who speaks or which data card the text belongs to;
`#:` points at the line in the event file.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from collections import Counter
from pathlib import Path
from typing import Any

from ..diagnostics import Diagnostic, IspRecapError
from ..locale.posyntax import parse_po
from ..model import Language, Memo
from .exchange import Incoming, damaged_fingerprint, event_reference, header_lines
from .units import FINGERPRINT_LABEL, MAX_EXCHANGE_BYTES, MAX_UNITS, IncomingUnit, Unit, find_fingerprint

_AUTO_FLAGS = ("python-format", "python-brace-format")


def export_po(memo: Memo, units: list[Unit], event_path: Path, out_path: Path | None,
              now: dt.datetime | None = None, target: Language = "my") -> bytes:
    """The PO file of `units` (UTF-8). References name the event relative to `out_path`'s folder.

    `target` is the file's language (its `Language` header): `my`, or `en` for the units whose
    source is Burmese (`msgid` is then the Burmese).
    """
    from babel.messages.catalog import Catalog
    from babel.messages.pofile import write_po

    now = now or dt.datetime.now(dt.UTC).replace(microsecond=0)
    ref = event_reference(event_path, out_path)
    org = memo.organisation
    team = org.short_name.pick("en") if org.short_name else org.name.pick("en")
    language = "Burmese" if target == "my" else "English"
    catalog = Catalog(
        locale=target, domain=None, project=memo.event.title.pick("en"), version=str(memo.event.date),
        msgid_bugs_address=org.email or "", creation_date=now, revision_date=now,
        last_translator=f"{team} translators", language_team=f"{language} ({team})", charset="utf-8",
        fuzzy=False,
        header_comment="\n".join("# " + line for line in header_lines(memo.event.title.pick("en"), target)),
    )
    for unit in units:
        message = catalog.add(unit.source, unit.target or "", locations=[(ref, unit.line)] if unit.line else [],
                              flags=["fuzzy"] if unit.target and unit.status == "draft" else [],
                              auto_comments=[unit.context, f"Status: {unit.status}", unit.fingerprint.text()],
                              context=unit.id)
        # Babel guesses format flags from the text ("66% of" looks like printf); memo text is not a
        # format string, and a wrong flag makes msgfmt --check and Poedit demand matching "placeholders".
        if message is not None:
            for flag in _AUTO_FLAGS:
                message.flags.discard(flag)
    out = io.BytesIO()
    write_po(out, catalog, width=76, sort_output=False, include_previous=False)
    # Babel writes only the header fields it knows; the event is named in one of our own as well as in
    # every `#:` reference, so an import finds it even from a tool that drops references.
    marker = b'"Generated-By: '
    data = out.getvalue()
    at = data.find(marker)
    field = f'"{EVENT_HEADER}: {_po_escape(ref)}\\n"\n'.encode()
    return data[:at] + field + data[at:] if at >= 0 else data


EVENT_HEADER = "X-Isp-Recap-Event"
_HEADER_EVENT = re.compile(rb'^"X-Isp-Recap-Event: ((?:[^"\\\n]|\\.)*?)\\n"\s*$', re.MULTILINE)


def _po_escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace('"', '\\"')


_CTXT = re.compile(rb'^msgctxt\s+"((?:[^"\\]|\\.)*)"\s*$', re.MULTILINE)


def read_po_units(raw: bytes, path: str) -> Incoming:
    """Read a translator's PO file. Malformed files and duplicate ids become diagnostics."""
    result = Incoming(path)
    if len(raw) > MAX_EXCHANGE_BYTES:
        result.diagnostics.append(Diagnostic(path, 0, 0, "file-too-large",
                                             f"the file is larger than {MAX_EXCHANGE_BYTES:,} bytes"))
        return result
    # Babel keeps the last of two entries with the same msgctxt and msgid and says nothing.
    seen: Counter[bytes] = Counter()
    for m in _CTXT.finditer(raw):
        seen[m.group(1)] += 1
        if seen[m.group(1)] == 2:
            line = raw.count(b"\n", 0, m.start()) + 1
            result.diagnostics.append(Diagnostic(path, line, 1, "duplicate-unit",
                                                 f"unit {m.group(1).decode('utf-8', 'replace')!r} appears twice"))
    try:  # the one strict PO reader, as for label catalogs (locale.posyntax)
        catalog = parse_po(raw, path, hint="open the file in Poedit or run `msgfmt --check` on it",
                           duplicates=False)
    except IspRecapError as exc:
        result.diagnostics += exc.diagnostics
        return result
    files: Counter[str] = Counter()
    for entry in catalog:
        message: Any = entry
        if not message.id:
            continue  # the header
        line = int(message.lineno or 0)
        if not isinstance(message.id, str) or not isinstance(message.string, str):
            result.diagnostics.append(Diagnostic(path, line, 0, "unsupported-entry",
                                                 "plural entries are not units of an event"))
            continue
        if not message.context:
            result.diagnostics.append(Diagnostic(path, line, 0, "unknown-unit",
                                                 "the entry has no msgctxt (the id of its text)",
                                                 hint="the file was not exported by isp-recap, or the entry was added"))
            continue
        for filename, _lineno in message.locations:
            files[filename] += 1
        fuzzy = message.fuzzy
        comments = " ".join(message.auto_comments)
        exported = find_fingerprint(comments)
        if exported is None and FINGERPRINT_LABEL in comments:
            result.diagnostics.append(damaged_fingerprint(path, line, message.context))
        result.units.append(IncomingUnit(
            id=message.context, source=message.id, target=message.string or None,
            status="draft" if fuzzy else "reviewed", line=line, at_least=not fuzzy, col=1, exported=exported,
        ))
        if len(result.units) > MAX_UNITS:
            result.diagnostics.append(Diagnostic(path, line, 0, "too-many-units",
                                                 f"the file has more than {MAX_UNITS:,} entries"))
            result.units.clear()
            return result
    language = str(catalog.locale_identifier or "my").split("_")[0].split("-")[0].lower()
    if language not in ("en", "my"):
        result.diagnostics.append(Diagnostic(path, 0, 0, "wrong-language",
                                             f"the file translates into {language!r}; expected my (or en)"))
        result.units.clear()
        return result
    result.target = "en" if language == "en" else "my"
    header = _HEADER_EVENT.search(raw[:8192])
    if header:
        result.event = header.group(1).decode("utf-8", "replace").replace('\\"', '"').replace("\\\\", "\\")
    elif files:
        result.event = files.most_common(1)[0][0]
    return result
