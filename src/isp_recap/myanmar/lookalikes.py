"""Myanmar digits typed for look-alike letters (၀ for ဝ, ၇ for ရ, ၄ for ၎) and the reverse.

They look the same on screen but break search, sorting, line breaking and text-to-speech, and some
fonts draw them differently. The rules only fire where the context makes the mistake certain
(a digit carrying a vowel sign) or near-certain (a lone ၀ glued to a Burmese word).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

DIGITS = "၀၁၂၃၄၅၆၇၈၉"
#: Digit -> the letter it is mistaken for.
LOOKALIKE_LETTER = {"၀": "ဝ", "၇": "ရ", "၄": "၎"}
LOOKALIKE_DIGIT = {"ဝ": "၀", "ရ": "၇"}

# Dependent marks: vowel signs, medials, asat, tones, anusvara, dot below, virama (Myanmar block and
# the Shan/Mon/Karen extensions). No digit ever carries one.
_MARK = re.compile(r"[\u102b-\u103e\u1056-\u1059\u105e-\u1060\u1062-\u1064\u1067-\u106d\u1071-\u1074"
                   r"\u1082-\u108d\u108f\u109a-\u109d]")
_LETTER = re.compile(r"[\u1000-\u102a\u103f\u1050-\u1055\u105a-\u105d\u1061\u1065\u1066\u106e-\u1070"
                     r"\u1075-\u1081\u108e]")
_WORD = re.compile(r"[\u1000-\u109f]+")


@dataclass(frozen=True)
class Lookalike:
    """One suspicious character: where, what it is, what it probably should be, and how sure we are."""

    offset: int
    char: str
    should_be: str
    word: str
    certainty: Literal["certain", "likely"]

    def describe(self) -> str:
        """A sentence for a report."""
        kind = "digit" if self.char in DIGITS else "letter"
        other = "letter" if kind == "digit" else "digit"
        return (f"the {kind} {self.char} (U+{ord(self.char):04X}) in \u201c{self.word}\u201d looks like the "
                f"{other} {self.should_be} (U+{ord(self.should_be):04X}) it should probably be")


def _is_mark(ch: str) -> bool:
    return bool(_MARK.match(ch))


def _is_letter(ch: str) -> bool:
    return bool(_LETTER.match(ch))


def _word_at(text: str, i: int) -> str:
    for m in _WORD.finditer(text):
        if m.start() <= i < m.end():
            return m.group()
    return text[i]


def find_lookalikes(text: str) -> list[Lookalike]:
    """Digits used as letters and letters used as digits in Burmese `text`."""
    found: list[Lookalike] = []
    n = len(text)
    for i, ch in enumerate(text):
        # "\0" stands for "no character": unlike "", it is not `in` every string.
        prev = text[i - 1] if i else "\0"
        nxt = text[i + 1] if i + 1 < n else "\0"
        if ch in DIGITS:
            lone = prev not in DIGITS + ",." and nxt not in DIGITS + ",."
            if _is_mark(nxt) or prev == "\u1039":
                should = LOOKALIKE_LETTER.get(ch, "?")
                if should != "?":
                    found.append(Lookalike(i, ch, should, _word_at(text, i), "certain"))
            elif ch == "၄" and text.startswith("င်း", i + 1):
                found.append(Lookalike(i, ch, "၎", _word_at(text, i), "certain"))
            elif ch == "၀" and lone and (_is_letter(nxt) or _is_letter(prev) or _is_mark(prev)):
                found.append(Lookalike(i, ch, "ဝ", _word_at(text, i), "certain"))
            elif ch == "၇" and lone and (_is_letter(prev) or _is_mark(prev)) and _is_letter(nxt):
                found.append(Lookalike(i, ch, "ရ", _word_at(text, i), "likely"))
        elif ch in LOOKALIKE_DIGIT:
            before, after = prev in DIGITS, nxt in DIGITS
            if (before and after) or ((before or after) and not _is_mark(nxt) and not _is_letter(nxt)
                                      and not (after and (_is_letter(prev) or _is_mark(prev)))):
                found.append(Lookalike(i, ch, LOOKALIKE_DIGIT[ch], _word_at(text, i), "certain"))
    return found
