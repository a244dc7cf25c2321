"""English never hyphenates the words the builder marks (issue 12 item 5), at no layout cost.

The sample's English is laid out in a 32 mm column, narrow enough that WeasyPrint hyphenates dozens of
words. With the PDF writer's hook (render.pdf.hyphenation) no line ends inside a marked word (a
capitalised word: a name, a place), while other words still hyphenate; without it, some marked words
are split: the test can fail. The print HTML carries no element per word (they made PDFs ~60 % slower).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from isp_recap import build_document, load_event
from isp_recap.render.assets import VIRTUAL_ROOT, figures
from isp_recap.render.html import render_html
from isp_recap.render.pdf.fetcher import url_fetcher
from isp_recap.render.pdf.hyphenation import marked_words, never_hyphenate

SAMPLE = Path(__file__).resolve().parents[1] / "samples" / "rare-earths-2025" / "event.yaml"
NARROW = "<style>.p-body, .p-lead { width: 32mm !important; text-align: justify; }</style></head>"
HYPHEN = "\u2010"  # WeasyPrint's hyphenate-character


def _text_boxes(box: Any) -> Iterator[Any]:
    if type(box).__name__ == "TextBox":
        yield box
    for child in getattr(box, "children", ()):
        yield from _text_boxes(child)


@pytest.fixture(scope="module")
def english() -> Any:
    return build_document(load_event(SAMPLE), "en", base_dir=SAMPLE.parent)


def _hyphenated_words(doc: Any, hooked: bool) -> list[str]:
    """Each word split at a line end, as its first part (the line's last word, hyphen removed)."""
    from weasyprint import HTML

    html = render_html(doc, for_print=True).replace("</head>", NARROW, 1)
    words = marked_words(doc) if hooked else frozenset()
    with never_hyphenate(words):
        rendered = HTML(string=html, base_url=VIRTUAL_ROOT, url_fetcher=url_fetcher(figures(doc))).render()
    out = []
    for page in rendered.pages:
        for box in _text_boxes(page._page_box):
            if box.text.endswith(HYPHEN):
                out.append(re.findall(r"[\w'’]*$", box.text[:-1])[0])  # "Myanmar—partic" -> "partic"
    return out


def test_marked_words_are_never_hyphenated_and_others_still_are(english: Any) -> None:
    marked = marked_words(english)
    assert {"Myanmar", "Unearthing", "China"} <= marked
    split = _hyphenated_words(english, hooked=True)
    assert len(split) > 20  # the narrow column does hyphenate
    inside_marked = [w for w in split if w[:1].isupper()]
    assert inside_marked == []


def test_without_the_hook_capitalised_words_would_be_split(english: Any) -> None:
    split = _hyphenated_words(english, hooked=False)
    assert [w for w in split if w[:1].isupper()], "the narrow layout no longer tests anything"


def test_print_html_has_no_element_per_word(english: Any) -> None:
    assert "nohy" not in render_html(english, for_print=True)


def test_the_dictionary_is_only_changed_while_drawing() -> None:
    import pyphen

    dictionary = pyphen.Pyphen(lang="en_US")
    assert list(dictionary.iterate("Unearthing"))
    with never_hyphenate(frozenset({"Unearthing"})):
        assert list(dictionary.iterate("Unearthing")) == []
        assert list(dictionary.iterate("unearthing"))
    assert list(dictionary.iterate("Unearthing"))
