"""A one-screen summary of a validated event (what `isp-recap validate` prints)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from .diagnostics import Diagnostic
from .model import Memo
from .model.walk import iter_texts, status_of
from .source.yaml_tree import Positions


@dataclass(frozen=True)
class Summary:
    """Counts describing a memo, and the state of its Burmese translation."""

    #: The event's English title.
    title: str
    #: The event's date, `YYYY-MM-DD`.
    date: str
    #: Everyone declared in `people`, as "Name (role)".
    speakers: list[str]
    #: Turns in the programme, the Q&A and the closing.
    turns: int
    #: Data cards in the programme.
    data_cards: int
    #: Questions of the Q&A.
    questions: int
    #: Questions answered in writing, in the appendix.
    appendix_items: int
    #: Human-readable texts in the memo.
    texts: int
    #: Texts that have a Burmese side.
    translated: int
    #: Translated texts by translation status (`draft`, `reviewed`, `approved`).
    statuses: dict[str, int] = field(default_factory=dict)
    #: Texts that exist only in Burmese (their English translation is pending); not in `translated`.
    burmese_only: int = 0

    @property
    def translated_share(self) -> float:
        """Share of texts that have a Burmese translation, 0..1."""
        return self.translated / self.texts if self.texts else 1.0


def summarise(memo: Memo) -> Summary:
    """Count what a memo holds."""
    turns = sum(1 for item in memo.programme if item.turn) + sum(1 for item in memo.qa if item.turn)
    turns += len(memo.closing)
    refs = list(iter_texts(memo))
    statuses = Counter(status_of(r.text, memo) for r in refs if r.text.my)
    return Summary(
        title=memo.event.title.pick("en"),
        date=memo.event.date.isoformat(),
        speakers=[f"{p.name.pick('en')} ({p.role.replace('_', ' ')})" for p in memo.people],
        turns=turns,
        data_cards=sum(1 for item in memo.programme if item.data_card),
        questions=sum(1 for item in memo.qa if item.question),
        appendix_items=len(memo.appendix.questions) if memo.appendix else 0,
        texts=len(refs),
        translated=sum(1 for r in refs if r.text.my and r.text.en is not None),
        statuses=dict(sorted(statuses.items())),
        burmese_only=sum(1 for r in refs if r.text.en is None),
    )


def format_summary(path: str, s: Summary) -> str:
    """The summary as plain lines."""
    status = ", ".join(f"{n} {k}" for k, n in s.statuses.items()) or "none"
    pending = ([f"  in Burmese   {s.burmese_only} texts only, their English translation pending"]
               if s.burmese_only else [])
    return "\n".join([
        f"{path}: ok",
        f"  event        {s.title} ({s.date})",
        f"  speakers     {len(s.speakers)}: {'; '.join(s.speakers)}",
        f"  turns        {s.turns}",
        f"  data cards   {s.data_cards}",
        f"  questions    {s.questions} in the Q&A, {s.appendix_items} in the appendix",
        f"  translated   {s.translated}/{s.texts} texts into Burmese ({s.translated_share:.0%}); status: {status}",
        *pending,
    ])


def untranslated_notes(memo: Memo, positions: Positions, path: str) -> list[Diagnostic]:
    """A `note[untranslated]` at each text without Burmese (or, written in Burmese only, without English)."""
    notes = []
    for ref in iter_texts(memo):
        if ref.text.my and ref.text.en is not None:
            continue
        where = positions.of_key(ref.loc)
        if not ref.text.my:
            message = f"{ref.id} has no Burmese translation yet (my:)"
        else:
            message = f"{ref.id} is in Burmese only; its English translation (en:) is pending"
        notes.append(Diagnostic(path, *where, "untranslated", message, severity="note"))
    return notes
