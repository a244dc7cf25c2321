"""`/ActualText` for the text boxes WeasyPrint draws, so Burmese PDFs extract as the source text.

WeasyPrint writes one ToUnicode entry per glyph (first use wins, glyphs in visual order), so copying,
searching or reading aloud a Burmese PDF gives garbled text (DESIGN §3, "Text extraction"). Wrapping
each drawn text box in a marked-content span

    /Span << /ActualText <FEFF...> >> BDC  ...glyphs...  EMC

whose ActualText is the box's logical text (inserted U+200B break marks removed) made pdftotext and
pdfium extraction exact, with a byte-identical raster.

WeasyPrint has no public hook for this. Text boxes are drawn by `weasyprint.draw.text.draw_first_line`,
which `draw_text` (and SVG text) look up as a module global at call time, so replacing that global
while we render is enough. Because it is an internal, pyproject pins WeasyPrint to 70.0.x and
`check_hook_point` (run at install time and by the tests) fails loudly when the function moves or
changes its signature, instead of silently producing PDFs without ActualText.

Thread-safety: the module global is process-wide. `actual_text()` holds a lock for the whole render,
and the wrapper acts only in the thread that installed it, so a WeasyPrint render running in another
thread at the same time is drawn unchanged.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from .weasy import hook_point

#: The hook point and the parameters it must have (WeasyPrint 70.0).
HOOK_MODULE = "weasyprint.draw.text"
HOOK_NAME = "draw_first_line"
HOOK_PARAMETERS = ("stream", "textbox", "text_overflow", "block_ellipsis", "matrix")

#: Characters dropped from ActualText: break marks the renderer inserted, never part of the source.
_INSERTED = ("\u200b", "\u2060")

#: A box of printable ASCII, drawn with its font's plain glyphs (no small capitals or other
#: OpenType substitution chosen in CSS), with no break mark inserted and no hyphen added, is drawn
#: without a span: WeasyPrint maps each of those glyphs back to its character through the font's
#: own character map, so the text extracts as written anyway, and the spans cost 1.5 % of an English
#: PDF's rendering (instructions counted, bench/notes.md). Anything else keeps its span: Burmese and
#: other scripts, whose glyphs are reordered and joined; small capitals, whose glyphs have no
#: character of their own (extracted, "ISP Episode" read "isP ePisode"); and characters that share
#: a glyph with another (a no-break space is drawn with the space's glyph, and would extract as one).
_PLAIN = re.compile("[\u0020-\u007e]*")
#: Style properties that must be at their initial value for a box to go without a span.
_PLAIN_STYLE = (("font_variant_caps", "normal"), ("font_feature_settings", "normal"),
                ("font_variant_alternates", "normal"))


def needs_span(text: str, logical: str, style: Any) -> bool:
    """Whether a drawn box needs `/ActualText` for its text to extract as `logical` (see `_PLAIN`)."""
    if logical != text or not _PLAIN.fullmatch(text):
        return True
    return any(style[name] != plain for name, plain in _PLAIN_STYLE)


_lock = threading.RLock()
_active = threading.local()


class HookPointChanged(RuntimeError):
    """WeasyPrint's internals no longer look like the version the ActualText hook was written for."""


def check_hook_point() -> Callable[..., Any]:
    """Return WeasyPrint's `draw_first_line` after checking it is where and what the hook expects.

    Raises `HookPointChanged` if the module, the function, its parameters, or `draw_text`'s
    module-global call to it have changed.
    """
    return hook_point(HOOK_MODULE, HOOK_NAME, HOOK_PARAMETERS, calls_it="draw_text", changed=HookPointChanged,
                      hook="ActualText hook")


#: What a PDF literal string escapes, in this order (the escape character first): its delimiters,
#: and line ends, which a reader would otherwise turn into LF.
_LITERAL_ESCAPES = ((b"\\", b"\\\\"), (b"(", b"\\("), (b")", b"\\)"), (b"\r", b"\\r"), (b"\n", b"\\n"))


def actual_text_string(text: str) -> bytes:
    """A PDF text string for `text` without break marks: UTF-16BE with a byte-order mark, written as
    a literal string `(...)`, half the size of the hex form `<FEFF...>` for pydyf to compress."""
    # str.replace, not str.translate with a mapping: translate looks every character up in the
    # mapping and raises (and clears) a KeyError for each one it does not map, which is every
    # character of Burmese text: 40 M of the 132 M instructions the Burmese sample's render cost
    # beyond the engine's own (counted, bench/notes.md).
    for mark in _INSERTED:
        text = text.replace(mark, "")
    data = ("\ufeff" + text).encode("utf-16-be")
    for raw, escaped in _LITERAL_ESCAPES:
        data = data.replace(raw, escaped)
    return b"(" + data + b")"


def logical_text(text: str, style: Any) -> str:
    """The source text of a drawn box: without the hyphen WeasyPrint adds where it hyphenated a word.

    When WeasyPrint hyphenates it appends `hyphenate-character` (U+2010 by default) to the box's text;
    the source has no such character, so search and copy must not see it either. A hyphen-minus
    typed by the author (`Mandalay-Sagaing` broken after the hyphen) is kept.
    """
    mark = style["hyphenate_character"] if style["hyphens"] != "none" else ""
    if mark and mark != "-" and text.endswith(mark):
        return text[: -len(mark)]
    return text


def _wrap(original: Callable[..., Any]) -> Callable[..., Any]:
    import pydyf

    def draw_first_line(stream: Any, textbox: Any, text_overflow: Any, block_ellipsis: Any,
                        matrix: Any) -> Any:
        text = textbox.text
        if getattr(_active, "depth", 0) == 0 or not text.strip():
            return original(stream, textbox, text_overflow, block_ellipsis, matrix)
        logical = logical_text(text, textbox.style)
        if not needs_span(text, logical, textbox.style):  # extracts as written without a span
            return original(stream, textbox, text_overflow, block_ellipsis, matrix)
        # The box's logical text, as the reader should get it back; glyphs are drawn unchanged inside.
        props = pydyf.Dictionary({"ActualText": actual_text_string(logical)})
        stream.begin_marked_content("Span", props)
        try:
            return original(stream, textbox, text_overflow, block_ellipsis, matrix)
        finally:
            stream.end_marked_content()

    draw_first_line.__wrapped_by_isp_recap__ = original  # type: ignore[attr-defined]
    return draw_first_line


@contextmanager
def actual_text() -> Iterator[None]:
    """Within this block, text drawn by WeasyPrint in this thread carries `/ActualText`.

    Raises `HookPointChanged` (before anything is rendered) if WeasyPrint's internals have moved.
    """
    import importlib

    with _lock:
        original = check_hook_point()
        module = importlib.import_module(HOOK_MODULE)
        previous = getattr(module, HOOK_NAME)
        installed = previous if getattr(previous, "__wrapped_by_isp_recap__", None) else _wrap(original)
        setattr(module, HOOK_NAME, installed)
        _active.depth = getattr(_active, "depth", 0) + 1
        try:
            yield
        finally:
            _active.depth -= 1
            setattr(module, HOOK_NAME, previous)
