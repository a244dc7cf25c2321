"""Zawgyi-encoded Burmese: detection (myanmartools) and conversion to Unicode (ICU)."""

from __future__ import annotations

import math
from functools import lru_cache
from typing import Any

#: Probability above which text is treated as Zawgyi.
ZAWGYI_THRESHOLD = 0.95


@lru_cache(maxsize=1)
def _detector() -> Any:
    from myanmartools import ZawgyiDetector

    return ZawgyiDetector()


@lru_cache(maxsize=1)
def _converter() -> Any:
    import icu

    return icu.Transliterator.createInstance("Zawgyi-my")


def zawgyi_probability(text: str) -> float:
    """Probability (0..1) that `text` is Zawgyi-encoded; 0.0 for text without Burmese letters."""
    p = float(_detector().get_zawgyi_probability(text))
    return 0.0 if math.isinf(p) or math.isnan(p) else p


def is_zawgyi(text: str) -> bool:
    """True when `text` is most likely Zawgyi-encoded."""
    return zawgyi_probability(text) >= ZAWGYI_THRESHOLD


def zawgyi_to_unicode(text: str) -> str:
    """Convert Zawgyi-encoded text to Unicode Burmese with ICU's `Zawgyi-my` transliterator."""
    return str(_converter().transliterate(text))
