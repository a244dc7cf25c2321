"""Hostile themes: a theme folder is untrusted input like an event (issue 17).

Each case builds the tiny event with a theme folder inside the event folder (`--theme theme`) that
tries something it may not: read outside the folder (url(), @import, a symlinked logo or font,
`../` paths), break out of Jinja2's sandbox (`__class__`, `include`), exhaust time or memory
(nested loops, repeated strings), or pass a font whose licence forbids embedding. Every one must
stop with exit 2 and a positioned error, write nothing, and stay confined (the audit hook).
"""

from __future__ import annotations

import io
import os
import shutil
from pathlib import Path

import pytest
from harness import FIXTURES, Sandbox, assert_clean_failure, assert_confined, assert_no_leak, png_bytes

TINY = FIXTURES / "accepted" / "tiny.yaml"
FONTS = Path(__file__).resolve().parents[2] / "src" / "isp_recap" / "render" / "fonts"
GOOD_THEME = "format: isp-recap/theme 1\nname: Hostile Test Org\n"


def _sandbox(tmp_path: Path, theme_yaml: str = GOOD_THEME, files: dict[str, str | bytes] | None = None) -> Sandbox:
    box = Sandbox(tmp_path)
    shutil.copyfile(TINY, box.event_dir / "event.yaml")
    box.write("images/chart.png", png_bytes())
    box.write("theme/theme.yaml", theme_yaml)
    for name, data in (files or {}).items():
        box.write(f"theme/{name}", data)
    box.seed_outputs(("html",))
    return box


def _refused(box: Sandbox, code: str, line: int | None = None, col: int | None = None,
             path: str | None = None) -> None:
    before = box.snapshot()
    result = box.build("event.yaml", "--theme", "theme")
    assert_clean_failure(result, [(code, line, col)], path=path)
    assert box.canary.read_text() not in result.stderr + result.stdout
    box.assert_unchanged(before)


@pytest.mark.parametrize("css, line, col", [
    ('p { background: url("../../canary.txt"); }', 1, 17),
    ("p { background: url(file:///etc/passwd); }", 1, 17),
    ("\n\np { background: url(https://example.com/x.png); }", 3, 17),
    ('@import "../canary.txt";', 1, 1),
    ('@import url("memo2.css");', 1, 1),
    ('@font-face { font-family: X; src: url("/etc/passwd"); }', 1, 35),
    ("p { background: url(data:image/svg+xml;base64,PHN2Zz4=); }", 1, 17),
    ('p { background: url("img.svg"); }', 1, 17),
])
def test_stylesheet_reaching_outside_is_refused(tmp_path: Path, css: str, line: int, col: int) -> None:
    box = _sandbox(tmp_path, files={"memo.css": css, "img.svg": "<svg/>"})
    _refused(box, "unsafe-css", line, col, path=str(Path("theme") / "memo.css"))


def test_stylesheet_url_through_a_symlink_out_is_refused(tmp_path: Path) -> None:
    box = _sandbox(tmp_path, files={"memo.css": 'p { background: url("bg.png"); }'})
    os.symlink(box.canary, box.event_dir / "theme" / "bg.png")
    _refused(box, "unsafe-css", 1, 17)


@pytest.mark.parametrize("source, code, line", [
    ("{{ block.__class__.__mro__ }}", "template-unsafe", 1),
    ("\n{{ ''.__class__.__subclasses__() }}", "template-unsafe", 2),
    ("{{ default.__init__.__globals__ }}", "template-unsafe", 1),
    ("{% include '/etc/passwd' %}", "template-error", 1),
    ("{% import 'macros.html.j2' as m %}", "template-error", 1),
    ("{{ 'x' * 1000000000 }}", "template-unsafe", 1),
    ("{{ 9 ** 99999999 }}", "template-unsafe", 1),
    ("{% for a in range(100000) %}{% for b in range(100000) %}{% endfor %}{% endfor %}", "template-too-big", 1),
    ("{% for a in range(100000) %}{{ default }}{% endfor %}", "template-too-big", 1),
    ("{% if %}", "template-syntax", 1),
    ("{{ no_such_name }}", "template-error", 1),
])
def test_template_partial_cannot_escape_the_sandbox(tmp_path: Path, source: str, code: str, line: int) -> None:
    box = _sandbox(tmp_path, files={"templates/card.html.j2": source})
    _refused(box, code, line, path=str(Path("theme") / "templates" / "card.html.j2"))


def test_unknown_template_name_is_refused_with_a_suggestion(tmp_path: Path) -> None:
    box = _sandbox(tmp_path, files={"templates/cards.html.j2": "{{ default }}"})
    before = box.snapshot()
    result = box.build("event.yaml", "--theme", "theme")
    assert_clean_failure(result, [("unknown-template", None, None)])
    assert "did you mean card.html.j2?" in result.stderr
    box.assert_unchanged(before)


def test_logo_symlinked_outside_is_refused(tmp_path: Path) -> None:
    box = _sandbox(tmp_path, GOOD_THEME + "logo: logo.png\n")
    outside = tmp_path / "logo.png"
    outside.write_bytes(png_bytes())
    os.symlink(outside, box.event_dir / "theme" / "logo.png")
    _refused(box, "bad-logo", 3, 7)


@pytest.mark.parametrize("logo", ["../canary.txt", "/etc/passwd", "fifo.png", "notpng.png", "."])
def test_bad_logo_is_refused(tmp_path: Path, logo: str) -> None:
    box = _sandbox(tmp_path, GOOD_THEME + f"logo: {logo!r}\n", files={"notpng.png": b"GIF89a not a png"})
    os.mkfifo(box.event_dir / "theme" / "fifo.png")
    _refused(box, "bad-logo", 3, 7)


def _font_with_fs_type(fs_type: int) -> bytes:
    from fontTools.ttLib import TTFont

    font = TTFont(str(FONTS / "NotoSansMyanmar-Regular.ttf"))
    font["OS/2"].fsType = fs_type
    out = io.BytesIO()
    font.save(out)
    return out.getvalue()


@pytest.mark.parametrize("fs_type, words", [(0x0002, "forbids embedding"), (0x0200, "bitmaps only"),
                                            (0x0100, "forbids subsetting")])
def test_font_whose_licence_forbids_embedding_is_refused(tmp_path: Path, fs_type: int, words: str) -> None:
    theme = GOOD_THEME + "fonts:\n  myanmar:\n    family: Restricted\n    regular: f.ttf\n"
    box = _sandbox(tmp_path, theme, files={"f.ttf": _font_with_fs_type(fs_type)})
    before = box.snapshot()
    result = box.build("event.yaml", "--theme", "theme")
    assert_clean_failure(result, [("bad-font", 6, 14)])
    assert words in result.stderr
    box.assert_unchanged(before)


def test_font_without_the_glyphs_it_must_print_is_refused(tmp_path: Path) -> None:
    # A Latin font named as the Burmese face: it has none of the Burmese letters.
    theme = GOOD_THEME + "fonts:\n  myanmar:\n    family: Wrong\n    regular: f.ttf\n"
    box = _sandbox(tmp_path, theme, files={"f.ttf": (FONTS / "NotoSans-Regular.ttf").read_bytes()})
    _refused(box, "bad-font", 6, 14)


@pytest.mark.parametrize("data", [b"", b"\x00\x01\x00\x00" + b"\xff" * 64, b"<html>not a font</html>"])
def test_corrupt_font_is_refused(tmp_path: Path, data: bytes) -> None:
    theme = GOOD_THEME + "fonts:\n  latin:\n    family: Broken\n    regular: f.ttf\n"
    box = _sandbox(tmp_path, theme, files={"f.ttf": data})
    _refused(box, "bad-font", 6, 14)


def test_theme_yaml_mistakes_are_positioned(tmp_path: Path) -> None:
    theme = GOOD_THEME + "colors:\n  primary: '#123456'\ncolours:\n  primary: red\npage:\n  size: A3\n"
    box = _sandbox(tmp_path, theme)
    before = box.snapshot()
    result = box.build("event.yaml", "--theme", "theme")
    assert_clean_failure(result, [("unknown-key", 3, 1), ("invalid-value", 6, 12), ("invalid-value", 8, 9)])
    assert "did you mean 'colours'?" in result.stderr
    box.assert_unchanged(before)


def test_theme_yaml_as_fifo_or_symlink_out_is_refused(tmp_path: Path) -> None:
    box = _sandbox(tmp_path)
    (box.event_dir / "theme" / "theme.yaml").unlink()
    os.mkfifo(box.event_dir / "theme" / "theme.yaml")
    _refused(box, "bad-theme-file")
    (box.event_dir / "theme" / "theme.yaml").unlink()
    os.symlink(box.canary, box.event_dir / "theme" / "theme.yaml")
    _refused(box, "bad-theme-file")


def test_event_theme_key_outside_the_event_folder_is_refused(tmp_path: Path) -> None:
    box = _sandbox(tmp_path)
    event = box.event_dir / "event.yaml"
    event.write_text(event.read_text(encoding="utf-8") + "theme: ../\n", encoding="utf-8")
    before = box.snapshot()
    result = box.build("event.yaml")
    assert_clean_failure(result, [("bad-theme", None, None)])
    box.assert_unchanged(before)


def test_a_good_theme_builds_confined_and_leaks_nothing(tmp_path: Path) -> None:
    theme = GOOD_THEME + "logo: logo.png\ncolours:\n  primary: '#14365e'\n"
    box = _sandbox(tmp_path, theme, files={"logo.png": png_bytes((60, 20)),
                                           "memo.css": 'p { background: url("bg.png"); }', "bg.png": png_bytes(),
                                           "templates/card.html.j2": "<div class=x>{{ default }}</div>"})
    result = box.build("event.yaml", "--theme", "theme", "--format", "html,pdf")
    assert_confined(result)
    assert result.returncode == 0, result.describe()
    outputs = box.outputs()
    assert {"memo.bilingual.html", "memo.bilingual.pdf"} <= set(outputs)
    for name, data in outputs.items():
        assert_no_leak(data, name)
    assert b"#14365e" in outputs["memo.en.html"]


_SVG_HEAD = '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" viewBox="0 0 10 10">'


@pytest.mark.parametrize("svg, line, col", [
    ('<?xml version="1.0"?>\n<!DOCTYPE svg [<!ENTITY a "aa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]>\n'
     '<svg xmlns="http://www.w3.org/2000/svg">&b;</svg>', 2, 1),
    ('<!DOCTYPE svg SYSTEM "file:///etc/passwd"><svg xmlns="http://www.w3.org/2000/svg"/>', 1, 1),
    (_SVG_HEAD + '\n  <script>fetch("https://example.com")</script></svg>', 2, 3),
    (_SVG_HEAD + '\n<rect width="1" height="1" onclick="alert(1)"/></svg>', 2, 1),
    (_SVG_HEAD + '<image href="../../canary.txt" width="1" height="1"/></svg>', 1, 104),
    (_SVG_HEAD + '<use xlink:href="file:///etc/passwd#x"/></svg>', 1, 104),
    (_SVG_HEAD + '<use href="https://example.com/a.svg#x"/></svg>', 1, 104),
    (_SVG_HEAD + '<rect fill="url(https://example.com/p.svg#g)" width="1" height="1"/></svg>', 1, 104),
    (_SVG_HEAD + '<style>@import url("../canary.txt");</style></svg>', 1, 111),
    (_SVG_HEAD + '<style>rect { fill: url("../canary.txt") }</style></svg>', 1, 124),
    (_SVG_HEAD + '<rect style="fill: url(/etc/passwd)" width="1" height="1"/></svg>', 1, 104),
    (_SVG_HEAD + '<foreignObject><iframe xmlns="http://www.w3.org/1999/xhtml"/></foreignObject></svg>', 1, 104),
    (_SVG_HEAD + '<text x="1" y="5">Logo</text></svg>', 1, 104),
    (_SVG_HEAD + '<g id="a"><rect width="1" height="1"/></g><g id="b"><use href="#a"/><use href="#a"/></g>'
     '<g id="c"><use href="#b"/><use href="#b"/></g></svg>', 1, 202),
    (_SVG_HEAD + '<linearGradient id="p" href="#q"/><linearGradient id="q" href="#p"/></svg>', 1, 104),
    (_SVG_HEAD + "<g>" * 80 + "</g>" * 80 + "</svg>", 1, None),
    ("<html><body>not a logo</body></html>", 1, 1),
    (_SVG_HEAD + "<rect></svg>", 1, None),
    ('<svg xmlns="http://www.w3.org/2000/svg"><rect width="1" height="1"/></svg>', 1, 1),
])
def test_svg_logo_that_could_run_fetch_or_explode_is_refused(tmp_path: Path, svg: str, line: int,
                                                             col: int | None) -> None:
    box = _sandbox(tmp_path, GOOD_THEME + "logo: logo.svg\n", files={"logo.svg": svg})
    _refused(box, "unsafe-svg", line, col, path=str(Path("theme") / "logo.svg"))


@pytest.mark.parametrize("name", ["fifo.svg", "../canary.svg", "big.svg", "link.svg"])
def test_svg_logo_file_that_may_not_be_read_is_refused(tmp_path: Path, name: str) -> None:
    box = _sandbox(tmp_path, GOOD_THEME + f"logo: {name!r}\n", files={"big.svg": _SVG_HEAD + " " * (3 << 20)})
    os.mkfifo(box.event_dir / "theme" / "fifo.svg")
    (tmp_path / "outside.svg").write_text(_SVG_HEAD + "</svg>")
    os.symlink(tmp_path / "outside.svg", box.event_dir / "theme" / "link.svg")
    _refused(box, "bad-logo", 3, 7)
