"""Words the PDF never hyphenates, without an element around each of them.

The builder marks the words English must not hyphenate (`Run.nohyphen`: capitalised words, names).
Wrapping each in `<span style="hyphens: manual">` worked but cost: WeasyPrint lays out every inline
element as a box of its own, and the sample's 549 spans made the English PDF about 60 % slower
(measured: 0.97 s -> 0.61 s of WeasyPrint's CPU without them). A soft hyphen cannot stand in either:
WeasyPrint then ignores automatic hyphenation for the whole rest of the paragraph. So WeasyPrint asks
its hyphenation dictionary (pyphen) as usual, and while a PDF is drawn the dictionary answers "no
hyphenation point" for exactly the marked words.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from typing import Any

from ...document.nodes import Document, iter_segments
from .actualtext import HookPointChanged


def marked_words(doc: Document) -> frozenset[str]:
    """Every word the builder marked as never hyphenated, anywhere `doc` prints text."""
    segments = [*iter_segments(doc), doc.running_header]
    return frozenset(run.text[a:b] for seg in segments for span in seg.spans for run in span.runs
                     for a, b in run.nohyphen)


def _check() -> Any:
    import pyphen  # type: ignore[import-untyped]  # WeasyPrint's hyphenation dictionaries; no type hints
    from weasyprint.text import line_break

    names = line_break.split_first_line.__code__.co_names
    if "Pyphen" not in names or "iterate" not in names or not hasattr(pyphen.Pyphen, "iterate"):
        raise HookPointChanged("weasyprint.text.line_break.split_first_line no longer asks "
                               "pyphen.Pyphen.iterate: the hyphenation hook needs updating")
    return pyphen.Pyphen


@contextlib.contextmanager
def never_hyphenate(words: frozenset[str]) -> Iterator[None]:
    """While drawing: pyphen offers no hyphenation point inside any of `words`."""
    if not words:
        yield
        return
    pyphen_class = _check()
    original = pyphen_class.iterate

    def iterate(self: Any, word: str) -> Iterator[tuple[str, str]]:
        if word in words:
            return iter(())
        return original(self, word)  # type: ignore[no-any-return]

    pyphen_class.iterate = iterate
    try:
        yield
    finally:
        pyphen_class.iterate = original
