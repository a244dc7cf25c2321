"""Burmese fields holding Zawgyi-encoded text, or English: a positioned error where the output would be
garbled (Zawgyi in a Burmese edition), a positioned finding from `check`, and otherwise a faithful output.
"""

from __future__ import annotations

import pytest
from harness import FIXTURES, Sandbox, assert_clean_failure, assert_confined, assert_reported, png_bytes
from outputs import scan_html

TINY = FIXTURES / "accepted" / "tiny.yaml"
UNICODE = "ဂဘျင် အဖွဲ့ဝင်အားလုံးကို နှုတ်ခွန်းဆက်ပါတယ်။"
ZAWGYI = "မဂၤလာပါ။ ကၽြန္ေတာ္တို႔ ေရွ႕ဆက္ ေဆြးေႏြးပါမယ္။"  # typed with a Zawgyi keyboard and font
ENGLISH = "Greetings to all Gabyin members, not translated."
AT = (18, 15)  # the first paragraph's my: in tiny.yaml


def _event(sandbox: Sandbox, my: str) -> None:
    text = TINY.read_text(encoding="utf-8")
    assert UNICODE in text
    sandbox.write("event.yaml", text.replace(UNICODE, my))
    sandbox.write("images/chart.png", png_bytes())


@pytest.mark.parametrize("edition", [("--edition", "bilingual"), ("--lang", "my", "--edition", "separate")])
def test_zawgyi_stops_a_burmese_build(sandbox: Sandbox, edition: tuple[str, ...]) -> None:
    _event(sandbox, ZAWGYI)
    sandbox.seed_outputs(("html",))
    before = sandbox.snapshot()
    result = sandbox.build("event.yaml", "--format", "html", *edition)
    assert_clean_failure(result, [("zawgyi", *AT)], path="event.yaml")
    sandbox.assert_unchanged(before)


def test_zawgyi_does_not_stop_the_english_edition(sandbox: Sandbox) -> None:
    _event(sandbox, ZAWGYI)
    result = sandbox.build("event.yaml", "--format", "html", "--lang", "en", "--edition", "separate")
    assert_confined(result)
    assert result.returncode == 0, result.describe()


def test_check_finds_zawgyi(sandbox: Sandbox) -> None:
    _event(sandbox, ZAWGYI)
    result = sandbox.run("check", "-f", "lines", "event.yaml")
    assert_confined(result)
    assert result.returncode == 1, result.describe()
    assert_reported(result, "zawgyi", *AT, path="event.yaml")


def test_english_in_burmese_field_is_reported_and_printed_as_given(sandbox: Sandbox) -> None:
    _event(sandbox, ENGLISH)
    check = sandbox.run("check", "-f", "lines", "event.yaml")
    assert_confined(check)
    assert_reported(check, "untranslated-latin", *AT, path="event.yaml")
    result = sandbox.build("event.yaml", "--format", "html", "--lang", "my", "--edition", "separate")
    assert_confined(result)
    assert result.returncode == 0, result.describe()
    assert ENGLISH in scan_html(sandbox.outputs()["memo.my.html"]).plain
