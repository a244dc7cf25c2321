"""The pieces every check shares: the text it looks at, what it may report, and its table entry."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from ...diagnostics import Severity
from ...model import Language, Memo, Status
from ...model.walk import Loc, TextRef
from ..glossary import Glossary


@dataclass(frozen=True)
class Item:
    """One bilingual text under check. `my` is None when the Burmese is missing or blank, `en` when
    the text exists only in Burmese (its English translation is pending)."""

    ref: TextRef
    en: str | None
    my: str | None
    status: Status
    explicit_status: bool


@dataclass(frozen=True)
class Finding:
    """What a check found about one text (or, with `at`, about another place in the event).

    `lang` says which value it is about (and so where it points); `fix` is a replacement for that
    value when the check knows the correction for certain (`check --fix` applies it).
    """

    message: str
    lang: Language = "my"
    hint: str | None = None
    severity: Severity | None = None
    fix: str | None = None
    at: Loc | None = None
    #: Character offset inside the value the finding is about (the position then points at it).
    offset: int | None = None


@dataclass
class Context:
    """What checks may consult beyond the text: the memo, the glossary and words allowed in Latin."""

    memo: Memo
    glossary: Glossary
    allow: frozenset[str] = frozenset()
    names: frozenset[str] = frozenset()
    cache: dict[str, object] = field(default_factory=dict)


TextCheck = Callable[[Item, Context], Iterable[Finding]]
DocumentCheck = Callable[[list[Item], Context], Iterable[tuple[Item | None, Finding]]]


@dataclass(frozen=True)
class Rule:
    """One row of the check table: a code, its default severity, and the function that checks.

    A rule has either `text` (called once per text that has both languages, or for every text when
    `needs_target` is false) or `document` (called once with every text, for checks that compare
    texts with each other).
    """

    code: str
    severity: Severity
    summary: str
    text: TextCheck | None = None
    document: DocumentCheck | None = None
    needs_target: bool = True
    #: With `needs_target`: the rule compares the Burmese with the English, so a Burmese-only text is
    #: skipped; a rule about the Burmese alone (Zawgyi, shaping, look-alikes) sets it false.
    needs_english: bool = True
    fixable: bool = False
