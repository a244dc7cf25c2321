"""Line-break opportunities in Burmese text, from ICU's dictionary-based line break iterator.

Burmese has no spaces between words and Pango offers no break inside it, so the renderer inserts
a zero-width break at each opportunity found here. The source text itself is never changed.
"""

from __future__ import annotations

import threading
import unicodedata
from functools import lru_cache
from typing import Any

from .script import ASAT, VIRAMA, has_myanmar
from .script import CHARS as _MYANMAR_CHARS

_local = threading.local()


def _iterator() -> Any:
    it = getattr(_local, "iterator", None)
    if it is None:
        import icu

        it = icu.BreakIterator.createLineInstance(icu.Locale("my"))
        _local.iterator = it
    return it


@lru_cache(maxsize=65536)
def break_opportunities(text: str) -> tuple[int, ...]:
    """Offsets (in code points) where a line may break inside Myanmar text and nowhere else.

    Offsets where the text already has whitespace are left out: the layout engine breaks there anyway.
    """
    if not has_myanmar(text):
        return ()
    import icu

    it = _iterator()
    it.setText(icu.UnicodeString(text))
    n = len(text)
    boundaries: Any = it
    if max(text) > "\uffff":
        # ICU reports UTF-16 offsets; with characters beyond the BMP they differ from Python's.
        utf16_to_index: dict[int, int] = {}
        pos16 = 0
        for index, ch in enumerate(text):
            utf16_to_index[pos16] = index
            pos16 += 2 if ord(ch) > 0xFFFF else 1
        boundaries = (utf16_to_index.get(b, -1) for b in it)
    # A plain loop with set look-ups: this runs for every break of every Burmese paragraph (measured:
    # the per-character regex and offset-map version was half the cost of building a Burmese Document).
    result = []
    for i in boundaries:
        if i <= 0 or i >= n:
            continue
        before, after = text[i - 1], text[i]
        if before.isspace() or after.isspace() or not _keeps_cluster(text, i):
            continue
        # Only inside or at the edge of Myanmar script: Latin words keep their own rules.
        if before in _MYANMAR_CHARS or after in _MYANMAR_CHARS:
            result.append(i)
    return tuple(result)


def _keeps_cluster(text: str, i: int) -> bool:
    """False where a break would split a syllable cluster and make the shaper draw U+25CC.

    ICU occasionally offers a break right after the stacking sign U+1039 or before a kinzi
    (measured: `စ|င်္|ကြံ` in the sample), and never should before a combining mark.
    """
    if text[i - 1] == VIRAMA or unicodedata.category(text[i])[0] == "M":
        return False
    # Kinzi (consonant, asat, virama: `င်္`) is drawn on the next consonant: no break before it.
    return text[i + 1:i + 3] != ASAT + VIRAMA


def insert_breaks(text: str, marker: str = "\u200b") -> str:
    """`text` with `marker` (default U+200B) at every Myanmar break opportunity."""
    offsets = break_opportunities(text)
    if not offsets:
        return text
    parts = []
    last = 0
    for i in offsets:
        parts.append(text[last:i])
        last = i
    parts.append(text[last:])
    return marker.join(parts)
