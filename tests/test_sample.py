"""The bundled sample reproduces the published memo (tests/fixtures/seed/) completely, in both languages."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from isp_recap import load_event
from isp_recap.document.inline import parse_runs
from isp_recap.model.walk import iter_texts
from isp_recap.summary import summarise

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "samples" / "rare-earths-2025" / "event.yaml"
SEED = ROOT / "tests" / "fixtures" / "seed" / "memo-en.txt"

# Artifacts of the PDF extraction, repaired in the sample (DESIGN §2).
REPAIRS = [
    (r"^he global shift", "The global shift"),
    (r"^ote: ", ""),
    (r"^Note: ", ""),
    (r"liveli-hoods", "livelihoods"),
    (r"^Four Sangaha", '"Four Sangaha'),
    (r" ■$", ""),
    (r"\*\*", ""),
    (r"^(Myanmar's Rare Earths):$", r"\1"),  # the cover joins title and subtitle with a colon
    (r"War-Torn Regions\.$", "War-Torn Regions"),  # a title, printed with a full stop
]
# Lines that are layout, not text: speaker blocks, card series marks, headings, contact lines.
LAYOUT = re.compile(
    r"^(#|\*\*ISP\*\*|ISP (Data Matters|Mapping) Number|\+66|PO Box|info@|- |Established in)"
    r"|^(Su Lin Han|Nan Lwin|Kaung San)( Program .*)?$"
    r"|^(Program (Assistant|Head|Associate)|Communications Department|China Studies|Host|Lead Panelist|Co-panelist)$"
)


def _norm(text: str) -> str:
    return " ".join(text.replace("**", "").split())


def _plain(marked: str) -> str:
    return "".join(run.text for run in parse_runs(marked))


def _seed_lines() -> list[str]:
    lines = []
    for raw in SEED.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line or LAYOUT.search(line):
            continue
        for pattern, repl in REPAIRS:
            line = re.sub(pattern, repl, line)
        if len(line.split()) >= 3:
            lines.append(_norm(line))
    return lines


@pytest.fixture(scope="module")
def memo():  # type: ignore[no-untyped-def]
    return load_event(SAMPLE)


def test_sample_validates_with_expected_shape(memo) -> None:  # type: ignore[no-untyped-def]
    s = summarise(memo)
    assert (len(s.speakers), s.data_cards, s.questions, s.appendix_items) == (3, 4, 4, 4)
    assert s.translated == s.texts  # every English text has its Burmese


def test_every_published_sentence_is_in_the_english(memo) -> None:  # type: ignore[no-untyped-def]
    english = _norm(" ".join(_plain(r.text.en) for r in iter_texts(memo)))
    missing = [line for line in _seed_lines() if line not in english]
    assert not missing, "\n".join(missing[:10])


def test_burmese_is_marked_draft(memo) -> None:  # type: ignore[no-untyped-def]
    # Honesty: the Burmese was not reviewed by the institute.
    assert memo.translation_status == "draft"
    assert all(r.text.status in (None, "draft") for r in iter_texts(memo))
    assert "draft" in SAMPLE.read_text(encoding="utf-8").split("\n", 3)[1].lower()


def test_burmese_uses_myanmar_digits_only(memo) -> None:  # type: ignore[no-untyped-def]
    for ref in iter_texts(memo):
        my = ref.text.my or ""
        plain = re.sub(r"\]\([^)]*\)", "]", my)  # link targets keep Latin
        assert not re.search(r"[0-9]", plain), (ref.id, my)
