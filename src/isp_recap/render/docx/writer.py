"""DOCX writer: walks a Document with python-docx, starting from a reference .docx.

The reference (the shipped ``reference.docx``, or an organisation's own, as Pandoc's
``--reference-doc``) gives the page setup and the styles; its body, comments and metadata are
dropped and its header and footer text is replaced by the memo's running header and page label.
Styles the writer needs but the reference lacks are copied from the shipped reference.

Every run carries explicit fonts, complex-script size and weight, and languages (DESIGN §3): a
Burmese run must not depend on what the reader's Word or the reference's theme would pick. Which
runs are Burmese the Document says (`Run.script`); blocks reach their method through `BLOCKS`.
"""

from __future__ import annotations

import copy
import datetime as dt
import io
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path, PurePosixPath
from typing import Any

import docx
from docx.document import Document as DocxDocument
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.shared import Emu
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph as DocxParagraph
from lxml import etree  # type: ignore[import-untyped]  # no stubs installed; python-docx is built on it

from ...document.nodes import (
    Block,
    ChartFigure,
    Contact,
    Cover,
    DataCardBlock,
    Document,
    Figure,
    Heading,
    Language,
    PageLabel,
    PageNumber,
    Paragraph,
    QuestionBlock,
    Segment,
    Span,
    StatCallout,
    TurnBlock,
)
from ...links import safe_link
from ...resources import render_data
from ..fonts import FONTS
from . import oxml as x
from . import package as opc
from .embed import embed_fonts
from .reference import ACCENT, CARD_FILL, reference_parts
from .theme import add_logo, apply_theme

# Semantic names the writer uses -> style names (Word's internal names for built-in styles).
STYLE_NAMES = {
    "body": "Normal", "title": "Title", "subtitle": "Subtitle", "h1": "heading 1", "h2": "heading 2",
    "quote": "Quote", "caption": "caption", "header": "header", "footer": "footer",
    "cover-series": "Cover Series", "cover-date": "Cover Date", "cover-fact": "Cover Fact", "notice": "Notice",
    "lead": "Lead", "small": "Small", "note": "Note",
    "speaker": "Speaker", "speaker-details": "Speaker Details", "speaker-role": "Speaker Role",
    "card-kicker": "Card Kicker", "card-title": "Card Title", "card-body": "Card Body", "card-note": "Card Note",
    "question-label": "Question Label", "question": "Question", "answer-label": "Answer Label",
    "contact-name": "Contact Name", "contact": "Contact", "spacer": "Spacer", "hyperlink": "Hyperlink",
}
PARAGRAPH_STYLES = {"body": "body", "lead": "lead", "small": "small", "note": "note"}

CARD_BAR = (ACCENT, 24)  # colour, eighths of a point
COLUMN_RULE = ("C9D3DD", 4)
ENGLISH_SHARE = 0.42
CARD_PADDING = 227  # twips inside a data card's box (one-language editions)
CARD_ROW_PADDING = 170  # twips inside a data card's rows (bilingual edition)
# LibreOffice pushed a picture exactly as wide as its cell's content box past the right edge.
FIGURE_SLACK = 200
COLUMNS: tuple[Language, Language] = ("en", "my")  # bilingual edition: English left, Burmese right
#: The method of `_Writer` that writes each kind of block.
BLOCKS: dict[type, str] = {
    Cover: "cover", Heading: "heading", Paragraph: "paragraph", TurnBlock: "turn", DataCardBlock: "data_card",
    QuestionBlock: "question", Contact: "contact",
}

#: The cover's (title, subtitle) type sizes for each `Cover.size` the builder chose, as shares of the
#: Title and Subtitle styles' sizes: the steps of the print stylesheets (titles: English 34/25/19 pt,
#: Burmese 25/19/14 pt; subtitles 15/12/10.5 pt). Word and LibreOffice keep a title's lines together
#: and move it whole to the next page when it does not fit, leaving the cover page empty.
COVER_SCALE = {"display": (1.0, 1.0), "long": (0.75, 0.8), "longer": (0.56, 0.7)}
#: The event heading's type size for each `Heading.size`, as a share of Heading 1's (print: English
#: 19/15/12.5 pt, Burmese 17/14/12 pt).
HEADING_SCALE = {"display": 1.0, "long": 0.8, "longer": 0.66}
#: Half-points of the Title, Subtitle and Heading 1 styles when a reference document gives them no
#: size (the shipped one's).
TITLE_HALF_POINTS, SUBTITLE_HALF_POINTS, HEADING_HALF_POINTS = 52, 30, 32
MAX_IMAGE_HEIGHT = Emu(int(9.5 * 360000))  # 9.5 cm: a chart, not a poster
CORE_TEXT_LIMIT = 255  # python-docx refuses longer core properties
MAX_ALT_TEXT = 1_000  # characters of a picture's description

def render_docx(doc: Document, *, reference: Mapping[str, bytes] | None = None) -> bytes:
    """The memo as a .docx file (bytes), styled by `reference` or the shipped reference document.

    `reference` is a user's reference .docx as the input side cleaned it
    (`isp_recap.read_reference_docx(path).parts`): the writer opens no file.
    The output is reproducible: the same Document gives the same bytes.
    """
    package = open_reference(reference)
    _Writer(doc, package).write()
    if doc.theme:
        apply_theme(package, doc.theme, restyle=reference is None)  # a reference .docx's styles win
    buffer = io.BytesIO()
    package.save(buffer)
    # The fonts go inside the file: a reader without Noto Sans Myanmar would draw Burmese as boxes.
    return embed_fonts(opc.normalise_zip(buffer.getvalue()), _faces(doc))


def _faces(doc: Document) -> dict[tuple[str, bool], bytes]:
    """The faces a DOCX may embed, by (family, bold): the shipped fonts and the theme's."""
    faces = {(f.family, f.weight >= 700): render_data("fonts", f.file).read_bytes() for f in FONTS}
    for font in doc.theme.fonts if doc.theme else ():
        faces[(font.family, font.weight >= 700)] = font.data
    return faces


# -- the reference document -----------------------------------------------------------------------

def shipped_reference() -> Path:
    """The reference .docx that ships with the package."""
    return render_data("reference.docx")


_SHIPPED_PARTS: list[dict[str, bytes]] = []


def shipped_parts() -> dict[str, bytes]:
    """The parts of the shipped reference, by member name (package data under ``parts/``: trusted, read once)."""
    if not _SHIPPED_PARTS:
        _SHIPPED_PARTS.append(dict(reference_parts()))
    return _SHIPPED_PARTS[0]


def open_reference(reference: Mapping[str, bytes] | None = None) -> DocxDocument:
    """The reference's parts opened with python-docx: body emptied, every style the writer needs.

    `reference` is already cleaned (DESIGN §4) by the input side; None is the shipped reference.
    """
    package = docx.Document(opc.open_parts(reference if reference is not None else shipped_parts()))
    body = package.element.body
    for child in list(body):  # the shipped reference's sample paragraphs; the section properties stay
        if child.tag != x.w("sectPr"):
            body.remove(child)
    styles = package.styles.element
    x.clean_styles(styles)
    _merge_missing_styles(styles, _shipped_styles())
    return package


_SHIPPED_STYLES: list[etree._Element] = []


def _shipped_styles() -> etree._Element:
    if not _SHIPPED_STYLES:
        _SHIPPED_STYLES.append(etree.fromstring(shipped_parts()["word/styles.xml"]))
    return _SHIPPED_STYLES[0]


def _style_index(styles: etree._Element) -> tuple[dict[str, etree._Element], dict[str, str]]:
    """Styles by lower-cased name, and style id -> name."""
    by_name: dict[str, etree._Element] = {}
    name_of: dict[str, str] = {}
    for style in styles.findall(x.w("style")):
        name_el = style.find(x.w("name"))
        sid = style.get(x.w("styleId")) or ""
        name = name_el.get(x.w("val")) if name_el is not None else None
        if name:
            by_name.setdefault(name.lower(), style)
            name_of[sid] = name
    return by_name, name_of


def _merge_missing_styles(target: etree._Element, shipped: etree._Element) -> None:
    """Copy the writer's styles that `target` lacks from the shipped reference, by name.

    Style ids differ between Word languages (a German template's Normal is ``Standard``), so links
    between styles (basedOn, next, link) are translated through names.
    """
    have, _ = _style_index(target)
    source, shipped_names = _style_index(shipped)
    ids = {s.get(x.w("styleId")) for s in target.findall(x.w("style"))}
    added: list[etree._Element] = []
    for name in STYLE_NAMES.values():
        if name.lower() in have or name.lower() not in source:
            continue
        style = copy.deepcopy(source[name.lower()])
        sid = style.get(x.w("styleId")) or "Isp"
        while sid in ids:
            sid += "Isp"
        style.set(x.w("styleId"), sid)
        ids.add(sid)
        target.append(style)
        have[name.lower()] = style
        added.append(style)
    for style in added:
        for tag in ("basedOn", "next", "link"):
            ref = style.find(x.w(tag))
            if ref is None:
                continue
            linked_name = shipped_names.get(ref.get(x.w("val")) or "", "")
            linked = have.get(linked_name.lower())
            if linked is None:
                style.remove(ref)
            else:
                ref.set(x.w("val"), linked.get(x.w("styleId")) or "")


# -- the writer ----------------------------------------------------------------------------------

class _Writer:
    """Walks the blocks of one Document into one python-docx document."""

    def __init__(self, doc: Document, package: DocxDocument):
        self.doc = doc
        self.package = package
        self.bilingual = len(doc.languages) > 1
        by_name, _ = _style_index(package.styles.element)
        self.style_ids = {key: by_name[name.lower()].get(x.w("styleId")) or ""
                          for key, name in STYLE_NAMES.items() if name.lower() in by_name}
        section = package.sections[-1]
        self.text_width = _twips(section.page_width) - _twips(section.left_margin) - _twips(section.right_margin)
        if self.text_width <= 0:
            self.text_width = 9000
        self.container: Any = package  # the document body or the cell of a data card
        self.table: Table | None = None  # the current two-column table (bilingual edition)
        self.row_kind: str | None = None  # "card" while writing a data card's rows (bilingual)
        self.card_rows: list[Any] = []
        self.page_break = False
        self.rule = False  # a rule between the languages (body pages only, not cover or back page)
        self.heading_level = 0  # outline level (1 = heading 1) of the last heading written
        self.card_title: Segment | None = None  # the title of the data card being written

    # -- top level ---------------------------------------------------------------------------------
    def write(self) -> None:
        x.default_language(self.package.styles.element, self.locale)
        self.header_and_footer()
        for block in self.doc.blocks:
            self.block(block)
        # Word expects the body to end with a paragraph, not a table.
        self.end_with_paragraph(self.package)
        self.core_properties()

    @property
    def locale(self) -> str:
        return "my-MM" if self.doc.lang == "my" else "en-US"

    def scaled(self, style: str, default: int, scale: float) -> int | None:
        """`scale` times the type size of `style` in half-points; None (the style's own) at 1."""
        return None if scale == 1.0 else max(2, round(self.style_half_points(style, default) * scale))

    def style_half_points(self, style: str, default: int) -> int:
        """The type size (half-points) the paragraph style of `style` sets, through its `basedOn`
        chain; `default` when none of them sets one."""
        for element in self.style_chain(style):
            size = element.find(f"{x.w('rPr')}/{x.w('sz')}")
            if size is not None and (size.get(x.w("val")) or "").isdigit():
                return int(size.get(x.w("val")))
        return default

    def style_chain(self, style: str) -> Iterator[etree._Element]:
        """The `w:style` of `style`, then each style it is based on in turn (a loop ends the chain)."""
        styles = {s.get(x.w("styleId")): s for s in self.package.styles.element.findall(x.w("style"))}
        sid, seen = self.style_ids.get(style), set()
        while sid and sid in styles and sid not in seen:
            seen.add(sid)
            yield styles[sid]
            based = styles[sid].find(x.w("basedOn"))
            sid = based.get(x.w("val")) if based is not None else None

    def block(self, block: Block) -> None:
        """Write one block through `BLOCKS`; a block type without a method is an error, not a gap."""
        name = BLOCKS.get(type(block))
        if name is None:
            raise TypeError(f"no DOCX for {type(block).__name__}")
        getattr(self, name)(block)

    def cover(self, cover: Cover) -> None:
        self.rule = False
        self.logo()
        self.emit(cover.series, "cover-series")
        title_scale, subtitle_scale = COVER_SCALE[cover.size]
        self.emit(cover.title, "title", size=self.scaled("title", TITLE_HALF_POINTS, title_scale))
        if cover.subtitle:
            self.emit(cover.subtitle, "subtitle", size=self.scaled("subtitle", SUBTITLE_HALF_POINTS, subtitle_scale))
        self.emit(cover.date, "cover-date")
        for fact in cover.facts:
            self.emit(fact, "cover-fact")
        if cover.notice:
            self.emit(cover.notice, "notice")
        self.page_break = True
        self.rule = True

    def heading(self, heading: Heading) -> None:
        # The recap proper and the appendix start on a new page, as in the published memo.
        if heading.kind in ("event", "appendix"):
            self.page_break = True
        self.heading_level = 1 if heading.level <= 1 else 2
        style = "h1" if heading.level <= 1 else "h2"
        self.emit(heading.text, style, keep_next=True,
                  size=self.scaled(style, HEADING_HALF_POINTS, HEADING_SCALE[heading.size]))

    def paragraph(self, paragraph: Paragraph) -> None:
        self.emit(paragraph.text, PARAGRAPH_STYLES.get(paragraph.style, "body"))

    def turn(self, turn: TurnBlock) -> None:
        if turn.speaker:
            self.emit(turn.speaker.name, "speaker", keep_next=True)
            for detail in turn.speaker.details:
                self.emit(detail, "speaker-details", keep_next=True)
            self.emit(turn.speaker.role, "speaker-role", keep_next=True)
        elif turn.label:
            self.emit(turn.label, "answer-label", keep_next=True)
        for paragraph in turn.paragraphs:
            self.emit(paragraph, "body")

    def question(self, question: QuestionBlock) -> None:
        self.emit(question.label, "question-label", keep_next=True)
        self.emit(question.text, "question", keep_next=True)
        for answer in question.answers:
            self.turn(answer)

    def data_card(self, card: DataCardBlock) -> None:
        self.card_title = card.title
        with self.card_box():
            self.emit(card.kicker, "card-kicker", keep_next=True)
            # A card's title is a heading one level below the one before (as in HTML and PDF), in
            # the card's own style: an outline level on the paragraph, not a Heading style's look.
            self.emit(card.title, "card-title", keep_next=True, outline=min(self.heading_level + 1, 9))
            for paragraph in card.body:
                self.emit(paragraph, "card-body")
            if card.stats:
                self.stats(card.stats)
            if card.charts:
                self.charts(card.charts)
            if card.chart_source:
                self.emit(card.chart_source, "card-note")
            if card.figure:
                self.figure(card.figure)
                if card.figure.alt:
                    self.emit(card.figure.alt, "caption")
            if card.language_figures:
                self.language_figures(card.language_figures)
            if card.as_of:
                self.emit(card.as_of, "card-note")
            if card.note:
                self.emit(card.note, "card-note")

    def contact(self, contact: Contact) -> None:
        self.page_break = True
        self.rule = False
        self.logo()
        self.emit(contact.name, "contact-name", keep_next=True, outline=1)
        self.heading_level = 1
        for i, line in enumerate(contact.lines):
            link = contact.links[i] if i < len(contact.links) else None
            self.emit(line, "contact", link=link)

    # -- segments -----------------------------------------------------------------------------------
    def emit(self, segment: Segment, style: str, *, keep_next: bool = False, link: str | None = None,
             outline: int | None = None, size: int | None = None) -> None:
        """One segment: a paragraph (one-language edition) or a table row (bilingual edition).

        A segment with the same text in both languages (`Segment.same`: an address, a number) is
        printed once, across both columns, as the HTML and PDF editions print it. `outline` makes
        the paragraphs headings of that level (1 = the level of heading 1); `size` (half-points)
        overrides the style's type size on every run.
        """
        if self.bilingual and segment.same:
            cell = self.merged_row()
            p = self.paragraph_in(cell, style)
            self.runs(p, segment.spans[0], link, size)
            if keep_next:
                x.paragraph_property(p._p, "keepNext")
            if outline:
                x.paragraph_property(p._p, "outlineLvl", val=str(outline - 1))
            return
        if self.bilingual:
            cells = self.row()
            for cell, lang in zip(cells, COLUMNS, strict=True):
                span = segment.get(lang)
                p = self.paragraph_in(cell, style)
                if span is not None:
                    self.runs(p, span, link, size)
                if keep_next:
                    x.paragraph_property(p._p, "keepNext")
                if outline and span is not None:
                    x.paragraph_property(p._p, "outlineLvl", val=str(outline - 1))
                if style in ("h1", "h2"):
                    # Burmese lines are taller: align headings on their rule, not their top.
                    x.cell_valign(cell._tc, "bottom")
            return
        p = self.new_paragraph(style)
        if keep_next:
            x.paragraph_property(p._p, "keepNext")
        if outline:
            x.paragraph_property(p._p, "outlineLvl", val=str(outline - 1))
        self.runs(p, segment.spans[0], link, size)

    def new_paragraph(self, style: str) -> DocxParagraph:
        if self.page_break:
            self.page_break = False
            if self.container is self.package:
                p = self.paragraph_in(self.package, style)
                x.paragraph_property(p._p, "pageBreakBefore")
                return p
        return self.paragraph_in(self.container, style)

    def paragraph_in(self, container: Any, style: str) -> DocxParagraph:
        p: DocxParagraph
        if isinstance(container, _Cell):
            paragraphs = container.paragraphs
            # A new cell holds one empty paragraph; use it rather than leave it empty above the text.
            if len(paragraphs) == 1 and not paragraphs[0]._p.xpath("./w:r|./w:hyperlink|./w:pPr/w:pStyle"):
                p = paragraphs[0]
            else:
                p = container.add_paragraph()
        else:
            p = container.add_paragraph()
        sid = self.style_ids.get(style)
        if sid:
            x.paragraph_property(p._p, "pStyle", val=sid)
        return p

    def runs(self, p: DocxParagraph, span: Span, link: str | None = None, size: int | None = None) -> None:
        """The runs of `span` into paragraph `p`; `link` makes the whole paragraph one hyperlink;
        `size` (half-points) sets every run's type size."""
        target = p._p
        link = safe_link(link)
        if link:
            target = self.hyperlink(p, link)
        for run in span.runs:
            text = x.clean_text(run.text)
            if not text:
                continue
            # Run.breaks are line-break aids for the PDF; Word and LibreOffice break Burmese themselves.
            rpr = x.run_properties(run.script == "Mymr", bold=run.strong, italic=run.emphasis, size=size,
                                   style_id=self.style_ids.get("hyperlink") if (run.href or link) else None)
            parent = target
            href = safe_link(run.href)
            if href and not link:
                parent = self.hyperlink(p, href)
            parent.append(x.text_run(text, rpr))

    def hyperlink(self, p: DocxParagraph, href: str) -> etree._Element:
        rid = p.part.relate_to(href, RT.HYPERLINK, is_external=True)
        el = etree.SubElement(p._p, x.w("hyperlink"))
        el.set(f"{{{x.R_NS}}}id", rid)
        return el

    # -- layout containers -------------------------------------------------------------------------
    def row(self) -> list[_Cell]:
        """A new row of the two-column table; a pending page break starts a new table on a new page."""
        if self.table is None or self.page_break:
            if self.table is not None:
                p = self.spacer(self.package)
                r = etree.SubElement(p._p, x.w("r"))
                r.append(x.run_properties(False))
                etree.SubElement(r, x.w("br")).set(x.w("type"), "page")
            self.page_break = False
            self.apart_from_table(self.package)
            self.table = self.package.add_table(rows=0, cols=2)
            x.table_layout(self.table._tbl, self.column_widths(),
                           inside_v=COLUMN_RULE if self.rule else None)
        row = self.table.add_row()
        cells = list(row.cells)
        for i, (cell, width) in enumerate(zip(cells, self.column_widths(), strict=True)):
            x.cell_width(cell._tc, width)
            # A gutter either side of the rule between the languages.
            x.cell_margins(cell._tc, 0, 0 if i == 0 else 198, 0, 198 if i == 0 else 0)
            if self.row_kind == "card":
                x.cell_shading(cell._tc, CARD_FILL)
        if self.row_kind == "card":
            if not self.card_rows:
                for cell in cells:
                    x.cell_margins(cell._tc, 140, CARD_ROW_PADDING, 0, CARD_ROW_PADDING)
                x.cell_borders(cells[0]._tc, left=CARD_BAR)
            else:
                x.cell_borders(cells[0]._tc, left=CARD_BAR)
                for cell in cells:
                    x.cell_margins(cell._tc, 0, CARD_ROW_PADDING, 0, CARD_ROW_PADDING)
            self.card_rows.append(row)
        return cells

    def merged_row(self) -> _Cell:
        """A new row of the two-column table as one cell across both columns."""
        cells = self.row()
        merged: _Cell = cells[0].merge(cells[1])
        x.cell_width(merged._tc, self.text_width)
        if self.row_kind == "card":
            x.cell_shading(merged._tc, CARD_FILL)
        return merged

    def column_widths(self) -> list[int]:
        """English and Burmese column widths. Burmese needs more room for the same text (taller lines,
        longer words), so its column is wider and the two columns end closer together."""
        english = int(self.text_width * ENGLISH_SHARE)
        return [english, self.text_width - english]

    @contextmanager
    def card_box(self) -> Iterator[None]:
        """A data card: a shaded one-cell table, or shaded rows of the two-column table."""
        if self.bilingual:
            self.row_kind, self.card_rows = "card", []
            try:
                yield
            finally:
                if self.card_rows:
                    for cell in self.card_rows[-1].cells:
                        x.cell_margins(cell._tc, 0, CARD_ROW_PADDING, 120, CARD_ROW_PADDING)
                    if len(self.card_rows) == 1:
                        for cell in self.card_rows[0].cells:
                            x.cell_margins(cell._tc, 140, CARD_ROW_PADDING, 120, CARD_ROW_PADDING)
                self.row_kind, self.card_rows = None, []
            return
        if self.page_break:
            # A table cannot carry pageBreakBefore; an empty paragraph breaks the page instead.
            self.page_break = False
            x.paragraph_property(self.spacer(self.package)._p, "pageBreakBefore")
        self.apart_from_table(self.package)
        table = self.package.add_table(rows=1, cols=1)
        x.table_layout(table._tbl, [self.text_width])
        cell = table.cell(0, 0)
        x.cell_width(cell._tc, self.text_width)
        x.cell_shading(cell._tc, CARD_FILL)
        x.cell_borders(cell._tc, left=CARD_BAR)
        x.cell_margins(cell._tc, 170, CARD_PADDING, 140, CARD_PADDING)
        outer = self.container
        self.container = cell
        try:
            yield
        finally:
            self.container = outer
            self.end_with_paragraph(cell)

    def logo(self) -> None:
        """The theme's logo in a paragraph of its own (nothing without a theme logo)."""
        if self.doc.theme and self.doc.theme.logo:
            add_logo(self.new_paragraph("cover-date"), self.doc.theme)

    def spacer(self, container: Any) -> DocxParagraph:
        """An empty paragraph where the format needs one (never for spacing: styles space paragraphs)."""
        return self.paragraph_in(container, "spacer")

    def apart_from_table(self, container: Any) -> None:
        """Before a new table: two tables in a row would merge into one, so an empty paragraph keeps
        them apart when the last thing in `container` is a table."""
        if _last_is_table(container):
            self.spacer(container)

    def end_with_paragraph(self, container: Any) -> None:
        """A body or a cell must end with a paragraph, not a table."""
        if _last_is_table(container):
            self.spacer(container)

    # -- stat callouts and charts ------------------------------------------------------------------
    def stats(self, stats: tuple[StatCallout, ...]) -> None:
        """A row of callouts: a one-row table. The bilingual edition keeps its two aligned columns:
        each callout is a row of the card (number, then caption), English beside Burmese."""
        if self.bilingual:
            for stat in stats:
                self.emit(stat.number, "card-title", keep_next=True)
                self.emit(stat.caption, "card-note")
        else:
            self.callouts(self.container, [(st.number.spans[0], st.caption.spans[0]) for st in stats],
                          self.text_width - 2 * CARD_PADDING)

    def callouts(self, container: Any, items: list[tuple[Span | None, Span | None]], width: int) -> None:
        table = container.add_table(rows=1, cols=len(items))
        following = table._tbl.getnext()
        if isinstance(container, _Cell) and following is not None and following.tag == x.w("p") \
                and not len(following):
            # python-docx ends the cell with an empty paragraph after the table; the card box adds
            # one only if nothing follows (an empty paragraph is not spacing).
            following.getparent().remove(following)
        widths = [width // len(items)] * len(items)
        x.table_layout(table._tbl, widths)
        for cell, cell_width, (number, caption) in zip(table.rows[0].cells, widths, items, strict=True):
            x.cell_width(cell._tc, cell_width)
            x.cell_shading(cell._tc, "FFFFFF")
            x.cell_borders(cell._tc, left=CARD_BAR)
            x.cell_margins(cell._tc, 80, 100, 80, 100)
            for span, style in ((number, "card-title"), (caption, "card-note")):
                p = self.paragraph_in(cell, style)
                if span is not None:
                    self.runs(p, span)
        # A cell must end with a paragraph: the card box adds one when the callouts end it.

    def charts(self, charts: tuple[ChartFigure, ...]) -> None:
        """The card's chart as a 300 dpi PNG; the bilingual edition puts each language's in its column."""
        if self.bilingual:
            for cell, lang in zip(self.row(), COLUMNS, strict=True):
                chart = next((c for c in charts if c.lang == lang), None)
                if chart is not None:
                    width = min(_twips_of(cell) - 2 * CARD_ROW_PADDING, int(chart.width_mm * 56.7))
                    self.picture(self.paragraph_in(cell, "caption"), chart.png, width, chart.height_mm
                                 / chart.width_mm, chart.alt, f"chart-{lang}.png", lang)
            return
        for chart in charts:
            width = min(self.text_width - 2 * CARD_PADDING - FIGURE_SLACK, int(chart.width_mm * 56.7))
            p = self.new_paragraph("caption")
            x.paragraph_property(p._p, "keepNext")
            self.picture(p, chart.png, width, chart.height_mm / chart.width_mm, chart.alt, f"chart-{chart.lang}.png",
                         chart.lang)

    def picture(self, p: DocxParagraph, data: bytes, width_twips: int, ratio: float, alt: str, name: str,
                lang: Language) -> None:
        run = p.add_run()
        run._r.insert(0, x.run_properties(False))
        width = Emu(width_twips * 635)
        shape = run.add_picture(io.BytesIO(data), width=width, height=Emu(int(width * ratio)))
        shape._inline.docPr.set("descr", x.clean_text(alt)[:MAX_ALT_TEXT])
        shape._inline.docPr.set("name", name)
        shape._inline.docPr.set("title", self.picture_title(lang) or x.clean_text(alt)[:CORE_TEXT_LIMIT])

    def picture_title(self, lang: Language | None = None) -> str:
        """A picture's short title: its card's title (in `lang`, or every language of the edition)."""
        title = self.card_title
        if title is None:
            return ""
        span = title.get(lang) if lang else None
        text = span.plain if span else " / ".join(s.plain for s in title.spans[:1 if title.same else None])
        return x.clean_text(text)[:CORE_TEXT_LIMIT]

    # -- figures -----------------------------------------------------------------------------------
    def figure(self, figure: Figure) -> None:
        if self.bilingual:
            p = self.paragraph_in(self.merged_row(), "caption")
            max_width = self.text_width - 2 * CARD_ROW_PADDING - FIGURE_SLACK
        else:
            p = self.new_paragraph("caption")
            max_width = self.text_width - 2 * CARD_PADDING - FIGURE_SLACK
        self.embed_figure(p, figure, max_width)

    def embed_figure(self, p: DocxParagraph, figure: Figure, max_width: int) -> None:
        """`figure` in `p`, at most `max_width` twips wide and `MAX_IMAGE_HEIGHT` high."""
        x.paragraph_property(p._p, "keepNext")
        width = Emu(max_width * 635)
        if width * figure.height / figure.width > MAX_IMAGE_HEIGHT:
            width = Emu(int(MAX_IMAGE_HEIGHT * figure.width / figure.height))
        run = p.add_run()
        run._r.insert(0, x.run_properties(False))
        shape = run.add_picture(io.BytesIO(figure.data), width=width)
        doc_pr = shape._inline.docPr
        doc_pr.set("descr", x.clean_text(figure.alt_text)[:MAX_ALT_TEXT])
        doc_pr.set("name", PurePosixPath(figure.name).name)
        doc_pr.set("title", self.picture_title(figure.lang) or x.clean_text(figure.alt_text)[:CORE_TEXT_LIMIT])

    def language_figures(self, figures: tuple[Figure, ...]) -> None:
        """A picture per language (bilingual edition): each in its language's column, captioned there
        by its own alternative text."""
        cells = self.row()
        for cell, lang in zip(cells, COLUMNS, strict=True):
            figure = next((f for f in figures if f.lang == lang), None)
            if figure is None:
                continue
            self.embed_figure(self.paragraph_in(cell, "caption"), figure, _twips_of(cell) - 2 * CARD_ROW_PADDING)
            span = figure.alt.get(lang) if figure.alt else None
            if span is not None:
                self.runs(self.paragraph_in(cell, "caption"), span)

    # -- header, footer, metadata ------------------------------------------------------------------
    def header_and_footer(self) -> None:
        section = self.package.sections[-1]
        # The cover page has no running header or page number (Word: "different first page").
        section.different_first_page_header_footer = True
        header = section.header
        header.is_linked_to_previous = False
        footer = section.footer
        footer.is_linked_to_previous = False
        for part in (header, footer):
            for child in list(part._element):
                part._element.remove(child)
        hp = self.paragraph_in(header, "header")
        fp = self.paragraph_in(footer, "footer")
        spans = self.doc.running_header.spans
        for i, span in enumerate(spans):
            if i:
                hp._p.append(x.text_run("\t", x.run_properties(False)))
            self.runs(hp, span)
        for i, lang in enumerate(self.doc.languages):
            if i:
                fp._p.append(x.text_run("\t", x.run_properties(False)))
            self.page_label(fp, self.doc.page_label[lang])
        if self.bilingual:
            # English at the left margin, Burmese at the right, like the columns below.
            for p, style in ((hp, "header"), (fp, "footer")):
                x.paragraph_tabs(p._p, [("right", self.text_width)], clear=self.style_tabs(style))
            x.paragraph_property(fp._p, "jc", val="left")

    def page_label(self, p: DocxParagraph, label: PageLabel) -> None:
        """``Page {page} of {pages}`` with PAGE and NUMPAGES fields in place of the numbers.

        Page numbers stay in Latin digits in the Burmese edition: neither Word's field switches nor
        its page-number formats have a Myanmar-digit format, and LibreOffice maps none from DOCX.
        """
        for part in label:
            if isinstance(part, PageNumber):
                instr = "PAGE" if part.which == "page" else "NUMPAGES"
                p._p.extend(x.field_runs(instr, "1", x.run_properties(False)))
            elif x.clean_text(part.text):
                p._p.append(x.text_run(part.text, x.run_properties(part.script == "Mymr")))

    def style_tabs(self, style: str) -> list[int]:
        """Positions of the tab stops `style` has, itself or through the styles it is based on."""
        found: list[int] = []
        for element in self.style_chain(style):
            for tab in element.iterfind(f"{x.w('pPr')}/{x.w('tabs')}/{x.w('tab')}"):
                pos = tab.get(x.w("pos"))
                if pos and pos.lstrip("-").isdigit():
                    found.append(int(pos))
        return found

    def core_properties(self) -> None:
        props = self.package.core_properties
        element = props._element
        for child in list(element):
            element.remove(child)
        props.title = _core_text(self.doc.title)
        props.author = _core_text(self.doc.author)
        props.last_modified_by = _core_text(self.doc.author)
        props.subject = _core_text(self.doc.subject)
        props.keywords = _core_text(", ".join(self.doc.keywords))
        props.language = self.locale
        props.revision = 1
        # Document.created (ISO date of the edition) arrives with the HTML/PDF writers' change to
        # nodes.py; read it defensively so this writer does not depend on the order of commits.
        when = _created(str(getattr(self.doc, "created", "") or ""))
        if when is not None:
            props.created = when
            props.modified = when


# -- helpers -------------------------------------------------------------------------------------

def _twips(length: int | None) -> int:
    return int(length or 0) // 635


def _core_text(text: str) -> str:
    return x.clean_text(text)[:CORE_TEXT_LIMIT]


def _created(value: str) -> dt.datetime | None:
    """The edition's date (``YYYY-MM-DD`` or ``YYYY-MM``) as a UTC midnight, for reproducible metadata."""
    for fmt in ("%Y-%m-%d", "%Y-%m"):
        try:
            return dt.datetime.strptime(value, fmt).replace(tzinfo=dt.UTC)
        except ValueError:
            continue
    return None


def _last_is_table(container: Any) -> bool:
    """Whether the last block of a body or a cell (before the section properties) is a table."""
    element = container._tc if isinstance(container, _Cell) else container.element.body
    blocks = [el for el in element if el.tag in (x.w("p"), x.w("tbl"))]
    return bool(blocks) and blocks[-1].tag == x.w("tbl")


def _twips_of(cell: Any) -> int:
    """A cell's width in twips (from its w:tcW, which this writer always sets)."""
    tc_w = cell._tc.find(f"{x.w('tcPr')}/{x.w('tcW')}")
    return int(tc_w.get(x.w("w"))) if tc_w is not None else 4500


__all__: Sequence[str] = ("open_reference", "render_docx", "shipped_reference")
