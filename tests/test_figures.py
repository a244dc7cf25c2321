"""Figures: read, bounded and decoded once, by the builder; writers embed what the Document holds."""

from __future__ import annotations

import base64
import io
import os
import re
import zipfile
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from PIL import Image

from docx_a11y import check as docx_check
from isp_recap import build_document, load_event, parse_event
from isp_recap.diagnostics import IspRecapError
from isp_recap.document.nodes import DataCardBlock, Document
from isp_recap.render import WRITERS, WriterOptions
from isp_recap.source import assets
from isp_recap.source.assets import MAX_IMAGE_BYTES, AssetError, read_image
from pdf_structure import check

FIXTURES = Path(__file__).resolve().parent / "fixtures"
MINIMAL = FIXTURES / "minimal.yaml"


def _image(path: Path, size: tuple[int, int] = (4, 4), mode: str = "RGB", fmt: str = "PNG") -> Path:
    Image.new(mode, size).save(path, fmt)
    return path


def _event(folder: Path, image: str = "chart.png") -> Path:
    source = MINIMAL.read_text(encoding="utf-8").replace(
        "      number: 153\n",
        f"      number: 153\n      image: {image}\n      image_alt: {{en: Exports, my: ပို့ကုန်}}\n")
    event = folder / "event.yaml"
    event.write_text(source, encoding="utf-8")
    return event


def test_the_one_reader_sniffs_content_and_confines(tmp_path: Path) -> None:
    base = tmp_path / "event"
    base.mkdir()
    _image(base / "chart.jpg")
    _image(base / "photo.png", fmt="JPEG")
    assert read_image(base, "chart.jpg").mime == "image/png"  # the content decides, not the name
    assert read_image(base, "photo.png").mime == "image/jpeg"
    assert (read_image(base, "./chart.jpg").width, read_image(base, "chart.jpg").height) == (4, 4)
    _image(base / "anim.png", fmt="GIF")
    (base / "notes.png").write_text("not an image")
    _image(tmp_path / "outside.png")
    (base / "link.png").symlink_to(tmp_path / "outside.png")
    (base / "cut.png").write_bytes(_image(tmp_path / "whole.png", size=(64, 64)).read_bytes()[:60])
    _image(base / "bomb.png", size=(10_000, 5_000), mode="1")
    with open(base / "big.png", "wb") as handle:
        handle.truncate(MAX_IMAGE_BYTES + 1)
    (base / "null.png").symlink_to("/dev/null")
    refused = ["anim.png", "notes.png", "link.png", "cut.png", "bomb.png", "big.png", "null.png",
               "../outside.png", "/etc/passwd", "missing.png", "."]
    if hasattr(os, "mkfifo"):
        os.mkfifo(base / "fifo.png")
        refused.append("fifo.png")
    for name in refused:
        with pytest.raises(AssetError):
            read_image(base, name)
            pytest.fail(f"{name} was accepted")


def test_an_image_is_decoded_once_per_build(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _image(tmp_path / "chart.png", size=(30, 10))
    calls: list[Path] = []
    real = assets.decode_image

    def counting(path: Path) -> assets.ImageFile:
        calls.append(path)
        return real(path)

    monkeypatch.setattr(assets, "decode_image", counting)
    memo = load_event(_event(tmp_path))  # the loader checks it (to report a bad one at its line)...
    docs = [build_document(memo, e, base_dir=tmp_path) for e in ("en", "my", "bilingual")]  # ...and keeps it
    assert len(calls) == 1
    figure = next(b.figure for b in docs[2].blocks if isinstance(b, DataCardBlock) and b.figure)
    assert (figure.mime, figure.width, figure.height, figure.name) == ("image/png", 30, 10, "chart.png")
    assert figure.data == (tmp_path / "chart.png").read_bytes()
    assert figure.alt_text == "Exports / ပို့ကုန်"
    # A file changed since is read (and checked) afresh, not served from the cache.
    _image(tmp_path / "chart.png", size=(31, 10))
    build_document(memo, "en", base_dir=tmp_path)
    assert len(calls) == 2


def test_writers_read_no_file(tmp_path: Path) -> None:
    # Once the Document is built, the event folder may go: every writer still draws the figure.
    _image(tmp_path / "chart.png", size=(30, 10))
    doc: Document = build_document(load_event(_event(tmp_path)), "bilingual", base_dir=tmp_path)
    data = (tmp_path / "chart.png").read_bytes()
    (tmp_path / "chart.png").unlink()
    out = {fmt: writer.write(doc, WriterOptions()) for fmt, writer in WRITERS.items()}
    assert base64.b64encode(data) in out["html"]
    with zipfile.ZipFile(io.BytesIO(out["docx"])) as zf:
        assert [zf.read(n) for n in zf.namelist() if n.startswith("word/media/")] == [data]
    assert b"/Subtype /Image" in out["pdf"]


def test_build_document_without_the_event_folder_refuses_figures() -> None:
    memo = parse_event(_event_text("chart.png"))
    with pytest.raises(IspRecapError) as err:
        build_document(memo, "en")
    assert [d.code for d in err.value.diagnostics] == ["bad-image"]


def test_a_bad_image_is_a_diagnostic_of_the_builder(tmp_path: Path) -> None:
    (tmp_path / "chart.png").write_bytes(b"GIF89a" + b"\0" * 40)
    memo = parse_event(_event(tmp_path).read_text(encoding="utf-8"))  # not checked at load
    with pytest.raises(IspRecapError) as err:
        build_document(memo, "en", base_dir=tmp_path)
    (diag,) = err.value.diagnostics
    assert diag.code == "bad-image" and "GIF" in diag.message


def _event_text(image: str) -> str:
    return MINIMAL.read_text(encoding="utf-8").replace(
        "      number: 153\n", f"      number: 153\n      image: {image}\n")


# -- a picture per language (image: {en: ..., my: ...}) ---------------------------------------------

RED, BLUE = (200, 30, 30), (30, 60, 200)


def _language_event(folder: Path) -> Path:
    Image.new("RGB", (60, 30), RED).save(folder / "en.png")
    Image.new("RGB", (60, 30), BLUE).save(folder / "my.png")
    return _event(folder, "{en: en.png, my: my.png}")


def _card(doc: Document) -> DataCardBlock:
    return next(b for b in doc.blocks if isinstance(b, DataCardBlock))


def test_the_builder_gives_each_language_its_picture(tmp_path: Path) -> None:
    memo = load_event(_language_event(tmp_path))
    en, my, both = (_card(build_document(memo, e, base_dir=tmp_path)) for e in ("en", "my", "bilingual"))
    assert en.figure is not None and en.figure.name == "en.png" and en.figure.alt_text == "Exports"
    assert my.figure is not None and my.figure.name == "my.png" and my.figure.alt_text == "ပို့ကုန်"
    assert both.figure is None
    assert [(f.lang, f.name, f.alt_text) for f in both.language_figures] == [
        ("en", "en.png", "Exports"), ("my", "my.png", "ပို့ကုန်")]
    # One picture for both (no Burmese one, or the same file): shared across the row, as before.
    for image in ("{en: en.png}", "{en: en.png, my: en.png}"):
        memo = load_event(_event(tmp_path, image))
        shared = _card(build_document(memo, "bilingual", base_dir=tmp_path))
        assert shared.language_figures == () and shared.figure is not None
        assert shared.figure.lang is None and shared.figure.alt_text == "Exports / ပို့ကုန်"


def _colour_columns(rgb: Image.Image, colour: tuple[int, int, int]) -> tuple[int, int]:
    """Leftmost and rightmost x of pixels close to `colour`."""
    xs = [x for x in range(rgb.width) for y in range(0, rgb.height, 3)
          if all(abs(a - b) < 12 for a, b in zip(rgb.getpixel((x, y)), colour, strict=True))]  # type: ignore[arg-type]
    assert xs, f"no pixel of {colour}"
    return min(xs), max(xs)


def test_bilingual_columns_show_their_own_picture_in_every_format(tmp_path: Path) -> None:
    doc = build_document(load_event(_language_event(tmp_path)), "bilingual", base_dir=tmp_path)
    out = {fmt: writer.write(doc, WriterOptions()) for fmt, writer in WRITERS.items()}
    en_data, my_data = ((tmp_path / n).read_bytes() for n in ("en.png", "my.png"))

    # HTML: a figure per column, the English one first, each with the alt text of its language only.
    html = out["html"].decode("utf-8")
    figures = re.findall(r'<figure class="card-figure" lang="(\w+)"><img src="data:image/png;base64,([^"]+)" '
                         r'alt="([^"]*)" /></figure>', html)
    assert [(lang, base64.b64decode(data), alt) for lang, data, alt in figures] == [
        ("en", en_data, "Exports"), ("my", my_data, "ပို့ကုန်")]

    # PDF: the English picture in the left column, the Burmese one in the right; tagged Figures with
    # their language's /Alt and /Lang.
    pdf = pdfium.PdfDocument(out["pdf"])
    try:
        page = next(p for p in pdf if any(True for _ in p.get_objects(filter=[pdfium.raw.FPDF_PAGEOBJ_IMAGE])))
        rgb = page.render(scale=1).to_pil().convert("RGB")
    finally:
        pdf.close()
    red, blue = _colour_columns(rgb, RED), _colour_columns(rgb, BLUE)
    assert red[1] < rgb.width / 2 < blue[0], (red, blue)
    report = check(out["pdf"], doc)
    assert report, report.problems
    assert [(e.alt, e.lang) for e in report.elements if e.tag == "Figure"] == [("Exports", "en"), ("ပို့ကုန်", "my")]

    # DOCX: both pictures in one row of the card, English cell first, each captioned in its language.
    with zipfile.ZipFile(io.BytesIO(out["docx"])) as zf:
        media = sorted(zf.read(n) for n in zf.namelist() if n.startswith("word/media/"))
        xml = zf.read("word/document.xml").decode("utf-8")
    assert media == sorted([en_data, my_data])
    row = next(r for r in re.findall(r"<w:tr[ >].*?</w:tr>", xml, re.S) if "<pic:pic" in r)
    cells = re.findall(r"<w:tc>.*?</w:tc>", row, re.S)
    assert len(cells) == 2
    assert 'descr="Exports"' in cells[0] and ">Exports<" in cells[0] and "ပို့ကုန်" not in cells[0]
    assert 'descr="ပို့ကုန်"' in cells[1] and ">ပို့ကုန်<" in cells[1] and "Exports" not in cells[1]
    docx_report = docx_check(out["docx"], doc)  # the accessible-DOCX rules hold for it too
    assert docx_report, docx_report.problems
