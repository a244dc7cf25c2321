"""A question e-mailed in advance, or reaching the panel some other way, has a source (issue 13), and its
label is in both catalogs."""

from __future__ import annotations

from pathlib import Path

import pytest

from isp_recap.document.builder import SOURCE_ASKER_LABELS, SOURCE_LABELS, build_document
from isp_recap.document.nodes import QuestionBlock
from isp_recap.model.event import QuestionSource
from isp_recap.source.loader import parse_event

MINIMAL = Path(__file__).resolve().parent / "fixtures" / "minimal.yaml"


def _question(source: str, asker: bool) -> QuestionBlock:
    text = MINIMAL.read_text(encoding="utf-8")
    assert "      source: chat\n" in text
    new = f"      source: {source}\n" + ("      asker: {en: Ko Aung, my: ကိုအောင်}\n" if asker else "")
    memo = parse_event(text.replace("      source: chat\n", new, 1).encode(), "event.yaml")
    doc = build_document(memo, "bilingual")
    return next(b for b in doc.blocks if isinstance(b, QuestionBlock))


@pytest.mark.parametrize(("source", "asker", "en", "my"), [
    ("email", False, "Question sent by e-mail", "အီးမေးလ်ဖြင့် ပေးပို့သော မေးခွန်း"),
    ("email", True, "Question from Ko Aung, sent by e-mail", "ကိုအောင် အီးမေးလ်ဖြင့် ပေးပို့သော မေးခွန်း"),
    ("other", False, "Question from the audience", "ပရိသတ်ထံမှ မေးခွန်း"),
    ("other", True, "Question from Ko Aung", "ကိုအောင် ၏ မေးခွန်း"),
])
def test_email_and_other_sources_are_labelled_in_both_languages(source: str, asker: bool, en: str, my: str) -> None:
    label = _question(source, asker).label
    assert label is not None
    flat = repr(label)  # the label's segment, both languages
    assert en in flat and my in flat, flat


def test_every_source_has_both_labels() -> None:
    sources = set(QuestionSource.__args__)  # type: ignore[attr-defined]
    assert {"email", "other"} <= sources
    assert set(SOURCE_LABELS) == sources == set(SOURCE_ASKER_LABELS)
