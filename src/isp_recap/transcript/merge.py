"""Imported turns into event YAML: appended to an existing event's programme, or a new skeleton.

Imported text is plain text, so the characters of the inline markup (`*`, `_`, `[`, `]`, `\\`) are
escaped: a subtitle can neither add emphasis nor a link. A turn already in the event (same speaker
and `at`, or without `at` the same speaker and English text) is skipped, so importing a file twice
changes nothing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from ..markup import escape_markup
from ..model import Memo, Turn
from .cues import format_time
from .paragraphs import ImportedTurn

_BEFORE_PROGRAMME = ("format", "translation_status", "organisation", "event", "publication", "people",
                     "concept_note")

TurnKey = tuple[str, str | None, tuple[str, ...]]


def turn_key(speaker: str, at: str | None, paragraphs: Iterable[str]) -> TurnKey:
    """What identifies a turn for re-import: speaker and `at`, or speaker and text without `at`."""
    return (speaker, at, () if at else tuple(paragraphs))


def existing_keys(memo: Memo) -> set[TurnKey]:
    """Keys of every turn in an event (programme, Q&A, closing: an editor may have moved it)."""
    turns: list[Turn] = [item.turn for item in memo.programme if item.turn]
    turns += [item.turn for item in memo.qa if item.turn]
    turns += list(memo.closing)
    return {turn_key(t.speaker, t.at, (p.en for p in t.paragraphs)) for t in turns}


def imported_key(turn: ImportedTurn) -> TurnKey:
    """The key an imported turn will have once written."""
    at = None if turn.at is None else format_time(turn.at)
    return turn_key(turn.speaker, at, (escape_markup(p.en) for p in turn.paragraphs))


def turn_item(turn: ImportedTurn) -> Any:
    """A programme item `{turn: {speaker, at, paragraphs}}` as a round-trip YAML mapping."""
    from ruamel.yaml.comments import CommentedMap, CommentedSeq
    from ruamel.yaml.scalarstring import DoubleQuotedScalarString as Quoted

    paragraphs = CommentedSeq()
    for para in turn.paragraphs:
        # Double-quoted, as in the bundled sample; long quoted lines also load faster than plain ones.
        text = CommentedMap()
        text["en"] = Quoted(escape_markup(para.en))
        if para.my:
            text["my"] = Quoted(escape_markup(para.my))
        paragraphs.append(text)
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


def skeleton(people: list[tuple[str, str]], turns: list[ImportedTurn], *, title: str, date: dt.date,
             sources: list[str]) -> Any:
    """A new event holding the imported turns, with placeholders marked for the editor."""
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    def text(en: str) -> Any:
        m = CommentedMap()
        m["en"] = en
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
        person["name"] = text(name)
        person["role"] = "speaker"
        seq.append(person)
    doc["people"] = seq
    if seq:
        seq[0].yaml_add_eol_comment("TODO: roles (host, lead_panelist, co_panelist), names in Burmese", "role")
    doc["programme"] = CommentedSeq(turn_item(t) for t in turns)
    doc.yaml_set_start_comment(
        "Imported by `isp-recap import` from " + ", ".join(sources) + ".\n"
        "Check the TODO fields, the speakers' roles and names, and add the Burmese text (my:)."
    )
    return doc
