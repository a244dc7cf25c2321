"""Which characters are Myanmar script: the one module that knows the code points.

Everything else asks here: the builder (which script each run of a Document is in), the line breaker,
the translation checks and the transcript readers. Writers never test a character range; they read
`Run.script`, which the builder set from `script_chunks`.
"""

from __future__ import annotations

import re
from typing import Literal

#: The Unicode blocks of the Myanmar script: Myanmar, Myanmar Extended-A, Myanmar Extended-B.
BLOCKS = ((0x1000, 0x109F), (0xAA60, 0xAA7F), (0xA9E0, 0xA9FF))
#: The same blocks as the inside of a regular-expression character class.
CHAR_CLASS = "".join(f"{chr(lo)}-{chr(hi)}" for lo, hi in BLOCKS)
#: Every Myanmar-script character (for a set look-up in tight loops).
CHARS = frozenset(chr(c) for lo, hi in BLOCKS for c in range(lo, hi + 1))

#: Burmese punctuation: ၊ (little section, a comma) and ။ (section, a full stop).
LITTLE_SECTION = "\u104a"
SECTION = "\u104b"
#: The stacking sign (virama) that joins two consonants into one cluster.
VIRAMA = "\u1039"
#: The visible sign asat (killer), which with the virama writes a kinzi.
ASAT = "\u103a"

#: ISO 15924 codes of the two scripts a run can be in: Myanmar, or anything else (Latin letters,
#: digits, punctuation, which the Latin font draws: Noto Sans Myanmar has none of them).
Script = Literal["Mymr", "Latn"]

_RUN = re.compile(f"[{CHAR_CLASS}]+")
# Characters that belong to whichever stretch they sit in (spaces and joiners around Burmese words;
# U+200B so that a zero-width space a writer drops never splits a stretch).
_NEUTRAL = "".join(sorted({" ", "\u00a0", "\u200b", "\u200c", "\u200d", "\u2060", "\t"}))
# A Myanmar stretch takes the neutral characters after it; any other stretch runs up to the next
# Myanmar character (a neutral character at the start of the text starts an "other" stretch).
_CHUNK = re.compile(f"([{CHAR_CLASS}][{CHAR_CLASS}{_NEUTRAL}]*)|([^{CHAR_CLASS}]+)")


def is_myanmar(char: str) -> bool:
    """Whether `char` is in a Myanmar block (letters, signs, digits, punctuation ၊ ။)."""
    return char in CHARS


def has_myanmar(text: str) -> bool:
    """True if `text` contains any Myanmar-script character."""
    return _RUN.search(text) is not None


def myanmar_runs(text: str) -> list[str]:
    """The stretches of Myanmar-script characters in `text`, in order."""
    return _RUN.findall(text)


def script_chunks(text: str) -> list[tuple[str, Script]]:
    """`text` cut into stretches of Myanmar script and of everything else: ``[(chunk, script)]``.

    Noto Sans Myanmar has no Latin letters, digits or common punctuation (``. , ( ) " - — ·``), and
    LibreOffice draws such a "weak" character next to Burmese with the complex-script font: it fell
    back to DejaVu Sans. So the other stretches are drawn with Noto Sans in every font slot.
    """
    # One regular expression instead of a loop over characters: this runs on every run of every
    # paragraph, and the loop was 40 % of writing a Burmese DOCX (bench/results.md).
    return [(m.group(), "Mymr" if m.lastindex == 1 else "Latn") for m in _CHUNK.finditer(text)]
