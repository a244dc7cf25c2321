"""SubRip (.srt) subtitles: numbered cues with times; speakers as a `NAME:` prefix.

A cue without a prefix continues the previous speaker. A line inside a cue that starts with a
prefix starts a new cue (same times). Missing blank lines between cues are tolerated: a cue starts
wherever a timing line is.
"""

from __future__ import annotations

import re

from .cues import Cue, Transcript, clean, format_time, is_filler, parse_time
from .labels import NameTest, find_label, plausible

_TIMING = re.compile(r"^\s*(?P<start>-?[\d:.,]+)\s*-->\s*(?P<end>-?[\d:.,]+)(?:\s+.*)?$")
# A line meant as a timing line whose arrow is damaged ("->", "- ->"): reported, not read as text.
_LOOSE_TIMING = re.compile(r"^\s*-?\d{1,2}:\d{2}:\d{2}[,.]\d{1,3}\s*\S{1,4}\s*-?\d{1,2}:\d{2}:\d{2}[,.]\d{1,3}")
_INDEX = re.compile(r"^\s*\d+\s*$")
_TAGS = re.compile(r"</?(?:i|b|u|s|font)(?:\s[^>]*)?>|\{\\[^}]*\}", re.IGNORECASE)


def _time(value: str, t: Transcript, line: int, col: int, lenient: bool) -> int | None:
    ms = parse_time(value)
    if ms is not None and ms < 0:
        if lenient:
            t.warning(line, col, "negative-time", f"negative time {value}; taken as {format_time(0)} (--lenient)")
        else:
            t.error(line, col, "negative-time", f"negative time {value}",
                    hint="fix the time, or use --lenient to import it as 00:00:00.000")
        return 0
    return ms


def read_srt(text: str, path: str, is_name: NameTest | None = None, *, lenient: bool = False) -> Transcript:
    """Cues of an SRT file (text already decoded, `\\n` line ends); `is_name` knows declared names.

    A negative time is an error, with `lenient` a warning (taken as 0).
    """
    t = Transcript(path=path, format="srt")
    lines = text.split("\n")
    timings = [i for i, line in enumerate(lines) if "-->" in line or _LOOSE_TIMING.match(line)]
    if not timings:
        t.error(1, 1, "srt-no-cues", "no cue timing lines (00:00:01,000 --> 00:00:04,000) found")
        return t
    stray = [i for i in range(timings[0]) if lines[i].strip() and not _INDEX.match(lines[i])]
    if stray:
        t.error(stray[0] + 1, 1, "srt-stray-text", "text before the first cue")
    for n, at in enumerate(timings):
        stop = timings[n + 1] if n + 1 < len(timings) else len(lines)
        if n + 1 < len(timings) and stop - 1 > at and _INDEX.match(lines[stop - 1]):
            stop -= 1  # the next cue's number
        m = _TIMING.match(lines[at])
        begin = end = None
        if m:
            begin = _time(m.group("start"), t, at + 1, m.start("start") + 1, lenient)
            end = _time(m.group("end"), t, at + 1, m.start("end") + 1, lenient)
        if begin is None or end is None:
            t.error(at + 1, 1, "srt-timing", f"cannot read the cue timing {lines[at].strip()!r}",
                    hint="SRT times are written 00:01:02,500 --> 00:01:04,000")
            continue
        if not _cue(lines, at + 1, stop, begin, end, t, is_name):
            break
    return t


def _cue(lines: list[str], first: int, stop: int, begin: int, end: int, t: Transcript,
         is_name: NameTest | None) -> bool:
    """Cues of one timing block, one per speaker label inside it; False when there are too many."""
    parts: list[tuple[int, str | None, int, str, list[str]]] = []  # line, speaker, col, label, texts
    for i in range(first, stop):
        line = _TAGS.sub("", lines[i])
        if not line.strip():
            continue
        label = find_label(line) if not is_filler(clean(line)) else None
        previous = " ".join(parts[-1][4]) if parts else (t.cues[-1].text if t.cues else "")
        if label is not None and plausible(label, previous, is_name):
            parts.append((i + 1, label.name, label.col, label.raw, [label.rest]))
        elif parts:
            parts[-1][4].append(line)
        else:
            parts.append((i + 1, None, 0, "", [line]))
    for line_no, speaker, col, raw, texts in parts:
        text = clean(" ".join(texts))
        if not text and speaker is None:
            continue
        shown = tuple(s for s in (clean(x) for x in texts) if s)
        cue = Cue(text=text, line=first, start=begin, end=end, speaker=speaker,
                  speaker_line=line_no if speaker else 0, speaker_col=col, label=raw,
                  filler=is_filler(text), lines=shown)
        if not t.add(cue):
            return False
    return True
