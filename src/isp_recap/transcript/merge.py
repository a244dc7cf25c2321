"""Imported turns into event YAML: appended to an existing event's programme, or a new skeleton.

Imported text is plain text, so the characters of the inline markup (`*`, `_`, `[`, `]`, `\\`) are
escaped: a subtitle can neither add emphasis nor a link. A turn already in the event (same speaker
and `at`, or without `at` the same speaker and English text) is skipped, so importing a file twice
changes nothing.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from ..markup import escape_markup
from ..model import Memo, Turn
from ..myanmar.script import CHAR_CLASS
from .cues import format_time
from .paragraphs import ImportedTurn, Paragraph
from .qa import QAPart, QuestionDraft

_BEFORE_PROGRAMME = ("format", "translation_status", "organisation", "event", "publication", "people",
                     "concept_note")

_MY_LETTER = re.compile(f"[{CHAR_CLASS}]")

TurnKey = tuple[str, str | None, tuple[str, ...]]


def turn_key(speaker: str, at: str | None, paragraphs: Iterable[str]) -> TurnKey:
    """What identifies a turn for re-import: speaker and `at`, or speaker and text without `at`."""
    return (speaker, at, () if at else tuple(paragraphs))


def existing_keys(memo: Memo) -> set[TurnKey]:
    """Keys of every turn in an event (programme, Q&A, closing: an editor may have moved it)."""
    turns: list[Turn] = [item.turn for item in memo.programme if item.turn]
    turns += [item.turn for item in memo.qa if item.turn]
    turns += list(memo.closing)
    return {turn_key(t.speaker, t.at, (p.source for p in t.paragraphs)) for t in turns}


def imported_key(turn: ImportedTurn) -> TurnKey:
    """The key an imported turn will have once written."""
    at = None if turn.at is None else format_time(turn.at)
    return turn_key(turn.speaker, at, (escape_markup(p.text) for p in turn.paragraphs))


def text_map(para: Paragraph, language: str) -> Any:
    """A paragraph as a text mapping: `{en, my}`; for a Burmese-only transcript `{my, status: draft}`,
    the English left to the translators."""
    from ruamel.yaml.comments import CommentedMap
    from ruamel.yaml.scalarstring import DoubleQuotedScalarString as Quoted

    # Double-quoted, as in the bundled sample; long quoted lines also load faster than plain ones.
    text = CommentedMap()
    if language == "my":
        text["my"] = Quoted(escape_markup(para.text))
        text["status"] = "draft"
        return text
    text["en"] = Quoted(escape_markup(para.text))
    if para.my:
        text["my"] = Quoted(escape_markup(para.my))
    return text


def turn_item(turn: ImportedTurn) -> Any:
    """A programme item `{turn: {speaker, at, paragraphs}}` as a round-trip YAML mapping."""
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    paragraphs = CommentedSeq()
    for para in turn.paragraphs:
        paragraphs.append(text_map(para, turn.language))
    body = CommentedMap()
    body["speaker"] = turn.speaker
    if turn.at is not None:
        body["at"] = format_time(turn.at)
    body["paragraphs"] = paragraphs
    item = CommentedMap()
    item["turn"] = body
    return item


@dataclass(frozen=True)
class MergeResult:
    """How many imported turns were added and how many were already in the event."""

    added: int
    skipped: int


def append_turns(data: Any, turns: list[ImportedTurn], present: set[TurnKey]) -> MergeResult:
    """Append the turns not yet present to `data['programme']` (a round-trip mapping), in order."""
    from ruamel.yaml.comments import CommentedSeq

    new = [t for t in turns if imported_key(t) not in present]
    if not new:
        return MergeResult(0, len(turns))
    programme = data.get("programme")
    if not isinstance(programme, CommentedSeq) or (not programme and programme.fa.flow_style()):
        fresh = CommentedSeq()
        fresh.extend(programme or [])
        if "programme" in data:
            data["programme"] = fresh
        else:
            keys = list(data.keys())
            pos = max((keys.index(k) + 1 for k in _BEFORE_PROGRAMME if k in keys), default=len(keys))
            data.insert(pos, "programme", fresh)
        programme = fresh
    for turn in new:
        programme.append(turn_item(turn))
    return MergeResult(len(new), len(turns) - len(new))


def existing_questions(memo: Memo) -> set[str]:
    """The texts (source language, as written) of the questions an event's Q&A already has."""
    return {item.question.text.source for item in memo.qa if item.question}


def question_text(draft: QuestionDraft, language: str) -> str:
    """A question's text as it will be written (escaped) in its source language."""
    return escape_markup(" ".join(p.text for p in draft.text))


def qa_item(item: ImportedTurn | QuestionDraft, language: str) -> Any:
    """A `qa:` item: `{turn: ...}` or `{question: {id, source, asker, at, text, answers}}`."""
    from ruamel.yaml.comments import CommentedMap, CommentedSeq
    from ruamel.yaml.scalarstring import DoubleQuotedScalarString as Quoted

    if isinstance(item, ImportedTurn):
        return turn_item(item)
    question = CommentedMap()
    question["id"] = item.id
    question["source"] = item.source
    if item.asker:
        asker = CommentedMap()
        if _MY_LETTER.search(item.asker):
            asker["my"] = Quoted(escape_markup(item.asker))
            asker["status"] = "draft"
        else:
            asker["en"] = Quoted(escape_markup(item.asker))
        question["asker"] = asker
    if item.at is not None:
        question["at"] = format_time(item.at)
    mine = " ".join(p.my for p in item.text if p.my)
    question["text"] = text_map(Paragraph([" ".join(p.text for p in item.text)], [], mine or None), language)
    answers = CommentedSeq()
    for turn in item.answers:
        answer = CommentedMap()
        answer["speaker"] = turn.speaker
        if turn.at is not None:
            answer["at"] = format_time(turn.at)
        answer["paragraphs"] = CommentedSeq(text_map(p, language) for p in turn.paragraphs)
        answers.append(answer)
    question["answers"] = answers
    out = CommentedMap()
    out["question"] = question
    return out


def append_qa(data: Any, part: QAPart, language: str, present: set[TurnKey],
              questions: set[str]) -> MergeResult:
    """Append the Q&A items not yet present to `data['qa']` (made after `programme` if missing).

    A turn is present as for `append_turns`; a question when the Q&A has one with the same text.
    """
    from ruamel.yaml.comments import CommentedSeq

    new = [i for i in part.items
           if (imported_key(i) not in present if isinstance(i, ImportedTurn)
               else question_text(i, language) not in questions)]
    if not new:
        return MergeResult(0, len(part.items))
    qa = data.get("qa")
    if not isinstance(qa, CommentedSeq) or (not qa and qa.fa.flow_style()):
        fresh = CommentedSeq()
        fresh.extend(qa or [])
        if "qa" in data:
            data["qa"] = fresh
        else:
            keys = list(data.keys())
            pos = max((keys.index(k) + 1 for k in (*_BEFORE_PROGRAMME, "programme") if k in keys),
                      default=len(keys))
            data.insert(pos, "qa", fresh)
        qa = fresh
    for item in new:
        qa.append(qa_item(item, language))
    return MergeResult(len(new), len(part.items) - len(new))


def skeleton(people: list[tuple[str, str]], turns: list[ImportedTurn], *, title: str, date: dt.date,
             sources: list[str], qa: QAPart | None = None, language: str = "en") -> Any:
    """A new event holding the imported turns, with placeholders marked for the editor."""
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    def text(en: str) -> Any:
        m = CommentedMap()
        m["en"] = en
        return m

    def burmese(my: str) -> Any:
        m = CommentedMap()
        m["my"] = my
        m["status"] = "draft"
        return m

    doc = CommentedMap()
    doc["format"] = 1
    doc["translation_status"] = "draft"
    org = CommentedMap()
    org["name"] = text("Institute for Strategy and Policy - Myanmar")
    org["website"] = "https://www.ISPMyanmar.com"
    doc["organisation"] = org
    event = CommentedMap()
    event["series"] = text("30 Minutes with the ISP")
    event["title"] = text(title)
    event["date"] = date
    doc["event"] = event
    event.yaml_add_eol_comment("TODO: check the series, title and date", "series")
    seq = CommentedSeq()
    for person_id, name in people:
        person = CommentedMap()
        person["id"] = person_id
        person["name"] = burmese(name) if _MY_LETTER.search(name) else text(name)
        person["role"] = "speaker"
        seq.append(person)
    doc["people"] = seq
    if seq:
        seq[0].yaml_add_eol_comment("TODO: roles (host, lead_panelist, co_panelist), names in Burmese", "role")
    doc["programme"] = CommentedSeq(turn_item(t) for t in turns)
    if qa is not None and qa.items:
        doc["qa"] = CommentedSeq(qa_item(item, language) for item in qa.items)
    burmese_only = any(t.language == "my" for t in turns)
    doc.yaml_set_start_comment(
        "Imported by `isp-recap import` from " + ", ".join(sources) + ".\n"
        "Check the TODO fields, the speakers' roles and names, and add the "
        + ("English translation (en:) of the Burmese transcript." if burmese_only else "Burmese text (my:).")
    )
    return doc
