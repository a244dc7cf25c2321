"""Latin words in Burmese text: which may stay (acronyms, names, allowed terms) and which look untranslated."""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator

from ..textutil import without_addresses
from .base import Context, Finding, Item

_LATIN_WORD = re.compile(r"[A-Za-z][A-Za-z0-9]*(?:['\u2019.&-][A-Za-z0-9]+)*\.?")
_ACRONYM = re.compile(r"^(?:[A-Z][A-Z0-9&]*(?:\.[A-Z0-9]+)*\.?|[A-Z](?:\.[A-Z])+\.?)(?:['\u2019]?s)?$")
_PARENS = re.compile(r"\([^()]*\)")
#: Names kept in Latin in every memo: the institute's series and common platforms.
BUILTIN_ALLOW = frozenset({"ISP", "Data", "Matters", "Mapping", "Gabyin", "Facebook", "YouTube", "Zoom",
                           "Telegram", "Signal", "WhatsApp"})


def is_acronym(word: str) -> bool:
    """KIA, U.S., NUG, PDFs, COVID-19, a single capital (Zone A); not Mining or chat."""
    parts = [p for p in word.split("-") if p]
    if len(parts) > 1:
        return all(p.isdigit() or is_acronym(p) for p in parts)
    letters = [c for c in word if c.isalpha()]
    return bool(_ACRONYM.match(word)) and sum(c.isupper() for c in letters) >= min(2, len(letters))


def _proper_nouns(english: str) -> set[str]:
    """Capitalised words in the middle of an English sentence (after a lower-case word): names."""
    found = set()
    words = re.findall(r"[A-Za-z][\w'\u2019-]*|[.!?:;]", english)
    for before, word in itertools.pairwise(words):
        if word[0].isupper() and before[0].islower():
            found.add(word.rstrip("'\u2019s") if word.endswith(("'s", "\u2019s")) else word)
    return found


def _allowed(word: str, ctx: Context, names: set[str]) -> bool:
    whole = word.removesuffix("'s").removesuffix("\u2019s")
    if whole.casefold() in ctx.allow or whole in names:  # a hyphenated term allowed as a whole ("mini-grid")
        return True
    parts = [p for p in re.split(r"[-&/]", word) if p]
    return all(
        is_acronym(p) or p.isdigit() or p.casefold() in ctx.allow or p in names or p.rstrip(".") in names
        or p.removesuffix("'s").removesuffix("\u2019s") in names
        for p in parts
    )


def latin_words_allowed(text: str, ctx: Context, names_from: str | None) -> bool:
    """True if every Latin word of `text` may stay in Latin in Burmese text."""
    names = set(ctx.names) | (_proper_nouns(names_from) if names_from else set())
    return all(_allowed(m.group().rstrip("."), ctx, names) or is_acronym(m.group())
               for m in _LATIN_WORD.finditer(text))


def untranslated_latin(item: Item, ctx: Context) -> Iterator[Finding]:
    """Latin words left in the Burmese that are neither acronyms, names nor allowed terms."""
    assert item.my is not None and item.en is not None
    if item.my.strip() == item.en.strip():
        return  # reported as `identical`
    text = without_addresses(item.my)
    # An English gloss in brackets after the Burmese term is a convention: "(heavy rare earths)".
    text = _PARENS.sub(lambda m: " " * len(m.group()), text)
    names = set(ctx.names) | _proper_nouns(without_addresses(item.en))
    for phrase in ctx.allow:
        if " " in phrase:  # allowed phrases ("chat box") are blanked out before looking at words
            text = re.sub(re.escape(phrase), lambda m: " " * len(m.group()), text, flags=re.IGNORECASE)
    left = []
    previous_end, previous_name = -1, False
    for m in _LATIN_WORD.finditer(text):
        word = m.group()
        ok = is_acronym(word) or _allowed(word.rstrip("."), ctx, names)
        # A capitalised word right after a name continues it ("Google Earth", "Chiang Mai").
        if not ok and previous_name and word[0].isupper() and not text[previous_end:m.start()].strip():
            ok = True
        previous_end, previous_name = m.end(), ok and word[0].isupper()
        shown = word if is_acronym(word) else word.rstrip(".")
        if not ok and shown not in left:
            left.append(shown)
    if left:
        shown = ", ".join(left[:8]) + (", ..." if len(left) > 8 else "")
        yield Finding(f"Latin words left untranslated in the Burmese: {shown}",
                      hint="translate them; names and terms that stay in English go in `allow:` in glossary.yaml")
