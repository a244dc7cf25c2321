"""Typed transcripts: `Name: text` blocks, or a speaker heading followed by paragraphs.

Blank lines separate paragraphs; lines of one paragraph are joined. A line starting with a label
(`Name: text`, `**Name:** text`, `[00:12:31] Name: text`) starts a new speaker. A line that is only a
name starts a new speaker when its form says so (`Name:`, `**Name**`, `Name  0:05`; `# Name` only when
no people are declared) or when `is_name` knows the name (a declared person or alias). Otherwise the
speaker continues.
"""

from __future__ import annotations

from .cues import Cue, Transcript, clean, is_filler
from .labels import NameTest, explicit_heading, find_heading, find_label, leading_time, plausible


def _never(_name: str) -> bool:
    return False


class _Builder:
    """Collects the lines of a paragraph and emits it as a cue."""

    def __init__(self, t: Transcript) -> None:
        self.t = t
        self.lines: list[str] = []
        self.line = 0
        self.start: int | None = None
        self.speaker: str | None = None
        self.speaker_at = (0, 0)
        self.label = ""
        self.full = False

    def open(self, line: int, start: int | None = None, speaker: str | None = None,
             at: tuple[int, int] = (0, 0), label: str = "") -> None:
        self.close()
        self.line, self.start, self.speaker, self.speaker_at, self.label = line, start, speaker, at, label

    def close(self) -> None:
        text = clean(" ".join(self.lines))
        if (text or self.speaker) and not self.full:
            cue = Cue(text=text, line=self.line, start=self.start, speaker=self.speaker,
                      speaker_line=self.speaker_at[0], speaker_col=self.speaker_at[1], label=self.label,
                      filler=is_filler(text), paragraph=True)
            self.full = not self.t.add(cue)
        self.lines, self.line, self.start, self.speaker, self.label = [], 0, None, None, ""


def read_text(text: str, path: str, is_name: NameTest | None = None) -> Transcript:
    """Cues (one per paragraph) of a plain-text transcript (text decoded, `\\n` line ends)."""
    people_known = is_name is not None
    is_name = is_name or _never
    t = Transcript(path=path, format="text")
    b = _Builder(t)
    for i, raw in enumerate(text.split("\n")):
        line_no = i + 1
        if not raw.strip():
            b.close()
            continue
        label = find_label(raw)
        if label is not None and not plausible(label, b.lines[-1] if b.lines else "", is_name):
            label = None
        heading = find_heading(raw) if label is None or not label.rest else None
        # With declared people, a `# Heading` that names no one is more likely a section title: text.
        marked = explicit_heading(raw) and not (people_known and raw.lstrip().startswith("#"))
        if heading is not None and (marked or heading[1] is not None or is_name(heading[0])):
            name, start = heading
            col = raw.index(name.split()[0]) + 1 if name.split()[0] in raw else 1
            b.open(line_no, start, name, (line_no, col), raw.strip() + " ")
            b.close()  # a heading alone: the speaker of what follows
            continue
        if label is not None:
            b.open(line_no, label.time, label.name, (line_no, label.col), label.raw)
            if label.rest:
                b.lines.append(label.rest)
            continue
        if not b.lines:
            start, rest = leading_time(raw)
            b.open(line_no, start)
            b.lines.append(rest)
        else:
            b.lines.append(raw)
    b.close()
    return t
