"""Figures: read, bounded and decoded once, by the builder; writers embed what the Document holds."""

from __future__ import annotations

import base64
import io
import os
import zipfile
from pathlib import Path

import pytest
from PIL import Image

from isp_recap import build_document, load_event, parse_event
from isp_recap.diagnostics import IspRecapError
from isp_recap.document.nodes import DataCardBlock, Document
from isp_recap.render import WRITERS, WriterOptions
from isp_recap.source import assets
from isp_recap.source.assets import MAX_IMAGE_BYTES, AssetError, read_image

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
