"""Reading memo text for checks: plain text without markup, links, URLs and e-mail addresses."""

from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache

from ..markup import inline_parser
from ..myanmar.script import LITTLE_SECTION, SECTION

URL = re.compile(r"\b(?:https?://|www\.)[^\s<>\"'()\[\]]+", re.IGNORECASE)
EMAIL = re.compile(r"\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b")
_TRAILING = ".,;:!?)]}'\"\u2019\u201d" + LITTLE_SECTION + SECTION


@lru_cache(maxsize=4096)
def _tokens(text: str) -> tuple[tuple[str, str], ...]:
    out: list[tuple[str, str]] = []
    for token in inline_parser().parseInline(text):
        for child in token.children or []:
            if child.type == "text":
                out.append(("text", child.content))
            elif child.type == "softbreak":
                out.append(("text", "\n"))
            elif child.type == "link_open":
                out.append(("link", str(child.attrGet("href") or "")))
            elif child.type in ("strong_open", "em_open"):
                out.append((child.type.removesuffix("_open"), ""))
    return tuple(out)


def plain(text: str) -> str:
    """`text` as a reader sees it: markup removed, link text kept, link targets dropped."""
    return "".join(content for kind, content in _tokens(text) if kind == "text")


def link_targets(text: str) -> list[str]:
    """The targets of `[text](target)` links."""
    return [content for kind, content in _tokens(text) if kind == "link"]


def markup_counts(text: str) -> Counter[str]:
    """How many strong, emphasis and link spans `text` has."""
    return Counter(kind for kind, _ in _tokens(text) if kind != "text")


def _normal_url(url: str) -> str:
    url = url.rstrip(_TRAILING)
    if url.lower().startswith("mailto:"):
        return url[7:].lower()
    m = re.match(r"(?i)^(https?://)?([^/?#]+)(.*)$", url)
    if not m:
        return url
    scheme = (m.group(1) or "").lower()
    return scheme + m.group(2).lower() + m.group(3).rstrip("/")


def addresses(text: str) -> Counter[str]:
    """URLs and e-mail addresses in `text` (in links and in running text), normalised for comparing."""
    found: Counter[str] = Counter()
    for target in link_targets(text):
        found[_normal_url(target)] += 1
    visible = plain(text)
    for m in URL.finditer(visible):
        found[_normal_url(m.group())] += 1
    for m in EMAIL.finditer(URL.sub(" ", visible)):
        found[m.group().lower()] += 1
    # A link whose text is its own address counts once.
    return Counter(dict.fromkeys(found, 1))


def without_addresses(text: str) -> str:
    """Plain text with URLs and e-mail addresses blanked out (for number and word checks)."""
    visible = plain(text)
    visible = URL.sub(lambda m: " " * len(m.group()), visible)
    return EMAIL.sub(lambda m: " " * len(m.group()), visible)
