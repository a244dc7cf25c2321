"""Reading a transcript file's bytes and decoding them to text, reporting what had to be repaired.

Handles byte-order marks (UTF-8, UTF-16), CRLF and lone CR line ends, Windows-1252 files (read as
such, with a warning naming the first line that is not UTF-8), and characters an event file must not
contain (control and bidirectional-control characters are removed, with their line).
"""

from __future__ import annotations

import codecs
import re
from pathlib import Path

from ..diagnostics import Diagnostic
from .cues import MAX_FILE_BYTES

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_BIDI = re.compile(r"[\u202a-\u202e\u2066-\u2069]")
_BOMS = ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be"))


def read_file(path: Path, shown: str | None = None, kind: str = "transcript") -> bytes:
    """The bytes of a transcript (or aliases) file, at most `MAX_FILE_BYTES`. Raises `IspRecapError`."""
    shown = shown or str(path)

    from ..fsio import read_input

    # Bounded, and only a regular file: opening a FIFO blocks, /dev/zero never ends.
    return read_input(path, kind, MAX_FILE_BYTES if kind == "transcript" else None, shown=shown)


def _line_col(text: str, offset: int) -> tuple[int, int]:
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1


def _sniff_utf16(raw: bytes) -> str | None:
    """UTF-16 without a byte-order mark: ASCII text has a zero in every other byte."""
    sample = raw[:4096]
    if len(sample) < 4 or len(sample) % 2:
        return None
    even, odd = sample[0::2], sample[1::2]
    if odd.count(0) > 0.4 * len(odd) and even.count(0) == 0:
        return "utf-16-le"
    if even.count(0) > 0.4 * len(even) and odd.count(0) == 0:
        return "utf-16-be"
    return None


def decode_text(raw: bytes, path: str, encoding: str | None = None) -> tuple[str | None, list[Diagnostic]]:
    """Text of a transcript file with `\\n` line ends, or None and the errors that prevent reading it.

    `encoding` forces a codec (for example `cp1252`); by default UTF-8 is tried, then Windows-1252.
    """
    diags: list[Diagnostic] = []
    text: str | None = None
    if encoding:
        try:
            text = raw.decode(encoding)
        except LookupError:
            return None, [Diagnostic(path, 0, 0, "unknown-encoding", f"unknown encoding {encoding!r}")]
        except UnicodeDecodeError as exc:
            line, col = _line_col(raw[: exc.start].decode(encoding, errors="replace"), exc.start)
            return None, [Diagnostic(path, line, col, "invalid-encoding",
                                     f"byte 0x{raw[exc.start]:02x} is not valid {encoding}")]
        text = text.removeprefix("\ufeff")
    else:
        codec = next((name for bom, name in _BOMS if raw.startswith(bom)), None)
        if codec:
            raw = raw[len(next(bom for bom, name in _BOMS if name == codec)):]
        else:
            codec = _sniff_utf16(raw)
        if codec and codec.startswith("utf-16"):
            try:
                text = raw.decode(codec)
            except UnicodeDecodeError as exc:
                return None, [Diagnostic(path, 0, 0, "invalid-encoding",
                                         f"the file is not valid {codec.upper()} (byte offset {exc.start})")]
        else:
            try:
                text = raw.decode("utf-8")
            except UnicodeDecodeError as exc:
                good = raw[: exc.start].decode("utf-8", errors="replace")
                line, col = _line_col(good, len(good))
                try:
                    text = raw.decode("cp1252")
                except UnicodeDecodeError:
                    return None, [Diagnostic(path, line, col, "invalid-encoding",
                                             f"byte 0x{raw[exc.start]:02x} is neither UTF-8 nor Windows-1252; "
                                             "save the file as UTF-8")]
                diags.append(Diagnostic(path, line, col, "not-utf8",
                                        f"byte 0x{raw[exc.start]:02x} is not valid UTF-8; the file was read as "
                                        "Windows-1252: check accented letters and quotes", "warning"))
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if "\x00" in text:
        line, col = _line_col(text, text.index("\x00"))
        return None, [*diags, Diagnostic(path, line, col, "binary-file",
                                         "the file contains NUL bytes: it is not a text transcript")]
    return _strip_controls(text, path, diags)


def _strip_controls(text: str, path: str, diags: list[Diagnostic]) -> tuple[str, list[Diagnostic]]:
    for pattern, code, what in ((_CONTROL, "control-character", "control character"),
                                (_BIDI, "bidi-control", "bidirectional control")):
        found = list(pattern.finditer(text))
        for m in found[:10]:
            line, col = _line_col(text, m.start())
            diags.append(Diagnostic(path, line, col, code,
                                    f"{what} U+{ord(m.group()):04X} removed", "warning"))
        if len(found) > 10:
            diags.append(Diagnostic(path, 0, 0, code, f"{len(found)} {what}s removed in all", "warning"))
        if found:
            text = pattern.sub("", text)
    return text, diags
