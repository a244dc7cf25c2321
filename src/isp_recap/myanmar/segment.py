"""Line-break opportunities in Burmese text, from ICU's dictionary-based line break iterator
(through myanmar/icu_backend.py).

Burmese has no spaces between words and Pango offers no break inside it, so the renderer inserts
a zero-width break at each opportunity found here. The source text itself is never changed.
"""

from __future__ import annotations

import itertools
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

from .script import ASAT, VIRAMA, has_myanmar
from .script import CHARS as _MYANMAR_CHARS

if TYPE_CHECKING:
    from .protect import Protector

@lru_cache(maxsize=65536)
def break_opportunities(text: str) -> tuple[int, ...]:
    """Offsets (in code points) where a line may break inside Myanmar text and nowhere else.

    Offsets where the text already has whitespace are left out: the layout engine breaks there anyway.
    """
    if not has_myanmar(text):
        return ()
    from .icu_backend import line_boundaries

    n = len(text)
    # A plain loop with set look-ups: this runs for every break of every Burmese paragraph (measured:
    # the per-character regex and offset-map version was half the cost of building a Burmese Document).
    result = []
    for i in line_boundaries(text):
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


#: A stretch without any break longer than this (code points) gets its glued spaces released and, if
#: still too long, syllable-boundary breaks, so a long name or an unknown word breaks at a syllable
#: instead of running out of its box. 30 is under half the narrowest body line (a bilingual column at
#: 9.5 pt holds about 70); the builder passes less for display type (cover title, headings).
LONG_STRETCH = 30
#: Protected spans up to this long that contain a written space keep that space unbroken too
#: (`၁၆ နာရီ`, `ဒေါ်လာ ၃.၆`); longer ones (a long organisation name) still break at their spaces.
NOWRAP_MAX = 24
#: A break inside a phrase leaves at least this many syllables at the phrase's start and end
#: (no particle or half-word alone at the start or end of a line: `ဂ|ဘျင်`, `ကို` alone).
MIN_EDGE_SYLLABLES = 2


@dataclass(frozen=True)
class LineBreaks:
    """Where a line may break in a text (`breaks`), where a written space must not (`glue`: the offset
    right after such a space, where a writer puts U+2060 WORD JOINER), and the protected spans."""

    breaks: tuple[int, ...] = ()
    glue: tuple[int, ...] = ()
    protected: tuple[tuple[int, int], ...] = ()


def phrase_breaks(text: str, protector: Protector | None = None, long_stretch: int = LONG_STRETCH) -> LineBreaks:
    """Phrase-aware break opportunities in Burmese text (docs/burmese-line-breaking.md).

    Written spaces are the preferred breaks (the layout engine breaks there anyway); inside a phrase,
    ICU's word boundaries that leave two syllables or more on each side; never inside a protected
    span, except at syllable boundaries where a span or stretch is longer than `long_stretch`.
    """
    if not has_myanmar(text):
        return LineBreaks()
    from .protect import Protector, merge
    from .syllables import syllable_starts

    words = break_opportunities(text)
    pieces = (protector or Protector.of(())).pieces(text, words)
    protected = merge(pieces)
    inside = _inside(protected)
    edge = _edge_ok(text)
    chosen = {b for b in words if not inside(b) and edge(b)}
    glued = {i for s, e in pieces if e - s <= NOWRAP_MAX for i in range(s, e) if text[i].isspace()}
    spaces = [i for i, c in enumerate(text) if c.isspace()]
    # A stretch too long for a narrow line: release its glued spaces, then break it at syllables
    # (outside protected spans short enough to fit).
    for a, b in _stretches(text, chosen, spaces, glued, long_stretch):
        glued -= set(range(a, b))
    short_inside = _inside([(s, e) for s, e in protected if e - s <= long_stretch])
    for a, b in _stretches(text, chosen, spaces, glued, long_stretch):
        starts = [a + i for i in syllable_starts(text[a:b])]
        chosen |= {i for i in starts[1:-1] if not short_inside(i) and _keeps_cluster(text, i)}
    return LineBreaks(tuple(sorted(chosen)), tuple(sorted(i + 1 for i in glued)), tuple(protected))


def _stretches(text: str, breaks: set[int], spaces: list[int], glued: set[int],
               longer_than: int) -> list[tuple[int, int]]:
    """The stretches between break opportunities longer than `longer_than`."""
    stops = sorted({0, len(text), *breaks, *(i for i in spaces if i not in glued), *(i + 1 for i in spaces
                                                                                      if i not in glued)})
    return [(a, b) for a, b in itertools.pairwise(stops) if b - a > longer_than]


def _inside(spans: list[tuple[int, int]]) -> Callable[[int], bool]:
    return lambda i: any(s < i < e for s, e in spans)


def _edge_ok(text: str) -> Callable[[int], bool]:
    from .syllables import count_syllables

    def ok(i: int) -> bool:
        start = i
        while start > 0 and not text[start - 1].isspace():
            start -= 1
        end = i
        while end < len(text) and not text[end].isspace():
            end += 1
        return (count_syllables(text[start:i]) >= MIN_EDGE_SYLLABLES
                and count_syllables(_without_punctuation(text[i:end])) >= MIN_EDGE_SYLLABLES)
    return ok


def _without_punctuation(text: str) -> str:
    return text.rstrip("။၊၏၍၌.,;:!?\"'”’)")
