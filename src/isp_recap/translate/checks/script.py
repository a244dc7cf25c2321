"""Checks on the Burmese script itself: Zawgyi encoding, malformed syllables, digit/letter look-alikes."""

from __future__ import annotations

from collections.abc import Iterator

from ...myanmar.script import has_myanmar
from .base import Context, Finding, Item


def _is_zawgyi(text: str, ctx: Context) -> bool:
    key = "zawgyi:" + text
    if key not in ctx.cache:
        from ...myanmar.zawgyi import is_zawgyi

        ctx.cache[key] = has_myanmar(text) and is_zawgyi(text)
    return bool(ctx.cache[key])


def is_zawgyi_item(item: Item, ctx: Context) -> bool:
    """True if the item's Burmese is Zawgyi-encoded (cached per text)."""
    return item.my is not None and _is_zawgyi(item.my, ctx)


def zawgyi(item: Item, ctx: Context) -> Iterator[Finding]:
    """The Burmese is Zawgyi-encoded (it displays right only with a Zawgyi font)."""
    assert item.my is not None
    if _is_zawgyi(item.my, ctx):
        from ...myanmar.zawgyi import zawgyi_probability, zawgyi_to_unicode

        yield Finding(f"the Burmese is Zawgyi-encoded (probability {zawgyi_probability(item.my):.2f}), "
                      "not Unicode", hint="run `isp-recap check --fix` to convert it with ICU's Zawgyi-my",
                      fix=zawgyi_to_unicode(item.my))


def malformed_syllable(item: Item, ctx: Context) -> Iterator[Finding]:
    """Syllables the shaper cannot form: the PDF would show a dotted circle."""
    assert item.my is not None
    if not has_myanmar(item.my) or _is_zawgyi(item.my, ctx):
        return  # Zawgyi text is reported (and fixed) as a whole
    from ...myanmar.shaping import malformed_syllables

    for bad in malformed_syllables(item.my):
        codes = " ".join(f"U+{ord(c):04X}" for c in bad.cluster)
        context = item.my[max(0, bad.offset - 6):bad.offset + len(bad.cluster) + 6].strip()
        yield Finding(f"malformed syllable at character {bad.offset + 1} ({codes}, in \u201c{context}\u201d): "
                      f"{bad.reason}", hint="retype the syllable in Unicode order: consonant, medials, vowel, "
                      "tone (for example ေ after its consonant)")


def lookalike(item: Item, ctx: Context) -> Iterator[Finding]:
    """Digits typed for letters inside Burmese words (၀ for ဝ, ၇ for ရ) and letters for digits."""
    assert item.my is not None
    if not has_myanmar(item.my) or _is_zawgyi(item.my, ctx):
        return
    from ...myanmar.lookalikes import find_lookalikes

    for found in find_lookalikes(item.my):
        yield Finding(f"at character {found.offset + 1}: {found.describe()}",
                      severity="error" if found.certainty == "certain" else "warning",
                      hint=f"retype it as {found.should_be}")
