"""Zawgyi-encoded Burmese: detection (myanmartools) and conversion to Unicode (myanmar/icu_backend.py:
paraencoder's rules, measured equal to ICU's `Zawgyi-my` transliterator)."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

#: Probability above which text is treated as Zawgyi.
ZAWGYI_THRESHOLD = 0.95
#: A word scoring below this is clearly Unicode.
UNICODE_BELOW = 0.05
#: The share of clearly Unicode words a field typed in Zawgyi may still have.
UNICODE_SHARE = 0.15


@lru_cache(maxsize=1)
def _detector() -> Any:
    from myanmartools import ZawgyiDetector

    return ZawgyiDetector()


def zawgyi_probability(text: str) -> float:
    """Probability (0..1) that `text` is Zawgyi-encoded; 0.0 for text without Burmese letters."""
    p = float(_detector().get_zawgyi_probability(text))
    return 0.0 if math.isinf(p) or math.isnan(p) else p


def is_zawgyi(text: str) -> bool:
    """True when `text` is most likely Zawgyi-encoded."""
    return zawgyi_probability(text) >= ZAWGYI_THRESHOLD


def zawgyi_to_unicode(text: str) -> str:
    """Convert Zawgyi-encoded text to Unicode Burmese (the text ICU's `Zawgyi-my` transliterator gives)."""
    from .icu_backend import zawgyi_to_unicode as convert

    return convert(text)


@dataclass(frozen=True)
class ZawgyiSpan:
    """A stretch of a text typed in Zawgyi: offsets `start`..`end` and the detector's probability."""

    start: int
    end: int
    probability: float


_WORD = re.compile(r"[\u1000-\u109f]+")
# Signs a Zawgyi word leaves when read as Unicode: the virama used as asat (not before a consonant),
# Zawgyi's private stacked and positional forms (U+1060-U+1097 outside Mon, Shan and Karen use).
_ZAWGYI_TRACE = re.compile(r"\u1039(?![\u1000-\u1021])|[\u1060-\u1097]")
# A cheap screen before the detector runs: a trace, Zawgyi's tall u (U+1033/U+1034), or ေ / ျ typed
# before their consonant (in Unicode they always follow a consonant or medial). Unicode text almost
# never passes it, so a memo's Unicode fields cost no detector call at all.
_SCREEN = re.compile(r"\u1039(?![\u1000-\u1021])|[\u1060-\u1097\u1033\u1034]"
                     r"|(?:^|(?<=[^\u1000-\u1021\u103b-\u103e\u1039]))[\u1031\u103b]")


def zawgyi_spans(text: str) -> list[ZawgyiSpan]:
    """The Zawgyi stretches of `text`, found word by word (a Zawgyi phrase pasted into Unicode text).

    The detector judges each Burmese word alone. Short Unicode words score high now and then
    (measured: 4 of the sample's 1,925 words above 0.95), so a word counts only if it also shows a
    trace no Unicode word has: a dotted circle when shaped, the virama used as asat, a Zawgyi-only
    form. Zawgyi words make one span with the words between them that read the same in both
    encodings (a field typed all in Zawgyi is one span); a Unicode word ends the span.
    """
    from .shaping import malformed_syllables

    words = list(_WORD.finditer(text))
    if not any(_SCREEN.search(m.group()) for m in words):
        return []  # the common case: nothing Zawgyi could have typed
    scores = [zawgyi_probability(m.group()) for m in words]
    traced = [p >= ZAWGYI_THRESHOLD and bool(_ZAWGYI_TRACE.search(m.group()) or malformed_syllables(m.group()))
              for m, p in zip(words, scores, strict=True)]
    whole = zawgyi_probability(text) if words else 0.0
    if not any(traced) and whole < ZAWGYI_THRESHOLD:
        return []  # the common case, decided without loading the converter
    # A field typed all in Zawgyi: the whole is Zawgyi and few words look clearly Unicode (measured on
    # the sample converted to Zawgyi: up to an eighth of a field's words do; a pasted phrase leaves more).
    unicode_words = sum(1 for m, p in zip(words, scores, strict=True)
                        if p < UNICODE_BELOW and zawgyi_to_unicode(m.group()) != m.group())
    if whole >= ZAWGYI_THRESHOLD and unicode_words <= UNICODE_SHARE * len(words):
        return [ZawgyiSpan(words[0].start(), words[-1].end(), whole)]
    spans: list[ZawgyiSpan] = []
    open_span = False  # may the last span still grow?
    for m, p, certain in zip(words, scores, traced, strict=True):
        if certain:
            if open_span:
                last = spans[-1]
                spans[-1] = ZawgyiSpan(last.start, m.end(), max(last.probability, p))
            else:
                spans.append(ZawgyiSpan(m.start(), m.end(), p))
            open_span = True
        elif zawgyi_to_unicode(m.group()) == m.group():
            continue  # reads the same in both encodings: neither starts nor ends a span
        elif p >= ZAWGYI_THRESHOLD and open_span:  # Zawgyi by its letters, without a certain trace
            last = spans[-1]
            spans[-1] = ZawgyiSpan(last.start, m.end(), last.probability)
        else:
            open_span = False  # a Unicode word that conversion would garble: the span ends before it
    return spans


def convert_spans(text: str, spans: list[ZawgyiSpan]) -> str:
    """`text` with just the Zawgyi `spans` converted to Unicode (the rest is left as it is)."""
    out, last = [], 0
    for s in spans:
        out += [text[last:s.start], zawgyi_to_unicode(text[s.start:s.end])]
        last = s.end
    return "".join(out) + text[last:]
