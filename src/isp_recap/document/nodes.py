"""The format-neutral document: what the memo says, in order, already translated and formatted.

Every piece of reader-visible text is a `Segment`: one `Span` per language of the edition (one for
the English or Burmese edition, two for the bilingual one, aligned). Writers decide only how
blocks look; they never pick a label, format a date or find a Burmese line break.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

Language = Literal["en", "my"]
Edition = Literal["en", "my", "bilingual"]


@dataclass(frozen=True)
class Run:
    """A stretch of text with one formatting. `breaks` are line-break opportunities (offsets)."""

    text: str
    strong: bool = False
    emphasis: bool = False
    href: str | None = None
    breaks: tuple[int, ...] = ()


@dataclass(frozen=True)
class Span:
    """The text of a segment in one language."""

    lang: Language
    runs: tuple[Run, ...]

    @property
    def plain(self) -> str:
        """The source text without markup (what search and extraction must find)."""
        return "".join(r.text for r in self.runs)


@dataclass(frozen=True)
class Segment:
    """One unit of text in every language of the edition, aligned."""

    spans: tuple[Span, ...]

    def get(self, lang: Language) -> Span | None:
        """The span in `lang`, if the edition has that language."""
        for s in self.spans:
            if s.lang == lang:
                return s
        return None

    @property
    def plain(self) -> str:
        """All spans' plain text, joined by a newline."""
        return "\n".join(s.plain for s in self.spans)


@dataclass(frozen=True)
class Cover:
    """The title block: series and episode, title, subtitle, date, audience, notices."""

    series: Segment
    title: Segment
    subtitle: Segment | None
    date: Segment
    facts: tuple[Segment, ...] = ()
    notice: Segment | None = None


@dataclass(frozen=True)
class Heading:
    """A heading; level 1 starts a part of the memo, level 2 is a section label."""

    level: int
    text: Segment
    kind: str = "part"


@dataclass(frozen=True)
class Paragraph:
    """A paragraph of running text. `style`: body, lead, small or note."""

    text: Segment
    style: str = "body"


@dataclass(frozen=True)
class Speaker:
    """Who speaks: name, role label, and position and department."""

    id: str
    name: Segment
    role: Segment
    details: tuple[Segment, ...] = ()


@dataclass(frozen=True)
class TurnBlock:
    """A speaker's turn: the speaker (absent for a written answer) and what they said."""

    speaker: Speaker | None
    paragraphs: tuple[Segment, ...]
    at: str | None = None
    label: Segment | None = None


@dataclass(frozen=True)
class Figure:
    """An image inside a data card; `path` is resolved and confined to the event folder."""

    path: Path
    alt: Segment | None = None


@dataclass(frozen=True)
class DataCardBlock:
    """A boxed data card."""

    id: str
    series: str
    kicker: Segment
    title: Segment
    body: tuple[Segment, ...]
    figure: Figure | None = None
    note: Segment | None = None


@dataclass(frozen=True)
class QuestionBlock:
    """A question from the audience (its source as a label) and the answers to it."""

    id: str
    label: Segment
    text: Segment
    answers: tuple[TurnBlock, ...]


@dataclass(frozen=True)
class Contact:
    """The organisation's contact block (back page)."""

    name: Segment
    lines: tuple[Segment, ...]
    links: tuple[str | None, ...] = ()


Block = Cover | Heading | Paragraph | TurnBlock | DataCardBlock | QuestionBlock | Contact


@dataclass(frozen=True)
class Document:
    """A whole edition of the memo."""

    edition: Edition
    languages: tuple[Language, ...]
    title: str
    author: str
    subject: str
    keywords: tuple[str, ...]
    running_header: Segment
    page_label: dict[Language, str]
    blocks: tuple[Block, ...]
    draft: bool = False
    base_dir: Path | None = None
    date: str = ""
    labels: dict[str, Segment] = field(default_factory=dict)
    #: ISO 8601 date of the edition (publication month, else the event day) for file metadata.
    created: str = ""

    @property
    def lang(self) -> str:
        """The document's main language (BCP 47): `my` for Burmese, `en` otherwise."""
        return "my" if self.edition == "my" else "en"


def iter_segments(doc: Document) -> list[Segment]:
    """Every segment of the document in reading order (used to compare writers' outputs)."""
    out: list[Segment] = []
    for block in doc.blocks:
        if isinstance(block, Cover):
            out += [block.series, block.title]
            out += [block.subtitle] if block.subtitle else []
            out += [block.date, *block.facts]
            out += [block.notice] if block.notice else []
        elif isinstance(block, (Heading, Paragraph)):
            out.append(block.text)
        elif isinstance(block, TurnBlock):
            out += _turn_segments(block)
        elif isinstance(block, DataCardBlock):
            out += [block.kicker, block.title, *block.body]
            out += [block.figure.alt] if block.figure and block.figure.alt else []
            out += [block.note] if block.note else []
        elif isinstance(block, QuestionBlock):
            out += [block.label, block.text]
            for answer in block.answers:
                out += _turn_segments(answer)
        elif isinstance(block, Contact):
            out += [block.name, *block.lines]
    return out


def _turn_segments(turn: TurnBlock) -> list[Segment]:
    out: list[Segment] = []
    if turn.speaker:
        out += [turn.speaker.name, *turn.speaker.details, turn.speaker.role]
    elif turn.label:
        out.append(turn.label)
    return out + list(turn.paragraphs)
