"""SVG logos (issue 17): sanitised to shapes, drawn as a vector in PDF and HTML and as a PNG in Word.

The fixture is a logo as Inkscape saves it (its namespaces, metadata, a stylesheet, a gradient and
`<use>` copies). What may run, fetch or explode is refused in tests/hostile/test_hostile_themes.py;
here: what is kept, that the kept document is safe whatever it is made of (hypothesis), and that the
logo reaches the cover and the back page of every format.
"""

from __future__ import annotations

import io
import re
import shutil
import zipfile
from pathlib import Path
from xml.etree import ElementTree

import pikepdf
import pypdfium2
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from PIL import Image

from isp_recap.build import BuildOptions, build_event
from isp_recap.theme import load_theme
from isp_recap.theme.svg import ATTRIBUTES, ELEMENTS, SVG_NS, SvgError, sanitise_svg

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "samples" / "rare-earths-2025" / "event.yaml"
LOGO = ROOT / "tests" / "fixtures" / "svg" / "logo.svg"
#: The fixture's gradient colour and disc colour, which nothing else of the default look uses.
DISC = (0x14, 0x36, 0x5E)


def _tags(svg: bytes) -> list[str]:
    return [el.tag for el in ElementTree.fromstring(svg).iter()]


def test_editor_leftovers_are_dropped_and_the_drawing_kept() -> None:
    clean = sanitise_svg(LOGO.read_bytes())
    text = clean.data.decode()
    assert (clean.width, clean.height) == (720.0, 240.0)
    for gone in ("inkscape", "sodipodi", "metadata", "rdf", "<!--", "namedview"):
        assert gone not in text
    tags = [t.removeprefix(f"{{{SVG_NS}}}") for t in _tags(clean.data)]
    assert tags.count("use") == 3 and tags.count("rect") == 3 and tags.count("stop") == 2
    assert {"circle", "linearGradient", "style", "title"} <= set(tags)
    assert 'href="#wave"' in text and "xlink" not in text  # xlink:href written as SVG 2's href
    assert sanitise_svg(clean.data).data == clean.data  # sanitising what is clean changes nothing


def test_proportions_come_from_width_height_or_viewbox() -> None:
    head = '<svg xmlns="http://www.w3.org/2000/svg" '
    assert sanitise_svg((head + 'viewBox="0 0 300 100"/>').encode()).width == 300
    assert sanitise_svg((head + 'width="60mm" viewBox="0 0 300 100"/>').encode()).height == pytest.approx(
        60 * 96 / 25.4 / 3)
    assert sanitise_svg((head + 'width="40" height="10"/>').encode()).width == 40
    with pytest.raises(SvgError, match="viewBox"):
        sanitise_svg((head + 'width="100%"/>').encode())


# Generated logos: any tree of allowed elements with attributes drawn from a pool holding dangerous
# values. Whatever is kept must be safe: no script attribute, no reference out, nothing but the
# allow-list.
_VALUES = st.sampled_from([
    "1", "#14365e", "url(#g)", "url(http://example.com/x)", "javascript:alert(1)", "#g",
    "https://example.com/a.svg#x", "fill: red", "fill: url(/etc/passwd)", "M0 0h1v1z", "</style><script>",
])
_NAMES = st.sampled_from(sorted(ATTRIBUTES | {"onload", "onclick", "href", "xlink:href", "data-x", "src"}))


@st.composite
def _element(draw: st.DrawFn, depth: int = 0) -> str:
    tag = draw(st.sampled_from(sorted(ELEMENTS - {"svg", "style"})))
    attrs = draw(st.dictionaries(_NAMES, _VALUES, max_size=4))
    children = draw(st.lists(_element(depth + 1), max_size=3)) if depth < 3 else []
    body = "".join(f' {k}="{v.replace("<", "&lt;")}"' for k, v in attrs.items())
    return f"<{tag}{body}>{''.join(children)}</{tag}>"


@settings(max_examples=150, deadline=None)
@given(st.lists(_element(), max_size=4))
def test_whatever_a_generated_logo_holds_what_is_kept_is_safe(children: list[str]) -> None:
    source = ('<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" '
              'viewBox="0 0 10 10">' + "".join(children) + "</svg>")
    try:
        clean = sanitise_svg(source.encode())
    except SvgError:
        return  # refused: also safe
    root = ElementTree.fromstring(clean.data)
    for el in root.iter():
        assert el.tag.removeprefix(f"{{{SVG_NS}}}") in ELEMENTS
        for key, value in el.attrib.items():
            assert not key.lower().startswith("on") and key not in ("src", "data-x")
            if key == "href":
                assert value.startswith("#")
            assert not re.search(r"url\((?!#)", value)
        if el.tag == f"{{{SVG_NS}}}style":
            assert "url(" not in (el.text or "").replace("url(#", "")


@pytest.fixture(scope="module")
def svg_themed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("svg-theme")
    theme = root / "theme"
    theme.mkdir()
    shutil.copyfile(LOGO, theme / "logo.svg")
    (theme / "theme.yaml").write_text("format: isp-recap/theme 1\nname: SVG Logo Test Org\nlogo: logo.svg\n")
    out = root / "out"
    build_event(SAMPLE, out, BuildOptions(theme=theme, languages=("en",), bilingual=False))
    return out


def _page_pixels(pdf_path: Path, index: int) -> Image.Image:
    pdf = pypdfium2.PdfDocument(pdf_path)
    try:
        return pdf[index % len(pdf)].render(scale=1).to_pil().convert("RGB")
    finally:
        pdf.close()


def test_pdf_draws_the_logo_as_a_vector_on_the_cover_and_the_back_page(svg_themed: Path) -> None:
    pdf = svg_themed / "memo.en.pdf"
    with pikepdf.open(pdf) as doc:
        for page in (doc.pages[0], doc.pages[-1]):
            xobjects = page.obj.get("/Resources", {}).get("/XObject", {})
            assert [x for x in xobjects.values() if x.get("/Subtype") == "/Image"] == []  # paths, no bitmap
    for index in (0, -1):
        # The default look has no #14365e: every pixel of it is the logo's disc or rectangles.
        image = _page_pixels(pdf, index)
        assert sum(1 for p in image.get_flattened_data() if p == DISC) > 500


def test_html_carries_the_sanitised_svg(svg_themed: Path) -> None:
    import base64

    html = (svg_themed / "memo.en.html").read_text(encoding="utf-8")
    urls = re.findall(r'class="theme-logo[^"]*" src="data:image/svg\+xml;base64,([^"]+)"', html)
    assert len(urls) == 2  # cover and back page
    assert {base64.b64decode(u) for u in urls} == {sanitise_svg(LOGO.read_bytes()).data}


def test_docx_gets_a_png_drawn_from_the_svg(svg_themed: Path) -> None:
    theme_logo = load_theme(svg_themed.parent / "theme").logos["en"]
    assert theme_logo.raster is not None
    with zipfile.ZipFile(svg_themed / "memo.en.docx") as z:
        media = [z.read(n) for n in z.namelist() if n.startswith("word/media/")]
        body = z.read("word/document.xml").decode()
    assert media.count(theme_logo.raster) == 1
    assert body.count('descr="SVG Logo Test Org"') == 2
    with Image.open(io.BytesIO(theme_logo.raster)) as png:
        assert png.mode == "RGBA" and png.size == (1440, 480)
        assert png.getpixel((0, 0))[3] == 0  # transparent around the drawing
        assert png.getpixel((240, 240))[:3] == DISC  # the disc's centre
