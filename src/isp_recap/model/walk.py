"""Walking a Memo: every bilingual text with its path in the event file and what it belongs to."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from pydantic import BaseModel

from .event import Memo
from .text import Status, Text

Loc = tuple[str | int, ...]


@dataclass(frozen=True)
class TextRef:
    """A bilingual text found in a memo, its location (the YAML path) and a context for translators."""

    loc: Loc
    text: Text
    context: str

    @property
    def id(self) -> str:
        """A stable id: the dotted YAML path, like `programme.3.turn.paragraphs.0`."""
        return ".".join(str(p) for p in self.loc)


def iter_texts(memo: Memo) -> Iterator[TextRef]:
    """Every `Text` in document order, with its path and context (speaker, data card, question)."""
    yield from _walk(memo, (), "", memo)


def iter_texts_in(model: BaseModel, memo: Memo) -> Iterator[TextRef]:
    """Every `Text` inside one part of `memo` (a data card, say), with paths relative to it."""
    yield from _walk(model, (), "", memo)


def _context(model: BaseModel, loc: Loc, parent: str, memo: Memo) -> str:
    speaker = getattr(model, "speaker", None)
    if isinstance(speaker, str):
        try:
            return f"{memo.person(speaker).name.pick('en')} ({speaker})"
        except KeyError:
            return speaker
    if hasattr(model, "series") and hasattr(model, "number"):
        return f"data card {getattr(model, 'id', '')}"
    if hasattr(model, "source") and hasattr(model, "answers"):
        return f"question {getattr(model, 'id', '')} ({getattr(model, 'source', '')})"
    return parent or str(loc[0] if loc else "")


def _walk(model: BaseModel, loc: Loc, parent: str, memo: Memo) -> Iterator[TextRef]:
    context = _context(model, loc, parent, memo)
    for name in type(model).model_fields:
        value = getattr(model, name)
        here = (*loc, name)
        if isinstance(value, Text):
            yield TextRef(here, value, context)
        elif isinstance(value, BaseModel):
            yield from _walk(value, here, context, memo)
        elif isinstance(value, list):
            for i, item in enumerate(value):
                if isinstance(item, Text):
                    yield TextRef((*here, i), item, context)
                elif isinstance(item, BaseModel):
                    yield from _walk(item, (*here, i), context, memo)


def status_of(text: Text, memo: Memo) -> Status:
    """The translation status of a text: its own, or the document's default."""
    return text.status or memo.translation_status
