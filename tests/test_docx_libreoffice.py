"""The DOCX in a real client: LibreOffice on a machine without a Burmese font (issue 11).

memo.my.docx and memo.bilingual.docx of the sample are converted to PDF by LibreOffice
(`soffice --headless --convert-to pdf`) twice: once as a reader without Noto Sans Myanmar sees them
(nothing but the fonts embedded in the DOCX), once with the shipped fonts installed in a private
fontconfig. Burmese must come out in Noto Sans Myanmar with real glyphs, not replacement boxes,
and the page counts must be the same both ways.
"""

from __future__ import annotations

import io
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from pypdf import PdfReader

from isp_recap.build import BuildOptions, build_event
from isp_recap.resources import render_data

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "samples" / "rare-earths-2025" / "event.yaml"
EDITIONS = ("my", "bilingual")
SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")

if SOFFICE is None and os.environ.get("CI"):
    pytest.fail("LibreOffice (soffice) is missing: `make system-deps` installs libreoffice-writer-nogui",
                pytrace=False)
pytestmark = pytest.mark.skipif(SOFFICE is None, reason="LibreOffice not installed (make system-deps)")


def _no_myanmar_font_installed() -> None:
    listed = subprocess.run(["fc-list", ":lang=my", "family"], capture_output=True, text=True, check=False).stdout
    assert not listed.strip(), f"this test needs a machine without a Burmese font; fc-list has: {listed}"


def _convert(docx: list[Path], out: Path, env: dict[str, str]) -> None:
    profile = out / "profile"
    subprocess.run([str(SOFFICE), f"-env:UserInstallation=file://{profile}", "--headless", "--norestore",
                    "--convert-to", "pdf", "--outdir", str(out), *map(str, docx)],
                   check=True, capture_output=True, timeout=600, env=env)


def _fontconfig_with_shipped_fonts(where: Path) -> dict[str, str]:
    conf = where / "fonts.conf"
    conf.write_text(f"""<?xml version="1.0"?><!DOCTYPE fontconfig SYSTEM "fonts.dtd">
<fontconfig><include ignore_missing="yes">/etc/fonts/fonts.conf</include>
<dir>{render_data("fonts")}</dir><cachedir>{where / "cache"}</cachedir></fontconfig>""", encoding="utf-8")
    return {**os.environ, "FONTCONFIG_FILE": str(conf)}


@pytest.fixture(scope="module")
def converted(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, bytes]]:
    _no_myanmar_font_installed()
    root = tmp_path_factory.mktemp("lo")
    build_event(SAMPLE, root / "docx", BuildOptions(formats=("docx",)))
    docx = [root / "docx" / f"memo.{e}.docx" for e in EDITIONS]
    out: dict[str, dict[str, bytes]] = {}
    for name, env in (("bare", dict(os.environ)), ("installed", _fontconfig_with_shipped_fonts(root))):
        _convert(docx, root / name, env)
        out[name] = {e: (root / name / f"memo.{e}.pdf").read_bytes() for e in EDITIONS}
    return out


def _myanmar_fonts(pdf: bytes) -> dict[str, set[int]]:
    """Each embedded font's name -> the Myanmar code points its ToUnicode map gives glyphs for."""
    fonts: dict[str, set[int]] = {}
    for page in PdfReader(io.BytesIO(pdf)).pages:
        for ref in ((page.get("/Resources") or {}).get("/Font") or {}).values():
            font = ref.get_object()
            name = str(font["/BaseFont"]).split("+", 1)[-1]
            descendant = font["/DescendantFonts"][0].get_object() if "/DescendantFonts" in font else font
            descriptor = descendant.get("/FontDescriptor")
            embedded = descriptor is not None and any(k in descriptor.get_object()
                                                      for k in ("/FontFile", "/FontFile2", "/FontFile3"))
            cmap = font.get("/ToUnicode")
            text = cmap.get_object().get_data().decode("latin-1") if cmap is not None else ""
            codes = {int(h, 16) for h in re.findall(r"<(10[0-9A-Fa-f]{2})>", text)}
            if embedded and codes:
                fonts.setdefault(name, set()).update(codes)
    return fonts


@pytest.mark.parametrize("edition", EDITIONS)
def test_burmese_drawn_with_the_embedded_noto_sans_myanmar(converted: dict[str, dict[str, bytes]],
                                                           edition: str) -> None:
    fonts = _myanmar_fonts(converted["bare"][edition])
    assert fonts, "no embedded font draws Myanmar characters"
    for name, codes in fonts.items():
        assert "NotoSansMyanmar" in name.replace(" ", ""), f"Burmese drawn with {name}, not Noto Sans Myanmar"
        # Real glyphs: a replacement box is one glyph for every character.
        assert len(codes) >= 40, f"{name} maps only {len(codes)} Myanmar characters"


@pytest.mark.parametrize("edition", EDITIONS)
def test_page_count_as_with_the_fonts_installed(converted: dict[str, dict[str, bytes]], edition: str) -> None:
    bare = len(PdfReader(io.BytesIO(converted["bare"][edition])).pages)
    installed = len(PdfReader(io.BytesIO(converted["installed"][edition])).pages)
    assert bare == installed


@pytest.mark.parametrize("edition", EDITIONS)
def test_hyperlinks_survive_as_links(converted: dict[str, dict[str, bytes]], edition: str) -> None:
    from isp_recap.document.builder import build_document
    from isp_recap.source.loader import load_event
    from test_docx_links import document_links

    uris = []
    for page in PdfReader(io.BytesIO(converted["bare"][edition])).pages:
        for annot in page.get("/Annots") or []:
            action = annot.get_object().get("/A")
            if action is not None and "/URI" in action:
                uris.append(str(action["/URI"]))
    expected = document_links(build_document(load_event(SAMPLE), edition, base_dir=SAMPLE.parent))
    # LibreOffice writes a site's address with its root path ("https://host/"): the same link.
    assert sorted({u.rstrip("/") for u in uris}) == sorted({u.rstrip("/") for u in expected})


@pytest.mark.parametrize("name", ["stress-1", "stress-2"])
def test_a_long_title_keeps_the_docx_cover_on_one_page(tmp_path: Path, name: str) -> None:
    # The builder's cover size (issue 12) is the DOCX's too: Word and LibreOffice move a title that does
    # not fit whole to the next page, which left the bilingual cover page empty but for the series.
    import pypdfium2 as pdfium

    from isp_recap.document.nodes import Cover
    from test_render_pdf import clean, doc_of
    from test_stress_layout import write_event

    event = write_event(tmp_path, name)
    build_event(event, tmp_path / "docx", BuildOptions(formats=("docx",)))
    _convert([tmp_path / "docx" / f"memo.{e}.docx" for e in EDITIONS], tmp_path / "pdf", dict(os.environ))
    sizes = set()
    for edition in EDITIONS:
        cover = doc_of(event, edition).blocks[0]
        assert isinstance(cover, Cover)
        sizes.add(cover.size)
        pdf = pdfium.PdfDocument(str(tmp_path / "pdf" / f"memo.{edition}.pdf"))
        first, second = (clean(pdf[i].get_textpage().get_text_range()) for i in (0, 1))
        last = cover.facts[-1] if cover.facts else cover.date
        for segment in (cover.title, last):
            for span in segment.spans:
                words = clean(span.plain).split()
                assert words[0] in first and words[-1] in first, f"{edition}: the cover runs onto page 2"
        assert not any(clean(span.plain) in second for span in last.spans), f"{edition}: the cover runs onto page 2"
    assert sizes - {"display"}, "the stress event should need a smaller cover in some edition"
