"""Markup and URLs in text fields are printed as text: in HTML, DOCX and PDF, nothing is injected.

Also the issue's "must show": an event whose text holds `<img src="file:///etc/passwd">` and whose
data card points at `../../etc/passwd` gets a positioned error; without the bad image it builds a PDF
that prints that text literally, and no byte of /etc/passwd (or of a canary file) is in any output.
"""

from __future__ import annotations

import shutil

import pytest
from harness import FIXTURES, Result, Sandbox, assert_clean_failure, assert_confined, assert_no_leak
from outputs import docx_problems, docx_text, html_problems, pdf_problems, pdf_text, scan_html, squash

INJECTION = FIXTURES / "accepted" / "injection.yaml"
TINY = FIXTURES / "accepted" / "tiny.yaml"

#: Texts of injection.yaml that must appear, character for character, in every output that has them.
ENGLISH_LITERALS = [
    '<img src="file:///etc/passwd">',
    '<link rel=attachment href="file:///etc/passwd">',
    '<a href="javascript:alert(1)">js</a>',
    '<style>@import url("file:///etc/passwd"); body{background:url(../canary.txt)}</style>',
    '<object data="file:///etc/passwd"></object><iframe src="file:///etc/passwd"></iframe>',
    '</p></div></main><p style="position:fixed;top:0">Overlay</p><main><div><p>',
    "<file:///etc/passwd> <https://example.com> <javascript:alert(1)>",
    "&lt;b&gt; &#x3C;script&#x3E; &amp; &#0; &nbsp; <!-- comment --> <?php echo 1; ?>",
    '<form action="http://evil.example/"><input name=x></form>?',
    '<a href="file:///etc/passwd" download>download</a>',
    "<plaintext>",
    "Nan Lwin's ]]> <![CDATA[ x ]]>",
    '"; } body { background: url(file:///etc/passwd) } p { x: "',
]
BURMESE_LITERALS = [
    "ISP နှင့် မိနစ် ၃၀ {{ 7*7 }}",
    '<img src="../canary.txt">',
    "</w:t></w:r><w:r><w:t>injected",
    "<xmp>",
    "<embed src=\"/etc/passwd\">",
]


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Sandbox, Result]:
    """The injection event built as the bilingual edition in all three formats (both languages in each)."""
    from harness import png_bytes

    box = Sandbox(tmp_path_factory.mktemp("injection"))
    shutil.copyfile(INJECTION, box.event_dir / "event.yaml")
    box.write("images/chart.png", png_bytes())
    result = box.build("event.yaml", "--format", "pdf,docx,html", "--edition", "bilingual")
    return box, result


def test_injection_event_builds(built: tuple[Sandbox, Result]) -> None:
    box, result = built
    assert_confined(result)
    assert result.returncode == 0, result.describe()
    assert set(box.outputs()) == {"memo.bilingual.pdf", "memo.bilingual.docx", "memo.bilingual.html"}


def test_html_has_no_injected_markup_and_prints_it(built: tuple[Sandbox, Result]) -> None:
    data = built[0].outputs()["memo.bilingual.html"]
    assert html_problems(data) == []
    text = scan_html(data).plain
    for literal in ENGLISH_LITERALS + BURMESE_LITERALS:
        assert squash(literal) in squash(text), literal
    assert "49" not in text.split("7*7")[0][-20:]  # Jinja2 did not evaluate the text
    assert_no_leak(data, "memo.bilingual.html")


def test_docx_has_no_injected_parts_and_prints_it(built: tuple[Sandbox, Result]) -> None:
    data = built[0].outputs()["memo.bilingual.docx"]
    assert docx_problems(data) == []
    text = docx_text(data)
    for literal in ENGLISH_LITERALS + BURMESE_LITERALS:
        assert squash(literal) in squash(text), literal
    assert "injected" not in "".join(t for t in text.split("</w:t></w:r><w:r><w:t>injected"))
    assert_no_leak(data, "memo.bilingual.docx")


def test_pdf_has_no_embedded_files_or_actions_and_prints_it(built: tuple[Sandbox, Result]) -> None:
    data = built[0].outputs()["memo.bilingual.pdf"]
    assert pdf_problems(data) == []
    # pypdf reads the glyphs (not /ActualText), which is exact for Latin text but for the hyphens
    # (U+2010) of words hyphenated at line ends; some labels are upper-cased by CSS: compare without case.
    text = squash(pdf_text(data)).replace("\u2010", "").lower()
    for literal in ENGLISH_LITERALS:
        assert squash(literal).lower() in text, literal
    assert_no_leak(data, "memo.bilingual.pdf")


# -- the must-show ------------------------------------------------------------------------

MUST_SHOW_TEXT = '<img src="file:///etc/passwd">'


def _must_show_event(image: str | None) -> str:
    text = TINY.read_text(encoding="utf-8")
    text = text.replace("Greetings to all Gabyin members.", f"'{MUST_SHOW_TEXT}'")
    text = text.replace("images/chart.png", image) if image else text.replace("      image: images/chart.png\n", "")
    return text


def test_must_show_bad_image_is_a_positioned_error(sandbox: Sandbox) -> None:
    sandbox.write("event.yaml", _must_show_event("../../etc/passwd"))
    sandbox.seed_outputs()
    before = sandbox.snapshot()
    result = sandbox.build("event.yaml", "--format", "pdf,docx,html")
    assert_clean_failure(result, [("bad-image", 27, 14)], path="event.yaml")
    assert "root:" not in result.stderr
    sandbox.assert_unchanged(before)


def test_must_show_text_is_printed_literally_and_passwd_is_nowhere(sandbox: Sandbox) -> None:
    sandbox.write("event.yaml", _must_show_event(None))
    result = sandbox.build("event.yaml", "--format", "pdf,docx,html", "--lang", "en", "--edition", "separate")
    assert_confined(result)
    assert result.returncode == 0, result.describe()
    outputs = sandbox.outputs()
    assert set(outputs) == {"memo.en.pdf", "memo.en.docx", "memo.en.html"}
    assert squash(MUST_SHOW_TEXT) in squash(pdf_text(outputs["memo.en.pdf"]))
    assert pdf_problems(outputs["memo.en.pdf"]) == []
    assert html_problems(outputs["memo.en.html"]) == []
    for name, data in outputs.items():
        assert_no_leak(data, name)
