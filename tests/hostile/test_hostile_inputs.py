"""Every kind of untrusted input through the one bounded reader (`fsio.read_input`), and through the
commands that read it: a FIFO, /dev/zero, a folder, a link out of the allowed folder and a file over
the size bound are each one diagnostic, at once, naming the input, quoting nothing of a link's target.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

from isp_recap.cli import app
from isp_recap.diagnostics import IspRecapError
from isp_recap.fsio import INPUT_KINDS, read_input

ROOT = Path(__file__).resolve().parents[2]
MINIMAL = ROOT / "tests" / "fixtures" / "minimal.yaml"
SECRET = "top-secret-canary-line"
runner = CliRunner()


def _fifo(path: Path) -> None:
    os.mkfifo(path)


def _dev_zero(path: Path) -> None:
    path.symlink_to("/dev/zero")


def _folder(path: Path) -> None:
    path.mkdir()


def _outside(path: Path) -> None:
    outside = path.parent.parent / f"outside-{path.name}"
    outside.write_text(f"{SECRET}: 1\n", encoding="utf-8")
    path.symlink_to(outside)


def _too_large(limit: int) -> Callable[[Path], None]:
    def make(path: Path) -> None:
        with path.open("wb") as handle:  # sparse: costs no disk
            handle.truncate(limit + 1)
    return make


CASES = {"fifo": (_fifo, "not-a-file"), "dev-zero": (_dev_zero, "outside-folder"),
         "folder": (_folder, "not-a-file"), "symlink-outside": (_outside, "outside-folder")}


def _make(case: str, path: Path, kind: str) -> str:
    if case == "too-large":
        _too_large(INPUT_KINDS[kind].limit)(path)
        return "file-too-large"
    make, code = CASES[case]
    make(path)
    return code


ALL_CASES = [*CASES, "too-large"]


@pytest.mark.parametrize("case", ALL_CASES)
@pytest.mark.parametrize("kind", sorted(INPUT_KINDS))
def test_read_input_refuses(tmp_path: Path, kind: str, case: str) -> None:
    folder = tmp_path / "event"
    folder.mkdir()
    path = folder / "input"
    code = _make(case, path, kind)
    with pytest.raises(IspRecapError) as caught:
        read_input(path, kind)
    (diag,) = caught.value.diagnostics
    assert (diag.path, diag.code) == (str(path), code)
    assert INPUT_KINDS[kind].noun in diag.message or INPUT_KINDS[kind].article in diag.message
    assert SECRET not in diag.message and "outside-input" not in diag.message and "/dev/zero" not in diag.message


def test_dev_zero_without_confinement_is_not_a_memory_error(tmp_path: Path) -> None:
    with pytest.raises(IspRecapError) as caught:
        read_input("/dev/zero", "glossary")
    assert caught.value.diagnostics[0].code == "not-a-file"


def _event(tmp_path: Path) -> Path:
    folder = tmp_path / "ev"
    folder.mkdir()
    shutil.copy(MINIMAL, folder / "event.yaml")
    return folder / "event.yaml"


def _export(event: Path, out: Path) -> None:
    result = runner.invoke(app, ["translate", "export", str(event), "-o", str(out)])
    assert result.exit_code == 0, result.output


def _run_input(kind: str, tmp_path: Path, case: str) -> tuple[int, str, str]:
    """Run the command that reads an input of `kind`, with that input made hostile by `case`."""
    event = _event(tmp_path)
    bad = event.parent / {"event": "bad.yaml", "glossary": "glossary.yaml", "exchange": "event.my.po",
                          "transcript": "talk.srt", "aliases": "aliases.yaml",
                          "reference-docx": "ref.docx"}[kind]
    code = _make(case, bad, kind)
    args = {"event": ["validate", str(bad)],
            "glossary": ["check", str(event)],
            "exchange": ["translate", "import", str(bad), "--into", str(event)],
            "transcript": ["import", str(bad), "--event", str(event), "--dry-run"],
            "aliases": ["import", str(ROOT / "tests" / "fixtures" / "transcripts" / "panel.srt"),
                        "--event", str(event), "--aliases", str(bad), "--dry-run"],
            "reference-docx": ["build", str(event), "--format", "docx", "--lang", "en", "--edition", "separate",
                               "-o", str(tmp_path / "out"), "--reference-docx", str(bad)]}[kind]
    before = event.read_bytes()
    result = runner.invoke(app, args)
    assert event.read_bytes() == before
    return result.exit_code, result.output, code


@pytest.mark.parametrize("case", ALL_CASES)
@pytest.mark.parametrize("kind", ["event", "glossary", "exchange", "transcript", "aliases", "reference-docx"])
def test_commands_refuse_hostile_inputs(tmp_path: Path, kind: str, case: str) -> None:
    if kind == "aliases" and not (ROOT / "tests" / "fixtures" / "transcripts" / "panel.srt").is_file():
        pytest.fail("the transcript fixture moved")
    exit_code, output, code = _run_input(kind, tmp_path, case)
    assert exit_code == 2, output
    assert f"[{code}]" in output or (kind == "reference-docx" and "[invalid-reference-docx]" in output), output
    assert "Traceback" not in output and SECRET not in output and "MemoryError" not in output


MUST_SHOW = {
    "check --glossary FIFO": ("check", "{event}", "--glossary", "{fifo}"),
    "translate import FIFO": ("translate", "import", "{fifo}", "--into", "{event}"),
    "glossary symlinked outside": ("check", "{event}"),
}


@pytest.mark.parametrize("name", sorted(MUST_SHOW))
def test_must_show_end_at_once_with_one_positioned_error(tmp_path: Path, name: str) -> None:
    event = _event(tmp_path)
    fifo = event.parent / "in.fifo"
    os.mkfifo(fifo)
    if name == "glossary symlinked outside":
        _outside(event.parent / "glossary.yaml")
    args = [a.format(event=event, fifo=fifo) for a in MUST_SHOW[name]]
    # The timeout only keeps a regression from hanging the suite; it is not a speed assertion.
    proc = subprocess.run([sys.executable, "-m", "isp_recap.cli", *args], capture_output=True, text=True,
                          timeout=120, check=False)
    assert proc.returncode == 2, proc.stderr
    errors = [line for line in proc.stderr.splitlines() if "error[" in line]
    assert len(errors) == 1, proc.stderr
    assert errors[0].startswith(f"{fifo}:" if "FIFO" in name else f"{event.parent / 'glossary.yaml'}:")
    assert SECRET not in proc.stderr + proc.stdout and "Traceback" not in proc.stderr
