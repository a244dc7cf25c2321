"""Reading a user's reference .docx (`--reference-docx`): bounded, confined, checked and cleaned.

A reference document comes from outside (an organisation's own template): it may carry macros,
external links, ActiveX, a zip bomb or a DTD (DESIGN §4). It is an input like any other, so it is
read and judged here, on the input side, once per build: `read_reference_docx` reads the file
through `fsio.read_input` (regular files only, links confined, size bound), checks the zip before
anything is decompressed, and `sanitise_reference` keeps only the parts python-docx may safely open.
The DOCX writer receives those cleaned parts (`WriterOptions.reference_docx`) and opens no file.
"""

from __future__ import annotations

import io
import posixpath
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path

from lxml import etree  # type: ignore[import-untyped]  # no stubs installed; python-docx is built on it

from ..diagnostics import Diagnostic, IspRecapError
from ..fsio import INPUT_KINDS, InputRefused, read_input_bytes

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def w(tag: str) -> str:
    """Clark notation for a WordprocessingML tag."""
    return f"{{{W_NS}}}{tag}"


# Limits for a reference package. A real reference is a few hundred kilobytes in a few dozen parts.
#: The file itself is bounded by its input kind (fsio.INPUT_KINDS["reference-docx"]).
MAX_REFERENCE_BYTES = INPUT_KINDS["reference-docx"].limit
MAX_ENTRIES = 1_000
MAX_UNCOMPRESSED_BYTES = 100 * 1024 * 1024

DOCUMENT_MAIN_CT = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
# Templates and macro-enabled documents are accepted as references once their macros are gone.
ACCEPTED_MAIN_CTS = {
    DOCUMENT_MAIN_CT,
    "application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml",
    "application/vnd.ms-word.document.macroEnabled.main+xml",
    "application/vnd.ms-word.template.macroEnabledTemplate.main+xml",
}
OFFICE_DOCUMENT_RT = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"

# Relationship types (last path segment) whose targets never reach the output: code (VBA, ActiveX,
# OLE, key bindings), content the writer replaces (comments, glossary, thumbnails, app/custom
# properties that would carry the reference's own metadata), and links out of the package.
DROPPED_RELATIONSHIP_TYPES = {
    "vbaProject", "vbaData", "wordVbaData", "keyMapCustomizations", "attachedToolbars", "activeXControl",
    "activeXControlBinary", "control", "oleObject", "package", "attachedTemplate", "subDocument", "frame",
    "aFChunk", "thumbnail", "glossaryDocument", "comments", "commentsExtended", "commentsIds",
    "commentsExtensible", "people", "extended-properties", "custom-properties", "mailMergeSource",
    "mailMergeHeaderSource", "recipientData", "webExtensionTaskpanes",
}
# Relationships the main document refers to by id; once the body is emptied, those not referenced
# from what is left (the section properties) are dropped with their parts.
REFERENCED_BY_ID = {"header", "footer", "image", "hyperlink", "chart", "diagramData", "diagramLayout",
                    "diagramQuickStyle", "diagramColors", "diagramDrawing", "embeddings", "video", "audio", "media"}
# Settings that point outside the package or make Word re-apply a foreign template's styles.
DROPPED_SETTINGS = {"attachedTemplate", "mailMerge", "linkStyles", "docVars", "attachedSchema",
                    "saveThroughXslt", "alwaysMergeEmptyNamespace"}

#: The removed relationships the person who supplied the reference is told about (thumbnails, comments
#: and the document's own metadata go silently: they are harmless, and not the style a reference gives).
REMOVED_WORDS = {
    "vbaProject": "macros", "vbaData": "macro data", "wordVbaData": "macro data",
    "keyMapCustomizations": "keyboard customisations", "attachedToolbars": "toolbars",
    "activeXControl": "an ActiveX control", "activeXControlBinary": "an ActiveX control",
    "control": "an ActiveX control", "oleObject": "an embedded OLE object", "package": "an embedded package",
    "attachedTemplate": "the attached template",
    "subDocument": "a subdocument", "frame": "a frame", "aFChunk": "an imported document (altChunk)",
    "mailMergeSource": "mail-merge data", "mailMergeHeaderSource": "mail-merge data",
    "recipientData": "mail-merge recipients", "webExtensionTaskpanes": "web extension task panes",
}
SETTING_WORDS = {
    "attachedTemplate": "the attached template", "mailMerge": "mail merge", "linkStyles": "styles linked to a template",
    "docVars": "document variables", "attachedSchema": "an attached XML schema",
    "saveThroughXslt": "a transform run on saving", "alwaysMergeEmptyNamespace": "an XML mapping setting",
}


def _quoted(text: str, limit: int = 80) -> str:
    """An untrusted name or address for a message: escaped (repr), shortened."""
    return repr(text if len(text) <= limit else text[:limit - 1] + "\u2026")


def _odd_member_name(name: str) -> bool:
    """A zip member whose name climbs out of the package or is absolute (`../../x`, `/etc/x`, `C:\\x`)."""
    parts = name.replace("\\", "/").split("/")
    return name.startswith(("/", "\\")) or ".." in parts or (len(name) > 1 and name[1] == ":") or "\\" in name


_SAFE_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)


class ReferenceError(ValueError):
    """A reference .docx that cannot be used; the message is meant for the person who supplied it.

    `member` names the part inside the package when one is at fault (shown as `PATH!member`), with
    the 1-based `line` and `col` of an XML error in it (0 when there is none).
    """

    def __init__(self, message: str, member: str | None = None, line: int = 0, col: int = 0):
        super().__init__(message)
        self.member, self.line, self.col = member, line, col


def check_zip(data: bytes) -> zipfile.ZipFile:
    """Open `data` as a zip after checking size, entry count and encryption (no decompression yet)."""
    if len(data) > MAX_REFERENCE_BYTES:
        raise ReferenceError(f"the file is larger than {MAX_REFERENCE_BYTES // (1024 * 1024)} MB")
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
        infos = zf.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError) as exc:
        raise ReferenceError("the file is not a .docx (not a zip archive, or a truncated one)") from exc
    if len(infos) > MAX_ENTRIES:
        raise ReferenceError(f"the package has {len(infos)} entries (at most {MAX_ENTRIES} are accepted)")
    total = sum(i.file_size for i in infos)
    if total > MAX_UNCOMPRESSED_BYTES:
        raise ReferenceError(
            f"the package would expand to {total} bytes (at most {MAX_UNCOMPRESSED_BYTES} are accepted)")
    if any(i.flag_bits & 0x1 for i in infos):
        raise ReferenceError("the package is encrypted")
    return zf


def _parse(data: bytes, name: str) -> etree._Element:
    try:
        root = etree.fromstring(data, _SAFE_PARSER)
    except etree.XMLSyntaxError as exc:
        line, col = exc.position if exc.position else (0, 0)
        raise ReferenceError(f"part {name} is not well-formed XML ({exc.msg})", name, line or 0, col or 0) from exc
    if root.getroottree().docinfo.doctype:
        # OPC forbids DTDs in parts (entities are not expanded by the parser anyway).
        raise ReferenceError(f"part {name} declares a DTD", name, 1, 1)
    return root


def _rels_name(part: str) -> str:
    folder, base = posixpath.split(part)
    return posixpath.join(folder, "_rels", base + ".rels")


def _resolve(source: str, target: str) -> str:
    if target.startswith("/"):
        return target.lstrip("/")
    return posixpath.normpath(posixpath.join(posixpath.dirname(source), target))


def _rel_type(rel: etree._Element) -> str:
    return (rel.get("Type") or "").rsplit("/", 1)[-1]


def sanitise_reference(data: bytes, removed: list[tuple[str | None, str]] | None = None) -> dict[str, bytes]:
    """The clean parts of a reference .docx, by member name: those python-docx may safely open, nothing else.

    Checks size and entry count before anything is decompressed; keeps only parts reachable from the
    package relationships; drops external relationships, macros, ActiveX and OLE parts, the attached
    template and mail-merge settings, thumbnails and the reference's own metadata; empties the body
    (its section properties stay); removes any element left pointing at a dropped relationship; and
    declares a template or macro-enabled main part as a plain document. Raises `ReferenceError`.

    `removed` collects (member or None, what) for each thing the person who supplied the file should
    hear about: macros, ActiveX, OLE, an attached or external template, external relationships, the
    settings above, zip members with names that climb out of the package.
    """
    notes: list[tuple[str | None, str]] = [] if removed is None else removed
    zf = check_zip(data)
    names = {i.filename for i in zf.infolist()}
    for name in sorted(names):
        if _odd_member_name(name):
            notes.append((None, f"ignored the zip member {_quoted(name)}: its name points outside the package"))

    def read(name: str) -> bytes:
        try:
            # At most the size the zip declares (and check_zip bounded): `zf.read(name)` would inflate a
            # member whose declared size lies (a zip bomb) into gigabytes before noticing.
            with zf.open(name) as handle:
                return handle.read(zf.getinfo(name).file_size)
        except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError, zlib.error) as exc:
            raise ReferenceError(f"part {name} cannot be read (the file may be truncated or corrupt)", name) from exc

    if "[Content_Types].xml" not in names or "_rels/.rels" not in names:
        raise ReferenceError("the file is a zip archive but not a Word document")
    types = _parse(read("[Content_Types].xml"), "[Content_Types].xml")

    xml: dict[str, etree._Element] = {}  # parts parsed (and possibly changed) on the way
    dropped_ids: dict[str, set[str]] = {}
    main_part: str | None = None
    pending, seen = [""], set()
    # Walk the relationships from the package root; a part no kept relationship reaches is left out.
    while pending:
        source = pending.pop()
        if source in seen:
            continue
        seen.add(source)
        rels_name = "_rels/.rels" if source == "" else _rels_name(source)
        if rels_name not in names:
            continue
        rels = xml[rels_name] = _parse(read(rels_name), rels_name)
        used: set[str] | None = None
        if source and source == main_part:
            main = xml[main_part] = _parse(read(main_part), main_part)
            _empty_body(main)
            used = _referenced_ids(main)
        dropped = dropped_ids.setdefault(source, set())
        for rel in list(rels):
            rid, kind = rel.get("Id") or "", _rel_type(rel)
            external = (rel.get("TargetMode") or "").lower() == "external"
            target = "" if external else _resolve(source, rel.get("Target") or "")
            unreferenced = used is not None and kind in REFERENCED_BY_ID and rid not in used
            if external or kind in DROPPED_RELATIONSHIP_TYPES or target not in names or unreferenced:
                rels.remove(rel)
                dropped.add(rid)
                what = REMOVED_WORDS.get(kind)
                if external:
                    notes.append((rels_name, f"removed {what or 'an external ' + _quoted(kind) + ' link'}, "
                                             f"which points outside the file: {_quoted(rel.get('Target') or '')}"))
                elif what is not None and kind in DROPPED_RELATIONSHIP_TYPES:
                    notes.append((rels_name, f"removed {what} ({_quoted(target)})"))
                continue
            if source == "" and rel.get("Type") == OFFICE_DOCUMENT_RT:
                main_part = target
            pending.append(target)
    if main_part is None:
        raise ReferenceError("the package has no main document part")
    kept = {p for p in seen if p and p in names}

    # Parse every kept XML part now: a malformed part or a DTD is refused with its name, not later
    # by python-docx with a message about something else.
    for part in sorted(kept):
        if part not in xml and part.endswith(".xml"):
            xml[part] = _parse(read(part), part)
    for kind, root_tag in (("officeDocument", "document"), ("styles", "styles"), ("settings", "settings")):
        found = main_part if kind == "officeDocument" else _find_by_type(xml.get(_rels_name(main_part)), kind,
                                                                          main_part)
        if found in xml and xml[found].tag != w(root_tag):
            raise ReferenceError(f"part {found} is not a WordprocessingML {root_tag} part")

    for part, dropped in dropped_ids.items():
        if part and dropped and part.endswith(".xml"):
            if part not in xml:
                xml[part] = _parse(read(part), part)
            _strip_references(xml[part], dropped)

    settings = _find_by_type(xml.get(_rels_name(main_part)), "settings", main_part)
    if settings in kept:
        assert settings is not None
        root = xml.get(settings)
        if root is None:
            root = xml[settings] = _parse(read(settings), settings)
        for child in list(root):
            local = etree.QName(child).localname
            if local in DROPPED_SETTINGS:
                root.remove(child)
                notes.append((settings, f"removed the setting w:{local} ({SETTING_WORDS.get(local, 'not needed')})"))

    main_ct = _fix_content_types(types, main_part, kept)
    if main_ct not in ACCEPTED_MAIN_CTS:
        raise ReferenceError(f"the main part is not a Word document (content type {main_ct!r})")

    out: dict[str, bytes] = {"[Content_Types].xml": _serialise(types)}
    for name in sorted(kept | {"_rels/.rels"} | {_rels_name(p) for p in kept}):
        if name in xml:
            out[name] = _serialise(xml[name])
        elif name in kept:
            out[name] = read(name)
    return out


def _serialise(root: etree._Element) -> bytes:
    return bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True))


def _find_by_type(rels: etree._Element | None, kind: str, source: str) -> str | None:
    if rels is None:
        return None
    for rel in rels:
        if _rel_type(rel) == kind:
            return _resolve(source, rel.get("Target") or "")
    return None


def _empty_body(document: etree._Element) -> None:
    body = document.find(w("body"))
    if body is None:
        raise ReferenceError("the main document has no body")
    for child in list(body):
        if child.tag != w("sectPr"):
            body.remove(child)


def _referenced_ids(root: etree._Element) -> set[str]:
    found: set[str] = set()
    for el in root.iter():
        for key, value in el.attrib.items():
            if isinstance(key, str) and key.startswith(f"{{{R_NS}}}"):
                found.add(str(value))
    return found


def _strip_references(root: etree._Element, dropped: set[str]) -> None:
    """Remove what points at a dropped relationship: a hyperlink keeps its text, anything else goes
    with its run (a picture, an object) or on its own (a setting)."""
    for el in list(root.iter()):
        refs = [v for k, v in el.attrib.items() if isinstance(k, str) and k.startswith(f"{{{R_NS}}}")]
        if not any(v in dropped for v in refs):
            continue
        if el.tag == w("hyperlink"):
            parent = el.getparent()
            if parent is not None:
                index = parent.index(el)
                for child in list(el):
                    parent.insert(index, child)
                    index += 1
                parent.remove(el)
            continue
        target = el
        for ancestor in el.iterancestors():
            if ancestor.tag in (w("r"), w("numPicBullet")):
                target = ancestor
                break
        parent = target.getparent()
        if parent is not None:
            parent.remove(target)


def _fix_content_types(types: etree._Element, main_part: str, kept: set[str]) -> str:
    main_ct = ""
    for override in list(types):
        if etree.QName(override).localname != "Override":
            continue
        name = (override.get("PartName") or "").lstrip("/")
        if name == main_part:
            main_ct = override.get("ContentType") or ""
            if main_ct in ACCEPTED_MAIN_CTS:
                override.set("ContentType", DOCUMENT_MAIN_CT)
        elif name not in kept:
            types.remove(override)
    return main_ct




@dataclass(frozen=True)
class ReferenceDocx:
    """A user's reference .docx, read and cleaned: what the build fingerprints and what the writer gets."""

    #: The file's bytes as read (bounded): the fingerprint of the DOCX outputs covers them.
    data: bytes
    #: The cleaned parts by member name (`sanitise_reference`), for `WriterOptions.reference_docx`.
    parts: dict[str, bytes]
    #: A `warning[reference-cleaned]` for each thing removed that its supplier should know about.
    warnings: tuple[Diagnostic, ...] = ()


def read_reference_docx(path: str | Path, *, shown: str | None = None) -> ReferenceDocx:
    """Read, check and clean the reference .docx at `path`; every refusal is one diagnostic.

    The diagnostic (code ``invalid-reference-docx``) is at `shown` (default: `path` as given), or at
    ``PATH!member:LINE:COL`` when one part of the package is at fault. The file is read through
    `fsio.read_input` (a FIFO or /dev/zero must neither hang nor fill memory; a link out of its folder
    is refused), the zip is checked before anything is decompressed, the parts are cleaned, and
    python-docx must be able to open what is left, so the writer never meets a reference it cannot use.
    """
    label = shown or str(path)
    try:
        data = read_input_bytes(path, "reference-docx")
    except InputRefused as exc:
        raise IspRecapError([Diagnostic(label, 0, 0, "invalid-reference-docx",
                                        f"the reference document cannot be used: {exc.message}")]) from None
    removed: list[tuple[str | None, str]] = []
    try:
        parts = sanitise_reference(data, removed)
    except ReferenceError as exc:
        where = f"{label}!{exc.member}" if exc.member else label
        raise IspRecapError([Diagnostic(where, exc.line, exc.col, "invalid-reference-docx",
                                        f"not a usable reference document: {exc}")]) from None
    _try_open(parts, label)
    warnings = tuple(Diagnostic(f"{label}!{member}" if member else label, 0, 0, "reference-cleaned",
                                f"{what}; the output does not carry it", severity="warning")
                     for member, what in removed)
    return ReferenceDocx(data, parts, warnings)


def _try_open(parts: dict[str, bytes], label: str) -> None:
    """Refuse cleaned parts python-docx still cannot open (its own messages, "Package not found" for a
    truncated file, would mislead whoever supplied the file)."""
    import docx

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as zf:  # only opened here, never written out
        for name, payload in parts.items():
            zf.writestr(name, payload)
    try:
        package = docx.Document(io.BytesIO(buffer.getvalue()))
        package.styles.element  # noqa: B018  # the writer starts from the styles part
    except Exception as exc:  # python-docx raises KeyError, ValueError, lxml errors...; say what it was
        raise IspRecapError([Diagnostic(label, 0, 0, "invalid-reference-docx",
                                        "not a usable reference document: python-docx could not open it "
                                        f"({type(exc).__name__}: {exc})")]) from None
