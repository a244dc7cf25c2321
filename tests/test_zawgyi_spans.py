"""Zawgyi found per run of text (issue 12): a phrase pasted into Unicode is an error at its column,
`check --fix` converts just that phrase, and a build refuses text that would shape with a dotted circle."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from isp_recap.cli import app
from isp_recap.myanmar.zawgyi import convert_spans, zawgyi_spans

FIXTURE = Path(__file__).parent / "fixtures" / "minimal.yaml"
UNICODE = "ဂဘျင် အဖွဲ့ဝင်အားလုံးကို နှုတ်ခွန်းဆက်ပါတယ်။"
#: "ကချင်ပြည်နယ်ရှိ ရှားပါးမြေ တူးဖော်ရေးနေရာ" typed in Zawgyi (ICU my-Zawgyi).
ZAWGYI = "ကခ်င္ျပည္နယ္ရိွ ရွားပါးေျမ တူးေဖာ္ေရးေနရာ"
PASTED = f"ယနေ့ ဆွေးနွေးပွဲတွင် {ZAWGYI} ကို ISP-Myanmar က လေ့လာခဲ့သည်။"
runner = CliRunner()


def _event(tmp_path: Path, burmese: str) -> Path:
    event = tmp_path / "ev" / "event.yaml"
    event.parent.mkdir()
    text = FIXTURE.read_text(encoding="utf-8")
    assert UNICODE in text
    event.write_text(text.replace(UNICODE, burmese), encoding="utf-8")
    return event


def _position(event: Path, needle: str) -> tuple[int, int]:
    for n, line in enumerate(event.read_text(encoding="utf-8").splitlines(), 1):
        if needle in line:
            return n, line.index(needle) + 1
    raise AssertionError(needle)


def test_a_pasted_phrase_is_one_span_and_the_rest_stays_unicode() -> None:
    spans = zawgyi_spans(PASTED)
    assert [PASTED[s.start:s.end] for s in spans] == [ZAWGYI]
    assert convert_spans(PASTED, spans) == PASTED.replace(ZAWGYI, "ကချင်ပြည်နယ်ရှိ ရှားပါးမြေ တူးဖော်ရေးနေရာ")
    assert zawgyi_spans(UNICODE) == [] and zawgyi_spans("ISP-Myanmar") == []


def test_whole_zawgyi_field_is_one_span() -> None:
    text = "ေဒသခံမ်ားသည္ ေသာက္သံုးေရ မရိွေတာ့ဘူး"
    assert [(s.start, s.end) for s in zawgyi_spans(text)] == [(0, len(text))]


def test_build_stops_at_the_phrase(tmp_path: Path) -> None:
    event = _event(tmp_path, PASTED)
    result = runner.invoke(app, ["build", str(event), "-o", str(tmp_path / "out"), "--format", "html"])
    assert result.exit_code == 2, result.output
    line, col = _position(event, ZAWGYI)
    assert f"{event}:{line}:{col}: error[zawgyi]: characters 22-62" in result.output
    assert not (tmp_path / "out").exists()  # nothing written


def test_check_fix_converts_just_the_phrase(tmp_path: Path) -> None:
    event = _event(tmp_path, PASTED)
    result = runner.invoke(app, ["check", str(event), "--select", "zawgyi"])
    line, col = _position(event, ZAWGYI)
    assert f"{line}:{col}     error    zawgyi  characters 22-62" in result.output
    runner.invoke(app, ["check", str(event), "--fix"])
    fixed = event.read_text(encoding="utf-8")
    assert "ယနေ့ ဆွေးနွေးပွဲတွင် ကချင်ပြည်နယ်ရှိ ရှားပါးမြေ တူးဖော်ရေးနေရာ ကို ISP-Myanmar က လေ့လာခဲ့သည်။" in fixed


@pytest.mark.parametrize("allow", [False, True])
def test_build_refuses_a_dotted_circle_unless_allowed(tmp_path: Path, allow: bool) -> None:
    broken = "ဂဘျင် အဖွဲ့ဝင် ေ ားလုံးကို နှုတ်ခွန်းဆက်ပါတယ်။"  # a vowel sign after a space
    event = _event(tmp_path, broken)
    args = ["build", str(event), "-o", str(tmp_path / "out"), "--format", "html", "--lang", "my",
            "--edition", "separate"]
    result = runner.invoke(app, args + (["--allow-shaping-errors"] if allow else []))
    if allow:
        assert result.exit_code == 0, result.output
        assert (tmp_path / "out" / "memo.my.html").is_file()
    else:
        assert result.exit_code == 2
        line, col = _position(event, "ေ ား")
        assert f"{event}:{line}:{col}: error[malformed-syllable]" in result.output
