"""Script knowledge behind the checks: numbers across numeral systems, look-alikes, shaping, glossary terms."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from isp_recap.myanmar.lookalikes import find_lookalikes
from isp_recap.myanmar.shaping import malformed_syllables
from isp_recap.translate.checks.numbers import _match, figures
from isp_recap.translate.checks.words import is_acronym
from isp_recap.translate.glossary import Term
from isp_recap.translate.textutil import addresses, plain

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize(("en", "my"), [
    ("3.6", "၃.၆"),
    ("290,000", "၂၉၀,၀၀၀"),
    ("290,000", "၂၉၀၀၀၀"),
    ("66%", "၆၆ ရာခိုင်နှုန်း"),
    ("USD 3.6 billion", "ဒေါ်လာ ၃၆၀ ကုဋေ"),
    ("290,000", "၂.၉ သိန်း"),
    ("20 lakh", "ကျပ်သိန်း ၂၀"),
    ("April 26, 2025", "၂၀၂၅ ဧပြီ ၂၆"),
])
def test_same_values_match(en: str, my: str) -> None:
    left, right = _match(figures(en, "en"), figures(my, "my"))
    if en == "20 lakh":  # Burmese counts in lakhs: the English of this example has no scale word of its own
        left, right = _match(figures("2,000,000", "en"), figures(my, "my"))
    assert (left, right) == ([], [])


@pytest.mark.parametrize(("en", "my"), [("371", "၃၇၀"), ("3.6", "၃.၇"), ("2024", "၂၀၂၅"), ("5", "")])
def test_different_values_do_not(en: str, my: str) -> None:
    left, right = _match(figures(en, "en"), figures(my, "my"))
    assert left or right


def test_numbers_in_addresses_and_markup_are_ignored() -> None:
    assert figures("See [card 153](https://example.org/dm-153) or www.isp2016.org", "en") == \
        figures("See card 153", "en")


@pytest.mark.parametrize(("text", "expected"), [
    ("၀န်ကြီး", [("၀", "ဝ", "certain")]),
    ("ပ၀င်", [("၀", "ဝ", "certain")]),
    ("၄င်း", [("၄", "၎", "certain")]),
    ("ကြ၇ှ", [("၇", "ရ", "certain")]),
    ("၁ဝ ရက်", [("ဝ", "၀", "certain")]),
    ("၂ဝ၂၄", [("ဝ", "၀", "certain")]),
    ("မ၇က", [("၇", "ရ", "likely")]),
])
def test_lookalikes_found(text: str, expected: list[tuple[str, str, str]]) -> None:
    assert [(f.char, f.should_be, f.certainty) for f in find_lookalikes(text)] == expected


@pytest.mark.parametrize("text", ["ဝန်ကြီး", "၂၀၂၄ခုနှစ်", "၇ ရက်", "၃,၀၀၀", "၀.၅", "အမှတ် ၀", "ဝက် ၅ ကောင်", "၎င်း"])
def test_lookalikes_not_found(text: str) -> None:
    assert find_lookalikes(text) == []


@pytest.mark.parametrize(("text", "offset"), [("ေကာင်း", 0), ("abc ်ကို", 4), ("ကောင်း ာ", 7), ("ကျွန််", 4)])
def test_malformed_syllables_found(text: str, offset: int) -> None:
    assert [m.offset for m in malformed_syllables(text)] == [offset]


@pytest.mark.parametrize("text", ["ကောင်း", "မြန်မာနိုင်ငံ", "ရှားပါးမြေ (heavy rare earths)", "◌ိ is a vowel sign",
                                  "English only"])
def test_well_formed_text_passes_shaping(text: str) -> None:
    assert malformed_syllables(text) == []


@pytest.mark.parametrize(("word", "ok"), [("KIA", True), ("U.S.", True), ("PDFs", True), ("COVID-19", True),
                                          ("NUG", True), ("Mining", False), ("chat", False), ("A", True), ("a", False)])
def test_acronyms(word: str, ok: bool) -> None:
    assert is_acronym(word) is ok


def test_glossary_term_matching() -> None:
    term = Term("rare earth", ("ရှားပါးမြေ",))
    assert term.pattern.search("Rare earths are mined")
    assert term.pattern.search("the rare  earth trade")
    assert not term.pattern.search("a rare earthquake")
    assert term.followed_in("ရှားပါး မြေ တူးဖော်မှု")
    assert not term.followed_in("ရှားပါးသတ္တု")


def test_plain_text_and_addresses() -> None:
    text = "See **[our site](https://www.ISPMyanmar.com/)** or write to info@ISPMyanmar.com."
    assert plain(text) == "See our site or write to info@ISPMyanmar.com."
    assert set(addresses(text)) == {"https://www.ispmyanmar.com", "info@ispmyanmar.com"}


_ANY = list("abcXYZ 0123456789.,%:;!?()[]{}\"'“”*_-/@#\n") + list("ကခဂငစမြန်ာ့း၀၁၂၉။၊ေိုဝရ၎ႏ္") + ["\u200b", "\u25cc"]


@settings(max_examples=150, deadline=None)
@given(st.text(st.sampled_from(_ANY), min_size=1, max_size=60), st.text(st.sampled_from(_ANY), max_size=60))
def test_checks_never_crash(en: str, my: str) -> None:
    from isp_recap.model import Text
    from isp_recap.model.walk import TextRef
    from isp_recap.source.loader import parse_event
    from isp_recap.translate.checks import RULES, Item, context_for

    memo = parse_event((ROOT / "tests" / "fixtures" / "minimal.yaml").read_bytes())
    try:
        text = Text(en=en, my=my or None)
    except ValueError:
        return  # not a valid text (an unsafe link): the loader refuses it before any check
    item = Item(TextRef(("event", "title"), text, ""), en, my if my.strip() else None, "draft", False)
    ctx = context_for(memo)
    for rule in RULES:
        if rule.text is not None and (item.my is not None or not rule.needs_target):
            for finding in rule.text(item, ctx):
                assert finding.message
        if rule.document is not None:
            list(rule.document([item] * 10, ctx))
