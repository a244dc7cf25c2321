"""Phrase-aware Burmese line breaking (issue 12): protected spans, glued spaces, syllable fallback."""

from __future__ import annotations

import re
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from isp_recap.myanmar.protect import Protector, shipped_places
from isp_recap.myanmar.segment import LONG_STRETCH, NOWRAP_MAX, break_opportunities, phrase_breaks
from isp_recap.myanmar.shaping import malformed_syllables

CORPUS = Path(__file__).parent / "fixtures" / "burmese" / "sentences.txt"


def _corpus() -> tuple[list[str], list[tuple[str, list[tuple[int, int]]]]]:
    names: list[str] = []
    sentences = []
    for line in CORPUS.read_text(encoding="utf-8").splitlines():
        if line.startswith("# names:"):
            names = [n.strip() for n in line.split(":", 1)[1].split("|")]
        if not line.strip() or line.startswith("#"):
            continue
        text, spans, at = "", [], 0
        for piece in re.split(r"(\[[^\]]*\])", line):
            if piece.startswith("["):
                spans.append((at, at + len(piece) - 2))
                piece = piece[1:-1]
            text += piece
            at += len(piece)
        sentences.append((text, spans))
    return names, sentences


def _lines(text: str, breaks: tuple[int, ...]) -> str:
    return "|".join(text[a:b] for a, b in zip((0, *breaks), (*breaks, len(text)), strict=True))


def test_corpus_has_two_hundred_sentences_with_spans() -> None:
    names, sentences = _corpus()
    assert len(sentences) >= 200 and len({t for t, _ in sentences}) == len(sentences)
    assert sum(len(s) for _, s in sentences) >= 500 and names


def test_no_break_inside_a_protected_span_of_the_corpus() -> None:
    names, sentences = _corpus()
    protector = Protector.of(names)
    for text, spans in sentences:
        found = phrase_breaks(text, protector)
        for s, e in spans:
            inside = [b for b in found.breaks if s < b < e]
            assert not inside, f"break inside {text[s:e]!r}: {_lines(text, found.breaks)}"
            # A written space inside a short span does not break either: it is glued.
            if e - s <= NOWRAP_MAX:
                for i in range(s, e):
                    if text[i].isspace():
                        assert i + 1 in found.glue, f"space in {text[s:e]!r} not glued"


def test_icu_alone_breaks_inside_the_corpus_spans() -> None:
    # The corpus is not trivial: ICU's dictionary breaks inside many of the spans protected above.
    _, sentences = _corpus()
    inside = sum(1 for text, spans in sentences for b in break_opportunities(text) for s, e in spans if s < b < e)
    assert inside > 100


def test_rules_without_names() -> None:
    text = "လျှပ်စစ်မီး ၁၆ နာရီ ရသည်။ ဒေသခံများက သောက်သုံးရေ မရှိတော့ဘူးဟု ဆိုသည်။ ဒေါ်လာ ၃.၆ ဘီလီယံ"
    spans = [text[s:e] for s, e in Protector.of((), places=False).spans(text, break_opportunities(text))]
    assert "၁၆ နာရီ" in spans and "မရှိတော့ဘူး" in spans and "ဆိုသည်။" in spans
    assert "ဒေါ်လာ ၃.၆ ဘီလီယံ" in spans


def test_sentence_end_never_alone_and_no_orphan_syllable() -> None:
    found = phrase_breaks("ရှားပါးမြေ တူးဖော်ရေးနေရာများ ရောက်ရှိခဲ့သည်။")
    assert "|သည်။" not in _lines("ရှားပါးမြေ တူးဖော်ရေးနေရာများ ရောက်ရှိခဲ့သည်။", found.breaks)
    text = "ဂဘျင် အဖွဲ့ဝင်အားလုံးကို"
    assert "ဂ|" not in _lines(text, phrase_breaks(text).breaks)


def test_shipped_places_and_keep_together() -> None:
    places = shipped_places()
    assert "ရန်ကုန်" in places and "ကချင်ပြည်နယ်" in places and len(places) > 80
    text = "ဝိုင်းမော်မြို့နယ်ရှိ တူးဖော်ရေးနေရာများ"
    assert not [b for b in phrase_breaks(text, Protector.of(["ဝိုင်းမော်မြို့နယ်"])).breaks if 0 < b < 18]


def test_a_span_longer_than_a_line_breaks_at_syllables() -> None:
    name = "ကချင်လွတ်မြောက်ရေးတပ်မတော်ဗဟိုကော်မတီဥက္ကဋ္ဌ"  # longer than LONG_STRETCH, no space
    assert len(name) > LONG_STRETCH
    found = phrase_breaks(name, Protector.of([name]))
    assert found.breaks  # it would overflow a narrow column otherwise
    for b in found.breaks:
        assert not malformed_syllables(name[:b]) and not malformed_syllables(name[b:])


LETTERS = st.sampled_from([*"ကခဂငစဆဇညတထဒနပဖဗမယရလဝသဟအ", *"ာိုေံ့း်ျြွှ ၁၂။", "နာရီ", "ခု", "မ", "သည်"])


@given(st.lists(LETTERS, max_size=80).map("".join))
def test_breaks_are_sorted_inside_and_never_split_a_cluster(text: str) -> None:
    found = phrase_breaks(text)
    assert list(found.breaks) == sorted(set(found.breaks))
    for b in found.breaks:
        assert 0 < b < len(text)
        assert not text[b].isspace() and not text[b - 1].isspace()
        assert text[b - 1] != "\u1039" and not ("\u102b" <= text[b] <= "\u103e")
    for g in found.glue:
        assert text[g - 1].isspace()
