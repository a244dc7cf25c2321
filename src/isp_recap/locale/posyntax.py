"""A strict line-by-line syntax check of PO files, before Babel reads them.

Babel's reader is lenient where it matters: with `abort_invalid=True` it still turns an unclosed
`msgstr "text` into an empty translation without a word, so a translator's truncated line would
silently drop their work. Every line of a PO file is a comment, a keyword with a complete quoted
string, or a continuation string; anything else is reported here with its line.
"""

from __future__ import annotations

import re
from typing import Any

from ..diagnostics import Diagnostic, IspRecapError

_STRING = r'"(?:[^"\\]|\\(?:[\\"ntrabfv?\']|[0-7]{1,3}|x[0-9A-Fa-f]+))*"'
_KEYWORD = re.compile(rf"^(?:msgctxt|msgid|msgid_plural|msgstr|msgstr\[\d+\])[ \t]+{_STRING}[ \t]*$")
_CONTINUATION = re.compile(rf"^[ \t]*{_STRING}[ \t]*$")
_CHARSET = re.compile(rb"charset=([A-Za-z0-9_.:-]+)")


def decode_po(raw: bytes, path: str) -> tuple[str | None, list[Diagnostic]]:
    """The text of a PO file: UTF-8, or the charset its header names."""
    try:
        return raw.decode("utf-8-sig"), []
    except UnicodeDecodeError as exc:
        declared = _CHARSET.search(raw[:4096])
        if declared and declared.group(1).lower() not in (b"utf-8", b"utf8"):
            try:
                return raw.decode(declared.group(1).decode("ascii")), []
            except (LookupError, UnicodeDecodeError):
                pass
        line = raw.count(b"\n", 0, exc.start) + 1
        return None, [Diagnostic(path, line, 0, "invalid-po", "the file is not valid UTF-8",
                                 hint="save it as UTF-8")]


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
_KEYWORD_START = re.compile(r"^(msgctxt|msgid_plural|msgid|msgstr(?:\[\d+\])?)(?![\w\[])")
_FIELD = re.compile(r"^(msgctxt|msgid|msgid_plural|msgstr(?:\[\d+\])?)[ \t]+(\".*)$")
_PLURAL_FORMS = re.compile(r"^\s*nplurals\s*=\s*[1-9]\d{0,1}\s*;\s*plural\s*=\s*([n0-9\s()?:<>=!&|%+*/-]+?)\s*;?\s*$")


def po_syntax_errors(text: str, path: str) -> list[Diagnostic]:
    """Lines of `text` that are not PO syntax (at most the first 20), control characters, and a
    Plural-Forms header that is not a C expression of n (msgfmt refuses it too)."""
    return (_line_errors(text, path) + _order_errors(text, path) + _control_characters(text, path)
            + _plural_forms(text, path))[:40]


#: Which keyword may follow which: Babel drops or misfiles a msgstr with no msgid before it, silently.
_MAY_FOLLOW = {
    "msgctxt": {"", "msgstr", "msgstr[]"},
    "msgid": {"", "msgstr", "msgstr[]", "msgctxt"},
    "msgid_plural": {"msgid"},
    "msgstr": {"msgid"},
    "msgstr[]": {"msgid_plural", "msgstr[]"},
}


def _order_errors(text: str, path: str) -> list[Diagnostic]:
    found: list[Diagnostic] = []
    last = ""
    for number, line in enumerate(text.splitlines(), 1):
        stripped = line.strip()
        if stripped.startswith("#~"):  # an obsolete entry restarts the sequence
            last = ""
            continue
        # Loosely: a malformed keyword line ("msgid Host") is reported by _line_errors, not here again.
        m = _KEYWORD_START.match(stripped)
        if not m:
            continue
        keyword = "msgstr[]" if m.group(1).startswith("msgstr[") else m.group(1)
        if last not in _MAY_FOLLOW[keyword]:
            found.append(Diagnostic(path, number, 1, "invalid-po",
                                    f"{keyword} cannot follow {last or 'the start of the file'} here",
                                    hint="each entry is msgctxt (optional), msgid, then msgstr"))
        last = keyword
    return found[:20]


def _control_characters(text: str, path: str) -> list[Diagnostic]:
    found = []
    for number, line in enumerate(text.splitlines(), 1):
        for m in _CONTROL.finditer(line):
            found.append(Diagnostic(path, number, m.start() + 1, "invalid-po",
                                    f"control character U+{ord(m.group()):04X} is not allowed in a catalog"))
    return found[:20]


def _entries(text: str) -> list[tuple[int, str, str]]:
    """(line of the msgid, msgctxt, msgid) of each entry, strings as written (escapes not decoded)."""
    out: list[tuple[int, str, str]] = []
    context, field, msgid, line_of_id = "", "", "", 0
    for number, line in enumerate(text.splitlines(), 1):
        stripped = line.strip()
        m = _FIELD.match(stripped)
        if m:
            field = m.group(1)
            if field == "msgctxt":
                context = m.group(2)
            elif field == "msgid":
                msgid, line_of_id = m.group(2), number
            elif field.startswith("msgstr") and line_of_id:
                out.append((line_of_id, context, msgid))
                context, line_of_id = "", 0
        elif stripped.startswith('"') and field in ("msgctxt", "msgid"):
            if field == "msgctxt":
                context += stripped
            else:
                msgid += stripped
    return out


def po_duplicates(text: str, path: str) -> list[Diagnostic]:
    """Messages defined twice (same msgctxt and msgid): Babel keeps one silently, msgfmt refuses."""
    seen: dict[tuple[str, str], int] = {}
    found = []
    for line, context, msgid in _entries(text):
        key = (context, msgid)
        if key in seen:
            found.append(Diagnostic(path, line, 1, "invalid-po",
                                    f"this message is already defined at line {seen[key]}",
                                    hint="keep one of the two entries"))
        else:
            seen[key] = line
    return found


def _plural_forms(text: str, path: str) -> list[Diagnostic]:
    for number, line in enumerate(text.splitlines(), 1):
        at = line.find("Plural-Forms:")
        if at < 0 or not line.lstrip().startswith('"'):
            continue
        value = line[at + len("Plural-Forms:"):].split("\\n")[0].rstrip('"').strip()
        if not _PLURAL_FORMS.match(value) and value != "nplurals=INTEGER; plural=EXPRESSION;":  # a POT's blank
            return [Diagnostic(path, number, at + 1, "invalid-po",
                               "Plural-Forms must be like 'nplurals=1; plural=0;' (a C expression of n)")]
    return []


def _line_errors(text: str, path: str) -> list[Diagnostic]:
    found: list[Diagnostic] = []
    for number, line in enumerate(text.splitlines(), 1):
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        if _KEYWORD.match(stripped) or _CONTINUATION.match(line):
            continue
        if stripped.startswith(("msg", '"')) and stripped.count('"') % 2 == 1:
            problem = "a quoted string is not closed"
        elif stripped.startswith(("msg", '"')):
            problem = "the quoted string is malformed (a stray quote or an unknown \\ escape?)"
        else:
            problem = f"unexpected text {stripped[:30]!r}"
        found.append(Diagnostic(path, number, 0, "invalid-po", problem,
                                hint="open the file in Poedit or run `msgfmt --check` on it"))
        if len(found) >= 20:
            break
    return found


def parse_po(raw: bytes, path: str, locale: str | None = None, code: str = "invalid-po",
             hint: str | None = None, *, duplicates: bool = True) -> Any:
    """The one strict PO reader (label catalogs and translators' exchange files alike): a Babel catalog.

    Raises `IspRecapError` with every problem found, positioned: encoding, line syntax, control
    characters, plural forms, duplicate entries (Babel keeps the last and says nothing; left to the
    caller with `duplicates=False`: an exchange file's rule is one entry per unit id), and what Babel
    itself refuses.
    """
    import io

    from babel.messages.pofile import PoFileError, read_po

    text, problems = decode_po(raw, path)
    if text is not None:
        problems += po_syntax_errors(text, path) + (po_duplicates(text, path) if duplicates else [])
    if problems:
        raise IspRecapError(problems)
    try:
        return read_po(io.BytesIO(raw), locale=locale, abort_invalid=True)
    except PoFileError as exc:
        line = int(getattr(exc, "lineno", 0) or 0)
        message = re.sub(r" on (line )?\d+.*$", "", str(exc).split(" on line ")[0]).split(" on ")[0]
        raise IspRecapError([Diagnostic(path, line, 0, code, message, hint=hint)]) from None
    except (UnicodeDecodeError, LookupError, ValueError) as exc:
        raise IspRecapError([Diagnostic(path, 0, 0, code, f"cannot read the file: {exc}")]) from None
