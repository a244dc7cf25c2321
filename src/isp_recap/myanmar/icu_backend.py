"""The one place that talks to the Unicode libraries behind Burmese text: line breaks and Zawgyi conversion.

- Line-break boundaries come from ICU's dictionary-based line break iterator for `my`, through
  `icu4py` (ICU 78 inside; wheels for Linux, Windows and macOS, nothing compiles at install time).
- Zawgyi-to-Unicode conversion is `paraencoder`'s ordered rules (pure Python). icu4py has no
  transliterator; measured against ICU's own `Zawgyi-my` transliterator (PyICU, ICU 78) it gives the
  same text for every sentence measured (docs/platforms.md: 529/529 sentences of the corpus and the
  sample, 17/17 Zawgyi lines of myanmartools' compatibility table; tests/test_zawgyi_backend.py).
- Detection stays with Google's `myanmartools` (myanmar/zawgyi.py).

Both libraries are imported on first use: a command that never meets Burmese never loads them.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache
from typing import Any

#: The modules behind this file, for the batch builder's preload before it forks workers.
MODULES = ("icu4py.breakers", "para.convert")

_SURROGATE = re.compile("[\ud800-\udfff]")


def line_boundaries(text: str) -> Iterator[int]:
    """Offsets (in code points, ascending, ending at len(text)) after each segment ICU's Burmese line
    break iterator finds in `text`: the places a line may break, before any rule of ours is applied."""
    from icu4py.breakers import LineBreaker

    try:
        segments = iter(LineBreaker(text, _locale()))
    except UnicodeEncodeError:
        # A lone surrogate cannot reach ICU (icu4py passes UTF-8); U+FFFD has the same length in code
        # points, so the offsets still index the original text.
        segments = iter(LineBreaker(_SURROGATE.sub("\ufffd", text), _locale()))
    # icu4py's segments() reports UTF-16 offsets; the segment strings themselves count code points.
    offset = 0
    for segment in segments:
        offset += len(segment)
        yield offset


@lru_cache(maxsize=1)
def _locale() -> Any:
    from icu4py.locale import Locale

    return Locale("my")


def zawgyi_to_unicode(text: str) -> str:
    """`text` read as Zawgyi, written as Unicode Burmese (what ICU's `Zawgyi-my` transliterator gives).

    Always converts (whether `text` is Zawgyi is the detector's call, not this function's): Unicode
    Burmese passed here comes back reordered, as it would from ICU.
    """
    from para.convert import zg_to_unicode

    return str(zg_to_unicode(text, force=True, normalize=False))


def icu_version() -> str:
    """The ICU version inside the line-breaking binding (for reports and benchmarks)."""
    import icu4py

    return str(icu4py.icu_version)


def preload() -> None:
    """Import the libraries now (before a fork), not on the first Burmese text."""
    import importlib

    for name in MODULES:
        importlib.import_module(name)
