"""Malformed event files: each gives the exact code, line and column, and never a traceback."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from isp_recap import IspRecapError, load_event

INVALID = Path(__file__).parent / "fixtures" / "invalid"
CASES = sorted(INVALID.glob("*.yaml"))


def _expected(path: Path) -> tuple[str, int, int]:
    first = path.read_text(encoding="utf-8", errors="replace").splitlines()[0]
    _, _, code, line, col = first.split()
    return code, int(line), int(col)


def test_there_are_enough_fixtures() -> None:
    assert len(CASES) >= 20


@pytest.mark.parametrize("path", CASES, ids=[p.stem for p in CASES])
def test_fixture_reports_code_line_col(path: Path) -> None:
    code, line, col = _expected(path)
    with pytest.raises(IspRecapError) as info:
        load_event(path)
    first = info.value.diagnostics[0]
    assert (first.code, first.line, first.col) == (code, line, col), first.format()
    assert first.path == str(path)
    assert first.message and "Traceback" not in first.message


def test_all_errors_reported_at_once_sorted(tmp_path: Path) -> None:
    text = (INVALID / "typo-nested-key.yaml").read_text(encoding="utf-8")
    text = text.replace("role: host", "role: hostess").replace("episode", "episode")
    text = text.replace("  date: 2025-04-26", "  date: 2025-04-26\n  episode: '8'")
    path = tmp_path / "event.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(IspRecapError) as info:
        load_event(path)
    codes = [d.code for d in info.value.diagnostics]
    assert codes == ["unknown-key", "wrong-type", "invalid-value"]
    lines = [d.line for d in info.value.diagnostics]
    assert lines == sorted(lines)


def test_format_is_compiler_style(tmp_path: Path) -> None:
    with pytest.raises(IspRecapError) as info:
        load_event(INVALID / "lookalike-speaker.yaml")
    assert info.value.diagnostics[0].format() == (
        f"{INVALID / 'lookalike-speaker.yaml'}:15:16: error[unknown-speaker]: "
        "speaker 'su-lin-hann' is not declared in people; did you mean 'su-lin-han'?"
    )


def test_invalid_utf8_is_positioned(tmp_path: Path) -> None:
    path = tmp_path / "event.yaml"
    path.write_bytes(b"format: 1\nevent:\n  title: caf\xe9\n")
    with pytest.raises(IspRecapError) as info:
        load_event(path)
    d = info.value.diagnostics[0]
    assert (d.code, d.line, d.col) == ("invalid-utf8", 3, 13)


def test_missing_file_and_folder(tmp_path: Path) -> None:
    with pytest.raises(IspRecapError) as info:
        load_event(tmp_path / "nope.yaml")
    assert info.value.diagnostics[0].code == "file-not-found"
    with pytest.raises(IspRecapError) as info:
        load_event(tmp_path)
    assert info.value.diagnostics[0].code == "not-a-file"


def test_huge_file_refused_before_parsing(tmp_path: Path) -> None:
    path = tmp_path / "event.yaml"
    path.write_bytes(b"a: " + b"x" * (9 * 1024 * 1024))
    with pytest.raises(IspRecapError) as info:
        load_event(path)
    assert info.value.diagnostics[0].code == "file-too-large"


def test_empty_file(tmp_path: Path) -> None:
    path = tmp_path / "event.yaml"
    path.write_text("# nothing\n", encoding="utf-8")
    with pytest.raises(IspRecapError) as info:
        load_event(path)
    assert info.value.diagnostics[0].code == "empty-file"


@pytest.mark.parametrize("name", ["typo-top-key", "wrong-indentation", "unknown-speaker", "alias-bomb"])
def test_cli_prints_positioned_lines_exit_2(name: str) -> None:
    path = INVALID / f"{name}.yaml"
    proc = subprocess.run([sys.executable, "-m", "isp_recap.cli", "validate", str(path)],
                          capture_output=True, text=True, timeout=60)
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr
    code, line, col = _expected(path)
    assert proc.stderr.splitlines()[0].startswith(f"{path}:{line}:{col}: error[{code}]: ")
    assert proc.stdout == ""


def test_wrong_enum_value_gets_did_you_mean() -> None:
    from isp_recap.source.loader import parse_event

    base = (INVALID.parent / "minimal.yaml").read_text(encoding="utf-8")
    assert "role: lead_panelist" in base
    with pytest.raises(IspRecapError) as caught:
        parse_event(base.replace("role: lead_panelist", "role: co_panellist", 1).encode(), "event.yaml")
    (d,) = [d for d in caught.value.diagnostics if d.code == "invalid-value"]
    assert d.line > 0 and "is the text 'co_panellist'; did you mean 'co_panelist'? (expected 'host'" in d.message
    with pytest.raises(IspRecapError) as caught:
        parse_event(base.replace("role: lead_panelist", "role: moderator", 1).encode(), "event.yaml")
    (d,) = [d for d in caught.value.diagnostics if d.code == "invalid-value"]
    assert "did you mean" not in d.message and "expected 'host'" in d.message  # nothing close: the list only
