"""Fonts embedded in the DOCX (issue 11): obfuscated as ECMA-376 §17.8.3.3 says, subset, reproducible."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from fontTools.ttLib import TTFont
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
