"""The glossary: English terms and the Burmese each must be rendered with, and words kept in Latin.

`glossary.yaml` sits beside the event (or is given with `--glossary`)::

    terms:                              # English term: required Burmese (or a list of accepted ones)
      rare earth: ရှားပါးမြေ
      Kachin Independence Army: [ကချင်လွတ်မြောက်ရေးတပ်မတော်, KIA]
    allow:                              # Latin words that may stay as they are in Burmese text
      - Gabyin
    keep_together:                      # Burmese a line must never break inside (names, places)
      - ဝိုင်းမော်မြို့နယ်

English terms match whole words, case-insensitively, with an optional plural `s`/`es`; the Burmese
must appear somewhere in the translation (spaces are ignored: Burmese spacing varies).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..diagnostics import Diagnostic, IspRecapError
from ..source.yaml_tree import parse_yaml

GLOSSARY_NAME = "glossary.yaml"
MAX_GLOSSARY_BYTES = 2 * 1024 * 1024
_SPACES = re.compile(r"[\s\u200b]+")


@dataclass(frozen=True)
class Term:
    """An English term and the Burmese renderings accepted for it."""

    en: str
    my: tuple[str, ...]
    line: int = 0

    @property
    def pattern(self) -> re.Pattern[str]:
        """Where the term occurs in English text."""
        words = r"\s+".join(re.escape(w) for w in self.en.split())
        return re.compile(rf"(?<![\w-]){words}(?:s|es)?(?![\w-])", re.IGNORECASE)

    def followed_in(self, burmese: str) -> bool:
        """True if `burmese` contains one of the accepted renderings."""
        squeezed = _SPACES.sub("", burmese)
        return any(_SPACES.sub("", r) in squeezed for r in self.my)


@dataclass(frozen=True)
class Glossary:
    """A loaded glossary (empty when there is none)."""

    path: str | None = None
    terms: tuple[Term, ...] = ()
    allow: frozenset[str] = field(default_factory=frozenset)
    keep_together: tuple[str, ...] = ()

    def protected_terms(self) -> tuple[str, ...]:
        """Burmese a line must not break inside: every term's renderings and the `keep_together:` list."""
        return (*(r for t in self.terms for r in t.my), *self.keep_together)


def find_glossary(event_path: str | Path, explicit: str | Path | None = None) -> Glossary:
    """The glossary given, else `glossary.yaml` beside the event, else an empty one."""
    if explicit is not None:
        return load_glossary(explicit)
    folder = Path(event_path).parent
    beside = folder / GLOSSARY_NAME
    # Anything by that name is read (and refused if it is a FIFO, a folder or a link out of the event
    # folder), rather than skipped: a glossary that is silently not applied is a check not run.
    if not (beside.exists() or beside.is_symlink()):
        return Glossary()
    return load_glossary(beside, root=folder)


def load_glossary(path: str | Path, root: str | Path | None = None) -> Glossary:
    """Read a glossary file (confined to `root`, default its own folder). Raises `IspRecapError` with
    positioned diagnostics."""
    from ..fsio import read_input

    return parse_glossary(read_input(path, "glossary", MAX_GLOSSARY_BYTES, root=root), str(path))


def parse_glossary(raw: bytes, path: str) -> Glossary:
    """Validate glossary YAML; every mistake is a diagnostic with its line."""
    parsed = parse_yaml(path, raw)
    data, positions, diags = parsed.data, parsed.positions, parsed.warnings

    def bad(loc: tuple[str | int, ...], message: str) -> None:
        diags.append(Diagnostic(path, *positions.of_value(loc), "invalid-glossary", message))

    if data is None:
        return Glossary(path)
    if not isinstance(data, dict):
        bad((), "a glossary is a mapping with `terms:` and `allow:`")
        raise IspRecapError(diags)
    for key in data:
        if key not in ("terms", "allow", "keep_together"):
            diags.append(Diagnostic(path, *positions.of_key((key,)), "invalid-glossary",
                                    f"unknown key {key!r}; a glossary has `terms:`, `allow:` and `keep_together:`"))
    terms: list[Term] = []
    raw_terms: Any = data.get("terms") or {}
    if not isinstance(raw_terms, dict):
        bad(("terms",), "`terms:` maps English terms to their Burmese")
        raw_terms = {}
    for en, my in raw_terms.items():
        loc: tuple[str | int, ...] = ("terms", en)
        renderings = [my] if isinstance(my, str) else my
        if not isinstance(en, str) or not en.strip():
            bad(loc, "a term must be English text")
        elif not isinstance(renderings, list) or not renderings \
                or not all(isinstance(r, str) and r.strip() for r in renderings):
            bad(loc, f"the Burmese for {en!r} must be a text or a list of texts")
        else:
            terms.append(Term(en.strip(), tuple(r.strip() for r in renderings), positions.of_key(loc)[0]))
    allow: Any = data.get("allow") or []
    if not isinstance(allow, list) or not all(isinstance(w, str) for w in allow):
        bad(("allow",), "`allow:` is a list of words")
        allow = []
    keep: Any = data.get("keep_together") or []
    if not isinstance(keep, list) or not all(isinstance(w, str) for w in keep):
        bad(("keep_together",), "`keep_together:` is a list of Burmese words and names")
        keep = []
    if any(d.severity == "error" for d in diags):
        raise IspRecapError(diags)
    return Glossary(path, tuple(terms), frozenset(w.strip() for w in allow if w.strip()),
                    tuple(w.strip() for w in keep if w.strip()))
