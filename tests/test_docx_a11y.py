"""Accessible DOCX (issue 14): the sample's three DOCX editions and generated stress events pass the
accessibility checker (tests/docx_a11y.py), and the checker fails on files that break each rule."""

from __future__ import annotations

import io
import json
import re
import zipfile
from collections.abc import Callable
from functools import cache
from pathlib import Path

import pytest
from lxml import etree  # type: ignore[import-untyped]

from docx_a11y import NS, W, check
from isp_recap import build_document, load_event
from isp_recap.document.nodes import Edition
from isp_recap.render.docx import render_docx
from isp_recap.theme import load_theme
from test_render_pdf import doc_of
from test_stress_layout import _bare_event, _stress_event

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "samples" / "rare-earths-2025" / "event.yaml"
EDITIONS: tuple[Edition, ...] = ("en", "my", "bilingual")


@cache
def docx_of(path: Path, edition: Edition) -> bytes:
    return render_docx(doc_of(path, edition))


@pytest.fixture(scope="module")
def stress_events(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("stress")
    out = {}
    for name, data in (("stress-1", _stress_event(1)), ("stress-2", _stress_event(2)), ("bare", _bare_event())):
        event = root / name / "event.yaml"
        event.parent.mkdir()
        # JSON is YAML; the event date unquoted, so that YAML reads it as a date.
        event.write_text(json.dumps(data, ensure_ascii=False, indent=1).replace('"2025-04-26"', "2025-04-26"),
                         encoding="utf-8")
        out[name] = event
    return out


@pytest.mark.parametrize("edition", EDITIONS)
def test_sample_docx_editions_pass_the_checker(edition: Edition) -> None:
    doc = doc_of(SAMPLE, edition)
    report = check(docx_of(SAMPLE, edition), doc)
    assert report.problems == []
    levels = [level for level, _ in report.headings]
    assert levels[0] == 1 and 3 in levels  # sections, and the data cards below them


@pytest.mark.parametrize("edition", EDITIONS)
def test_themed_docx_editions_pass_the_checker(edition: Edition) -> None:
    """The example theme's colours and fonts replace the shipped ones: still every rule, contrast too."""
    theme = load_theme(ROOT / "samples" / "themes" / "mekong-forum")
    doc = build_document(load_event(SAMPLE), edition, base_dir=SAMPLE.parent, theme=theme)
    assert check(render_docx(doc), doc).problems == []


@pytest.mark.parametrize("name", ["stress-1", "stress-2", "bare"])
@pytest.mark.parametrize("edition", EDITIONS)
def test_stress_events_pass_the_checker(stress_events: dict[str, Path], name: str, edition: Edition) -> None:
    path = stress_events[name]
    doc = build_document(load_event(path), edition, base_dir=path.parent)
    assert check(render_docx(doc), doc).problems == []


def test_defaults_and_core_properties_name_the_edition_language() -> None:
    for edition, want in (("en", "en-US"), ("my", "my-MM"), ("bilingual", "en-US")):
        with zipfile.ZipFile(io.BytesIO(docx_of(SAMPLE, edition))) as zf:
            styles = etree.fromstring(zf.read("word/styles.xml"))
            core = etree.fromstring(zf.read("docProps/core.xml"))
        lang = styles.find("w:docDefaults/w:rPrDefault/w:rPr/w:lang", NS)
        assert (lang.get(f"{{{W}}}val"), lang.get(f"{{{W}}}bidi")) == (want, "my-MM")
        assert core.findtext("dc:language", None, NS) == want
        assert core.findtext("dc:title", None, NS) == doc_of(SAMPLE, edition).title


# -- the checker fails on each broken rule ----------------------------------------------------------

def _edit(data: bytes, name: str, change: Callable[[etree._Element], None]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            raw = src.read(info.filename)
            if info.filename == name:
                root = etree.fromstring(raw)
                change(root)
                raw = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
            dst.writestr(info, raw)
    return out.getvalue()


def _w(tag: str) -> str:
    return f"{{{W}}}{tag}"


def _drop_alt(root: etree._Element) -> None:
    for pr in root.iter("{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}docPr"):
        pr.attrib.pop("descr")
        pr.attrib.pop("title")


def _spacing_paragraph(root: etree._Element) -> None:
    body = root.find("w:body", NS)
    first = next(p for p in body.iter(_w("p")) if p.find(".//w:t", NS) is not None)
    first.addnext(etree.Element(_w("p")))


def _card_titles_body_text(root: etree._Element) -> None:
    for level in list(root.iter(_w("outlineLvl"))):
        level.getparent().remove(level)


def _header_look(root: etree._Element) -> None:
    for look in root.iter(_w("tblLook")):
        look.set(_w("firstRow"), "1")
        look.set(_w("val"), "04A0")


def _typed_bullet(root: etree._Element) -> None:
    t = next(root.iter(_w("t")))
    t.text = "\u2022 " + (t.text or "")


def _english_burmese(root: etree._Element) -> None:
    for lang in root.iter(_w("lang")):
        if lang.get(_w("val")) == "my-MM":
            lang.set(_w("val"), "en-US")


def _grey_text(root: etree._Element) -> None:
    for colour in root.iter(_w("color")):
        colour.set(_w("val"), "AAAAAA")


def _linkless(root: etree._Element) -> None:
    for link in root.iter(_w("hyperlink")):
        for t in link.iter(_w("t")):
            t.text = ""


@pytest.mark.parametrize(("name", "change", "expected"), [
    ("word/document.xml", _drop_alt, "without alt text"),
    ("word/document.xml", _spacing_paragraph, "empty paragraph used as spacing"),
    ("word/document.xml", _card_titles_body_text, "not a heading"),
    ("word/document.xml", _header_look, "tblLook firstRow is on"),
    ("word/document.xml", _typed_bullet, "typed bullet"),
    ("word/document.xml", _english_burmese, "Burmese run without w:lang my-MM"),
    ("word/document.xml", _linkless, "hyperlink without text"),
    ("word/styles.xml", _english_burmese, "docDefaults w:lang"),
    ("word/styles.xml", _grey_text, "contrast 2.32:1 of #AAAAAA on #FFFFFF"),
])
def test_the_checker_fails_on_each_broken_rule(name: str, change: Callable[[etree._Element], None],
                                              expected: str) -> None:
    edition: Edition = "my" if name == "word/styles.xml" or change is _english_burmese else "en"
    data = _edit(docx_of(SAMPLE, edition), name, change)
    problems = check(data, doc_of(SAMPLE, edition)).problems
    assert any(expected in p for p in problems), problems


def test_the_checker_fails_on_a_plain_python_docx_file() -> None:
    import docx

    buffer = io.BytesIO()
    plain = docx.Document()
    plain.add_paragraph("")
    plain.add_paragraph("Body")
    plain.save(buffer)
    problems = check(buffer.getvalue(), doc_of(SAMPLE, "en")).problems
    assert any(re.search(p, q) for p in ("docDefaults", "dc:language", "dc:title", "not a heading")
               for q in problems)
    assert any("dc:title" in q for q in problems)
