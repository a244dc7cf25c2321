"""The HTML writer: the web page (self-contained) and the print HTML the PDF writer hands WeasyPrint."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .writer import render_html, stylesheets

if TYPE_CHECKING:
    from ...document.nodes import Document
    from .. import WriterOptions


def write(doc: Document, options: WriterOptions) -> bytes:
    """The web page of `doc`, UTF-8 encoded."""
    return render_html(doc).encode("utf-8")


__all__ = ["render_html", "stylesheets", "write"]
