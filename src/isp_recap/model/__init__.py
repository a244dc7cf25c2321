"""pydantic models of an event record; they are the schema of `event.yaml`."""

from .chart import Chart, ImageByLanguage, Series, StatFigure
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
    "Chart",
    "DataCard",
    "Event",
    "ImageByLanguage",
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
    "Series",
    "StatFigure",
    "Status",
    "Text",
    "Turn",
]
