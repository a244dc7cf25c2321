"""A strict line-by-line syntax check of PO files, before Babel reads them.

Babel's reader is lenient where it matters: with `abort_invalid=True` it still turns an unclosed
`msgstr "text` into an empty translation without a word, so a translator's truncated line would
silently drop their work. Every line of a PO file is a comment, a keyword with a complete quoted
string, or a continuation string; anything else is reported here with its line.
"""

from __future__ import annotations

import re

from ..source.diagnostics import Diagnostic

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


def po_syntax_errors(text: str, path: str) -> list[Diagnostic]:
    """Lines of `text` that are not PO syntax (at most the first 20)."""
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
