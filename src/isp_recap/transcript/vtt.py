"""WebVTT subtitles: cues with their times, speakers from `<v Name>` voice spans.

Read from the raw cue text (webvtt-py's `.text` drops voice spans). Cues without a voice span may
name their speaker as `Name: text` (Zoom writes them so). A cue whose voice changes inside
it (`<v Bob>Hi</v> <v Ann>Hello`) becomes one cue per voice, with the same times.
"""

from __future__ import annotations

import html
import re

from .cues import Cue, Transcript, clean, format_time, is_filler, parse_time
from .labels import NameTest, find_label, plausible

_TIMING = re.compile(r"^\s*(?P<start>\S+)\s+-->\s+(?P<end>\S+)(?P<settings>\s.*)?$")
_TAG = re.compile(r"<(?P<close>/)?(?P<name>[a-zA-Z0-9]+)?(?P<classes>(?:\.[^\s.>]+)*)(?:[ \t]+(?P<ann>[^>]*))?>")
_TIMESTAMP_TAG = re.compile(r"<\d[\d:.]*>")


def _time(value: str, transcript: Transcript, line: int, col: int) -> int | None:
    ms = parse_time(value)
    if ms is None:
        return None
    if ms < 0:
        transcript.warning(line, col, "negative-time",
                           f"negative time {value}; taken as {format_time(0)}")
        return 0
    return ms


def read_vtt(text: str, path: str, *, strict_header: bool = True, is_name: NameTest | None = None) -> Transcript:
    """Cues of a WebVTT file (text already decoded, `\\n` line ends); `is_name` knows declared names."""
    t = Transcript(path=path, format="webvtt")
    lines = text.split("\n")
    first = lines[0].lstrip("\ufeff") if lines else ""
    i = 0
    if first.startswith("WEBVTT") and (len(first) == 6 or first[6] in " \t"):
        i = 1
        while i < len(lines) and lines[i].strip():  # header block (Kind:, Language:, ...)
            i += 1
    elif strict_header:
        t.error(1, 1, "vtt-header", "a WebVTT file must start with the line WEBVTT")
        return t
    else:
        t.warning(1, 1, "vtt-header", "the file does not start with WEBVTT; read as WebVTT anyway")
    while i < len(lines):
        if not lines[i].strip():
            i += 1
            continue
        start = i
        while i < len(lines) and lines[i].strip():
            i += 1
        block = lines[start:i]
        head = block[0].strip()
        if (head.startswith("NOTE") and (len(head) == 4 or head[4] in " \t")) or head in ("STYLE", "REGION"):
            continue
        timing_at = 0 if "-->" in block[0] else 1 if len(block) > 1 and "-->" in block[1] else None
        if timing_at is None:
            t.error(start + 1, 1, "vtt-cue", "expected a cue timing line like 00:00:01.000 --> 00:00:04.000",
                    hint="a blank line inside a cue splits it in two")
            continue
        line_no = start + timing_at + 1
        m = _TIMING.match(block[timing_at])
        begin = end = None
        if m:
            begin = _time(m.group("start"), t, line_no, m.start("start") + 1)
            end = _time(m.group("end"), t, line_no, m.start("end") + 1)
        if begin is None or end is None:
            t.error(line_no, 1, "vtt-timing", f"cannot read the cue timing {block[timing_at].strip()!r}",
                    hint="times are written 00:01:02.500 --> 00:01:04.000")
            continue
        if not _payload(block[timing_at + 1:], line_no + 1, begin, end, t, is_name):
            break
    return t


def _payload(lines: list[str], first_line: int, begin: int, end: int, t: Transcript,
             is_name: NameTest | None) -> bool:
    """Split a cue's payload into one cue per voice; False when the file holds too many cues."""
    pieces: list[tuple[str | None, int, int, list[str]]] = []  # voice, line, col, texts
    voice: str | None = None
    voice_at = (0, 0)
    current: list[str] = []
    skip_depth = 0  # inside <rt> (ruby text), which is not spoken

    def flush() -> None:
        nonlocal current
        if current:
            pieces.append((voice, *voice_at, current))
        current = []

    for offset, raw_line in enumerate(lines):
        line_no = first_line + offset
        pos = 0
        raw_line = _TIMESTAMP_TAG.sub(lambda m: " " * len(m.group()), raw_line)
        for m in _TAG.finditer(raw_line):
            if not skip_depth:
                current.append(raw_line[pos:m.start()])
            pos = m.end()
            name = (m.group("name") or "").lower()
            if name == "rt":
                skip_depth += -1 if m.group("close") else 1
                skip_depth = max(skip_depth, 0)
            elif name == "v" and not m.group("close"):
                flush()
                voice = html.unescape(clean(m.group("ann") or "")) or None
                voice_at = (line_no, m.start() + 1)
            elif name == "v":
                flush()
                voice, voice_at = None, (0, 0)
        if not skip_depth:
            current.append(raw_line[pos:])
        current.append(" ")
    flush()
    for name, v_line, v_col, texts in pieces:
        text = clean(html.unescape("".join(texts)))
        if not text:
            continue
        filler = is_filler(text)
        label = find_label(text) if name is None and not filler else None
        previous = t.cues[-1].text if t.cues else ""
        # Zoom and others write "Name: text" instead of <v Name>.
        if label is not None and label.rest and plausible(label, previous, is_name):
            cue = Cue(text=label.rest, line=first_line - 1, start=begin, end=end, speaker=label.name,
                      speaker_line=v_line or first_line, speaker_col=label.col, label=label.raw)
        else:
            cue = Cue(text=text, line=first_line - 1, start=begin, end=end, speaker=name,
                      speaker_line=v_line, speaker_col=v_col, filler=filler)
        if not t.add(cue):
            return False
    return True
