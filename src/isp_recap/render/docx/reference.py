"""The shipped reference .docx: page setup, header and footer, and every style the DOCX writer uses.

Its parts are package data, one XML file per part under ``parts/`` named as inside the package
(``parts/word/styles.xml``, ``parts/[Content_Types].xml``...), the way Pandoc ships ``data/docx/``;
they are loaded with `importlib.resources`. Edit the XML, then run
``python -m isp_recap.render.docx.reference src/isp_recap/render/reference.docx`` to write the
``reference.docx`` a designer opens (tests/test_render_docx.py fails until they agree).

What the parts must keep (DESIGN §3), checked by the tests: no theme, so no theme fonts (``*Theme``
attributes make Word and LibreOffice pick the theme's complex-script font, which is empty, for
Burmese); no ``ar-SA`` complex-script language; fonts named in the document defaults; every size in
both ``sz`` and ``szCs`` and every bold in both ``b`` and ``bCs``, because Burmese text takes the
complex-script slot. The body holds one sample paragraph per style so that a designer can open the
file in Word or LibreOffice, restyle it and hand it back as an organisation's own reference document
(the writer empties the body).
"""

from __future__ import annotations

import io
import sys
import zipfile
from collections.abc import Sequence
from importlib.resources import files
from pathlib import Path

from lxml import etree  # type: ignore[import-untyped]  # no stubs installed; python-docx is built on it

#: Every part of the reference package, in the order they are zipped.
PART_NAMES: tuple[str, ...] = (
    "[Content_Types].xml", "_rels/.rels", "docProps/core.xml", "word/document.xml",
    "word/_rels/document.xml.rels", "word/styles.xml", "word/settings.xml", "word/fontTable.xml",
    "word/header1.xml", "word/header2.xml", "word/footer1.xml", "word/footer2.xml",
)

#: The shipped palette, by role, as written in parts/word/styles.xml (`theme` maps it to a theme's).
INK = "222222"
ACCENT = "1F4E79"
MUTED = "5F6B76"
CARD_FILL = "EDF2F7"  # drawn by the writer (a data card's box), not a style
QUESTION_FILL = "FBF3E6"
QUESTION_BAR = "B8651B"

# Zip entries get this fixed time so that the same parts always give the same bytes.
ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)

_DECLARATION = b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
# The files are indented for whoever edits them; the package holds them without the indentation
# (what python-docx's own parser drops anyway), so the parts are the same bytes however they are laid out.
_PARSER = etree.XMLParser(remove_blank_text=True, resolve_entities=False, no_network=True, load_dtd=False)


def part(name: str) -> bytes:
    """One part of the shipped reference (a name of `PART_NAMES`), without the files' indentation."""
    data = files(__package__).joinpath("parts", *name.split("/")).read_bytes()
    return _DECLARATION + bytes(etree.tostring(etree.fromstring(data, _PARSER), encoding="UTF-8"))


def reference_parts() -> list[tuple[str, bytes]]:
    """Every part of the reference package, in the order they are zipped."""
    return [(name, part(name)) for name in PART_NAMES]


def build_reference() -> bytes:
    """The reference .docx as bytes; the same bytes on every run."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in reference_parts():
            info = zipfile.ZipInfo(name, ZIP_EPOCH)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            zf.writestr(info, data)
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
