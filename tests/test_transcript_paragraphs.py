"""Grouping cues into turns and paragraphs; aligning English and Burmese subtitles; Zawgyi."""

from __future__ import annotations

import itertools

from hypothesis import given, settings
from hypothesis import strategies as st

from isp_recap.markup import escape_markup, unescape_markup
from isp_recap.transcript import align
from isp_recap.transcript.cues import Cue, ends_sentence
from isp_recap.transcript.paragraphs import HARD_LIMIT, Options, group
from isp_recap.transcript.speakers import Attributed


def timed(items: list[tuple[str, str, int, int]]) -> list[Attributed]:
    return [Attributed(Cue(text=text, line=i + 1, start=a, end=b), who) for i, (who, text, a, b) in enumerate(items)]


def test_turns_and_paragraphs() -> None:
    cues = timed([
        ("host", "Welcome to the", 0, 1000),
        ("host", "program.", 1050, 1500),
        ("host", "Let us", 1600, 2000),            # no pause: same paragraph
        ("host", "begin.", 6000, 7000),            # long pause, but mid-sentence: same paragraph
        ("host", "Today we talk.", 9500, 10000),   # pause after a sentence end: new paragraph
        ("host", "First, the data.", 10050, 11000),  # topic marker after a sentence end: new paragraph
        ("guest", "Thanks.", 11100, 11500),        # speaker change: new turn
        ("guest", "[applause]", 11600, 12000),
        ("guest", "More.", 12100, 12500),
    ])
    cues[7] = Attributed(Cue("[applause]", 8, start=11600, end=12000, filler=True), "guest")
    turns, dropped = group(cues)
    assert dropped == 1
    assert [(t.speaker, t.at, [p.en for p in t.paragraphs]) for t in turns] == [
        ("host", 0, ["Welcome to the program. Let us begin.", "Today we talk.", "First, the data."]),
        ("guest", 11100, ["Thanks. More."]),
    ]
    kept, _ = group(cues, Options(keep_fillers=True))
    assert kept[1].paragraphs[0].en == "Thanks. [applause] More."


def test_long_paragraphs_split_at_the_next_sentence_end() -> None:
    sentence = "This sentence has exactly fifty characters in it. "
    cues = timed([("a", sentence.strip(), i * 100, i * 100 + 90) for i in range(10)])
    turns, _ = group(cues, Options(max_chars=200))
    assert [len(p.pieces) for p in turns[0].paragraphs] == [4, 4, 2]


def test_source_paragraphs_are_kept_and_huge_ones_cut() -> None:
    huge = ("Word " * 3000).strip() + ". " + ("Next " * 1000).strip() + "."
    cues = [Attributed(Cue(text, i + 1, paragraph=True), "a") for i, text in enumerate(["One.", "Two", huge])]
    turns, _ = group(cues)
    paras = [p.en for p in turns[0].paragraphs]
    assert paras[:2] == ["One.", "Two"]
    assert all(len(p) <= HARD_LIMIT for p in paras) and " ".join(paras[2:]) == huge


def test_sentence_ends() -> None:
    for text in ("Done.", "Really?", "Wow!", "So…", 'He said "go."', "ကျေးဇူးတင်ပါတယ်။", "(as noted.)"):
        assert ends_sentence(text), text
    for text in ("and then", "the topic:", "Dr", "ဒါပေမဲ့"):
        assert not ends_sentence(text), text


SPEAKERS = st.sampled_from(["a", "b", "c"])
TEXTS = st.text(st.sampled_from(list("ab .?!,")), min_size=1, max_size=30).map(str.strip).filter(bool)


@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(SPEAKERS, TEXTS, st.integers(0, 4000)), min_size=1, max_size=40),
       st.integers(100, 400))
def test_grouping_keeps_every_word_in_order_and_breaks_only_at_sentence_ends(
        items: list[tuple[str, str, int]], max_chars: int) -> None:
    t, rows = 0, []
    for who, text, gap in items:
        rows.append((who, text, t + gap, t + gap + 500))
        t += gap + 500
    cues = timed(rows)
    turns, _ = group(cues, Options(max_chars=max_chars))
    assert " ".join(p.en for turn in turns for p in turn.paragraphs) == " ".join(text for _, text, _, _ in rows)
    # consecutive turns have different speakers; each turn's cues are all its speaker's
    assert all(x.speaker != y.speaker for x, y in itertools.pairwise(turns))
    for turn in turns:
        assert {cues[i].speaker for p in turn.paragraphs for i in p.cues} == {turn.speaker}
        assert turn.at == cues[turn.paragraphs[0].cues[0]].cue.start
        for before in turn.paragraphs[:-1]:
            assert ends_sentence(before.en)


@given(st.text(max_size=50))
def test_markup_escaping_round_trips(text: str) -> None:
    from isp_recap.markup import inline_parser

    escaped = escape_markup(text)
    assert unescape_markup(escaped) == text
    tokens = inline_parser().parseInline(escaped)[0].children or [] if escaped else []
    assert all(tok.type == "text" for tok in tokens)  # no emphasis, no link: plain text


# --- alignment --------------------------------------------------------------------------------------


def test_alignment_by_overlap_with_unaligned_cues_reported() -> None:
    en = [Cue("One two", 10, start=0, end=2000), Cue("three.", 14, start=2000, end=3000),
          Cue("Four.", 18, start=6000, end=7000), Cue("Five.", 22, start=9000, end=9500)]
    my = [Cue("တစ် နှစ် သုံး။", 3, start=100, end=2900),   # overlaps the first two, the first most
          Cue("လေး။", 7, start=5800, end=7100),
          Cue("အပို။", 11, start=7500, end=8000)]           # overlaps nothing
    result = align.align(en, my)
    assert result.pairs == {0: [0], 2: [1]}
    assert result.unaligned_my == [2]
    assert result.unmatched_en == [3]  # "three." is overlapped, so only "Five." lacks Burmese
    turns, _ = group([Attributed(c, "a") for c in en], Options(pause_ms=1000))
    align.apply(turns, en, my, result)
    assert [(p.en, p.my) for p in turns[0].paragraphs] == [
        ("One two three.", "တစ် နှစ် သုံး။"), ("Four.", "လေး။"), ("Five.", None)]
    diags = align.report("en.srt", "my.srt", en, my, result)
    assert [(d.path, d.line, d.code, d.severity) for d in diags] == [
        ("my.srt", 11, "unaligned-cue", "warning"), ("en.srt", 22, "unaligned-cue", "warning")]


def test_zawgyi_detection_and_conversion() -> None:
    from isp_recap.myanmar.zawgyi import zawgyi_probability, zawgyi_to_unicode

    unicode_text = "ရှားပါးမြေ တူးဖော်ရေးနေရာတွေ အားလုံးကို သိမ်းပိုက်ထားပြီလား။"
    zawgyi = "ရွားပါးေျမ တူးေဖာ္ေရးေနရာေတြ အားလံုးကို သိမ္းပိုက္ထားၿပီလား။"  # unicode_text by ICU's my-Zawgyi
    assert zawgyi != unicode_text
    assert zawgyi_probability(zawgyi) > 0.95 > zawgyi_probability(unicode_text)
    assert zawgyi_probability("English only") == 0.0  # the detector's -inf is handled
    assert zawgyi_to_unicode(zawgyi) == unicode_text
