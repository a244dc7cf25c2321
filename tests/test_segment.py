"""Burmese line-break opportunities: inside Myanmar text only, never inside a syllable cluster."""

from __future__ import annotations

import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from isp_recap.myanmar.segment import break_opportunities, has_myanmar, insert_breaks


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


def test_sample_breaks_are_the_reviewed_ones() -> None:
    # The sample's break opportunities, as reviewed (PyICU with ICU 72, icukit-pyicu and icu4py with ICU 78
    # gave the same).
    # After a deliberate change: tests/fixtures/segment/make_fixture.py, and look at the diff.
    import json
    from pathlib import Path

    fixture = Path(__file__).resolve().parent / "fixtures" / "segment" / "sample-breaks.json"
    expected = json.loads(fixture.read_text(encoding="utf-8"))
    texts = [marked.replace("|", "") for marked in expected]
    assert sum(has_myanmar(t) for t in texts) > 90
    assert [insert_breaks(t, "|") for t in texts] == expected


def test_offsets_count_code_points_beyond_the_bmp() -> None:
    # ICU counts UTF-16 units; an emoji before the Burmese must not shift the offsets.
    plain = "ရှားပါးမြေ တူးဖော်ရေး"
    shifted = "😀 " + plain
    assert break_opportunities(shifted) == tuple(i + 2 for i in break_opportunities(plain))
