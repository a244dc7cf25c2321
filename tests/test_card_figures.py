"""Charts and stat figures through the builder and the three writers, and share images."""

from __future__ import annotations

import dataclasses
import io
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from PIL import Image, ImageChops
from typer.testing import CliRunner

from isp_recap import build_document, load_event, render_docx, render_html, render_pdf
from isp_recap.cli import app
from isp_recap.document.builder import CARD_DRAFT
from isp_recap.document.nodes import DataCardBlock, Document
from isp_recap.locale.catalogs import load_labels
from isp_recap.share import SIZES, render_share_cards
from isp_recap.share.cards import card_document, card_pdf, render_card

FIXTURES = Path(__file__).parent / "fixtures"
CARD_EXTRA = """      chart:
        type: column
        categories:
          - {en: Before the coup, my: အာဏာမသိမ်းမီ}
          - {en: December 2024, my: ၂၀၂၄ ဒီဇင်ဘာ}
        series:
          - name: {en: Mining sites, my: တူးဖော်ရေးနေရာ}
            values: [126, 3710]
        unit: {en: mining sites, my: တူးဖော်ရေးနေရာ}
        highlight: [1]
        source: {en: ISP-Myanmar research, my: ISP-Myanmar ၏ သုတေသန}
      figures:
        - value: 170000
          more_than: true
          unit: {en: tonnes, my: တန်}
          caption: {en: exported after the coup, my: အာဏာသိမ်းပြီးနောက် တင်ပို့မှု}
"""
CHART_WORDS_MY = ["အာဏာမသိမ်းမီ", "၂၀၂၄ ဒီဇင်ဘာ", "၁၂၆", "၃,၇၁၀", "တူးဖော်ရေးနေရာ"]


@pytest.fixture(scope="module")
def event(tmp_path_factory: pytest.TempPathFactory) -> Path:
    text = (FIXTURES / "minimal.yaml").read_text(encoding="utf-8")
    anchor = "ရောက်ရှိခဲ့သည်။\n"
    assert anchor in text
    path = tmp_path_factory.mktemp("event") / "event.yaml"
    path.write_text(text.replace(anchor, anchor + CARD_EXTRA, 1), encoding="utf-8")
    return path


def _doc(event: Path, edition: str) -> Document:
    return build_document(load_event(event), edition, base_dir=event.parent)  # type: ignore[arg-type]


@pytest.fixture(scope="module")
def burmese(event: Path) -> Document:
    return _doc(event, "my")


def _card(doc: Document) -> DataCardBlock:
    return next(b for b in doc.blocks if isinstance(b, DataCardBlock))


def test_builder_decides_chart_and_callouts(burmese: Document, event: Path) -> None:
    card = _card(burmese)
    assert [c.lang for c in card.charts] == ["my"]
    assert card.charts[0].words == tuple(CHART_WORDS_MY)
    assert card.stats[0].number.plain == "၁၇၀,၀၀၀ ကျော် တန်"
    assert card.chart_source is not None and card.chart_source.plain == "ရင်းမြစ် - ISP-Myanmar ၏ သုတေသန"
    bilingual = _card(_doc(event, "bilingual"))
    assert [c.lang for c in bilingual.charts] == ["en", "my"]  # one chart per column
    assert bilingual.stats[0].number.plain == "over 170,000 tonnes\n၁၇၀,၀၀၀ ကျော် တန်"


def test_burmese_pdf_chart_text_extracts_in_burmese_with_myanmar_digits(burmese: Document) -> None:
    # Two independent extractors, both reading the /ActualText the PDF writer puts on every text box.
    pdf = render_pdf(burmese)
    poppler = subprocess.run(["pdftotext", "-enc", "UTF-8", "-", "-"], input=pdf, capture_output=True,
                             check=True).stdout.decode("utf-8")
    document = pdfium.PdfDocument(pdf)
    try:
        pdfium_text = "\n".join(page.get_textpage().get_text_range() for page in document)
    finally:
        document.close()
    for text in (poppler, pdfium_text):
        words = " ".join(text.split())
        assert " ".join(CHART_WORDS_MY) in words
        chart_line = words[words.index(CHART_WORDS_MY[0]):][:len(" ".join(CHART_WORDS_MY))]
        assert not re.search(r"[0-9]", chart_line)  # Myanmar digits only
        assert "၁၇၀,၀၀၀ ကျော် တန်" in words and "ရင်းမြစ် - ISP-Myanmar ၏ သုတေသန" in words


def test_html_embeds_the_svg_with_alt_text(burmese: Document) -> None:
    html = render_html(burmese)
    assert 'src="data:image/svg+xml;base64,' in html
    assert f'alt="{_card(burmese).charts[0].alt}"' in html
    assert 'class="stat-number' in html


def test_docx_chart_is_a_300_dpi_png_and_opens_in_libreoffice(burmese: Document, tmp_path: Path) -> None:
    data = render_docx(burmese)
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        media = [n for n in package.namelist() if n.startswith("word/media/")]
        assert len(media) == 1
        with Image.open(io.BytesIO(package.read(media[0]))) as png:
            assert png.format == "PNG" and round(png.info["dpi"][0]) == 300
        document_xml = package.read("word/document.xml").decode("utf-8")
        assert _card(burmese).charts[0].alt in document_xml  # the picture's description
    docx = tmp_path / "memo.my.docx"
    docx.write_bytes(data)
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    assert soffice, "LibreOffice is needed (make system-deps installs libreoffice-writer-nogui)"
    subprocess.run([soffice, f"-env:UserInstallation=file://{tmp_path}/lo-profile", "--headless",
                    "--convert-to", "pdf", "--outdir", str(tmp_path), str(docx)],
                   check=True, capture_output=True, timeout=240)
    pdf = pdfium.PdfDocument(str(tmp_path / "memo.my.pdf"))
    images = [obj for page in pdf for obj in page.get_objects(filter=[pdfium.raw.FPDF_PAGEOBJ_IMAGE])]
    assert len(images) == 1
    width, height = images[0].get_px_size()
    assert (width, height) == (1771, 803)  # the chart at 300 dpi, 150 mm x 68 mm


def test_share_cards_every_size_and_language(event: Path, tmp_path: Path) -> None:
    out = tmp_path / "cards"
    result = CliRunner().invoke(app, ["cards", str(event), "-o", str(out)])
    assert result.exit_code == 0, result.output
    names = sorted(p.name for p in out.iterdir())
    assert names == sorted(f"dm-153.{lang}.{size}.png" for lang in ("en", "my") for size in SIZES)
    for name in names:
        with Image.open(out / name) as image:
            width, height, _ = SIZES[name.split(".")[2]]
            assert image.size == (width, height)
            # drawn, not blank: the card's accent colour is on it
            assert (143, 29, 44) in {c for _, c in image.convert("RGB").getcolors(1 << 20) or []}


def test_share_cards_are_deterministic(event: Path) -> None:
    first = render_share_cards(event, ("my",))
    assert [i.png for i in first] == [i.png for i in render_share_cards(event, ("my",))]


def test_share_cards_write_nothing_on_error(tmp_path: Path) -> None:
    bad = tmp_path / "event.yaml"
    bad.write_text((FIXTURES / "invalid" / "chart-length-mismatch.yaml").read_text(encoding="utf-8"),
                   encoding="utf-8")
    out = tmp_path / "cards"
    result = CliRunner().invoke(app, ["cards", str(bad), "-o", str(out)])
    assert result.exit_code == 2
    assert "error[chart-shape]" in result.output
    assert not out.exists()


def test_charts_take_the_theme_colours(event: Path, burmese: Document) -> None:
    from isp_recap.theme import load_theme

    theme = load_theme(Path(__file__).parent.parent / "samples" / "themes" / "mekong-forum")
    themed = _card(build_document(load_event(event), "my", base_dir=event.parent, theme=theme))
    svg, package_svg = themed.charts[0].svg.decode("utf-8"), _card(burmese).charts[0].svg.decode("utf-8")
    assert "fill: #14365e" in svg and "fill: #8f1d2c" not in svg  # the theme's primary, not the package's
    assert "fill: #8f1d2c" in package_svg
    with Image.open(io.BytesIO(themed.charts[0].png)) as png:
        colours = {c for _, c in png.convert("RGB").getcolors(1 << 20) or []}
    assert (0x14, 0x36, 0x5E) in colours and (143, 29, 44) not in colours


DRAFT_AMBER = (0x9A, 0x5B, 0x00)


def _variant(event: Path, folder: Path, old: str, new: str) -> Path:
    text = event.read_text(encoding="utf-8")
    assert old in text
    path = folder / "event.yaml"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


def _pdf_text(pdf: bytes) -> str:
    out = subprocess.run(["pdftotext", "-enc", "UTF-8", "-", "-"], input=pdf, capture_output=True, check=True)
    return " ".join(out.stdout.decode("utf-8").split())


def test_burmese_share_card_of_a_draft_carries_the_draft_mark(event: Path, burmese: Document,
                                                               tmp_path: Path) -> None:
    label = load_labels("my")(CARD_DRAFT)
    assert label == "ဘာသာပြန်မူကြမ်း - မစိစစ်ရသေးပါ"  # from the catalog (a developers' draft itself)
    draft = _card(burmese)
    assert draft.draft_mark is not None and draft.draft_mark.plain == label
    reviewed_event = _variant(event, tmp_path, "translation_status: draft", "translation_status: reviewed")
    reviewed_doc = _doc(reviewed_event, "my")
    reviewed = _card(reviewed_doc)
    assert reviewed.draft_mark is None
    assert _card(_doc(event, "en")).draft_mark is None  # English is not a translation

    # The PDF the PNG is drawn from says it, in Burmese; the reviewed card's does not.
    draft_share, reviewed_share = card_document(burmese, draft), card_document(reviewed_doc, reviewed)
    assert label in _pdf_text(card_pdf(draft_share, "1080x1080"))
    assert "ဘာသာပြန်မူကြမ်း" not in _pdf_text(card_pdf(reviewed_share, "1080x1080"))

    # The PNGs differ only where the mark is, in the top right corner, drawn in the draft colour.
    for size in SIZES:
        with Image.open(io.BytesIO(render_card(draft_share, size))) as a, \
                Image.open(io.BytesIO(render_card(reviewed_share, size))) as b:
            box = ImageChops.difference(a.convert("RGB"), b.convert("RGB")).getbbox()
            assert box is not None, size
            assert box[0] > a.width / 2 and box[3] < a.height / 4, (size, box)
            assert DRAFT_AMBER in {c for _, c in a.convert("RGB").getcolors(1 << 20) or []}
            assert DRAFT_AMBER not in {c for _, c in b.convert("RGB").getcolors(1 << 20) or []}


def test_one_draft_text_on_a_reviewed_card_marks_it(event: Path, tmp_path: Path) -> None:
    reviewed = _variant(event, tmp_path, "translation_status: draft", "translation_status: reviewed")
    one_draft = _variant(reviewed, tmp_path,
                         "caption: {en: exported after the coup, my: အာဏာသိမ်းပြီးနောက် တင်ပို့မှု}",
                         "caption: {en: exported after the coup, my: အာဏာသိမ်းပြီးနောက် တင်ပို့မှု, status: draft}")
    card = _card(_doc(one_draft, "my"))
    assert card.draft_mark is not None and card.draft_mark.plain == load_labels("my")(CARD_DRAFT)


# -- fingerprints ---------------------------------------------------------------------------------

MEKONG = Path(__file__).parent.parent / "samples" / "themes" / "mekong-forum"


def _counting(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Records the size of every share image drawn."""
    from isp_recap.share import cards

    drawn: list[str] = []
    real = cards.render_card

    def counting(doc: Document, size: str, fingerprint: str | None = None) -> bytes:
        drawn.append(f"{_card(doc).id}.{doc.edition}.{size}")
        return real(doc, size, fingerprint)

    monkeypatch.setattr(cards, "render_card", counting)
    return drawn


def test_share_images_carry_their_fingerprint(burmese: Document, monkeypatch: pytest.MonkeyPatch) -> None:
    from isp_recap import fingerprint
    from isp_recap.share.cards import FINGERPRINT_KEY, card_fingerprint, png_fingerprint

    one = card_document(burmese, _card(burmese))
    png = render_card(one, "1200x630")
    with Image.open(io.BytesIO(png)) as image:
        assert image.info[FINGERPRINT_KEY] == card_fingerprint(one, "1200x630") == png_fingerprint(png)
    # Content, size, theme and the package each change it.
    base = card_fingerprint(one, "1080x1080")
    assert base != card_fingerprint(one, "1200x630")
    retitled = dataclasses.replace(one, blocks=(dataclasses.replace(_card(one), id="other"), *one.blocks[1:]))
    assert base != card_fingerprint(retitled, "1080x1080")
    from isp_recap.document.theme import edition_theme
    from isp_recap.theme import load_theme

    themed = dataclasses.replace(one, theme=edition_theme(load_theme(MEKONG), ("my",)))
    assert base != card_fingerprint(themed, "1080x1080")
    monkeypatch.setattr(fingerprint, "package_fingerprint", lambda: "another version")
    assert base != card_fingerprint(one, "1080x1080")
    assert png_fingerprint(b"\x89PNG\r\n\x1a\n") is None and png_fingerprint(b"not a png") is None


def test_cards_draws_only_what_changed(event: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "event"
    folder.mkdir()
    copy = folder / "event.yaml"
    copy.write_text(event.read_text(encoding="utf-8"), encoding="utf-8")
    out = tmp_path / "cards"
    drawn = _counting(monkeypatch)
    runner = CliRunner()

    def run(*extra: str) -> str:
        drawn.clear()
        result = runner.invoke(app, ["cards", str(copy), "-o", str(out), *extra])
        assert result.exit_code == 0, result.output
        return result.output

    run()
    assert len(drawn) == 4
    first = {p.name: p.read_bytes() for p in out.iterdir()}
    assert "wrote 0 share images" in (again := run()) and "(4 unchanged)" in again
    assert drawn == [] and {p.name: p.read_bytes() for p in out.iterdir()} == first
    # An English title changed: the two English images are drawn again, the Burmese ones are kept.
    text = copy.read_text(encoding="utf-8")
    title = "en: Exports rose fivefold"
    assert title in text
    copy.write_text(text.replace(title, "en: Exports rose more than fivefold", 1), encoding="utf-8")
    run()
    assert sorted(drawn) == ["dm-153.en.1080x1080", "dm-153.en.1200x630"]
    # A damaged image is drawn again; --force draws all.
    (out / "dm-153.my.1200x630.png").write_bytes(b"junk")
    run()
    assert drawn == ["dm-153.my.1200x630"]
    run("--force")
    assert len(drawn) == 4
    # A theme changes what every card shows: all drawn, in the theme's colours.
    run("--theme", str(MEKONG))
    assert len(drawn) == 4
    with Image.open(out / "dm-153.my.1080x1080.png") as image:
        colours = {c for _, c in image.convert("RGB").getcolors(1 << 20) or []}
    assert {(0x14, 0x36, 0x5E), (0xEE, 0xF5, 0xF6)} <= colours  # primary line, card background
    assert (0xF5, 0xF0, 0xE8) not in colours


def test_a_stored_fingerprint_is_read_only_from_a_regular_file(burmese: Document, tmp_path: Path) -> None:
    import os

    from isp_recap.share.cards import stored_fingerprint

    png = render_card(card_document(burmese, _card(burmese)), "1200x630")
    (tmp_path / "card.png").write_bytes(png)
    assert stored_fingerprint(tmp_path / "card.png") is not None
    (tmp_path / "link.png").symlink_to(tmp_path / "card.png")
    os.mkfifo(tmp_path / "fifo.png")
    (tmp_path / "folder.png").mkdir()
    for name in ("link.png", "fifo.png", "folder.png", "missing.png"):
        assert stored_fingerprint(tmp_path / name) is None, name  # drawn again; a FIFO never blocks


def test_long_burmese_callout_breaks_at_its_space_not_inside_the_number() -> None:
    # "အမေရိကန်ဒေါ်လာ ၃.၆ ဘီလီယံ" at 20 pt does not fit a third of a share card: in display type
    # (builder.DISPLAY_STRETCH) its spaces stay free, so the line breaks there, never at "၃." / "၆".
    sample = Path(__file__).resolve().parents[1] / "samples" / "rare-earths-2025" / "event.yaml"
    doc = build_document(load_event(sample), "my", base_dir=sample.parent)
    numbers = [stat.number for b in doc.blocks if isinstance(b, DataCardBlock) for stat in b.stats]
    long = next(n for n in numbers if "၃.၆" in n.plain)
    runs = [run for span in long.spans for run in span.runs]
    text = "".join(r.text for r in runs)
    offset, glued, breaks = 0, set(), set()
    for run in runs:
        glued |= {offset + g for g in run.glue}
        breaks |= {offset + b for b in run.breaks}
        offset += len(run.text)
    space = text.index(" ")
    assert space + 1 not in glued  # the space after ဒေါ်လာ may break
    number = text.index("၃.၆")
    assert not any(number < b < number + 3 for b in breaks)


def test_a_chart_is_drawn_only_in_the_format_a_writer_asks_for(event: Path) -> None:
    doc = _doc(event, "my")
    drawn = _card(doc).charts[0]
    assert not drawn.drawing.is_drawn("svg") and not drawn.drawing.is_drawn("png")  # the builder draws nothing
    render_html(doc)
    render_pdf(doc)
    assert not drawn.drawing.is_drawn("png")  # neither the HTML nor the PDF drew the 300 dpi raster
    render_docx(doc)
    assert drawn.drawing.is_drawn("png")
    docx_only = _doc(event, "my")
    render_docx(docx_only)
    assert not _card(docx_only).charts[0].drawing.is_drawn("svg")  # the DOCX shows the PNG only
    # Drawn afresh from the same spec: the same bytes as a chart whose PNG is drawn at once.
    assert drawn.png == _card(_doc(event, "my")).charts[0].png
