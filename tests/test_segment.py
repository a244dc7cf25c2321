"""Burmese line-break opportunities: inside Myanmar text only, never inside a syllable cluster."""

from __future__ import annotations

import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from isp_recap.myanmar.segment import break_opportunities, insert_breaks


def test_breaks_between_words_not_inside_clusters() -> None:
    text = "ရှားပါးမြေ တူးဖော်ရေးနေရာများ"
    marked = insert_breaks(text, "|")
    assert marked.replace("|", "") == text
    assert "|" in marked


def test_no_break_after_virama_or_before_kinzi() -> None:
    for text in ("စင်္ကြံ", "သင်္ဂဟ", "ကမ္ဘာ့"):
        for i in break_opportunities(text):
            assert text[i - 1] != "\u1039"
            assert text[i + 1:i + 3] != "\u103a\u1039"


def test_latin_text_gets_no_breaks() -> None:
    assert break_opportunities("ISP-Myanmar held its eighth event") == ()


MYANMAR = st.text(st.sampled_from(list("ကခဂငစဆဇညတထဒနပဖဗမယရလဝသဟအ ာိီုူေဲံ့း်္ျြွှ၀၁၂။၊")), max_size=60)


@given(MYANMAR)
def test_breaks_never_precede_a_mark_and_keep_the_text(text: str) -> None:
    offsets = break_opportunities(text)
    assert list(offsets) == sorted(set(offsets))
    for i in offsets:
        assert 0 < i < len(text)
        assert unicodedata.category(text[i])[0] != "M"
        assert text[i - 1] != "\u1039"
    assert insert_breaks(text).replace("\u200b", "") == text
