"""Each data card of an event as a 1080×1080 and a 1200×630 PNG per language.

A share card is the memo's own data card (kicker with series and number, title, chart or stat
figures, source line) and the organisation's name, laid out by the same template, stylesheets and
shipped fonts as the PDF: the card is put alone into a Document, rendered to a one-page PDF by
WeasyPrint with a page of the image's proportions, then rasterised with PDFium (pypdfium2).
WeasyPrint 70 has no PNG output; PDFium comes as a wheel for every platform and needs no system
library (pdftoppm would need poppler installed; a browser screenshot, a browser).

When a card does not fit one page, the page is made larger in the same proportions (so the
content is drawn smaller in the same pixels) until it fits.

Every PNG carries its fingerprint in a `tEXt` chunk (`isp-recap-fingerprint`): a hash of what the
image shows (the card's Document: its words, numbers, chart, pictures and theme), its size and the
package that draws it (code, templates, fonts, version). `isp-recap cards` skips a card whose PNG
in the output folder already carries the fingerprint it would get, so a rebuild after a change
redraws only the cards that changed.
"""

from __future__ import annotations

import dataclasses
import hashlib
import io
import struct
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

from ..document.nodes import Contact, DataCardBlock, Document, Language, Paragraph

#: name -> (width px, height px, page width mm). The page height follows the proportions.
SIZES: dict[str, tuple[int, int, float]] = {"1080x1080": (1080, 1080, 150.0), "1200x630": (1200, 630, 200.0)}
#: How much larger the page may grow, step by step, for a card with a lot to say.
GROWTH = (1.0, 1.15, 1.3, 1.5, 1.75, 2.0, 2.5)
#: The card's paper and the colour of the organisation's line, unless a theme sets them.
PAPER, PRIMARY = "#f5f0e8", "#8f1d2c"
#: The PNG text chunk that holds an image's fingerprint.
FINGERPRINT_KEY = "isp-recap-fingerprint"
#: Changes when share images are drawn differently in a way the package's files do not show.
FINGERPRINT_FORMAT = "isp-recap share card 1"
#: Largest PNG read back to find its fingerprint (a share image is a few hundred kilobytes).
MAX_PNG_BYTES = 32 * 1024 * 1024
_PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


@dataclass(frozen=True)
class ShareImage:
    """One PNG: which card, language and size, its fingerprint, and its bytes (None: not drawn,
    because the image already written carries the same fingerprint)."""

    card_id: str
    lang: Language
    size: str
    fingerprint: str
    png: bytes | None

    @property
    def filename(self) -> str:
        """`map-93.my.1080x1080.png`."""
        return f"{self.card_id}.{self.lang}.{self.size}.png"


def share_css(width_mm: float, height_mm: float, wide: bool, colours: Mapping[str, str] | None = None) -> str:
    """The page of a share card, after the memo's stylesheets: the card fills the page, on the
    theme's card background with its primary colour for the organisation's line (`colours`: the
    theme's colours by role; none: the package's)."""
    colours = colours or {}
    paper, primary = colours.get("card_background", PAPER), colours.get("primary", PRIMARY)
    chart_height = f"{height_mm * 0.42:.1f}mm" if wide else f"{height_mm * 0.45:.1f}mm"
    return f"""
@page {{ size: {width_mm:.2f}mm {height_mm:.2f}mm; margin: 8mm 9mm 13mm 9mm; background: {paper};
  @bottom-right {{ content: none; }} @top-left {{ content: none; }} @top-right {{ content: none; }}
  @top-center {{ content: none; }} @bottom-left {{ content: none; }} @bottom-center {{ content: none; }} }}
.running-header, .running-draft {{ display: none; }}
html, body, .memo {{ background: transparent; }}
.mono .memo > * {{ margin-left: 0; }}
.memo .card {{ margin: 0; padding: 0; border: 0; background: transparent; break-inside: auto; }}
.memo .card-title {{ font-size: 15pt; }}
.card-chart img {{ width: auto; max-width: 100%; height: {chart_height}; }}
.memo .p-small {{ position: fixed; left: 0; bottom: -8mm; margin: 0; font-size: 8pt; font-weight: 700;
  color: {primary}; border-top: 2pt solid {primary}; padding-top: 1.2mm; width: 100%; }}
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
    colours = doc.theme.colours if doc.theme else None
    for growth in GROWTH:
        pdf_bytes = render_pdf(doc, extra_css=share_css(width_mm * growth, height_mm * growth,
                                                        width_px > height_px, colours))
        pdf = pdfium.PdfDocument(pdf_bytes)
        try:
            if len(pdf) == 1:
                break
        finally:
            pdf.close()
    return pdf_bytes


def card_fingerprint(doc: Document, size: str) -> str:
    """The fingerprint of a share card (a Document from `card_document`) at `size`: what it shows
    (the whole Document, theme included), its size, and the package that draws it."""
    from ..fingerprint import package_fingerprint, value_digest

    digest = hashlib.sha256()
    for part in (FINGERPRINT_FORMAT, package_fingerprint(), size, value_digest(doc)):
        digest.update(part.encode("utf-8") + b"\0")
    return digest.hexdigest()


def png_fingerprint(data: bytes) -> str | None:
    """The fingerprint a share PNG carries (its `tEXt` chunk before the image data), or None."""
    if not data.startswith(_PNG_SIGNATURE):
        return None
    at = len(_PNG_SIGNATURE)
    while at + 8 <= len(data):
        length, kind = struct.unpack(">I4s", data[at:at + 8])
        body = data[at + 8:at + 8 + length]
        if kind in (b"IDAT", b"IEND") or len(body) < length:
            return None
        if kind == b"tEXt":
            key, _, value = body.partition(b"\0")
            if key == FINGERPRINT_KEY.encode("latin-1"):
                return value.decode("latin-1")
        at += 12 + length
    return None


def stored_fingerprint(path: Path) -> str | None:
    """The fingerprint of the share PNG at `path`, or None when there is none or it cannot be read
    (missing, a link, not a regular file, too large: the image is then drawn and written again)."""
    from ..fsio import read_limited

    try:
        if path.is_symlink():  # never read through a link out of the output folder
            return None
        return png_fingerprint(read_limited(path, MAX_PNG_BYTES))
    except OSError:
        return None


def render_card(doc: Document, size: str, fingerprint: str | None = None) -> bytes:
    """One share card (a Document from `card_document`) as a PNG of `size`, carrying `fingerprint`
    (`card_fingerprint` when not given)."""
    import pypdfium2 as pdfium
    from PIL import Image
    from PIL.PngImagePlugin import PngInfo

    width_px, height_px, _ = SIZES[size]
    pdf = pdfium.PdfDocument(card_pdf(doc, size))
    try:
        page = pdf[0]
        page_width, _ = page.get_size()
        image = page.render(scale=width_px / page_width).to_pil().convert("RGB")
    finally:
        pdf.close()
    # PDFium rounds the bitmap size; pad or crop to the exact pixels a platform asks for.
    paper = doc.theme.colours.get("card_background", PAPER) if doc.theme else PAPER
    canvas = Image.new("RGB", (width_px, height_px), tuple(int(paper[i:i + 2], 16) for i in (1, 3, 5)))
    canvas.paste(image.crop((0, 0, min(image.width, width_px), min(image.height, height_px))), (0, 0))
    info = PngInfo()
    info.add_text(FINGERPRINT_KEY, fingerprint or card_fingerprint(doc, size))
    out = io.BytesIO()
    canvas.save(out, format="PNG", optimize=True, pnginfo=info)
    return out.getvalue()


def render_share_cards(event: Path, languages: tuple[Language, ...] = ("en", "my"),
                       locales: Path | None = None, theme: Path | None = None,
                       unchanged: Callable[[str, str], bool] | None = None) -> list[ShareImage]:
    """Every data card of `event` in every size and language, in memory (nothing is written).

    `theme` is a theme folder (None: the event's `theme:` key, else the package's look). A card
    for which `unchanged(filename, fingerprint)` is true is not drawn (its `png` is None).
    Raises `IspRecapError` for a mistake in the event or theme, or Burmese that is missing.
    """
    from ..build import event_theme, keep_together_terms
    from ..document.builder import build_document
    from ..source.loader import load_event_with_positions

    memo, positions = load_event_with_positions(event)
    base_dir = event.resolve().parent
    loaded = event_theme(theme, memo.theme, base_dir, positions, str(event))
    keep = keep_together_terms(event)  # the glossary's Burmese terms break as in the PDF
    out: list[ShareImage] = []
    for lang in languages:
        doc = build_document(memo, lang, base_dir=base_dir, locales=locales, theme=loaded, keep_together=keep)
        for card in (b for b in doc.blocks if isinstance(b, DataCardBlock)):
            one = card_document(doc, card)
            for size in SIZES:
                fingerprint = card_fingerprint(one, size)
                image = ShareImage(card.id, lang, size, fingerprint, None)
                skip = unchanged is not None and unchanged(image.filename, fingerprint)
                out.append(image if skip else dataclasses.replace(image, png=render_card(one, size, fingerprint)))
    return out
