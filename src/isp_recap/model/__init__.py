"""pydantic models of an event record; they are the schema of `event.yaml`."""

from .event import (
    Answer,
    Appendix,
    DataCard,
    Event,
    Memo,
    Organisation,
    Person,
    ProgrammeItem,
    Publication,
    QAItem,
    Question,
    Related,
    RelatedPublication,
    Turn,
)
from .text import LANGUAGES, Language, Status, Text

__all__ = [
    "LANGUAGES",
    "Answer",
    "Appendix",
    "DataCard",
    "Event",
    "Language",
    "Memo",
    "Organisation",
    "Person",
    "ProgrammeItem",
    "Publication",
    "QAItem",
    "Question",
    "Related",
    "RelatedPublication",
    "Status",
    "Text",
    "Turn",
]
