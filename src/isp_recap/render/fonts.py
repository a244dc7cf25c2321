"""The fonts the package ships, and the faces made from them (web subsets, the oblique for emphasis).

Shared by the writers: the HTML writer names them in `@font-face` rules (subset and embedded in the
web page, linked for print), the PDF fetcher serves them, the PDF writer checks they were loaded. The
font files themselves live in `render/fonts/` (Noto Sans, Noto Sans Myanmar; OFL).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from ..resources import render_data


@dataclass(frozen=True)
class FontFace:
    """One bundled font file and the @font-face descriptors it serves."""

    family: str
    weight: int
    file: str


FONTS = (
    FontFace("Noto Sans", 400, "NotoSans-Regular.ttf"),
    FontFace("Noto Sans", 700, "NotoSans-Bold.ttf"),
    FontFace("Noto Sans Myanmar", 400, "NotoSansMyanmar-Regular.ttf"),
    FontFace("Noto Sans Myanmar", 700, "NotoSansMyanmar-Bold.ttf"),
)

#: Slant of the oblique faces made for emphasis (Noto Sans Italic leans about 12 degrees).
OBLIQUE_DEGREES = 11.0
#: Characters the oblique faces cover: Latin, general punctuation, currency. Burmese has no italic
#: convention, so emphasised Burmese stays upright in Noto Sans Myanmar.
OBLIQUE_RANGES = ((0x20, 0x17F), (0x2000, 0x20CF))


@lru_cache(maxsize=16)
def subset_font(file: str, chars: frozenset[str]) -> tuple[bytes, str]:
    """A bundled font subset to `chars` (all OpenType layout kept, so Burmese still shapes).

    Returns the bytes and their format: `woff2` when Brotli is available (it is a WeasyPrint
    dependency), else `truetype`.
    """
    return subset_font_data(render_data("fonts", file).read_bytes(), chars)


def subset_font_data(data: bytes, chars: frozenset[str]) -> tuple[bytes, str]:
    """Like `subset_font`, for a font given as bytes (a theme's)."""
    import io

    # Screens hint by themselves; no hinting drops a third of the size.
    subset = subset_face(data, chars, hinting=False)
    try:
        import brotli  # noqa: F401
        from fontTools.ttLib import TTFont
    except ImportError:  # pragma: no cover - brotli comes with WeasyPrint's fonttools[woff]
        return subset, "truetype"
    font = TTFont(io.BytesIO(subset), recalcTimestamp=False)
    font.flavor = "woff2"
    out = io.BytesIO()
    font.save(out)
    return out.getvalue(), "woff2"


def subset_face(data: bytes, chars: frozenset[str], *, hinting: bool = True) -> bytes:
    """A TrueType/OpenType face cut down to `chars`, with every glyph its layout tables reach from them.

    The one subsetter of the web page's and the DOCX's fonts (WeasyPrint subsets the PDF's itself).
    HarfBuzz's (through uharfbuzz, already here for the shaping lint): 1-3 ms a face, where
    fontTools' took 0.2-0.4 s. Every layout feature, script, name and name language is kept (Burmese
    shapes through many GSUB and GPOS features; HarfBuzz's default keeps only a list of common
    ones), and `.notdef` keeps its outline, as a box is what a reader should see for a character the
    subset lacks. `hinting=False` drops the hinting instructions. The output holds no time or random
    data: the same characters give the same bytes.
    """
    import unicodedata

    import uharfbuzz as hb

    face = hb.Face(hb.Blob(data))
    # Shapers normalise as they go: a precomposed letter (U+1026) is drawn from its parts when the
    # face has them, and parts (U+1025 U+102E) by the precomposed glyph when it has that. The subset
    # keeps both directions, so it draws what the whole face would: each character's canonical
    # decomposition, and each composed character of the face whose parts are all kept.
    wanted = {ord(part) for c in chars for part in c + unicodedata.normalize("NFD", c)}
    wanted |= {u for u in face.unicodes if all(ord(p) in wanted for p in unicodedata.normalize("NFD", chr(u)))}
    request = hb.SubsetInput()
    request.sets(hb.SubsetInputSets.UNICODE).update(wanted)
    for kept_whole in (hb.SubsetInputSets.LAYOUT_FEATURE_TAG, hb.SubsetInputSets.LAYOUT_SCRIPT_TAG,
                       hb.SubsetInputSets.NAME_ID, hb.SubsetInputSets.NAME_LANG_ID):
        every = request.sets(kept_whole)
        every.clear()
        every.invert()  # the empty set inverted: all of them
    request.flags = hb.SubsetFlags.NOTDEF_OUTLINE | (hb.SubsetFlags.DEFAULT if hinting else hb.SubsetFlags.NO_HINTING)
    subset = hb.subset(face, request)
    if subset is None:
        raise RuntimeError("HarfBuzz could not subset a font")
    return bytes(subset.blob.data)


@lru_cache(maxsize=4)
def oblique_font(file: str) -> bytes:
    """An oblique (slanted) face of a bundled Latin font, for emphasis in print.

    The outlines are sheared by `OBLIQUE_DEGREES`, advances and kerning are kept, hinting is
    dropped (it no longer fits the outlines). The OFL allows modified versions; Noto reserves no
    font name. Deterministic (no timestamps), so PDFs stay reproducible.
    """
    import io
    import math

    from fontTools import subset

    options = subset.Options()
    options.layout_features = ["*"]
    options.name_IDs = ["*"]
    options.notdef_outline = True
    options.hinting = False
    options.recalc_timestamp = False
    font = subset.load_font(str(render_data("fonts", file)), options)
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=[c for lo, hi in OBLIQUE_RANGES for c in range(lo, hi + 1)])
    subsetter.subset(font)
    shear = math.tan(math.radians(OBLIQUE_DEGREES))
    glyf = font["glyf"]
    for name in font.getGlyphOrder():
        glyph = glyf[name]
        if glyph.isComposite():
            for component in glyph.components:  # offsets move with the shear, outlines follow
                component.x = round(component.x + shear * component.y)
        elif glyph.numberOfContours > 0:
            glyph.coordinates.transform(((1, 0), (shear, 1)))
            glyph.coordinates.toInt()
    for name in font.getGlyphOrder():
        glyf[name].recalcBounds(glyf)
    font["post"].italicAngle = -OBLIQUE_DEGREES
    font["head"].macStyle |= 0b10  # italic
    font["OS/2"].fsSelection = (font["OS/2"].fsSelection | 0b1) & ~0b100_0000  # italic, not regular
    out = io.BytesIO()
    font.save(out)
    return out.getvalue()
