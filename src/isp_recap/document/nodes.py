"""The format-neutral document: what the memo says, in order, already translated and formatted.

Every piece of reader-visible text is a `Segment`: one `Span` per language of the edition (one for
the English or Burmese edition, two for the bilingual one, aligned). Writers decide only how
blocks look; they never pick a label, format a date, find a Burmese line break, test which script a
character is in, compare the languages of a segment or read a file: the builder has done all of it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal, Protocol

from ..myanmar.script import Script
from .theme import DocumentTheme

#: A language of the memo: English (`en`) or Burmese (`my`).
Language = Literal["en", "my"]
#: An edition of the memo: English, Burmese, or both side by side (`bilingual`).
Edition = Literal["en", "my", "bilingual"]
#: How large the cover sets its title and subtitle: `display` as designed; `long` and `longer` smaller
#: steps, so that a long title still fits the cover's band on one page (the builder decides).
CoverSize = Literal["display", "long", "longer"]


@dataclass(frozen=True)
class Run:
    """A stretch of text with one formatting, in one script.

    `breaks` are line-break opportunities (offsets into `text`; 0 is one just before the run, where
    a run of the same formatting in the other script ends). `script` says which font draws it:
    `Mymr` for Myanmar script, `Latn` for everything else (Noto Sans Myanmar has no Latin letters,
    digits or common punctuation). `href` is only ever a link a memo may have (see `links`).

    `glue` are offsets right after a written space where the line must not break (a protected
    Burmese span such as `၁၆ နာရီ`); `nohyphen` are `(start, end)` ranges never hyphenated
    (capitalised English words: names). All are decided by the builder.
    """

    text: str
    strong: bool = False
    emphasis: bool = False
    href: str | None = None
    breaks: tuple[int, ...] = ()
    script: Script = "Latn"
    glue: tuple[int, ...] = ()
    nohyphen: tuple[tuple[int, int], ...] = ()


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
    """One unit of text in every language of the edition, aligned.

    `same` is True when every language has the very same text (an e-mail address, a name written
    alike in both): a bilingual writer prints it once, across both columns.
    """

    spans: tuple[Span, ...]
    same: bool = False

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
    """The title block: series and episode, title, subtitle, date, facts (the summary, when the cover
    holds it at some size, and the publication date) and the draft notice."""

    series: Segment
    title: Segment
    subtitle: Segment | None
    date: Segment
    facts: tuple[Segment, ...] = ()
    notice: Segment | None = None
    #: The type size of title and subtitle, from how much text they hold (see `CoverSize`).
    size: CoverSize = "display"


@dataclass(frozen=True)
class Heading:
    """A heading; level 1 starts a part of the memo, level 2 is a section label.

    `size` is the type size step of the event heading (the title and subtitle again, where the
    recap starts), the one the builder chose for the cover from the same texts: a title long enough
    to need a smaller cover would fill half a page at the heading's full size.
    """

    level: int
    text: Segment
    kind: str = "part"
    size: CoverSize = "display"


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
    """An image inside a data card, already read, bounded and decoded by the builder.

    `data` is a complete PNG or JPEG (`mime`) of `width` x `height` pixels; `name` is its path
    relative to the event folder as a clean POSIX path (it names the picture in a DOCX and its URL
    in the print HTML). Writers embed `data` as it is; they never open a file.

    `lang` is None for a picture every language of the edition shares (its `alt` then has a span per
    language); a picture drawn for one language (`image: {en: ..., my: ...}` in the bilingual
    edition) names that language, and its `alt` has that language's span only.
    """

    data: bytes
    mime: str
    width: int
    height: int
    name: str
    alt: Segment | None = None
    lang: Language | None = None

    @property
    def alt_text(self) -> str:
        """The alt text of the picture: every language of the edition, joined by a slash."""
        return " / ".join(s.plain for s in self.alt.spans) if self.alt else ""


class ChartDrawing(Protocol):
    """A chart drawn when first asked for, the same bytes on every access (`charts.draw.DrawnChart`)."""

    @property
    def width_mm(self) -> float:
        """The chart's width on the page, in millimetres."""

    @property
    def height_mm(self) -> float:
        """The chart's height on the page, in millimetres."""

    @property
    def svg(self) -> bytes:
        """The chart as SVG (text as outlines)."""

    @property
    def png(self) -> bytes:
        """The chart as a 300 dpi PNG."""

    def drawn(self, fmt: str) -> bytes:
        """The chart as `fmt` (`"svg"` or `"png"`)."""

    def is_drawn(self, fmt: str) -> bool:
        """Whether `fmt` (`"svg"` or `"png"`) has been drawn (or adopted) in this process."""

    def adopt(self, fmt: str, data: bytes) -> None:
        """Take `data` as the chart drawn as `fmt` by another process, so that it is not drawn here."""

    def recipe(self) -> dict[str, Any]:
        """What another process needs to draw the same chart, as JSON data (`parallel.py`)."""


@dataclass(frozen=True)
class ChartFigure:
    """A chart the builder made for one language: SVG for HTML and PDF, PNG at 300 dpi for DOCX,
    each drawn when a writer first asks for it (the DOCX needs only the PNG, HTML and PDF only the
    SVG).

    `words` is every text drawn in the chart (the SVG draws them as outlines): writers lay them
    over the chart as invisible text so that the chart's words extract and search. Two equal
    drawings (the same data, size and colours) draw the same bytes.
    """

    lang: Language
    drawing: ChartDrawing
    alt: str
    words: tuple[str, ...]

    @property
    def width_mm(self) -> float:
        """The chart's width on the page, in millimetres (its drawing's)."""
        return self.drawing.width_mm

    @property
    def height_mm(self) -> float:
        """The chart's height on the page, in millimetres (its drawing's)."""
        return self.drawing.height_mm

    @property
    def svg(self) -> bytes:
        """The chart as SVG, drawn on first use."""
        return self.drawing.svg

    @property
    def png(self) -> bytes:
        """The chart as a 300 dpi PNG, drawn on first use."""
        return self.drawing.png


@dataclass(frozen=True)
class StatCallout:
    """A big number of a data card ("USD 3.6 billion") with its caption."""

    number: Segment
    caption: Segment


@dataclass(frozen=True)
class DataCardBlock:
    """A boxed data card; `as_of` says how recent its figures are ("Data as of April 2025")."""

    id: str
    series: str
    kicker: Segment
    title: Segment
    body: tuple[Segment, ...]
    figure: Figure | None = None
    note: Segment | None = None
    #: Pictures drawn per language, one per language of the bilingual edition in its language order
    #: (each reader's column shows its own); `figure` is then None. Empty when one picture serves all.
    language_figures: tuple[Figure, ...] = ()
    #: Stat figures, shown as a row of callouts after the body.
    stats: tuple[StatCallout, ...] = ()
    #: The card's chart, one per language of the edition (in the edition's language order).
    charts: tuple[ChartFigure, ...] = ()
    chart_source: Segment | None = None
    as_of: Segment | None = None
    #: "Draft translation, not yet reviewed", when some of this card's Burmese is a draft. The memo
    #: says it once for the edition (cover notice, running footer); a share image, which travels
    #: alone, prints it on the card.
    draft_mark: Segment | None = None

    @property
    def pictures(self) -> tuple[Figure, ...]:
        """Every picture of the card: the shared one, or one per language."""
        return (self.figure,) if self.figure else self.language_figures


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
#: Every kind of block, for the writers' dispatch tables (a test checks each writer handles them all).
BLOCK_TYPES: tuple[type, ...] = (Cover, Heading, Paragraph, TurnBlock, DataCardBlock, QuestionBlock, Contact)


@dataclass(frozen=True)
class PageNumber:
    """Where a page label shows a number: of this page (`page`) or of all pages (`pages`)."""

    which: Literal["page", "pages"]


#: A page label ("Page 3 of 20"): text runs and the numbers between them.
PageLabel = tuple[Run | PageNumber, ...]


@dataclass(frozen=True)
class Document:
    """A whole edition of the memo."""

    #: Which edition this is: `en`, `my` or `bilingual`.
    edition: Edition
    #: The languages it prints, in order: one, or `("en", "my")` for the bilingual edition.
    languages: tuple[Language, ...]
    #: Title and subtitle as plain text in the main language (Burmese for `my`), for file metadata.
    title: str
    #: The publication's author, else the organisation, in the main language (file metadata).
    author: str
    #: The event's series in the main language (file metadata).
    subject: str
    #: Series and organisation in the main language (file metadata).
    keywords: tuple[str, ...]
    #: The page header: series and title, shortened to fit a line, in each language.
    running_header: Segment
    #: The page label of each language ("Page 3 of 20"), its numbers left to the writer.
    page_label: dict[Language, PageLabel]
    #: The memo in reading order: cover, headings, turns, data cards, questions, contact page.
    blocks: tuple[Block, ...]
    #: True when some Burmese it prints is a draft translation (the edition then says so).
    draft: bool = False
    #: ISO 8601 date of the edition (publication month, else the event day) for file metadata.
    created: str = ""
    #: An organisation's theme as this edition uses it (None: the package's own look).
    theme: DocumentTheme | None = None

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
            out += [seg for stat in block.stats for seg in (stat.number, stat.caption)]
            out += [block.chart_source] if block.chart_source else []
            out += [f.alt for f in block.pictures if f.alt]
            out += [block.as_of] if block.as_of else []
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
