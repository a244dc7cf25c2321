"""An accessibility checker for the DOCX editions: it opens the package's XML and tests each rule.

`check(data, doc)` returns the problems found (empty: the file passes). The rules are the ones Word's
Accessibility Checker and the PDF/UA-like checks of tests/pdf_structure.py ask for, decided from the
XML alone (docs/accessibility.md lists them):

- document language: `w:docDefaults` `w:lang` is the edition's (`en-US` or `my-MM`, Burmese as the
  complex-script language), `dc:language` in core.xml the same, every run of Burmese text `my-MM`;
- title: `dc:title` in core.xml is the Document's title;
- pictures: every `wp:docPr` has a non-empty `descr` (alt text, every language of the edition) and
  a `title`;
- tables: a table says whether its first row is a header row, and says it the same way twice:
  `w:tblHeader` on the row exactly when `w:tblLook` has `firstRow` on (the writer's tables are layout
  tables: no header row, and no header-row formatting claiming one);
- no empty paragraph used for spacing: an empty paragraph only where the file format needs one
  (a cell's only paragraph, the paragraph after a table that keeps two tables apart or ends the body
  or a cell, one that carries a page break before a table), never two in a row;
- headings: real heading styles (an outline level through the style), the first at level 1 and none
  more than one level below the one before; every heading of the Document (sections, data cards,
  the contact block) is such a heading;
- lists: a paragraph with `w:numPr` refers to a numbering that exists; no typed bullet characters;
- links: every `w:hyperlink` resolves to a relationship and holds text;
- contrast: every run of text against its background (the paragraph's or the cell's shading, else
  white) is at least 4.5:1, 3:1 for large text (18 pt, or 14 pt bold), WCAG 2.x 1.4.3, with colours
  and sizes resolved through the run, its character style, the paragraph style chain and the defaults.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass

from lxml import etree  # type: ignore[import-untyped]

from isp_recap.document.nodes import Contact, DataCardBlock, Document, Heading

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
WP = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"
NS = {"w": W, "r": R, "wp": WP, "dc": "http://purl.org/dc/elements/1.1/",
      "cp": "http://schemas.openxmlformats.org/package/2006/metadata/core-properties",
      "rel": "http://schemas.openxmlformats.org/package/2006/relationships"}
MYANMAR = re.compile("[\u1000-\u109f\uaa60-\uaa7f\ua9e0-\ua9ff]")
BULLETS = ("\u2022", "\u25e6", "\u25aa", "\u25cf", "\u2023", "\u2043")
_SPACE = re.compile(r"[\s\u200b\u2060]+")
TEXT_PARTS = re.compile(r"word/(document|header\d*|footer\d*)\.xml$")


def w(tag: str) -> str:
    return f"{{{W}}}{tag}"


@dataclass
class Report:
    problems: list[str]
    headings: list[tuple[int, str]]  # (level, text) in document order

    def __bool__(self) -> bool:
        return not self.problems


def _text(el: etree._Element) -> str:
    return "".join(t.text or "" for t in el.iter(w("t")))


def _locale(lang: str) -> str:
    return "my-MM" if lang == "my" else "en-US"


def _styles(styles: etree._Element) -> dict[str, etree._Element]:
    return {s.get(w("styleId")): s for s in styles.findall("w:style", NS)}


def _outline_level(style_id: str | None, styles: dict[str, etree._Element]) -> int | None:
    """A paragraph style's outline level (0 = heading 1), through basedOn; None for body text."""
    seen: set[str] = set()
    while style_id and style_id in styles and style_id not in seen:
        seen.add(style_id)
        style = styles[style_id]
        level = style.find("w:pPr/w:outlineLvl", NS)
        if level is not None:
            value = int(level.get(w("val")))
            return value if value < 9 else None  # 9 = body text
        based = style.find("w:basedOn", NS)
        style_id = based.get(w("val")) if based is not None else None
    return None


def _style_value(style_id: str | None, styles: dict[str, etree._Element], path: str) -> etree._Element | None:
    """The first element at `path` inside a style or the styles it is based on."""
    seen: set[str] = set()
    while style_id and style_id in styles and style_id not in seen:
        seen.add(style_id)
        found = styles[style_id].find(path, NS)
        if found is not None:
            return found
        based = styles[style_id].find("w:basedOn", NS)
        style_id = based.get(w("val")) if based is not None else None
    return None


def _luminance(colour: str) -> float:
    channels = [int(colour[i:i + 2], 16) / 255 for i in (0, 2, 4)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a: str, b: str) -> float:
    """WCAG 2.x contrast ratio of two RRGGBB colours."""
    high, low = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def _contrast_problems(body: etree._Element, styles: dict[str, etree._Element], defaults: etree._Element | None,
                       problems: list[str]) -> None:
    seen: set[tuple[str, str, bool]] = set()
    for r in body.iter(w("r")):
        text = _SPACE.sub("", _text(r))
        if not text:
            continue
        p = next((a for a in r.iterancestors(w("p"))), None)
        if p is None:
            continue
        pstyle = p.find("w:pPr/w:pStyle", NS)
        pid = pstyle.get(w("val")) if pstyle is not None else None
        rstyle = r.find("w:rPr/w:rStyle", NS)
        rid = rstyle.get(w("val")) if rstyle is not None else None

        def prop(path: str, _r: etree._Element = r, _rid: str | None = rid,
                 _pid: str | None = pid) -> etree._Element | None:
            for found in (_r.find(f"w:rPr/{path}", NS), _style_value(_rid, styles, f"w:rPr/{path}"),
                          _style_value(_pid, styles, f"w:rPr/{path}"),
                          defaults.find(path, NS) if defaults is not None else None):
                if found is not None:
                    return found
            return None

        colour_el = prop("w:color")
        colour = colour_el.get(w("val")) if colour_el is not None else "auto"
        if not re.fullmatch(r"[0-9A-Fa-f]{6}", colour or ""):
            continue  # "auto": the reader picks black or white against the background
        background = "FFFFFF"
        shd = p.find("w:pPr/w:shd", NS)
        if shd is None:
            shd = _style_value(pid, styles, "w:pPr/w:shd")
        if shd is None:
            tc = next((a for a in r.iterancestors(w("tc"))), None)
            shd = tc.find("w:tcPr/w:shd", NS) if tc is not None else None
        if shd is not None and re.fullmatch(r"[0-9A-Fa-f]{6}", shd.get(w("fill")) or ""):
            background = shd.get(w("fill"))
        size_el = prop("w:sz")
        size = int(size_el.get(w("val"))) / 2 if size_el is not None else 10.0
        bold_el = prop("w:b")
        bold = bold_el is not None and bold_el.get(w("val"), "1") not in ("0", "false", "off")
        large = size >= 18 or (bold and size >= 14)
        ratio = contrast(colour, background)
        key = (colour.upper(), background.upper(), large)
        if ratio < (3.0 if large else 4.5) and key not in seen:
            seen.add(key)
            problems.append(f"contrast {ratio:.2f}:1 of #{colour} on #{background} ({size:g} pt"
                            f"{' bold' if bold else ''}, style {pid}): {text[:30]!r}")


def _is_empty(p: etree._Element) -> bool:
    return (not _SPACE.sub("", _text(p)) and p.find(".//w:drawing", NS) is None
            and p.find(".//w:fldChar", NS) is None and p.find(".//w:fldSimple", NS) is None)


def _breaks_page(p: etree._Element) -> bool:
    return (p.find("w:pPr/w:pageBreakBefore", NS) is not None
            or any(br.get(w("type")) == "page" for br in p.iter(w("br"))))


def _empty_paragraphs(container: etree._Element, where: str, problems: list[str]) -> None:
    """Empty paragraphs among the children of a body or a cell, allowed only where a paragraph must be."""
    kids = [k for k in container if k.tag in (w("p"), w("tbl"))]
    paragraphs = [k for k in kids if k.tag == w("p")]
    for i, kid in enumerate(kids):
        if kid.tag == w("tbl"):
            for tc in kid.iter(w("tc")):
                if tc.getparent().getparent() is kid:  # this table's own cells, not nested tables'
                    _empty_paragraphs(tc, where + " cell", problems)
            continue
        if not _is_empty(kid):
            continue
        before = kids[i - 1] if i else None
        after = kids[i + 1] if i + 1 < len(kids) else None
        only = len(paragraphs) == 1 and container.tag == w("tc")
        after_table = before is not None and before.tag == w("tbl") and (after is None or after.tag == w("tbl"))
        breaks = _breaks_page(kid) and after is not None and after.tag == w("tbl")
        last_in_body = container.tag == w("body") and after is None and before is not None and before.tag == w("tbl")
        if not (only or after_table or breaks or last_in_body):
            neighbour = next((_text(k)[:30] for k in kids[i + 1:] if k.tag == w("p") and _text(k).strip()), "")
            problems.append(f"{where}: an empty paragraph used as spacing (before {neighbour!r})")
        elif after is not None and after.tag == w("p") and _is_empty(after):
            problems.append(f"{where}: two empty paragraphs in a row")


def check(data: bytes, doc: Document) -> Report:
    problems: list[str] = []
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        names = set(zf.namelist())
        parts = {n: etree.fromstring(zf.read(n)) for n in names if n.endswith(".xml") or n.endswith(".rels")}
    styles_el = parts["word/styles.xml"]
    styles = _styles(styles_el)
    body = parts["word/document.xml"].find("w:body", NS)
    want = _locale(doc.lang)

    # Language: the defaults, the core properties, every Burmese run.
    lang = styles_el.find("w:docDefaults/w:rPrDefault/w:rPr/w:lang", NS)
    got = {a: lang.get(w(a)) if lang is not None else None for a in ("val", "eastAsia", "bidi")}
    if got != {"val": want, "eastAsia": want, "bidi": "my-MM"}:
        problems.append(f"docDefaults w:lang is {got}, not val/eastAsia {want} and bidi my-MM")
    core = parts["docProps/core.xml"]
    language = core.findtext("dc:language", None, NS)
    if language != want:
        problems.append(f"dc:language is {language!r}, not {want!r}")
    title = core.findtext("dc:title", None, NS)
    if not title or _SPACE.sub(" ", title).strip() != _SPACE.sub(" ", doc.title).strip()[:255].strip():
        problems.append(f"dc:title is {title!r}, not the Document's title {doc.title!r}")
    for name in sorted(n for n in parts if TEXT_PARTS.match(n)):
        for r in parts[name].iter(w("r")):
            if not MYANMAR.search(_text(r)):
                continue
            rl = r.find("w:rPr/w:lang", NS)
            if rl is None or rl.get(w("bidi")) != "my-MM" or rl.get(w("val")) != "my-MM":
                problems.append(f"{name}: Burmese run without w:lang my-MM: {_text(r)[:30]!r}")

    # Pictures.
    for name in sorted(n for n in parts if TEXT_PARTS.match(n)):
        for pr in parts[name].iter(f"{{{WP}}}docPr"):
            if not (pr.get("descr") or "").strip():
                problems.append(f"{name}: picture {pr.get('name')!r} without alt text (descr)")
            if not (pr.get("title") or "").strip():
                problems.append(f"{name}: picture {pr.get('name')!r} without a title")

    # Tables: header rows said the same way by the rows and by the table look.
    for i, tbl in enumerate(body.iter(w("tbl"))):
        rows = tbl.findall("w:tr", NS)
        header = bool(rows) and rows[0].find("w:trPr/w:tblHeader", NS) is not None
        look = tbl.find("w:tblPr/w:tblLook", NS)
        first_row = look is not None and (look.get(w("firstRow")) in ("1", "true", "on")
                                          or (look.get(w("val")) is not None and look.get(w("firstRow")) is None
                                              and int(look.get(w("val")), 16) & 0x20 != 0))
        if header != first_row:
            problems.append(f"table {i + 1}: header row {'marked' if header else 'not marked'} (w:tblHeader) "
                            f"but tblLook firstRow is {'on' if first_row else 'off'}")
        later = [r for r in rows[1:] if r.find("w:trPr/w:tblHeader", NS) is not None]
        if later and not all(rows[j].find("w:trPr/w:tblHeader", NS) is not None for j in range(rows.index(later[-1]))):
            problems.append(f"table {i + 1}: w:tblHeader on a row that does not start the table")

    # Empty paragraphs.
    _empty_paragraphs(body, "body", problems)

    # Headings.
    headings: list[tuple[int, str]] = []
    for p in body.iter(w("p")):
        style = p.find("w:pPr/w:pStyle", NS)
        level = p.find("w:pPr/w:outlineLvl", NS)
        outline = int(level.get(w("val"))) if level is not None else _outline_level(
            style.get(w("val")) if style is not None else None, styles)
        if outline is not None and outline < 9 and _SPACE.sub("", _text(p)):
            headings.append((outline + 1, _SPACE.sub(" ", _text(p)).strip()))
    previous = 0
    for level, text in headings:
        if level > previous + 1:
            problems.append(f"heading {level} after heading {previous}: {text[:40]!r}")
        previous = level
    heading_text = _SPACE.sub("", "".join(t for _, t in headings))
    for block in doc.blocks:
        segment = (block.text if isinstance(block, Heading) else block.title if isinstance(block, DataCardBlock)
                   else block.name if isinstance(block, Contact) else None)
        if segment is None:
            continue
        for span in segment.spans:
            if _SPACE.sub("", span.plain) not in heading_text:
                problems.append(f"not a heading: {span.plain[:40]!r}")

    # Lists.
    numbering = parts.get("word/numbering.xml")
    nums = {n.get(w("numId")) for n in numbering.findall("w:num", NS)} if numbering is not None else set()
    for p in body.iter(w("p")):
        num = p.find("w:pPr/w:numPr/w:numId", NS)
        if num is not None and num.get(w("val")) not in nums | {"0"}:
            problems.append(f"a list paragraph with an undefined numbering {num.get(w('val'))}")
        if _text(p).lstrip().startswith(BULLETS):
            problems.append(f"a typed bullet instead of list numbering: {_text(p)[:30]!r}")

    # Contrast.
    _contrast_problems(body, styles, styles_el.find("w:docDefaults/w:rPrDefault/w:rPr", NS), problems)

    # Links.
    for name in sorted(n for n in parts if TEXT_PARTS.match(n)):
        rels_name = name.replace("word/", "word/_rels/") + ".rels"
        rels = parts.get(rels_name)
        ids = {r.get("Id"): r for r in rels.findall("rel:Relationship", NS)} if rels is not None else {}
        for link in parts[name].iter(w("hyperlink")):
            rid = link.get(f"{{{R}}}id")
            if rid is not None and rid not in ids:
                problems.append(f"{name}: hyperlink {rid} without a relationship")
            if rid is None and link.get(w("anchor")) is None:
                problems.append(f"{name}: hyperlink without a target")
            if not _SPACE.sub("", _text(link)):
                problems.append(f"{name}: hyperlink without text")
    return Report(problems, headings)
