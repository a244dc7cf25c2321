"""Bilingual text: the one type every human-readable field of an event uses."""

from __future__ import annotations

import re
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator
from pydantic_core import PydanticCustomError

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

    # defer_build: pydantic builds a model's validator on its first use instead of at class creation,
    # so a process that validates only whole events (validate, build) builds one validator, Memo's,
    # with the nested models inside it, rather than one per model class (about 15 ms of `validate`).
    model_config = ConfigDict(strict=True, extra="forbid", frozen=True, defer_build=True)


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


#: The error type of a text with neither language (the loader reports it at the text's key).
TEXT_EMPTY = "text_empty"


class Text(Strict):
    """A human-readable field in English (`en`) and Burmese (`my`).

    Either language may be the original; the other may be missing while its translation is
    pending. Most texts are written in English and translated into Burmese; a text that exists only
    in Burmese (a Burmese-only transcript, a quote) has no `en` until it is translated into English.
    `isp-recap check` reports a missing language and a build of an edition that prints it refuses it
    (`missing-translation`). A text needs at least one of the two.
    """

    model_config = ConfigDict(strict=True, extra="forbid", frozen=True, defer_build=True,
                              json_schema_extra={"anyOf": [{"required": ["en"]}, {"required": ["my"]}]})

    en: str | None = Field(
        default=None, min_length=1, max_length=MAX_TEXT,
        description="English text (inline markup allowed); missing while the English translation of a "
                    "Burmese original is pending",
    )
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

    @model_validator(mode="after")
    def _some_text(self) -> Text:
        if self.en is None and not (self.my and self.my.strip()):
            raise PydanticCustomError(TEXT_EMPTY, "needs en (English) or my (Burmese) text")
        return self

    def get(self, language: Language) -> str | None:
        """The text in one language, or None when it is missing."""
        return self.en if language == "en" else self.my

    @property
    def source_language(self) -> Language:
        """The language the text is translated from: English when there is English, else Burmese."""
        return "en" if self.en is not None else "my"

    @property
    def source(self) -> str:
        """The text in its source language (never missing)."""
        value = self.en if self.en is not None else self.my
        assert value is not None  # the validator requires one of the two
        return value

    def pick(self, language: Language) -> str:
        """The text in `language`, or in the other language when that one is missing."""
        return self.get(language) or self.source
