"""A theme in Word: its logo on the cover and the back page, its colours and its fonts.

The DOCX writer builds the memo with the shipped palette and fonts; this module then maps them to
the theme's in one pass over the body (direct formatting: card shading, bars, run fonts) and, unless
the user gave their own reference .docx (whose styles win), over the styles part as well.
"""

from __future__ import annotations

import io
from typing import Any

from docx.shared import Emu
from lxml import etree  # type: ignore[import-untyped]  # no stubs installed; python-docx is built on it

from ...document.theme import DocumentTheme
from . import oxml as x
from .reference import ACCENT, CARD_FILL, INK, QUESTION_BAR, QUESTION_FILL

#: The shipped DOCX palette (render/docx/reference.py) by theme colour role.
_PALETTE = {"primary": (ACCENT, "1A5C9E"), "accent": (QUESTION_BAR,), "card_background": (CARD_FILL,),
            "question_background": (QUESTION_FILL,), "text": (INK,)}
_SHIPPED_FONTS = {"latin": "Noto Sans", "myanmar": "Noto Sans Myanmar"}
#: Attributes that hold a colour or a font name in WordprocessingML.
_COLOUR_ATTRS = (x.w("val"), x.w("fill"), x.w("color"))
_FONT_ATTRS = (x.w("ascii"), x.w("hAnsi"), x.w("eastAsia"), x.w("cs"))
LOGO_HEIGHT = Emu(int(1.6 * 360000))  # 1.6 cm, as in the PDF


def apply_theme(package: Any, theme: DocumentTheme, *, restyle: bool) -> None:
    """Recolour and refont `package` (a python-docx Document) after the writer filled it."""
    colours = {old: new.lstrip("#").upper() for role, olds in _PALETTE.items()
               if (new := theme.colours.get(role)) for old in olds}
    fonts = {_SHIPPED_FONTS[f.script]: f.family for f in theme.fonts}
    parts = [package.element]
    for section in package.sections:  # running headers and footers are parts of their own
        for hf in (section.header, section.footer, section.first_page_header, section.first_page_footer):
            if not hf.is_linked_to_previous:
                parts.append(hf._element)
    if restyle:
        parts.append(package.styles.element)
    for part in parts:
        _remap(part, colours, fonts)


def _remap(root: etree._Element, colours: dict[str, str], fonts: dict[str, str]) -> None:
    for el in root.iter(x.w("color"), x.w("shd"), x.w("top"), x.w("left"), x.w("bottom"), x.w("right"),
                        x.w("rFonts")):
        if el.tag == x.w("rFonts"):
            for attr in _FONT_ATTRS:
                value = el.get(attr)
                if value in fonts:
                    el.set(attr, fonts[value])
            continue
        for attr in _COLOUR_ATTRS:
            value = el.get(attr)
            if value and value.upper() in colours:
                el.set(attr, colours[value.upper()])


def add_logo(paragraph: Any, theme: DocumentTheme) -> None:
    """The theme's logo as a picture in `paragraph` (python-docx), with the theme's name as alt text."""
    assert theme.logo is not None
    run = paragraph.add_run()
    height = LOGO_HEIGHT
    width = Emu(int(height * theme.logo.width / max(theme.logo.height, 1)))
    shape = run.add_picture(io.BytesIO(theme.logo.bitmap), width=width, height=height)
    doc_pr = shape._inline.docPr
    doc_pr.set("descr", x.clean_text(theme.name)[:1000])
    doc_pr.set("name", "logo")
    doc_pr.set("title", x.clean_text(theme.name)[:255])
