"""The engines alone, for the ratios: WeasyPrint on the HTML we hand it, python-docx on the same content.

Both are given exactly what isp-recap gives them (the print HTML with its stylesheets and fonts; the
same paragraphs, styles and bold/italic runs on the same reference document), so the difference is
what isp-recap adds: building the Document, the confined URL fetcher, ActualText, Burmese fonts and
languages on every DOCX run.
"""

from __future__ import annotations

import io
import os
from pathlib import Path

from isp_recap.document.nodes import (
    Contact,
    Cover,
    DataCardBlock,
    Document,
    Heading,
    QuestionBlock,
    Segment,
    Span,
    TurnBlock,
)
from isp_recap.render.assets import ASSETS_PREFIX, DOC_PREFIX
from isp_recap.render.pdf.tagging import DEFAULT_STANDARD, write_options
from isp_recap.resources import render_data

Runs = list[tuple[str, bool, bool]]


def asset_mirror(folder: Path, event_dir: Path) -> Path:
    """A folder laid out like the fetcher's virtual root (assets/…, doc/…) on the real files.

    WeasyPrint alone then resolves the HTML's relative URLs with its default fetcher, from disk.
    """
    assets = folder / ASSETS_PREFIX
    for sub in ("fonts", "templates"):
        (assets / sub).mkdir(parents=True, exist_ok=True)
        for source in render_data(sub).iterdir():
            target = assets / sub / source.name
            if source.is_file() and not target.exists():
                os.symlink(source, target)
    doc = folder / DOC_PREFIX.rstrip("/")
    if doc.is_symlink():
        doc.unlink()
    os.symlink(event_dir, doc)
    return folder


def weasyprint_alone(html: str, base: Path, standard: str = DEFAULT_STANDARD) -> bytes:
    """WeasyPrint's documented API, default fetcher: HTML string to PDF bytes.

    With the options isp-recap passes for `standard` (tagged PDF/UA-1 by default: `pdf_variant`,
    `pdf_tags`), so that the structure tree WeasyPrint builds, which is WeasyPrint's work, is on both
    sides of the ratio; what is left is isp-recap's (`tagging.write_options`).
    """
    from weasyprint import HTML

    options = write_options(standard)
    data: bytes = HTML(string=html, base_url=str(base) + "/").write_pdf(
        pdf_identifier=options.identifier, pdf_variant=options.variant, pdf_tags=options.tags)
    return data


def _by_formatting(span: Span) -> Runs:
    """The span's runs as python-docx alone would get them: one per change of formatting (the
    Document cuts runs by script too, for the fonts; python-docx alone knows no script)."""
    runs: Runs = []
    last: tuple[bool, bool, str | None] | None = None
    for r in span.runs:
        if last == (r.strong, r.emphasis, r.href) and runs:
            runs[-1] = (runs[-1][0] + r.text, r.strong, r.emphasis)
        else:
            runs.append((r.text, r.strong, r.emphasis))
        last = (r.strong, r.emphasis, r.href)
    return runs


def docx_content(doc: Document) -> list[tuple[str, Runs]]:
    """The paragraphs isp-recap writes for `doc`: (style name, runs of (text, bold, italic))."""
    out: list[tuple[str, Runs]] = []

    def add(segment: Segment | None, style: str) -> None:
        if segment is None:
            return
        for span in segment.spans:
            out.append((style, _by_formatting(span)))

    for block in doc.blocks:
        if isinstance(block, Cover):
            for seg, style in ((block.series, "Cover Series"), (block.title, "Title"),
                               (block.subtitle, "Subtitle"), (block.date, "Cover Date")):
                add(seg, style)
            for fact in block.facts:
                add(fact, "Cover Fact")
            add(block.notice, "Notice")
        elif isinstance(block, Heading):
            add(block.text, f"heading {min(block.level, 2)}")
        elif isinstance(block, TurnBlock):
            _turn(block, add)
        elif isinstance(block, DataCardBlock):
            add(block.kicker, "Card Kicker")
            add(block.title, "Card Title")
            for seg in block.body:
                add(seg, "Card Body")
            add(block.as_of, "Card Note")
            add(block.note, "Card Note")
        elif isinstance(block, QuestionBlock):
            add(block.label, "Question Label")
            add(block.text, "Question")
            for answer in block.answers:
                _turn(answer, add)
        elif isinstance(block, Contact):
            add(block.name, "Contact Name")
            for line in block.lines:
                add(line, "Contact")
        else:
            add(block.text, "Normal")
    return out


def _turn(turn: TurnBlock, add: object) -> None:
    assert callable(add)
    if turn.speaker:
        add(turn.speaker.name, "Speaker")
        add(turn.speaker.role, "Speaker Role")
        for detail in turn.speaker.details:
            add(detail, "Speaker Details")
    else:
        add(turn.label, "Answer Label")
    for seg in turn.paragraphs:
        add(seg, "Normal")


def python_docx_alone(content: list[tuple[str, Runs]], reference: bytes) -> bytes:
    """python-docx's documented API: the same paragraphs, styles and bold/italic runs, saved to bytes."""
    import docx

    document = docx.Document(io.BytesIO(reference))
    body = document.element.body
    for child in list(body):  # start from an empty body, as isp-recap does; keep the page set-up
        if not child.tag.endswith("}sectPr"):
            body.remove(child)
    styles = {}
    for style in document.styles:
        styles[style.name.lower()] = style
    for style_name, runs in content:
        paragraph = document.add_paragraph(style=styles.get(style_name.lower()))
        for text, bold, italic in runs:
            run = paragraph.add_run(text)
            if bold:
                run.bold = True
            if italic:
                run.italic = True
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
