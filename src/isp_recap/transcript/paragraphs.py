"""Turns and paragraphs from attributed cues.

Consecutive cues of one speaker make a turn, which starts at its first cue's time. Within a turn,
cues are joined into a paragraph; a new paragraph starts only after a sentence end, and then only at
a long pause, a topic marker ("First,", "On the other hand") or when the paragraph is long. Cues that
are whole paragraphs of their source (plain text, DOCX) stay paragraphs. Filler cues (`[music]`)
are dropped unless kept on request.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Literal

from .cues import ends_sentence
from .speakers import Attributed

DEFAULT_TOPIC_MARKERS: tuple[str, ...] = (
    "First,", "Firstly,", "Second,", "Secondly,", "Third,", "Thirdly,", "Finally,", "Next,",
    "Another issue", "Another concern", "On the other hand", "To sum up", "In conclusion",
    "Moving on", "Let's move on", "The second point", "The third point", "Regarding",
)
#: A paragraph is never made longer than this many characters, even mid-sentence.
HARD_LIMIT = 10_000
#: Paragraphs per turn (the model allows 500); a longer turn continues in a new turn.
MAX_PARAGRAPHS = 400



@dataclass(frozen=True)
class Options:
    """How cues are grouped."""

    pause_ms: int = 2000
    max_chars: int = 1200
    keep_fillers: bool = False
    topic_markers: tuple[str, ...] = DEFAULT_TOPIC_MARKERS


@dataclass
class Paragraph:
    """A paragraph of a turn: its pieces (in the turn's language), the cues they came from, and
    Burmese if aligned to an English paragraph."""

    pieces: list[str] = field(default_factory=list)
    cues: list[int] = field(default_factory=list)  # indices into the attributed cues
    my: str | None = None

    @property
    def text(self) -> str:
        """The text, in the language of its turn."""
        return " ".join(self.pieces)

    @property
    def en(self) -> str:
        """The text of a paragraph of an English turn."""
        return self.text


@dataclass
class ImportedTurn:
    """A turn to add to the event: speaker id, start time (ms) and paragraphs.

    `language` is the language of the paragraphs' text: `en`, or `my` for a Burmese-only transcript.
    """

    speaker: str
    at: int | None
    paragraphs: list[Paragraph]
    line: int = 0  # where it starts in the transcript
    language: Literal["en", "my"] = "en"


def starts_topic(text: str, markers: tuple[str, ...]) -> bool:
    """True when the text opens with one of the topic markers."""
    return any(text.startswith(m) and (len(text) == len(m) or not text[len(m)].isalnum()) for m in markers)


def group(cues: list[Attributed], options: Options | None = None) -> tuple[list[ImportedTurn], int]:
    """Turns made from attributed cues, and the number of filler cues dropped."""
    options = options or Options()
    turns: list[ImportedTurn] = []
    dropped = 0
    prev: Attributed | None = None
    for index, item in enumerate(cues):
        cue = item.cue
        if cue.filler and not options.keep_fillers:
            dropped += 1
            continue
        for n, text in enumerate(_chunks(cue.text)):
            turn = turns[-1] if turns else None
            if turn is None or item.speaker != turn.speaker or len(turn.paragraphs) >= MAX_PARAGRAPHS:
                turns.append(ImportedTurn(item.speaker, cue.start, [Paragraph([text], [index])], cue.line))
            elif n > 0 or _breaks(prev, item, turn.paragraphs[-1], options):
                turn.paragraphs.append(Paragraph([text], [index]))
            else:
                turn.paragraphs[-1].pieces.append(text)
                turn.paragraphs[-1].cues.append(index)
        prev = item
    return turns, dropped


def _chunks(text: str) -> list[str]:
    """A text longer than `HARD_LIMIT` cut at sentence ends (or spaces) into pieces that fit."""
    if len(text) <= HARD_LIMIT:
        return [text]
    pieces: list[str] = []
    while len(text) > HARD_LIMIT:
        window = text[:HARD_LIMIT]
        cut = max((m.end() for m in re.finditer(r"[.!?…။][\"'”’)\]]*\s", window)), default=0)
        cut = cut or window.rfind(" ") + 1 or HARD_LIMIT
        pieces.append(text[:cut].strip())
        text = text[cut:].strip()
    return [*pieces, text] if text else pieces


def _breaks(prev: Attributed | None, item: Attributed, para: Paragraph, options: Options) -> bool:
    cue = item.cue
    length = sum(len(p) + 1 for p in para.pieces)
    if cue.paragraph or (prev is not None and prev.cue.paragraph):
        return True
    if length + len(cue.text) > HARD_LIMIT:
        return True
    if not ends_sentence(para.pieces[-1]):
        return False
    pause = (cue.start - prev.cue.end
             if prev is not None and cue.start is not None and prev.cue.end is not None else 0)
    return (pause >= options.pause_ms or starts_topic(cue.text, options.topic_markers)
            or length >= options.max_chars)
