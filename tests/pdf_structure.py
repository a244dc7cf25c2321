"""A structure checker for tagged PDFs (PDF/UA-1 conditions that can be tested mechanically).

`check(data, doc)` returns a list of problems (empty: the PDF passes). What it checks and which
Matterhorn Protocol conditions that covers is listed in docs/accessibility.md. It reads the PDF with
pikepdf (qpdf) and walks every page's content stream, so it sees what a screen reader sees: the
structure tree, the marked-content sequences and the text (`/ActualText`) inside them.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field
from typing import Any

import pikepdf

from isp_recap.document.nodes import DataCardBlock, Document, iter_segments

PAINT = {"Tj", "TJ", "'", '"', "Do", "f", "F", "f*", "B", "B*", "b", "b*", "S", "s", "sh"}
MYANMAR = re.compile(r"[\u1000-\u109f\uaa60-\uaa7f\ua9e0-\ua9ff]")
_SPACE = re.compile(r"[\s\u200b]+")


@dataclass
class Element:
    """One structure element, in tree order, with the text of its own marked content."""

    tag: str
    obj: Any  # valid while the checked PDF is open (inside `check`)
    depth: int
    lang: str  # effective (own /Lang or inherited)
    own_lang: str | None
    mcids: list[tuple[int, int]] = field(default_factory=list)  # (page index, MCID)
    text: str = ""  # text of this element and its descendants
    alt: str = ""  # /Alt
    annotations: int = 0  # OBJR kids (annotations it owns)


@dataclass
class Report:
    """What `check` found."""

    problems: list[str]
    elements: list[Element]

    def __bool__(self) -> bool:
        return not self.problems


def _name(obj: Any) -> str:
    return str(obj)[1:] if isinstance(obj, pikepdf.Name) else str(obj)


_HEX = r"<([0-9A-Fa-f]+)>"


def _to_unicode(font: Any) -> tuple[int, dict[int, str]]:
    """(bytes per code, code -> text) of a font's /ToUnicode CMap (bfchar and bfrange entries)."""
    width = 2 if font.get("/Subtype") == pikepdf.Name.Type0 else 1
    mapping: dict[int, str] = {}
    if "/ToUnicode" not in font:
        return width, mapping
    cmap = font.ToUnicode.read_bytes().decode("latin-1")

    def text(hex_: str) -> str:
        return bytes.fromhex(hex_).decode("utf-16-be", "replace")

    for block in re.findall(r"beginbfchar(.*?)endbfchar", cmap, re.S):
        for code, dst in re.findall(_HEX + r"\s*" + _HEX, block):
            mapping[int(code, 16)] = text(dst)
    for block in re.findall(r"beginbfrange(.*?)endbfrange", cmap, re.S):
        for lo, hi, dst in re.findall(_HEX + r"\s*" + _HEX + r"\s*" + _HEX, block):
            first = text(dst)
            for offset in range(int(hi, 16) - int(lo, 16) + 1):
                mapping[int(lo, 16) + offset] = first[:-1] + chr(ord(first[-1]) + offset)
    return width, mapping


def _glyph_text(operands: list[Any], font: tuple[int, dict[int, str]] | None) -> str:
    """The text a Tj/TJ/'/\" shows, decoded through the current font's ToUnicode map."""
    if font is None:
        return ""
    width, mapping = font
    strings = [o for o in operands if isinstance(o, pikepdf.String)]
    for o in operands:
        if isinstance(o, pikepdf.Array):
            strings += [x for x in o if isinstance(x, pikepdf.String)]
    out = []
    for string in strings:
        raw = bytes(string)
        out += [mapping.get(int.from_bytes(raw[i:i + width], "big"), "") for i in range(0, len(raw), width)]
    return "".join(out)


def _page_texts(pdf: pikepdf.Pdf, problems: list[str]) -> dict[tuple[int, int], str]:
    """Text of each MCID sequence of each page; problems for unmarked painting."""
    texts: dict[tuple[int, int], str] = {}
    fonts: dict[Any, tuple[int, dict[int, str]]] = {}
    for index, page in enumerate(pdf.pages):
        stack: list[tuple[str, int | None, bool, bool]] = []  # (tag, mcid, artifact, has ActualText)
        actual = 0  # open spans with /ActualText: their glyphs' text is replaced
        font: tuple[int, dict[int, str]] | None = None
        page_fonts = page.Resources.get("/Font", {})
        unmarked = 0
        for operands, operator in pikepdf.parse_content_stream(page):
            op = str(operator)
            if op == "Tf" and str(operands[0]) in page_fonts:
                obj = page_fonts[str(operands[0])]
                key = obj.objgen
                if key not in fonts:
                    fonts[key] = _to_unicode(obj)
                font = fonts[key]
            elif op in ("Tj", "TJ", "'", '"') and not actual:
                owner = next((m for _, m, _, _ in reversed(stack) if m is not None), None)
                if owner is not None:
                    texts[(index, owner)] = texts.get((index, owner), "") + _glyph_text(operands, font)
            if op in ("BDC", "BMC"):
                tag = _name(operands[0])
                props = operands[1] if op == "BDC" else None
                mcid = int(props["/MCID"]) if isinstance(props, pikepdf.Dictionary) and "/MCID" in props else None
                artifact = tag == "Artifact" or any(a for _, _, a, _ in stack)
                if mcid is not None and any(a for _, _, a, _ in stack):
                    problems.append(f"page {index + 1}: MCID {mcid} inside an artifact")
                has_actual = isinstance(props, pikepdf.Dictionary) and "/ActualText" in props
                stack.append((tag, mcid, artifact, has_actual))
                actual += has_actual
                if has_actual:
                    owner = next((m for _, m, _, _ in reversed(stack) if m is not None), None)
                    if owner is None and not artifact:
                        problems.append(f"page {index + 1}: an ActualText span outside tagged content")
                    elif owner is not None:
                        key = (index, owner)
                        texts[key] = texts.get(key, "") + str(props["/ActualText"])
            elif op == "EMC":
                if not stack:
                    problems.append(f"page {index + 1}: EMC without BDC")
                else:
                    actual -= stack.pop()[3]
            elif op in PAINT:
                if not any(m is not None or a for _, m, a, _ in stack):
                    unmarked += 1
                for _, m, _a, _ in stack:
                    if m is not None:
                        texts.setdefault((index, m), "")
        if stack:
            problems.append(f"page {index + 1}: unbalanced marked content")
        if unmarked:
            problems.append(f"page {index + 1}: {unmarked} painting operator(s) neither tagged nor artifact")
    return texts


def _parent_tree(pdf: pikepdf.Pdf) -> dict[int, list[Any]]:
    nums = pdf.Root.StructTreeRoot.ParentTree.Nums
    return {int(nums[i]): nums[i + 1] for i in range(0, len(nums), 2)}


def _walk(pdf: pikepdf.Pdf, doc_lang: str, texts: dict[tuple[int, int], str],
          order: list[tuple[int, int]]) -> list[Element]:
    """The elements in tree order; `order` gets every MCID in reading order (kids in `/K` order, so a
    `Link` whose MCIDs and `Span`s alternate reads as it is printed)."""
    page_index = {page.objgen: i for i, page in enumerate(pdf.pages)}
    out: list[Element] = []

    def visit(obj: Any, depth: int, lang: str) -> str:
        own = str(obj.Lang) if "/Lang" in obj else None
        element = Element(_name(obj.S), obj, depth, own or lang, own, alt=str(obj.get("/Alt", "")))
        out.append(element)
        kids = obj.get("/K")
        kids = kids if isinstance(kids, pikepdf.Array) else [kids] if kids is not None else []
        page = page_index.get(obj.Pg.objgen) if "/Pg" in obj else None
        text = []
        for kid in kids:
            mcid = None
            if isinstance(kid, int) and page is not None:
                mcid = (page, int(kid))
            elif isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") == "/MCR":
                mcid = (page_index[kid.Pg.objgen], int(kid.MCID))
            elif isinstance(kid, pikepdf.Dictionary) and "/S" in kid:
                text.append(visit(kid, depth + 1, element.lang))
            elif isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") == "/OBJR":
                element.annotations += 1
            if mcid is not None:
                element.mcids.append(mcid)
                order.append(mcid)
                text.append(texts.get(mcid, ""))
        element.text = "".join(text)
        return element.text

    root = pdf.Root.StructTreeRoot
    kids = root.K if isinstance(root.K, pikepdf.Array) else [root.K]
    for kid in kids:
        visit(kid, 0, doc_lang)
    return out


def _xmp(pdf: pikepdf.Pdf) -> dict[str, str]:
    meta = pdf.open_metadata()
    out = {}
    for key in ("dc:title", "dc:creator", "dc:language", "pdfuaid:part", "pdfaid:part", "pdfaid:conformance"):
        value = meta.get(key)
        if value:
            out[key] = str(next(iter(value))) if isinstance(value, (list, set)) else str(value)
    return out


#: Where list and table elements may stand: element -> the parents allowed.
_NESTING = {"LI": {"L"}, "Lbl": {"LI"}, "LBody": {"LI"}, "TR": {"Table", "THead", "TBody", "TFoot"},
            "THead": {"Table"}, "TBody": {"Table"}, "TFoot": {"Table"}, "TH": {"TR"}, "TD": {"TR"}}


def _targets(link: Any) -> set[str]:
    """The annotation targets (`/Contents`) a Link element owns."""
    kids = link.get("/K")
    kids = kids if isinstance(kids, pikepdf.Array) else [kids] if kids is not None else []
    return {str(k.Obj.get("/Contents", "")) for k in kids
            if isinstance(k, pikepdf.Dictionary) and k.get("/Type") == "/OBJR"}


def expected_reading_order(doc: Document) -> list[str]:
    """The Document's text, segment by segment, as printed (a `same` segment once)."""
    alts = {id(f.alt) for b in doc.blocks if isinstance(b, DataCardBlock) for f in b.pictures if f.alt}
    out = []
    for seg in iter_segments(doc):
        if id(seg) in alts:
            continue
        spans = seg.spans[:1] if seg.same else seg.spans
        out += [s.plain for s in spans if s.plain.strip()]
    return out


def check(data: bytes, doc: Document, standard: str = "ua-1") -> Report:
    """Every PDF/UA property the tests can check mechanically; see docs/accessibility.md."""
    import io

    problems: list[str] = []
    pdf = pikepdf.open(io.BytesIO(data))
    root = pdf.Root
    if "/StructTreeRoot" not in root:
        return Report(["no /StructTreeRoot"], [])
    if not ("/MarkInfo" in root and bool(root.MarkInfo.get("/Marked"))):
        problems.append("/MarkInfo /Marked is not true")
    if str(root.get("/Lang", "")) != doc.lang:
        problems.append(f"catalog /Lang is {root.get('/Lang')!r}, not {doc.lang!r}")
    prefs = root.get("/ViewerPreferences")
    if prefs is None or not bool(prefs.get("/DisplayDocTitle")):
        problems.append("/ViewerPreferences /DisplayDocTitle is not true")
    xmp = _xmp(pdf)
    wanted = {"dc:title": doc.title, "dc:creator": doc.author, "dc:language": doc.lang}
    if "ua-1" in standard:
        wanted["pdfuaid:part"] = "1"
    if "a-3b" in standard:
        wanted |= {"pdfaid:part": "3", "pdfaid:conformance": "B"}
    for key, value in wanted.items():
        if xmp.get(key) != value:
            problems.append(f"XMP {key} is {xmp.get(key)!r}, not {value!r}")
    for i, page in enumerate(pdf.pages):
        if page.obj.get("/Tabs") != "/S":
            problems.append(f"page {i + 1}: /Tabs is not /S")
        for annot in page.obj.get("/Annots", []):
            if annot.get("/Subtype") == "/Link":
                if not str(annot.get("/Contents", "")).strip():
                    problems.append(f"page {i + 1}: link without /Contents")
                if "/StructParent" not in annot:
                    problems.append(f"page {i + 1}: link annotation not in the structure tree")

    texts = _page_texts(pdf, problems)
    order: list[tuple[int, int]] = []
    elements = _walk(pdf, doc.lang, texts, order)

    # Every marked-content sequence belongs to an element in the tree, through the parent tree.
    in_tree = {m for e in elements for m in e.mcids}
    tree_objs = {e.obj.objgen for e in elements}
    parents = _parent_tree(pdf)
    for i, page in enumerate(pdf.pages):
        mapping = parents.get(int(page.obj.get("/StructParents", -1)))
        for (p, mcid) in sorted(k for k in texts if k[0] == i):
            if (p, mcid) not in in_tree:
                problems.append(f"page {i + 1}: MCID {mcid} belongs to no structure element in the tree")
            elif mapping is None or mcid >= len(mapping) or mapping[mcid].objgen not in tree_objs:
                problems.append(f"page {i + 1}: MCID {mcid} is not mapped by /ParentTree to its element")

    # Every link annotation is owned by a Link element (Matterhorn 28-011), and a link is one Link
    # element: two Link elements in a row with the same target are the pieces of one wrapped link.
    links = {e.obj.objgen: e for e in elements if e.tag == "Link"}
    for i, page in enumerate(pdf.pages):
        for annot in page.obj.get("/Annots", []):
            if annot.get("/Subtype") != "/Link" or "/StructParent" not in annot:
                continue
            owner = parents.get(int(annot.StructParent))
            if owner is None or owner.objgen not in links:
                tag = _name(owner.get("/S")) if isinstance(owner, pikepdf.Dictionary) else None
                problems.append(f"page {i + 1}: a link annotation owned by {tag or 'nothing'}, not a Link")
    for e in elements:
        if e.tag == "Link" and not e.text.strip():
            problems.append(f"a Link element without content (targets {sorted(_targets(e.obj))})")
        kids = e.obj.get("/K")
        kids = list(kids) if isinstance(kids, pikepdf.Array) else []
        for a, b in itertools.pairwise(kids):
            if (isinstance(a, pikepdf.Dictionary) and isinstance(b, pikepdf.Dictionary)
                    and a.get("/S") == b.get("/S") == "/Link" and _targets(a) and _targets(a) == _targets(b)):
                problems.append(f"one link as two Link elements: {links[a.objgen].text[:40]!r}")

    # Nesting of list and table elements (ISO 32000-1 14.8.4.3.3 and 14.8.4.3.4; Matterhorn 09-004 ...
    # 09-008): the memo has no lists or tables today, so this guards the ones WeasyPrint would tag.
    parent_of: dict[tuple[int, int], str] = {}
    for e in elements:
        kids = e.obj.get("/K")
        kids = kids if isinstance(kids, pikepdf.Array) else [kids] if kids is not None else []
        for kid in kids:
            if isinstance(kid, pikepdf.Dictionary) and "/S" in kid:
                parent_of[kid.objgen] = e.tag
    for e in elements:
        parent = parent_of.get(e.obj.objgen, "")
        allowed = _NESTING.get(e.tag)
        if allowed is not None and parent not in allowed:
            problems.append(f"{e.tag} inside {parent or 'the root'} (must be inside {' or '.join(sorted(allowed))})")

    # Headings: H1 first, then never more than one level deeper than the one before.
    level = 0
    for e in elements:
        if re.fullmatch(r"H[1-6]", e.tag):
            new = int(e.tag[1])
            if new > level + 1:
                problems.append(f"heading H{new} after H{level}: {e.text[:40]!r}")
            level = new
        elif e.tag == "H":
            problems.append("an unnumbered H heading")
        if e.tag == "Figure" and not e.alt.strip():
            problems.append("a Figure without /Alt")

    # Language: a paragraph or heading written in Burmese says so on its own element when the
    # document's language is not Burmese, and its effective language is Burmese in any edition.
    for e in elements:
        if e.tag in ("P", "H1", "H2", "H3", "H4", "H5", "H6", "LI", "TD", "TH") and e.text.strip():
            if not MYANMAR.search(e.text):
                continue  # Latin text (names, numbers, addresses) occurs in spans of either language
            want = "my"
            if e.lang != want:
                problems.append(f"{e.tag} in {want!r} has language {e.lang!r}: {e.text[:40]!r}")
            elif want != doc.lang and e.own_lang != want:
                problems.append(f"{e.tag} in {want!r} has no /Lang of its own: {e.text[:40]!r}")

    # Structure order is the reading order of the Document.
    flat = _SPACE.sub("", "".join(texts.get(m, "") for m in order))
    position = 0
    for expected in expected_reading_order(doc):
        chunk = _SPACE.sub("", expected)
        found = flat.find(chunk, position)
        if found < 0:
            problems.append(f"not in structure order after position {position}: {expected[:50]!r}")
            break
        position = found + len(chunk)
    return Report(problems, elements)
