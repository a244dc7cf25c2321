"""The shipped reference .docx: page setup, header and footer, and every style the DOCX writer uses.

Run ``python -m isp_recap.render.docx.reference OUT`` to regenerate ``reference.docx``. The package is
written part by part (no python-docx default template) so that nothing ships that nobody chose: no
theme, so no theme fonts (``*Theme`` attributes make Word and LibreOffice pick the theme's complex-script
font, which is empty, for Burmese); no ``ar-SA`` complex-script language; fonts named in the document
defaults; every size in both ``sz`` and ``szCs`` and every bold in both ``b`` and ``bCs``, because
Burmese text takes the complex-script slot (DESIGN §3). The body holds one sample paragraph per
style so that a designer can open the file in Word or LibreOffice, restyle it and hand it back as an
organisation's own reference document.
"""

from __future__ import annotations

import sys
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG_RELS_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
RT = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"

LATIN_FONT = "Noto Sans"
MYANMAR_FONT = "Noto Sans Myanmar"

# A4 in twentieths of a point, with margins wide enough for a comfortable Burmese measure.
PAGE_WIDTH, PAGE_HEIGHT = 11906, 16838
MARGIN_TOP = MARGIN_BOTTOM = 1361  # 2.4 cm
MARGIN_LEFT = MARGIN_RIGHT = 1247  # 2.2 cm
HEADER_DISTANCE = FOOTER_DISTANCE = 624  # 1.1 cm
TEXT_WIDTH = PAGE_WIDTH - MARGIN_LEFT - MARGIN_RIGHT

INK = "222222"
ACCENT = "1F4E79"
MUTED = "5F6B76"
CARD_FILL = "EDF2F7"
QUESTION_FILL = "FBF3E6"
QUESTION_BAR = "B8651B"

# Zip entries get this fixed time so that the same script always writes the same bytes.
ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)


@dataclass(frozen=True)
class StyleSpec:
    """One style of the reference document. Sizes in points, spacing in twentieths of a point."""

    style_id: str
    name: str
    kind: str = "paragraph"
    based_on: str | None = "Normal"
    next_style: str | None = None
    size: float | None = None
    bold: bool = False
    caps: bool = False
    color: str | None = None
    before: int | None = None
    after: int | None = None
    line: int | None = None
    keep_next: bool = False
    keep_lines: bool = False
    align: str | None = None
    indent_left: int | None = None
    indent_right: int | None = None
    border_left: tuple[str, int, int] | None = None  # colour, eighths of a point, space (points)
    border_bottom: tuple[str, int, int] | None = None
    border_top: tuple[str, int, int] | None = None
    fill: str | None = None
    outline_level: int | None = None
    underline: bool = False
    ui_priority: int | None = None
    tabs: tuple[tuple[str, int], ...] = ()
    sample: str = ""


STYLES: tuple[StyleSpec, ...] = (
    StyleSpec("Normal", "Normal", based_on=None, size=10.5, color=INK, after=120, line=264,
              ui_priority=0, sample="Body text. ပုံမှန် စာသား။"),
    StyleSpec("Title", "Title", next_style="Subtitle", size=26, bold=True, color=ACCENT, after=160,
              line=240, keep_next=True, keep_lines=True, ui_priority=10,
              sample="Title · ခေါင်းစဉ်"),
    StyleSpec("Subtitle", "Subtitle", size=15, color=INK, after=360, keep_next=True, ui_priority=11,
              sample="Subtitle · ခေါင်းစဉ်ငယ်"),
    StyleSpec("Heading1", "heading 1", next_style="Normal", size=16, bold=True, color=ACCENT, before=360,
              after=160, line=240, keep_next=True, keep_lines=True, outline_level=0, ui_priority=9,
              border_bottom=(ACCENT, 6, 4), sample="Heading 1 · ခေါင်းစဉ် ၁"),
    StyleSpec("Heading2", "heading 2", next_style="Normal", size=12, bold=True, caps=True, color=ACCENT,
              before=280, after=100, keep_next=True, keep_lines=True, outline_level=1, ui_priority=9,
              sample="Heading 2 · ခေါင်းစဉ် ၂"),
    StyleSpec("Quote", "Quote", size=10.5, color=INK, before=120, after=120, indent_left=340,
              indent_right=340, border_left=(ACCENT, 18, 8), ui_priority=29,
              sample="Quote · ကိုးကားချက်"),
    StyleSpec("Caption", "caption", size=8.5, color=MUTED, before=60, after=120, align="center",
              ui_priority=35, sample="Caption · ပုံစာ"),
    StyleSpec("Header", "header", size=8.5, color=MUTED, after=0, line=240,
              tabs=(("center", TEXT_WIDTH // 2), ("right", TEXT_WIDTH)), border_bottom=("B7C3CE", 4, 4),
              sample=""),
    StyleSpec("Footer", "footer", size=8.5, color=MUTED, after=0, line=240, align="center",
              tabs=(("center", TEXT_WIDTH // 2), ("right", TEXT_WIDTH)), sample=""),
    # Cover page.
    StyleSpec("CoverSeries", "Cover Series", size=11, bold=True, caps=True, color=MUTED, before=2400,
              after=240, keep_next=True, sample="Cover series · ISP နှင့် မိနစ် ၃၀"),
    StyleSpec("CoverDate", "Cover Date", size=11, color=INK, before=120, after=480, keep_next=True,
              sample="Cover date · ၂၀၂၅ ဧပြီ ၂၆"),
    StyleSpec("CoverFact", "Cover Fact", size=10, color=INK, after=160, sample="Cover fact · အချက်"),
    StyleSpec("Notice", "Notice", based_on="Quote", size=9, color="7A4A12", before=240, fill=QUESTION_FILL,
              border_left=(QUESTION_BAR, 18, 8), sample="Notice · သတိပေးချက်"),
    # Running text.
    StyleSpec("Lead", "Lead", size=11, color=INK, after=160, sample="Lead paragraph · နိဒါန်း"),
    StyleSpec("Small", "Small", size=9, color=INK, after=100, sample="Small print · စာလုံးသေး"),
    StyleSpec("Note", "Note", size=9, color=MUTED, after=100, sample="Note · မှတ်ချက်"),
    # Speaker turns.
    StyleSpec("Speaker", "Speaker", next_style="SpeakerDetails", size=10.5, bold=True, color=ACCENT,
              before=240, after=0, keep_next=True, keep_lines=True, sample="Speaker · ဆုလင်းဟန်"),
    StyleSpec("SpeakerDetails", "Speaker Details", size=8.5, color=MUTED, after=0, keep_next=True,
              keep_lines=True, sample="Speaker details · ဆက်သွယ်ရေးဌာန"),
    StyleSpec("SpeakerRole", "Speaker Role", size=8.5, bold=True, color=MUTED, after=100, keep_next=True,
              keep_lines=True, sample="Speaker role · အစီအစဉ်မှူး"),
    # Data cards (the box itself is a shaded one-cell table drawn by the writer).
    StyleSpec("CardKicker", "Card Kicker", size=8.5, bold=True, caps=True, color=ACCENT, after=40,
              keep_next=True, sample="Card kicker · ISP Data Matters အမှတ် ၁၅၃"),
    StyleSpec("CardTitle", "Card Title", size=13, bold=True, color=INK, after=120, line=240, keep_next=True,
              keep_lines=True, sample="Card title · ပို့ကုန် ငါးဆ တိုးလာ"),
    StyleSpec("CardBody", "Card Body", size=10, color=INK, after=100, sample="Card body · ကတ်စာသား"),
    StyleSpec("CardNote", "Card Note", size=8.5, color=MUTED, before=80, after=0,
              sample="Card note · ရင်းမြစ်"),
    # Questions and answers: a tinted bar so that a question stands apart from the answers.
    StyleSpec("QuestionLabel", "Question Label", size=8.5, bold=True, caps=True, color=QUESTION_BAR,
              before=240, after=0, keep_next=True, keep_lines=True, indent_left=220, fill=QUESTION_FILL,
              border_left=(QUESTION_BAR, 24, 8), sample="Question label · မေးခွန်း"),
    StyleSpec("Question", "Question", based_on="Quote", size=10.5, bold=True, color=INK, before=0,
              after=160, indent_left=220, indent_right=0, keep_next=True, fill=QUESTION_FILL,
              border_left=(QUESTION_BAR, 24, 8), sample="Question · မေးခွန်း စာသား"),
    StyleSpec("AnswerLabel", "Answer Label", size=8.5, bold=True, caps=True, color=MUTED, before=160,
              after=60, keep_next=True, sample="Answer label · စာဖြင့် ဖြေကြားချက်"),
    # Back page.
    StyleSpec("ContactName", "Contact Name", size=13, bold=True, color=ACCENT, before=2400, after=160,
              keep_next=True, sample="Contact name · အဖွဲ့အစည်း"),
    StyleSpec("Contact", "Contact", size=10, color=INK, after=60, sample="Contact · ဆက်သွယ်ရန်"),
    # Spacing after a boxed table; carries no text.
    StyleSpec("Spacer", "Spacer", size=4, after=0, line=240, sample=""),
    StyleSpec("Hyperlink", "Hyperlink", kind="character", based_on=None, color="1A5C9E", underline=True,
              ui_priority=99, sample=""),
)


def _attrs(attrs: dict[str, str | int | None]) -> str:
    return "".join(f" {k}={quoteattr(str(v))}" for k, v in attrs.items() if v is not None)


def _el(tag: str, attrs: dict[str, str | int | None] | None = None, *children: str) -> str:
    inner = "".join(children)
    if inner:
        return f"<{tag}{_attrs(attrs or {})}>{inner}</{tag}>"
    return f"<{tag}{_attrs(attrs or {})}/>"


def _half_points(size: float) -> str:
    return str(round(size * 2))


def fonts_xml() -> str:
    """The explicit fonts of the document defaults: Latin from Noto Sans, Burmese from Noto Sans Myanmar."""
    return _el("w:rFonts", {"w:ascii": LATIN_FONT, "w:hAnsi": LATIN_FONT, "w:eastAsia": MYANMAR_FONT,
                            "w:cs": MYANMAR_FONT})


def _border(side: str, spec: tuple[str, int, int]) -> str:
    color, size, space = spec
    return _el(f"w:{side}", {"w:val": "single", "w:sz": size, "w:space": space, "w:color": color})


def _ppr(s: StyleSpec) -> str:
    parts: list[str] = []
    if s.keep_next:
        parts.append("<w:keepNext/>")
    if s.keep_lines:
        parts.append("<w:keepLines/>")
    borders = [_border(side, b) for side, b in (("top", s.border_top), ("left", s.border_left),
                                                ("bottom", s.border_bottom)) if b]
    if borders:
        parts.append(_el("w:pBdr", None, *borders))
    if s.fill:
        parts.append(_el("w:shd", {"w:val": "clear", "w:color": "auto", "w:fill": s.fill}))
    if s.tabs:
        parts.append(_el("w:tabs", None, *(_el("w:tab", {"w:val": v, "w:pos": p}) for v, p in s.tabs)))
    spacing = {"w:before": s.before, "w:after": s.after, "w:line": s.line,
               "w:lineRule": "auto" if s.line is not None else None}
    if any(v is not None for v in spacing.values()):
        parts.append(_el("w:spacing", spacing))
    if s.indent_left is not None or s.indent_right is not None:
        parts.append(_el("w:ind", {"w:left": s.indent_left, "w:right": s.indent_right}))
    if s.align:
        parts.append(_el("w:jc", {"w:val": s.align}))
    if s.outline_level is not None:
        parts.append(_el("w:outlineLvl", {"w:val": s.outline_level}))
    return _el("w:pPr", None, *parts) if parts else ""


def _rpr(s: StyleSpec) -> str:
    parts: list[str] = []
    if s.style_id == "Normal":
        parts.append(fonts_xml())
    if s.bold:
        parts += ["<w:b/>", "<w:bCs/>"]
    if s.caps:
        parts.append("<w:caps/>")
    if s.color:
        parts.append(_el("w:color", {"w:val": s.color}))
    if s.size is not None:
        parts += [_el("w:sz", {"w:val": _half_points(s.size)}), _el("w:szCs", {"w:val": _half_points(s.size)})]
    if s.underline:
        parts.append(_el("w:u", {"w:val": "single"}))
    return _el("w:rPr", None, *parts) if parts else ""


def _style_xml(s: StyleSpec) -> str:
    attrs: dict[str, str | int | None] = {"w:type": s.kind, "w:styleId": s.style_id}
    if s.style_id == "Normal":
        attrs["w:default"] = "1"
    children = [_el("w:name", {"w:val": s.name})]
    if s.based_on:
        children.append(_el("w:basedOn", {"w:val": s.based_on}))
    if s.next_style:
        children.append(_el("w:next", {"w:val": s.next_style}))
    if s.ui_priority is not None:
        children.append(_el("w:uiPriority", {"w:val": s.ui_priority}))
    if s.style_id not in ("Header", "Footer", "Hyperlink", "Spacer"):
        children.append("<w:qFormat/>")
    if s.kind == "paragraph":
        children.append(_ppr(s))
    children.append(_rpr(s))
    return _el("w:style", attrs, *children)


def styles_xml() -> str:
    """``word/styles.xml``: explicit document defaults and every style in `STYLES`."""
    defaults = _el(
        "w:docDefaults", None,
        _el("w:rPrDefault", None, _el("w:rPr", None, fonts_xml(),
                                      _el("w:sz", {"w:val": 21}), _el("w:szCs", {"w:val": 21}),
                                      _el("w:lang", {"w:val": "en-US", "w:eastAsia": "en-US",
                                                     "w:bidi": "my-MM"}))),
        _el("w:pPrDefault", None, _el("w:pPr", None, _el("w:spacing", {"w:after": 120, "w:line": 264,
                                                                          "w:lineRule": "auto"}))),
    )
    builtin = [
        _el("w:style", {"w:type": "character", "w:default": "1", "w:styleId": "DefaultParagraphFont"},
            _el("w:name", {"w:val": "Default Paragraph Font"}), _el("w:uiPriority", {"w:val": 1}),
            "<w:semiHidden/>", "<w:unhideWhenUsed/>"),
        _el("w:style", {"w:type": "table", "w:default": "1", "w:styleId": "TableNormal"},
            _el("w:name", {"w:val": "Normal Table"}), _el("w:uiPriority", {"w:val": 99}),
            "<w:semiHidden/>", "<w:unhideWhenUsed/>",
            _el("w:tblPr", None, _el("w:tblInd", {"w:w": 0, "w:type": "dxa"}),
                _el("w:tblCellMar", None, _el("w:top", {"w:w": 0, "w:type": "dxa"}),
                    _el("w:left", {"w:w": 108, "w:type": "dxa"}), _el("w:bottom", {"w:w": 0, "w:type": "dxa"}),
                    _el("w:right", {"w:w": 108, "w:type": "dxa"})))),
    ]
    body = defaults + "".join(builtin) + "".join(_style_xml(s) for s in STYLES)
    return _xml_decl() + f'<w:styles xmlns:w="{W_NS}" xmlns:r="{R_NS}">{body}</w:styles>'


def _xml_decl() -> str:
    return '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'


def _sample_run(text: str) -> str:
    # Sample text mixes scripts; give each run the properties the writer gives (DESIGN §3).
    runs = []
    for chunk, burmese in _split_scripts(text):
        fonts = _el("w:rFonts", {"w:ascii": LATIN_FONT, "w:hAnsi": MYANMAR_FONT if burmese else LATIN_FONT,
                                 "w:eastAsia": MYANMAR_FONT, "w:cs": MYANMAR_FONT})
        lang = _el("w:lang", {"w:val": "en-US", "w:bidi": "my-MM"})
        runs.append(_el("w:r", None, _el("w:rPr", None, fonts, lang),
                        _el("w:t", {"xml:space": "preserve"}, escape(chunk))))
    return "".join(runs)


def _split_scripts(text: str) -> Iterable[tuple[str, bool]]:
    if "·" not in text:
        yield text, False
        return
    latin, burmese = text.split("·", 1)
    yield latin + "·", False
    yield burmese, True


def _field_runs(instr: str) -> str:
    return (
        _el("w:r", None, _el("w:fldChar", {"w:fldCharType": "begin"}))
        + _el("w:r", None, _el("w:instrText", {"xml:space": "preserve"}, f" {instr} "))
        + _el("w:r", None, _el("w:fldChar", {"w:fldCharType": "separate"}))
        + _el("w:r", None, _el("w:t", None, "1"))
        + _el("w:r", None, _el("w:fldChar", {"w:fldCharType": "end"}))
    )


def _hdr_ftr(root: str, paragraph: str) -> str:
    return _xml_decl() + f'<w:{root} xmlns:w="{W_NS}" xmlns:r="{R_NS}">{paragraph}</w:{root}>'


def header_xml(text: str = "Series — Title of the memo") -> str:
    """A header part with the running header (the writer replaces the text)."""
    # The empty first-page header of the cover takes the borderless Spacer style, not Header.
    style = "Header" if text else "Spacer"
    p = _el("w:p", None, _el("w:pPr", None, _el("w:pStyle", {"w:val": style})), _sample_run(text) if text else "")
    return _hdr_ftr("hdr", p)


def footer_xml(with_page_numbers: bool = True) -> str:
    """A footer part with "Page N of M" built from PAGE and NUMPAGES fields."""
    inner = ""
    if with_page_numbers:
        inner = (_sample_run("Page ") + _field_runs("PAGE") + _sample_run(" of ") + _field_runs("NUMPAGES"))
    style = "Footer" if with_page_numbers else "Spacer"
    p = _el("w:p", None, _el("w:pPr", None, _el("w:pStyle", {"w:val": style})), inner)
    return _hdr_ftr("ftr", p)


def section_xml() -> str:
    """The section: A4 portrait, margins, distinct (empty) first-page header and footer for the cover."""
    return _el(
        "w:sectPr", None,
        _el("w:headerReference", {"w:type": "default", "r:id": "rIdHeaderDefault"}),
        _el("w:headerReference", {"w:type": "first", "r:id": "rIdHeaderFirst"}),
        _el("w:footerReference", {"w:type": "default", "r:id": "rIdFooterDefault"}),
        _el("w:footerReference", {"w:type": "first", "r:id": "rIdFooterFirst"}),
        _el("w:pgSz", {"w:w": PAGE_WIDTH, "w:h": PAGE_HEIGHT}),
        _el("w:pgMar", {"w:top": MARGIN_TOP, "w:right": MARGIN_RIGHT, "w:bottom": MARGIN_BOTTOM,
                        "w:left": MARGIN_LEFT, "w:header": HEADER_DISTANCE, "w:footer": FOOTER_DISTANCE,
                        "w:gutter": 0}),
        _el("w:cols", {"w:space": 708}),
        "<w:titlePg/>",
        _el("w:docGrid", {"w:linePitch": 360}),
    )


def document_xml(styles: Sequence[StyleSpec] = STYLES) -> str:
    """The body: one sample paragraph per paragraph style, then the section properties."""
    paragraphs = [
        _el("w:p", None, _el("w:pPr", None, _el("w:pStyle", {"w:val": s.style_id})), _sample_run(s.sample))
        for s in styles if s.kind == "paragraph" and s.sample
    ]
    body = _el("w:body", None, *paragraphs, section_xml())
    return _xml_decl() + f'<w:document xmlns:w="{W_NS}" xmlns:r="{R_NS}">{body}</w:document>'


def settings_xml() -> str:
    """``word/settings.xml``: no attached template, no compatibility quirks beyond Word 2013 mode."""
    return _xml_decl() + (
        f'<w:settings xmlns:w="{W_NS}" xmlns:r="{R_NS}">'
        '<w:defaultTabStop w:val="709"/>'
        '<w:characterSpacingControl w:val="doNotCompress"/>'
        '<w:compat><w:compatSetting w:name="compatibilityMode" '
        'w:uri="http://schemas.microsoft.com/office/word" w:val="15"/></w:compat>'
        '</w:settings>'
    )


def font_table_xml() -> str:
    """``word/fontTable.xml``: the two families, so Word can suggest a substitute when one is missing."""
    fonts = "".join(
        _el("w:font", {"w:name": name}, _el("w:charset", {"w:val": "00"}), _el("w:family", {"w:val": "swiss"}),
            _el("w:pitch", {"w:val": "variable"}))
        for name in (LATIN_FONT, MYANMAR_FONT)
    )
    return _xml_decl() + f'<w:fonts xmlns:w="{W_NS}" xmlns:r="{R_NS}">{fonts}</w:fonts>'


def _rels(rels: Sequence[tuple[str, str, str]]) -> str:
    items = "".join(_el("Relationship", {"Id": rid, "Type": kind if kind.startswith("http") else RT + kind,
                                         "Target": target})
                    for rid, kind, target in rels)
    return _xml_decl() + f'<Relationships xmlns="{PKG_RELS_NS}">{items}</Relationships>'


def core_xml() -> str:
    """``docProps/core.xml`` of the reference itself (the writer replaces it)."""
    return _xml_decl() + (
        '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" '
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
        "<dc:title>isp-recap reference document</dc:title><dc:creator>isp-recap</dc:creator>"
        '<dcterms:created xsi:type="dcterms:W3CDTF">2025-01-01T00:00:00Z</dcterms:created>'
        '<dcterms:modified xsi:type="dcterms:W3CDTF">2025-01-01T00:00:00Z</dcterms:modified>'
        "</cp:coreProperties>"
    )


CORE_PROPERTIES_RT = "http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties"
CT = "application/vnd.openxmlformats-officedocument.wordprocessingml."


def content_types_xml() -> str:
    """``[Content_Types].xml`` for the parts above."""
    overrides = [
        ("/word/document.xml", CT + "document.main+xml"),
        ("/word/styles.xml", CT + "styles+xml"),
        ("/word/settings.xml", CT + "settings+xml"),
        ("/word/fontTable.xml", CT + "fontTable+xml"),
        ("/word/header1.xml", CT + "header+xml"),
        ("/word/header2.xml", CT + "header+xml"),
        ("/word/footer1.xml", CT + "footer+xml"),
        ("/word/footer2.xml", CT + "footer+xml"),
        ("/docProps/core.xml", "application/vnd.openxmlformats-package.core-properties+xml"),
    ]
    items = (
        _el("Default", {"Extension": "rels", "ContentType": "application/vnd.openxmlformats-package.relationships+xml"})
        + _el("Default", {"Extension": "xml", "ContentType": "application/xml"})
        + "".join(_el("Override", {"PartName": name, "ContentType": ct}) for name, ct in overrides)
    )
    return _xml_decl() + (
        f'<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">{items}</Types>'
    )


def reference_parts() -> list[tuple[str, str]]:
    """Every part of the reference package, in the order they are zipped."""
    return [
        ("[Content_Types].xml", content_types_xml()),
        ("_rels/.rels", _rels([
            ("rId1", "officeDocument", "word/document.xml"),
            ("rId2", CORE_PROPERTIES_RT, "docProps/core.xml"),
        ])),
        ("docProps/core.xml", core_xml()),
        ("word/document.xml", document_xml()),
        ("word/_rels/document.xml.rels", _rels([
            ("rIdStyles", "styles", "styles.xml"),
            ("rIdSettings", "settings", "settings.xml"),
            ("rIdFontTable", "fontTable", "fontTable.xml"),
            ("rIdHeaderDefault", "header", "header1.xml"),
            ("rIdHeaderFirst", "header", "header2.xml"),
            ("rIdFooterDefault", "footer", "footer1.xml"),
            ("rIdFooterFirst", "footer", "footer2.xml"),
        ])),
        ("word/styles.xml", styles_xml()),
        ("word/settings.xml", settings_xml()),
        ("word/fontTable.xml", font_table_xml()),
        ("word/header1.xml", header_xml()),
        ("word/header2.xml", header_xml("")),
        ("word/footer1.xml", footer_xml()),
        ("word/footer2.xml", footer_xml(with_page_numbers=False)),
    ]


def build_reference() -> bytes:
    """The reference .docx as bytes; the same bytes on every run."""
    import io

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, text in reference_parts():
            info = zipfile.ZipInfo(name, ZIP_EPOCH)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            zf.writestr(info, text.encode("utf-8"))
    return buffer.getvalue()


def main(argv: Sequence[str] | None = None) -> int:
    """Write the reference document to the path given on the command line."""
    args = list(sys.argv[1:] if argv is None else argv)
    if len(args) != 1:
        print("usage: python -m isp_recap.render.docx.reference OUT.docx", file=sys.stderr)
        return 2
    Path(args[0]).write_bytes(build_reference())
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
