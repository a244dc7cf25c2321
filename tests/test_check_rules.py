"""Every translation check trips on its fixture (at the marked line) and stays quiet on its near miss.

Fixtures live in tests/fixtures/translate/checks/: `<code>.trip.yaml` marks each line a finding must
point at with `# <- <code>`; `<code>.clean.yaml` is a near miss that must produce no finding at all.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from isp_recap.cli import app
from isp_recap.diagnostics import IspRecapError
from isp_recap.source.loader import load_event_with_positions
from isp_recap.translate.checks import CODES, RULES, collect, run_checks
from isp_recap.translate.glossary import load_glossary, parse_glossary
from isp_recap.translate.release import release_findings

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures"
SAMPLE = ROOT / "samples" / "rare-earths-2025" / "event.yaml"
CHECKS = FIXTURES / "translate" / "checks"
GLOSSARY = FIXTURES / "translate" / "glossary.yaml"
runner = CliRunner()


def _marked_lines(path: Path, code: str) -> set[int]:
    lines = path.read_text(encoding="utf-8").splitlines()
    return {i for i, line in enumerate(lines, 1) if re.search(rf"#\s*<-\s*{re.escape(code)}\b", line)}


def _findings(path: Path) -> list:
    memo, positions = load_event_with_positions(path)
    return run_checks(memo, positions, str(path), load_glossary(GLOSSARY))


def test_every_check_has_both_fixtures() -> None:
    for code in CODES:
        assert (CHECKS / f"{code}.trip.yaml").is_file(), code
        assert (CHECKS / f"{code}.clean.yaml").is_file(), code


@pytest.mark.parametrize("code", CODES)
def test_check_trips_at_the_marked_lines(code: str) -> None:
    path = CHECKS / f"{code}.trip.yaml"
    findings = _findings(path)
    assert findings, f"{code} found nothing"
    assert {d.code for d in findings} == {code}, [d.format() for d in findings]
    assert {d.line for d in findings} == _marked_lines(path, code)
    assert all(d.col > 0 and d.hint for d in findings)
    rule = next(r for r in RULES if r.code == code)
    assert all(d.severity == rule.severity for d in findings)


@pytest.mark.parametrize("code", CODES)
def test_check_stays_quiet_on_near_miss(code: str) -> None:
    findings = _findings(CHECKS / f"{code}.clean.yaml")
    assert findings == [], [d.format() for d in findings]


def test_must_show_three_positioned_findings_and_exit_1() -> None:
    path = FIXTURES / "translate" / "must-show.yaml"
    result = runner.invoke(app, ["check", str(path), "--format", "lines"])
    assert result.exit_code == 1
    lines = [line for line in result.stdout.splitlines() if "[" in line]
    assert lines == [
        f"{path}:19:15: error[number-mismatch]: figures differ: the English has 371 but the Burmese has ၃၇၀ "
        "(hint: check the figure against the source; Myanmar and Latin digits are compared by value)",
        f"{path}:21:15: error[zawgyi]: the Burmese is Zawgyi-encoded (probability 1.00), not Unicode "
        "(hint: run `isp-recap check --fix` to convert it to Unicode)",
        f"{path}:22:11: error[missing-translation]: programme.0.turn.paragraphs.2 has no Burmese translation (my:) "
        "(hint: add a my: value, or export the event for the translators (isp-recap translate export))",
    ]


def test_sample_checks_clean_apart_from_draft_status() -> None:
    memo, positions = load_event_with_positions(SAMPLE)
    glossary = load_glossary(SAMPLE.parent / "glossary.yaml")
    assert [d.code for d in run_checks(memo, positions, str(SAMPLE), glossary)] == ["draft"]
    result = runner.invoke(app, ["check", str(SAMPLE), "--format", "json"])  # the CLI finds glossary.yaml itself
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert [f["code"] for f in report["files"][0]["findings"]] == ["draft"]
    assert report["errors"] == 0
    assert report["files"][0]["glossary"].endswith("glossary.yaml")


def test_warnings_only_exit_0_and_table_output() -> None:
    path = CHECKS / "end-punctuation.trip.yaml"
    result = runner.invoke(app, ["check", str(path)])
    assert result.exit_code == 0
    assert "19:15" in result.stdout and "end-punctuation" in result.stdout and "hint:" in result.stdout
    assert "0 errors, 1 warnings" in result.stdout


def test_unreadable_event_exits_2() -> None:
    result = runner.invoke(app, ["check", str(FIXTURES / "invalid" / "syntax-error.yaml")])
    assert result.exit_code == 2


def test_select_and_ignore() -> None:
    path = FIXTURES / "translate" / "must-show.yaml"
    memo, positions = load_event_with_positions(path)
    assert [d.code for d in run_checks(memo, positions, str(path), select=["zawgyi"])] == ["zawgyi"]
    codes = [d.code for d in run_checks(memo, positions, str(path), ignore=["zawgyi"])]
    assert "zawgyi" not in codes and "number-mismatch" in codes
    with pytest.raises(ValueError, match="unknown check"):
        run_checks(memo, positions, str(path), select=["nonsense"])


def test_fix_converts_zawgyi_and_changes_nothing_else(tmp_path: Path) -> None:
    path = tmp_path / "event.yaml"
    shutil.copy(CHECKS / "zawgyi.trip.yaml", path)
    before = path.read_text(encoding="utf-8").splitlines()
    result = runner.invoke(app, ["check", str(path), "--fix", "--glossary", str(GLOSSARY)])
    assert result.exit_code == 0, result.output
    after = path.read_text(encoding="utf-8").splitlines()
    changed = [i for i, (a, b) in enumerate(zip(before, after, strict=True), 1) if a != b]
    assert changed == [19]
    assert "မြန်မာနိုင်ငံ၏ ရှားပါးမြေ တင်ပို့မှုသည်" in after[18]
    assert after[18].endswith("# <- zawgyi")  # the comment on the changed line survives


def test_fix_results_carry_the_conversion() -> None:
    path = CHECKS / "zawgyi.trip.yaml"
    memo, positions = load_event_with_positions(path)
    [result] = collect(memo, positions, str(path), select=["zawgyi"])
    assert result.loc == ("programme", 0, "turn", "paragraphs", 0, "my")
    assert result.fix is not None and result.fix.startswith("မြန်မာနိုင်ငံ၏")


def test_release_findings_refuse_drafts_and_errors() -> None:
    memo, positions = load_event_with_positions(SAMPLE)
    found = release_findings(memo, positions, str(SAMPLE))
    assert [d.code for d in found] == ["draft-in-release"]
    assert found[0].severity == "error" and found[0].line == 4
    path = FIXTURES / "translate" / "must-show.yaml"
    memo, positions = load_event_with_positions(path)
    codes = sorted(d.code for d in release_findings(memo, positions, str(path)))
    assert codes == ["missing-translation", "number-mismatch", "zawgyi"]
    path = CHECKS / "draft.trip.yaml"
    memo, positions = load_event_with_positions(path)
    found = release_findings(memo, positions, str(path))
    assert [(d.code, d.line) for d in found] == [("draft-in-release", 3), ("draft-in-release", 20)]
    # Warnings do not block a release.
    path = CHECKS / "end-punctuation.trip.yaml"
    memo, positions = load_event_with_positions(path)
    assert release_findings(memo, positions, str(path)) == []


def test_glossary_mistakes_are_positioned() -> None:
    raw = "terms:\n  rare earth: [ရှားပါးမြေ, 3]\n  '': x\nallow: yes\ncolour: red\n".encode()
    with pytest.raises(IspRecapError) as exc:
        parse_glossary(raw, "glossary.yaml")
    lines = sorted((d.line, d.code) for d in exc.value.diagnostics)
    assert lines == [(2, "invalid-glossary"), (3, "invalid-glossary"), (4, "invalid-glossary"),
                     (5, "invalid-glossary")]


def test_check_list_names_every_rule() -> None:
    result = runner.invoke(app, ["check", "--list"])
    assert result.exit_code == 0
    for code in CODES:
        assert code in result.stdout


def test_a_hyphenated_term_on_the_allow_list_is_allowed_as_a_whole(tmp_path: Path) -> None:
    clean = CHECKS / "untranslated-latin.clean.yaml"
    event = tmp_path / "event.yaml"
    event.write_text(clean.read_text(encoding="utf-8").replace("ကို မြင်သည်ဟု", "ကို mini-grid မှ မြင်သည်ဟု", 1),
                     encoding="utf-8")
    assert "mini-grid" in event.read_text(encoding="utf-8")
    memo, positions = load_event_with_positions(event)

    def latin(allow: list[str]) -> list[str]:
        raw = ("allow:\n" + "".join(f"  - {w}\n" for w in allow)).encode()
        glossary = parse_glossary(raw, str(tmp_path / "glossary.yaml"))
        found = run_checks(memo, positions, str(event), glossary)
        return [f.message for f in found if f.code == "untranslated-latin"]

    assert any("mini-grid" in m for m in latin(["Pangwa"]))  # not allowed: reported, as one word
    assert latin(["Pangwa", "mini-grid"]) == []
    assert latin(["Pangwa", "Mini-Grid"]) == []  # the allow-list ignores case
