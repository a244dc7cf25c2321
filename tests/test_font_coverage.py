"""Every character the memo prints has a glyph in the fonts the package ships (no silent fallback)."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from fontTools.ttLib import TTFont

from isp_recap import load_event
from isp_recap.model.walk import iter_texts
from isp_recap.resources import locales_dir, render_data

SAMPLE = Path(__file__).resolve().parent.parent / "samples" / "rare-earths-2025" / "event.yaml"
# Characters that never need a glyph: spaces and format controls are laid out, not drawn.
INVISIBLE = {" ", "\n", "\u200b", "\u200c", "\u200d"}


@lru_cache(maxsize=1)
def covered() -> set[int]:
    codes: set[int] = set()
    for name in ("NotoSans-Regular.ttf", "NotoSansMyanmar-Regular.ttf"):
        codes |= set(TTFont(render_data("fonts", name)).getBestCmap())
    return codes


def _uncovered(text: str) -> set[str]:
    return {c for c in text if c not in INVISIBLE and ord(c) not in covered()}


def test_sample_text_is_covered() -> None:
    memo = load_event(SAMPLE)
    missing: set[str] = set()
    for ref in iter_texts(memo):
        missing |= _uncovered(ref.text.en) | _uncovered(ref.text.my or "")
    assert not missing, sorted(f"U+{ord(c):04X}" for c in missing)


def test_catalog_labels_are_covered() -> None:
    missing: set[str] = set()
    for po in locales_dir().glob("*/LC_MESSAGES/*.po"):
        for line in po.read_text(encoding="utf-8").splitlines():
            if line.startswith(("msgid", "msgstr")):
                missing |= _uncovered(line.split(" ", 1)[1].strip('"'))
    assert not missing, sorted(f"U+{ord(c):04X}" for c in missing)
