"""Fonts embedded in the DOCX (issue 11): obfuscated as ECMA-376 §17.8.3.3 says, subset, reproducible."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from fontTools.ttLib import TTFont
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

from isp_recap.build import BuildOptions, build_event
from isp_recap.render.docx.embed import obfuscate

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "samples" / "rare-earths-2025" / "event.yaml"
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
NS = {"w": W}


@pytest.fixture(scope="module")
def docx(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, bytes]]:
    out = tmp_path_factory.mktemp("docx")
    build_event(SAMPLE, out, BuildOptions(formats=("docx",)))
    result = {}
    for edition in ("en", "my", "bilingual"):
        with zipfile.ZipFile(out / f"memo.{edition}.docx") as z:
            result[edition] = {n: z.read(n) for n in z.namelist()}
    return result


def test_obfuscation_is_the_specifications_example_and_its_own_inverse() -> None:
    key = "{62E79491-959F-41E9-B76B-6B32631DEA5C}"  # the key of ECMA-376 Part 1 §17.8.3.3's example
    data = bytes(range(64))
    secret = bytes.fromhex("5CEA1D63326B6BB7E9419F959194E762")  # the GUID's bytes, last pair first
    expected = bytes(b ^ secret[i % 16] for i, b in enumerate(data[:32])) + data[32:]
    assert obfuscate(data, key) == expected
    assert obfuscate(obfuscate(data, key), key) == data


@pytest.mark.parametrize("edition, families", [("en", {"Noto Sans"}),
                                                ("my", {"Noto Sans", "Noto Sans Myanmar"}),
                                                ("bilingual", {"Noto Sans", "Noto Sans Myanmar"})])
def test_every_face_used_is_embedded_and_readable(docx: dict[str, dict[str, bytes]], edition: str,
                                                  families: set[str]) -> None:
    parts = docx[edition]
    table = etree.fromstring(parts["word/fontTable.xml"])
    rels = {r.get("Id"): r.get("Target") for r in etree.fromstring(parts["word/_rels/fontTable.xml.rels"])}
    text = "".join(t.text or "" for t in etree.fromstring(parts["word/document.xml"]).iter(f"{{{W}}}t"))
    embedded = set()
    for font in table.findall("w:font", NS):
        for kind in ("embedRegular", "embedBold"):
            embed = font.find(f"w:{kind}", NS)
            if embed is None:
                continue
            name = font.get(f"{{{W}}}name")
            embedded.add(name)
            for child in ("panose1", "charset", "family", "pitch", "sig"):
                assert font.find(f"w:{child}", NS) is not None, f"{name}: no w:{child}"
            blob = parts["word/" + rels[embed.get(f"{{{R}}}id")]]
            face = TTFont(io.BytesIO(obfuscate(blob, embed.get(f"{{{W}}}fontKey"))))
            cmap = face.getBestCmap()
            assert len(face.getGlyphOrder()) < 2000  # a subset, not the whole face
            script = [c for c in set(text) if ("\u1000" <= c <= "\u109f") == (name == "Noto Sans Myanmar")]
            missing = [c for c in script if not c.isspace() and ord(c) not in cmap]
            assert not missing, f"{name} {kind} lacks {missing[:10]}"
    assert embedded == families
    settings = etree.fromstring(parts["word/settings.xml"])
    names = [etree.QName(c).localname for c in settings]
    assert names.index("embedTrueTypeFonts") < names.index("saveSubsetFonts") < names.index("defaultTabStop")
    assert b'Extension="odttf"' in parts["[Content_Types].xml"]


def test_embedding_is_reproducible(tmp_path: Path) -> None:
    options = BuildOptions(formats=("docx",), languages=("my",), bilingual=False)
    build_event(SAMPLE, tmp_path / "a", options)
    build_event(SAMPLE, tmp_path / "b", options)
    assert (tmp_path / "a" / "memo.my.docx").read_bytes() == (tmp_path / "b" / "memo.my.docx").read_bytes()


# -- the subsets shape as the whole faces do ---------------------------------------------------------

FONTS = ROOT / "src" / "isp_recap" / "render" / "fonts"
#: Myanmar letters, medials, vowels, tones, asat, virama (stacking), digits and punctuation, with Latin.
MYANMAR = [chr(c) for c in range(0x1000, 0x104F)] + list("abcXYZ019 .,-")


def _shaped(data: bytes, text: str) -> list[tuple[int, int, int, int, tuple[int, int, int, int] | None]]:
    """(cluster, advance, x offset, y offset, ink box) of each glyph HarfBuzz gives `text` with `data`."""
    import uharfbuzz as hb

    font = hb.Font(hb.Face(hb.Blob(data)))
    buf = hb.Buffer()
    buf.add_str(text)
    buf.guess_segment_properties()
    hb.shape(font, buf)
    out = []
    for info, pos in zip(buf.glyph_infos, buf.glyph_positions, strict=True):
        ext = font.get_glyph_extents(info.codepoint)
        box = None if ext is None else (ext.x_bearing, ext.y_bearing, ext.width, ext.height)
        out.append((info.cluster, pos.x_advance, pos.x_offset, pos.y_offset, box))
    return out


def _subset_of(face: str, text: str, hinting: bool = True) -> tuple[bytes, bytes]:
    from isp_recap.render.docx.embed import _ALWAYS
    from isp_recap.render.fonts import subset_face

    data = (FONTS / face).read_bytes()
    return data, subset_face(data, frozenset(text) | _ALWAYS, hinting=hinting)


@pytest.mark.parametrize("face", ["NotoSansMyanmar-Regular.ttf", "NotoSansMyanmar-Bold.ttf"])
def test_the_subset_shapes_the_sample_s_burmese_as_the_whole_face(face: str) -> None:
    # Every glyph HarfBuzz picks (reordered vowels, stacked consonants, medial forms) has the same
    # place and the same ink in the subset: GSUB and GPOS came along with the characters.
    texts = (ROOT / "tests" / "fixtures" / "burmese" / "sentences.txt").read_text(encoding="utf-8").splitlines()
    texts += SAMPLE.read_text(encoding="utf-8").splitlines()
    texts = [t for t in texts if any("\u1000" <= c <= "\u109f" for c in t)]
    assert len(texts) > 50
    whole, subset = _subset_of(face, "".join(texts))
    assert len(subset) < len(whole) * 0.7
    for text in texts:
        assert _shaped(subset, text) == _shaped(whole, text), text


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(st.sampled_from(MYANMAR), min_size=1, max_size=30), st.booleans())
def test_a_subset_shapes_any_myanmar_string_of_its_characters_as_the_whole_face(text: str, hinting: bool) -> None:
    # hinting=False is the web page's subset (render.fonts.subset_font_data), True the DOCX's.
    whole, subset = _subset_of("NotoSansMyanmar-Regular.ttf", text, hinting)
    assert _shaped(subset, text) == _shaped(whole, text)


def test_a_subset_keeps_the_names_and_the_features_its_glyphs_use() -> None:
    # HarfBuzz drops a feature only when none of its lookups touches a kept glyph; the sample's
    # Burmese reaches all of them, as it does fontTools' subset with every feature asked for.
    texts = SAMPLE.read_text(encoding="utf-8")
    whole, subset = _subset_of("NotoSansMyanmar-Regular.ttf", texts)

    def features(data: bytes) -> dict[str, set[str]]:
        font = TTFont(io.BytesIO(data))
        return {tag: {r.FeatureTag for r in font[tag].table.FeatureList.FeatureRecord} for tag in ("GSUB", "GPOS")}

    assert features(subset) == features(whole)
    names = {(n.nameID, n.langID) for n in TTFont(io.BytesIO(whole))["name"].names}
    assert {(n.nameID, n.langID) for n in TTFont(io.BytesIO(subset))["name"].names} == names
