"""The PDF writer: print HTML through WeasyPrint, a confined URL fetcher, `/ActualText` on every text box."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .writer import render_pdf

if TYPE_CHECKING:
    from ...document.nodes import Document
    from .. import WriterOptions


def write(doc: Document, options: WriterOptions) -> bytes:
    """The PDF of `doc`."""
    return bytes(render_pdf(doc, options.pdf_standard))


__all__ = ["render_pdf", "write"]
