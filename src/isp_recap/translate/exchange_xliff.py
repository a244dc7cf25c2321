"""Content exchange as XLIFF 2.0 (OASIS), for CAT tools: one `<unit>` per bilingual text.

A unit's `id` is the text's path in the event, its `<segment state>` the translation status
(`translated` = draft, `reviewed`, `final` = approved, `initial` = no translation yet), and a
`<note category="context">` says who speaks or which data card the text belongs to.

Files coming back are parsed with expat directly: a DOCTYPE (and so any entity declaration) is
refused, so neither entity expansion nor external entities can happen.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path

from ..diagnostics import Diagnostic
from ..model import Language, Memo
from .exchange import Incoming, damaged_fingerprint, event_reference, header_lines
from .units import (
    FINGERPRINT_LABEL,
    MAX_EXCHANGE_BYTES,
    MAX_UNITS,
    IncomingUnit,
    Unit,
    find_fingerprint,
    status_from_xliff,
    xliff_state,
)

NS = "urn:oasis:names:tc:xliff:document:2.0"
XML_NS = "http://www.w3.org/XML/1998/namespace"
_NMTOKEN = re.compile(r"^[\w.:-]+$")
_INLINE = {"ph", "pc", "sc", "ec", "mrk", "sm", "em"}
MAX_DEPTH = 32


def _q(name: str) -> str:
    return f"{{{NS}}}{name}"


def export_xliff(memo: Memo, units: list[Unit], event_path: Path, out_path: Path | None,
                 target: Language = "my") -> bytes:
    """The XLIFF 2.0 document of `units` (UTF-8): source language `en`, target `my`; or, with
    `target="en"`, the Burmese-only texts from `my` into `en`."""
    ET.register_namespace("", NS)
    source = "en" if target == "my" else "my"
    root = ET.Element(_q("xliff"), {"version": "2.0", "srcLang": source, "trgLang": target})
    file = ET.SubElement(root, _q("file"), {"id": "event", "original": event_reference(event_path, out_path)})
    notes = ET.SubElement(file, _q("notes"))
    for line in header_lines(memo.event.title.pick("en"), target):
        ET.SubElement(notes, _q("note"), {"category": "instructions"}).text = line
    for unit in units:
        if not _NMTOKEN.match(unit.id):  # ids are YAML paths of known keys; this cannot happen
            raise ValueError(f"unit id {unit.id!r} is not an XML name token")
        element = ET.SubElement(file, _q("unit"), {"id": unit.id})
        unit_notes = ET.SubElement(element, _q("notes"))
        ET.SubElement(unit_notes, _q("note"), {"category": "context"}).text = unit.context
        if unit.line:
            ET.SubElement(unit_notes, _q("note"), {"category": "location"}).text = \
                f"{event_reference(event_path, out_path)}:{unit.line}"
        ET.SubElement(unit_notes, _q("note"), {"category": FINGERPRINT_LABEL}).text = unit.fingerprint.text()
        segment = ET.SubElement(element, _q("segment"), {"state": xliff_state(unit)})
        space = {f"{{{XML_NS}}}space": "preserve"}
        ET.SubElement(segment, _q("source"), space).text = unit.source
        if unit.target:
            ET.SubElement(segment, _q("target"), space).text = unit.target
    ET.indent(root, space="  ")
    body: bytes = ET.tostring(root, encoding="utf-8", xml_declaration=False)
    return b'<?xml version="1.0" encoding="UTF-8"?>\n' + body + b"\n"


# -- reading -------------------------------------------------------------------------------------------


@dataclass
class _Node:
    tag: str  # "{namespace}name" or "name"
    attrs: dict[str, str]
    line: int
    col: int
    children: list[_Node] = field(default_factory=list)
    text: list[str | _Node] = field(default_factory=list)  # character data and child elements, in order

    def find(self, name: str) -> list[_Node]:
        return [c for c in self.children if c.tag == _q(name)]


class _Refused(Exception):
    def __init__(self, line: int, code: str, message: str):
        super().__init__(message)
        self.line, self.code, self.message = line, code, message


def _parse(raw: bytes) -> _Node:
    import xml.parsers.expat

    parser = xml.parsers.expat.ParserCreate(namespace_separator="}")
    stack: list[_Node] = []
    root: list[_Node] = []

    def start(name: str, attrs: dict[str, str]) -> None:
        tag = "{" + name if "}" in name else name
        attributes = {("{" + k if "}" in k else k): v for k, v in attrs.items()}
        node = _Node(tag, attributes, parser.CurrentLineNumber, parser.CurrentColumnNumber + 1)
        if len(stack) >= MAX_DEPTH:
            raise _Refused(node.line, "invalid-xliff", "elements are nested too deeply")
        if stack:
            stack[-1].children.append(node)
            stack[-1].text.append(node)
        else:
            root.append(node)
        stack.append(node)

    def end(_name: str) -> None:
        stack.pop()

    def chars(data: str) -> None:
        if stack:
            stack[-1].text.append(data)

    def doctype(*_args: object) -> None:
        raise _Refused(parser.CurrentLineNumber, "unsafe-xml",
                       "the file has a DOCTYPE; XLIFF needs none, and it could declare entities")

    def entity(*_args: object) -> None:
        raise _Refused(parser.CurrentLineNumber, "unsafe-xml", "entity declarations are not allowed")

    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.CharacterDataHandler = chars
    parser.StartDoctypeDeclHandler = doctype
    parser.EntityDeclHandler = entity
    parser.SetParamEntityParsing(xml.parsers.expat.XML_PARAM_ENTITY_PARSING_NEVER)
    try:
        parser.Parse(raw, True)
    except xml.parsers.expat.ExpatError as exc:
        raise _Refused(exc.lineno, "invalid-xml", xml.parsers.expat.ErrorString(exc.code)) from None
    if not root:
        raise _Refused(1, "invalid-xml", "the file has no root element")
    return root[0]


def _inline_text(node: _Node) -> str:
    """The text of a `<source>` or `<target>`; `<cp hex>` is a character, other inline codes refused."""
    parts = []
    for item in node.text:
        if isinstance(item, str):
            parts.append(item)
        elif item.tag == _q("cp"):
            try:
                parts.append(chr(int(item.attrs.get("hex", ""), 16)))
            except (ValueError, OverflowError):
                raise _Refused(item.line, "invalid-xliff", "<cp> needs a hex code point") from None
        elif item.tag.startswith("{" + NS + "}") and item.tag.split("}")[1] in _INLINE:
            raise _Refused(item.line, "inline-code",
                           f"inline <{item.tag.split('}')[1]}> is not supported: memo text carries its markup "
                           "as plain characters (**strong**, [link](url))")
        else:
            raise _Refused(item.line, "invalid-xliff", f"unexpected element {item.tag} inside the text")
    return "".join(parts)


_STATE_ORDER = ("initial", "translated", "reviewed", "final")


def read_xliff_units(raw: bytes, path: str) -> Incoming:
    """Read a translator's XLIFF 2.0 file; anything malformed or unsafe becomes a diagnostic."""
    result = Incoming(path)
    if len(raw) > MAX_EXCHANGE_BYTES:
        result.diagnostics.append(Diagnostic(path, 0, 0, "file-too-large",
                                             f"the file is larger than {MAX_EXCHANGE_BYTES:,} bytes"))
        return result
    try:
        root = _parse(raw)
        if root.tag != _q("xliff"):
            raise _Refused(root.line, "invalid-xliff",
                           f"the root element is {root.tag}, not an XLIFF 2.0 <xliff> ({NS})")
        if root.attrs.get("version", "").split(".")[0] != "2":
            raise _Refused(root.line, "invalid-xliff", f"XLIFF version {root.attrs.get('version')!r} is not 2.x")
        src, trg = root.attrs.get("srcLang", ""), root.attrs.get("trgLang", "")
        pair = (src.split("-")[0].lower(), trg.split("-")[0].lower())
        if pair not in (("en", "my"), ("my", "en")):
            raise _Refused(root.line, "wrong-language",
                           f"the file translates {src or '?'} into {trg or '?'}; expected en into my "
                           "(or my into en)")
        result.target = "my" if pair[1] == "my" else "en"
    except _Refused as exc:
        result.diagnostics.append(Diagnostic(path, exc.line, 0, exc.code, exc.message))
        return result
    for file in root.find("file"):
        if result.event is None and file.attrs.get("original"):
            result.event = file.attrs["original"]
        for unit in _units_in(file):
            try:
                incoming = _read_unit(unit)
            except _Refused as exc:
                result.diagnostics.append(Diagnostic(path, exc.line, 0, exc.code,
                                                     f"unit {unit.attrs.get('id', '?')!r}: {exc.message}"))
            else:
                result.units.append(incoming)
                if incoming.exported is None and _fingerprint_note(unit) is not None:
                    result.diagnostics.append(damaged_fingerprint(path, unit.line, incoming.id))
            if len(result.units) > MAX_UNITS:
                result.diagnostics.append(Diagnostic(path, unit.line, 0, "too-many-units",
                                                     f"the file has more than {MAX_UNITS:,} units"))
                result.units.clear()
                return result
    return result


def _units_in(node: _Node) -> list[_Node]:
    units = []
    for child in node.children:
        if child.tag == _q("unit"):
            units.append(child)
        elif child.tag == _q("group"):  # tools may group units; the ids stay unique
            units += _units_in(child)
    return units


def _read_unit(unit: _Node) -> IncomingUnit:
    unit_id = unit.attrs.get("id")
    if not unit_id:
        raise _Refused(unit.line, "invalid-xliff", "a <unit> needs an id")
    sources, targets, states = [], [], []
    has_target = False
    for part in unit.children:
        if part.tag not in (_q("segment"), _q("ignorable")):
            continue
        source = part.find("source")
        if len(source) != 1:
            raise _Refused(part.line, "invalid-xliff", "a segment needs exactly one <source>")
        sources.append(_inline_text(source[0]))
        target = part.find("target")
        if target:
            has_target = True
            targets.append(_inline_text(target[0]))
        else:
            targets.append("" if part.tag == _q("segment") else sources[-1])
        if part.tag == _q("segment"):
            state = part.attrs.get("state", "initial")
            if state not in _STATE_ORDER:
                raise _Refused(part.line, "invalid-xliff", f"segment state {state!r} is not an XLIFF 2.0 state")
            states.append(state)
    if not sources:
        raise _Refused(unit.line, "invalid-xliff", "the unit has no segment")
    # A tool that split a unit into segments gets them joined back; the least advanced state wins.
    state = min(states, key=_STATE_ORDER.index) if states else "initial"
    status = status_from_xliff(state)
    assert status is not None
    joined = "".join(targets) if has_target else None
    note = _fingerprint_note(unit)
    return IncomingUnit(id=unit_id, source="".join(sources), target=joined or None, status=status, line=unit.line,
                        col=unit.col, exported=find_fingerprint(note) if note is not None else None)


def _fingerprint_note(unit: _Node) -> str | None:
    """The text of the unit's `<note category="isp-recap-fingerprint">`, if it has one."""
    for notes in unit.find("notes"):
        for note in notes.find("note"):
            if note.attrs.get("category") == FINGERPRINT_LABEL:
                return "".join(t for t in note.text if isinstance(t, str))
    return None
