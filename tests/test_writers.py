"""Every writer handles every kind of block, through its table; none drops one it does not know."""

from __future__ import annotations

import dataclasses
import io
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import get_args

import pytest

from isp_recap import build_document, load_event
from isp_recap.build import FORMATS
from isp_recap.document.nodes import BLOCK_TYPES, Block, DataCardBlock, Document
from isp_recap.render import WRITERS, WriterOptions
from isp_recap.render.docx.writer import BLOCKS, _Writer, render_docx
from isp_recap.render.html.writer import MACROS, TEMPLATE, _environment, render_html

MINIMAL = Path(__file__).resolve().parent / "fixtures" / "minimal.yaml"


def test_block_types_are_the_block_union() -> None:
    assert set(BLOCK_TYPES) == set(get_args(Block))


def test_the_html_writer_has_a_macro_for_every_block_type() -> None:
    assert set(MACROS) == set(BLOCK_TYPES)
    macros = _environment().get_template("macros.html.j2").module
    for kind, name in MACROS.items():
        assert callable(getattr(macros, name, None)), f"macros.html.j2 has no macro {name} for {kind.__name__}"
    assert _environment().get_template(TEMPLATE) is not None


def test_the_docx_writer_has_a_method_for_every_block_type() -> None:
    assert set(BLOCKS) == set(BLOCK_TYPES)
    for kind, name in BLOCKS.items():
        assert callable(getattr(_Writer, name, None)), f"_Writer has no method {name} for {kind.__name__}"


@dataclass(frozen=True)
class Unknown:
    """A block type no writer knows (one added to the Document and forgotten in a writer)."""


def _with_unknown_block() -> Document:
    doc = build_document(load_event(MINIMAL), "en", base_dir=MINIMAL.parent)
    return dataclasses.replace(doc, blocks=(*doc.blocks, Unknown()))  # type: ignore[arg-type]


def test_an_unknown_block_is_an_error_in_every_writer() -> None:
    doc = _with_unknown_block()
    with pytest.raises(TypeError, match="no HTML for Unknown"):
        render_html(doc)
    with pytest.raises(TypeError, match="no DOCX for Unknown"):
        render_docx(doc)


def test_one_table_of_writers_for_build_and_batch() -> None:
    assert tuple(WRITERS) == FORMATS == ("pdf", "docx", "html")
    doc = build_document(load_event(MINIMAL), "en", base_dir=MINIMAL.parent)
    assert WRITERS["html"].write(doc, WriterOptions()).startswith(b"<!DOCTYPE html>")
    assert WRITERS["docx"].write(doc, WriterOptions())[:2] == b"PK"


SAMPLE = Path(__file__).resolve().parent.parent / "samples" / "rare-earths-2025" / "event.yaml"


def test_data_cards_say_how_recent_their_figures_are() -> None:
    # `as_of: "2024-12"` on a card: "Data as of December 2024", in Burmese with Myanmar digits.
    memo = load_event(SAMPLE)
    doc = build_document(memo, "bilingual", base_dir=SAMPLE.parent)
    cards = [b for b in doc.blocks if isinstance(b, DataCardBlock)]
    with_as_of = [c for c in cards if c.as_of]
    assert len(with_as_of) == sum(1 for i in memo.programme if i.data_card and i.data_card.as_of) > 0
    first = with_as_of[0].as_of
    assert first is not None
    assert [s.plain for s in first.spans] == ["Data as of December 2024", "၂၀၂၄ ဒီဇင်ဘာ အထိ ဒေတာ"]
    html = render_html(doc)
    assert html.count('class="card-as-of"') == len(with_as_of) * 2
    body = render_docx(doc)
    with zipfile.ZipFile(io.BytesIO(body)) as zf:
        text = zf.read("word/document.xml").decode("utf-8")
    assert "Data as of December 2024" in text and "ဒီဇင်ဘာ" in text
