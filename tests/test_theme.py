"""Themes (issue 17): the example theme reaches every format; without a theme nothing changes.

The sample is built once with samples/themes/mekong-forum (a second organisation's logo, colours,
Padauk for Burmese, a stylesheet and a back-page template) and the outputs are checked as a reader
would see them: the logo on the first page of each PDF and DOCX, the cover band in the theme's
colour, Burmese drawn in Padauk and still extracting as written.
"""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import pypdfium2
import pytest
from pypdf import PdfReader

from isp_recap.build import BuildOptions, build_event
from isp_recap.diagnostics import IspRecapError
from isp_recap.theme import load_theme
from isp_recap.theme.init import init_theme

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "samples" / "rare-earths-2025" / "event.yaml"
THEME = ROOT / "samples" / "themes" / "mekong-forum"
EDITIONS = ("en", "my", "bilingual")


@pytest.fixture(scope="module")
def themed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("themed")
    build_event(SAMPLE, out, BuildOptions(theme=THEME))
    return out


def _fonts(pdf: bytes) -> set[str]:
    names = set()
    for page in PdfReader(io.BytesIO(pdf)).pages:
        resources = page.get("/Resources") or {}
        for font in (resources.get("/Font") or {}).values():
            names.add(str(font.get_object()["/BaseFont"]).split("+", 1)[-1])
    return names


def test_example_theme_loads_with_everything_it_names() -> None:
    theme = load_theme(THEME)
    assert theme.theme.name == "Mekong Policy Forum"
    assert {f.family for f in theme.fonts} == {"Padauk"} and {f.weight for f in theme.fonts} == {400, 700}
    assert theme.logos["en"].width == 720 and theme.logos["my"] is theme.logos["en"]
    assert set(theme.templates) == {"card"} and "" in theme.css


@pytest.mark.parametrize("edition", EDITIONS)
def test_logo_on_the_cover_and_the_back_page_of_every_pdf(themed: Path, edition: str) -> None:
    logo = load_theme(THEME).logos["en"]
    pages = PdfReader(themed / f"memo.{edition}.pdf").pages
    for page in (pages[0], pages[-1]):  # the back page's logo shares its page with the contact block
        assert (logo.width, logo.height) in [(img.image.width, img.image.height) for img in page.images]


@pytest.mark.parametrize("edition", EDITIONS)
def test_cover_band_in_the_theme_colour(themed: Path, edition: str) -> None:
    pdf = pypdfium2.PdfDocument(themed / f"memo.{edition}.pdf")
    try:
        image = pdf[0].render(scale=0.5).to_pil().convert("RGB")
    finally:
        pdf.close()
    # A point of the band, left of any text: the theme's primary colour #14365e, not the package's.
    assert image.getpixel((8, 8)) == (0x14, 0x36, 0x5E)


@pytest.mark.parametrize("edition", ["my", "bilingual"])
def test_burmese_is_drawn_in_the_theme_font(themed: Path, edition: str) -> None:
    fonts = _fonts((themed / f"memo.{edition}.pdf").read_bytes())
    assert {"Padauk", "Padauk-Bold"} <= fonts
    assert not any("Myanmar" in name for name in fonts)


def test_burmese_still_extracts_as_written(themed: Path) -> None:
    from isp_recap.document.builder import build_document
    from isp_recap.document.nodes import Cover
    from isp_recap.source.loader import load_event
    from test_render_pdf import clean, missing_in_order, pdfium_text, printed_spans

    doc = build_document(load_event(SAMPLE), "my", base_dir=SAMPLE.parent, theme=load_theme(THEME))
    expected = printed_spans(doc, "my")
    assert sum(map(len, expected)) > 10_000
    # Paragraphs run across pages: leave out what each page's margin boxes print between their parts.
    text = clean(pdfium_text((themed / "memo.my.pdf").read_bytes()))
    cover = next(b for b in doc.blocks if isinstance(b, Cover))
    margins = [clean(s.plain) for seg in (doc.running_header, cover.notice) if seg for s in seg.spans]
    for printed in margins:
        text = text.replace(printed, "")
    text = re.sub(r"စာမျက်နှာ[၀-၉]+/[၀-၉]+", "", text)
    assert missing_in_order([e for e in expected if clean(e) not in margins], text) == []


@pytest.mark.parametrize("edition", EDITIONS)
def test_docx_carries_logo_colours_and_fonts(themed: Path, edition: str) -> None:
    logo = (THEME / "logo.png").read_bytes()
    with zipfile.ZipFile(themed / f"memo.{edition}.docx") as z:
        media = [z.read(n) for n in z.namelist() if n.startswith("word/media/")]
        body = z.read("word/document.xml").decode()
        styles = z.read("word/styles.xml").decode()
        margins = "".join(z.read(n).decode() for n in z.namelist() if re.match(r"word/(header|footer)\d*\.xml$", n))
    assert media.count(logo) == 1  # one part, used on the cover and the back page
    assert body.count('descr="Mekong Policy Forum"') == 2
    assert "14365E" in styles and "1F4E79" not in styles  # the theme's primary replaced the package's
    assert "EEF5F6" in body and "EDF2F7" not in body  # data-card shading
    if edition != "en":
        assert 'w:cs="Padauk"' in body and "Noto Sans Myanmar" not in body + margins


def test_card_template_logo_and_stylesheet_reach_the_html(themed: Path) -> None:
    html = (themed / "memo.en.html").read_text(encoding="utf-8")
    assert html.count('class="mpf-card"') == html.count('<aside class="card') == 4  # every card, once
    assert html.count("theme-logo-back") == 2  # the back page's logo, and its CSS rule
    assert ".mpf-card .card { border-top-width: 5pt;" in html  # the theme's memo.css, after the package's
    assert "#14365e" in html and "font-family: \"Padauk\"" in html


def test_reference_docx_styles_win_over_the_theme(tmp_path: Path) -> None:
    from isp_recap.render.docx.writer import shipped_reference

    reference = tmp_path / "ours.docx"
    reference.write_bytes(shipped_reference().read_bytes())
    build_event(SAMPLE, tmp_path, BuildOptions(theme=THEME, formats=("docx",), languages=("en",),
                                               bilingual=False, reference_docx=reference))
    with zipfile.ZipFile(tmp_path / "memo.en.docx") as z:
        styles = z.read("word/styles.xml").decode()
        body = z.read("word/document.xml").decode()
    assert "1F4E79" in styles and "14365E" not in styles  # Word styles: the reference's
    assert "EEF5F6" in body  # the theme still shades the cards


def test_theme_init_looks_like_the_package(tmp_path: Path) -> None:
    theme_dir = tmp_path / "theme"
    written = init_theme(theme_dir)
    assert [p.name for p in written] == ["theme.yaml", "memo.css"]
    assert load_theme(theme_dir).theme.colours.primary == "#8f1d2c"
    options = {"formats": ("pdf",), "languages": ("en",), "bilingual": False}
    build_event(SAMPLE, tmp_path / "plain", BuildOptions(**options))  # type: ignore[arg-type]
    build_event(SAMPLE, tmp_path / "init", BuildOptions(theme=theme_dir, **options))  # type: ignore[arg-type]
    pages = []
    for name in ("plain", "init"):
        pdf = pypdfium2.PdfDocument(tmp_path / name / "memo.en.pdf")
        try:
            pages.append([pdf[i].render(scale=0.4).to_pil().tobytes() for i in range(len(pdf))])
        finally:
            pdf.close()
    assert pages[0] == pages[1]  # the starting theme draws every page exactly as the package does
    with pytest.raises(IspRecapError, match="already exists"):
        init_theme(theme_dir)


def test_event_names_its_theme(tmp_path: Path) -> None:
    import shutil

    event_dir = tmp_path / "event"
    shutil.copytree(SAMPLE.parent, event_dir)
    shutil.copytree(THEME, event_dir / "brand")
    event = event_dir / "event.yaml"
    event.write_text(event.read_text(encoding="utf-8") + "theme: brand\n", encoding="utf-8")
    build_event(event, tmp_path / "out", BuildOptions(formats=("html",), languages=("en",), bilingual=False))
    html = (tmp_path / "out" / "memo.en.html").read_text(encoding="utf-8")
    assert "mpf-card" in html


def test_no_theme_no_trace() -> None:
    from isp_recap.document.builder import build_document
    from isp_recap.render.html.writer import render_html
    from isp_recap.source.loader import load_event

    html = render_html(build_document(load_event(SAMPLE), "en", base_dir=SAMPLE.parent))
    assert not re.search(r"theme-logo|Padauk|14365e", html)
