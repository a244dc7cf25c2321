"""Burmese syllable boundaries, by rule (no dictionary).

A syllable starts at a consonant that is not stacked under the previous one (not after the virama
U+1039) and is not itself killed or stacked (not followed by asat U+103A or the virama), at an
independent vowel, at a digit group and at punctuation. This is the rule of the widely used
`sylbreak` segmenter (Ye Kyaw Thu, 2016), restricted to Myanmar script. Syllable boundaries never
split a cluster, so a line broken at one never shapes with a dotted circle.
"""

from __future__ import annotations

import re

_CONSONANT = "\u1000-\u1021\u103f"  # က..အ and ဿ
_INDEPENDENT = "\u1023-\u102a\u104c-\u104f"  # ဣ..ဪ, ၌ ၍ ၎ ၏
_DIGIT = "\u1040-\u1049"
_PUNCT = "\u104a\u104b"
_START = re.compile(
    rf"(?<!\u1039)[{_CONSONANT}](?![\u103a\u1039])|[{_INDEPENDENT}{_PUNCT}]|(?<![{_DIGIT},.])[{_DIGIT}]")
_MYANMAR = re.compile(r"[\u1000-\u109f]")


def syllable_starts(text: str) -> tuple[int, ...]:
    """Offsets (0 < i < len) where a Burmese syllable begins, right after other Burmese text.

    Offsets next to whitespace or Latin text are left out: only Burmese-internal boundaries.
    """
    out = []
    for m in _START.finditer(text):
        i = m.start()
        if i > 0 and _MYANMAR.match(text[i - 1]):
            out.append(i)
    return tuple(out)


def count_syllables(text: str) -> int:
    """The number of syllables in `text` (a Latin word or number counts as one)."""
    n = len(syllable_starts(text))
    return n + 1 if text.strip() else 0
