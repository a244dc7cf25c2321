"""Inline markup of text fields: the one markdown-it configuration and the one escaper.

A text field may hold `**strong**`, `*emphasis*`, `[links](https://...)` and backslash escapes,
nothing else: raw HTML is off (so `<img ...>` stays literal text), as are images, code spans and
autolinks. The model validates fields with this parser, the builder turns them into runs with it,
and the translation checks read their words through it.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

#: The characters that mean something in a text field and are escaped to stand for themselves.
MARKUP_CHARACTERS = "\\*_[]"
_MARKUP = re.compile("([" + re.escape(MARKUP_CHARACTERS) + "])")
_ESCAPED = re.compile(r"\\([" + re.escape(MARKUP_CHARACTERS) + "])")


@lru_cache(maxsize=1)
def inline_parser() -> Any:
    """The markdown-it parser of text fields (call `.parseInline(text)`)."""
    from markdown_it import MarkdownIt

    md = MarkdownIt("zero").enable(["emphasis", "link", "escape"])
    # Accept every link target while parsing, so that the model can name a bad one instead of
    # markdown-it silently leaving it as text. Writers only ever see validated targets.
    md.validateLink = lambda url: True  # type: ignore[method-assign]
    return md


def escape_markup(text: str) -> str:
    """Plain text made safe for a text field: `*`, `_`, `[`, `]` and `\\` are backslash-escaped."""
    return _MARKUP.sub(r"\\\1", text)


def unescape_markup(text: str) -> str:
    """The inverse of `escape_markup`."""
    return _ESCAPED.sub(r"\1", text)
