"""Which links a memo may carry: the one definition, for the model and the writers alike."""

from __future__ import annotations

import re

#: Link schemes an author may write in a text field (the model refuses others).
AUTHOR_SCHEMES = ("http://", "https://", "mailto:")
#: What a memo may link to: the author's links and the telephone link the builder makes for the
#: contact block.
LINK_SCHEMES = (*AUTHOR_SCHEMES, "tel:")


_TEL = re.compile(r"^tel:\+?[0-9]+(?:-[0-9]+)*$")
_PHONE = re.compile(r"^[0-9 ()+-]*[0-9][0-9 ()+-]*$")


def tel_link(phone: str) -> str | None:
    """The `tel:` link of a phone number as people write it (digits, spaces, +, -, parentheses), or None
    if it is anything else (the model refuses those; `javascript:alert(1)` must never become a link)."""
    if not _PHONE.match(phone):
        return None
    digits = "".join(c for c in phone if c.isdigit())
    return f"tel:{'+' if phone.lstrip(' (').startswith('+') else ''}{digits}"


def safe_link(href: str | None) -> str | None:
    """`href` if it uses a scheme of `LINK_SCHEMES` and holds no whitespace or control character, else None.

    The builder only puts such links in a Document; writers call this again as defence in depth.
    """
    if not href or not href.lower().startswith(LINK_SCHEMES):
        return None
    if any(c.isspace() or ord(c) < 0x20 or ord(c) == 0x7F for c in href):
        return None
    if href.lower().startswith("tel:") and not _TEL.match(href):
        return None
    return href
