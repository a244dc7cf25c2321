"""Protected spans: stretches of Burmese a line must not break inside.

Two sources (docs/burmese-line-breaking.md gives the reasons and the references):

* what the event knows — people's names, the series and the organisation, glossary renderings,
  the glossary's `keep_together:` list and the shipped list of Myanmar place names
  (`myanmar/data/places.txt`), matched literally, longest first;
* rules — a number with the unit or counter word that follows it (`၁၆ နာရီ`, `၅၀ ရာခိုင်နှုန်း`)
  or the currency or measure that precedes it (`ဒေါ်လာ ၃.၆`), the negative particle မ with its
  verb and, when it is `မ…ဘူး` / `မ…ပါ`, the closing particle, and a sentence-final particle
  with the word before it (`ဖြစ်သည်။`, never `သည်။` alone on a line).

`Protector.spans(text, words)` returns merged `(start, end)` offsets; `words` are the word
boundaries (ICU's) that the rules for verbs and final particles extend to.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from ..resources import PACKAGE
from .syllables import syllable_starts

#: Counter and unit words that follow a number (matched longest first).
UNITS_AFTER = (
    "ခုနှစ်", "ခု", "ဦး", "ယောက်", "ကြိမ်မြောက်", "ကြိမ်", "နာရီ", "မိနစ်", "စက္ကန့်", "ရက်နေ့", "ရက်", "ပတ်",
    "လက်မ", "လ", "နှစ်", "ရာခိုင်နှုန်း", "ကျပ်", "ဒေါ်လာ", "ယွမ်", "ဘတ်", "တန်ချိန်", "တန်", "ကီလိုဂရမ်", "ကီလိုမီတာ",
    "ကီလို", "မိုင်", "ဧက", "ပေ", "မီတာ", "ဆ", "သိန်း", "သန်း", "ကုဋေ", "ဘီလီယံ", "သောင်း", "ထောင်", "ရာ",
    "အိမ်ထောင်စု", "စု", "အိမ်", "ရွာ", "မြို့နယ်", "မြို့", "စခန်း", "အုပ်", "စောင်", "ချက်", "မျိုး", "ဖွဲ့", "လုံး",
    "ကောင်", "စင်း", "စီး", "လက်", "ဒီဂရီ", "ရုံ",
)
#: Currencies and measures written before their number.
UNITS_BEFORE = ("အမေရိကန်ဒေါ်လာ", "ဒေါ်လာ", "ကျပ်", "ယွမ်", "ဘတ်", "တန်ချိန်", "အမှတ်", "အကြိမ်မြောက်")
#: Words that follow a number (and its unit) and belong to it: "more than", "nearly", "about".
QUANTIFIERS = ("ကျော်", "နီးပါး", "ခန့်", "လောက်")
#: Sentence-final (and question) particles; `ပါ` may precede them.
FINAL_PARTICLES = ("သနည်း", "နည်း", "သည်", "မည်", "ပြီ", "တယ်", "မယ်", "ဘူး", "ပါ", "လား", "လဲ", "နော်", "ပေ",
                   "ရဲ့", "ပေါ့", "ကွယ်")
#: Particles that close a negative: မ…ဘူး, မ…ပါ (and မ…နဲ့ "don't", မ…မီ "before").
NEGATIVE_CLOSERS = ("ပါဘူး", "ဘူး", "ပါ", "နဲ့", "မီ")
#: Auxiliaries that stay with a negated verb (မထိန်းနိုင်, မဖတ်ရသေး, မလုပ်နိုင်တော့).
NEGATIVE_AUXILIARIES = ("နိုင်", "ရ", "ချင်", "တတ်", "တော့", "သေး", "ကြ", "ဖူး", "လာ", "သွား")
#: How many syllables after the verb a closing particle may come (မရှိတော့ဘူး: two).
NEGATIVE_REACH = 4

_MARK = "\u102b-\u103e\u1056-\u1059\u105e-\u1060\u1062-\u1064\u1067-\u106d\u1071-\u1074\u1082-\u108d"
_END = rf"(?![{_MARK}])"  # a word ends at a syllable boundary, not before a mark
_NUMBER = r"[၀-၉0-9](?:[၀-၉0-9,.]*[၀-၉0-9])?"


def _alternation(words: Iterable[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))


_NUMBER_UNIT = re.compile(
    rf"{_NUMBER}(?:\s?(?:{_alternation(UNITS_AFTER)}){_END})?(?:\s?(?:{_alternation(QUANTIFIERS)}){_END})?")
_UNIT_NUMBER = re.compile(rf"(?:{_alternation(UNITS_BEFORE)})\s?{_NUMBER}")
_FINAL = re.compile(rf"(?:ပါ)?(?:{_alternation(FINAL_PARTICLES)}){_END}[^\S\n]*[။၊?!]")
# A bare syllable မ (no vowel, medial, final or stacked consonant) is the negative particle.
_NEGATIVE = re.compile(rf"(?<![\u1039{_MARK}\u1000-\u1021])မ(?=[\u1000-\u1021](?![\u103a\u1039]))")
_CLOSER = re.compile(rf"(?:{_alternation(NEGATIVE_CLOSERS)}){_END}")
_AUXILIARY = re.compile(rf"(?:{_alternation(NEGATIVE_AUXILIARIES)}){_END}")
_SPACE = re.compile(r"\s")
_BURMESE = re.compile(r"[\u1000-\u109f]")


@lru_cache(maxsize=1)
def shipped_places() -> tuple[str, ...]:
    """The Myanmar place names shipped with the package (a developers' draft list)."""
    lines = (PACKAGE / "myanmar" / "data" / "places.txt").read_text(encoding="utf-8").splitlines()
    return tuple(s for line in lines if (s := line.split("#", 1)[0].strip()))


@dataclass(frozen=True)
class Protector:
    """Finds the protected spans of a text: known names and terms, and the rules."""

    terms: tuple[str, ...] = ()

    @classmethod
    def of(cls, names: Iterable[str], *, places: bool = True) -> Protector:
        """A protector for `names` (people, series, organisation, glossary), plus the shipped places."""
        found = {n.strip() for n in names if n and n.strip() and _BURMESE.search(n)}
        if places:
            found.update(shipped_places())
        return cls(tuple(sorted(found, key=len, reverse=True)))

    def spans(self, text: str, words: Sequence[int] = ()) -> list[tuple[int, int]]:
        """Merged `(start, end)` offsets of every protected span in `text`."""
        return merge(self.pieces(text, words))

    def pieces(self, text: str, words: Sequence[int] = ()) -> list[tuple[int, int]]:
        """Every protected span found, unmerged (a name, a number with its unit, ...), sorted."""
        found: list[tuple[int, int]] = []
        pattern = _terms_pattern(self.terms)
        if pattern is not None:
            found += [m.span() for m in pattern.finditer(text)]
        # Two pieces, not one, so that each may keep its space (`ဒေါ်လာ ၃.၆` + `၃.၆ ဘီလီယံ`).
        found += [m.span() for m in _UNIT_NUMBER.finditer(text)]
        for m in _NUMBER_UNIT.finditer(text):
            if not re.fullmatch(_NUMBER, m.group()):  # a bare number protects nothing
                found.append(m.span())
        found += _negatives(text, words)
        found += _finals(text, words)
        return sorted(found)


@lru_cache(maxsize=64)
def _terms_pattern(terms: tuple[str, ...]) -> re.Pattern[str] | None:
    if not terms:
        return None
    # Spaces inside a name match any run of spaces; a name ends at a syllable boundary.
    alternatives = (r"\s+".join(re.escape(p) for p in t.split()) for t in terms)
    return re.compile(rf"(?:{'|'.join(alternatives)}){_END}")


def _phrase_end(text: str, i: int) -> int:
    m = _SPACE.search(text, i)
    return m.start() if m else len(text)


def _phrase_start(text: str, i: int) -> int:
    j = i
    while j > 0 and not text[j - 1].isspace():
        j -= 1
    return j


def _negatives(text: str, words: Sequence[int]) -> list[tuple[int, int]]:
    out = []
    for m in _NEGATIVE.finditer(text):
        start = m.start()
        end_of_phrase = _phrase_end(text, start)
        syllables = syllable_starts(text[start:end_of_phrase])
        if not syllables:
            continue
        # The verb: the syllable after မ, continued to the next word boundary.
        verb_start = start + syllables[0]
        end = min(next((w for w in words if w > verb_start), end_of_phrase), end_of_phrase)
        while (aux := _AUXILIARY.match(text, end)) and aux.end() <= end_of_phrase:
            end = aux.end()
        # A closing particle within reach belongs to the negative (မရှိတော့ဘူး, မဟုတ်ပါ).
        for s in syllables[1:NEGATIVE_REACH + 1]:
            closer = _CLOSER.match(text, start + s)
            if closer and closer.end() <= end_of_phrase:
                end = max(end, closer.end())
                break
        out.append((start, end))
    return out


def _finals(text: str, words: Sequence[int]) -> list[tuple[int, int]]:
    out = []
    for m in _FINAL.finditer(text):
        start = m.start()
        if start == 0 or text[start - 1].isspace():
            continue  # the particle is a phrase of its own: the space before it is a fine break
        phrase_start = _phrase_start(text, start)
        before = [w for w in words if phrase_start < w < start]
        out.append((before[-1] if before else phrase_start, m.end()))
    return out


def merge(spans: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    """Overlapping spans merged into one, sorted; empty ones dropped."""
    out: list[tuple[int, int]] = []
    for s, e in sorted(spans):
        if e <= s:
            continue
        if out and s < out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], e))
        else:
            out.append((s, e))
    return out
