"""Hostile reference documents (`--reference-docx`): refused with a diagnostic naming the file (and the
part inside it, `ref.docx!word/styles.xml:LINE:COL`, where there is one), or cleaned so that nothing
external, no macro and no attached template survives into the memo.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from docx_files import CLEANED, REFERENCES
from harness import (
    FIXTURES,
    Sandbox,
    assert_clean_failure,
    assert_confined,
    assert_no_leak,
    assert_reported,
    png_bytes,
    run_cases,
)
from harness import SandboxRun as Run
from outputs import docx_problems

TINY = FIXTURES / "accepted" / "tiny.yaml"


@pytest.fixture(scope="module")
def runs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Run]:
    """One `build --format docx --reference-docx ref.docx` per reference, on every core."""

    def one(name: str, root: Path) -> Run:
        box = Sandbox(root)
        shutil.copyfile(TINY, box.event_dir / "event.yaml")
        box.write("images/chart.png", png_bytes())
        box.write("ref.docx", REFERENCES[name]())
        box.seed_outputs(("docx",))
        before = box.snapshot()
        result = box.build("event.yaml", "--format", "docx", "--lang", "en", "--edition", "separate",
                           "--reference-docx", "ref.docx")
        return Run(box, before, result)

    return run_cases(tmp_path_factory, sorted(REFERENCES), one)


REFUSED = sorted(set(REFERENCES) - CLEANED)


@pytest.mark.parametrize("name", REFUSED)
def test_unusable_reference_is_refused(runs: dict[str, Run], name: str) -> None:
    run = runs[name]
    assert_clean_failure(run.result, [("invalid-reference-docx", None, None)], path="ref.docx")
    run.box.assert_unchanged(run.before)


@pytest.mark.parametrize(("name", "member", "line"), [
    ("malformed-styles", "word/styles.xml", 2),
    ("xxe-styles", "word/styles.xml", 2),
    ("billion-laughs-styles", "word/styles.xml", 2),
    ("corrupt-member", "word/styles.xml", None),
    ("zip-bomb-lying-sizes", "word/styles.xml", None),
])
def test_the_part_at_fault_is_named(runs: dict[str, Run], name: str, member: str, line: int | None) -> None:
    result = runs[name].result
    assert_reported(result, "invalid-reference-docx", line, path=f"ref.docx!{member}")
    assert any(m["path"] == f"ref.docx!{member}" for m in result.diagnostics), result.describe()


@pytest.mark.parametrize("name", sorted(CLEANED))
def test_dangerous_parts_do_not_survive(runs: dict[str, Run], name: str) -> None:
    run = runs[name]
    assert_confined(run.result)
    assert run.result.returncode == 0, run.result.describe()
    data = run.box.outputs()["memo.en.docx"]
    assert docx_problems(data) == []
    assert b"evil.example" not in data
    assert_no_leak(data, "memo.en.docx")


@pytest.mark.parametrize("where", ["missing.docx", "folder", "fifo.docx"])
def test_reference_that_is_not_a_file(sandbox: Sandbox, where: str) -> None:
    shutil.copyfile(TINY, sandbox.event_dir / "event.yaml")
    (sandbox.event_dir / "folder").mkdir()
    os.mkfifo(sandbox.event_dir / "fifo.docx")
    sandbox.seed_outputs(("docx",))
    before = sandbox.snapshot()
    result = sandbox.build("event.yaml", "--format", "docx", "--reference-docx", where)
    assert_clean_failure(result, [("invalid-reference-docx", None, None)], path=where)
    sandbox.assert_unchanged(before)


#: What each cleaned reference must be warned about: (member or "" for the file itself, words in the message).
TOLD = {
    "attached-template-http": [("word/_rels/settings.xml.rels", "removed the attached template, which points outside "
                                                                "the file: 'http://evil.example/Normal.dotm'")],
    "attached-template-file": [("word/_rels/settings.xml.rels", "'file:///etc/passwd'")],
    "attached-template-unc": [("word/_rels/settings.xml.rels", "removed the attached template")],
    "macro-enabled": [("word/_rels/document.xml.rels", "removed macros ('word/vbaProject.bin')")],
    "external-header-image": [("word/_rels/header1.xml.rels", "removed an embedded OLE object"),
                              ("word/_rels/header1.xml.rels", "'http://evil.example/track.png'")],
    "traversal-targets": [("", "ignored the zip member '../../../evil.xml': its name points outside the package"),
                          ("word/_rels/document.xml.rels", "removed a subdocument")],
}


@pytest.mark.parametrize("name", sorted(CLEANED))
def test_what_cleaning_removed_is_a_warning_naming_each_part(runs: dict[str, Run], name: str) -> None:
    result = runs[name].result
    assert result.returncode == 0, result.describe()
    warnings = [m for m in result.diagnostics if m["code"] == "reference-cleaned"]
    assert warnings and all(m["severity"] == "warning" for m in warnings), result.describe()
    for member, words in TOLD[name]:
        path = f"ref.docx!{member}" if member else "ref.docx"
        assert any(m["path"] == path and words in m["message"] for m in warnings), (path, words, result.describe())
    assert "/etc/passwd" not in result.stderr.replace("'file:///etc/passwd'", "")  # named, never read


def test_a_clean_reference_gives_no_warning(sandbox: Sandbox) -> None:
    from harness import PACKAGE

    shutil.copyfile(TINY, sandbox.event_dir / "event.yaml")
    sandbox.write("images/chart.png", png_bytes())
    shutil.copyfile(PACKAGE / "render" / "reference.docx", sandbox.event_dir / "ref.docx")
    result = sandbox.build("event.yaml", "--format", "docx", "--lang", "en", "--edition", "separate",
                           "--reference-docx", "ref.docx")
    assert result.returncode == 0, result.describe()
    assert not [m for m in result.diagnostics if m["code"] == "reference-cleaned"], result.describe()
