"""Every edition of any event stays on the page (issue 12): stress events with long titles and names in
both languages, long unbroken Burmese, long URLs, many speakers and empty optional fields, built as
the three PDF editions; no glyph may leave the page's text and margin boxes."""

from __future__ import annotations

import json
import random
from pathlib import Path
from typing import Literal

import pypdfium2 as pdfium
import pytest

from isp_recap.build import BuildOptions, build_event
from isp_recap.document.builder import COVER_SIZES, cover_room, cover_size
from isp_recap.document.nodes import Cover, Edition, Heading, Paragraph
from test_render_pdf import clean, doc_of

#: The narrowest side margin anything is set in (the 20 mm page margin, the cover's 22 mm band
#: padding), less a tolerance: the measure the release checks use (`--margin-mm 15`).
MARGIN_MM = 15
SYLLABLES = ["က", "ချင်", "ပြည်", "နယ်", "ရှား", "ပါး", "မြေ", "တူး", "ဖော်", "ရေး", "နေ", "ရာ", "မြန်", "မာ", "နိုင်", "ငံ",
             "သုတ", "တေ", "သန", "လွှတ်", "တော်", "ကိုယ်", "စား", "လှယ်", "ဒေါ်", "ဦး"]
WORDS = ["Myanmar's", "Rare", "Earths", "Critical", "Minerals", "Conflict-Ridden", "Northern", "Border", "Regions",
         "Kachin", "State", "Independence", "Organisation", "Administration", "Environmental", "Consequences"]


def _burmese(rng: random.Random, syllables: int, space_every: int = 4) -> str:
    out = []
    for i in range(syllables):
        out.append(rng.choice(SYLLABLES))
        if space_every and i % space_every == space_every - 1:
            out.append(" ")
    return "".join(out).strip()


def _english(rng: random.Random, words: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(words))


#: Summaries of the stress events after the first two: one a smaller title holds on the cover, one
#: no cover can hold (characters per language).
SUMMARIES = {3: 450, 4: 2500}


def _stress_event(seed: int) -> dict[str, object]:
    rng = random.Random(seed)
    url = "https://www.ISPMyanmar.com/" + "/".join(f"research-{rng.randrange(10**6)}-kachin-state-rare-earth-mining"
                                                    for _ in range(4))
    people = [{"id": f"p{i}", "role": "host" if i == 0 else "co_panelist",
               "name": {"en": _english(rng, rng.randint(2, 7)), "my": _burmese(rng, rng.randint(3, 14), 0)},
               **({"position": {"en": _english(rng, 9), "my": _burmese(rng, 18)}} if i % 2 else {})}
              for i in range(8)]
    turns = [{"turn": {"speaker": f"p{i}", "paragraphs": [{
        "en": f"{_english(rng, 40)} [{_english(rng, 3)}]({url}) {url}",
        # Long unbroken Burmese: no space for 90 syllables.
        "my": f"{_burmese(rng, 30)} {_burmese(rng, 90, 0)} [{_burmese(rng, 3)}]({url}) {url}။"}]}}
        for i in range(8)]
    card = {"data_card": {"id": "dm-1", "series": "data_matters", "number": 15300,
                          "title": {"en": _english(rng, 16), "my": _burmese(rng, 40, 0)},
                          "body": [{"en": _english(rng, 50), "my": _burmese(rng, 80)}],
                          "note": {"en": url, "my": _burmese(rng, 60, 0)}}}
    return {
        "format": 1, "translation_status": "draft",
        "organisation": {"name": {"en": _english(rng, 12), "my": _burmese(rng, 30)}, "website": url},
        "event": {"series": {"en": _english(rng, 8), "my": _burmese(rng, 20)}, "episode": 123,
                  # A title no cover size holds (stress-1 and 2) or, beside a long summary, one some size does.
                  "title": {"en": _english(rng, 12 if seed in SUMMARIES else 24), "my": _burmese(rng, 50, 0)},
                  "subtitle": {"en": _english(rng, 14), "my": _burmese(rng, 40)}, "date": "2025-04-26",
                  **({"summary": {"en": _english(rng, 400)[:SUMMARIES[seed]],
                                  "my": _burmese(rng, 500)[:SUMMARIES[seed]]}} if seed in SUMMARIES else {})},
        "publication": {"date": "2025-09"},
        "people": people,
        "programme": [*turns[:6], card, *turns[6:]],
    }


def _bare_event() -> dict[str, object]:
    """Every optional field left out; one very long word in each language."""
    return {
        "format": 1, "translation_status": "draft",
        "organisation": {"name": {"en": "I" * 120, "my": "မြန်မာ" * 20}},
        "event": {"series": {"en": "S", "my": "က"}, "title": {"en": "T" * 150, "my": "ရှား" * 60},
                  "date": "2025-04-26"},
        "people": [{"id": "h", "role": "host", "name": {"en": "H", "my": "ဟ"}}],
        "programme": [{"turn": {"speaker": "h", "paragraphs": [{"en": "x" * 400, "my": "ရှားပါးမြေ" * 40}]}}],
    }


def write_event(folder: Path, name: str) -> Path:
    """`folder/name/event.yaml` holding the stress event `name` (stress-N: seed N) or the bare one."""
    event = folder / name / "event.yaml"
    event.parent.mkdir(parents=True)
    data = _bare_event() if name == "bare" else _stress_event(int(name[-1]))
    # JSON is YAML; the event date unquoted, so that YAML reads it as a date.
    text = json.dumps(data, ensure_ascii=False, indent=1).replace('"2025-04-26"', "2025-04-26")
    event.write_text(text, encoding="utf-8")
    return event


def _glyphs_off_the_page(pdf: Path) -> list[str]:
    margin = MARGIN_MM / 25.4 * 72
    problems = []
    doc = pdfium.PdfDocument(str(pdf))
    for n in range(len(doc)):
        page = doc[n]
        width, height = page.get_size()
        text = page.get_textpage()
        for i in range(text.count_chars()):
            left, bottom, right, top = text.get_charbox(i)
            if right <= left:  # spaces and break marks have no box
                continue
            if left < margin - 1 or right > width - margin + 1 or bottom < -0.5 or top > height + 0.5:
                problems.append(f"page {n + 1}: {text.get_text_range(i, 1)!r} at x {left:.0f}-{right:.0f}, "
                                f"y {bottom:.0f}-{top:.0f}")
    return problems


def _page_text(pdf: Path, index: int) -> str:
    return clean(pdfium.PdfDocument(str(pdf))[index].get_textpage().get_text_range())


@pytest.mark.parametrize("name", ["stress-1", "stress-2", "stress-3", "stress-4", "bare"])
def test_every_pdf_edition_stays_on_the_page(tmp_path: Path, name: str) -> None:
    event = write_event(tmp_path, name)
    result = build_event(event, tmp_path / "out", BuildOptions(formats=("pdf",)))
    assert len(result.outputs) == 3
    for pdf in result.outputs:
        problems = _glyphs_off_the_page(pdf)
        assert not problems, f"{pdf.name}: {len(problems)} glyphs off the page, e.g. {problems[:5]}"
        # The cover is one page, however long the title: its last line is on page 1, not carried over.
        edition: Edition = pdf.suffixes[0].strip(".")  # type: ignore[assignment]
        cover = doc_of(event, edition).blocks[0]
        assert isinstance(cover, Cover)
        # Its last box: the draft notice (repeated in the foot of later pages), else the last fact.
        last = cover.notice or (cover.facts[-1] if cover.facts else cover.date)
        for span in last.spans:
            assert clean(span.plain) in _page_text(pdf, 0), f"{pdf.name}: the cover runs onto page 2"
            if not cover.notice:
                assert clean(span.plain) not in _page_text(pdf, 1), f"{pdf.name}: the cover runs onto page 2"
        if name == "stress-2" and edition == "bilingual":  # ran onto page 2 before cover sizes (issue 12)
            assert cover.size == "longer"


@pytest.mark.parametrize("edition", ["en", "my", "bilingual"])
def test_cover_size_steps_down_with_the_title_and_the_summary(edition: Edition) -> None:
    languages: tuple[Literal["en", "my"], ...] = ("en", "my") if edition == "bilingual" else (edition,)

    def size(chars: int, subtitle: int = 0, summary: int = 0) -> str | None:
        return cover_size(edition, {lang: ("x" * chars, "x" * subtitle) for lang in languages}, summary)

    sample = {"en": ("Myanmar's Rare Earths", "Cries Behind Critical Minerals"),
              "my": ("မြန်မာ့ ရှားပါးမြေ", "အရေးပါသော တွင်းထွက်သတ္တုများ၏ နောက်ကွယ်မှ ငိုကြွေးသံများ")}
    # Above the sample's summary (399 characters of Burmese) its title is at the edge of what the
    # bilingual cover holds in display type (measured: 31 weighted characters, the title 30).
    expected = "long" if edition == "bilingual" else "display"
    assert cover_size(edition, {lang: sample[lang] for lang in languages}, 399) == expected
    assert cover_size(edition, {lang: sample[lang] for lang in languages}) == "display"  # without it
    for summary in (0, 200, 450):
        room = {s: int(min(cover_room(edition, lang, s, summary) for lang in languages)) for s in COVER_SIZES}
        assert 0 < room["display"] < room["long"] < room["longer"], room
        assert size(room["display"], summary=summary) == "display"
        assert size(room["display"] + 1, summary=summary) == "long"
        assert size(room["display"] - 5, subtitle=30, summary=summary) == "long"  # the subtitle counts too
        assert size(room["long"] + 1, summary=summary) == "longer"
        assert size(room["longer"] + 1, summary=summary) is None  # no size holds it
    for lang in languages:  # a longer summary leaves less room for the title, down to none
        rooms = [cover_room(edition, lang, "display", chars) for chars in (0, 300, 600, 5000)]
        assert rooms == sorted(rooms, reverse=True) and rooms[0] > rooms[1] and rooms[-1] == 0
    assert size(10, summary=5000) is None


def test_a_summary_no_cover_holds_opens_the_event_part(tmp_path: Path) -> None:
    # stress-4's summary (2,500 characters a language) would push every cover onto a second page.
    event = write_event(tmp_path, "stress-4")
    for edition in ("en", "my", "bilingual"):
        doc = doc_of(event, edition)  # type: ignore[arg-type]
        cover = doc.blocks[0]
        assert isinstance(cover, Cover)
        assert all(len(f.spans[0].plain) < 100 for f in cover.facts)  # only "Published in ..."
        heading = next(i for i, b in enumerate(doc.blocks) if isinstance(b, Heading) and b.kind == "event")
        moved = doc.blocks[heading + 1]
        assert isinstance(moved, Paragraph) and moved.style == "lead"
        assert len(moved.text.spans[0].plain) > 1500  # the whole summary, not a cut
    held = doc_of(write_event(tmp_path, "stress-3"), "en").blocks[0]  # 450 characters stay
    assert isinstance(held, Cover) and len(held.facts) == 2 and len(held.facts[0].spans[0].plain) > 400


def test_the_event_heading_steps_down_with_the_cover(tmp_path: Path) -> None:
    # The heading where the recap starts repeats title and subtitle; at its full size the stress
    # event's filled 60 % of the bilingual page 2 before the first speaker (issue 12's cover sizes).
    from isp_recap.document.nodes import Heading, TurnBlock

    event = write_event(tmp_path, "stress-2")
    doc = doc_of(event, "bilingual")
    cover = doc.blocks[0]
    assert isinstance(cover, Cover) and cover.size == "longer"
    heading = next(b for b in doc.blocks if isinstance(b, Heading) and b.kind == "event")
    assert heading.size == cover.size
    for edition in ("en", "my"):
        one = doc_of(event, edition)
        own_cover = one.blocks[0]
        assert isinstance(own_cover, Cover)
        assert next(b for b in one.blocks if isinstance(b, Heading) and b.kind == "event").size == own_cover.size
    build_event(event, tmp_path / "out", BuildOptions(formats=("pdf",), separate=False))
    first_turn = next(b for b in doc.blocks if isinstance(b, TurnBlock))
    assert first_turn.speaker is not None
    name = first_turn.speaker.name.spans[0].plain
    page = pdfium.PdfDocument(str(tmp_path / "out" / "memo.bilingual.pdf"))[1]
    found = page.get_textpage().search(name).get_next()
    assert found is not None, "the first speaker is not on page 2"
    _, top = page.get_textpage().get_charbox(found[0])[1::2]
    share = 1 - top / page.get_size()[1]
    assert share < 0.5, f"title and subtitle take {share:.0%} of page 2 before the first speaker"


def test_the_docx_takes_the_same_steps(tmp_path: Path) -> None:
    # Cover title and event heading in the DOCX: shares of the Title and Heading 1 styles' sizes.
    import re
    import zipfile

    from isp_recap.render.docx.writer import COVER_SCALE, HEADING_SCALE

    event = write_event(tmp_path, "stress-2")
    build_event(event, tmp_path / "out", BuildOptions(formats=("docx",), separate=False))
    with zipfile.ZipFile(tmp_path / "out" / "memo.bilingual.docx") as z:
        body = z.read("word/document.xml").decode("utf-8")
    cover = doc_of(event, "bilingual").blocks[0]
    assert isinstance(cover, Cover)
    title_words = cover.title.spans[0].plain.split()
    sizes = set()
    for style, words, scale, full in (("Title", title_words, COVER_SCALE["longer"][0], 52),
                                      ("Heading1", title_words, HEADING_SCALE["longer"], 32)):
        paragraphs = [p for p in body.split("<w:p>")[1:] + body.split("<w:p ")[1:]
                      if f'w:pStyle w:val="{style}"' in p and words[0] in p]
        assert paragraphs, style
        found = {int(v) for p in paragraphs for v in re.findall(r'<w:sz w:val="(\d+)"', p)}
        assert found == {round(full * scale)}, (style, found)
        sizes |= found
    assert len(sizes) == 2
