"""The HTML writer: well-formed, escaped, language-tagged markup from the Document, nothing more."""

from __future__ import annotations

import base64
import io
import re
import xml.etree.ElementTree as ET
from functools import cache
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from isp_recap import build_document, load_event, parse_event
from isp_recap.diagnostics import IspRecapError
from isp_recap.document.inline import make_span
from isp_recap.document.nodes import DataCardBlock, Document, Edition, iter_segments
from isp_recap.render.fonts import oblique_font
from isp_recap.render.html.writer import GLUE, WEB_BREAK, _marked, page_css, render_html, render_runs, stylesheets
from isp_recap.resources import render_data

FIXTURES = Path(__file__).resolve().parent / "fixtures"
MINIMAL = FIXTURES / "minimal.yaml"
RENDER = FIXTURES / "render" / "event.yaml"
MYANMAR = re.compile(r"[\u1000-\u109f]")
HOSTILE = "<img src=x> <link rel=attachment href=file:///etc/passwd> & \"quotes\""


@cache
def doc_of(path: Path, edition: Edition) -> Document:
    return build_document(load_event(path), edition, base_dir=path.parent)


def parse(html: str) -> ET.Element:
    """Parse the page as XML: the templates write void elements as `<x />`, so HTML is also XML."""
    assert html.startswith("<!DOCTYPE html>\n")
    return ET.fromstring(html.removeprefix("<!DOCTYPE html>\n"))


def hostile_doc(edition: Edition = "en") -> Document:
    source = MINIMAL.read_text(encoding="utf-8")
    source = source.replace("- en: Greetings to all Gabyin members.", f"- en: '{HOSTILE}'")
    assert HOSTILE in source
    return build_document(parse_event(source, base_dir=MINIMAL.parent), edition, base_dir=MINIMAL.parent)


@pytest.mark.parametrize("edition", ["en", "my", "bilingual"])
@pytest.mark.parametrize("for_print", [True, False])
def test_well_formed(edition: Edition, for_print: bool) -> None:
    root = parse(render_html(doc_of(RENDER, edition), for_print=for_print))
    assert root.tag == "html"
    assert root.get("lang") == ("my" if edition == "my" else "en")


def test_text_is_escaped_not_interpreted() -> None:
    doc = hostile_doc()
    for for_print in (True, False):
        html = render_html(doc, for_print=for_print)
        root = parse(html)
        assert "&lt;img src=x&gt;" in html
        assert "&lt;link rel=attachment href=file:///etc/passwd&gt;" in html
        # The text is there, literally, and produced no element.
        assert any(HOSTILE in "".join(p.itertext()) for p in root.iter("p"))
        assert not [e for e in root.iter("img") if e.get("src") == "x"]
        assert not [e for e in root.iter("link") if "attachment" in (e.get("rel") or "")]
        assert "file:///etc/passwd" not in [e.get("href") for e in root.iter()]


def test_no_attachment_mechanism_in_templates() -> None:
    templates = Path(__file__).resolve().parent.parent / "src" / "isp_recap" / "render" / "templates"
    for template in templates.iterdir():
        text = re.sub(r"\{#.*?#\}", "", template.read_text(encoding="utf-8"), flags=re.S)
        assert not re.search(r"attachment|<object|<embed|<iframe|@import", text, re.I), template.name


@pytest.mark.parametrize("edition", ["en", "my", "bilingual"])
def test_every_text_carries_its_language(edition: Edition) -> None:
    root = parse(render_html(doc_of(RENDER, edition), for_print=True))
    checked = {"en": 0, "my": 0}

    def walk(element: ET.Element, lang: str) -> None:
        lang = element.get("lang", lang)
        for text in (element.text or "", *(child.tail or "" for child in element)):
            if text.strip() and element.tag not in ("style", "title", "script"):
                # Burmese text is only ever inside lang="my"; English spans hold no Burmese.
                assert lang == "my" or not MYANMAR.search(text), (element.tag, element.attrib, text[:40])
                checked[lang] += 1 if lang in checked else 0
        for child in element:
            walk(child, lang)

    walk(root.find("body"), root.get("lang", ""))  # type: ignore[arg-type]
    if edition in ("my", "bilingual"):
        assert checked["my"] > 20
    if edition in ("en", "bilingual"):
        assert checked["en"] > 20


def test_bilingual_rows_pair_english_left_burmese_right() -> None:
    doc = doc_of(RENDER, "bilingual")
    root = parse(render_html(doc, for_print=True))
    rows = [e for e in root.iter("div") if "pair" in (e.get("class") or "").split()]
    assert len(rows) > 40
    for row in rows:
        assert [c.get("lang") for c in row] == ["en", "my"]
    # Segments whose two spans are identical (an e-mail address) are shown once, across the row.
    assert any("both" in (e.get("class") or "").split() for e in root.iter())


def test_runs_become_inline_markup() -> None:
    html = render_html(doc_of(RENDER, "en"), for_print=False)
    assert "<strong>USD 3.6 billion</strong>" in html
    assert "<em>in situ</em>" in html
    assert re.search(r'<a href="https://www.ISPMyanmar.com">Unearthing the Cost[^<]*</a>', html)
    assert 'href="mailto:info@ISPMyanmar.com"' in html


def test_pdf_prints_link_addresses_html_keeps_links() -> None:
    doc = doc_of(RENDER, "en")
    printed = render_html(doc, for_print=True)
    assert '<span class="link-url">https://www.ISPMyanmar.com</span>' in printed
    assert 'class="link-url"' not in render_html(doc, for_print=False)


def test_emphasis_gets_an_oblique_face_in_print() -> None:
    # No italic font is bundled and WeasyPrint synthesises none: print adds oblique faces made from
    # the upright ones, only when the memo has emphasis (browsers synthesise their own).
    with_em = render_html(doc_of(RENDER, "en"), for_print=True)
    assert "<em>in situ</em>" in with_em
    assert with_em.count("font-style: italic") == 2
    assert "font-style: italic" not in render_html(doc_of(MINIMAL, "en"), for_print=True)
    assert "font-style: italic" not in render_html(doc_of(RENDER, "en"), for_print=False)


def test_oblique_face_is_slanted_and_deterministic() -> None:
    from fontTools.ttLib import TTFont

    data = oblique_font("NotoSans-Regular.ttf")
    font = TTFont(io.BytesIO(data))
    assert font["post"].italicAngle < 0 and font["head"].macStyle & 0b10
    upright = TTFont(render_data("fonts", "NotoSans-Regular.ttf"))
    glyph = font.getBestCmap()[ord("l")]
    assert font["hmtx"][glyph] == upright["hmtx"][upright.getBestCmap()[ord("l")]]  # same advance
    oblique_font.cache_clear()
    assert oblique_font("NotoSans-Regular.ttf") == data


def test_break_opportunities_are_marked_only_in_rendering() -> None:
    doc = doc_of(RENDER, "my")
    web = render_html(doc, for_print=False)
    printed = render_html(doc, for_print=True)
    assert web.count("<wbr />") > 500 and "\u200b" not in web
    assert printed.count("\u200b") > 500 and "<wbr" not in printed
    # Glued spaces (a protected span written with a space) carry U+2060 in print only.
    assert "\u2060" in printed and "\u2060" not in web
    # Take the marks out and every paragraph is there as written.
    text = "".join(parse(printed).find("body").itertext())  # type: ignore[union-attr]
    text = text.replace("\u200b", "").replace("\u2060", "")
    flat = " ".join(text.split())
    alts = {id(f.alt) for b in doc.blocks if isinstance(b, DataCardBlock) for f in b.pictures}
    for seg in iter_segments(doc):
        for span in seg.spans if id(seg) not in alts else ():  # alt text is an attribute
            assert " ".join(span.plain.split()) in flat


def test_no_mark_splits_a_burmese_cluster() -> None:
    # ICU offers `စ|င်္|ကြံ`: a break after the stacking sign U+1039 would make HarfBuzz draw a
    # dotted circle. The Document never carries such an offset (myanmar/segment.py), so the
    # writer marks exactly the Document's breaks.
    span = make_span("စီးပွားရေးစင်္ကြံတွေကို", "my")
    # (and no particle alone at the end of a phrase: `တွေ|ကို` stays whole, issue 12)
    assert str(render_runs(span, "|")) == "စီးပွားရေး|စင်္ကြံ|တွေကို"


def test_web_page_is_self_contained() -> None:
    html = render_html(doc_of(RENDER, "my"), for_print=False)
    root = parse(html)
    assert not list(root.iter("link"))
    urls = re.findall(r"""url\(\s*["']?([^"')]+)""", html) + [
        e.get("src") or e.get("href") or "" for e in root.iter() if e.tag in ("img", "script")]
    assert urls and all(u.startswith("data:") for u in urls)
    assert html.count("font/woff2;base64,") == 4
    assert "data:image/png;base64," in html
    assert 'name="viewport"' in html
    # Subset fonts keep the page small: well under the 1.4 MB of the four font files.
    assert len(html) < 400_000


def test_print_html_links_only_package_assets() -> None:
    html = render_html(doc_of(RENDER, "my"), for_print=True)
    root = parse(html)
    links = [e.get("href") for e in root.iter("link")]
    assert links == ["assets/templates/memo.css", "assets/templates/memo.my.css"]
    assert [e.get("src") for e in root.iter("img")] == ["doc/exports.png"]
    assert re.findall(r'url\("([^"]+)"\)', html) == [
        "assets/fonts/NotoSans-Regular.ttf", "assets/fonts/NotoSans-Bold.ttf",
        "assets/fonts/NotoSansMyanmar-Regular.ttf", "assets/fonts/NotoSansMyanmar-Bold.ttf"]


def test_language_variant_stylesheet() -> None:
    assert stylesheets(doc_of(MINIMAL, "en")) == ["memo.css"]
    assert stylesheets(doc_of(MINIMAL, "my")) == ["memo.css", "memo.my.css"]
    assert stylesheets(doc_of(MINIMAL, "bilingual")) == ["memo.css", "memo.my.css"]


def test_page_label_uses_myanmar_digits_for_burmese() -> None:
    my = page_css(doc_of(MINIMAL, "my"))
    assert "counter(page, myanmar)" in my and "counter(pages, myanmar)" in my
    en = page_css(doc_of(MINIMAL, "en"))
    assert '"Page " counter(page) " of " counter(pages)' in en
    both = page_css(doc_of(MINIMAL, "bilingual"))
    assert "counter(page)" in both and "counter(page, myanmar)" in both


def test_metadata_in_head() -> None:
    doc = doc_of(RENDER, "en")
    head = parse(render_html(doc, for_print=True)).find("head")
    assert head is not None
    meta = {m.get("name"): m.get("content") for m in head.iter("meta") if m.get("name")}
    assert head.findtext("title") == doc.title
    assert meta["author"] == doc.author
    assert meta["description"] == doc.subject
    assert meta["dcterms.created"] == "2025-07"


def test_figure_outside_the_event_folder_is_refused_by_the_builder(tmp_path: Path) -> None:
    source = RENDER.read_text(encoding="utf-8").replace("image: exports.png", "image: ../minimal.yaml")
    memo = parse_event(source)  # no base_dir: the loader's own image check is not run
    with pytest.raises(IspRecapError) as err:
        build_document(memo, "en", base_dir=RENDER.parent)
    assert [d.code for d in err.value.diagnostics] == ["bad-image"]


def test_web_page_embeds_the_documents_figure() -> None:
    doc = doc_of(RENDER, "bilingual")
    figure = next(b.figure for b in doc.blocks if isinstance(b, DataCardBlock) and b.figure)
    img = next(e for e in parse(render_html(doc)).iter("img"))
    assert img.get("src") == "data:image/png;base64," + base64.b64encode(figure.data).decode("ascii")
    assert img.get("alt") == figure.alt_text and " / " in figure.alt_text
    printed = next(e for e in parse(render_html(doc, for_print=True)).iter("img"))
    assert printed.get("src") == "doc/exports.png"


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab &<>\"'က်")), max_size=20), st.data())
def test_marked_text_is_escaped_and_marked_exactly(text: str, data: st.DataObject) -> None:
    # The writer's fast path (no escaping when the text needs none) gives what escaping every piece
    # gives: the text back once the marks are taken out and the entities undone, and no raw markup.
    import html

    offsets = st.lists(st.integers(0, len(text)), max_size=5)
    breaks, glue = tuple(data.draw(offsets)), tuple(data.draw(offsets))
    for mark in ("\u200b", WEB_BREAK):
        out = str(_marked(text, breaks, mark, glue))
        plain = out.replace(str(mark), "").replace(GLUE, "")
        assert "<" not in plain and ">" not in plain and '"' not in plain
        assert html.unescape(plain) == text
        inner = {o for o in breaks if 0 < o < len(text)}
        assert out.count(str(mark)) == len(inner)
