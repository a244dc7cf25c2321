"""Hostile label catalogs from outside translators: malformed PO, placeholder mismatches, truncated and
forged MO, links out of the locales folder, FIFOs, and translations that carry markup or format-string
attacks into a build.

`locales check` exits 2 for a catalog it cannot read and 1 for a finding (a placeholder that differs,
as every check tool does), each with `PATH:LINE:COL`; `build --locales` refuses an unreadable catalog
with its position and prints hostile translations as text.
"""

from __future__ import annotations

import os
import shutil
import struct
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from harness import (
    FIXTURES,
    LOCALES,
    Sandbox,
    SandboxRun,
    assert_clean_failure,
    assert_confined,
    assert_no_leak,
    assert_reported,
    png_bytes,
    run_cases,
)
from outputs import html_problems, pdf_problems, pdf_text, scan_html, squash

PO = "locales/my/LC_MESSAGES/isp_recap.po"
MO = "locales/my/LC_MESSAGES/isp_recap.mo"
POT = "locales/isp_recap.pot"
TINY = FIXTURES / "accepted" / "tiny.yaml"


def _replace(old: str, new: str, target: str = PO) -> Callable[[Path], None]:
    def mutate(folder: Path) -> None:
        path = folder / target
        text = path.read_bytes()
        assert old.encode() in text, old
        path.write_bytes(text.replace(old.encode(), new.encode(), 1))

    return mutate


def _raw(data: Callable[[], bytes], target: str = PO) -> Callable[[Path], None]:
    def mutate(folder: Path) -> None:
        (folder / target).write_bytes(data())

    return mutate


def _valid_mo() -> bytes:
    import io

    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    with open(LOCALES / "my" / "LC_MESSAGES" / "isp_recap.po", "rb") as handle:
        catalog = read_po(handle)
    out = io.BytesIO()
    write_mo(out, catalog)
    return out.getvalue()


def _mo_with_counts(count: int) -> bytes:
    data = bytearray(_valid_mo())
    struct.pack_into("<I", data, 8, count)  # number of strings: far more than the file holds
    return bytes(data)


def _mo_offsets_out() -> bytes:
    data = bytearray(_valid_mo())
    originals = struct.unpack_from("<I", data, 12)[0]
    struct.pack_into("<II", data, originals, 50, 0x7FFFFFF0)  # first string: far outside the file
    return bytes(data)


def _symlink(target: str, where: str = PO) -> Callable[[Path], None]:
    def mutate(folder: Path) -> None:
        (folder / where).unlink(missing_ok=True)
        (folder / where).symlink_to(target)

    return mutate


def _fifo(where: str = PO) -> Callable[[Path], None]:
    def mutate(folder: Path) -> None:
        (folder / where).unlink()
        os.mkfifo(folder / where)

    return mutate


@dataclass(frozen=True)
class Case:
    mutate: Callable[[Path], None]
    code: str
    path: str
    needle: str | None = None  # the line expected is the first line holding this text (after mutation)
    exit_code: int = 2


CASES: dict[str, Case] = {
    "unclosed-quote": Case(_replace('msgstr "အစီအစဉ်တင်ဆက်သူ"', 'msgstr "အစီအစဉ်တင်ဆက်သူ'), "invalid-po", PO,
                           'msgstr "အစီအစဉ်တင်ဆက်သူ'),
    "unquoted-msgid": Case(_replace('msgid "Host"', "msgid Host"), "invalid-po", PO, "msgid Host"),
    "stray-text": Case(_replace('msgid "Host"', 'msgid "Host"\n<script>alert(1)</script>'), "invalid-po", PO,
                       "<script>"),
    "unknown-escape": Case(_replace('msgid "Host"', 'msgid "Ho\\qst"'), "invalid-po", PO, 'msgid "Ho\\qst"'),
    "msgstr-before-msgid": Case(_replace('msgid "Host"\n', 'msgstr "x"\nmsgid "Host"\n'), "invalid-po", PO,
                                'msgstr "x"'),
    "latin1-bytes": Case(_raw(lambda: (LOCALES / "my/LC_MESSAGES/isp_recap.po").read_bytes()
                              .replace("နိဂုံးချုပ်".encode(), b"Cl\xf4ture")), "invalid-po", PO, None),
    "unknown-charset": Case(_raw(lambda: (LOCALES / "my/LC_MESSAGES/isp_recap.po").read_bytes()
                                 .replace(b"charset=utf-8", b"charset=x-no-such-charset")
                                 .replace("နိဂုံးချုပ်".encode(), b"\xff\xfe")), "invalid-po", PO),
    "utf16-file": Case(_raw(lambda: (LOCALES / "my/LC_MESSAGES/isp_recap.po").read_text("utf-8")
                            .encode("utf-16")), "invalid-po", PO),
    "control-character": Case(_replace('msgstr "အစီအစဉ်တင်ဆက်သူ"', 'msgstr "\x1b[2Jအစီအစဉ်တင်ဆက်သူ"'),
                              "invalid-po", PO, "\x1b[2J"),
    "bidi-override": Case(_replace('msgstr "အစီအစဉ်တင်ဆက်သူ"', 'msgstr "\u202eအစီအစဉ်တင်ဆက်သူ"'),
                          "invalid-po", PO, "\u202e"),
    "duplicate-message": Case(_replace('msgid "Host"', 'msgid "Host"\nmsgstr "x"\n\nmsgid "Host"'),
                              "invalid-po", PO),
    "plural-forms-code": Case(_replace("plural=0;", "plural=__import__('os').system('touch /tmp/pwned');"),
                              "invalid-po", PO, "Plural-Forms"),
    "plural-forms-not-a-number": Case(_replace("nplurals=1;", "nplurals=one;"), "invalid-po", PO,
                                      "Plural-Forms"),
    "huge": Case(_raw(lambda: (LOCALES / "my/LC_MESSAGES/isp_recap.po").read_bytes() + b"#" * (3 << 20)),
                 "file-too-large", PO),
    "huge-line": Case(_replace('msgid "Host"', 'msgid "Host' + "\\\\" * 400_000 + '\\q"'), "invalid-po", PO,
                      'msgid "Host'),
    "symlink-to-passwd": Case(_symlink("/etc/passwd"), "outside-folder", PO),
    "symlink-to-canary": Case(_symlink("../../../../canary.txt"), "outside-folder", PO),
    "symlink-to-dev-zero": Case(_symlink("/dev/zero"), "outside-folder", PO),
    "fifo": Case(_fifo(), "not-a-file", PO),
    "template-malformed": Case(_replace('msgid "Host"', 'msgid "Host\nmsgstr ""', POT), "invalid-po", POT,
                               'msgid "Host'),
    "mo-truncated": Case(_raw(lambda: _valid_mo()[:200], MO), "invalid-mo", MO),
    "mo-empty": Case(_raw(lambda: b"", MO), "invalid-mo", MO),
    "mo-bad-magic": Case(_raw(lambda: b"\x00" * 64, MO), "invalid-mo", MO),
    "mo-huge-count": Case(_raw(lambda: _mo_with_counts(0x7FFFFFFF), MO), "invalid-mo", MO),
    "mo-offsets-out": Case(_raw(_mo_offsets_out, MO), "invalid-mo", MO),
    "mo-symlink-out": Case(_symlink("/etc/passwd", MO), "outside-folder", MO),
    # Not a file, so not a compiled catalog: skipped without being opened (opening a FIFO would block).
    "mo-fifo": Case(lambda f: os.mkfifo(f / MO), "", MO, exit_code=0),
    # Findings, not unreadable input: exit 1 like every check.
    # (A finding is reported at the msgid's line, as Babel numbers a message.)
    "placeholder-renamed": Case(_replace("အပိုင်း {number}", "အပိုင်း {numbr}"), "placeholder", PO,
                                'msgid "Episode {number}"', 1),
    "placeholder-dropped": Case(_replace("{year} ခုနှစ်", "ခုနှစ်"), "placeholder", PO,
                                'msgid "Established in {year}."', 1),
    "placeholder-attribute": Case(_replace("{year} ခုနှစ်", "{year.__class__.__init__.__globals__} ခုနှစ်"),
                                  "placeholder", PO, 'msgid "Established in {year}."', 1),
    "placeholder-printf": Case(_replace("{year} ခုနှစ်", "{year} %(secret)s ခုနှစ်"), "placeholder", PO,
                               'msgid "Established in {year}."', 1),
}


def test_enough_catalog_cases() -> None:
    assert len(CASES) >= 25


@dataclass
class Run(SandboxRun):
    po_text: str


@pytest.fixture(scope="module")
def checks(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Run]:
    """`locales check --locales locales` on a copy of the project's catalogs with one mutation each."""

    def one(name: str, root: Path) -> Run:
        box = Sandbox(root)
        shutil.copytree(LOCALES, box.event_dir / "locales")
        CASES[name].mutate(box.event_dir)
        target = box.event_dir / CASES[name].path
        text = target.read_bytes().decode("utf-8", "replace") if target.is_file() else ""
        before = box.snapshot()
        return Run(box, before, box.run("locales", "check", "--locales", "locales"), text)

    return run_cases(tmp_path_factory, sorted(CASES), one)


@pytest.mark.parametrize("name", sorted(CASES))
def test_locales_check(checks: dict[str, Run], name: str) -> None:
    case, run = CASES[name], checks[name]
    line = None
    if case.needle is not None:
        line = next(i for i, text in enumerate(run.po_text.splitlines(), 1) if case.needle in text)
    if case.exit_code == 2:
        assert_clean_failure(run.result, [(case.code, line, None)], path=case.path)
    elif case.exit_code == 0:
        assert_confined(run.result)
        assert run.result.returncode == 0, run.result.describe()
    else:
        assert_confined(run.result)
        assert run.result.returncode == 1, run.result.describe()
        assert "Traceback" not in run.result.stderr
        assert_reported(run.result, case.code, line, path=case.path)
    run.box.assert_unchanged(run.before)
    assert "root:x:0:0" not in run.result.stdout + run.result.stderr
    assert "CANARY" not in run.result.stdout + run.result.stderr
    assert not Path("/tmp/pwned").exists()


# -- catalogs in a build -----------------------------------------------------------------------------------

HOSTILE_LABELS = {
    'msgstr "အစီအစဉ်တင်ဆက်သူ"': 'msgstr "<img src=\\"file:///etc/passwd\\"> အစီအစဉ်တင်ဆက်သူ"',
    'msgstr "အပိုင်း {number}"': 'msgstr "{number} </title><script>alert(1)</script>"',
    # The page label goes into CSS `content:`; it must stay a string there.
    'msgstr "စာမျက်နှာ {page} / {pages}"': 'msgstr "{page}\\"; } @import url(file:///etc/passwd); @page { '
                                          '@top-left { content: url(../canary.txt) } } x { y: \\"{pages}"',
}


def _hostile_locales(box: Sandbox) -> None:
    shutil.copytree(LOCALES, box.event_dir / "locales")
    po = box.event_dir / PO
    text = po.read_text(encoding="utf-8")
    for old, new in HOSTILE_LABELS.items():
        assert old in text, old
        text = text.replace(old, new, 1)
    po.write_text(text, encoding="utf-8")


def test_build_prints_hostile_translations_as_text(sandbox: Sandbox) -> None:
    sandbox.write("event.yaml", TINY.read_text(encoding="utf-8").replace("  date: 2025-04-26",
                                                                          "  episode: 8\n  date: 2025-04-26"))
    sandbox.write("images/chart.png", png_bytes())
    _hostile_locales(sandbox)
    result = sandbox.build("event.yaml", "--format", "html,pdf", "--edition", "bilingual",
                           "--locales", "locales")
    assert_confined(result)
    assert result.returncode == 0, result.describe()
    outputs = sandbox.outputs()
    html = outputs["memo.bilingual.html"]
    assert html_problems(html) == []
    assert squash('<img src="file:///etc/passwd"> အစီအစဉ်တင်ဆက်သူ') in squash(scan_html(html).plain)
    pdf = outputs["memo.bilingual.pdf"]
    assert pdf_problems(pdf) == []
    text = squash(pdf_text(pdf))
    assert squash("</title><script>alert(1)</script>") in text
    assert squash('@import url(file:///etc/passwd)') in text  # the page label, printed as text
    for name, data in outputs.items():
        assert_no_leak(data, name)


def test_build_ignores_attribute_placeholders(sandbox: Sandbox) -> None:
    """`{year.__class__...}` in a translation must not read attributes: the English label is used."""
    event = TINY.read_text(encoding="utf-8").replace("  name: {en: ISP, my: ISP}",
                                                     "  name: {en: ISP, my: ISP}\n  established: 2016")
    sandbox.write("event.yaml", event)
    sandbox.write("images/chart.png", png_bytes())
    shutil.copytree(LOCALES, sandbox.event_dir / "locales")
    CASES["placeholder-attribute"].mutate(sandbox.event_dir)
    result = sandbox.build("event.yaml", "--format", "html", "--lang", "my", "--edition", "separate",
                           "--locales", "locales")
    assert_confined(result)
    assert result.returncode == 0, result.describe()
    text = scan_html(sandbox.outputs()["memo.my.html"]).plain
    assert "__" not in text and "wrapper" not in text and "Established in ၂၀၁၆." in text


@pytest.mark.parametrize("name", ["unclosed-quote", "control-character", "symlink-to-passwd", "fifo"])
def test_build_refuses_unreadable_catalog(sandbox: Sandbox, name: str) -> None:
    shutil.copyfile(TINY, sandbox.event_dir / "event.yaml")
    sandbox.write("images/chart.png", png_bytes())
    shutil.copytree(LOCALES, sandbox.event_dir / "locales")
    CASES[name].mutate(sandbox.event_dir)
    sandbox.seed_outputs(("html",))
    before = sandbox.snapshot()
    result = sandbox.build("event.yaml", "--format", "html", "--locales", "locales")
    assert_clean_failure(result, [(CASES[name].code, None, None)], path=PO)
    sandbox.assert_unchanged(before)
    assert "root:x:0:0" not in result.stderr
