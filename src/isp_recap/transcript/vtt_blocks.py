"""WebVTT files parsed as the W3C WebVTT parser algorithm parses them (https://w3c.github.io/webvtt/#file-parsing).

This layer is what a browser sees: cues with their identifier, times, settings and raw cue text,
regions and style sheets. It follows the specification's steps, so it reads exactly the cues a
browser reads: cue text ends at an empty line only (a line holding a single space is text, as in
YouTube's auto-captions), a timing line may follow an identifier line, a block without a timing
line (NOTE, STYLE, REGION, stray text) is not a cue. It is checked against the WebVTT file-parsing
tests of web-platform-tests (tests/fixtures/webvtt-wpt/).

What a browser drops silently, this layer also reports, with its line, so that the import can tell
the user (`rejected`): timing lines whose timestamps do not parse and text blocks that are no cue.
The algorithm itself is linear in the input (one pass over the lines).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field

_WHITESPACE = " \t\n\x0c\r"  # the specification's ASCII whitespace for these steps
_SPLIT = re.compile(r"[ \t\n\x0c\r]+")
_PERCENT = re.compile(r"^\d+(?:\.\d+)?%$")
_DIGITS = re.compile(r"\d*")


@dataclass
class CueSettings:
    """The cue settings of the specification, with its defaults (`line`/`position` None: auto)."""

    region: str | None = None
    vertical: str = ""
    line: float | None = None
    snap_to_lines: bool = True
    line_align: str = "start"
    position: float | None = None
    position_align: str = "auto"
    size: float = 100.0
    align: str = "center"


@dataclass
class VttCue:
    """A cue as the parser returns it. Times in milliseconds; lines 1-based (`text_line`: first text line)."""

    id: str
    start: int
    end: int
    text: str
    settings: CueSettings
    timing_line: int
    text_line: int


@dataclass
class Rejected:
    """Something a browser ignores: a timing line that does not parse, or a text block that is no cue."""

    line: int
    kind: str  # "timing" or "text"
    text: str
    payload: str = ""  # for a timing line: the text lines of its block
    payload_line: int = 0


@dataclass
class VttFile:
    """The outcome of parsing one file."""

    cues: list[VttCue] = field(default_factory=list)
    regions: list[str] = field(default_factory=list)  # region identifiers, in file order
    stylesheets: list[str] = field(default_factory=list)
    rejected: list[Rejected] = field(default_factory=list)


def preprocess(text: str) -> str:
    """NUL to U+FFFD, CRLF and CR to LF (the algorithm's first step); a byte-order mark removed."""
    return text.removeprefix("\ufeff").replace("\0", "\ufffd").replace("\r\n", "\n").replace("\r", "\n")


def has_signature(text: str) -> bool:
    """True when the text starts like a WebVTT file: `WEBVTT` alone or before a space, tab or line end."""
    return text.startswith("WEBVTT") and (len(text) == 6 or text[6] in " \t\n")


def parse_timestamp(value: str, pos: int = 0) -> tuple[int, int] | None:
    """A WebVTT timestamp at `value[pos:]` as (milliseconds, end position); None if it does not parse.

    `[HH+:]MM:SS.mmm`: hours have two or more digits and may be left out, minutes and seconds two
    digits below 60, milliseconds three digits.
    """
    m = _DIGITS.match(value, pos)
    assert m is not None
    first = m.group()
    if not first:
        return None
    pos = m.end()
    hours_given = len(first) != 2 or int(first) > 59
    if pos >= len(value) or value[pos] != ":":
        return None
    m = _DIGITS.match(value, pos + 1)
    assert m is not None
    second = m.group()
    if len(second) != 2:
        return None
    pos = m.end()
    if hours_given or (pos < len(value) and value[pos] == ":"):
        if pos >= len(value) or value[pos] != ":":
            return None
        m = _DIGITS.match(value, pos + 1)
        assert m is not None
        third = m.group()
        if len(third) != 2:
            return None
        pos = m.end()
        hours, minutes, seconds = int(first), int(second), int(third)
    else:
        hours, minutes, seconds = 0, int(first), int(second)
    if pos >= len(value) or value[pos] != ".":
        return None
    m = _DIGITS.match(value, pos + 1)
    assert m is not None
    fraction = m.group()
    if len(fraction) != 3:
        return None
    if minutes > 59 or seconds > 59:
        return None
    return ((hours * 60 + minutes) * 60 + seconds) * 1000 + int(fraction), m.end()


def _skip_ws(line: str, pos: int) -> int:
    while pos < len(line) and line[pos] in _WHITESPACE:
        pos += 1
    return pos


def parse_timing_line(line: str, regions: list[str]) -> tuple[int, int, CueSettings] | None:
    """Start, end and settings of a cue timing line; None when the timings do not parse."""
    pos = _skip_ws(line, 0)
    got = parse_timestamp(line, pos)
    if got is None:
        return None
    start, pos = got
    pos = _skip_ws(line, pos)
    if line[pos:pos + 3] != "-->":
        return None
    pos = _skip_ws(line, pos + 3)
    got = parse_timestamp(line, pos)
    if got is None:
        return None
    end, pos = got
    return start, end, parse_settings(line[pos:], regions)


def _percentage(value: str) -> float | None:
    if not _PERCENT.match(value):
        return None
    number = float(value[:-1])
    return number if 0 <= number <= 100 else None


def parse_settings(text: str, regions: list[str]) -> CueSettings:
    """The cue settings after the timings (invalid settings are ignored, as the specification says)."""
    cue = CueSettings()
    for setting in _SPLIT.split(text):
        name, colon, value = setting.partition(":")
        if not colon or not name or not value:
            continue
        if name == "region":
            cue.region = value if value in regions else None
        elif name == "vertical":
            if value in ("rl", "lr"):
                cue.vertical = value
        elif name == "line":
            linepos, _, linealign = value.partition(",")
            number = _line_position(linepos)
            if number is None:
                continue
            cue.line = number
            cue.snap_to_lines = not linepos.endswith("%")
            if linealign in ("start", "center", "end"):
                cue.line_align = linealign
        elif name == "position":
            colpos, _, colalign = value.partition(",")
            number = _percentage(colpos)
            if number is None:
                continue
            cue.position = number
            if colalign in ("line-left", "center", "line-right"):
                cue.position_align = colalign
        elif name == "size":
            number = _percentage(value)
            if number is not None:
                cue.size = number
        elif name == "align" and value in ("start", "center", "end", "left", "right"):
            cue.align = value
    return cue


def _line_position(linepos: str) -> float | None:
    if not any(ch.isdigit() and ch.isascii() for ch in linepos):
        return None
    if linepos.endswith("%"):
        return _percentage(linepos)
    if not re.match(r"^[-.0-9]*$", linepos) or "-" in linepos[1:] or linepos.count(".") > 1:
        return None
    if "." in linepos and not re.search(r"\d\.\d", linepos):
        return None
    number = float(linepos)
    return number if math.isfinite(number) else None  # beyond the largest double: not a number


class _Reader:
    """The input as lines, with the algorithm's position pointer (a line index)."""

    def __init__(self, text: str) -> None:
        self.lines = text.split("\n")
        self.final_lf = text.endswith("\n")
        if self.final_lf:
            self.lines.pop()
        self.pos = 0

    @property
    def at_end(self) -> bool:
        return self.pos >= len(self.lines)

    def read(self) -> tuple[str, bool]:
        """The next line and whether the end of the input was reached without a line feed."""
        if self.at_end:
            return "", True
        line = self.lines[self.pos]
        self.pos += 1
        return line, self.at_end and not self.final_lf


def parse_webvtt(text: str) -> VttFile | None:
    """Parse a WebVTT file; None when it does not start with the WebVTT signature (a browser's error)."""
    text = preprocess(text)
    if not has_signature(text):
        return None
    out = VttFile()
    reader = _Reader(text)
    reader.read()  # the signature line
    if reader.at_end:
        return out
    if reader.lines[reader.pos]:
        _collect_block(reader, out, in_header=True)
    else:
        reader.pos += 1
    seen_cue = False
    while not reader.at_end:
        while not reader.at_end and reader.lines[reader.pos] == "":
            reader.pos += 1
        if reader.at_end:
            break
        seen_cue = _collect_block(reader, out, in_header=False, seen_cue=seen_cue)
    return out


def _collect_block(reader: _Reader, out: VttFile, *, in_header: bool, seen_cue: bool = False) -> bool:
    """The specification's "collect a WebVTT block"; adds what it found to `out`; returns `seen cue`."""
    first = reader.pos
    line_count = 0
    previous = reader.pos
    buffer: list[str] = []
    buffer_line = 0
    seen_arrow = False
    cue: VttCue | None = None
    kind: str | None = None  # "style" or "region"
    failed: Rejected | None = None
    while True:
        line, eof = reader.read()
        line_count += 1
        line_no = reader.pos  # 1-based number of the line just read
        if "-->" in line:
            if not in_header and (line_count == 1 or (line_count == 2 and not seen_arrow)):
                seen_arrow = True
                previous = reader.pos
                timing = parse_timing_line(line, out.regions)
                if timing is None:
                    failed = Rejected(line_no, "timing", line, payload_line=line_no + 1)
                    out.rejected.append(failed)
                    buffer, cue = [], None
                else:
                    start, end, settings = timing
                    cue = VttCue("\n".join(buffer), start, end, "", settings, line_no, line_no + 1)
                    buffer, seen_cue = [], True
            else:
                reader.pos = previous
                break
        elif line == "":
            break
        else:
            if not in_header and line_count == 2 and not seen_cue and len(buffer) == 1:
                head = buffer[0]
                for keyword, found in (("STYLE", "style"), ("REGION", "region")):
                    if head.startswith(keyword) and not head[len(keyword):].strip(_WHITESPACE):
                        kind, buffer = found, []
                        break
            if not buffer:
                buffer_line = reader.pos
            buffer.append(line)
            previous = reader.pos
        if eof:
            break
    if failed is not None:
        failed.payload = "\n".join(buffer)
    if cue is not None:
        cue.text = "\n".join(buffer)
        out.cues.append(cue)
    elif kind == "style":
        out.stylesheets.append("\n".join(buffer))
    elif kind == "region":
        out.regions.append(_region_id("\n".join(buffer)))
    elif not in_header and buffer and not seen_arrow and not _is_note(reader.lines[first]):
        out.rejected.append(Rejected(buffer_line or first + 1, "text", buffer[0]))
    return seen_cue


def _is_note(line: str) -> bool:
    return line.startswith("NOTE") and (len(line) == 4 or line[4] in " \t\n")


def _region_id(settings: str) -> str:
    """The identifier among a REGION block's settings (the last `id:` wins; other settings are not used here)."""
    found = ""
    for setting in _SPLIT.split(settings):
        name, colon, value = setting.partition(":")
        if colon and name == "id" and value and "-->" not in value:
            found = value
    return found
