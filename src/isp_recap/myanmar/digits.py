"""Myanmar digits (၀–၉) and reading numbers written in either numeral system."""

from __future__ import annotations

import re

_TO_MY = str.maketrans("0123456789", "၀၁၂၃၄၅၆၇၈၉")
_TO_LATIN = str.maketrans("၀၁၂၃၄၅၆၇၈၉", "0123456789")


def to_myanmar_digits(text: str) -> str:
    """Replace Latin digits by Myanmar digits (Babel's `my` locale formats with Latin digits)."""
    return text.translate(_TO_MY)


def to_latin_digits(text: str) -> str:
    """Replace Myanmar digits by Latin digits."""
    return text.translate(_TO_LATIN)


# A number in either numeral system: optional thousands separators, optional decimals.
NUMBER = re.compile(r"(?<![\d၀-၉])[\d၀-၉]{1,3}(?:,[\d၀-၉]{3})+(?:\.[\d၀-၉]+)?|[\d၀-၉]+(?:\.[\d၀-၉]+)?")


def numbers_in(text: str) -> list[float]:
    """The numeric values written in `text`, in order, whatever the numeral system.

    `290,000`, `၂၉၀,၀၀၀` and `၂၉၀၀၀၀` all read as 290000.0; `3.6` and `၃.၆` as 3.6.
    """
    return [float(to_latin_digits(m.group()).replace(",", "")) for m in NUMBER.finditer(text)]
