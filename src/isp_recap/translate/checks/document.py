"""Checks that look at the whole event: draft status, length ratios against the document's norm, glossary."""

from __future__ import annotations

import math
import statistics
from collections.abc import Iterator

from ..textutil import plain
from .base import Context, Finding, Item

#: Texts shorter than this (English characters) say too little about length ratios.
MIN_RATIO_LENGTH = 40
#: At least this many texts are needed to know the document's norm.
MIN_RATIO_TEXTS = 8
#: A ratio is "far outside" when it differs from the median by this factor (and by 4 robust deviations).
RATIO_FACTOR = 1.6


def drafts(items: list[Item], ctx: Context) -> Iterator[tuple[Item | None, Finding]]:
    """Texts whose translation is still a draft: one finding for the document's default, one per own status."""
    inherited = [i for i in items if i.status == "draft" and not i.explicit_status and i.my is not None]
    if inherited:
        yield None, Finding(f"{len(inherited)} of {len(items)} texts are draft translations "
                            "(translation_status: draft)", at=("translation_status",),
                            hint="set translation_status: reviewed once the translation is reviewed")
    for item in items:
        # (a Burmese-only text's draft is its missing English, reported as missing-translation)
        if item.status == "draft" and item.explicit_status and item.my is not None and item.en is not None:
            yield item, Finding("this translation is a draft (status: draft)", at=(*item.ref.loc, "status"),
                                hint="review it and set status: reviewed")


def ratios(items: list[Item]) -> dict[str, float]:
    """Burmese/English length ratio (characters of plain text) of each text long enough to say anything."""
    out = {}
    for item in items:
        if item.my is None or item.en is None:
            continue
        en, my = plain(item.en).strip(), plain(item.my).strip()
        if len(en) >= MIN_RATIO_LENGTH and my:
            out[item.ref.id] = len(my) / len(en)
    return out


def length_ratio(items: list[Item], ctx: Context) -> Iterator[tuple[Item | None, Finding]]:
    """Translations much longer or shorter than the document's usual Burmese/English ratio."""
    found = ratios(items)
    if len(found) < MIN_RATIO_TEXTS:
        return
    logs = {k: math.log(v) for k, v in found.items()}
    centre = statistics.median(logs.values())
    spread = 1.4826 * statistics.median(abs(v - centre) for v in logs.values())
    limit = max(math.log(RATIO_FACTOR), 4 * spread)
    norm = math.exp(centre)
    for item in items:
        x = logs.get(item.ref.id)
        if x is None or abs(x - centre) <= limit:
            continue
        longer = "longer" if x > centre else "shorter"
        yield item, Finding(f"the Burmese is {found[item.ref.id]:.2f} times the English length; the document's "
                            f"norm is {norm:.2f}, so it is much {longer} than usual",
                            hint="check for a missing or extra sentence, or text pasted twice")


def glossary(item: Item, ctx: Context) -> Iterator[Finding]:
    """English terms of the glossary whose required Burmese does not appear in the translation."""
    assert item.my is not None and item.en is not None
    english = plain(item.en)
    for term in ctx.glossary.terms:
        if term.pattern.search(english) and not term.followed_in(item.my):
            wanted = " or ".join(f"\u201c{r}\u201d" for r in term.my)
            yield Finding(f"glossary: \u201c{term.en}\u201d must be rendered as {wanted}",
                          hint=f"use the glossary's rendering ({ctx.glossary.path}:{term.line})")
