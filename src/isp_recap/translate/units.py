"""Translation units: one per bilingual text of an event, with a stable id, status and context."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from typing import Literal

from ..model import Language, Memo, Status
from ..model.walk import TextRef, iter_texts, status_of
from ..source.yaml_tree import Positions

#: Order of the statuses, lowest first.
STATUS_RANK: dict[Status, int] = {"draft": 0, "reviewed": 1, "approved": 2}

#: Bounds for files that come back from translators (they are untrusted input).
MAX_EXCHANGE_BYTES = 16 * 1024 * 1024
MAX_UNITS = 100_000


@dataclass(frozen=True)
class Unit:
    """One bilingual text as a translator sees it.

    `id` is the text's path in the event (`programme.3.turn.paragraphs.0`), stable as long as the
    event's structure is; `line` is where the text starts in the event file (0 if unknown).
    `source_language` is the language translated from: English, or Burmese for a text that has no
    English (a Burmese-only transcript); the target is the other language.
    """

    id: str
    source: str
    target: str | None
    status: Status
    context: str
    line: int = 0
    source_language: Language = "en"

    @property
    def target_language(self) -> Language:
        """The language the unit is translated into."""
        return other_language(self.source_language)

    @property
    def fingerprint(self) -> Fingerprint:
        """What the export records of this unit, for the import to detect newer work in the event
        (hashes of its English and its Burmese, whichever of them is the source)."""
        if self.source_language == "my":
            return fingerprint(self.target or "", self.source, self.status)
        return fingerprint(self.source, self.target, self.status)


def other_language(language: Language) -> Language:
    """`my` for `en`, `en` for `my`."""
    return "my" if language == "en" else "en"


@dataclass(frozen=True)
class Fingerprint:
    """What a unit was when it was exported: hashes of its English and Burmese, and its status.

    An import compares it with the event as it is now: a text whose Burmese or status changed in the
    event since the export is newer work, which the import must not overwrite unasked (a conflict).
    """

    en: str
    my: str
    status: Status

    def text(self) -> str:
        """As written into exchange files: `isp-recap-fingerprint: en=HASH my=HASH STATUS` (one PO comment
        line: short enough that Babel, Poedit and msgcat do not wrap it)."""
        return f"{FINGERPRINT_LABEL}: en={self.en} my={self.my} {self.status}"


#: The label of the fingerprint in exchange files (a PO `#.` comment, an XLIFF `<note category>`).
FINGERPRINT_LABEL = "isp-recap-fingerprint"
_FINGERPRINT = re.compile(FINGERPRINT_LABEL + r":\s+en=([0-9a-f]{16})\s+my=([0-9a-f]{16})\s+"
                          r"(draft|reviewed|approved)\b")


def text_hash(text: str | None) -> str:
    """16 hex digits of SHA-256 of a text (no text and the empty text hash alike)."""
    return hashlib.sha256((text or "").encode("utf-8")).hexdigest()[:16]


def fingerprint(source: str, target: str | None, status: Status) -> Fingerprint:
    """The fingerprint of a text with this English, Burmese and status."""
    return Fingerprint(text_hash(source), text_hash(target), status)


def find_fingerprint(text: str) -> Fingerprint | None:
    """The fingerprint written as `Fingerprint.text()` somewhere in `text` (comments joined: a tool may
    have wrapped the line), or None. `FINGERPRINT_LABEL in text` without one is a damaged fingerprint."""
    m = _FINGERPRINT.search(text)
    if m is None:
        return None
    status: Status = m.group(3)  # type: ignore[assignment]  # the pattern allows only statuses
    return Fingerprint(m.group(1), m.group(2), status)


@dataclass(frozen=True)
class IncomingUnit:
    """A unit read back from a translator's file.

    `status` is what the file says. PO files only know "fuzzy or not": a unit that is not fuzzy comes
    back as `reviewed` with `at_least=True`, which keeps a text that is already `approved` approved.
    `line` and `col` are where the unit starts in the translator's file, for messages; `exported` is
    the fingerprint the export recorded (None when the file has none: exported by an older version, or
    a tool dropped it).
    """

    id: str
    source: str
    target: str | None
    status: Status
    line: int
    at_least: bool = False
    col: int = 0
    exported: Fingerprint | None = None


def describe(ref: TextRef, memo: Memo) -> str:
    """What a translator should know about where a text sits: the speaker, data card or question."""
    loc = ref.loc
    node: object = memo
    speaker: str | None = None
    card: str | None = None
    question: str | None = None
    for part in loc:
        node = node[part] if isinstance(part, int) else getattr(node, part)  # type: ignore[index]
        who = getattr(node, "speaker", None)
        if isinstance(who, str):
            speaker = who
        if hasattr(node, "series") and hasattr(node, "number") and hasattr(node, "body"):
            card = f"Data card {node.id} (number {node.number}): {node.title.pick('en')}"  # type: ignore[attr-defined]
        if hasattr(node, "answers") and hasattr(node, "source"):
            question = f"Question {node.id} ({str(node.source).replace('_', ' ')})"  # type: ignore[attr-defined]
    if speaker is not None:
        try:
            name = memo.person(speaker).name.pick("en")
        except KeyError:
            name = speaker
        where = f"Speaker: {name} ({speaker})"
        return f"{where}; answering {question}" if question else where
    if card is not None:
        return card
    if len(loc) >= 2 and loc[0] == "people" and isinstance(loc[1], int):
        person = memo.people[loc[1]]
        return f"Person: {person.name.pick('en')} ({person.id}, {person.role.replace('_', ' ')}), {loc[-1]}"
    if question is not None:
        return f"Written answer to {question}" if "answers" in loc else question
    return "Field: " + " > ".join(str(p) for p in loc)


def units_of(memo: Memo, positions: Positions | None = None) -> list[Unit]:
    """Every bilingual text of `memo` as a unit, in document order."""
    units = []
    for ref in iter_texts(memo):
        line = positions.of_value(ref.loc)[0] if positions else 0
        source = ref.text.source_language
        units.append(Unit(ref.id, ref.text.source, ref.text.get(other_language(source)) or None,
                          status_of(ref.text, memo), describe(ref, memo), line, source))
    return units


def resolve_status(incoming: IncomingUnit, current: Status) -> Status:
    """The status a text gets from an incoming unit, given the status it has now."""
    if incoming.at_least and STATUS_RANK[current] >= STATUS_RANK[incoming.status]:
        return current
    return incoming.status


XliffState = Literal["initial", "translated", "reviewed", "final"]

_TO_XLIFF: dict[Status, XliffState] = {"draft": "translated", "reviewed": "reviewed", "approved": "final"}
_FROM_XLIFF: dict[str, Status] = {"initial": "draft", "translated": "draft", "reviewed": "reviewed",
                                  "final": "approved"}


def xliff_state(unit: Unit) -> XliffState:
    """The XLIFF 2.0 segment state of a unit: `initial` while it has no target."""
    return _TO_XLIFF[unit.status] if unit.target else "initial"


def status_from_xliff(state: str) -> Status | None:
    """Our status for an XLIFF 2.0 segment state (None for a value XLIFF does not define)."""
    return _FROM_XLIFF.get(state)
