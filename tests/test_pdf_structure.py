"""Tagged PDF: the sample's three PDFs pass the structure checker (tests/pdf_structure.py), and the
checker fails on PDFs that lack what PDF/UA-1 asks for."""

from __future__ import annotations

import io
from contextlib import nullcontext
from pathlib import Path
from typing import Any

import pikepdf
import pytest

from isp_recap.document.nodes import Edition
from isp_recap.render.pdf import render_pdf, tagging
from pdf_structure import check
from test_render_pdf import doc_of, pdf_of

SAMPLE = Path(__file__).resolve().parent.parent / "samples" / "rare-earths-2025" / "event.yaml"
MINIMAL = Path(__file__).resolve().parent / "fixtures" / "minimal.yaml"


@pytest.mark.parametrize("edition", ["en", "my", "bilingual"])
def test_sample_pdfs_pass_the_structure_checker(edition: Edition) -> None:
    report = check(pdf_of(SAMPLE, edition), doc_of(SAMPLE, edition))
    assert report.problems == []
    tags = {e.tag for e in report.elements}
    assert {"H1", "H2", "H3", "H4", "P", "Sect", "Link"} <= tags


def test_every_burmese_paragraph_of_the_bilingual_pdf_has_lang_my() -> None:
    report = check(pdf_of(SAMPLE, "bilingual"), doc_of(SAMPLE, "bilingual"))
    burmese = [e for e in report.elements if e.tag == "P" and any("\u1000" <= c <= "\u109f" for c in e.text)]
    assert len(burmese) > 100
    assert all(e.own_lang == "my" for e in burmese)
    english = [e for e in report.elements if e.tag == "P" and e.text.isascii() and e.text.strip()]
    assert english and all(e.lang == "en" for e in english)


def test_running_headers_and_page_numbers_are_artifacts() -> None:
    data = pdf_of(SAMPLE, "en")
    pdf = pikepdf.open(io.BytesIO(data))
    ops = [(str(op), operands) for operands, op in pikepdf.parse_content_stream(pdf.pages[2])]
    artifacts = [o for name, o in ops if name == "BDC" and str(o[0]) == "/Artifact"
                 and o[1].get("/Type") == "/Pagination"]
    assert artifacts  # the header and the page number of page 3
    report = check(data, doc_of(SAMPLE, "en"))
    header = doc_of(SAMPLE, "en").running_header.spans[0].plain
    assert not any(header in e.text and e.tag == "P" for e in report.elements)


@pytest.mark.parametrize("standard", ["a-3b", "ua-1,a-3b"])
def test_archival_standards_pass_and_identify_themselves(standard: str) -> None:
    doc = doc_of(MINIMAL, "bilingual")
    data = render_pdf(doc, standard)
    assert check(data, doc, standard).problems == []
    meta = pikepdf.open(io.BytesIO(data)).open_metadata()
    assert meta.get("pdfaid:part") == "3"
    assert (meta.get("pdfuaid:part") == "1") == ("ua-1" in standard)
    assert render_pdf(doc, standard) == data  # reproducible: the /ID is a hash, not random


def test_untagged_pdf_fails_the_checker() -> None:
    doc = doc_of(MINIMAL, "en")
    assert check(render_pdf(doc, "none"), doc).problems == ["no /StructTreeRoot"]


def test_weasyprint_tagging_alone_fails_the_checker(monkeypatch: pytest.MonkeyPatch) -> None:
    """Without our hooks: margin text maps to elements outside the tree and Burmese reads as English."""
    doc = doc_of(SAMPLE, "bilingual")

    def no_hooks(lang: str) -> Any:
        return nullcontext()

    monkeypatch.setattr(tagging, "tagging", no_hooks)
    problems = check(render_pdf(doc), doc).problems
    assert any("belongs to no structure element" in p for p in problems)
    assert any("has no /Lang of its own" in p or "has language 'en'" in p for p in problems)


def _span_inside_a_link(doc: Any, where: Path) -> Any:
    """`doc` with a theme whose back-page partial puts a `<span>` inside a link: WeasyPrint hangs that
    span's link annotation from a Span (what `tagging._hoist_annotations` moves up to the Link). The
    package's own HTML no longer nests elements in links; a theme's template may."""
    import dataclasses

    from isp_recap.document.theme import edition_theme
    from isp_recap.theme import load_theme

    (where / "templates").mkdir()
    (where / "theme.yaml").write_text("format: isp-recap/theme 1\nname: Span Test\n", encoding="utf-8")
    (where / "templates" / "contact.html.j2").write_text(
        '{{ default }}<p><a href="https://example.org/"><span>Example</span> site</a></p>', encoding="utf-8")
    return dataclasses.replace(doc, theme=edition_theme(load_theme(where), doc.languages))


def test_weasyprint_links_alone_fail_the_checker(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Without our link handling: a wrapped link is two Link elements and the annotations of the words
    inside a link hang from Spans."""
    render = Path(__file__).resolve().parent / "fixtures" / "render" / "event.yaml"
    doc = doc_of(render, "bilingual")
    themed = _span_inside_a_link(doc, tmp_path)
    assert not [p for p in check(render_pdf(themed), themed).problems if "owned by" in p]
    monkeypatch.setattr(tagging, "_hoist_annotations", lambda pdf, link, annotations: None)
    problems = check(render_pdf(themed), themed).problems
    assert any("owned by Span, not a Link" in p for p in problems)
    monkeypatch.undo()
    real = tagging._wrap_tree

    def no_merge(original: Any) -> Any:
        wrapped = real(original)

        def tree(box: Any, *args: Any) -> Any:
            if getattr(box, "element_tag", None) == "a":
                return original(box, *args)
            return wrapped(box, *args)
        tree.__wrapped_by_isp_recap__ = original  # type: ignore[attr-defined]
        return tree

    monkeypatch.setattr(tagging, "_wrap_tree", no_merge)
    problems = check(render_pdf(doc), doc).problems
    assert any("one link as two Link elements" in p for p in problems)


def test_a_wrapped_link_is_one_link_element_owning_each_piece() -> None:
    render = Path(__file__).resolve().parent / "fixtures" / "render" / "event.yaml"
    report = check(pdf_of(render, "bilingual"), doc_of(render, "bilingual"))
    title = [e for e in report.elements if e.tag == "Link" and "Unearthing" in e.text]
    assert len(title) == 1
    assert title[0].text.startswith("Unearthing the Cost")  # in reading order, not MCIDs before Spans
    assert title[0].annotations == len(title[0].mcids) == 2  # one annotation per line of the wrapped link
    contact = [e for e in report.elements if e.tag == "Link" and e.text.startswith("+66")]
    assert contact  # the contact block's links hold their text (no empty Link)


def test_unknown_standard_is_refused() -> None:
    with pytest.raises(ValueError, match="ua-1"):
        tagging.write_options("ua-2")


def test_figures_carry_alt_text_in_every_language() -> None:
    render = Path(__file__).resolve().parent / "fixtures" / "render" / "event.yaml"
    doc = doc_of(render, "bilingual")
    report = check(pdf_of(render, "bilingual"), doc)
    assert report.problems == []
    figures = [e for e in report.elements if e.tag == "Figure"]
    assert figures
    assert all(" / " in f.alt for f in figures)  # "English / Burmese"


def test_chart_words_are_an_artifact_that_still_extracts() -> None:
    """The chart's transparent words (aria-hidden in HTML) are not read twice: the Figure's /Alt says
    what the chart shows, and the words are an artifact, outside the structure tree, yet in the text."""
    import shutil
    import subprocess

    from isp_recap.document.nodes import DataCardBlock

    doc = doc_of(SAMPLE, "en")
    charts = [c for b in doc.blocks if isinstance(b, DataCardBlock) for c in b.charts]
    assert charts
    data = pdf_of(SAMPLE, "en")
    report = check(data, doc)
    assert report.problems == []
    assert not any(e.tag == "Caption" for e in report.elements)
    tagged = "".join(e.text for e in report.elements if e.depth == 0)
    overlay = " ".join(charts[0].words)
    assert overlay not in tagged
    figures = [e for e in report.elements if e.tag == "Figure"]
    assert any(e.alt == charts[0].alt for e in figures)
    pdftotext = shutil.which("pdftotext")
    assert pdftotext, "pdftotext is missing: make system-deps installs poppler-utils"
    text = subprocess.run([pdftotext, "-", "-"], input=data, capture_output=True, check=True).stdout.decode()
    assert all(word in text for word in charts[0].words)


def test_the_checker_fails_on_list_and_table_elements_out_of_place() -> None:
    """No lists or tables in the memo yet; an LI or TD outside its list or row fails the checker."""
    doc = doc_of(MINIMAL, "en")
    pdf = pikepdf.open(io.BytesIO(render_pdf(doc)))
    changed = 0

    def visit(obj: Any) -> None:
        nonlocal changed
        kids = obj.get("/K")
        for kid in kids if isinstance(kids, pikepdf.Array) else []:
            if isinstance(kid, pikepdf.Dictionary) and kid.get("/S") == "/P" and changed < 2:
                kid.S = pikepdf.Name("/LI" if changed == 0 else "/TD")
                changed += 1
            elif isinstance(kid, pikepdf.Dictionary) and "/S" in kid:
                visit(kid)

    visit(pdf.Root.StructTreeRoot.K[0])
    assert changed == 2
    out = io.BytesIO()
    pdf.save(out)
    problems = check(out.getvalue(), doc).problems
    assert any(p.startswith("LI inside") and "must be inside L" in p for p in problems), problems
    assert any(p.startswith("TD inside") and "must be inside TR" in p for p in problems), problems
