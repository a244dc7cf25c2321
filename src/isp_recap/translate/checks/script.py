"""Checks on the Burmese script itself: Zawgyi encoding, malformed syllables, digit/letter look-alikes."""

from __future__ import annotations

from collections.abc import Iterator

from ...myanmar.script import has_myanmar
from ...myanmar.zawgyi import ZawgyiSpan
from .base import Context, Finding, Item


def _spans(text: str, ctx: Context) -> list[ZawgyiSpan]:
    key = "zawgyi:" + text
    if key not in ctx.cache:
        from ...myanmar.zawgyi import zawgyi_spans

        ctx.cache[key] = zawgyi_spans(text) if has_myanmar(text) else []
    spans: list[ZawgyiSpan] = ctx.cache[key]  # type: ignore[assignment]
    return spans


def _is_zawgyi(text: str, ctx: Context) -> bool:
    return bool(_spans(text, ctx))


def is_zawgyi_item(item: Item, ctx: Context) -> bool:
    """True if the item's Burmese is Zawgyi-encoded (cached per text)."""
    return item.my is not None and _is_zawgyi(item.my, ctx)


def zawgyi(item: Item, ctx: Context) -> Iterator[Finding]:
    """The Burmese, or a stretch of it, is Zawgyi-encoded (it displays right only with a Zawgyi font)."""
    assert item.my is not None
    spans = _spans(item.my, ctx)
    if spans:
        from ...myanmar.zawgyi import convert_spans

        fixed = convert_spans(item.my, spans)  # every span of the value at once: one replacement
        for span in spans:
            yield Finding(zawgyi_message(item.my, span),
                          hint="run `isp-recap check --fix` to convert it to Unicode", fix=fixed,
                          offset=None if whole_value(item.my, span) else span.start)


def whole_value(text: str, span: ZawgyiSpan) -> bool:
    """True if the Zawgyi span is all the Burmese of the value (then the value itself is pointed at)."""
    from ...myanmar.zawgyi import zawgyi_spans

    return zawgyi_spans(text) == [span] and not has_myanmar(text[:span.start] + text[span.end:])


def zawgyi_message(text: str, span: ZawgyiSpan) -> str:
    """What a Zawgyi finding says: the whole value, or which stretch of it."""
    if whole_value(text, span):
        return f"the Burmese is Zawgyi-encoded (probability {span.probability:.2f}), not Unicode"
    shown = text[span.start:span.end]
    shown = shown if len(shown) <= 40 else shown[:39] + "\u2026"
    return (f"characters {span.start + 1}-{span.end} (\u201c{shown}\u201d) are Zawgyi-encoded "
            f"(probability {span.probability:.2f}) inside Unicode text")


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
