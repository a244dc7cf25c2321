"""Rolling captions (YouTube and Facebook auto-captions) merged so that each word appears once.

Auto-captions roll: every cue shows the line of the cue before it again, with the new words below
(YouTube adds a 10 ms cue in between that shows only the finished line), or grows word by word
("hello", "hello everyone", ...). Imported as they are, every sentence would appear two or three
times. A cue repeats the cue before it when its first lines are that cue's last lines, or when its
words start with all of that cue's words; the repeated words are dropped, and the cue starts at its
first new word, with the time of that word's first appearance (its inline timestamp, if any).

Only a file that rolls is merged: one where such repeats are common (a fifth of its cues or more).
A subtitle file that happens to show the same line twice ("Thank you." twice) keeps it.
"""

from __future__ import annotations

import itertools
from dataclasses import replace

from .cues import Cue

#: A cue continues the one before it only if it starts at most this long after that one ends (ms).
MAX_GAP_MS = 1000


def _words(cue: Cue) -> list[tuple[str, int]]:
    if cue.words:
        return list(cue.words)
    start = cue.start or 0
    return [(w, start) for w in cue.text.split()]


def _lines(cue: Cue) -> tuple[str, ...]:
    return cue.lines or (cue.text,)


def _continues(prev: Cue, cue: Cue) -> bool:
    return (cue.speaker in (None, prev.speaker) and prev.end is not None and cue.start is not None
            and prev.start is not None and prev.start <= cue.start <= prev.end + MAX_GAP_MS)


def repeated_words(prev: Cue, cue: Cue) -> int:
    """How many of the cue's first words repeat the previous cue (0: none)."""
    if not _continues(prev, cue):
        return 0
    mine, theirs = _lines(cue), _lines(prev)
    for k in range(1, min(len(mine), len(theirs)) + 1):
        # The smallest overlap: a cue carries the previous cue's last line(s) over, not more.
        if mine[:k] == theirs[-k:]:
            return sum(len(line.split()) for line in mine[:k])
    prev_words = [w for w, _ in _words(prev)]
    cue_words = [w for w, _ in _words(cue)]
    if prev_words and cue_words[:len(prev_words)] == prev_words:
        return len(prev_words)
    return 0


def is_rolling(cues: list[Cue]) -> bool:
    """True when the cues roll: many of them repeat the cue before them."""
    repeats = sum(1 for a, b in itertools.pairwise(cues) if repeated_words(a, b))
    return repeats >= 1 and repeats * 5 >= len(cues)


def merge_rolling(cues: list[Cue]) -> tuple[list[Cue], int]:
    """The cues with rolling repeats removed (if the file rolls), and how many cues were left out whole."""
    if len(cues) < 2 or not is_rolling(cues):
        return cues, 0
    out: list[Cue] = []
    dropped = 0
    prev: Cue | None = None
    for cue in cues:
        n = repeated_words(prev, cue) if prev is not None else 0
        prev = cue  # compare with the cue as shown, not as merged
        if not n:
            out.append(cue)
            continue
        new = _words(cue)[n:]
        if not new:
            dropped += 1
            continue
        lines = _lines(cue)
        while lines and n >= len(lines[0].split()):
            n -= len(lines[0].split())
            lines = lines[1:]
        out.append(replace(cue, text=" ".join(w for w, _ in new), start=new[0][1], words=tuple(new),
                           lines=lines))
    return out, dropped
