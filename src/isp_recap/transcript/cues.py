"""What every transcript reader produces: cues (a stretch of speech with its time and speaker label)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from typing import Literal

from ..diagnostics import Diagnostic

Format = Literal["webvtt", "srt", "text", "docx", "whisper"]

#: Largest transcript file read (bytes).
MAX_FILE_BYTES = 20 * 1024 * 1024
#: Most cues one file may hold (a two-hour video has about 2,000).
MAX_CUES = 200_000
#: Largest timestamp a turn can carry (the `at` field has two hour digits).
MAX_MS = 100 * 3600 * 1000 - 1

_FILLER = re.compile(r"^(?:\s*(?:\[[^\[\]]{0,80}\]|\([^()]{0,80}\)|[♪♫]+[^♪♫]{0,200}?[♪♫]*))+\s*$")
_SPACE = re.compile(r"\s+")
_SENTENCE_END = re.compile(r"[.!?…။](?:[\"'”’)\]]*)$")
_TIME = re.compile(r"^(?:(\d+):)?([0-5]?\d):([0-5]?\d)(?:[.,](\d{1,3}))?$")


@dataclass(frozen=True)
class Cue:
    """A stretch of text from a transcript.

    `text` is plain text with whitespace collapsed (no markup). `speaker` is the name as the file
    writes it in this cue (`None`: the cue does not name one, and the previous speaker continues).
    `label` is the raw label text (`"NAN LWIN: "`), so that a label which turns out not to be a
    speaker can be put back. `line`/`col` are 1-based (for DOCX, `line` is the paragraph number).
    `start`/`end` are milliseconds, `None` in transcripts without times. `paragraph` marks a cue that
    is a whole paragraph of its source (plain text, DOCX): it is never merged with its neighbours.
    """

    text: str
    line: int
    col: int = 1
    start: int | None = None
    end: int | None = None
    speaker: str | None = None
    speaker_line: int = 0
    speaker_col: int = 0
    label: str = ""
    filler: bool = False
    paragraph: bool = False
    words: tuple[tuple[str, int], ...] = ()  # (word, ms of its first appearance), where the file says
    lines: tuple[str, ...] = ()  # the cue's text lines (plain), for the rolling-caption merge


@dataclass
class Transcript:
    """One file read: its cues in file order and what the reader noticed."""

    path: str
    format: Format
    cues: list[Cue] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    unit: Literal["line", "paragraph"] = "line"

    @property
    def timed(self) -> bool:
        """True when the cues carry times (subtitles)."""
        return any(c.start is not None for c in self.cues)

    def error(self, line: int, col: int, code: str, message: str, hint: str | None = None) -> None:
        """Record an error at a position of this file."""
        self.diagnostics.append(Diagnostic(self.path, line, col, code, message, "error", hint))

    def warning(self, line: int, col: int, code: str, message: str, hint: str | None = None) -> None:
        """Record a warning at a position of this file."""
        self.diagnostics.append(Diagnostic(self.path, line, col, code, message, "warning", hint))

    def add(self, cue: Cue) -> bool:
        """Append a cue; False (and one error) once the file would hold more than `MAX_CUES`."""
        if len(self.cues) >= MAX_CUES:
            if not any(d.code == "too-many-cues" for d in self.diagnostics):
                self.error(cue.line, 1, "too-many-cues", f"the file has more than {MAX_CUES:,} cues")
            return False
        self.cues.append(cue)
        return True


def clean(text: str) -> str:
    """Whitespace collapsed to single spaces, ends trimmed."""
    return _SPACE.sub(" ", text).strip()


def ends_sentence(text: str) -> bool:
    """True when the text ends a sentence (`.`, `?`, `!`, `…`, Burmese `။`, maybe before a quote)."""
    return bool(_SENTENCE_END.search(text.rstrip()))


def is_filler(text: str) -> bool:
    """True for a cue that only describes sound: `[music]`, `(applause)`, `♪ ... ♪`."""
    return bool(text) and bool(_FILLER.match(text))


def parse_time(value: str) -> int | None:
    """Milliseconds of `HH:MM:SS.mmm`, `MM:SS.mmm` or `H:MM:SS,mmm` (SRT); None if malformed.

    A leading minus is accepted and returns a negative number (callers report and clamp it).
    """
    value = value.strip()
    sign = -1 if value.startswith("-") else 1
    m = _TIME.match(value.lstrip("-"))
    if not m:
        return None
    hours, minutes, seconds, frac = m.groups()
    ms = int((frac or "0").ljust(3, "0"))
    total = ((int(hours or 0) * 60 + int(minutes)) * 60 + int(seconds)) * 1000 + ms
    return sign * total


def format_time(ms: int) -> str:
    """`HH:MM:SS.mmm`, the form of a turn's `at`."""
    ms = max(0, min(ms, MAX_MS))
    seconds, millis = divmod(ms, 1000)
    minutes, secs = divmod(seconds, 60)
    hours, mins = divmod(minutes, 60)
    return f"{hours:02d}:{mins:02d}:{secs:02d}.{millis:03d}"


def order_cues(transcript: Transcript, lenient: bool = False) -> list[Cue]:
    """The cues of a timed transcript in time order, with timing problems reported.

    A cue that ends before it starts, or starts after the latest time a turn can carry, is an error
    (issue 13: such a file is broken, and importing it would put turns at times nobody can find);
    with `lenient` it is a warning and the import goes on (its end taken as its start, its start as
    the latest time). Cues that start before the previous one are moved into time order; a cue
    repeating the text of the cue it overlaps is dropped; other overlaps are only reported.
    """
    cues: list[Cue] = []
    report = transcript.warning if lenient else transcript.error
    hint = None if lenient else "fix the times, or use --lenient to import anyway"
    reported = 0
    for cue in transcript.cues:
        if cue.start is not None and cue.start > MAX_MS and reported < 20:
            # `at:` has two digits of hours; say so rather than silently write 99:59:59.999.
            reported += 1
            report(cue.line, 1, "time-too-large",
                   f"the cue starts after {format_time(MAX_MS)}, the latest time a turn can have"
                   + (f"; taken as {format_time(MAX_MS)}" if lenient else ""), hint)
        if cue.start is not None and cue.end is not None and cue.end < cue.start:
            if reported < 20:
                reported += 1
                report(cue.line, 1, "cue-ends-before-start",
                       f"the cue ends ({format_time(cue.end)}) before it starts ({format_time(cue.start)})"
                       + ("; its end is taken as its start" if lenient else ""), hint)
            cue = replace(cue, end=cue.start)
        cues.append(cue)
    if reported >= 20:
        report(0, 0, "cue-timing", "more cues have broken times than are listed here", hint)
    if not transcript.timed:
        return cues
    out_of_order = 0
    latest = -1
    for cue in cues:
        if cue.start is None:
            continue
        if cue.start < latest:
            out_of_order += 1
            if out_of_order <= 20:
                transcript.warning(cue.line, 1, "cue-out-of-order",
                                   f"the cue starts at {format_time(cue.start)}, before a cue above it "
                                   f"({format_time(latest)}); cues are put in time order")
        latest = max(latest, cue.start)
    if out_of_order > 20:
        transcript.warning(0, 0, "cue-out-of-order", f"{out_of_order} cues in all are out of time order")
    if out_of_order:
        # A cue without a time stays after the timed cue before it; sub-cues of one cue share its
        # start, and the stable sort keeps them in file order.
        keys, last = [], -1
        for cue in cues:
            last = last if cue.start is None else cue.start
            keys.append(last)
        cues = [cue for _, _, cue in sorted(zip(keys, range(len(cues)), cues, strict=True))]
    kept: list[Cue] = []
    overlaps = 0
    for cue in cues:
        prev = kept[-1] if kept else None
        if (prev is not None and prev.start is not None and cue.start is not None and prev.end is not None
                and cue.start < prev.end and cue.line != prev.line):
            if cue.text == prev.text and cue.speaker in (None, prev.speaker):
                transcript.warning(cue.line, 1, "duplicate-cue",
                                   f"the cue repeats the text of the overlapping cue at line {prev.line}; "
                                   "it is left out")
                continue
            overlaps += 1
            if overlaps <= 20:
                transcript.warning(cue.line, 1, "cue-overlap",
                                   f"the cue starts at {format_time(cue.start)}, before the cue at line "
                                   f"{prev.line} ends ({format_time(prev.end)})")
        kept.append(cue)
    if overlaps > 20:
        transcript.warning(0, 0, "cue-overlap", f"{overlaps} cues in all overlap the cue before them")
    return kept
