"""Figures that differ between the languages, compared by value across numeral systems.

`3.6` ≡ `၃.၆`, `290,000` ≡ `၂၉၀,၀၀၀` ≡ `၂၉၀၀၀၀`, `66%` ≡ `၆၆ ရာခိုင်နှုန်း`. A figure given with a scale
word may be written with another one in the other language (`3.6 billion` and `၃၆၀ ကုဋေ`, `290,000`
and `၂.၉ သိန်း`), so each figure is compared as written and multiplied by its scale word. English number
words (`two`, `first`) may stand for a Burmese figure.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterator
from dataclasses import dataclass

from ...myanmar.digits import NUMBER, to_latin_digits
from ...myanmar.lookalikes import DIGITS, find_lookalikes
from ..textutil import without_addresses
from .base import Context, Finding, Item

_EN_SCALE = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12, "bn": 1e9, "mn": 1e6}
_MY_SCALE = {"ထောင်": 1e3, "သောင်း": 1e4, "သိန်း": 1e5, "သန်း": 1e6, "ကုဋေ": 1e7, "ကုဋ": 1e7,
             "မီလီယံ": 1e6, "ဘီလီယံ": 1e9, "ထရီလီယံ": 1e12}
_EN_WORDS = {w: float(i) for i, w in enumerate(
    ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve"])}
_EN_WORDS.update({w: float(i) for i, w in enumerate(
    ["zeroth", "first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth"]) if i})
_EN_WORDS.update({"twenty": 20.0, "thirty": 30.0, "fifty": 50.0, "hundred": 100.0, "dozen": 12.0,
                  "half": 0.5, "twice": 2.0, "double": 2.0, "fivefold": 5.0, "tenfold": 10.0})


@dataclass(frozen=True)
class Figure:
    """A number as written, and the values it may stand for."""

    text: str
    values: frozenset[float]


def _scale_after(text: str, end: int, scales: dict[str, float]) -> float | None:
    rest = text[end:end + 16].lstrip(" \u00a0\u200b")
    for word, factor in scales.items():
        if rest.lower().startswith(word):
            return factor
    return None


def _scale_before(text: str, start: int, scales: dict[str, float]) -> float | None:
    before = text[max(0, start - 16):start].rstrip(" \u00a0\u200b")
    for word, factor in scales.items():
        if before.endswith(word):  # Burmese puts the unit first: "ကျပ်သိန်း ၂၀"
            return factor
    return None


def figures(text: str, lang: str) -> list[Figure]:
    """The figures in memo text (markup, URLs and e-mail addresses left out)."""
    visible = without_addresses(text)
    scales = _EN_SCALE if lang == "en" else _MY_SCALE
    # Digits typed for letters (၀ for ဝ) are words, not figures; `lookalike` reports them.
    letters = {f.offset for f in find_lookalikes(visible) if f.char in DIGITS} if lang == "my" else set()
    out = []
    for m in NUMBER.finditer(visible):
        raw = m.group()
        if letters.intersection(range(m.start(), m.end())):
            continue
        value = float(to_latin_digits(raw).replace(",", ""))
        values = {value}
        for factor in (_scale_after(visible, m.end(), scales),
                       _scale_before(visible, m.start(), scales) if lang == "my" else None):
            if factor:
                values.add(value * factor)
        out.append(Figure(raw, frozenset(values)))
    return out


def _same(a: float, b: float) -> bool:
    return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-12)


def _match(left: list[Figure], right: list[Figure]) -> tuple[list[Figure], list[Figure]]:
    """Pair figures of equal value (a bipartite matching); return those left without a partner."""
    partner: dict[int, int] = {}

    def fits(i: int, j: int) -> bool:
        return any(_same(a, b) for a in left[i].values for b in right[j].values)

    def augment(i: int, seen: set[int]) -> bool:
        for j in range(len(right)):
            if j in seen or not fits(i, j):
                continue
            seen.add(j)
            if j not in partner or augment(partner[j], seen):
                partner[j] = i
                return True
        return False

    matched = {i for i in range(len(left)) if augment(i, set())}
    return ([f for i, f in enumerate(left) if i not in matched],
            [f for j, f in enumerate(right) if j not in partner])


def number_mismatch(item: Item, ctx: Context) -> Iterator[Finding]:
    """Figures in one language with no figure of the same value in the other."""
    assert item.my is not None and item.en is not None
    en, my = figures(item.en, "en"), figures(item.my, "my")
    if not en and not my:
        return
    only_en, only_my = _match(en, my)
    if only_my:
        # A Burmese figure may render an English number word ("two issues" -> "ပြဿနာ ၂ ရပ်").
        words = [Figure(w, frozenset({_EN_WORDS[w.lower()]}))
                 for w in re.findall(r"[A-Za-z]+", without_addresses(item.en)) if w.lower() in _EN_WORDS]
        _unused, only_my = _match(words, only_my)
    if not only_en and not only_my:
        return
    parts = []
    if only_en:
        parts.append("the English has " + ", ".join(f.text for f in only_en))
    if only_my:
        parts.append("the Burmese has " + ", ".join(f.text for f in only_my))
    yield Finding("figures differ: " + " but ".join(parts) + (" with no match in the other language"
                                                               if len(parts) == 1 else ""),
                  hint="check the figure against the source; Myanmar and Latin digits are compared by value")
