"""Bilingual subtitles: Burmese cues matched to English cues of the same video by time overlap.

Each Burmese cue goes to the English cue it overlaps most (the earlier one on a tie), and so to that
cue's paragraph. A Burmese cue that overlaps no English cue, and an English cue that no Burmese cue
overlaps, are reported as warnings with their lines; the paragraph keeps whatever did align.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field

from ..diagnostics import Diagnostic
from .cues import Cue, format_time
from .paragraphs import ImportedTurn

#: Most "does not align" warnings printed per file (a summary counts the rest).
MAX_REPORTED = 30


@dataclass
class Alignment:
    """Which Burmese cues (indices) each English cue (index) received, and what did not align."""

    pairs: dict[int, list[int]] = field(default_factory=dict)
    unaligned_my: list[int] = field(default_factory=list)
    unmatched_en: list[int] = field(default_factory=list)


def align(en: list[Cue], my: list[Cue]) -> Alignment:
    """Align Burmese cues to English cues by time overlap. Cues without times never align."""
    result = Alignment()
    timed = sorted((c.start, c.end, i) for i, c in enumerate(en) if c.start is not None and c.end is not None)
    starts = [start for start, _, _ in timed]
    longest = max((end - start for start, end, _ in timed), default=0)
    touched: set[int] = set()  # English cues some Burmese cue overlaps
    for j, cue in enumerate(my):
        if cue.start is None or cue.end is None:
            result.unaligned_my.append(j)
            continue
        lo = bisect.bisect_left(starts, cue.start - longest)
        hi = bisect.bisect_left(starts, cue.end)
        best, best_overlap = -1, 0
        for start, end, i in timed[lo:hi]:
            overlap = min(cue.end, end) - max(cue.start, start)
            if overlap > 0:
                touched.add(i)
            if overlap > best_overlap:
                best, best_overlap = i, overlap
        if best < 0:
            result.unaligned_my.append(j)
        else:
            result.pairs.setdefault(best, []).append(j)
    result.unmatched_en = [i for i in range(len(en)) if i not in touched]
    return result


def apply(turns: list[ImportedTurn], en: list[Cue], my: list[Cue], alignment: Alignment) -> None:
    """Set each paragraph's Burmese text from the Burmese cues its English cues received."""
    for turn in turns:
        for para in turn.paragraphs:
            mine = sorted({j for i in dict.fromkeys(para.cues) for j in alignment.pairs.get(i, [])})
            text = " ".join(my[j].text for j in mine if my[j].text)
            para.my = text or None


def report(en_path: str, my_path: str, en: list[Cue], my: list[Cue], alignment: Alignment) -> list[Diagnostic]:
    """Warnings for cues that did not align, in both files."""
    diags: list[Diagnostic] = []
    for path, cues, missing, other in ((my_path, my, alignment.unaligned_my, en_path),
                                       (en_path, en, alignment.unmatched_en, my_path)):
        for n in missing[:MAX_REPORTED]:
            cue = cues[n]
            when = f" ({format_time(cue.start)})" if cue.start is not None else ""
            diags.append(Diagnostic(path, cue.line, 1, "unaligned-cue",
                                    f"the cue{when} overlaps no cue of {other}: {_short(cue.text)!r}",
                                    "warning"))
        if len(missing) > MAX_REPORTED:
            diags.append(Diagnostic(path, 0, 0, "unaligned-cue",
                                    f"{len(missing)} cues in all do not align with {other}", "warning"))
    return diags


def _short(text: str) -> str:
    return text if len(text) <= 50 else text[:47] + "..."
