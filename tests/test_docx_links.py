"""Links in Word (issue 12, item 6): every link of the memo stays a hyperlink, styled as a link.

The Document is the reference: each run with an `href` must come out as a `w:hyperlink` whose
relationship is an external target of that URL, in the character style `Hyperlink`, which the
package's styles define as coloured and underlined. LibreOffice keeps them as links when it turns the
DOCX into a PDF (tests/test_docx_libreoffice.py reads its link annotations).
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path
from typing import Any

import pytest

from isp_recap.build import BuildOptions, build_event
from isp_recap.document.builder import build_document
from isp_recap.document.nodes import Contact, iter_segments
from isp_recap.source.loader import load_event

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "samples" / "rare-earths-2025" / "event.yaml"
EDITIONS = ("en", "my", "bilingual")
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def document_links(doc: Any) -> list[str]:
    """Every link in a Document, in order: the runs' links, then the contact block's (phone, e-mail,
    web), which it keeps beside its lines."""
    links = [run.href for seg in iter_segments(doc) for span in seg.spans for run in span.runs if run.href]
    return links + [link for block in doc.blocks if isinstance(block, Contact) for link in block.links if link]


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("docx-links")
    build_event(SAMPLE, out, BuildOptions(formats=("docx",)))
    return out


def docx_links(path: Path) -> list[tuple[str, list[str]]]:
    """(target URL, the style of each of its runs) of each hyperlink, in document order."""
    with zipfile.ZipFile(path) as z:
        body = z.read("word/document.xml").decode()
        rels = z.read("word/_rels/document.xml.rels").decode()
    targets = {m.group(1): m.group(2) for m in re.finditer(
        r'<Relationship Id="([^"]+)"[^>]*?Target="([^"]+)"[^>]*?TargetMode="External"', rels)}
    targets |= {m.group(2): m.group(1) for m in re.finditer(
        r'<Relationship[^>]*?Target="([^"]+)"[^>]*?Id="([^"]+)"[^>]*?TargetMode="External"', rels)}
    out = []
    for link in re.finditer(r'<w:hyperlink r:id="([^"]+)"[^>]*>(.*?)</w:hyperlink>', body, re.S):
        runs = re.findall(r"<w:r>.*?</w:r>|<w:r .*?</w:r>", link.group(2), re.S)
        styles = [m.group(1) if (m := re.search(r'<w:rStyle w:val="([^"]+)"', run)) else "" for run in runs]
        out.append((targets.get(link.group(1), "?"), styles))
    return out


@pytest.mark.parametrize("edition", EDITIONS)
def test_every_link_is_a_styled_hyperlink_to_its_url(built: Path, edition: str) -> None:
    doc = build_document(load_event(SAMPLE), edition, base_dir=SAMPLE.parent)
    expected = document_links(doc)
    assert expected, "the sample has links"
    found = docx_links(built / f"memo.{edition}.docx")
    assert all(styles and set(styles) == {"Hyperlink"} for _, styles in found), found
    assert [url for url, _ in found] == [url.replace("&", "&amp;") for url in expected]


def test_hyperlink_style_looks_like_a_link(built: Path) -> None:
    with zipfile.ZipFile(built / "memo.en.docx") as z:
        styles = z.read("word/styles.xml").decode()
    style = re.search(r'<w:style [^>]*w:styleId="Hyperlink".*?</w:style>', styles, re.S)
    assert style is not None
    assert re.search(r'<w:color w:val="[0-9A-F]{6}"/>', style.group(0)) and '<w:u w:val="single"/>' in style.group(0)
