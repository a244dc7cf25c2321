"""The DOCX writer: python-docx on a cleaned reference document, explicit Burmese fonts on every run.

`writer` walks the Document, `oxml` holds the WordprocessingML python-docx cannot say, `package`
zips reproducibly, `reference` builds the shipped reference. A user's reference .docx arrives as cleaned
parts (read and checked on the input side, `isp_recap.source.reference_docx`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .writer import open_reference, render_docx, shipped_reference

if TYPE_CHECKING:
    from ...document.nodes import Document
    from .. import WriterOptions


def write(doc: Document, options: WriterOptions) -> bytes:
    """The .docx of `doc`, styled by `options.reference_docx` or the shipped reference."""
    return render_docx(doc, reference=options.reference_docx)


__all__ = ["open_reference", "render_docx", "shipped_reference", "write"]
