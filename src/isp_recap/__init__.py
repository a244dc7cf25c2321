"""isp-recap: a paired Burmese and English recap memo from one structured record of an event.

Public API (imported lazily, so `import isp_recap` stays fast)::

    memo = isp_recap.load_event("samples/rare-earths-2025/event.yaml")   # Memo, or IspRecapError
    doc = isp_recap.build_document(memo, "my", base_dir=folder)           # "en", "my" or "bilingual"
    pdf_bytes = isp_recap.render_pdf(doc)                                 # also render_docx, render_html
    isp_recap.build_event(path, out_dir)          # every output written atomically, as the CLI does

Every name in `__all__` is documented (docs/api.rst, built by `make docs`) and typed: mypy sees the
real signatures through the imports under `TYPE_CHECKING`, which must name exactly `_EXPORTS`.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

_EXPORTS = {
    "load_event": "isp_recap.source.loader",
    "parse_event": "isp_recap.source.loader",
    "Diagnostic": "isp_recap.diagnostics",
    "IspRecapError": "isp_recap.diagnostics",
    "Memo": "isp_recap.model",
    "Text": "isp_recap.model",
    "summarise": "isp_recap.summary",
    "Summary": "isp_recap.summary",
    "event_schema": "isp_recap.schema",
    "build_document": "isp_recap.document.builder",
    "Document": "isp_recap.document.nodes",
    "Edition": "isp_recap.document.nodes",
    "Language": "isp_recap.document.nodes",
    "render_html": "isp_recap.render.html",
    "render_pdf": "isp_recap.render.pdf",
    "render_docx": "isp_recap.render.docx",
    "build_event": "isp_recap.build",
    "BuildOptions": "isp_recap.build",
    "BuildResult": "isp_recap.build",
    "read_reference_docx": "isp_recap.source.reference_docx",
    "ReferenceDocx": "isp_recap.source.reference_docx",
    "load_theme": "isp_recap.theme",
    "LoadedTheme": "isp_recap.theme",
}

__all__ = [
    "BuildOptions",
    "BuildResult",
    "Diagnostic",
    "Document",
    "Edition",
    "IspRecapError",
    "Language",
    "LoadedTheme",
    "Memo",
    "ReferenceDocx",
    "Summary",
    "Text",
    "__version__",
    "build_document",
    "build_event",
    "event_schema",
    "load_event",
    "load_theme",
    "parse_event",
    "read_reference_docx",
    "render_docx",
    "render_html",
    "render_pdf",
    "summarise",
]

if TYPE_CHECKING:
    from .build import BuildOptions, BuildResult, build_event
    from .diagnostics import Diagnostic, IspRecapError
    from .document.builder import build_document
    from .document.nodes import Document, Edition, Language
    from .model import Memo, Text
    from .render.docx import render_docx
    from .render.html import render_html
    from .render.pdf import render_pdf
    from .schema import event_schema
    from .source.loader import load_event, parse_event
    from .source.reference_docx import ReferenceDocx, read_reference_docx
    from .summary import Summary, summarise
    from .theme import LoadedTheme, load_theme


def __getattr__(name: str) -> Any:
    if name in _EXPORTS:
        return getattr(importlib.import_module(_EXPORTS[name]), name)
    raise AttributeError(f"module 'isp_recap' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
