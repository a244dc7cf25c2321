"""Shaping lint: Burmese syllables the shaper cannot form, found before anyone looks at a PDF.

When characters are stored in an order no syllable can have (ေ typed before its consonant, a vowel
sign after a space, medials out of order), HarfBuzz draws a dotted circle (U+25CC) in place of the
missing base. Shaping the text with the font the memo ships (Noto Sans Myanmar) finds every such
place, with its offset in the text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from ..resources import render_data
from .script import CHAR_CLASS

FONT = "NotoSansMyanmar-Regular.ttf"
DOTTED_CIRCLE = 0x25CC

_RUN = re.compile(f"[{CHAR_CLASS}\u200c\u200d\u25cc]+")
_MARK = re.compile(r"([\u102b-\u103e\u1056-\u1059\u105e-\u1060\u1062-\u1064\u1067-\u106d\u1071-\u1074"
                   r"\u1082-\u108d\u108f\u109a-\u109d])\1")


@dataclass(frozen=True)
class Malformed:
    """A place in the text that would not shape as a syllable."""

    offset: int
    cluster: str
    reason: str
    #: True when HarfBuzz draws a dotted circle here (False for a mark merely typed twice).
    dotted_circle: bool = True


@lru_cache(maxsize=1)
def _font() -> tuple[Any, int]:
    import uharfbuzz as hb

    blob = hb.Blob.from_file_path(str(render_data("fonts", FONT)))
    font = hb.Font(hb.Face(blob))
    circle = font.get_nominal_glyph(DOTTED_CIRCLE)
    if circle is None:  # the check would silently find nothing with a font lacking the glyph
        raise RuntimeError(f"{FONT} has no dotted circle glyph; the shaping lint cannot work")
    return font, int(circle)


def malformed_syllables(text: str) -> list[Malformed]:
    """Places in `text` where HarfBuzz inserts a dotted circle, and marks typed twice in a row."""
    import uharfbuzz as hb

    font, circle = _font()
    found: list[Malformed] = []
    for run in _RUN.finditer(text):
        chunk = run.group()
        buf = hb.Buffer()
        buf.add_str(chunk)
        buf.direction = "ltr"
        buf.script = "Mymr"
        buf.language = "my"
        hb.shape(font, buf, {})
        # Clusters are code point offsets into the chunk (add_str feeds UTF-32 indices).
        starts = sorted({info.cluster for info in buf.glyph_infos})
        for info in buf.glyph_infos:
            if info.codepoint != circle or chunk[info.cluster] == "\u25cc":
                continue
            end = next((s for s in starts if s > info.cluster), len(chunk))
            found.append(Malformed(run.start() + info.cluster, chunk[info.cluster:end],
                                   "the shaper draws a dotted circle: a mark without the letter it belongs to, "
                                   "or characters in the wrong order"))
    for m in _MARK.finditer(text):
        found.append(Malformed(m.start(), m.group(), f"the mark {m.group(1)} (U+{ord(m.group(1)):04X}) is typed twice",
                               dotted_circle=False))
    unique = {(f.offset, f.reason): f for f in found}
    return sorted(unique.values(), key=lambda f: f.offset)
