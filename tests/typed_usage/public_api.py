"""The public API used as a user's code would use it; tests/test_typed_api.py runs mypy --strict on it.

Every `assert_type` states what mypy must infer from `import isp_recap` alone: the real types of the
exported functions and classes, never `Any` (an exported name mypy cannot see is `Any`, and
`assert_type(x, bytes)` fails for an `Any`). Nothing here runs at import time; the functions are
never called by the suite (the tutorial and README tests run the same calls for real).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, assert_type

import isp_recap
from isp_recap import (
    BuildOptions,
    BuildResult,
    Diagnostic,
    Document,
    Edition,
    IspRecapError,
    Language,
    LoadedTheme,
    Memo,
    ReferenceDocx,
    Summary,
    Text,
    build_document,
    build_event,
    event_schema,
    load_event,
    load_theme,
    parse_event,
    read_reference_docx,
    render_docx,
    render_html,
    render_pdf,
    summarise,
)


def render_every_format(event: Path, edition: Edition = "bilingual") -> dict[str, bytes]:
    memo = load_event(event)
    assert_type(memo, Memo)
    doc = build_document(memo, edition, base_dir=event.parent)
    assert_type(doc, Document)
    pdf = render_pdf(doc)
    assert_type(pdf, bytes)
    assert_type(render_pdf(doc, "ua-1,a-3b"), bytes)
    docx = render_docx(doc, reference=None)
    assert_type(docx, bytes)
    html = render_html(doc)
    assert_type(html, str)
    assert_type(doc.edition, Edition)
    assert_type(doc.languages, tuple[Language, ...])
    assert_type(doc.title, str)
    return {"pdf": pdf, "docx": docx, "html": html.encode("utf-8")}


def through_the_package_namespace(text: str) -> bytes:
    memo = isp_recap.parse_event(text, "event.yaml")
    assert_type(memo, Memo)
    doc = isp_recap.build_document(memo, "en", allow_missing=True, keep_together=["ဆန်ဈေး"])
    assert_type(doc, isp_recap.Document)
    assert_type(isp_recap.render_html(doc, for_print=True), str)
    assert_type(isp_recap.__version__, str)
    return isp_recap.render_pdf(doc)


def inspect_the_memo(source: bytes) -> str | None:
    memo = parse_event(source)
    summary = summarise(memo)
    assert_type(summary, Summary)
    assert_type(summary.translated_share, float)
    assert_type(summary.speakers, list[str])
    title = memo.event.title
    assert_type(title, Text)
    assert_type(title.en, str | None)  # a Burmese-only text has no English yet
    assert_type(title.source, str)
    assert_type(title.pick("en"), str)
    assert_type(title.get("my"), str | None)
    assert_type(event_schema(), dict[str, Any])
    return title.my


def report_mistakes(event: Path) -> list[str]:
    try:
        load_event(event)
    except IspRecapError as error:
        assert_type(error.diagnostics, list[Diagnostic])
        assert_type(error.errors, list[Diagnostic])
        first = error.diagnostics[0]
        assert_type(first.line, int)
        assert_type(first.format(), str)
        return [d.format() for d in error.diagnostics]
    return []


def build_into(event: Path, out: Path, theme: Path | None = None) -> list[Path]:
    options = BuildOptions(languages=("en",), formats=("pdf", "html"), bilingual=False, theme=theme)
    assert_type(options.editions(), list[Edition])
    result = build_event(event, out, options, progress=print)
    assert_type(result, BuildResult)
    assert_type(result.outputs, list[Path])
    if theme is not None:
        loaded = load_theme(theme)
        assert_type(loaded, LoadedTheme)
        assert_type(loaded.digest, str)
        doc = build_document(load_event(event), "my", theme=loaded)
        assert_type(render_docx(doc), bytes)
    return result.outputs


def styled_docx(doc: Document, styles: Path) -> bytes:
    reference = read_reference_docx(styles)
    assert_type(reference, ReferenceDocx)
    assert_type(reference.parts, dict[str, bytes])
    return render_docx(doc, reference=reference.parts)
