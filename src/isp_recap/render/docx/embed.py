"""Fonts embedded in the DOCX, so that Burmese shows where Noto Sans Myanmar is not installed.

Without them LibreOffice draws every Burmese character as a box on a machine without the font, and
lays English out in another face with other page breaks (DESIGN §3, measured). ECMA-376 Part 1
§17.8.1 (font embedding) and §17.8.3.3 (font obfuscation): each face is a part of its own,
`word/fonts/fontN.odttf`, related from the font table, whose first 32 bytes are XORed with the
16 bytes of a GUID (the `w:fontKey`, read from its last hex pair to its first); settings say that
fonts are embedded (`w:embedTrueTypeFonts`) and that they are subsets (`w:saveSubsetFonts`).

Each face is subset to the characters of the document (every OpenType layout feature kept, so
Burmese still shapes) and everything derived from the content only, GUIDs included, so that the
same Document gives the same bytes. Works on the finished package, after python-docx saved it.
"""

from __future__ import annotations

import hashlib
import io
import re
import uuid
import zipfile
from collections.abc import Mapping
from dataclasses import dataclass

from lxml import etree  # type: ignore[import-untyped]  # no stubs installed; python-docx is built on it

from ..fonts import subset_face
from .oxml import R_NS, W_NS, set_child, w
from .package import write_zip

OBFUSCATED_FONT_CT = "application/vnd.openxmlformats-officedocument.obfuscatedFont"
FONT_RT = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/font"
FONT_TABLE_RT = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/fontTable"
FONT_TABLE_CT = "application/vnd.openxmlformats-officedocument.wordprocessingml.fontTable+xml"
CT_NS = "http://schemas.openxmlformats.org/package/2006/content-types"
PR_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
#: A namespace for the fonts' GUIDs (uuid5): the same subset always gets the same key.
_KEY_NAMESPACE = uuid.UUID("6f1c3a52-8e0b-4c55-9d57-3f0d2b7e4a10")
#: Child order of `w:font` (CT_Font) and the settings that must come before `w:embedTrueTypeFonts`.
_FONT_CHILDREN = ["altName", "panose1", "charset", "family", "notTrueType", "pitch", "sig",
                  "embedRegular", "embedBold", "embedItalic", "embedBoldItalic"]
_SETTINGS_BEFORE = {"writeProtection", "view", "zoom", "removePersonalInformation", "removeDateAndTime",
                    "doNotDisplayPageBoundaries", "displayBackgroundShape", "printPostScriptOverText",
                    "printFractionalCharacterWidth", "printFormsData"}
#: Characters every embedded face keeps beyond the document's: page-number digits, printable ASCII, and
#: the dotted circle (U+25CC), which shapers put under a Burmese mark typed without its consonant.
_ALWAYS = frozenset(map(chr, range(0x20, 0x7F))) | frozenset("\u00a0\u2013\u2014\u2018\u2019\u201c\u201d\u2026\u25cc")
_TEXT_PARTS = re.compile(r"^word/(document|header\d*|footer\d*|footnotes|endnotes)\.xml$")


@dataclass(frozen=True)
class Face:
    """One face a document may use: its family as the runs name it, bold or not, and its TrueType bytes."""

    family: str
    bold: bool
    data: bytes


def embed_fonts(docx: bytes, faces: Mapping[tuple[str, bool], bytes]) -> bytes:
    """`docx` with every face of `faces` ((family, bold) -> TrueType bytes) that its runs use embedded."""
    with zipfile.ZipFile(io.BytesIO(docx)) as zf:
        parts = {i.filename: zf.read(i.filename) for i in zf.infolist()}
    used = _families_used(parts)
    text = _characters(parts)
    chars = text | _ALWAYS
    # A face the runs name but that draws none of the text (Noto Sans Myanmar in the English edition,
    # named by the styles) stays out: it would add bytes and no glyph.
    chosen = [Face(family, bold, data) for (family, bold), data in sorted(faces.items())
              if family in used and _draws_any(data, text)]
    if not chosen:
        return docx
    table_name = _font_table(parts)
    table = etree.fromstring(parts[table_name])
    rels_name = "word/_rels/" + table_name.rsplit("/", 1)[1] + ".rels"
    rels = (etree.fromstring(parts[rels_name]) if rels_name in parts
            else etree.Element(f"{{{PR_NS}}}Relationships", nsmap={None: PR_NS}))
    taken = {r.get("Id") for r in rels}
    for n, face in enumerate(chosen, start=1):
        subset = subset_face(face.data, chars)
        key = "{" + str(uuid.uuid5(_KEY_NAMESPACE, hashlib.sha256(subset).hexdigest())).upper() + "}"
        target = f"fonts/font{n}.odttf"
        parts[f"word/{target}"] = obfuscate(subset, key)
        rid = next(f"rIdFont{i}" for i in range(n, n + 1000) if f"rIdFont{i}" not in taken)
        taken.add(rid)
        etree.SubElement(rels, f"{{{PR_NS}}}Relationship", Id=rid, Type=FONT_RT, Target=target)
        entry = _font_entry(table, face.family)
        _describe(entry, subset)
        embed = set_child(entry, "embedBold" if face.bold else "embedRegular", _FONT_CHILDREN, fontKey=key)
        embed.set(f"{{{R_NS}}}id", rid)
    parts[table_name] = etree.tostring(table, xml_declaration=True, encoding="UTF-8", standalone=True)
    parts[rels_name] = etree.tostring(rels, xml_declaration=True, encoding="UTF-8", standalone=True)
    parts["[Content_Types].xml"] = _with_odttf_type(parts["[Content_Types].xml"])
    parts["word/settings.xml"] = _settings(parts.get("word/settings.xml"))
    return write_zip(parts.items())


def obfuscate(font: bytes, key: str) -> bytes:
    """ECMA-376 font obfuscation: the first 32 bytes XORed with the key's 16 bytes, last pair first."""
    digits = key.strip("{}").replace("-", "")
    secret = bytes.fromhex(digits)[::-1]
    head = bytes(b ^ secret[i % 16] for i, b in enumerate(font[:32]))
    return head + font[32:]


def _families_used(parts: Mapping[str, bytes]) -> set[str]:
    names: set[str] = set()
    pattern = re.compile(rb'w:(?:ascii|hAnsi|eastAsia|cs)="([^"]+)"')
    for name, data in parts.items():
        if name.startswith("word/") and name.endswith(".xml"):
            names.update(m.decode("utf-8") for m in pattern.findall(data))
    return names


def _draws_any(data: bytes, text: frozenset[str]) -> bool:
    import uharfbuzz as hb

    cmap = hb.Face(hb.Blob(data)).unicodes  # HarfBuzz reads the cmap in well under 1 ms; fontTools took 10
    # Below U+0080 every face has something ("?", space); what matters is the text beyond ASCII.
    return any(ord(c) in cmap for c in text if ord(c) >= 0x80 and not c.isspace()) or (
        any(ord(c) in cmap for c in text if c.isalnum() and c.isascii()))


def _characters(parts: Mapping[str, bytes]) -> frozenset[str]:
    chars: set[str] = set()
    for name, data in parts.items():
        if _TEXT_PARTS.match(name):
            for t in etree.fromstring(data).iter(w("t")):
                chars.update(t.text or "")
    return frozenset(chars)


def _font_table(parts: dict[str, bytes]) -> str:
    """The font table part's name, created (with its relationship and type) when the package has none."""
    doc_rels = etree.fromstring(parts["word/_rels/document.xml.rels"])
    for rel in doc_rels:
        if rel.get("Type") == FONT_TABLE_RT:
            return "word/" + str(rel.get("Target")).lstrip("/").removeprefix("word/")
    parts["word/fontTable.xml"] = (b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                                   b'<w:fonts xmlns:w="' + W_NS.encode() + b'" xmlns:r="' + R_NS.encode() + b'"/>')
    taken = {r.get("Id") for r in doc_rels}
    rid = next(f"rIdFontTable{i}" for i in range(1, 1000) if f"rIdFontTable{i}" not in taken)
    etree.SubElement(doc_rels, f"{{{PR_NS}}}Relationship", Id=rid, Type=FONT_TABLE_RT, Target="fontTable.xml")
    parts["word/_rels/document.xml.rels"] = etree.tostring(doc_rels, xml_declaration=True, encoding="UTF-8",
                                                           standalone=True)
    types = etree.fromstring(parts["[Content_Types].xml"])
    etree.SubElement(types, f"{{{CT_NS}}}Override", PartName="/word/fontTable.xml", ContentType=FONT_TABLE_CT)
    parts["[Content_Types].xml"] = etree.tostring(types, xml_declaration=True, encoding="UTF-8", standalone=True)
    return "word/fontTable.xml"


def _font_entry(table: etree._Element, family: str) -> etree._Element:
    for font in table.findall(w("font")):
        if font.get(w("name")) == family:
            return font
    font = etree.SubElement(table, w("font"))
    font.set(w("name"), family)
    return font


def _describe(entry: etree._Element, subset: bytes) -> None:
    """panose, charset, family, pitch and Unicode/code-page signature from the face's OS/2 table,
    so that a reader without the embedded face can still choose a similar one."""
    from fontTools.ttLib import TTFont

    os2 = TTFont(io.BytesIO(subset))["OS/2"]
    p = os2.panose
    panose = bytes([p.bFamilyType, p.bSerifStyle, p.bWeight, p.bProportion, p.bContrast, p.bStrokeVariation,
                    p.bArmStyle, p.bLetterForm, p.bMidline, p.bXHeight]).hex().upper()
    set_child(entry, "panose1", _FONT_CHILDREN, val=panose)
    set_child(entry, "charset", _FONT_CHILDREN, val="00")
    set_child(entry, "family", _FONT_CHILDREN,
              val="swiss" if p.bSerifStyle in (11, 12, 13) or p.bFamilyType != 2 else "roman")
    set_child(entry, "pitch", _FONT_CHILDREN, val="fixed" if p.bProportion == 9 else "variable")
    ranges = [getattr(os2, f"ulUnicodeRange{i}") for i in range(1, 5)]
    pages = [getattr(os2, f"ulCodePageRange{i}", 0) for i in range(1, 3)]
    set_child(entry, "sig", _FONT_CHILDREN, usb0=f"{ranges[0]:08X}", usb1=f"{ranges[1]:08X}",
              usb2=f"{ranges[2]:08X}", usb3=f"{ranges[3]:08X}", csb0=f"{pages[0]:08X}", csb1=f"{pages[1]:08X}")


def _with_odttf_type(data: bytes) -> bytes:
    types = etree.fromstring(data)
    if not any(d.get("Extension", "").lower() == "odttf" for d in types.findall(f"{{{CT_NS}}}Default")):
        default = etree.Element(f"{{{CT_NS}}}Default", Extension="odttf", ContentType=OBFUSCATED_FONT_CT)
        types.insert(0, default)
    return _xml(types)


def _settings(data: bytes | None) -> bytes:
    settings = etree.fromstring(data) if data else etree.Element(w("settings"), nsmap={"w": W_NS})
    for name in ("saveSubsetFonts", "embedTrueTypeFonts"):  # inserted in reverse: embed... comes first
        if settings.find(w(name)) is not None:
            continue
        index = 0
        for i, existing in enumerate(settings):
            if etree.QName(existing).localname in _SETTINGS_BEFORE | {"embedTrueTypeFonts", "embedSystemFonts"}:
                index = i + 1
        settings.insert(index, etree.Element(w(name)))
    return _xml(settings)


def _xml(root: etree._Element) -> bytes:
    data: bytes = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
    return data
