"""Each data card of an event as a 1080×1080 and a 1200×630 PNG per language.

A share card is the memo's own data card (kicker with series and number, title, chart or stat
figures, source line) and the organisation's name, laid out by the same template, stylesheets and
shipped fonts as the PDF: the card is put alone into a Document, rendered to a one-page PDF by
WeasyPrint with a page of the image's proportions, then rasterised with PDFium (pypdfium2).
WeasyPrint 70 has no PNG output; PDFium comes as a wheel for every platform and needs no system
library (pdftoppm would need poppler installed; a browser screenshot, a browser).

When a card does not fit one page, the page is made larger in the same proportions (so the
content is drawn smaller in the same pixels) until it fits.
"""

from __future__ import annotations

import dataclasses
import io
from dataclasses import dataclass
from pathlib import Path

from ..document.nodes import Contact, DataCardBlock, Document, Language, Paragraph

#: name -> (width px, height px, page width mm). The page height follows the proportions.
SIZES: dict[str, tuple[int, int, float]] = {"1080x1080": (1080, 1080, 150.0), "1200x630": (1200, 630, 200.0)}
#: How much larger the page may grow, step by step, for a card with a lot to say.
GROWTH = (1.0, 1.15, 1.3, 1.5, 1.75, 2.0, 2.5)
BACKGROUND = (245, 240, 232)  # the card's paper, #f5f0e8


@dataclass(frozen=True)
class ShareImage:
    """One PNG: which card, language and size, and its bytes."""

    card_id: str
    lang: Language
    size: str
    png: bytes

    @property
    def filename(self) -> str:
        """`map-93.my.1080x1080.png`."""
        return f"{self.card_id}.{self.lang}.{self.size}.png"


def share_css(width_mm: float, height_mm: float, wide: bool) -> str:
    """The page of a share card, after the memo's stylesheets: the card fills the page."""
    chart_height = f"{height_mm * 0.42:.1f}mm" if wide else f"{height_mm * 0.45:.1f}mm"
    return f"""
@page {{ size: {width_mm:.2f}mm {height_mm:.2f}mm; margin: 8mm 9mm 13mm 9mm; background: #f5f0e8;
  @bottom-right {{ content: none; }} @top-left {{ content: none; }} @top-right {{ content: none; }}
  @top-center {{ content: none; }} @bottom-left {{ content: none; }} @bottom-center {{ content: none; }} }}
.running-header, .running-draft {{ display: none; }}
html, body, .memo {{ background: transparent; }}
.memo .card {{ margin: 0; padding: 0; border: 0; background: transparent; break-inside: auto; }}
.memo .card-title {{ font-size: 15pt; }}
.card-chart img {{ width: auto; max-width: 100%; height: {chart_height}; }}
.memo .p-small {{ position: fixed; left: 0; bottom: -8mm; margin: 0; font-size: 8pt; font-weight: 700;
  color: #8f1d2c; border-top: 2pt solid #8f1d2c; padding-top: 1.2mm; width: 100%; }}
.memo .p-draft {{ position: fixed; right: 0; top: -2mm; margin: 0; max-width: 60%; font-size: 8pt;
  line-height: 1.5; font-weight: 700; color: #9a5b00; background: #fff4dc; border: 1pt solid #9a5b00;
  padding: 0.6mm 2.2mm; text-align: right; }}
"""


def card_document(doc: Document, card: DataCardBlock) -> Document:
    """The share card as a Document of its own: the card (without its body when it has a chart or
    figures to show), its draft mark when its Burmese is a draft (top right), and the organisation's
    name from the memo's contact block."""
    shown = dataclasses.replace(card, body=() if (card.charts or card.stats) else card.body)
    blocks: list[object] = [shown]
    if card.draft_mark is not None:
        blocks.append(Paragraph(card.draft_mark, "draft"))
    contact = next((b for b in doc.blocks if isinstance(b, Contact)), None)
    if contact is not None:
        blocks.append(Paragraph(contact.name, "small"))
    return dataclasses.replace(doc, blocks=tuple(blocks))  # type: ignore[arg-type]


def card_pdf(doc: Document, size: str) -> bytes:
    """One share card (a Document from `card_document`) as the one-page PDF its PNG of `size` is
    drawn from: the first page size in `GROWTH` that holds it all."""
    import pypdfium2 as pdfium

    from ..render.pdf import render_pdf

    width_px, height_px, width_mm = SIZES[size]
    height_mm = width_mm * height_px / width_px
    for growth in GROWTH:
        pdf_bytes = render_pdf(doc, extra_css=share_css(width_mm * growth, height_mm * growth,
                                                        width_px > height_px))
        pdf = pdfium.PdfDocument(pdf_bytes)
        try:
            if len(pdf) == 1:
                break
        finally:
            pdf.close()
    return pdf_bytes


def render_card(doc: Document, size: str) -> bytes:
    """One share card (a Document from `card_document`) as a PNG of `size`."""
    import pypdfium2 as pdfium
    from PIL import Image

    width_px, height_px, _ = SIZES[size]
    pdf = pdfium.PdfDocument(card_pdf(doc, size))
    try:
        page = pdf[0]
        page_width, _ = page.get_size()
        image = page.render(scale=width_px / page_width).to_pil().convert("RGB")
    finally:
        pdf.close()
    # PDFium rounds the bitmap size; pad or crop to the exact pixels a platform asks for.
    canvas = Image.new("RGB", (width_px, height_px), BACKGROUND)
    canvas.paste(image.crop((0, 0, min(image.width, width_px), min(image.height, height_px))), (0, 0))
    out = io.BytesIO()
    canvas.save(out, format="PNG", optimize=True)
    return out.getvalue()


def render_share_cards(event: Path, languages: tuple[Language, ...] = ("en", "my"),
                       locales: Path | None = None) -> list[ShareImage]:
    """Every data card of `event` in every size and language, in memory (nothing is written).

    Raises `IspRecapError` for a mistake in the event, or Burmese that is missing.
    """
    from ..document.builder import build_document
    from ..source.loader import load_event

    memo = load_event(event)
    out: list[ShareImage] = []
    for lang in languages:
        doc = build_document(memo, lang, base_dir=event.resolve().parent, locales=locales)
        for card in (b for b in doc.blocks if isinstance(b, DataCardBlock)):
            one = card_document(doc, card)
            out += [ShareImage(card.id, lang, size, render_card(one, size)) for size in SIZES]
    return out
