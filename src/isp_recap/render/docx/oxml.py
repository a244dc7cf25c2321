"""Raw WordprocessingML helpers for the DOCX writer, kept apart from python-docx's friendly API.

What python-docx cannot say: the complex-script half of run properties (Burmese takes the ``cs``
font, ``szCs``, ``bCs`` and ``w:lang/@w:bidi``, DESIGN §3), cell shading and borders, fields, and
the styles of a reference document. Cleaning an untrusted reference package is in `package`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from lxml import etree  # type: ignore[import-untyped]  # no stubs installed; python-docx is built on it

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG_RELS_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
CT_NS = "http://schemas.openxmlformats.org/package/2006/content-types"
XML_NS = "http://www.w3.org/XML/1998/namespace"

LATIN_FONT = "Noto Sans"
MYANMAR_FONT = "Noto Sans Myanmar"
COMPLEX_SCRIPT_LANG = "my-MM"

_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\u200b]")


def w(tag: str) -> str:
    """Clark name of a WordprocessingML element or attribute."""
    return f"{{{W_NS}}}{tag}"


def clean_text(text: str) -> str:
    """Text safe for ``w:t``: no XML-invalid characters, no U+200B (a PDF-only break aid, DESIGN §3)."""
    return _XML_INVALID.sub("", text)


def _sub(parent: etree._Element, tag: str, **attrs: str) -> etree._Element:
    el = etree.SubElement(parent, w(tag))
    for key, value in attrs.items():
        el.set(w(key), value)
    return el


def run_properties(myanmar: bool, *, bold: bool = False, italic: bool = False, size: int | None = None,
                   style_id: str | None = None) -> etree._Element:
    """A complete ``w:rPr`` for a run of Myanmar script or of other text, children in schema order.

    Every run names its fonts and languages so that neither the reader's defaults nor a reference
    document's theme decide how Burmese is drawn (DESIGN §3). A Myanmar run takes Noto Sans Myanmar
    in every slot but ``ascii`` (Word may take Burmese from ``hAnsi``; LibreOffice takes it from
    ``cs``); other text takes Noto Sans in every slot. Bold and size go to both the Latin and the
    complex-script properties; the complex-script language is Burmese. `size` is in half-points.
    """
    rpr = etree.Element(w("rPr"))
    if style_id:
        _sub(rpr, "rStyle", val=style_id)
    other = MYANMAR_FONT if myanmar else LATIN_FONT
    _sub(rpr, "rFonts", ascii=LATIN_FONT, hAnsi=other, eastAsia=other, cs=other)
    if bold:
        _sub(rpr, "b")
        _sub(rpr, "bCs")
    if italic:
        _sub(rpr, "i")
        _sub(rpr, "iCs")
    if size is not None:
        _sub(rpr, "sz", val=str(size))
        _sub(rpr, "szCs", val=str(size))
    if myanmar:
        # Word picks a run's font slot per character: Myanmar characters go to the complex-script
        # slot only when the run says it is complex script (`w:cs`, ECMA-376 §17.3.2.7; MS-OI29500
        # on §17.3.2.26: without it Word draws them with the hAnsi font). A complex-script run is
        # proofed in the language of `w:lang/@w:bidi`, the others in `@w:val`: Burmese in all three.
        _sub(rpr, "cs")
        _sub(rpr, "lang", val=COMPLEX_SCRIPT_LANG, eastAsia=COMPLEX_SCRIPT_LANG, bidi=COMPLEX_SCRIPT_LANG)
    else:
        _sub(rpr, "lang", val="en-US", bidi=COMPLEX_SCRIPT_LANG)
    return rpr


def text_run(text: str, rpr: etree._Element) -> etree._Element:
    """A ``w:r`` with properties `rpr` (copied) and one ``w:t``; tabs become ``w:tab``."""
    r = etree.Element(w("r"))
    r.append(_copy(rpr))
    for i, chunk in enumerate(clean_text(text).split("\t")):
        if i:
            etree.SubElement(r, w("tab"))
        if chunk:
            t = etree.SubElement(r, w("t"))
            t.text = chunk
            if chunk != chunk.strip() or "  " in chunk:
                t.set(f"{{{XML_NS}}}space", "preserve")
    return r


def field_runs(instr: str, placeholder: str, rpr: etree._Element) -> list[etree._Element]:
    """A complex field (``PAGE``, ``NUMPAGES``): begin, instruction, separate, cached result, end."""
    runs = []
    for kind in ("begin", "instr", "separate", "result", "end"):
        r = etree.Element(w("r"))
        r.append(_copy(rpr))
        if kind == "instr":
            it = etree.SubElement(r, w("instrText"))
            it.set(f"{{{XML_NS}}}space", "preserve")
            it.text = f" {instr} "
        elif kind == "result":
            etree.SubElement(r, w("t")).text = placeholder
        else:
            _sub(r, "fldChar", fldCharType=kind)
        runs.append(r)
    return runs


def _copy(el: etree._Element) -> etree._Element:
    return etree.fromstring(etree.tostring(el))


# -- paragraph, cell and table formatting ---------------------------------------------------------

_PPR_ORDER = ["pStyle", "keepNext", "keepLines", "pageBreakBefore", "framePr", "widowControl", "numPr",
              "suppressLineNumbers", "pBdr", "shd", "tabs", "suppressAutoHyphens", "kinsoku", "wordWrap",
              "overflowPunct", "topLinePunct", "autoSpaceDE", "autoSpaceDN", "bidi", "adjustRightInd",
              "snapToGrid", "spacing", "ind", "contextualSpacing", "mirrorIndents", "suppressOverlap", "jc",
              "textDirection", "textAlignment", "textboxTightWrap", "outlineLvl", "divId", "cnfStyle", "rPr",
              "sectPr", "pPrChange"]
_TCPR_ORDER = ["cnfStyle", "tcW", "gridSpan", "hMerge", "vMerge", "tcBorders", "shd", "noWrap", "tcMar",
               "textDirection", "tcFitText", "vAlign", "hideMark"]
_TBLPR_ORDER = ["tblStyle", "tblpPr", "tblOverlap", "bidiVisual", "tblStyleRowBandSize", "tblStyleColBandSize",
                "tblW", "jc", "tblCellSpacing", "tblInd", "tblBorders", "shd", "tblLayout", "tblCellMar",
                "tblLook"]


def set_child(parent: etree._Element, tag: str, order: list[str], **attrs: str) -> etree._Element:
    """Replace (or add) child `tag` of `parent`, keeping the schema's order of children."""
    for old in parent.findall(w(tag)):
        parent.remove(old)
    el = etree.Element(w(tag))
    for key, value in attrs.items():
        el.set(w(key), value)
    rank = order.index(tag)
    for i, child in enumerate(parent):
        name = etree.QName(child).localname
        if name in order and order.index(name) > rank:
            parent.insert(i, el)
            break
    else:
        parent.append(el)
    return el


def _get_or_add(parent: etree._Element, tag: str, first: bool = True) -> etree._Element:
    found = parent.find(w(tag))
    if found is None:
        found = etree.Element(w(tag))
        if first:
            parent.insert(0, found)
        else:
            parent.append(found)
    return found


def paragraph_property(p: etree._Element, tag: str, **attrs: str) -> None:
    """Set a paragraph property: ``keepNext``, ``pageBreakBefore`` (no attributes), ``pStyle``, ``jc``."""
    set_child(_get_or_add(p, "pPr"), tag, _PPR_ORDER, **attrs)


def paragraph_tabs(p: etree._Element, tabs: Iterable[tuple[str, int]], clear: Iterable[int] = ()) -> None:
    """Tab stops (alignment, position in twips) on a paragraph; `clear` removes the style's stops."""
    el = set_child(_get_or_add(p, "pPr"), "tabs", _PPR_ORDER)
    wanted = list(tabs)
    for pos in sorted(set(clear) - {pos for _, pos in wanted}):
        _sub(el, "tab", val="clear", pos=str(pos))
    for align, pos in wanted:
        _sub(el, "tab", val=align, pos=str(pos))


def cell_shading(tc: etree._Element, fill: str) -> None:
    """Fill a table cell with a solid colour."""
    set_child(_get_or_add(tc, "tcPr"), "shd", _TCPR_ORDER, val="clear", color="auto", fill=fill)


def cell_borders(tc: etree._Element, **sides: tuple[str, int] | None) -> None:
    """Cell borders: ``left=("1F4E79", 24)`` (colour, eighths of a point); None draws no line."""
    el = set_child(_get_or_add(tc, "tcPr"), "tcBorders", _TCPR_ORDER)
    for side in ("top", "left", "bottom", "right"):
        if side in sides:
            spec = sides[side]
            if spec is None:
                _sub(el, side, val="nil")
            else:
                _sub(el, side, val="single", sz=str(spec[1]), space="0", color=spec[0])


def cell_margins(tc: etree._Element, top: int, left: int, bottom: int, right: int) -> None:
    """Inner margins of one cell, in twips."""
    el = set_child(_get_or_add(tc, "tcPr"), "tcMar", _TCPR_ORDER)
    for side, value in (("top", top), ("left", left), ("bottom", bottom), ("right", right)):
        _sub(el, side, w=str(value), type="dxa")


def cell_valign(tc: etree._Element, value: str) -> None:
    """Vertical alignment of a cell's content: ``top``, ``center`` or ``bottom``."""
    set_child(_get_or_add(tc, "tcPr"), "vAlign", _TCPR_ORDER, val=value)


def cell_width(tc: etree._Element, width: int) -> None:
    """The preferred width of a cell, in twips."""
    set_child(_get_or_add(tc, "tcPr"), "tcW", _TCPR_ORDER, w=str(width), type="dxa")


def table_layout(tbl: etree._Element, widths: list[int], *, inside_v: tuple[str, int] | None = None) -> None:
    """Fixed layout, exact column widths, no borders except an optional rule between the columns."""
    tblpr = _get_or_add(tbl, "tblPr")
    for tag in ("tblStyle",):
        for old in tblpr.findall(w(tag)):
            tblpr.remove(old)
    set_child(tblpr, "tblW", _TBLPR_ORDER, w=str(sum(widths)), type="dxa")
    set_child(tblpr, "tblInd", _TBLPR_ORDER, w="0", type="dxa")
    borders = set_child(tblpr, "tblBorders", _TBLPR_ORDER)
    for side in ("top", "left", "bottom", "right", "insideH"):
        _sub(borders, side, val="nil")
    if inside_v:
        _sub(borders, "insideV", val="single", sz=str(inside_v[1]), space="0", color=inside_v[0])
    else:
        _sub(borders, "insideV", val="nil")
    set_child(tblpr, "tblLayout", _TBLPR_ORDER, type="fixed")
    # A layout table: no header row, first column or banding (python-docx's default look claims a
    # header row that no row is, and Word's accessibility checker reads that look).
    set_child(tblpr, "tblLook", _TBLPR_ORDER, val="0600", firstRow="0", lastRow="0", firstColumn="0",
              lastColumn="0", noHBand="1", noVBand="1")
    grid = tbl.find(w("tblGrid"))
    if grid is not None:
        for col, width in zip(grid.findall(w("gridCol")), widths, strict=False):
            col.set(w("w"), str(width))


# -- styles of a reference document ---------------------------------------------------------------

_THEME_ATTRS = ("asciiTheme", "hAnsiTheme", "eastAsiaTheme", "cstheme")


def clean_styles(styles: etree._Element) -> None:
    """Make a styles part safe for Burmese, in place.

    Theme font attributes go (a theme's complex-script font is usually empty, so Burmese fell back
    to an arbitrary font), every complex-script language becomes ``my-MM`` (not ``ar-SA``), the
    document defaults name Noto Sans and Noto Sans Myanmar, and every size and bold of a style is
    mirrored into ``szCs`` and ``bCs`` so Burmese headings get the heading's size and weight.
    """
    for fonts in styles.iter(w("rFonts")):
        for attr in _THEME_ATTRS:
            fonts.attrib.pop(w(attr), None)
    for lang in styles.iter(w("lang")):
        if lang.get(w("bidi")) is not None:
            lang.set(w("bidi"), COMPLEX_SCRIPT_LANG)
    defaults = styles.find(w("docDefaults"))
    if defaults is None:
        defaults = etree.Element(w("docDefaults"))
        styles.insert(0, defaults)
    rpr_default = _get_or_add(defaults, "rPrDefault")
    rpr = _get_or_add(rpr_default, "rPr")
    fonts = _get_or_add(rpr, "rFonts")
    fonts.set(w("ascii"), fonts.get(w("ascii")) or LATIN_FONT)
    fonts.set(w("hAnsi"), fonts.get(w("hAnsi")) or LATIN_FONT)
    fonts.set(w("eastAsia"), MYANMAR_FONT)
    fonts.set(w("cs"), MYANMAR_FONT)
    lang = rpr.find(w("lang"))
    if lang is None:
        lang = etree.SubElement(rpr, w("lang"))
        lang.set(w("val"), "en-US")
    lang.set(w("bidi"), COMPLEX_SCRIPT_LANG)
    for rpr in styles.iter(w("rPr")):
        mirror_complex_script(rpr)


def default_language(styles: etree._Element, lang: str) -> None:
    """The document's language in the defaults (`docDefaults`): `lang` for Latin and East Asian text,
    Burmese for complex-script text (what `clean_styles` leaves there)."""
    rpr = _get_or_add(_get_or_add(_get_or_add(styles, "docDefaults"), "rPrDefault"), "rPr")
    el = rpr.find(w("lang"))
    if el is None:
        el = etree.SubElement(rpr, w("lang"))
    el.set(w("val"), lang)
    el.set(w("eastAsia"), lang)
    el.set(w("bidi"), COMPLEX_SCRIPT_LANG)


def mirror_complex_script(rpr: etree._Element) -> None:
    """Copy ``sz`` to ``szCs`` and ``b`` to ``bCs`` where the complex-script twin is missing."""
    for latin, cs in (("b", "bCs"), ("sz", "szCs")):
        el = rpr.find(w(latin))
        if el is not None and rpr.find(w(cs)) is None:
            twin = etree.Element(w(cs))
            for key, value in el.attrib.items():
                twin.set(key, value)
            el.addnext(twin)
