"""`validate` says which texts its "6/7 translated" leaves out, each where it is, as a note (issue 13)."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MUST_SHOW = ROOT / "tests" / "fixtures" / "translate" / "must-show.yaml"
SAMPLE = ROOT / "samples" / "rare-earths-2025" / "event.yaml"


def _validate(*args: str) -> subprocess.CompletedProcess[str]:
    # The console script's own path (entry.py answers `validate` without Typer).
    return subprocess.run([sys.executable, "-c", "from isp_recap.entry import main; main()", "validate", *args],
                          capture_output=True, text=True, timeout=120, check=False)


def test_each_untranslated_text_is_a_positioned_note() -> None:
    result = _validate(str(MUST_SHOW))
    assert result.returncode == 0, result.stderr  # a note is information, not an error
    assert "translated   6/7 texts into Burmese" in result.stdout
    notes = re.findall(r"^(.+):(\d+):(\d+): note\[untranslated\]: (.+)$", result.stdout, re.M)
    assert notes == [(str(MUST_SHOW), "22", "11",
                      "programme.0.turn.paragraphs.2 has no Burmese translation yet (my:)")]
    lines = MUST_SHOW.read_text(encoding="utf-8").splitlines()
    assert "Kachin State holds the deposits." in lines[21]  # the note points at the untranslated text


def test_quiet_prints_no_notes_and_a_complete_event_none() -> None:
    assert _validate("-q", str(MUST_SHOW)).stdout == ""
    full = _validate(str(SAMPLE))
    assert full.returncode == 0 and "note[" not in full.stdout
