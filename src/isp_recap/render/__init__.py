"""The writers: a `Document` in, the bytes of one output format out.

One package per format (`html/`, `pdf/`, `docx/`), each exposing `write(doc, options) -> bytes`;
`fonts` and `assets` are shared by them. A writer sees only the Document (and the options below):
it picks no word, reads no file of the event folder and imports nothing from `source/` (see
docs/architecture.md; tests/test_architecture.py enforces it).

`WRITERS` is the one table of output formats, used by `build` and `batch` alike. Each writer's
module is imported only when it first runs, so importing this package stays cheap.
"""

from __future__ import annotations

import importlib
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..document.nodes import Document


@dataclass(frozen=True)
class WriterOptions:
    """What a writer may be told besides the Document."""

    #: An organisation's own reference .docx for the DOCX writer's styles, as parts by member name,
    #: read and cleaned on the input side (`source.reference_docx`); None: the shipped reference.
    reference_docx: Mapping[str, bytes] | None = None
    #: `--pdf-standard`: "ua-1" (tagged PDF/UA-1), "a-3b", "ua-1,a-3b" or "none" (see render.pdf.tagging).
    pdf_standard: str = "ua-1"


@dataclass(frozen=True)
class Writer:
    """One output format and the module that writes it (imported when it first runs)."""

    format: str
    module: str

    def write(self, doc: Document, options: WriterOptions) -> bytes:
        """`doc` in this format, as bytes."""
        data: bytes = importlib.import_module(self.module).write(doc, options)
        return data


#: Every output format, in the order a build writes them.
WRITERS: dict[str, Writer] = {
    w.format: w for w in (
        Writer("pdf", "isp_recap.render.pdf"),
        Writer("docx", "isp_recap.render.docx"),
        Writer("html", "isp_recap.render.html"),
    )
}
