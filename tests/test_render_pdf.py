"""The PDF writer: Burmese that stays inside the page and extracts as written; nothing else gets in."""

from __future__ import annotations

import inspect
import io
import re
import shutil
import subprocess
import sys
import zlib
from functools import cache
from pathlib import Path

import pypdf
import pypdfium2
import pytest
from fontTools.ttLib import TTFont
from hypothesis import given, settings
from hypothesis import strategies as st

from isp_recap import build_document, load_event, parse_event
from isp_recap.document.nodes import DataCardBlock, Document, Edition, iter_segments
from isp_recap.render.assets import VIRTUAL_ROOT, RefusedResource, figures
from isp_recap.render.pdf import actualtext, render_pdf
from isp_recap.render.pdf.fetcher import resolve, url_fetcher
from isp_recap.resources import render_data

FIXTURES = Path(__file__).resolve().parent / "fixtures"
MINIMAL = FIXTURES / "minimal.yaml"
RENDER = FIXTURES / "render" / "event.yaml"
MM = 72 / 25.4
#: Page margins of memo.css (left/right 20 mm); header and footer sit inside them horizontally.
SIDE_MARGIN = 20 * MM
IGNORABLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\xad\x0c"), None)
# pdfium reports a hyphen-minus that ends a line as U+FFFE and pdftotext drops it (both read it as
# a soft hyphen): hyphens are left out of every comparison.
IGNORABLE[0xFFFE] = IGNORABLE[0x02] = None  # get_text_bounded reports it as U+0002
IGNORABLE[ord("-")] = None
MYANMAR = re.compile(r"[\u1000-\u109f]")


@cache
def doc_of(path: Path, edition: Edition) -> Document:
    return build_document(load_event(path), edition, base_dir=path.parent)


@cache
def pdf_of(path: Path, edition: Edition) -> bytes:
    return render_pdf(doc_of(path, edition))


def clean(text: str) -> str:
    return "".join(text.translate(IGNORABLE).split())


def pdfium_text(data: bytes) -> str:
    pdf = pypdfium2.PdfDocument(data)
    try:
        return "".join(pdf[i].get_textpage().get_text_range() for i in range(len(pdf)))
    finally:
        pdf.close()


def missing_in_order(expected: list[str], text: str) -> list[str]:
    """The expected strings not found in `text` one after another (whitespace ignored)."""
    haystack, position, missing = clean(text), 0, []
    for item in expected:
        needle = clean(item)
        found = haystack.find(needle, position)
        if found < 0:
            missing.append(item)
        else:
            position = found + len(needle)
    return missing


def printed_spans(doc: Document, lang: str) -> list[str]:
    """Every span of `lang` the reader sees, in reading order (alt text is an attribute, not text)."""
    alts = {id(f.alt) for b in doc.blocks if isinstance(b, DataCardBlock) for f in b.pictures}
    return [s.plain for seg in iter_segments(doc) if id(seg) not in alts for s in seg.spans if s.lang == lang]


def all_stream_bytes(data: bytes) -> bytes:
    """The raw file and every stream in it inflated: wherever the bytes of a leaked file would be."""
    out = [data]
    for match in re.finditer(rb"stream\r?\n(.*?)endstream", data, re.S):
        try:
            out.append(zlib.decompress(match.group(1)))
        except zlib.error:
            out.append(match.group(1))
    return b"\n".join(out)


# -- Burmese -----------------------------------------------------------------------------------


@pytest.mark.parametrize("edition", ["my", "bilingual"])
def test_burmese_glyphs_stay_inside_the_text_area(edition: Edition) -> None:
    data = pdf_of(RENDER, edition)
    pdf = pypdfium2.PdfDocument(data)
    outside = []
    counted = 0
    for index in range(len(pdf)):
        page = pdf[index]
        width, height = page.get_size()
        text = page.get_textpage()
        for i in range(text.count_chars()):
            char = text.get_text_range(i, 1)
            if not char.strip():
                continue
            left, bottom, right, top = text.get_charbox(i)
            counted += 1
            inside_x = left >= SIDE_MARGIN - 0.5 and right <= width - SIDE_MARGIN + 0.5
            if not inside_x or bottom < 8 * MM or top > height - 8 * MM:
                outside.append((index + 1, char, round(left), round(right)))
    pdf.close()
    assert counted > 3000
    assert not outside, outside[:10]


def test_burmese_text_extracts_as_written_pdfium() -> None:
    doc = doc_of(RENDER, "my")
    expected = printed_spans(doc, "my")
    assert sum(map(len, expected)) > 4000
    assert missing_in_order(expected, pdfium_text(pdf_of(RENDER, "my"))) == []


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils (pdftotext) not installed")
def test_burmese_text_extracts_as_written_pdftotext() -> None:
    doc = doc_of(RENDER, "my")
    text = subprocess.run(["pdftotext", "-enc", "UTF-8", "-", "-"], input=pdf_of(RENDER, "my"),
                          capture_output=True, check=True).stdout.decode("utf-8")
    assert missing_in_order(printed_spans(doc, "my"), text) == []


def test_without_actual_text_burmese_extraction_is_garbled() -> None:
    # The reason for the hook (DESIGN §3): WeasyPrint's own ToUnicode gives visual-order glyphs.
    from weasyprint import HTML

    from isp_recap.render.html import render_html

    doc = doc_of(MINIMAL, "my")
    data = HTML(string=render_html(doc, for_print=True), base_url=VIRTUAL_ROOT,
                url_fetcher=url_fetcher(figures(doc))).write_pdf()
    assert b"/ActualText" not in all_stream_bytes(data)
    assert missing_in_order(printed_spans(doc, "my"), pdfium_text(data)) != []


def _dotted_circle_gids() -> dict[str, int]:
    """Glyph id of U+25CC in each bundled font, keyed by the PDF font name WeasyPrint writes."""
    out = {}
    for file in render_data("fonts").glob("*.ttf"):
        font = TTFont(file)
        name = font["name"].getDebugName(6) or file.stem  # PostScript name, e.g. NotoSansMyanmar-Bold
        glyph = font.getBestCmap().get(0x25CC)
        if glyph:
            out[name.replace("-Regular", "").replace("-", "")] = font.getGlyphID(glyph)
    return out


def dotted_circles(data: bytes) -> int:
    """Dotted-circle glyphs drawn (WeasyPrint keeps the fonts' glyph ids when subsetting)."""
    gids = _dotted_circle_gids()
    reader = pypdf.PdfReader(io.BytesIO(data))
    total = 0
    for page in reader.pages:
        fonts = page["/Resources"].get_object().get("/Font") or {}
        by_key = {}
        for key, ref in fonts.get_object().items():
            base = str(ref.get_object()["/BaseFont"]).split("+", 1)[-1].replace("-", "")
            by_key[key] = gids.get(base)
        current = None
        stream = page.get_contents().get_data().decode("latin-1")  # type: ignore[union-attr]
        for token in re.finditer(r"(/\S+)\s+[\d.]+\s+Tf|<([0-9a-fA-F]+)>", stream):
            if token.group(1):
                current = by_key.get(token.group(1))
            elif current is not None:
                glyphs = token.group(2)
                total += sum(int(glyphs[i:i + 4], 16) == current for i in range(0, len(glyphs) - 3, 4))
    return total


def test_no_dotted_circles() -> None:
    assert len(_dotted_circle_gids()) == 4
    assert dotted_circles(pdf_of(RENDER, "my")) == 0
    assert dotted_circles(pdf_of(RENDER, "bilingual")) == 0


def test_fonts_are_the_bundled_ones_embedded_and_subset() -> None:
    for edition in ("my", "en"):
        reader = pypdf.PdfReader(io.BytesIO(pdf_of(RENDER, edition)))  # type: ignore[arg-type]
        names = set()
        for page in reader.pages:
            for ref in (page["/Resources"].get_object().get("/Font") or {}).values():
                font = ref.get_object()
                name = str(font["/BaseFont"])
                names.add(name)
                descriptor = font["/DescendantFonts"][0].get_object()["/FontDescriptor"].get_object()
                assert "/FontFile2" in descriptor, name
                assert re.match(r"^/[A-Z]{6}\+", name), f"{name} is not a subset"
        # No system font (DejaVu on a fresh machine) was needed for any character.
        assert all(n.split("+", 1)[1].startswith("Noto-Sans") for n in names), names
        if edition == "my":
            assert any("Myanmar" in n for n in names)
        else:
            assert any("Italic" in n for n in names)  # the oblique face made for <em>


def test_fonts_and_stylesheets_come_from_the_package() -> None:
    # This machine may have Noto fonts installed; the PDF must not depend on them (a fresh machine
    # has only DejaVu): every @font-face and stylesheet is answered by our fetcher from the package.
    from weasyprint import HTML

    from isp_recap.render.html import render_html

    doc = doc_of(MINIMAL, "my")
    fetcher = url_fetcher(figures(doc))
    HTML(string=render_html(doc, for_print=True), base_url=VIRTUAL_ROOT, url_fetcher=fetcher).render()
    assert not fetcher.refused
    assert {VIRTUAL_ROOT + "assets/fonts/" + f for f in (
        "NotoSans-Regular.ttf", "NotoSans-Bold.ttf", "NotoSansMyanmar-Regular.ttf", "NotoSansMyanmar-Bold.ttf",
    )} <= set(fetcher.served)
    assert VIRTUAL_ROOT + "assets/templates/memo.my.css" in fetcher.served


# -- English -----------------------------------------------------------------------------------


def test_english_pdf_contains_every_paragraph() -> None:
    doc = doc_of(RENDER, "en")
    text = pdfium_text(pdf_of(RENDER, "en"))
    # Hyphens WeasyPrint adds when it hyphenates are left out of /ActualText, so words come back whole.
    assert "\u2010" not in text
    assert missing_in_order(printed_spans(doc, "en"), text) == []


def test_bilingual_pdf_has_english_left_and_burmese_right() -> None:
    doc = doc_of(RENDER, "bilingual")
    pdf = pypdfium2.PdfDocument(pdf_of(RENDER, "bilingual"))
    halves: dict[str, list[str]] = {"en": [], "my": []}
    for index in range(len(pdf)):
        page = pdf[index]
        width, height = page.get_size()
        text = page.get_textpage()
        # The body only: running header and footer would cut paragraphs that continue on the next page.
        bottom, top = 22 * MM, height - 24 * MM if index else height
        halves["en"].append(text.get_text_bounded(0, bottom, width / 2, top))
        halves["my"].append(text.get_text_bounded(width / 2, bottom, width, top))
    pdf.close()
    # A segment written the same in both languages (a phone number) is printed once, across the row.
    once = {clean(seg.spans[0].plain) for seg in iter_segments(doc) if seg.same}
    for lang in ("en", "my"):
        spans = [s for s in printed_spans(doc, lang) if clean(s) not in once or lang == "en"]
        assert missing_in_order(spans, "".join(halves[lang])) == [], lang
    assert not MYANMAR.search("".join(halves["en"]).split("|")[0][:200])


# -- metadata and reproducibility -----------------------------------------------------------------


def test_metadata_and_language() -> None:
    doc = doc_of(RENDER, "my")
    reader = pypdf.PdfReader(io.BytesIO(pdf_of(RENDER, "my")))
    info = reader.metadata
    assert info is not None
    assert info["/Title"] == doc.title
    assert info["/Author"] == doc.author
    assert info["/Subject"] == doc.subject
    assert info["/Keywords"] == ", ".join(doc.keywords)
    assert info["/CreationDate"].startswith("D:202507")
    assert reader.trailer["/Root"]["/Lang"] == "my"
    en = pypdf.PdfReader(io.BytesIO(pdf_of(RENDER, "en")))
    assert en.trailer["/Root"]["/Lang"] == "en"


def test_same_document_gives_same_bytes() -> None:
    doc = doc_of(MINIMAL, "my")
    assert render_pdf(doc) == render_pdf(doc)


def test_page_numbers_in_myanmar_digits() -> None:
    text = pdfium_text(pdf_of(MINIMAL, "my"))
    assert "စာမျက်နှာ၂/၃" in clean(text)


# -- ActualText hook ---------------------------------------------------------------------------


def test_hook_point_is_where_the_hook_expects_it() -> None:
    # Fails (loudly) after a WeasyPrint upgrade that moves or changes the function we wrap.
    import weasyprint
    import weasyprint.draw.text as draw_text

    assert weasyprint.__version__.startswith("70.0")
    original = actualtext.check_hook_point()
    assert original is draw_text.draw_first_line
    assert tuple(inspect.signature(original).parameters) == actualtext.HOOK_PARAMETERS
    assert "draw_first_line" in draw_text.draw_text.__code__.co_names


def test_hook_is_installed_only_while_rendering() -> None:
    import weasyprint.draw.text as draw_text

    before = draw_text.draw_first_line
    with actualtext.actual_text():
        assert draw_text.draw_first_line is not before
        with actualtext.actual_text():  # re-entrant
            assert draw_text.draw_first_line is not before
    assert draw_text.draw_first_line is before


def test_hook_fails_loudly_when_weasyprint_changes(monkeypatch: pytest.MonkeyPatch) -> None:
    import weasyprint.draw.text as draw_text

    def draw_first_line(stream: object, textbox: object) -> None:  # a different signature
        return None

    monkeypatch.setattr(draw_text, "draw_first_line", draw_first_line)
    with pytest.raises(actualtext.HookPointChanged), actualtext.actual_text():
        pass
    assert draw_text.draw_first_line is draw_first_line


def test_actual_text_string_is_utf16_without_break_marks() -> None:
    assert actualtext.actual_text_string("က\u200bခ") == b"(\xfe\xff\x10\x00\x10\x01)"
    # both marks, repeated, at either end: all dropped, nothing else
    assert actualtext.actual_text_string("\u2060က\u200b\u200bခ\u2060") == b"(\xfe\xff\x10\x00\x10\x01)"
    assert actualtext.actual_text_string("\u200b") == b"(\xfe\xff)"


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(exclude_categories=("Cs",)), max_size=40))
def test_actual_text_reads_back_as_written(text: str) -> None:
    # A literal string: any byte of the UTF-16 (a parenthesis, a backslash, a line end, inside a
    # Burmese letter such as U+1028 too) is escaped, so nothing the event says can end the string
    # early and write PDF operators, and a reader gets the text back exactly.
    import pikepdf

    pdf = pikepdf.new()
    page = pdf.add_blank_page()
    page.Contents = pdf.make_stream(b"/Span <</ActualText " + actualtext.actual_text_string(text) + b">> BDC EMC")
    operations = pikepdf.parse_content_stream(page)
    assert [str(op) for _, op in operations] == ["BDC", "EMC"]
    assert str(operations[0][0][1]["/ActualText"]) == text.translate(dict.fromkeys((0x200B, 0x2060)))


PLAIN_STYLE = {"font_variant_caps": "normal", "font_feature_settings": "normal", "font_variant_alternates": "normal"}


@pytest.mark.parametrize(("text", "logical", "style", "span"), [
    ("Rare earths, 2025: $3.6bn (72%)", None, {}, False),    # plain ASCII: its glyphs extract as written
    ("ISP\xa0Episode\xa08", None, {}, True),                 # a no-break space is drawn as a space
    ("မြန်မာ", None, {}, True),                                 # Burmese: reordered, joined glyphs
    ("caf\u00e9", None, {}, True),                             # beyond ASCII
    ("Mandalay\u2010", "Mandalay", {}, True),                  # WeasyPrint's hyphen, left out
    ("30 Minutes", None, {"font_variant_caps": "all-small-caps"}, True),  # small capitals share glyphs
    ("fine", None, {"font_feature_settings": (("smcp", 1),)}, True),
])
def test_which_boxes_need_an_actual_text_span(text: str, logical: str | None, style: dict[str, object],
                                               span: bool) -> None:
    assert actualtext.needs_span(text, text if logical is None else logical, {**PLAIN_STYLE, **style}) is span


def test_plain_english_goes_without_spans_and_still_extracts_as_written() -> None:
    doc = doc_of(RENDER, "en")
    data = pdf_of(RENDER, "en")
    streams = all_stream_bytes(data)
    assert 0 < streams.count(b"/ActualText") < streams.count(b" Tf")  # some boxes with spans, some without
    assert missing_in_order(printed_spans(doc, "en"), pdfium_text(data)) == []


# -- confinement -------------------------------------------------------------------------------


PASSWD = Path("/etc/passwd")


def _secret() -> bytes:
    return PASSWD.read_bytes().splitlines()[0] if PASSWD.is_file() else b"root:x:0:0:"


@pytest.mark.parametrize("url", [
    "file:///etc/passwd",
    "http://127.0.0.1:9/chart.png",
    "https://example.org/chart.png",
    "ftp://example.org/x",
    VIRTUAL_ROOT + "doc/../minimal.yaml",
    VIRTUAL_ROOT + "doc/%2e%2e/minimal.yaml",
    VIRTUAL_ROOT + "doc//etc/passwd",
    VIRTUAL_ROOT + "doc/" + "/".join([".."] * 12) + "/etc/passwd",
    VIRTUAL_ROOT + "etc/passwd",
    VIRTUAL_ROOT + "assets/../../../../etc/passwd",
    VIRTUAL_ROOT + "assets/fonts/../../resources.py",
    VIRTUAL_ROOT + "assets/templates/memo.html.j2",
    VIRTUAL_ROOT + "doc/exports.png?x=1",
    "https://isp-recap.invalid.evil.example/doc/exports.png",
])
def test_fetcher_refuses(url: str) -> None:
    fetcher = url_fetcher(figures(doc_of(RENDER, "en")))
    with pytest.raises((RefusedResource, ValueError)):
        fetcher.fetch(url)


def test_fetcher_serves_assets_the_documents_figures_and_data() -> None:
    doc = doc_of(RENDER, "en")
    fetcher = url_fetcher(figures(doc))
    figure = next(b.figure for b in doc.blocks if isinstance(b, DataCardBlock) and b.figure)
    assert fetcher.fetch(VIRTUAL_ROOT + "doc/exports.png").read() == figure.data  # the bytes it holds
    assert fetcher.fetch(VIRTUAL_ROOT + "assets/fonts/NotoSans-Regular.ttf").read()[:4] == b"\x00\x01\x00\x00"
    assert b"@page" in fetcher.fetch(VIRTUAL_ROOT + "assets/templates/memo.css").read()
    assert fetcher.fetch("data:text/plain;base64,aGk=").read() == b"hi"
    assert fetcher.fetch("data:text/plain,h%69").read() == b"hi"
    oblique = fetcher.fetch(VIRTUAL_ROOT + "assets/oblique/NotoSans-Bold.ttf").read()
    assert TTFont(io.BytesIO(oblique))["post"].italicAngle < 0
    for refused in ("assets/oblique/NotoSansMyanmar-Regular.ttf", "assets/oblique/OFL.txt"):
        with pytest.raises(RefusedResource):
            fetcher.fetch(VIRTUAL_ROOT + refused)


_URLLIB_EVENTS: list[str] = []


def _record_urllib(event: str, args: tuple[object, ...]) -> None:
    if event.startswith(("urllib.", "socket.")):
        _URLLIB_EVENTS.append(event)


def test_rendering_never_uses_urllib_or_sockets() -> None:
    # The fetcher answers assets, figures and data: URLs itself; nothing goes through urllib (the
    # hostile-input suite's audit hook forbids it, and a fetcher that never opens cannot leak).
    sys.addaudithook(_record_urllib)  # audit hooks cannot be removed: this one only records
    _URLLIB_EVENTS.clear()
    render_pdf(doc_of(RENDER, "en"))  # with emphasis: the oblique faces are fetched too
    url_fetcher().fetch("data:text/plain;base64,aGk=")
    assert _URLLIB_EVENTS == []


def test_figures_are_served_from_the_document_only(tmp_path: Path) -> None:
    # The fetcher opens no file: a figure URL is answered from the Document, any other is refused.
    doc = doc_of(RENDER, "en")
    assert resolve(VIRTUAL_ROOT + "doc/exports.png", figures(doc))[1] == "image/png"
    for url in ("doc/exports.png", "doc/event.yaml", "doc/../render/exports.png", "doc/%2e%2e/minimal.yaml"):
        with pytest.raises(RefusedResource):
            resolve(VIRTUAL_ROOT + url, {})
    with pytest.raises(RefusedResource):
        resolve(VIRTUAL_ROOT + "doc/event.yaml", figures(doc))


def test_nothing_outside_reaches_the_pdf() -> None:
    # A hostile page rendered through our fetcher: every way WeasyPrint would read a file or URL.
    from weasyprint import HTML

    html = """<html><head>
      <link rel="attachment" href="file:///etc/passwd">
      <link rel="stylesheet" href="file:///etc/passwd">
      <style>@import url("http://127.0.0.1:9/x.css"); body { background: url(/etc/passwd) }</style>
    </head><body>
      <img src="file:///etc/passwd"><img src="../../../../../../etc/passwd"><img src="/etc/passwd">
      <object data="file:///etc/passwd"></object><embed src="file:///etc/passwd">
      <p>text</p></body></html>"""
    fetcher = url_fetcher(figures(doc_of(RENDER, "en")))
    with actualtext.actual_text():
        data = HTML(string=html, base_url=VIRTUAL_ROOT, url_fetcher=fetcher).write_pdf()
    everything = all_stream_bytes(data)
    assert _secret() not in everything
    assert b"/EmbeddedFile" not in everything
    assert {"file:///etc/passwd", "http://127.0.0.1:9/x.css", VIRTUAL_ROOT + "etc/passwd"} <= set(fetcher.refused)


def test_hostile_text_stays_text_in_the_pdf() -> None:
    source = MINIMAL.read_text(encoding="utf-8").replace(
        "- en: Greetings to all Gabyin members.",
        "- en: '<img src=file:///etc/passwd> <link rel=attachment href=file:///etc/passwd>'")
    doc = build_document(parse_event(source, base_dir=MINIMAL.parent), "en", base_dir=MINIMAL.parent)
    data = render_pdf(doc)
    everything = all_stream_bytes(data)
    assert _secret() not in everything
    assert b"/EmbeddedFile" not in everything
    assert "<link rel=attachment href=file:///etc/passwd>" in pdfium_text(data)


def test_a_bundled_font_that_does_not_load_is_an_error(monkeypatch: pytest.MonkeyPatch) -> None:
    # WeasyPrint would silently draw with a system font instead; the renderer refuses to.
    from isp_recap.render.pdf import fetcher as fetcher_module

    real = fetcher_module.read_asset

    def no_myanmar_font(relative: str) -> bytes:
        if "Myanmar" in relative:
            raise RefusedResource("gone")
        return real(relative)

    monkeypatch.setattr(fetcher_module, "read_asset", no_myanmar_font)
    with pytest.raises(RuntimeError, match="NotoSansMyanmar"):
        render_pdf(doc_of(MINIMAL, "my"))


def _outline(data: bytes) -> list[str]:
    titles: list[str] = []

    def walk(items: list[object]) -> None:
        for item in items:
            if isinstance(item, list):
                walk(item)
            else:
                titles.append(item.title)  # type: ignore[attr-defined]

    walk(pypdf.PdfReader(io.BytesIO(data)).outline)  # type: ignore[arg-type]
    return titles


@pytest.mark.parametrize("edition", ["my", "bilingual"])
def test_outline_holds_headings_as_written(edition: Edition) -> None:
    doc = doc_of(RENDER, edition)
    titles = _outline(pdf_of(RENDER, edition))
    assert titles and not any("\u200b" in t for t in titles)
    main = "my" if edition == "my" else "en"
    headings = {s.plain for b in doc.blocks if type(b).__name__ == "Heading"
                for s in b.text.spans if s.lang == main}  # type: ignore[attr-defined]
    if edition != "bilingual":
        assert headings <= set(titles)
    else:  # one entry per heading, in both languages: "English / Burmese"
        pairs = [b.text for b in doc.blocks if type(b).__name__ == "Heading" and not b.text.same]  # type: ignore[attr-defined]
        assert pairs and all(" / ".join(s.plain for s in seg.spans) in titles for seg in pairs)
        assert not any(MYANMAR.search(t) and not re.search("[A-Za-z]", t) for t in titles)


def test_a_render_leaves_no_font_folder_behind(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # WeasyPrint copies the @font-face fonts into a temporary folder that only its __del__ removes;
    # with the collector off (a process that ends before a collection), the folder must still go.
    import gc
    import tempfile

    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    gc.disable()
    try:
        data = render_pdf(doc_of(RENDER, "my"))
        assert data.startswith(b"%PDF-")
        assert sorted(p.name for p in tmp_path.iterdir()) == []
    finally:
        gc.enable()
