"""Charts of data cards: Burmese shaped as HarfBuzz shapes it, Myanmar digits, alt text, determinism."""

from __future__ import annotations

import html
import io
import re

import pytest
import uharfbuzz as hb
from hypothesis import given, settings
from hypothesis import strategies as st
from PIL import Image

from isp_recap.charts import chart_spec
from isp_recap.charts.draw import PNG_DPI, draw
from isp_recap.locale.catalogs import load_labels
from isp_recap.model import Chart
from isp_recap.resources import render_data

MYANMAR = re.compile(r"[\u1000-\u109f\uaa60-\uaa7f\ua9e0-\ua9ff]+")
TEXT_BLOCK = re.compile(r"<!-- (.*?) -->(.*?)(?=<!--|\Z)", re.S)
USE = re.compile(r'xlink:href="#NotoSansMyanmar-(Regular|Bold)-([0-9a-f]+)"')

CHART = {
    "type": "column",
    "categories": [{"en": "Before the coup", "my": "အာဏာမသိမ်းမီ"}, {"en": "December 2024", "my": "၂၀၂၄ ဒီဇင်ဘာ"}],
    "series": [{"name": {"en": "Mining sites", "my": "တူးဖော်ရေးနေရာ"}, "values": [126, 3710]}],
    "unit": {"en": "mining sites", "my": "တူးဖော်ရေးနေရာ ကြောင့်"},
    "highlight": [1],
}


def _chart(**changes: object) -> Chart:
    return Chart.model_validate({**CHART, **changes})


def _harfbuzz_glyphs(text: str, weight: str = "Regular") -> list[int]:
    """Glyph ids HarfBuzz gives each run of Burmese in `text` with the shipped font, in visual order."""
    blob = hb.Blob.from_file_path(str(render_data("fonts", f"NotoSansMyanmar-{weight}.ttf")))
    font = hb.Font(hb.Face(blob))
    out: list[int] = []
    for run in MYANMAR.findall(text):
        buf = hb.Buffer()
        buf.add_str(run)
        buf.guess_segment_properties()
        hb.shape(font, buf, {})
        out += [g.codepoint for g in buf.glyph_infos]
    return out


def _drawn_texts(svg: bytes) -> list[tuple[str, list[int]]]:
    """Each text Matplotlib drew (its comment) with the Burmese glyph ids of the outlines it used."""
    blocks = TEXT_BLOCK.findall(svg.decode("utf-8"))
    return [(html.unescape(text), [int(g, 16) for _, g in USE.findall(body)]) for text, body in blocks]


@pytest.fixture(scope="module")
def burmese_svg() -> bytes:
    return draw(chart_spec(_chart(), "my", load_labels("my"))).svg


def test_every_burmese_text_is_drawn_as_harfbuzz_shapes_it(burmese_svg: bytes) -> None:
    texts = [(t, glyphs) for t, glyphs in _drawn_texts(burmese_svg) if MYANMAR.search(t)]
    # categories, value labels, ticks and the unit: all drawn, all in Burmese
    assert {"အာဏာမသိမ်းမီ", "၂၀၂၄ ဒီဇင်ဘာ", "၁၂၆", "၃,၇၁၀", "တူးဖော်ရေးနေရာ ကြောင့်"} <= {t for t, _ in texts}
    for text, glyphs in texts:
        assert glyphs == _harfbuzz_glyphs(text), text


def test_unshaped_burmese_would_fail_the_comparison() -> None:
    # The check can fail: glyphs in character order (what an unshaping renderer draws) differ.
    blob = hb.Blob.from_file_path(str(render_data("fonts", "NotoSansMyanmar-Regular.ttf")))
    cmap = hb.Face(blob)
    font = hb.Font(cmap)
    text = "ကြောင့်"
    unshaped = [font.get_nominal_glyph(ord(c)) for c in text]
    assert unshaped != _harfbuzz_glyphs(text)


def test_burmese_chart_has_myanmar_digits_only(burmese_svg: bytes) -> None:
    drawn = [t for t, _ in _drawn_texts(burmese_svg)]
    assert any("၁,၀၀၀" in t for t in drawn)  # a tick label with Burmese thousands separator
    assert not [t for t in drawn if re.search(r"[0-9]", t)]


def test_english_chart_and_alt_text() -> None:
    spec = chart_spec(_chart(), "en", load_labels("en"))
    assert spec.alt == "Mining sites rose from 126 to 3,710 mining sites between Before the coup and December 2024."
    drawn = [t for t, _ in _drawn_texts(draw(spec).svg)]
    assert {"Before the coup", "3,710", "1,000"} <= set(drawn)


def test_burmese_alt_text_comes_from_the_catalog() -> None:
    spec = chart_spec(_chart(), "my", load_labels("my"))
    assert spec.alt.startswith("အာဏာမသိမ်းမီ မှ ၂၀၂၄ ဒီဇင်ဘာ အတွင်း တူးဖော်ရေးနေရာ သည် ၁၂၆ မှ ၃,၇၁၀")
    assert spec.alt.endswith("တိုးလာခဲ့သည်။")


def test_drawing_is_deterministic_and_png_is_300_dpi() -> None:
    spec = chart_spec(_chart(type="bar"), "my", load_labels("my"))
    first, second = draw(spec, 150, 70), draw(spec, 150, 70)
    assert first.svg == second.svg and first.png == second.png
    assert b"<dc:date>" not in first.svg
    with Image.open(io.BytesIO(first.png)) as image:
        assert image.size == (int(150 / 25.4 * PNG_DPI), int(70 / 25.4 * PNG_DPI))
        assert round(image.info["dpi"][0]) == PNG_DPI


@pytest.mark.parametrize("kind", ["bar", "column", "line", "stacked_bar"])
def test_every_kind_draws_two_series(kind: str) -> None:
    chart = _chart(type=kind, series=[CHART["series"][0],  # type: ignore[index]
                                      {"name": {"en": "Other", "my": "အခြား"}, "values": [10, 20.5]}])
    drawn = [t for t, _ in _drawn_texts(draw(chart_spec(chart, "my", load_labels("my"))).svg)]
    assert "အခြား" in drawn and "၂၀.၅" in drawn  # the legend and a decimal value label


@settings(max_examples=25, deadline=None)
@given(st.lists(st.integers(min_value=0, max_value=10**9), min_size=2, max_size=8))
def test_alt_text_says_which_way_the_series_went(values: list[int]) -> None:
    chart = _chart(categories=list(range(2000, 2000 + len(values))),
                   series=[{"name": {"en": "Exports"}, "values": values}], highlight=[])
    alt = chart_spec(chart, "en", load_labels("en")).alt
    verb = "rose" if values[-1] > values[0] else "fell" if values[-1] < values[0] else "stayed"
    assert alt.startswith(f"Exports {verb} ") and f"{values[-1]:,}" in alt and "2000 and " in alt


def test_labels_are_text_not_mathtext() -> None:
    # A price in a label ("$5 to $9") is drawn as written, not parsed as TeX by Matplotlib.
    chart = _chart(categories=[{"en": "$5 to $9"}, {"en": r"\frac{a}{b} $x^2$"}])
    drawn = [t for t, _ in _drawn_texts(draw(chart_spec(chart, "en", load_labels("en"))).svg)]
    assert "$5 to $9" in drawn and r"\frac{a}{b} $x^2$" in drawn


def test_the_package_colours_without_a_theme() -> None:
    # No theme: exactly the colours charts had before themes reached them (outputs stay byte-identical).
    from isp_recap.charts.draw import BASE, INK, MUTED, PALETTE, ChartColours
    from isp_recap.document.card_figures import chart_colours

    assert chart_colours("data_matters", {}) == ChartColours("#8f1d2c", BASE, INK, MUTED, PALETTE, "black")
    assert chart_colours("mapping", {}) == ChartColours("#2f6f5e", BASE, INK, MUTED, PALETTE, "black")
    spec = chart_spec(_chart(), "en", load_labels("en"))
    assert draw(spec).svg == draw(spec, colours=ChartColours()).svg


def _fills(svg: bytes) -> set[str]:
    return set(re.findall(r"fill: (#[0-9a-f]{6})", svg.decode("utf-8")))


def test_theme_colours_by_role() -> None:
    from isp_recap.document.card_figures import chart_colours

    theme = {"primary": "#14365e", "accent": "#1b8a8c", "mapping": "#6a4c93", "text": "#101820"}
    spec = chart_spec(_chart(), "my", load_labels("my"))
    fills = _fills(draw(spec, colours=chart_colours("data_matters", theme)).svg)
    # the highlighted bar in the card's colour, the other in a tint of it; words in the theme's text colour
    assert {"#14365e", "#a1afbf", "#101820"} <= fills
    assert not fills & {"#8f1d2c", "#2f6f5e", "#b8ab9b", "#222222"}
    assert "#6a4c93" in _fills(draw(spec, colours=chart_colours("mapping", theme)).svg)
    two = chart_spec(_chart(series=[CHART["series"][0],  # type: ignore[index]
                                    {"name": {"en": "Other", "my": "အခြား"}, "values": [10, 20]}]),
                     "en", load_labels("en"))
    assert {"#14365e", "#1b8a8c"} <= _fills(draw(two, colours=chart_colours("data_matters", theme)).svg)
    # A theme that sets only some roles keeps the package's colour for the others.
    partial = chart_colours("data_matters", {"accent": "#1b8a8c"})
    assert (partial.highlight, partial.ink, partial.palette[0]) == ("#8f1d2c", "#222222", "#1b8a8c")
    # The starting theme (`theme init`: the package's palette) draws the package's charts.
    from isp_recap.document.card_figures import PACKAGE_ROLES

    for series in ("data_matters", "mapping"):
        assert chart_colours(series, {**PACKAGE_ROLES, "card_background": "#f5f0e8"}) == chart_colours(series, {})


_label = st.text(st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), min_size=1, max_size=12)
_words = st.fixed_dictionaries({"en": _label, "my": st.text("ကခဂငစဆဇညတထဒနပဖဗမယရလဝသဟအ ါာိီုူေဲ့်း", min_size=1, max_size=12)})
_hex = st.from_regex(r"\A#[0-9a-f]{6}\Z")


@st.composite
def _charts(draw_: st.DrawFn) -> Chart:
    n = draw_(st.integers(1, 5))
    kind = draw_(st.sampled_from(["bar", "column", "line", "stacked_bar"]))
    low = 0 if kind == "stacked_bar" else -10**9  # a stacked bar stacks no negative values (the model says)
    values = st.lists(st.one_of(st.integers(low, 10**9), st.floats(low, 1e9, allow_nan=False)),
                      min_size=n, max_size=n)
    categories = draw_(st.lists(st.one_of(_words, st.integers(1900, 2100)), min_size=n, max_size=n))
    series = draw_(st.lists(st.fixed_dictionaries({"name": _words, "values": values}), min_size=1, max_size=3))
    return Chart.model_validate({
        "type": kind, "categories": categories,
        "series": series, "unit": draw_(st.none() | _words),
        "highlight": draw_(st.lists(st.integers(0, n - 1), max_size=n, unique=True))})


@settings(max_examples=60, deadline=None)
@given(_charts(), st.sampled_from(["en", "my"]), st.floats(20, 200), st.floats(20, 200),
       st.lists(_hex, min_size=3, max_size=6))
def test_a_recipe_sent_through_json_is_the_same_chart(chart: Chart, lang: str, width: float, height: float,
                                                      palette: list[str]) -> None:
    # A parallel build's chart worker draws from the recipe: an unequal chart there would draw other bytes.
    import json

    from isp_recap.charts.draw import ChartColours, DrawnChart

    colours = ChartColours(highlight=palette[0], base=palette[1], ink=palette[2], palette=tuple(palette[3:]))
    drawing = draw(chart_spec(chart, lang, load_labels(lang)), width, height, colours)  # type: ignore[arg-type]
    back = DrawnChart.from_recipe(json.loads(json.dumps(drawing.recipe())))
    assert back == drawing
    for value in (0, 1.5, 12345, -3, 2.0):  # the tick format, left out of equality, follows from the language
        assert back.spec.number(value) == drawing.spec.number(value)
    assert not back.is_drawn("svg") and not back.is_drawn("png")


def test_a_recipe_draws_the_same_bytes() -> None:
    import json

    from isp_recap.charts.draw import DrawnChart

    drawing = draw(chart_spec(_chart(), "my", load_labels("my")))
    assert DrawnChart.from_recipe(json.loads(json.dumps(drawing.recipe()))).svg == drawing.svg
    other = _chart(series=[{"name": {"en": "Mining sites", "my": "တူးဖော်ရေးနေရာ"}, "values": [126, 3711]}])
    changed = draw(chart_spec(other, "my", load_labels("my")))
    assert DrawnChart.from_recipe(json.loads(json.dumps(changed.recipe()))).svg != drawing.svg  # the check can fail


def test_drawn_by_format_name_is_the_same_bytes_and_refuses_other_names() -> None:
    # Both sides of a parallel build name the format they want ("svg" or "png"): a mix-up would send a
    # raster where the page shows a vector, or the other way round.
    drawing = draw(chart_spec(_chart(), "en", load_labels("en")))
    assert drawing.drawn("svg") == drawing.svg and drawing.drawn("svg").lstrip().startswith(b"<?xml")
    assert drawing.drawn("png") == drawing.png and drawing.drawn("png").startswith(b"\x89PNG")
    with pytest.raises(ValueError, match="unknown chart format"):
        drawing.drawn("jpeg")
