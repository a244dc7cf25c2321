"""Checks on one text at a time: missing, identical, punctuation, brackets, addresses, markup."""

from __future__ import annotations

import re
from collections.abc import Iterator

from ...myanmar.script import SECTION, has_myanmar
from ..textutil import addresses, markup_counts, plain
from .base import Context, Finding, Item
from .words import latin_words_allowed


def missing(item: Item, ctx: Context) -> Iterator[Finding]:
    """The Burmese is missing or blank; or the text is in Burmese only (no English yet)."""
    if item.my is None:
        yield Finding(f"{item.ref.id} has no Burmese translation (my:)",
                      hint="add a my: value, or export the event for the translators "
                           "(isp-recap translate export)")
    elif item.en is None:
        yield Finding(f"{item.ref.id} has no English translation (en:); it is in Burmese only", lang="en",
                      hint="add an en: value, or export the Burmese-only texts for the translators "
                           "(isp-recap translate export --to en)")


def identical(item: Item, ctx: Context) -> Iterator[Finding]:
    """The Burmese is the English, unchanged (names and acronyms on the allow-list excepted)."""
    assert item.my is not None and item.en is not None
    if item.my.strip() != item.en.strip() or not re.search(r"[A-Za-z]", item.en):
        return
    if latin_words_allowed(plain(item.en), ctx, names_from=None):
        return
    yield Finding("the Burmese is the same as the English", hint="translate it; if it is a name that stays "
                  "in English, add its words to `allow:` in glossary.yaml")


_CLOSERS = "\"'\u2019\u201d\u00bb)]}*_ \t\n"
_SENTENCE_END = ".!?"
_MY_END = SECTION + "?!\u2026"  # ။ ? ! …


def end_punctuation(item: Item, ctx: Context) -> Iterator[Finding]:
    """A sentence ends with `.` in English but the Burmese has no `။`, or ends with a Latin `.`."""
    assert item.my is not None and item.en is not None
    en = plain(item.en).rstrip(_CLOSERS)
    my = plain(item.my).rstrip(_CLOSERS)
    if not en or not my or not has_myanmar(my):
        return
    if my.endswith(".") and not my.endswith("...") and len(my) > 1 and has_myanmar(my[-2]):
        yield Finding("the Burmese ends with a Latin full stop '.'", hint="Burmese sentences end with ။ (U+104B)",
                      fix=None)
        return
    if en[-1] in _SENTENCE_END and not en.endswith("...") and my[-1] not in _MY_END + ".":
        yield Finding(f"the English ends a sentence with {en[-1]!r} but the Burmese does not end with ။",
                      hint="end the Burmese sentence with ။ (U+104B)")


_PAIRS = {"(": ")", "[": "]", "{": "}", "\u201c": "\u201d", "\u00ab": "\u00bb", "\u300c": "\u300d"}
_CLOSE = {v: k for k, v in _PAIRS.items()}


def _balance(text: str) -> str | None:
    stack: list[str] = []
    for ch in text:
        if ch in _PAIRS:
            stack.append(ch)
        elif ch in _CLOSE:
            if not stack or stack[-1] != _CLOSE[ch]:
                return f"{ch!r} closes nothing"
            stack.pop()
    if stack:
        return f"{stack[-1]!r} is never closed"
    if text.count('"') % 2:
        return "a straight double quote '\"' is never closed"
    return None


def unbalanced(item: Item, ctx: Context) -> Iterator[Finding]:
    """Brackets and quotes that do not pair up, in either language."""
    for lang, value in (("en", item.en), ("my", item.my)):
        if value is None:
            continue
        problem = _balance(plain(value))
        if problem:
            name = "English" if lang == "en" else "Burmese"
            yield Finding(f"unbalanced brackets or quotes in the {name}: {problem}", lang=lang,  # type: ignore[arg-type]
                          hint="add the missing bracket or quote, or remove the stray one")


def url_mismatch(item: Item, ctx: Context) -> Iterator[Finding]:
    """Web and e-mail addresses that are not the same in both languages."""
    assert item.my is not None and item.en is not None
    en, my = addresses(item.en), addresses(item.my)
    lost = sorted(set(en) - set(my))
    added = sorted(set(my) - set(en))
    if lost or added:
        parts = []
        if lost:
            parts.append("missing in the Burmese: " + ", ".join(lost))
        if added:
            parts.append("only in the Burmese: " + ", ".join(added))
        yield Finding("addresses differ between the languages (" + "; ".join(parts) + ")",
                      hint="copy the addresses exactly from the English")


def markup_mismatch(item: Item, ctx: Context) -> Iterator[Finding]:
    """Bold, emphasis or links present in one language and not the other."""
    assert item.my is not None and item.en is not None
    en, my = markup_counts(item.en), markup_counts(item.my)
    if en != my:
        names = {"strong": "bold (**...**)", "em": "emphasis (*...*)", "link": "links ([...](...))"}
        diffs = [f"{names[k]}: {en[k]} in English, {my[k]} in Burmese" for k in names if en[k] != my[k]]
        yield Finding("markup differs: " + "; ".join(diffs),
                      hint="keep the English markup around the corresponding Burmese words")
