"""Bilingual text: the one type every human-readable field of an event uses."""

from __future__ import annotations

import re
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from ..links import AUTHOR_SCHEMES as SAFE_SCHEMES
from ..markup import inline_parser

#: How far the Burmese side of a text has come: a draft, reviewed by an editor, or approved for release.
Status = Literal["draft", "reviewed", "approved"]
Language = Literal["en", "my"]
LANGUAGES: tuple[Language, ...] = ("en", "my")

#: Longest text allowed in one field; a paragraph of a memo is far shorter.
MAX_TEXT = 20_000


class Strict(BaseModel):
    """Base of every model: strict types ('yes' is not a bool) and no unknown keys."""

    model_config = ConfigDict(strict=True, extra="forbid", frozen=True)


#: Where an inline link's target starts: markdown-it takes `[text](target)` only with `(` right after
#: `]`, then optional spaces and one line break, then the target (optionally in `<...>`).
_LINK_TARGETS = re.compile(r"\]\([ \t]*\n?[ \t]*<?")


def _targets_all_safe(value: str) -> bool:
    """True when every place a link target could start begins with an allowed scheme, literally.

    Then any link markdown-it would find is allowed too (decoding entities or escapes cannot change
    letters already written as themselves), and the parser need not run: it is the one import
    `validate` could otherwise skip (about 60 ms of a 0.4 s run). Anything else goes to the parser.
    """
    return all(value[m.end():m.end() + 8].lower().startswith(SAFE_SCHEMES) for m in _LINK_TARGETS.finditer(value))


def check_markup(value: str) -> str:
    """Validate inline markup in a text field; reject links with unsafe schemes."""
    if _targets_all_safe(value):
        return value
    for token in inline_parser().parseInline(value):
        for child in token.children or []:
            if child.type == "link_open":
                href = str(child.attrGet("href") or "")
                if not href.lower().startswith(SAFE_SCHEMES):
                    raise ValueError(
                        f"link target {href!r} is not allowed: use an http://, https:// or mailto: address"
                    )
    return value


class Text(Strict):
    """A human-readable field in English (`en`) and Burmese (`my`).

    English is the source and is required. Burmese may be missing while the translation is pending:
    `isp-recap check` reports it and a Burmese or release build refuses it.
    """

    en: str = Field(min_length=1, max_length=MAX_TEXT, description="English text (inline markup allowed)")
    my: str | None = Field(
        default=None, max_length=MAX_TEXT, description="Burmese text in Unicode (inline markup allowed)"
    )
    status: Status | None = Field(
        default=None, description="Translation status; defaults to the document's translation_status"
    )

    @field_validator("en", "my")
    @classmethod
    def _markup(cls, value: str | None) -> str | None:
        return None if value is None else check_markup(value)

    def get(self, language: Language) -> str | None:
        """The text in one language, or None when it is missing."""
        return self.en if language == "en" else self.my
